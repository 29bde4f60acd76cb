//! Index headings that fit the script a title is written in (the letter navigation).
//!
//! * Latin, Greek, Cyrillic and other cased alphabets: the first letter with its accents
//!   folded, upper-cased (`Ärger` → `A`, `Ёлка` → `Е`, `Ώρα` → `Ω`);
//! * Japanese kana: the row of the gojūon table (`クラスター` → `か`, `ぱ` → `は`);
//! * Hangul: the initial consonant, doubled ones with their single form (`애드온` → `ㅇ`,
//!   `까` → `ㄱ`), as Korean indexes do;
//! * Arabic: the first letter with alef's hamza and madda forms folded (`أ` → `ا`);
//! * Devanagari, Hebrew, Thai and other letters: the first letter (a final form folded);
//! * Han characters in a Chinese glossary: the pinyin initial, as Chinese indexes file them
//!   (`容器` → `R`; [`sort_key`] orders them by pinyin within it). This needs a readings table,
//!   which only the native build has (`glossa build` writes the letters into the manifest);
//!   in the browser, and for Japanese kanji, whose readings depend on the word, they are one
//!   group (`漢字`, `汉字` for Simplified Chinese) in code-point order, which is the
//!   radical-and-stroke order of the CJK block. A term's own `letter` always wins;
//! * anything else (digits, symbols): `#`.
//!
//! The code-point order of these headings is each script's index order (A–Z, あかさたな,
//! ㄱㄴㄷ, ابت, अआइ…), so [`Order`] sorts them without collation tables.

use crate::search::text;

/// The heading for `title` in a glossary in language `lang`.
pub fn heading(title: &str, lang: Option<&str>) -> String {
    let Some(c) = title.chars().find(|c| !c.is_whitespace() && !is_opening(*c)) else { return "#".into() };
    let cp = c as u32;
    if let Some(row) = kana_row(cp) {
        return row.to_string();
    }
    if let Some(initial) = hangul_initial(cp) {
        return initial.to_string();
    }
    if is_han(cp) {
        return han_heading(c, lang);
    }
    if !c.is_alphabetic() {
        return "#".into();
    }
    match cp {
        // Arabic alef with hamza or madda, alef wasla → alef.
        0x0622 | 0x0623 | 0x0625 | 0x0671 => return "\u{0627}".into(),
        // Hebrew final forms → their base letters.
        0x05DA => return "\u{05DB}".into(),
        0x05DD => return "\u{05DE}".into(),
        0x05DF => return "\u{05E0}".into(),
        0x05E3 => return "\u{05E4}".into(),
        0x05E5 => return "\u{05E6}".into(),
        _ => {}
    }
    if cased(cp) {
        // Cased alphabets: accents folded (and lower-cased), then upper case.
        let folded = text::fold(&c.to_string());
        let base = folded.chars().next().unwrap_or(c);
        return upper(base).to_string();
    }
    c.to_string()
}

/// Latin, Greek, Cyrillic and Armenian: the alphabets with case (by block, no tables).
fn cased(cp: u32) -> bool {
    matches!(cp, 0x0041..=0x024F | 0x0370..=0x03FF | 0x0400..=0x052F | 0x0531..=0x0587 | 0x1E00..=0x1FFF)
}

/// The capital of a lower-case letter as [`text::fold`] leaves it (accents gone), for the
/// cased blocks; other letters unchanged. (`char::to_uppercase` would bring the whole
/// Unicode case table into the wasm build; `tests/letters.rs` checks this against it.)
pub fn upper(c: char) -> char {
    let cp = c as u32;
    let up = match cp {
        0x61..=0x7A | 0xE0..=0xF6 | 0xF8..=0xFE => cp - 0x20,
        // Latin Extended-A: pairs, capital first, shifted by one at 0x139–0x148 and 0x179–0x17E.
        0x0100..=0x0137 | 0x014A..=0x0177 if cp % 2 == 1 => cp - 1,
        0x0139..=0x0148 | 0x0179..=0x017E if cp % 2 == 0 => cp - 1,
        0x03B1..=0x03C1 | 0x03C3..=0x03CB => cp - 0x20,
        0x03C2 => 0x03A3, // final sigma
        0x0430..=0x044F => cp - 0x20,
        0x0450..=0x045F => cp - 0x50,
        0x0460..=0x0481 | 0x048A..=0x04BF | 0x04D0..=0x052F if cp % 2 == 1 => cp - 1,
        0x04C1..=0x04CE if cp % 2 == 0 => cp - 1,
        0x04CF => 0x04C0,
        0x0561..=0x0586 => cp - 0x30,
        _ => cp,
    };
    char::from_u32(up).unwrap_or(c)
}

/// The Han heading in the glossary's language (headings are made before it is known).
pub fn localize(heading: &mut String, lang: Option<&str>) {
    if heading == "漢字" || heading == "汉字" {
        *heading = han_label(lang).to_owned();
    }
}

/// Quotes and brackets a title may open with (`“Borg”`, `(beta) …`): skipped.
fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '(' | '[' | '{' | '«' | '“' | '‘' | '„' | '「' | '『' | '（' | '【' | '¿' | '¡')
}

fn is_han(cp: u32) -> bool {
    matches!(cp, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F | 0x3005 | 0x3007)
}

/// Whether `lang` is Chinese.
fn chinese(lang: Option<&str>) -> bool {
    lang.is_some_and(|l| crate::render::strings::primary(l) == "zh")
}

/// The heading of a title opening with Han character `c`.
fn han_heading(c: char, lang: Option<&str>) -> String {
    #[cfg(target_arch = "wasm32")]
    let _ = c;
    #[cfg(not(target_arch = "wasm32"))]
    if chinese(lang) {
        use pinyin::ToPinyin;
        if let Some(initial) = c.to_pinyin().and_then(|p| p.first_letter().chars().next()) {
            return initial.to_ascii_uppercase().to_string();
        }
    }
    han_label(lang).into()
}

/// A Chinese title's sort key within its heading: its pinyin (`平台` → `ping tai`), so a
/// heading's terms read in dictionary order; `None` when nothing in it has a reading (and in
/// the wasm build, which has no readings table).
pub fn sort_key(title: &str, lang: Option<&str>) -> Option<String> {
    if !chinese(lang) || !title.chars().any(|c| is_han(c as u32)) {
        return None;
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use pinyin::ToPinyin;
        let mut out = String::with_capacity(title.len() * 2);
        for c in title.chars() {
            match c.to_pinyin() {
                Some(p) => {
                    if !out.is_empty() && !out.ends_with(' ') {
                        out.push(' ');
                    }
                    out.push_str(p.plain());
                    out.push(' ');
                }
                None => out.extend(c.to_lowercase()),
            }
        }
        Some(out.trim_end().to_owned())
    }
    #[cfg(target_arch = "wasm32")]
    None
}

/// The one heading of Han characters, in the glossary's language.
fn han_label(lang: Option<&str>) -> &'static str {
    let lang = lang.unwrap_or("").to_ascii_lowercase();
    let simplified =
        lang == "zh" || lang.starts_with("zh-cn") || lang.starts_with("zh-sg") || lang.starts_with("zh-hans");
    if simplified {
        "汉字"
    } else {
        "漢字"
    }
}

/// The gojūon row of a kana (hiragana or katakana, full or half width) as its hiragana head.
fn kana_row(cp: u32) -> Option<char> {
    // Katakana → hiragana (the same layout 0x60 higher); half-width katakana by table.
    let h = match cp {
        0x3041..=0x3096 => cp,
        0x30A1..=0x30F6 => cp - 0x60,
        0x30F7..=0x30FA => 0x308F,                     // ヷヸヹヺ → わ row
        0xFF66 => 0x3092,                              // ｦ
        0xFF67..=0xFF6B => 0x3041 + 2 * (cp - 0xFF67), // ｧ-ｫ
        0xFF6C..=0xFF6E => 0x3083,                     // ｬｭｮ → や
        0xFF6F => 0x3063,                              // ｯ → た
        0xFF71..=0xFF75 => 0x3042,                     // ｱ-ｵ → あ
        0xFF76..=0xFF7A => 0x304B,                     // ｶ-ｺ → か
        0xFF7B..=0xFF7F => 0x3055,                     // ｻ-ｿ → さ
        0xFF80..=0xFF84 => 0x305F,                     // ﾀ-ﾄ → た
        0xFF85..=0xFF89 => 0x306A,                     // ﾅ-ﾉ → な
        0xFF8A..=0xFF8E => 0x306F,                     // ﾊ-ﾎ → は
        0xFF8F..=0xFF93 => 0x307E,                     // ﾏ-ﾓ → ま
        0xFF94..=0xFF96 => 0x3084,                     // ﾔ-ﾖ → や
        0xFF97..=0xFF9B => 0x3089,                     // ﾗ-ﾛ → ら
        0xFF9C => 0x308F,                              // ﾜ
        0xFF9D => 0x3093,                              // ﾝ
        _ => return None,
    };
    let head = match h {
        0x3041..=0x304A | 0x3094 => 'あ',
        0x304B..=0x3054 | 0x3095 | 0x3096 => 'か',
        0x3055..=0x305E => 'さ',
        0x305F..=0x3069 => 'た',
        0x306A..=0x306E => 'な',
        0x306F..=0x307D => 'は',
        0x307E..=0x3082 => 'ま',
        0x3083..=0x3088 => 'や',
        0x3089..=0x308D => 'ら',
        0x308E..=0x3093 => 'わ',
        _ => return None,
    };
    Some(head)
}

/// The initial consonant of a Hangul syllable or leading jamo, as a compatibility jamo,
/// doubled consonants folded into their single form.
fn hangul_initial(cp: u32) -> Option<char> {
    // The 19 initials, as compatibility jamo, with doubled ones mapped to single ones.
    const INITIALS: [u32; 19] = [
        0x3131, 0x3131, 0x3134, 0x3137, 0x3137, 0x3139, 0x3141, 0x3142, 0x3142, 0x3145, 0x3145, 0x3147, 0x3148, 0x3148,
        0x314A, 0x314B, 0x314C, 0x314D, 0x314E,
    ];
    let index = match cp {
        0xAC00..=0xD7A3 => (cp - 0xAC00) / 588,
        0x1100..=0x1112 => cp - 0x1100,
        // Compatibility consonants themselves (ㄲ → ㄱ…).
        0x3131..=0x314E => {
            let single = match cp {
                0x3132 => 0x3131,
                0x3138 => 0x3137,
                0x3143 => 0x3142,
                0x3146 => 0x3145,
                0x3149 => 0x3148,
                c => c,
            };
            return char::from_u32(single);
        }
        _ => return None,
    };
    INITIALS.get(index as usize).copied().and_then(char::from_u32)
}

/// Puts strings in a language's collation order: returns the positions of `keys` in that
/// order. The web shell passes the browser's `Intl.Collator`; without one, code-point order.
pub type Collate = std::rc::Rc<dyn Fn(&[&str]) -> Vec<u32>>;

/// The index order of headings for a glossary's language: its own script first, then
/// Latin, then the other scripts, `#` last; within each, the language's collation order
/// when a [`Collate`] is given (Persian پ after ب, not after ي), else code-point order.
/// Made once per glossary (sorting a 100 000-term list asks it once per term).
#[derive(Clone)]
pub struct Order {
    own: Option<&'static [std::ops::RangeInclusive<u32>]>,
    collate: Option<Collate>,
}

impl std::fmt::Debug for Order {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Order").field("collated", &self.collate.is_some()).finish_non_exhaustive()
    }
}

impl Order {
    pub fn new(lang: Option<&str>) -> Order {
        Order { own: script_of_lang(lang), collate: None }
    }

    /// The order for `lang` with its collation (the browser's `Intl.Collator`).
    pub fn collated(lang: Option<&str>, collate: Collate) -> Order {
        Order { own: script_of_lang(lang), collate: Some(collate) }
    }

    /// Whether the glossary's letters are Latin: then A–Z are all shown (empty ones disabled).
    pub fn latin(&self) -> bool {
        self.own.is_none()
    }

    /// The group of a heading (sort by it, then by the heading).
    pub fn group(&self, heading: &str) -> u8 {
        let first = heading.chars().next().unwrap_or('#');
        if heading == "#" {
            3
        } else if self.own.is_some_and(|s| s.iter().any(|r| r.contains(&(first as u32)))) {
            0
        } else if first.is_ascii_alphabetic() {
            1
        } else {
            2
        }
    }

    /// Compares two headings in index order, by code point within a group (see [`Order::ranks`]
    /// for the collated order).
    pub fn cmp(&self, a: &str, b: &str) -> std::cmp::Ordering {
        self.group(a).cmp(&self.group(b)).then_with(|| a.cmp(b))
    }

    /// Each key's rank in collation order (`ranks[i]` for `keys[i]`; equal keys, equal
    /// ranks are not promised). A collator answer that is not a permutation of the keys is
    /// ignored for code-point order.
    pub fn ranks(&self, keys: &[&str]) -> Vec<u32> {
        let n = keys.len();
        let collated = self.collate.as_ref().map(|f| f(keys)).filter(|p| {
            let mut seen = vec![false; n];
            p.len() == n && p.iter().all(|&i| seen.get_mut(i as usize).is_some_and(|s| !std::mem::replace(s, true)))
        });
        let order = collated.unwrap_or_else(|| {
            let mut idx: Vec<u32> = (0..n as u32).collect();
            crate::util::sort_by(&mut idx, |&a, &b| keys.get(a as usize).cmp(&keys.get(b as usize)));
            idx
        });
        let mut ranks = vec![0u32; n];
        for (rank, &i) in order.iter().enumerate() {
            if let Some(r) = ranks.get_mut(i as usize) {
                *r = rank as u32;
            }
        }
        ranks
    }

    /// Sorts headings (with anything attached) into index order: by group, then collated.
    pub fn sort_headings<T>(&self, v: &mut Vec<(String, T)>) {
        let keys: Vec<&str> = v.iter().map(|(h, _)| h.as_str()).collect();
        let ranks = self.ranks(&keys);
        let mut keyed: Vec<(u8, u32, (String, T))> =
            v.drain(..).zip(ranks).map(|(x, r)| (self.group(&x.0), r, x)).collect();
        crate::util::sort_by(&mut keyed, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        v.extend(keyed.into_iter().map(|(_, _, x)| x));
    }
}

/// The code-point ranges of the headings of a language not written in Latin letters.
fn script_of_lang(lang: Option<&str>) -> Option<&'static [std::ops::RangeInclusive<u32>]> {
    const HAN: std::ops::RangeInclusive<u32> = 0x4E00..=0x9FFF; // the 汉字 / 漢字 heading
    let lang = lang.map(crate::render::strings::primary).unwrap_or_default();
    Some(match lang.as_str() {
        "ru" | "uk" | "be" | "bg" | "sr" | "mk" | "kk" | "ky" | "mn" | "tg" => &[0x0400..=0x04FF],
        "el" => &[0x0370..=0x03FF],
        "ja" => &[0x3040..=0x30FF, HAN],
        "ko" => &[0x3130..=0x318F],
        "zh" => &[HAN],
        "ar" | "fa" | "ur" | "ps" | "sd" | "ug" | "ckb" => &[0x0600..=0x06FF],
        "he" | "yi" => &[0x0590..=0x05FF],
        "hi" | "mr" | "ne" | "sa" => &[0x0900..=0x097F],
        "th" => &[0x0E00..=0x0E7F],
        "hy" => &[0x0530..=0x058F],
        "ka" => &[0x10A0..=0x10FF],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_by_script() {
        let h = |t: &str| heading(t, None);
        assert_eq!(h("Ärger"), "A");
        assert_eq!(h("éclair"), "E");
        assert_eq!(h("“Borg”"), "B");
        assert_eq!(h("Ёлка"), "Е");
        assert_eq!(h("кластер"), "К");
        assert_eq!(h("ώρα"), "Ω");
        assert_eq!(h("クラスター"), "か");
        assert_eq!(h("ぱん"), "は");
        assert_eq!(h("ｺﾝﾃﾅ"), "か");
        assert_eq!(h("ヴィ"), "あ");
        assert_eq!(h("애드온"), "ㅇ");
        assert_eq!(h("까치"), "ㄱ");
        assert_eq!(h("힣"), "ㅎ");
        assert_eq!(h("أمان"), "ا");
        assert_eq!(h("ऐड-ऑन"), "ऐ");
        assert_eq!(h("冪等性"), "漢字");
        assert_eq!(heading("附加组件", Some("zh-cn")), "F");
        assert_eq!(heading("容器", Some("zh-cn")), "R");
        assert_eq!(heading("節點", Some("zh-TW")), "J");
        assert_eq!(heading("冪等性", Some("ja")), "漢字");
        assert_eq!(sort_key("平台开发者", Some("zh-cn")).as_deref(), Some("ping tai kai fa zhe"));
        assert_eq!(sort_key("Pod 安全", Some("zh-cn")).as_deref(), Some("pod an quan"));
        assert_eq!(sort_key("Pod", Some("zh-cn")), None);
        assert_eq!(h("3D"), "#");
        assert_eq!(h(".NET"), "#");
        assert_eq!(h(""), "#");
    }

    #[test]
    fn own_script_first() {
        let mut v = vec!["#", "A", "К", "Б", "ㄱ"];
        let order = Order::new(Some("ru"));
        v.sort_by(|a, b| order.cmp(a, b));
        assert_eq!(v, ["Б", "К", "A", "ㄱ", "#"]);
        assert!(Order::new(Some("de")).latin() && Order::new(None).latin() && !Order::new(Some("ja")).latin());
    }
}
