//! Messages as codes. The core says what it found as a stable code with named parameters; the
//! window renders it from its fr/en/zh-TW message files (`ui/src/lib/i18n/`, `messageText` in
//! `index.svelte.ts`), and the CLI, the documents and the logs render it here from the same
//! files, embedded, so that the wording exists once.
//!
//! The conventions, shared with the window's renderer:
//! - A code without a dot (`alreadyMember`) is an error, rendered from the key `err.<code>`; a
//!   code with a dot (`conflict.personBusy`, `reason.noSlot`) is the key itself.
//! - A parameter named `count` picks the plural form `<key>.one` / `<key>.other` when the
//!   catalogue has them (French: 0 and 1 are "one"; Chinese: always "other").
//! - `{name}` is the parameter as given; `{name:time}`, `{name:date}` and `{name:dateTime}`
//!   read an RFC 3339 instant and show it in the zone given by the parameter `zone` (UTC when
//!   there is none): "14:30", "jeu. 26 juin", "jeu. 26 juin 14:30".
//! - `{name:list}` reads names separated by line breaks and joins them as the language does
//!   ("A, B and C", "A, B et C", "A、B和C"; beyond four, "A, B, C and 9 others");
//!   `{name:timeRanges}` reads RFC 3339 intervals (`start/end`, one a line) and shows them as
//!   such a list of "14:00–15:00" in the zone; `{name:duration}` reads minutes: "1 h 15",
//!   "1 小時 15 分". Their words are the catalogue's `list.*` and `duration.*` keys.
//!   `{name:day}` reads a calendar day (`2025-06-26`) and shows it as the language types a date:
//!   "26/06/2025", "2025/06/26".
//! - A parameter may come in each language, for data that has its own translations (a
//!   specialty's label): `name@fr` and `name@zh-TW` beside `name`, which is English and the
//!   fallback. `{name}` shows the one of the language rendered.

use crate::documents::locale::{short_date, Lang};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

mod codes;
pub use codes::CODES;

/// A message's code and parameters, e.g. `alreadyMember` with `name = "Haruki Sato"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Message {
    #[ts(type = "string")]
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

    /// An instant parameter, shown with `{name:time}`, `{name:date}` or `{name:dateTime}` in
    /// the zone of the parameter `zone`.
    pub fn with_instant(self, name: &str, at: DateTime<Utc>) -> Self {
        self.with(name, crate::time::format_utc(at))
    }

    /// A list parameter (names), shown with `{name:list}`.
    pub fn with_list<S: AsRef<str>>(self, name: &str, values: &[S]) -> Self {
        let joined: Vec<&str> = values.iter().map(AsRef::as_ref).collect();
        self.with(name, joined.join("\n"))
    }

    /// A list of intervals, shown with `{name:timeRanges}` in the zone of the parameter `zone`.
    pub fn with_ranges(self, name: &str, ranges: &[(DateTime<Utc>, DateTime<Utc>)]) -> Self {
        let text: Vec<String> = ranges
            .iter()
            .map(|(s, e)| {
                format!(
                    "{}/{}",
                    crate::time::format_utc(*s),
                    crate::time::format_utc(*e)
                )
            })
            .collect();
        self.with(name, text.join("\n"))
    }

    /// A message read back from where it was stored (e.g. as JSON): `None` for a code this
    /// build does not emit.
    pub fn known(code: &str, params: BTreeMap<String, String>) -> Option<Message> {
        let code = CODES.iter().find(|c| **c == code)?;
        Some(Message { code, params })
    }

    /// The catalogue key: `err.<code>` for an error's bare code, else the code itself.
    pub fn key(&self) -> String {
        key_of(self.code)
    }

    /// The message in English (the language of the CLI and the logs).
    pub fn english(&self) -> String {
        self.render(Lang::En)
    }

    /// The message in `lang`, from the window's message file of that language (English where
    /// it lacks the key; the key itself if English lacks it too, which a test forbids).
    pub fn render(&self, lang: Lang) -> String {
        let key = self.key();
        let plural = self
            .params
            .get("count")
            .and_then(|n| n.parse::<i64>().ok())
            .map(|n| format!("{key}.{}", plural_form(lang, n)));
        let candidates = plural
            .into_iter()
            .chain([format!("{key}.other"), key.clone()]);
        let text = candidates
            .into_iter()
            .find_map(|k| lookup(lang, &k))
            .unwrap_or(key);
        fill(&text, &self.params, lang)
    }
}

/// An action's label as `change_sets` holds it, in `lang`: an `action.*` code (`Store::write`'s
/// label) rendered from the catalogue; a label that is not one (files from before labels were
/// codes hold English sentences) as it is.
pub fn label_text(label: &str, lang: Lang) -> String {
    if !label.starts_with("action.") {
        return label.to_owned();
    }
    lookup(lang, label)
        .or_else(|| lookup(Lang::En, label))
        .unwrap_or_else(|| label.to_owned())
}

/// A label of the window's message files in `lang` (English where it lacks the key, the key
/// itself if English lacks it too): for documents that show the window's own words, such as
/// the report's results (`kpi.*`, `agreement.*`).
pub fn text(lang: Lang, key: &str) -> String {
    lookup(lang, key).unwrap_or_else(|| key.to_owned())
}

fn key_of(code: &str) -> String {
    if code.contains('.') {
        code.to_owned()
    } else {
        format!("err.{code}")
    }
}

/// CLDR's cardinal categories for the three languages: French counts 0 and 1 as "one".
fn plural_form(lang: Lang, n: i64) -> &'static str {
    match lang {
        Lang::Fr if n == 0 || n == 1 => "one",
        Lang::En if n == 1 => "one",
        _ => "other",
    }
}

fn lookup(lang: Lang, key: &str) -> Option<String> {
    catalogue(lang)
        .get(key)
        .or_else(|| catalogue(Lang::En).get(key))
        .cloned()
}

fn catalogue(lang: Lang) -> &'static BTreeMap<String, String> {
    static CATALOGUES: OnceLock<[BTreeMap<String, String>; 3]> = OnceLock::new();
    let all = CATALOGUES.get_or_init(|| {
        [
            include_str!("../../../../ui/src/lib/i18n/fr.json"),
            include_str!("../../../../ui/src/lib/i18n/en.json"),
            include_str!("../../../../ui/src/lib/i18n/zh-TW.json"),
        ]
        .map(|file| serde_json::from_str(file).unwrap_or_default())
    });
    match lang {
        Lang::Fr => &all[0],
        Lang::En => &all[1],
        Lang::ZhTw => &all[2],
    }
}

/// Replaces each `{name}` / `{name:format}` by its parameter; unknown names stay as written.
fn fill(text: &str, params: &BTreeMap<String, String>, lang: Lang) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let (name, format) = match after[..close].split_once(':') {
                Some((name, format)) => (name, Some(format)),
                None => (&after[..close], None),
            };
            let value = params
                .get(&format!("{name}@{}", lang.code()))
                .or_else(|| params.get(name))?;
            let text = match format {
                None => value.clone(),
                Some(format) => format_param(value, format, params.get("zone"), lang)?,
            };
            Some((text, close))
        });
        match filled {
            Some((text, close)) => {
                out.push_str(&text);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A parameter shown in a format: an instant, a list, time ranges or a duration.
fn format_param(value: &str, format: &str, zone: Option<&String>, lang: Lang) -> Option<String> {
    match format {
        "list" => Some(list(lang, value.split('\n').map(str::to_owned).collect())),
        "timeRanges" => {
            let ranges = value
                .split('\n')
                .map(|range| {
                    let (start, end) = range.split_once('/')?;
                    let start = format_instant(start, "time", zone, lang)?;
                    Some(format!(
                        "{start}–{}",
                        format_instant(end, "time", zone, lang)?
                    ))
                })
                .collect::<Option<Vec<String>>>()?;
            Some(list(lang, ranges))
        }
        "duration" => {
            let minutes: i64 = value.parse().ok()?;
            let (h, m) = (minutes / 60, minutes % 60);
            let key = match (h, m) {
                (0, _) => "duration.minutes",
                (_, 0) => "duration.hours",
                _ => "duration.hoursMinutes",
            };
            let params = BTreeMap::from([
                ("h".to_owned(), h.to_string()),
                ("m".to_owned(), m.to_string()),
                ("mm".to_owned(), format!("{m:02}")),
            ]);
            Some(fill(&lookup(lang, key)?, &params, lang))
        }
        "day" => {
            let d = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()?;
            Some(numeric_date(lang, d))
        }
        _ => format_instant(value, format, zone, lang),
    }
}

/// A calendar day as a date is typed in the language: "26/06/2025", "2025/06/26" (the
/// window's `formatNumericDate`).
fn numeric_date(lang: Lang, d: chrono::NaiveDate) -> String {
    match lang {
        Lang::ZhTw => d.format("%Y/%m/%d").to_string(),
        Lang::Fr | Lang::En => d.format("%d/%m/%Y").to_string(),
    }
}

/// "A", "A and B", "A, B and C", "A, B, C and 9 others" in the language's words.
fn list(lang: Lang, mut items: Vec<String>) -> String {
    let separator = lookup(lang, "list.separator").unwrap_or_else(|| ", ".to_owned());
    if items.len() > 4 {
        let total = items.len();
        items.truncate(3);
        let params = BTreeMap::from([
            ("first".to_owned(), items.join(&separator)),
            ("others".to_owned(), (total - 3).to_string()),
        ]);
        let text = lookup(lang, "list.more").unwrap_or_default();
        return fill(&text, &params, lang);
    }
    match items.pop() {
        None => String::new(),
        Some(last) if items.is_empty() => last,
        Some(last) => {
            let params = BTreeMap::from([
                ("rest".to_owned(), items.join(&separator)),
                ("last".to_owned(), last),
            ]);
            let text = lookup(lang, "list.last").unwrap_or_default();
            fill(&text, &params, lang)
        }
    }
}

/// An RFC 3339 instant as a time, a date or both, in `zone` (UTC if none or unknown).
fn format_instant(value: &str, format: &str, zone: Option<&String>, lang: Lang) -> Option<String> {
    let at = DateTime::parse_from_rfc3339(value)
        .ok()?
        .with_timezone(&Utc);
    let tz: chrono_tz::Tz = zone.and_then(|z| z.parse().ok()).unwrap_or(chrono_tz::UTC);
    let local = at.with_timezone(&tz);
    let time = local.format("%H:%M").to_string();
    match format {
        "time" => Some(time),
        "date" => Some(short_date(lang, local.date_naive())),
        "dateTime" => Some(format!("{} {time}", short_date(lang, local.date_naive()))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calendar_day_is_shown_as_the_language_types_a_date() {
        let params = BTreeMap::from([("expiry".to_owned(), "2025-09-26".to_owned())]);
        assert_eq!(fill("{expiry:day}", &params, Lang::Fr), "26/09/2025");
        assert_eq!(fill("{expiry:day}", &params, Lang::En), "26/09/2025");
        assert_eq!(fill("{expiry:day}", &params, Lang::ZhTw), "2025/09/26");
        let bad = BTreeMap::from([("expiry".to_owned(), "soon".to_owned())]);
        assert_eq!(fill("{expiry:day}", &bad, Lang::Fr), "{expiry:day}");
    }

    #[test]
    fn a_change_sets_label_is_said_in_the_language_and_an_old_english_one_as_it_is() {
        assert_eq!(
            label_text("action.moveItem", Lang::Fr),
            "Déplacer un élément"
        );
        assert_eq!(label_text("action.moveItem", Lang::ZhTw), "移動行程項目");
        assert_eq!(label_text("action.moveItem", Lang::En), "Move an item");
        assert_eq!(label_text("Move an item", Lang::Fr), "Move an item");
    }

    #[test]
    fn every_code_has_a_message_in_every_language() {
        for (lang, file) in [
            ("en", include_str!("../../../../ui/src/lib/i18n/en.json")),
            ("fr", include_str!("../../../../ui/src/lib/i18n/fr.json")),
            (
                "zh-TW",
                include_str!("../../../../ui/src/lib/i18n/zh-TW.json"),
            ),
        ] {
            let catalogue: BTreeMap<String, String> =
                serde_json::from_str(file).unwrap_or_default();
            for code in CODES {
                let key = key_of(code);
                let plural = format!("{key}.other");
                assert!(
                    catalogue.contains_key(&key) || catalogue.contains_key(&plural),
                    "{lang} lacks {key}"
                );
            }
        }
    }

    #[test]
    fn parameters_are_filled_and_unknown_ones_kept() {
        let m = Message::new("alreadyMember").with("name", "Haruki Sato");
        assert!(m.english().contains("Haruki Sato"), "{}", m.english());
        let params = BTreeMap::from([("a".to_owned(), "1".to_owned())]);
        assert_eq!(fill("{a} and {b} {", &params, Lang::En), "1 and {b} {");
    }

    #[test]
    fn each_language_renders_from_its_own_file() {
        let m = Message::new("alreadyMember").with("name", "Haruki Sato");
        let (fr, zh) = (m.render(Lang::Fr), m.render(Lang::ZhTw));
        assert!(fr.contains("Haruki Sato") && fr != m.english(), "{fr}");
        assert!(
            zh.contains("Haruki Sato") && zh != m.english() && zh != fr,
            "{zh}"
        );
    }

    #[test]
    fn instants_are_shown_in_the_zone_given() {
        let at = DateTime::parse_from_rfc3339("2025-06-26T12:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut params = BTreeMap::from([("at".to_owned(), crate::time::format_utc(at))]);
        assert_eq!(fill("{at:time}", &params, Lang::Fr), "12:30");
        params.insert("zone".to_owned(), "Europe/Brussels".to_owned());
        assert_eq!(fill("{at:time}", &params, Lang::Fr), "14:30");
        assert_eq!(
            fill("{at:dateTime}", &params, Lang::Fr),
            "jeu. 26 juin 14:30"
        );
        assert_eq!(
            fill("{at:dateTime}", &params, Lang::ZhTw),
            "6月26日週四 14:30"
        );
        // Not an instant, or an unknown format: left as written.
        assert_eq!(
            fill("{zone:time} {at:week}", &params, Lang::En),
            "{zone:time} {at:week}"
        );
    }

    #[test]
    fn lists_ranges_and_durations_in_each_language() {
        let names = |n: usize| (1..=n).map(|i| format!("P{i}")).collect::<Vec<_>>();
        let m = |n| Message::new("x").with_list("names", &names(n));
        let f = |n, lang| fill("{names:list}", &m(n).params, lang);
        assert_eq!(f(1, Lang::En), "P1");
        assert_eq!(f(2, Lang::En), "P1 and P2");
        assert_eq!(f(4, Lang::En), "P1, P2, P3 and P4");
        assert_eq!(f(12, Lang::En), "P1, P2, P3 and 9 others");
        assert_eq!(f(3, Lang::Fr), "P1, P2 et P3");
        assert_eq!(f(3, Lang::ZhTw), "P1、P2和P3");
        assert_eq!(f(12, Lang::ZhTw), "P1、P2、P3以及另外 9 人");
        let d = |minutes: i64, lang| {
            let m = Message::new("x").with("d", minutes);
            fill("{d:duration}", &m.params, lang)
        };
        assert_eq!(d(30, Lang::En), "30 min");
        assert_eq!(d(120, Lang::Fr), "2 h");
        assert_eq!(d(65, Lang::En), "1 h 05");
        assert_eq!(d(75, Lang::ZhTw), "1 小時 15 分");
        let at = |h| {
            DateTime::parse_from_rfc3339(&format!("2025-06-26T{h:02}:00:00Z"))
                .unwrap()
                .with_timezone(&Utc)
        };
        let m = Message::new("x")
            .with_ranges("w", &[(at(7), at(8)), (at(12), at(13))])
            .with("zone", "Europe/Brussels");
        assert_eq!(
            fill("{w:timeRanges}", &m.params, Lang::Fr),
            "09:00–10:00 et 14:00–15:00"
        );
    }

    /// The shell's desktop reminders are rendered from these codes in the planner's language.
    #[test]
    fn reminders_of_due_follow_ups_speak_the_planners_language() {
        let one = Message::new("notification.followupDueOn")
            .with("title", "Relancer le CHU")
            .with("due", "2025-07-15");
        assert_eq!(one.render(Lang::Fr), "Relancer le CHU (pour le 15/07/2025)");
        assert_eq!(one.render(Lang::ZhTw), "Relancer le CHU（2025/07/15 到期）");
        let many = Message::new("notification.followupsDue").with("count", 3);
        assert_eq!(many.render(Lang::Fr), "3 suivis à faire");
        assert_eq!(many.render(Lang::En), "3 follow-ups due");
        assert_eq!(
            Message::new("notification.followupsDue")
                .with("count", 1)
                .render(Lang::En),
            "1 follow-up due"
        );
        assert_eq!(
            Message::new("notification.followupDue").render(Lang::ZhTw),
            "追蹤事項到期"
        );
    }

    #[test]
    fn counts_pick_the_plural_form_of_each_language() {
        assert_eq!(plural_form(Lang::Fr, 0), "one");
        assert_eq!(plural_form(Lang::En, 0), "other");
        assert_eq!(plural_form(Lang::En, 1), "one");
        assert_eq!(plural_form(Lang::ZhTw, 1), "other");
        assert_eq!(key_of("alreadyMember"), "err.alreadyMember");
        assert_eq!(key_of("conflict.personBusy"), "conflict.personBusy");
    }
}
