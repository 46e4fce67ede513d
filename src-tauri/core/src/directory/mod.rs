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
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        // Nothing to decompose (e-mails, codes, most names): skip the normalisation.
        out.extend(Folded::new(text.chars()));
    } else {
        out.extend(Folded::new(text.nfd()));
    }
    out
}

/// Whether `text` folds to `folded` (`fold(text) == folded`), read only as far as the first
/// difference and without building the folded text: for the cells compared with a word or two.
pub fn folds_to(text: &str, folded: &str) -> bool {
    if text.is_ascii() {
        Folded::new(text.chars()).eq(folded.chars())
    } else {
        Folded::new(text.nfd()).eq(folded.chars())
    }
}

/// The folded characters of a text, one at a time.
struct Folded<I> {
    chars: I,
    /// Lower case letters still to give (one letter can lower to several).
    lower: Option<std::char::ToLowercase>,
    /// A run of spaces or punctuation after a letter, given as one space before the next.
    space: bool,
    started: bool,
}

impl<I: Iterator<Item = char>> Folded<I> {
    fn new(chars: I) -> Self {
        Folded {
            chars,
            lower: None,
            space: false,
            started: false,
        }
    }
}

impl<I: Iterator<Item = char>> Iterator for Folded<I> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.lower.as_mut().and_then(Iterator::next) {
            return Some(c);
        }
        self.lower = None;
        loop {
            let c = self.chars.next()?;
            if ('\u{300}'..='\u{36f}').contains(&c) {
                continue;
            }
            if c.is_alphanumeric() {
                let mut lower = c.to_lowercase();
                if std::mem::take(&mut self.space) {
                    self.lower = Some(lower);
                    return Some(' ');
                }
                self.started = true;
                let first = lower.next();
                self.lower = Some(lower);
                return first;
            }
            self.space = self.started;
        }
    }
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
            assert_eq!(
                fold(ascii),
                Folded::new(ascii.nfd()).collect::<String>(),
                "{ascii:?}"
            );
        }
        for (text, folded) in [
            ("  ANONYME ", "anonyme"),
            ("Anonymous.", "anonymous"),
            ("Liège — CHU", "liege chu"),
            ("İstanbul", "istanbul"),
            ("", ""),
            (" - ", ""),
        ] {
            assert_eq!(fold(text), folded, "{text:?}");
            assert!(folds_to(text, folded), "{text:?}");
            assert!(!folds_to(text, "anonym"), "{text:?}");
            assert!(!folds_to(text, &format!("{folded} x")), "{text:?}");
        }
        assert!(has_cjk("陳美玲"));
        assert!(!has_cjk("Chen Mei-Ling"));
    }
}
