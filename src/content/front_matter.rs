//! Front matter: the YAML that term files open with, read by a small parser of the
//! part of YAML that front matter uses.
//!
//! Understood: block mappings and sequences (nested, compact `- key: value` items,
//! a sequence at its key's indentation), plain scalars (also over several lines),
//! single- and double-quoted scalars with every YAML escape, literal and folded
//! block scalars with chomping and indentation indicators, flow sequences and
//! mappings, and comments. Refused with an error that says so: anchors and aliases
//! (a "billion laughs" expands them), tags, directives, complex `?` keys, a second
//! document, and `key: value` pairs inside a flow sequence.
//!
//! It replaces yaml-rust2 (about 70 kB of wasm with its float tables; 40 kB gzip off the
//! markdown module). Scalars keep the text the author wrote (`id: 007` is "007", where
//! YAML's core schema makes it the number 7). yaml-rust2 stays as the reference:
//! `tests/front_matter_diff.rs` holds the two to one contract on every front matter of the
//! shared glossaries, on hand-written YAML and on generated front matter — both accept it,
//! and read the same structure and text — and the `front_matter` fuzz target checks that on
//! any text both accept, the two read the same. Where yaml-rust2 takes malformed input
//! this parser refuses (a tab after `:`, an empty key), the error says it is not supported;
//! where yaml-rust2 has quirks at the edges (a block scalar's empty lines at the end of the
//! text, lines at a key's column inside `[…]`), this parser reads as it does.

/// A front matter value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A scalar as written, after YAML's quoting, escapes and line folding. `plain` is
    /// false for quoted and block scalars (a quoted `"null"` is text, a plain `null` is not).
    Scalar { text: String, plain: bool },
    /// A sequence.
    List(Vec<Value>),
    /// A mapping, in document order. Keys are scalars' text.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// A plain `~`, `null` or nothing at all.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null"))
    }

    fn null() -> Value {
        Value::Scalar { text: String::new(), plain: true }
    }
}

/// Why front matter was refused, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line and column (in characters).
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The input uses a YAML feature this parser leaves out (see the module docs).
    pub unsupported: bool,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

/// Deepest nesting accepted (each block or flow collection is one level).
pub const MAX_DEPTH: usize = 64;

/// Parses front matter into its top-level mapping (empty for an empty document). The last
/// line is read as ended by a line break, as front matter's is (its `---` follows).
pub fn parse(text: &str) -> Result<Vec<(String, Value)>, YamlError> {
    let mut p = Parser { s: as_read(text).chars().collect(), i: 0, depth: 0 };
    if let Some(at) = p.s.iter().position(|&c| c == '\0') {
        // yaml-rust2 reads a NUL as the end of the text and drops the rest unsaid.
        return Err(YamlError {
            unsupported: true,
            ..p.error_at(at, "NUL characters are not supported in front matter")
        });
    }
    p.skip_blank_lines()?;
    if p.peek().is_none() {
        return Ok(Vec::new());
    }
    let col = p.column();
    let v = p.block_node_at(col, -1, false)?;
    p.skip_blank_lines()?;
    if p.peek().is_some() {
        return Err(p.error("unexpected text after the front matter's top-level value"));
    }
    match v {
        Value::Map(m) => Ok(m),
        v if v.is_null() => Ok(Vec::new()),
        _ => Err(p.error_at(0, "expected a mapping of keys to values")),
    }
}

/// The text as [`parse`] reads it: line breaks as `\n`, and the last line ended (front
/// matter's is, before its closing `---`).
pub fn as_read(text: &str) -> String {
    let mut text = text.replace("\r\n", "\n").replace('\r', "\n");
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

struct Parser {
    s: Vec<char>,
    i: usize,
    depth: usize,
}

/// Characters that may not start a plain scalar.
fn is_indicator(c: char) -> bool {
    "-?:,[]{}#&*!|>'\"%@`".contains(c)
}

fn is_flow_indicator(c: char) -> bool {
    ",[]{}".contains(c)
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.s.get(self.i + k).copied()
    }

    /// Space, tab, line break or the end of input at `i + k`.
    fn blank_at(&self, k: usize) -> bool {
        matches!(self.peek_at(k), None | Some(' ' | '\t' | '\n'))
    }

    fn error_at(&self, at: usize, message: &str) -> YamlError {
        let before = self.s.get(..at.min(self.s.len())).unwrap_or_default();
        let line = 1 + before.iter().filter(|&&c| c == '\n').count();
        let column = 1 + before.iter().rev().take_while(|&&c| c != '\n').count();
        YamlError { line, column, message: message.to_owned(), unsupported: false }
    }

    fn error(&self, message: &str) -> YamlError {
        self.error_at(self.i, message)
    }

    fn unsupported(&self, what: &str) -> YamlError {
        YamlError { unsupported: true, ..self.error(&format!("{what} are not supported in front matter")) }
    }

    /// Column (0-based) of the current position.
    fn column(&self) -> usize {
        self.s.get(..self.i).unwrap_or_default().iter().rev().take_while(|&&c| c != '\n').count()
    }

    /// Tabs where YAML's indentation rules make them ambiguous (`where_`: "after `:`"…).
    fn tabs(&self, at: usize, where_: &str) -> YamlError {
        let message = format!("tabs {where_} are not supported in front matter (use spaces)");
        YamlError { unsupported: true, ..self.error_at(at, &message) }
    }

    fn enter(&mut self) -> Result<(), YamlError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(&format!("nested more than {MAX_DEPTH} levels deep")));
        }
        Ok(())
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.i += 1;
        }
    }

    /// After a value: spaces, an optional comment and the line break (or the end).
    fn end_of_line(&mut self) -> Result<(), YamlError> {
        self.skip_spaces();
        match self.peek() {
            None => Ok(()),
            Some('\n') => {
                self.i += 1;
                Ok(())
            }
            Some('#') if self.after_space() => {
                self.skip_to_line_end();
                self.end_of_line()
            }
            Some(_) => Err(self.error("unexpected text after a value")),
        }
    }

    /// The previous character is white space (or there is none): a `#` here starts a comment.
    fn after_space(&self) -> bool {
        self.i == 0 || matches!(self.s.get(self.i - 1), Some(' ' | '\t' | '\n'))
    }

    fn skip_to_line_end(&mut self) {
        while !matches!(self.peek(), None | Some('\n')) {
            self.i += 1;
        }
    }

    /// From a line start: skips lines holding only spaces and comments; stops at the
    /// first character of the next content line.
    fn skip_blank_lines(&mut self) -> Result<(), YamlError> {
        loop {
            while self.peek() == Some(' ') {
                self.i += 1;
            }
            let indent_end = self.i;
            self.skip_spaces();
            match self.peek() {
                None => return Ok(()),
                Some('\n') => self.i += 1,
                Some('#') => self.skip_to_line_end(),
                Some(_) => {
                    if self.i != indent_end {
                        return Err(self.tabs(indent_end, "in indentation"));
                    }
                    if self.column() == 0 && self.is_document_marker() {
                        return Err(YamlError {
                            unsupported: true,
                            ..self.error("a second YAML document is not supported in front matter")
                        });
                    }
                    return Ok(());
                }
            }
        }
    }

    fn is_document_marker(&self) -> bool {
        self.is_document_marker_at(self.i)
    }

    /// `---` or `...` and then white space or the end, at `at`.
    fn is_document_marker_at(&self, at: usize) -> bool {
        let c = |k: usize| self.s.get(at + k).copied();
        let three = |m: char| c(0) == Some(m) && c(1) == Some(m) && c(2) == Some(m);
        (three('-') || three('.')) && matches!(c(3), None | Some(' ' | '\t' | '\n'))
    }

    /// At a character that starts a YAML feature this parser leaves out: the error saying so.
    fn left_out(&self) -> Option<YamlError> {
        Some(match self.peek()? {
            '&' | '*' => self.unsupported("anchors and aliases (`&name`, `*name`)"),
            '!' => self.unsupported("tags (`!tag`)"),
            '?' if self.blank_at(1) => self.unsupported("complex keys (`? key`)"),
            _ => return None,
        })
    }

    /// A node that starts at column `col` (its first character is the current one), inside a
    /// parent block indented `parent` (-1 at the top). `after_key`: it follows `key:` on the
    /// same line, where no block collection may start.
    fn block_node_at(&mut self, col: usize, parent: isize, after_key: bool) -> Result<Value, YamlError> {
        if let Some(e) = self.left_out() {
            return Err(e);
        }
        match self.peek() {
            Some('-') if self.blank_at(1) && after_key => Err(self.error("a sequence may not start on its key's line")),
            Some('-') if self.blank_at(1) => self.block_sequence(col),
            Some('|' | '>') => self.block_scalar(parent),
            Some('[' | '{') => self.flow_value(parent),
            _ => {
                let start = self.i;
                if self.mapping_key()?.is_some() {
                    if after_key {
                        return Err(self.error_at(start, "a mapping may not start on its key's line"));
                    }
                    self.i = start;
                    return self.block_mapping(col);
                }
                self.i = start;
                self.scalar_value(parent)
            }
        }
    }

    /// The value after `key:` or `- ` (the position is just past the indicator).
    /// `parent` is the indentation of the mapping or sequence it belongs to.
    fn value_after_indicator(&mut self, parent: usize, after_key: bool) -> Result<Value, YamlError> {
        self.skip_spaces();
        if !matches!(self.peek(), None | Some('\n' | '#')) {
            let col = self.column();
            return self.block_node_at(col, parent as isize, after_key);
        }
        // The value, if any, is on the lines below.
        self.skip_to_line_end();
        if self.peek() == Some('\n') {
            self.i += 1;
        }
        self.skip_blank_lines()?;
        if self.peek().is_none() {
            return Ok(Value::null());
        }
        let n = self.column();
        if n > parent {
            return self.block_node_at(n, parent as isize, false);
        }
        if after_key && n == parent && self.peek() == Some('-') && self.blank_at(1) {
            return self.block_sequence(n);
        }
        Ok(Value::null())
    }

    /// A flow collection as a block value, then the end of its line.
    fn flow_value(&mut self, parent: isize) -> Result<Value, YamlError> {
        let v = self.flow_node(parent)?;
        self.skip_spaces();
        if self.peek() == Some(':') && self.blank_at(1) {
            return Err(YamlError {
                unsupported: true,
                ..self.error("lists and mappings as keys are not supported in front matter")
            });
        }
        self.end_of_line()?;
        Ok(v)
    }

    /// A plain or quoted scalar in block context, then the end of its line.
    fn scalar_value(&mut self, parent: isize) -> Result<Value, YamlError> {
        let v = match self.peek() {
            Some('\'') | Some('"') => self.quoted(parent)?,
            Some(c) if !self.plain_starts(false) => {
                if let Some(e) = self.left_out() {
                    return Err(e);
                }
                return Err(match c {
                    '%' => self.unsupported("directives (`%`)"),
                    '@' | '`' => self.error(&format!("`{c}` is reserved and cannot start a value")),
                    _ => self.error(&format!("unexpected `{c}`")),
                });
            }
            _ => Value::Scalar { text: self.plain(parent, false)?, plain: true },
        };
        self.end_of_line()?;
        Ok(v)
    }

    /// At a content line's first character (or after `- `): a key and its `:` when the
    /// line holds one, leaving the position after the `:`. Otherwise `None`.
    fn mapping_key(&mut self) -> Result<Option<String>, YamlError> {
        let key = match self.peek() {
            Some('\'' | '"') => {
                let start = self.i;
                let Ok(Value::Scalar { text, .. }) = self.quoted(-1) else { return Ok(None) };
                if self.s.get(start..self.i).unwrap_or_default().contains(&'\n') {
                    return Ok(None);
                }
                self.skip_spaces();
                text
            }
            // `: value` alone: an empty (null) key.
            Some(':') if self.blank_at(1) => String::new(),
            Some(_) if !self.plain_starts(false) => return Ok(None),
            None => return Ok(None),
            _ => {
                let start = self.i;
                loop {
                    match self.peek() {
                        None | Some('\n') => return Ok(None),
                        Some(':') if self.blank_at(1) => break,
                        Some('#') if self.after_space() => return Ok(None),
                        _ => self.i += 1,
                    }
                }
                let raw: String = self.s.get(start..self.i).unwrap_or_default().iter().collect();
                raw.trim_end_matches([' ', '\t']).to_owned()
            }
        };
        if self.peek() == Some(':') && self.blank_at(1) {
            if !key.is_empty() && self.tab_then_text() {
                // yaml-rust2 takes some of these and not others; a space is what everyone reads.
                return Err(self.tabs(self.i, "after `:`"));
            }
            self.i += 1;
            Ok(Some(key))
        } else {
            Ok(None)
        }
    }

    /// Whether a plain scalar may start here: not at an indicator, except `-`, `?` and `:`
    /// followed by text (`-1`, `:x`).
    fn plain_starts(&self, flow: bool) -> bool {
        match self.peek() {
            None => false,
            Some('-' | ':') => !(self.blank_at(1) || (flow && self.peek_at(1).is_some_and(is_flow_indicator))),
            Some('?') => !self.blank_at(1),
            // yaml-rust2 reads these as text inside `[…]` and `{…}`, where no block scalar can be.
            Some('|' | '>') => flow,
            Some(c) => !is_indicator(c),
        }
    }

    /// At an indicator (`:` or `-`): tabs follow it, then text.
    fn tab_then_text(&self) -> bool {
        let mut k = 1;
        while self.peek_at(k) == Some('\t') {
            k += 1;
        }
        k > 1 && !matches!(self.peek_at(k), None | Some(' ' | '\n' | '#'))
    }

    /// At a `-`: white space holding a tab, then another `-` item.
    fn tabs_before_nested_dash(&self) -> bool {
        let mut k = 1;
        let mut tab = false;
        while let Some(c @ (' ' | '\t')) = self.peek_at(k) {
            tab |= c == '\t';
            k += 1;
        }
        tab && self.peek_at(k) == Some('-') && matches!(self.peek_at(k + 1), None | Some(' ' | '\t' | '\n'))
    }

    /// Adds a mapping entry, refusing a key given twice; a null key is dropped.
    fn add_entry(
        &self,
        entries: &mut Vec<(String, Value)>,
        null_seen: &mut bool,
        key: String,
        null_key: bool,
        value: Value,
        at: usize,
    ) -> Result<(), YamlError> {
        if (null_key && *null_seen) || (!null_key && entries.iter().any(|(k, _)| *k == key)) {
            return Err(self.error_at(at, &format!("`{key}` is given twice")));
        }
        *null_seen |= null_key;
        if !null_key {
            entries.push((key, value));
        }
        Ok(())
    }

    /// A block mapping whose keys sit at column `col`; the position is at its first key.
    fn block_mapping(&mut self, col: usize) -> Result<Value, YamlError> {
        self.enter()?;
        let mut entries: Vec<(String, Value)> = Vec::new();
        let mut null_seen = false;
        loop {
            let key_at = self.i;
            if let Some(e) = self.left_out() {
                return Err(e);
            }
            let quoted_key = matches!(self.peek(), Some('\'' | '"'));
            let Some(key) = self.mapping_key()? else {
                return Err(self.error_at(key_at, "expected `key: value`"));
            };
            if key.is_empty() && !quoted_key {
                self.i = key_at;
                return Err(self.unsupported("empty keys (`: value`)"));
            }
            let value = self.value_after_indicator(col, true)?;
            let null_key = !quoted_key && matches!(key.as_str(), "" | "~" | "null");
            self.add_entry(&mut entries, &mut null_seen, key, null_key, value, key_at)?;
            if !self.next_in_block(col, "keys")? {
                break;
            }
            if self.peek() == Some('-') && self.blank_at(1) {
                return Err(self.error("a sequence item where a key was expected"));
            }
        }
        self.depth -= 1;
        Ok(Value::Map(entries))
    }

    /// After a block collection's entry: moves to the next content line and tells whether it
    /// continues the collection at column `col` (a line indented more is an error).
    fn next_in_block(&mut self, col: usize, what: &str) -> Result<bool, YamlError> {
        self.skip_blank_lines()?;
        if self.peek().is_none() || self.column() < col {
            return Ok(false);
        }
        if self.column() > col {
            return Err(self.error(&format!("this line is indented more than the {what} before it")));
        }
        Ok(true)
    }

    /// A block sequence whose `-` sit at column `col`; the position is at its first `-`.
    fn block_sequence(&mut self, col: usize) -> Result<Value, YamlError> {
        self.enter()?;
        let mut items = Vec::new();
        loop {
            if self.tab_then_text() || self.tabs_before_nested_dash() {
                return Err(self.tabs(self.i, "after `-`"));
            }
            self.i += 1;
            items.push(self.value_after_indicator(col, false)?);
            if !(self.next_in_block(col, "items")? && self.peek() == Some('-') && self.blank_at(1)) {
                break;
            }
        }
        self.depth -= 1;
        Ok(Value::List(items))
    }

    /// A plain scalar. In block context (`flow` false) it may go on over lines indented
    /// more than `parent`; lines are folded with a space, blank lines kept as line breaks.
    fn plain(&mut self, parent: isize, flow: bool) -> Result<String, YamlError> {
        let mut out = String::new();
        let mut breaks = 0usize;
        let mut first = true;
        loop {
            // One line's worth.
            let start = self.i;
            let mut end = self.i;
            loop {
                match self.peek() {
                    None | Some('\n') => break,
                    Some(':') if self.blank_at(1) || (flow && self.peek_at(1).is_some_and(is_flow_indicator)) => break,
                    Some('#') if self.i > start && matches!(self.s.get(self.i - 1), Some(' ' | '\t')) => break,
                    Some(c) if flow && is_flow_indicator(c) => break,
                    // yaml-rust2 reads ` -,` inside `[…]` as an item that cannot start so.
                    Some('-') if flow && self.after_space() && self.peek_at(1).is_some_and(is_flow_indicator) => {
                        return Err(self.error("a `-` before `,` or a bracket starts no value"));
                    }
                    Some(' ' | '\t') => self.i += 1,
                    Some(_) => {
                        self.i += 1;
                        end = self.i;
                    }
                }
            }
            let piece: String = self.s.get(start..end).unwrap_or_default().iter().collect();
            if !piece.is_empty() {
                if !first {
                    if breaks == 0 {
                        out.push(' ');
                    }
                    out.extend(std::iter::repeat_n('\n', breaks));
                }
                out.push_str(&piece);
                first = false;
            }
            // Stop at anything but a line break the scalar may continue over.
            if self.peek() != Some('\n') {
                break;
            }
            let at_break = self.i;
            // Look ahead: blank lines, then a continuation line.
            let mut j = self.i;
            let mut blank_lines = 0usize;
            let cont = loop {
                j += 1; // past '\n'
                let line = j;
                while self.s.get(j) == Some(&' ') {
                    j += 1;
                }
                let indent = j - line;
                let tab_in_indent = self.s.get(j) == Some(&'\t') && indent as isize <= parent;
                while matches!(self.s.get(j), Some(' ' | '\t')) {
                    j += 1;
                }
                if tab_in_indent && !matches!(self.s.get(j), None | Some('\n' | '#')) {
                    return Err(self.error_at(line + indent, "a tab where a continued line's indentation is"));
                }
                match self.s.get(j) {
                    None => break None,
                    Some('\n') => blank_lines += 1,
                    Some('#') => break None,
                    Some(_) => {
                        let more_indented = flow || indent as isize > parent;
                        if !more_indented || (indent == 0 && self.is_document_marker_at(j)) {
                            break None;
                        }
                        break Some(j);
                    }
                }
            };
            match cont {
                Some(j) => {
                    self.i = j;
                    breaks = blank_lines;
                    if !flow {
                        // A continuation line that holds a `key:` is a mapping where none may be.
                        let mut k = self.i;
                        while let Some(&c) = self.s.get(k) {
                            if c == '\n' || (c == '#' && matches!(self.s.get(k.wrapping_sub(1)), Some(' ' | '\t'))) {
                                break;
                            }
                            if c == ':' && matches!(self.s.get(k + 1), None | Some(' ' | '\t' | '\n')) {
                                return Err(self.error_at(
                                    k,
                                    "a `key:` inside a multi-line value (indent it as a mapping, or quote the value)",
                                ));
                            }
                            k += 1;
                        }
                    }
                }
                None => {
                    self.i = at_break;
                    break;
                }
            }
        }
        Ok(out)
    }

    /// A single- or double-quoted scalar (it may span lines).
    fn quoted(&mut self, parent: isize) -> Result<Value, YamlError> {
        let open = self.i;
        let Some(q) = self.peek() else { return Err(self.error("expected a quoted value")) };
        self.i += 1;
        let mut out = String::new();
        // Text up to here is kept when a line break folds (an escaped space is not trailing space).
        let mut kept = 0;
        let mut escaped_break = false;
        loop {
            let Some(c) = self.peek() else { return Err(self.error_at(open, "this quoted value is never closed")) };
            match c {
                '\'' if q == '\'' => {
                    if self.peek_at(1) == Some('\'') {
                        out.push('\'');
                        self.i += 2;
                    } else {
                        self.i += 1;
                        break;
                    }
                }
                '"' if q == '"' => {
                    self.i += 1;
                    break;
                }
                '\\' if q == '"' => {
                    self.i += 1;
                    if self.peek() == Some('\n') {
                        // An escaped line break: the next line's leading white space goes too.
                        self.i += 1;
                        self.fold_line_start(open, parent)?;
                        escaped_break = true;
                        kept = out.len();
                        continue;
                    }
                    let esc = self.escape()?;
                    out.push(esc);
                    kept = out.len();
                }
                '\n' => {
                    // Trailing white space before the break goes; the break folds.
                    while out.len() > kept && out.ends_with([' ', '\t']) {
                        out.pop();
                    }
                    let mut breaks = 0;
                    while self.peek() == Some('\n') {
                        self.i += 1;
                        self.fold_line_start(open, parent)?;
                        breaks += 1;
                    }
                    if escaped_break {
                        // After an escaped line break, each empty line is a line break.
                        out.extend(std::iter::repeat_n('\n', breaks));
                    } else if breaks == 1 {
                        out.push(' ');
                    } else {
                        out.extend(std::iter::repeat_n('\n', breaks - 1));
                    }
                    escaped_break = false;
                }
                _ => {
                    out.push(c);
                    self.i += 1;
                    escaped_break = false;
                }
            }
        }
        Ok(Value::Scalar { text: out, plain: false })
    }

    /// Skips a quoted scalar's continuation-line indentation, refusing a document marker.
    fn fold_line_start(&mut self, open: usize, parent: isize) -> Result<(), YamlError> {
        if self.is_document_marker() {
            return Err(self.error_at(open, "this quoted value runs into a document marker"));
        }
        let line = self.i;
        while self.peek() == Some(' ') {
            self.i += 1;
        }
        if (self.i - line) as isize <= parent && !matches!(self.peek(), None | Some('\n')) {
            return Err(self.error("a quoted value's next line must be indented more than its key"));
        }
        self.skip_spaces();
        if self.peek().is_none() {
            return Err(self.error_at(open, "this quoted value is never closed"));
        }
        Ok(())
    }

    /// A double-quoted escape; the position is just past the `\`.
    fn escape(&mut self) -> Result<char, YamlError> {
        let Some(c) = self.peek() else { return Err(self.error("an escape at the end of the text")) };
        self.i += 1;
        let hex = |p: &mut Parser, n: usize| -> Result<char, YamlError> {
            let digits: String = p.s.get(p.i..p.i + n).unwrap_or_default().iter().collect();
            let code = (digits.len() == n && digits.chars().all(|d| d.is_ascii_hexdigit()))
                .then(|| u32::from_str_radix(&digits, 16).ok())
                .flatten()
                .ok_or_else(|| p.error(&format!("`\\{c}` needs {n} hexadecimal digits")))?;
            p.i += n;
            char::from_u32(code).ok_or_else(|| p.error(&format!("`\\{c}{digits}` is not a character")))
        };
        Ok(match c {
            '0' => '\0',
            'a' => '\u{7}',
            'b' => '\u{8}',
            't' | '\t' => '\t',
            'n' => '\n',
            'v' => '\u{b}',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u{85}',
            '_' => '\u{a0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            'x' => hex(self, 2)?,
            'u' => hex(self, 4)?,
            'U' => hex(self, 8)?,
            other => return Err(self.error_at(self.i - 1, &format!("unknown escape `\\{other}`"))),
        })
    }

    /// A literal (`|`) or folded (`>`) block scalar; the position is at the indicator.
    fn block_scalar(&mut self, parent: isize) -> Result<Value, YamlError> {
        let folded = self.peek() == Some('>');
        self.i += 1;
        let (mut chomp, mut explicit) = (None::<char>, None::<usize>);
        for _ in 0..2 {
            match self.peek() {
                Some(c @ ('+' | '-')) if chomp.is_none() => {
                    chomp = Some(c);
                    self.i += 1;
                }
                Some(c @ '1'..='9') if explicit.is_none() => {
                    explicit = c.to_digit(10).map(|d| d as usize);
                    self.i += 1;
                }
                _ => break,
            }
        }
        if !self.blank_at(0) {
            return Err(self.error("a block scalar's header is `|` or `>`, then `+` or `-` and a digit"));
        }
        self.end_of_line()?;
        let header_break = matches!(self.s.get(self.i.wrapping_sub(1)), Some('\n'));
        let mut indent = explicit.map(|m| if parent >= 0 { parent as usize + m } else { m });
        // Lines after the indentation; `None` for an empty line.
        let mut lines: Vec<Option<String>> = Vec::new();
        let mut leading_blank_max = 0usize;
        while self.peek().is_some() {
            let line = self.i;
            while self.peek() == Some(' ') {
                self.i += 1;
            }
            let n = self.i - line;
            if self.peek() == Some('\t') && indent.is_none_or(|ind| n < ind) && lines.is_empty() {
                return Err(self.error("a tab where a block scalar's indentation is"));
            }
            if self.peek().is_none() {
                // Spaces and no line break at the end: text if past the indentation, else nothing.
                match indent {
                    Some(ind) if n > ind => {
                        lines.push(Some(self.s.get(line + ind..self.i).unwrap_or_default().iter().collect()))
                    }
                    // (yaml-rust2 counts such a line only while the block has no text.)
                    Some(_) if lines.iter().any(Option::is_some) => {}
                    _ => lines.push(None),
                }
                break;
            }
            if self.peek() == Some('\n') {
                match indent {
                    // Spaces past the indentation are text.
                    Some(ind) if n > ind => {
                        lines.push(Some(self.s.get(line + ind..self.i).unwrap_or_default().iter().collect()))
                    }
                    Some(_) => lines.push(None),
                    None => {
                        leading_blank_max = leading_blank_max.max(n);
                        lines.push(None);
                    }
                }
                if self.peek() == Some('\n') {
                    self.i += 1;
                }
                continue;
            }
            let ind = match indent {
                Some(ind) => ind,
                None => {
                    if n as isize <= parent {
                        self.i = line;
                        break;
                    }
                    if leading_blank_max > n {
                        return Err(
                            self.error_at(line, "a blank line before the block's text is indented more than the text")
                        );
                    }
                    indent = Some(n);
                    n
                }
            };
            if n < ind || (n == 0 && self.is_document_marker()) {
                self.i = line;
                break;
            }
            self.skip_to_line_end();
            lines.push(Some(self.s.get(line + ind..self.i).unwrap_or_default().iter().collect()));
            if self.peek() == Some('\n') {
                self.i += 1;
            }
        }
        let trailing = lines.iter().rev().take_while(|l| l.is_none()).count();
        let body = lines.get(..lines.len() - trailing).unwrap_or_default();
        let mut out = String::new();
        let (mut any, mut prev_normal, mut empty) = (false, false, 0usize);
        for l in body {
            let Some(text) = l else {
                empty += 1;
                continue;
            };
            let normal = !text.starts_with([' ', '\t']);
            if !any {
                out.extend(std::iter::repeat_n('\n', empty));
            } else if folded && prev_normal && normal {
                if empty == 0 {
                    out.push(' ');
                }
                out.extend(std::iter::repeat_n('\n', empty));
            } else {
                out.extend(std::iter::repeat_n('\n', 1 + empty));
            }
            out.push_str(text);
            (any, prev_normal, empty) = (true, normal, 0);
        }
        if !any {
            // No text: nothing, except that yaml-rust2 reads one line break at the end of
            // the input (after a header that ended its line), and keeps empty lines with `+`.
            let at_end = self.peek().is_none();
            let breaks = match chomp {
                Some('-') => 0,
                Some('+') if trailing > 0 => trailing,
                _ => usize::from(at_end && header_break),
            };
            out.extend(std::iter::repeat_n('\n', breaks));
            return Ok(Value::Scalar { text: out, plain: false });
        }
        match chomp {
            Some('-') => {}
            Some('+') => {
                out.push('\n');
                out.extend(std::iter::repeat_n('\n', trailing));
            }
            _ => out.push('\n'),
        }
        Ok(Value::Scalar { text: out, plain: false })
    }

    /// A flow sequence or mapping; the position is at `[` or `{`.
    fn flow_node(&mut self, parent: isize) -> Result<Value, YamlError> {
        self.enter()?;
        let open = self.i;
        let map = self.peek() == Some('{');
        let close = if map { '}' } else { ']' };
        self.i += 1;
        let mut items = Vec::new();
        let mut entries: Vec<(String, Value)> = Vec::new();
        let mut null_seen = false;
        // The last thing read was a scalar: a closing bracket may then sit at the key's column.
        let mut after_scalar = false;
        loop {
            self.flow_space(parent, after_scalar)?;
            match self.peek() {
                None => {
                    return Err(self.error_at(open, &format!("this `{}` is never closed", if map { '{' } else { '[' })))
                }
                Some(c) if c == close => {
                    self.i += 1;
                    break;
                }
                Some(',') => return Err(self.error("a `,` with no value before it")),
                _ => {}
            }
            let item_at = self.i;
            let first = items.is_empty() && entries.is_empty();
            let item = self.flow_item(parent, first)?;
            after_scalar = matches!(item, Value::Scalar { .. });
            self.flow_space(parent, after_scalar)?;
            let pair = self.peek() == Some(':')
                && (self.blank_at(1)
                    || self.peek_at(1).is_some_and(is_flow_indicator)
                    || matches!(item, Value::Scalar { plain: false, .. }));
            if map {
                let Value::Scalar { text: key, plain } = item else {
                    return Err(YamlError {
                        unsupported: true,
                        ..self.error_at(item_at, "lists and mappings as keys are not supported in front matter")
                    });
                };
                let value = if pair {
                    self.i += 1;
                    self.flow_space(parent, true)?;
                    let v = if matches!(self.peek(), Some(',' | '}')) {
                        Value::null()
                    } else {
                        self.flow_item(parent, false)?
                    };
                    after_scalar = matches!(v, Value::Scalar { .. });
                    v
                } else {
                    Value::null()
                };
                let null_key = plain && matches!(key.as_str(), "" | "~" | "null");
                self.add_entry(&mut entries, &mut null_seen, key, null_key, value, item_at)?;
            } else {
                if pair {
                    return Err(YamlError {
                        unsupported: true,
                        ..self.error_at(item_at, "`key: value` pairs inside `[…]` are not supported in front matter")
                    });
                }
                items.push(item);
            }
            self.flow_space(parent, after_scalar)?;
            match self.peek() {
                Some(',') => self.i += 1,
                Some(c) if c == close => {}
                None => {}
                Some(_) => return Err(self.error("expected `,` or the closing bracket")),
            }
        }
        self.depth -= 1;
        Ok(if map { Value::Map(entries) } else { Value::List(items) })
    }

    /// White space, line breaks and comments inside a flow collection. A line's text must be
    /// indented more than `parent`, the block the collection sits in.
    fn flow_space(&mut self, parent: isize, after_scalar: bool) -> Result<(), YamlError> {
        let mut new_line = false;
        loop {
            match self.peek() {
                Some('\n') => new_line = true,
                Some(' ' | '\t') => {}
                Some('#') if self.after_space() => {
                    self.skip_to_line_end();
                    continue;
                }
                _ => break,
            }
            self.i += 1;
        }
        if new_line && self.peek().is_some() {
            let col = self.column();
            if col == 0 && self.is_document_marker() {
                return Err(self.error("a document marker inside `[…]` or `{…}`"));
            }
            // As yaml-rust2 reads it: plain text, and a closing bracket not after a scalar, are held
            // to the indentation, other brackets may sit at the key's column (a quoted first item
            // is checked by `quoted`, tags, anchors and aliases are refused anyway).
            let closing = matches!(self.peek(), Some(']' | '}'));
            let held =
                (self.plain_starts(true) && !(after_scalar && self.peek() == Some(':'))) || (closing && !after_scalar);
            if (col as isize) < parent || (col as isize <= parent && held) {
                return Err(self.error("a line inside `[…]` or `{…}` must be indented more than its key"));
            }
        }
        Ok(())
    }

    /// An item of a flow collection. yaml-rust2 checks a quoted scalar's line indentation
    /// only in a collection's first item; so does this.
    fn flow_item(&mut self, parent: isize, first: bool) -> Result<Value, YamlError> {
        if let Some(e) = self.left_out() {
            return Err(e);
        }
        match self.peek() {
            Some('[' | '{') => self.flow_node(parent),
            Some('\'' | '"') => self.quoted(if first { parent } else { -1 }),
            Some(':') if !self.plain_starts(true) => Err(self.unsupported("empty keys (`: value`)")),
            Some(c) if !self.plain_starts(true) => Err(self.error(&format!("unexpected `{c}`"))),
            _ => Ok(Value::Scalar { text: self.plain(parent, true)?, plain: true }),
        }
    }
}
