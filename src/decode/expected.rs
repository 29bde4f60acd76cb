//! Writes a decoded [`Graph`] as JSON in the spec's `$`-encoding (§2.11):
//! `{"$undefined":true}`, `{"$set":[…]}`, `{"$ref":"$[0]"}` for a container
//! met before, and so on. This is how `vectors.json` and `examples/expected/`
//! state devalue's results, so tests compare against it directly.

use std::collections::HashMap;

use serde_json::{json, Map, Value as J};

use super::value::{Element, Graph, Node, NodeId, Value};

/// Containers nested deeper than this are written as `{"$truncated":true}`.
const MAX_DEPTH: usize = 512;

/// The `$`-encoded JSON of the whole graph.
pub fn to_expected(g: &Graph) -> J {
    Writer { g, seen: HashMap::new() }.value(g.root(), "$".to_owned(), 0)
}

struct Writer<'g> {
    g: &'g Graph,
    seen: HashMap<NodeId, String>,
}

fn number(n: f64) -> J {
    if n.is_nan() {
        json!({"$number": "NaN"})
    } else if n.is_infinite() {
        json!({"$number": if n > 0.0 { "Infinity" } else { "-Infinity" }})
    } else if n == 0.0 && n.is_sign_negative() {
        json!({"$number": "-0"})
    } else if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        J::from(n as i64)
    } else {
        J::from(n)
    }
}

fn child_path(base: &str, key: &str) -> String {
    let ident = !key.is_empty()
        && !key.starts_with(|c: char| c.is_ascii_digit())
        && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    if ident {
        format!("{base}.{key}")
    } else {
        format!("{base}[{}]", J::String(key.to_owned()))
    }
}

impl Writer<'_> {
    fn value(&mut self, v: Value, path: String, depth: usize) -> J {
        let id = match v {
            Value::Undefined => return json!({"$undefined": true}),
            Value::Hole => return json!({"$hole": true}),
            Value::Number(n) => return number(n),
            Value::Node(id) => id,
        };
        let Some(node) = self.g.nodes.get(id as usize) else { return json!({"$undefined": true}) };
        match node {
            Node::Null => return J::Null,
            Node::Bool(b) => return J::Bool(*b),
            Node::Number(n) => return number(*n),
            Node::String(s) => return J::String(s.to_string()),
            Node::BigInt(s) => return json!({"$bigint": s.to_string()}),
            _ => {}
        }
        if let Some(first) = self.seen.get(&id) {
            return json!({"$ref": first});
        }
        if depth >= MAX_DEPTH {
            return json!({"$truncated": true});
        }
        self.seen.insert(id, path.clone());
        let d = depth + 1;
        match node {
            Node::Object(m) | Node::NullProto(m) => {
                let mut out = Map::new();
                if matches!(node, Node::NullProto(_)) {
                    out.insert("$nullproto".into(), J::Bool(true));
                }
                for (k, v) in m {
                    let p = child_path(&path, k);
                    out.insert(k.to_string(), self.value(*v, p, d));
                }
                J::Object(out)
            }
            Node::Array(a) => {
                J::Array(a.iter().enumerate().map(|(i, v)| self.value(*v, format!("{path}[{i}]"), d)).collect())
            }
            Node::Sparse { len, items } => {
                let mut out = vec![json!({"$hole": true}); (*len as usize).min(1 << 20)];
                for (i, v) in items {
                    if let Some(slot) = out.get_mut(*i as usize) {
                        *slot = self.value(*v, format!("{path}[{i}]"), d);
                    }
                }
                J::Array(out)
            }
            Node::Set(a) => {
                json!({"$set": a.iter().enumerate().map(|(i, v)| self.value(*v, format!("{path}[{i}]"), d)).collect::<Vec<_>>()})
            }
            Node::Map(m) => {
                let pairs: Vec<J> = m
                    .iter()
                    .enumerate()
                    .map(|(i, (k, v))| {
                        let k = self.value(*k, format!("{path}[{i}][0]"), d);
                        J::Array(vec![k, self.value(*v, format!("{path}[{i}][1]"), d)])
                    })
                    .collect();
                json!({ "$map": pairs })
            }
            Node::Date(iso) => json!({"$date": iso.as_deref()}),
            Node::RegExp { source, flags } => json!({"$regexp": [source.to_string(), flags.to_string()]}),
            Node::Boxed(v) => json!({"$boxed": self.value(*v, format!("{path}.valueOf()"), d)}),
            Node::ArrayBuffer(b) => json!({"$arraybuffer": b}),
            Node::TypedArray { kind, .. } => {
                let items: Vec<J> = self
                    .g
                    .typed_elements(v)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|e| match e {
                        Element::Number(n) => number(n),
                        Element::BigInt(s) => json!({"$bigint": s}),
                    })
                    .collect();
                let mut out = Map::new();
                out.insert(format!("${}", kind.name()), J::Array(items));
                J::Object(out)
            }
            Node::DataView { .. } => json!({"$DataView": self.g.view_bytes(v).unwrap_or_default()}),
            Node::Url(s) => json!({"$url": s.to_string()}),
            Node::UrlSearchParams(s) => json!({"$urlsearchparams": s.to_string()}),
            Node::Temporal { kind, text } => json!({"$temporal": [kind.to_string(), text.to_string()]}),
            Node::NuxtError(v) => json!({"$nuxterror": self.value(*v, format!("{path}.error"), d)}),
            Node::Forward | Node::Null | Node::Bool(_) | Node::Number(_) | Node::String(_) | Node::BigInt(_) => J::Null,
        }
    }
}
