//! The e-mail templates: one text file per template and language (`templates/<name>.<lang>.txt`:
//! a `Subject:` line, a blank line, the body) and the phrases they share
//! (`templates/phrases.<lang>.txt`: salutations, what to say when nothing is planned). They are
//! embedded in the binary; `{placeholder}`s are filled by [`fill`].

use super::MailTemplate;
use crate::documents::locale::Lang;

macro_rules! by_lang {
    ($name:literal) => {
        [
            include_str!(concat!("templates/", $name, ".fr.txt")),
            include_str!(concat!("templates/", $name, ".en.txt")),
            include_str!(concat!("templates/", $name, ".zh-TW.txt")),
        ]
    };
}

const INVITATION: [&str; 3] = by_lang!("invitation");
const CONFIRMATION: [&str; 3] = by_lang!("confirmation");
const THANK_YOU: [&str; 3] = by_lang!("thank-you");
const SURVEY: [&str; 3] = by_lang!("survey");
const PHRASES: [&str; 3] = by_lang!("phrases");

fn index(lang: Lang) -> usize {
    match lang {
        Lang::Fr => 0,
        Lang::En => 1,
        Lang::ZhTw => 2,
    }
}

/// A template's subject line and body, placeholders not yet filled.
pub struct Text {
    pub subject: &'static str,
    pub body: &'static str,
}

/// The template in a language.
pub fn template(template: MailTemplate, lang: Lang) -> Text {
    let all = match template {
        MailTemplate::Invitation => &INVITATION,
        MailTemplate::Confirmation => &CONFIRMATION,
        MailTemplate::ThankYou => &THANK_YOU,
        MailTemplate::Survey => &SURVEY,
    };
    split(all[index(lang)])
}

fn split(file: &'static str) -> Text {
    let (head, body) = file.split_once("\n\n").unwrap_or((file, ""));
    let subject = head
        .lines()
        .find_map(|l| l.strip_prefix("Subject:"))
        .unwrap_or("")
        .trim();
    Text {
        subject,
        body: body.trim_end(),
    }
}

/// A shared phrase (`salutation.titled`, `meetings.none`…) in a language; the key itself when
/// missing (a test checks none is).
pub fn phrase(lang: Lang, key: &str) -> String {
    PHRASES[index(lang)]
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_else(|| key.to_owned())
}

/// Fills `{name}` placeholders, in one pass (a value holding braces is left as it is); an
/// unknown placeholder stays as written.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders every template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "salutation",
    "name",
    "organisation",
    "mission",
    "dates",
    "route",
    "hostCity",
    "meetings",
    "signature",
];

#[cfg(test)]
mod tests {
    use super::*;

    const LANGS: [Lang; 3] = [Lang::Fr, Lang::En, Lang::ZhTw];

    #[test]
    fn every_template_has_a_subject_a_body_and_only_known_placeholders() {
        for t in MailTemplate::ALL {
            for lang in LANGS {
                let text = template(t, lang);
                assert!(!text.subject.is_empty(), "{t:?} {lang:?}");
                assert!(text.body.contains("{salutation}"), "{t:?} {lang:?}");
                assert!(text.body.contains("{signature}"), "{t:?} {lang:?}");
                let all: Vec<(&str, &str)> = PLACEHOLDERS.iter().map(|p| (*p, "x")).collect();
                for part in [text.subject, text.body] {
                    let filled = fill(part, &all);
                    assert!(!filled.contains('{'), "{t:?} {lang:?}: {filled}");
                }
            }
        }
    }

    #[test]
    fn every_phrase_exists_in_every_language() {
        for lang in LANGS {
            for key in [
                "salutation.titled",
                "salutation.plain",
                "meetings.none",
                "organisation.none",
            ] {
                assert_ne!(phrase(lang, key), key, "{lang:?} {key}");
            }
        }
    }

    #[test]
    fn placeholders_are_filled_once_and_unknown_ones_kept() {
        assert_eq!(
            fill("Hi {name}, {x} {name}", &[("name", "{name}")]),
            "Hi {name}, {x} {name}"
        );
        assert_eq!(fill("a {b", &[("b", "c")]), "a {b");
    }
}
