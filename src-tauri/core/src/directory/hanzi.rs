//! Traditional and Simplified Chinese forms of a name find each other (鄒 / 邹, 黃 / 黄).
//!
//! The mapping is OpenCC's, through the `ferrous-opencc` crate (pure Rust, its tables embedded):
//! Taiwan-standard Traditional to Simplified (`tw2s`). It is applied character by character,
//! never by phrase, so that a part of a name folds as it does inside the whole name (a
//! substring search stays a substring search). The build script (`core/build.rs`) converts
//! every ideograph of the basic and extension-A blocks and the compatibility block (about
//! 28,000 characters) once, at build time, into two sorted tables compiled in: each character
//! to its Simplified form, and each Simplified character to every Traditional one that folds to
//! it. A process that searches loads nothing (OpenCC's dictionaries and the conversions cost a
//! CLI command tens of milliseconds).
//!
//! Search uses both: the names it ranks or holds in memory are compared in their Simplified
//! form ([`simplified`]), and a query is looked up in the index under each of its forms
//! ([`forms`]), so that nothing in the database changes.

// `TO_SIMPLIFIED: &[(char, char)]` (the characters that change, by character) and
// `TRADITIONAL: &[(char, &[char])]` (by Simplified character).
include!(concat!(env!("OUT_DIR"), "/hanzi_tables.rs"));

/// The most forms of one query term looked up (a term of a few ideographs has at most a handful;
/// beyond this, the term as typed and its Simplified form only).
const MAX_FORMS: usize = 16;

/// The Simplified form of a character (itself when it has none).
fn simplified_char(c: char) -> char {
    TO_SIMPLIFIED
        .binary_search_by_key(&c, |&(t, _)| t)
        .map_or(c, |i| TO_SIMPLIFIED[i].1)
}

/// The Traditional characters that fold to the Simplified `s`.
fn traditional_of(s: char) -> &'static [char] {
    TRADITIONAL
        .binary_search_by_key(&s, |&(k, _)| k)
        .map_or(&[], |i| TRADITIONAL[i].1)
}

/// Whether a character is a CJK ideograph (the only characters folded here).
fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// The text with every Traditional Chinese character replaced by its Simplified form; other
/// characters unchanged.
pub fn simplified(text: &str) -> String {
    if !text.chars().any(is_ideograph) {
        return text.to_owned();
    }
    text.chars().map(simplified_char).collect()
}

/// The forms a term may take in the database: as typed, Simplified, and with each character in
/// every Traditional form that folds to the same Simplified one (鄒 → 鄒, 邹; 邹 → 邹, 鄒).
/// The term as typed comes first; a term without ideographs has only that form.
pub fn forms(term: &str) -> Vec<String> {
    if !term.chars().any(is_ideograph) {
        return vec![term.to_owned()];
    }
    let mut out = vec![term.to_owned()];
    let push = |s: String, out: &mut Vec<String>| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    push(simplified(term), &mut out);
    for combo in combinations(term).unwrap_or_default() {
        push(combo, &mut out);
    }
    out
}

/// For a term of ideographs only (the basic and extension-A blocks): every form it may take,
/// the term as typed first, so that a text holds one of them exactly when its [`simplified`]
/// form holds the term's; `None` for another term, or one with more than `MAX_FORMS` forms.
pub fn every_form(term: &str) -> Option<Vec<String>> {
    let plain = !term.is_empty()
        && term
            .chars()
            .all(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF));
    if !plain {
        return None;
    }
    let mut out = vec![term.to_owned()];
    for combo in combinations(term)? {
        if !out.contains(&combo) {
            out.push(combo);
        }
    }
    Some(out)
}

/// Every combination of each character's forms, while there are at most `MAX_FORMS`.
fn combinations(term: &str) -> Option<Vec<String>> {
    let mut combos: Vec<String> = vec![String::new()];
    for c in term.chars() {
        let s = simplified_char(c);
        let mut choices = vec![c];
        for x in std::iter::once(s).chain(traditional_of(s).iter().copied()) {
            if !choices.contains(&x) {
                choices.push(x);
            }
        }
        if combos.len() * choices.len() > MAX_FORMS {
            return None;
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
    Some(combos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_sorted_for_their_binary_search() {
        assert!(TO_SIMPLIFIED.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(TRADITIONAL.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(TRADITIONAL.iter().all(|(_, cs)| !cs.is_empty()));
    }

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
        // Every form of a short name, none of a long one, of Latin or mixed text.
        let every = every_form("陳美").unwrap();
        assert_eq!(every[0], "陳美");
        assert!(every.contains(&"陈美".to_owned()), "{every:?}");
        assert!(every.iter().all(|f| simplified(f) == "陈美"), "{every:?}");
        assert_eq!(every_form("發髮後臺灣鬆鬍"), None);
        assert_eq!(every_form("ab"), None);
        assert_eq!(every_form("a陳"), None);
        assert_eq!(every_form(""), None);
    }
}
