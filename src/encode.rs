//! The reverse direction, for the CLI's `build`: plain values → devalue's
//! flattened JSON (what `devalue.stringify` writes, primitives deduplicated,
//! slots in depth-first pre-order), and Nuxt `_payload.json` envelopes.

use std::collections::HashMap;

use serde_json::Value as J;

/// Builds a devalue table.
#[derive(Default)]
pub struct Flattener {
    slots: Vec<String>,
    prims: HashMap<String, usize>,
}

impl Flattener {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a value and returns its slot.
    pub fn add(&mut self, v: &J) -> usize {
        match v {
            J::Array(items) => {
                let at = self.reserve();
                let refs: Vec<String> = items.iter().map(|x| self.add(x).to_string()).collect();
                self.put(at, format!("[{}]", refs.join(",")));
                at
            }
            J::Object(m) => {
                let at = self.reserve();
                let mut parts = Vec::with_capacity(m.len());
                for (k, x) in m {
                    let r = self.add(x);
                    parts.push(format!("{}:{r}", J::String(k.clone())));
                }
                self.put(at, format!("{{{}}}", parts.join(",")));
                at
            }
            prim => {
                let text = prim.to_string();
                if let Some(&i) = self.prims.get(&text) {
                    return i;
                }
                let at = self.reserve();
                self.put(at, text.clone());
                self.prims.insert(text, at);
                at
            }
        }
    }

    /// Adds a custom-tag slot `["Tag", R]` wrapping `inner`; returns the wrapper's slot.
    pub fn wrap(&mut self, tag: &str, inner: &J) -> usize {
        let at = self.reserve();
        let r = self.add(inner);
        self.put(at, format!("[{},{r}]", J::String(tag.to_owned())));
        at
    }

    fn put(&mut self, at: usize, text: String) {
        if let Some(slot) = self.slots.get_mut(at) {
            *slot = text;
        }
    }

    fn reserve(&mut self) -> usize {
        self.slots.push(String::new());
        self.slots.len() - 1
    }

    /// The JSON text, with `/` written as `\u002F` like Nuxt ≥ 4.4 when `escape_slashes`.
    pub fn finish(self, escape_slashes: bool) -> String {
        let text = format!("[{}]", self.slots.join(","));
        let text = text.replace('<', "\\u003C").replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029");
        if escape_slashes {
            text.replace('/', "\\u002F")
        } else {
            text
        }
    }
}

/// `devalue.stringify` of a plain JSON value.
pub fn stringify(v: &J) -> String {
    let mut f = Flattener::new();
    f.add(v);
    f.finish(false)
}

/// A Nuxt `_payload.json`: `{data: ShallowReactive(data), prerenderedAt}`.
pub fn nuxt_payload(data: &J, prerendered_at: u64) -> String {
    let mut f = Flattener::new();
    let root = f.reserve();
    let d = f.wrap("ShallowReactive", data);
    let p = f.add(&J::from(prerendered_at));
    f.put(root, format!("{{\"data\":{d},\"prerenderedAt\":{p}}}"));
    f.finish(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_devalue_layout() {
        assert_eq!(stringify(&json!({"a":"x","b":"x","c":["x","y"]})), r#"[{"a":1,"b":1,"c":2},"x",[1,3],"y"]"#);
        assert_eq!(stringify(&json!("hello")), r#"["hello"]"#);
        let p = nuxt_payload(&json!({"k":"a/b"}), 1);
        assert_eq!(p, r#"[{"data":1,"prerenderedAt":4},["ShallowReactive",2],{"k":3},"a\u002Fb",1]"#);
    }
}
