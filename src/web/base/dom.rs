//! [`Html`] → DOM, with DOM APIs only: `createElement`, `setAttribute`,
//! `createTextNode`. Payload text never goes through an HTML parser.

use wasm_bindgen::JsValue;
use web_sys::{Document, Node};

use crate::render::Html;

/// Builds the DOM for `html` (iteratively: the tree depth is bounded by the
/// renderer, but there is no reason to spend stack on it).
pub fn build(doc: &Document, html: &Html) -> Result<Node, JsValue> {
    let root = create(doc, html)?;
    let mut stack: Vec<(&Html, Node)> = vec![(html, root.clone())];
    while let Some((h, node)) = stack.pop() {
        if let Html::Element(e) = h {
            for c in &e.children {
                let child = create(doc, c)?;
                node.append_child(&child)?;
                if matches!(c, Html::Element(_)) {
                    stack.push((c, child));
                }
            }
        }
    }
    Ok(root)
}

fn create(doc: &Document, h: &Html) -> Result<Node, JsValue> {
    Ok(match h {
        Html::Text(t) => doc.create_text_node(t).into(),
        Html::Element(e) => {
            let el = doc.create_element(e.tag)?;
            for (k, v) in e.attrs() {
                el.set_attribute(k, v)?;
            }
            el.into()
        }
    })
}

/// The page's document.
pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// Replaces `parent`'s children with the DOM for `html`. The new tree is built first
/// and swapped in with one call, so the handlers that removing a focused node fires
/// see a finished tree.
pub fn replace(parent: &Node, html: &Html) -> Result<Node, JsValue> {
    let doc = document().ok_or("no document")?;
    let node = build(&doc, html)?;
    parent.set_text_content(None);
    parent.append_child(&node)?;
    Ok(node)
}
