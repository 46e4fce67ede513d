//! The directory beyond plain records: search, import and export of contacts, duplicates and
//! their merge, and the data-subject rights (export, erasure). Every write goes through
//! [`crate::Store::write`], so imports and merges are one transaction each.

pub mod duplicates;
pub mod edit;
pub mod export;
pub mod hanzi;
pub mod import;
pub mod privacy;
pub mod search;

use unicode_normalization::UnicodeNormalization;

/// Folds a text for comparisons: accents removed, lower case, runs of spaces and punctuation
/// made one space. "Liège" and "LIEGE" fold to the same "liege"; Chinese is kept as it is.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        // Nothing to decompose (e-mails, codes, most names): skip the normalisation.
        fold_chars(text.chars(), text.len())
    } else {
        fold_chars(text.nfd(), text.len())
    }
}

fn fold_chars(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut space = true;
    for c in chars {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether the text holds CJK ideographs (a Chinese, Japanese or Korean name).
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x2ffff
            | 0xac00..=0xd7af | 0x3040..=0x30ff)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Liège"), "liege");
        assert_eq!(
            fold("  CHU de  Liège — Mont Légia "),
            "chu de liege mont legia"
        );
        assert_eq!(fold("陳美玲"), "陳美玲");
        assert_eq!(fold("Ærø"), "ærø");
        // The ASCII shortcut folds as the decomposition does.
        for ascii in [
            "  Mont-Legia, CHC ",
            "a.b@NTUH.gov.tw",
            "O'Brien  & Co.",
            "",
            " - ",
        ] {
            assert_eq!(fold(ascii), fold_chars(ascii.nfd(), 0), "{ascii:?}");
        }
        assert!(has_cjk("陳美玲"));
        assert!(!has_cjk("Chen Mei-Ling"));
    }
}
