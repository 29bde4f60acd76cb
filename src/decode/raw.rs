//! Layer 1: JSON text → the raw devalue table.
//!
//! A custom serde visitor reads the table straight into compact slots (no
//! intermediate `serde_json::Value` tree), keeps object key order, counts values
//! against [`Limits::max_values`] as it goes, and never recurses deeper than a
//! slot's own two levels (serde_json's recursion limit guards the rest).

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;

/// A value inside a slot: a reference (number) or, inside tagged arrays, a literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Num(f64),
    Str(Box<str>),
    Bool(bool),
    Null,
    /// A nested JSON array or object where devalue only writes scalars.
    Nested,
}

/// One slot of the devalue table, exactly as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Slot {
    Null,
    Bool(bool),
    Num(f64),
    Str(Box<str>),
    /// `{ key: reference, … }`, key order kept; a duplicate key keeps its first position and last value.
    Object(Vec<(Box<str>, Item)>),
    /// Any JSON array: plain, tagged (`["Tag", …]`) or sparse (`[-7, …]`).
    Array(Vec<Item>),
}

/// The parsed top level: a table, or a bare sentinel integer.
#[derive(Debug)]
pub enum Table {
    Slots(Vec<Slot>),
    Bare(f64),
    /// Valid JSON that devalue never writes at top level (described for the error).
    Other(&'static str),
}

/// Parses JSON text into the raw table, within `limits`.
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Table> {
    if bytes.len() > limits.max_input_bytes {
        return Err(Error::at_root(ErrorKind::TooLarge { bytes: bytes.len(), limit: limits.max_input_bytes }));
    }
    match parse_json(bytes, limits) {
        // JavaScript strings may hold unpaired surrogates, and `JSON.stringify` (so devalue
        // and Nuxt) writes them as `\uD800`-style escapes, which the browser reads back
        // fine. serde_json refuses them, so replace each with U+FFFD, as a browser shows it.
        Err(e) if e.to_string().contains("surrogate") || e.to_string().contains("hex escape") => {
            match replace_lone_surrogates(bytes) {
                Some(fixed) => parse_json(&fixed, limits),
                None => Err(e),
            }
        }
        r => r,
    }
}

fn parse_json(bytes: &[u8], limits: &Limits) -> Result<Table> {
    let mut budget = limits.max_values;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let table = TopSeed { budget: &mut budget }.deserialize(&mut de).map_err(|e| json_error(e, limits))?;
    de.end().map_err(|e| json_error(e, limits))?;
    Ok(table)
}

/// Rewrites every `\uXXXX` escape of an unpaired surrogate as `\uFFFD` (same length, so
/// error positions stay right). `None` when there is none.
pub fn replace_lone_surrogates(bytes: &[u8]) -> Option<Vec<u8>> {
    fn escape_at(b: &[u8], i: usize) -> Option<u16> {
        if b.get(i) != Some(&b'\\') || b.get(i + 1) != Some(&b'u') {
            return None;
        }
        let hex = std::str::from_utf8(b.get(i + 2..i + 6)?).ok()?;
        u16::from_str_radix(hex, 16).ok()
    }
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b != b'\\' {
            i += 1;
            continue;
        }
        let Some(unit) = escape_at(bytes, i) else {
            i += 2; // any other escape, including `\\`
            continue;
        };
        let lone = match unit {
            0xD800..=0xDBFF => match escape_at(bytes, i + 6) {
                Some(0xDC00..=0xDFFF) => {
                    i += 12; // a proper pair
                    continue;
                }
                _ => true,
            },
            0xDC00..=0xDFFF => true,
            _ => false,
        };
        if lone {
            let buf = out.get_or_insert_with(|| bytes.to_vec());
            if let Some(esc) = buf.get_mut(i..i + 6) {
                esc.copy_from_slice(b"\\uFFFD");
            }
        }
        i += 6;
    }
    out
}

fn json_error(e: serde_json::Error, limits: &Limits) -> Error {
    let msg = e.to_string();
    if msg.starts_with(BUDGET) {
        return Error::at_root(ErrorKind::TooManyValues { limit: limits.max_values });
    }
    Error::at_root(ErrorKind::Json(msg))
}

const BUDGET: &str = "value budget exhausted";

fn spend<E: de::Error>(budget: &mut usize) -> Result<(), E> {
    match budget.checked_sub(1) {
        Some(b) => {
            *budget = b;
            Ok(())
        }
        None => Err(E::custom(BUDGET)),
    }
}

struct TopSeed<'b> {
    budget: &'b mut usize,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Table;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Table, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = Table;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a devalue table (JSON array) or a sentinel integer")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Table, A::Error> {
        let mut slots = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        loop {
            spend(self.budget)?;
            match seq.next_element_seed(SlotSeed { budget: &mut *self.budget })? {
                Some(s) => slots.push(s),
                None => break,
            }
        }
        Ok(Table::Slots(slots))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Table, E> {
        Ok(Table::Bare(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Table, E> {
        Ok(Table::Bare(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Table, E> {
        Ok(Table::Bare(v))
    }
    fn visit_str<E>(self, _: &str) -> Result<Table, E> {
        Ok(Table::Other("a string"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Table, E> {
        Ok(Table::Other("a boolean"))
    }
    fn visit_unit<E>(self) -> Result<Table, E> {
        Ok(Table::Other("null"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Table, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Table::Other("a JSON object"))
    }
}

struct SlotSeed<'b> {
    budget: &'b mut usize,
}

impl<'de> DeserializeSeed<'de> for SlotSeed<'_> {
    type Value = Slot;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Slot, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SlotSeed<'_> {
    type Value = Slot;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a devalue slot")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Slot, E> {
        Ok(Slot::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Slot, E> {
        Ok(Slot::Num(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Slot, E> {
        Ok(Slot::Num(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Slot, E> {
        Ok(Slot::Num(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Slot, E> {
        Ok(Slot::Str(v.into()))
    }
    fn visit_string<E>(self, v: String) -> Result<Slot, E> {
        Ok(Slot::Str(v.into_boxed_str()))
    }
    fn visit_unit<E>(self) -> Result<Slot, E> {
        Ok(Slot::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Slot, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(it) = seq.next_element_seed(ItemSeed)? {
            spend(self.budget)?;
            items.push(it);
        }
        Ok(Slot::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Slot, A::Error> {
        let mut fields: Vec<(Box<str>, Item)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            spend(self.budget)?;
            let value = map.next_value_seed(ItemSeed)?;
            // JSON.parse keeps the last duplicate (at the first key's position).
            // Linear scan only for small objects; big ones are checked after.
            let dup = if fields.len() < 64 { fields.iter_mut().find(|(k, _)| **k == *key) } else { None };
            match dup {
                Some(slot) => slot.1 = value,
                None => fields.push((key.into_boxed_str(), value)),
            }
        }
        if fields.len() >= 64 {
            dedup_keys(&mut fields);
        }
        Ok(Slot::Object(fields))
    }
}

/// Keeps each key once, at its first position, with its last value.
fn dedup_keys(fields: &mut Vec<(Box<str>, Item)>) {
    use std::collections::HashMap;
    let mut first: HashMap<Box<str>, usize> = HashMap::with_capacity(fields.len());
    let mut out: Vec<(Box<str>, Item)> = Vec::with_capacity(fields.len());
    for (k, v) in fields.drain(..) {
        match first.get(&k) {
            Some(&i) => {
                if let Some(slot) = out.get_mut(i) {
                    slot.1 = v;
                }
            }
            None => {
                first.insert(k.clone(), out.len());
                out.push((k, v));
            }
        }
    }
    *fields = out;
}

struct ItemSeed;

impl<'de> DeserializeSeed<'de> for ItemSeed {
    type Value = Item;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Item, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemSeed {
    type Value = Item;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a reference or a literal")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Item, E> {
        Ok(Item::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Item, E> {
        Ok(Item::Num(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Item, E> {
        Ok(Item::Num(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Item, E> {
        Ok(Item::Num(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Item, E> {
        Ok(Item::Str(v.into()))
    }
    fn visit_string<E>(self, v: String) -> Result<Item, E> {
        Ok(Item::Str(v.into_boxed_str()))
    }
    fn visit_unit<E>(self) -> Result<Item, E> {
        Ok(Item::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Item::Nested)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Item::Nested)
    }
}
