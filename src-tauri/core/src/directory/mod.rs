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
pub mod tags;

use unicode_normalization::UnicodeNormalization;

/// Folds a text for comparisons: accents removed, lower case, runs of spaces and punctuation
/// made one space. "Liège" and "LIEGE" fold to the same "liege"; Chinese is kept as it is.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if decomposes_alone(text) {
        out.extend(Folded::new(text.chars().map(base_letter)));
    } else {
        out.extend(Folded::new(text.nfd()));
    }
    out
}

/// Whether `text` folds to `folded` (`fold(text) == folded`), read only as far as the first
/// difference and without building the folded text: for the cells compared with a word or two.
pub fn folds_to(text: &str, folded: &str) -> bool {
    if decomposes_alone(text) {
        Folded::new(text.chars().map(base_letter)).eq(folded.chars())
    } else {
        Folded::new(text.nfd()).eq(folded.chars())
    }
}

/// Whether every character of `text` is of the scripts planners' files are mostly written in
/// — ASCII, the Latin letters with their accents, combining accents, general punctuation,
/// CJK punctuation and ideographs, full-width forms, and the four other characters of
/// Windows-1252 (ˆ ˜ € ™, in Outlook's and Excel's files) — whose canonical decomposition is a base
/// letter followed by accents only (U+0300–U+036F, which folding drops) or the character
/// itself. For such a text the decomposition need not be worked out in full (nor the accents
/// put in canonical order): its base letters, [`base_letter`], fold alike. Anything else
/// (Greek with its accents, Hangul, Indic scripts…) goes through the full decomposition.
/// `the_shortcut_folds_as_the_decomposition` below checks every character of these ranges.
fn decomposes_alone(text: &str) -> bool {
    text.is_ascii()
        || text.chars().all(|c| {
            matches!(c, '\0'..='\u{24f}' | '\u{300}'..='\u{36f}' | '\u{2002}'..='\u{206f}'
                | '\u{3000}'..='\u{3029}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
                | '\u{ff00}'..='\u{ffef}' | '\u{2c6}' | '\u{2dc}' | '\u{20ac}' | '\u{2122}')
        })
}

/// A character's base letter: the first character of its canonical decomposition (the
/// Latin letters with accents, U+00C0–U+024F), else the character itself.
fn base_letter(c: char) -> char {
    if !('\u{c0}'..='\u{24f}').contains(&c) {
        return c;
    }
    let mut base = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        base.get_or_insert(d);
    });
    base.unwrap_or(c)
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

    /// The shortcut of [`decomposes_alone`] folds every character of its ranges, alone and
    /// after a letter with accents, as the full decomposition does.
    #[test]
    fn the_shortcut_folds_as_the_decomposition() {
        use unicode_normalization::char::{canonical_combining_class, decompose_canonical};
        let accents = '\u{300}'..='\u{36f}';
        let mut checked = 0;
        for c in (0..=0xffffu32).filter_map(char::from_u32) {
            let text = c.to_string();
            if !decomposes_alone(&text) {
                continue;
            }
            let mut parts = Vec::new();
            decompose_canonical(c, |d| parts.push(d));
            assert!(
                canonical_combining_class(parts[0]) == 0 || accents.contains(&parts[0]),
                "{c:?} starts with a mark"
            );
            assert!(
                parts[1..].iter().all(|d| accents.contains(d)),
                "{c:?} decomposes to more than a letter and accents: {parts:?}"
            );
            assert!(
                canonical_combining_class(c) == 0 || accents.contains(&c),
                "{c:?} is a mark"
            );
            if !('\u{c0}'..='\u{24f}').contains(&c) && !accents.contains(&c) {
                assert_eq!(parts, vec![c], "{c:?} decomposes");
            }
            for text in [text.clone(), format!("Ǖ{c}e\u{301}{c}\u{327}x")] {
                assert_eq!(
                    fold(&text),
                    Folded::new(text.nfd()).collect::<String>(),
                    "{text:?}"
                );
                assert!(folds_to(
                    &text,
                    &Folded::new(text.nfd()).collect::<String>()
                ));
            }
            checked += 1;
        }
        // Every character of the ranges (592 + 112 + 110 + 42 + 6,592 + 20,992 + 240 + 4).
        assert_eq!(checked, 28_684);
        // Windows-1252's bytes 0x80-0x9F, decoded, are all of them.
        for b in 0x80..=0x9fu8 {
            let byte = [b];
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            assert!(decomposes_alone(&text), "{text:?}");
        }
        // Outside the ranges: the full decomposition.
        assert_eq!(fold("Ἀθῆναι"), "αθηναι");
        assert_eq!(fold("한국"), Folded::new("한국".nfd()).collect::<String>());
    }

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
