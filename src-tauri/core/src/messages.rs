//! Messages as codes. The core says what went wrong as a stable code (`alreadyMember`) with
//! named parameters; the window renders `err.<code>` from its fr/en/zh-TW message files
//! (`ui/src/lib/i18n/`), and the CLI and the logs use the English file, embedded here, so that
//! the wording exists once.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A message's code and parameters, e.g. `alreadyMember` with `name = "Haruki Sato"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub code: &'static str,
    pub params: BTreeMap<String, String>,
}

impl Message {
    pub fn new(code: &'static str) -> Self {
        Message {
            code,
            params: BTreeMap::new(),
        }
    }

    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }

    /// The message in English, from the window's English file (the code itself if it has no
    /// entry there, which a test forbids).
    pub fn english(&self) -> String {
        let text = english_catalogue()
            .get(&format!("err.{}", self.code))
            .cloned()
            .unwrap_or_else(|| self.code.to_owned());
        fill(&text, &self.params)
    }
}

fn english_catalogue() -> &'static BTreeMap<String, String> {
    static CATALOGUE: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        serde_json::from_str(include_str!("../../../ui/src/lib/i18n/en.json")).unwrap_or_default()
    })
}

/// Replaces each `{name}` by its parameter; unknown names stay as written.
fn fill(text: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if params.contains_key(&after[..close]) => {
                out.push_str(&params[&after[..close]]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The codes the core emits, so that a test can check each has a message in every language.
pub const CODES: &[&str] = &[
    "required",
    "tooLong",
    "controlCharacters",
    "notACountry",
    "notATimeZone",
    "outOfRange",
    "notAnEmail",
    "notAPhone",
    "notAWebsite",
    "notADate",
    "notATime",
    "notALanguage",
    "notADateTime",
    "skippedHour",
    "endBeforeStart",
    "missionEndsBeforeStart",
    "alreadyMember",
    "notARole",
    "siteInUse",
    "missionHasRecords",
    "outcomeOnCancelled",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_message_in_every_language() {
        for (lang, file) in [
            ("en", include_str!("../../../ui/src/lib/i18n/en.json")),
            ("fr", include_str!("../../../ui/src/lib/i18n/fr.json")),
            ("zh-TW", include_str!("../../../ui/src/lib/i18n/zh-TW.json")),
        ] {
            let catalogue: BTreeMap<String, String> =
                serde_json::from_str(file).unwrap_or_default();
            for code in CODES {
                assert!(
                    catalogue.contains_key(&format!("err.{code}")),
                    "{lang} lacks err.{code}"
                );
            }
        }
    }

    #[test]
    fn parameters_are_filled_and_unknown_ones_kept() {
        let m = Message::new("alreadyMember").with("name", "Haruki Sato");
        assert!(m.english().contains("Haruki Sato"), "{}", m.english());
        let params = BTreeMap::from([("a".to_owned(), "1".to_owned())]);
        assert_eq!(fill("{a} and {b} {", &params), "1 and {b} {");
    }
}
