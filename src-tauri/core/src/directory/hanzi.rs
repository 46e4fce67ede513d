//! Traditional and Simplified Chinese forms of a name find each other (鄒 / 邹, 黃 / 黄).
//!
//! The mapping is OpenCC's, through the `ferrous-opencc` crate (pure Rust, its tables embedded
//! at build time): Taiwan-standard Traditional to Simplified (`tw2s`). It is applied character
//! by character, never by phrase, so that a part of a name folds as it does inside the whole
//! name (a substring search stays a substring search). From it, built once per process by
//! converting every ideograph of the basic and extension-A blocks and the compatibility block
//! (about 28,000 characters, a few tens of milliseconds), come the table from each character to
//! its Simplified form and the reverse table from a Simplified character to every Traditional
//! one that folds to it.
//!
//! Search uses both: the names it ranks or holds in memory are compared in their Simplified
//! form ([`simplified`]), and a query is looked up in the index under each of its forms
//! ([`forms`]), so that nothing in the database changes.

use ferrous_opencc::{config::BuiltinConfig, OpenCC};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The most forms of one query term looked up (a term of a few ideographs has at most a handful;
/// beyond this, the term as typed and its Simplified form only).
const MAX_FORMS: usize = 16;

struct Tables {
    /// Character → its Simplified form, for the characters that change.
    to_simplified: HashMap<char, char>,
    /// Simplified character → the Traditional characters that fold to it.
    traditional: HashMap<char, Vec<char>>,
}

fn ideographs() -> impl Iterator<Item = char> {
    (0x3400u32..=0x4DBF)
        .chain(0x4E00..=0x9FFF)
        .chain(0xF900..=0xFAFF)
        .filter_map(char::from_u32)
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut to_simplified = HashMap::new();
        let mut traditional: HashMap<char, Vec<char>> = HashMap::new();
        // The embedded configuration always loads; without it, no folding (search still works
        // on the characters as typed).
        if let Ok(cc) = OpenCC::from_config(BuiltinConfig::Tw2s) {
            let mut buffer = [0u8; 4];
            for c in ideographs() {
                let converted = cc.convert(c.encode_utf8(&mut buffer));
                let mut chars = converted.chars();
                if let (Some(s), None) = (chars.next(), chars.next()) {
                    if s != c {
                        to_simplified.insert(c, s);
                        traditional.entry(s).or_default().push(c);
                    }
                }
            }
        }
        Tables {
            to_simplified,
            traditional,
        }
    })
}

/// Whether a character is a CJK ideograph (the only characters folded here).
fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// The text with every Traditional Chinese character replaced by its Simplified form; other
/// characters unchanged. Cheap for text without ideographs (no table is built).
pub fn simplified(text: &str) -> String {
    if !text.chars().any(is_ideograph) {
        return text.to_owned();
    }
    let t = tables();
    text.chars()
        .map(|c| t.to_simplified.get(&c).copied().unwrap_or(c))
        .collect()
}

/// The forms a term may take in the database: as typed, Simplified, and with each character in
/// every Traditional form that folds to the same Simplified one (鄒 → 鄒, 邹; 邹 → 邹, 鄒).
/// The term as typed comes first; a term without ideographs has only that form.
pub fn forms(term: &str) -> Vec<String> {
    if !term.chars().any(is_ideograph) {
        return vec![term.to_owned()];
    }
    let t = tables();
    let mut out = vec![term.to_owned()];
    let push = |s: String, out: &mut Vec<String>| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    push(simplified(term), &mut out);
    // Every combination of each character's forms, while there are few.
    let mut combos: Vec<String> = vec![String::new()];
    for c in term.chars() {
        let s = t.to_simplified.get(&c).copied().unwrap_or(c);
        let mut choices = vec![c];
        for x in std::iter::once(s).chain(t.traditional.get(&s).into_iter().flatten().copied()) {
            if !choices.contains(&x) {
                choices.push(x);
            }
        }
        if combos.len() * choices.len() > MAX_FORMS {
            return out;
        }
        combos = combos
            .iter()
            .flat_map(|prefix| {
                choices.iter().map(move |x| {
                    let mut p = prefix.clone();
                    p.push(*x);
                    p
                })
            })
            .collect();
    }
    for combo in combos {
        push(combo, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_and_simplified_forms_meet() {
        assert_eq!(simplified("鄒明華"), "邹明华");
        assert_eq!(simplified("邹明华"), "邹明华");
        assert_eq!(simplified("黃郁貞"), "黄郁贞");
        assert_eq!(simplified("臺灣"), "台湾");
        assert_eq!(simplified("CHC Mont Légia"), "CHC Mont Légia");
        assert_eq!(simplified(""), "");
        let f = forms("邹");
        assert_eq!(f[0], "邹");
        assert!(f.contains(&"鄒".to_owned()), "{f:?}");
        let f = forms("鄒明華");
        assert!(f.contains(&"邹明华".to_owned()), "{f:?}");
        assert!(f.contains(&"鄒明華".to_owned()), "{f:?}");
        assert!(f.len() <= MAX_FORMS + 2, "{f:?}");
        assert_eq!(forms("legia"), vec!["legia".to_owned()]);
        // A long term with many forms keeps the typed and Simplified ones.
        let long = forms("發髮後臺灣鬆鬍");
        assert!(long.len() >= 2 && long.len() <= MAX_FORMS + 2, "{long:?}");
        assert!(long.contains(&simplified("發髮後臺灣鬆鬍")));
    }
}
