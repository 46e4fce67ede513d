//! The languages of printed documents: labels from `labels.json` (French, English, Traditional
//! Chinese), dates and weekday names written by hand (no ICU), and the bilingual pairs.

use crate::domain::Wording;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One language of a document (English when none is said).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    Fr,
    #[default]
    En,
    ZhTw,
}

impl Lang {
    /// One language (`fr`, `en`, `zh-TW`), not a pair: the language of messages and of the
    /// words written into records. Anything else is refused as `notALanguage` on `field`.
    pub fn parse_one(field: &str, text: &str) -> Result<Lang> {
        match Langs::parse(text) {
            Ok(Langs {
                primary,
                secondary: None,
            }) => Ok(primary),
            _ => Err(Error::invalid(
                field,
                crate::messages::Message::new("notALanguage").with("value", text),
            )),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::ZhTw => "zh-TW",
        }
    }

    /// The language a tag names, whatever its region or script: `fr-BE`, `fr_BE.UTF-8` → French,
    /// `zh`, `zh-Hant`, `zh_TW` → Traditional Chinese, `en-GB` → English; None for another.
    pub fn of_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        match tag.split(['-', '_', '.']).next().unwrap_or("") {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            "zh" => Some(Lang::ZhTw),
            _ => None,
        }
    }
}

/// The wording written for `lang`, if any.
pub fn worded(lang: Lang, wording: &Wording) -> Option<&str> {
    match lang {
        Lang::Fr => wording.fr.as_deref(),
        Lang::En => wording.en.as_deref(),
        Lang::ZhTw => wording.zh_tw.as_deref(),
    }
}

/// A text in `lang`: its wording for that language, else the record's own `text`.
pub fn in_lang<'a>(lang: Lang, wording: &'a Wording, text: &'a str) -> &'a str {
    worded(lang, wording).unwrap_or(text)
}

/// The same words rendered in each language (a text made from a message code).
pub fn every_language(text: impl Fn(Lang) -> String) -> Wording {
    Wording {
        fr: Some(text(Lang::Fr)),
        en: Some(text(Lang::En)),
        zh_tw: Some(text(Lang::ZhTw)),
    }
}

/// The language(s) a document is printed in: one, or two side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Langs {
    pub primary: Lang,
    pub secondary: Option<Lang>,
}

impl Langs {
    pub const ACCEPTED: &'static str =
        "fr, en, zh-TW, or two of them with a + (fr+en, fr+zh-TW, en+zh-TW, zh-TW+en…)";

    /// `fr`, `en`, `zh-TW`, or two different ones joined by `+`, the first the main language:
    /// `fr+en`, `fr+zh-TW`, `en+zh-TW`, `en+fr`, `zh-TW+fr`, `zh-TW+en` (case does not matter).
    pub fn parse(text: &str) -> Result<Langs> {
        let one = |t: &str| match t.trim().to_ascii_lowercase().as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            "zh-tw" | "zh_tw" => Some(Lang::ZhTw),
            _ => None,
        };
        let bad = || {
            Error::validation(
                "lang",
                format!("'{text}' is not a document language ({})", Langs::ACCEPTED),
            )
        };
        match text.split_once('+') {
            None => Ok(Langs {
                primary: one(text).ok_or_else(bad)?,
                secondary: None,
            }),
            Some((a, b)) => {
                let pair = (one(a).ok_or_else(bad)?, one(b).ok_or_else(bad)?);
                if pair.0 == pair.1 {
                    return Err(bad());
                }
                Ok(Langs {
                    primary: pair.0,
                    secondary: Some(pair.1),
                })
            }
        }
    }

    /// The first language of a document language given or not (`fr+zh-TW` → French), English
    /// when none: the language of a calendar file's few words.
    pub fn first_or_english(text: Option<&str>) -> Result<Lang> {
        match text.filter(|t| !t.is_empty()) {
            Some(t) => Ok(Langs::parse(t)?.primary),
            None => Ok(Lang::En),
        }
    }

    pub fn code(&self) -> String {
        match self.secondary {
            None => self.primary.code().to_owned(),
            Some(b) => format!("{}+{}", self.primary.code(), b.code()),
        }
    }

    pub fn all(&self) -> impl Iterator<Item = Lang> {
        std::iter::once(self.primary).chain(self.secondary)
    }

    pub fn has_chinese(&self) -> bool {
        self.all().any(|l| l == Lang::ZhTw)
    }

    /// A label in each language: `a` in the primary, `b` in the secondary (or none).
    pub fn label(&self, key: &str) -> Bi {
        self.map(|l| text(l, key))
    }

    /// A label with `{name}` placeholders filled, in each language.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> Bi {
        self.map(|l| fill(l, key, args))
    }

    /// The same computation in each language.
    pub fn map(&self, f: impl Fn(Lang) -> String) -> Bi {
        Bi {
            a: f(self.primary),
            b: self.secondary.map(f),
        }
    }
}

/// A text in the primary language and, for bilingual documents, in the secondary one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bi {
    pub a: String,
    pub b: Option<String>,
}

impl Bi {
    /// One line for both languages: "a / b", or `a` alone (a list's element in a
    /// bilingual document).
    pub fn joined(&self) -> String {
        match &self.b {
            Some(b) if b != &self.a => format!("{} / {b}", self.a),
            _ => self.a.clone(),
        }
    }

    /// The same text in every language (a name, a title).
    pub fn same(text: impl Into<String>) -> Bi {
        Bi {
            a: text.into(),
            b: None,
        }
    }
}

type Table = HashMap<String, HashMap<String, String>>;

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| serde_json::from_str(include_str!("labels.json")).unwrap_or_default())
}

/// A label in one language; a missing key shows the key itself (and fails the unit test).
pub fn text(lang: Lang, key: &str) -> String {
    table()
        .get(lang.code())
        .and_then(|t| t.get(key))
        .cloned()
        .unwrap_or_else(|| key.to_owned())
}

pub fn fill(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut out = text(lang, key);
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// "one" or "other" form of a counted label (`key.one` / `key.other`).
pub fn count(lang: Lang, key: &str, n: usize) -> String {
    let form = if n == 1 && lang != Lang::ZhTw {
        "one"
    } else {
        "other"
    };
    fill(lang, &format!("{key}.{form}"), &[("n", &n.to_string())])
}

const FR_DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const EN_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const ZH_DAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn weekday_index(w: Weekday) -> usize {
    w.num_days_from_monday() as usize
}

/// The weekday's full name: "jeudi", "Thursday", "星期四".
pub fn weekday(lang: Lang, d: NaiveDate) -> String {
    let i = weekday_index(d.weekday());
    match lang {
        Lang::Fr => FR_DAYS[i].to_owned(),
        Lang::En => EN_DAYS[i].to_owned(),
        Lang::ZhTw => format!("星期{}", ZH_DAYS[i]),
    }
}

fn month(lang: Lang, d: NaiveDate) -> &'static str {
    let i = d.month0() as usize;
    match lang {
        Lang::Fr => FR_MONTHS[i],
        _ => EN_MONTHS[i],
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A day heading: "Jeudi 26 juin 2025", "Thursday 26 June 2025", "2025年6月26日星期四".
pub fn long_date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Fr => capitalise(&format!(
            "{} {} {} {}",
            weekday(lang, d),
            day_of_month_fr(d),
            month(lang, d),
            d.year()
        )),
        Lang::En => format!(
            "{} {} {} {}",
            weekday(lang, d),
            d.day(),
            month(lang, d),
            d.year()
        ),
        Lang::ZhTw => format!(
            "{}年{}月{}日{}",
            d.year(),
            d.month(),
            d.day(),
            weekday(lang, d)
        ),
    }
}

fn day_of_month_fr(d: NaiveDate) -> String {
    if d.day() == 1 {
        "1er".to_owned()
    } else {
        d.day().to_string()
    }
}

/// A short date: "jeu. 26 juin", "Thu 26 Jun", "6月26日週四".
pub fn short_date(lang: Lang, d: NaiveDate) -> String {
    let i = weekday_index(d.weekday());
    match lang {
        Lang::Fr => {
            let m = month(lang, d);
            let m = if m.chars().count() > 5 {
                format!("{}.", m.chars().take(4).collect::<String>())
            } else {
                m.to_owned()
            };
            format!(
                "{}. {} {m}",
                &FR_DAYS[i].chars().take(3).collect::<String>(),
                day_of_month_fr(d)
            )
        }
        Lang::En => format!("{} {} {}", &EN_DAYS[i][..3], d.day(), &month(lang, d)[..3]),
        Lang::ZhTw => format!("{}月{}日週{}", d.month(), d.day(), ZH_DAYS[i]),
    }
}

/// A date without weekday: "22 novembre 2026", "22 November 2026", "2026年11月22日".
pub fn plain_date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Fr => format!("{} {} {}", day_of_month_fr(d), month(lang, d), d.year()),
        Lang::En => format!("{} {} {}", d.day(), month(lang, d), d.year()),
        Lang::ZhTw => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
    }
}

/// A span of days: "26–27 juin 2025", "30 June – 2 July 2025", "2025年6月26日至27日".
pub fn date_range(lang: Lang, a: NaiveDate, b: NaiveDate) -> String {
    if a == b {
        return plain_date(lang, a);
    }
    let same_month = a.year() == b.year() && a.month() == b.month();
    match lang {
        Lang::ZhTw => {
            if same_month {
                format!("{}年{}月{}日至{}日", a.year(), a.month(), a.day(), b.day())
            } else if a.year() == b.year() {
                format!(
                    "{}年{}月{}日至{}月{}日",
                    a.year(),
                    a.month(),
                    a.day(),
                    b.month(),
                    b.day()
                )
            } else {
                format!("{}至{}", plain_date(lang, a), plain_date(lang, b))
            }
        }
        _ => {
            let day = |d: NaiveDate| {
                if lang == Lang::Fr {
                    day_of_month_fr(d)
                } else {
                    d.day().to_string()
                }
            };
            if same_month {
                format!("{}–{}", day(a), plain_date(lang, b))
            } else if a.year() == b.year() {
                format!("{} {} – {}", day(a), month(lang, a), plain_date(lang, b))
            } else {
                format!("{} – {}", plain_date(lang, a), plain_date(lang, b))
            }
        }
    }
}

/// The city of an IANA zone, in the language: "Bruxelles", "Taipei", "臺北".
pub fn zone_city(lang: Lang, zone: &str) -> String {
    const KNOWN: &[(&str, &str, &str, &str)] = &[
        ("Europe/Brussels", "Bruxelles", "Brussels", "布魯塞爾"),
        ("Asia/Taipei", "Taipei", "Taipei", "臺北"),
        ("Europe/Paris", "Paris", "Paris", "巴黎"),
        ("Europe/London", "Londres", "London", "倫敦"),
        ("Europe/Amsterdam", "Amsterdam", "Amsterdam", "阿姆斯特丹"),
        ("Europe/Berlin", "Berlin", "Berlin", "柏林"),
        ("Europe/Luxembourg", "Luxembourg", "Luxembourg", "盧森堡"),
        ("Asia/Tokyo", "Tokyo", "Tokyo", "東京"),
        ("Asia/Seoul", "Séoul", "Seoul", "首爾"),
        ("Asia/Shanghai", "Shanghai", "Shanghai", "上海"),
        ("Asia/Hong_Kong", "Hong Kong", "Hong Kong", "香港"),
        ("Asia/Singapore", "Singapour", "Singapore", "新加坡"),
        ("America/New_York", "New York", "New York", "紐約"),
        ("America/Montreal", "Montréal", "Montreal", "蒙特婁"),
        ("America/Toronto", "Toronto", "Toronto", "多倫多"),
    ];
    if let Some((_, fr, en, zh)) = KNOWN.iter().find(|k| k.0 == zone) {
        return match lang {
            Lang::Fr => fr,
            Lang::En => en,
            Lang::ZhTw => zh,
        }
        .to_string();
    }
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

/// A country's name from its ISO code, for the few a mission usually spans; else the code.
pub fn country(lang: Lang, code: &str) -> String {
    const KNOWN: &[(&str, &str, &str, &str)] = &[
        ("BE", "Belgique", "Belgium", "比利時"),
        ("TW", "Taïwan", "Taiwan", "臺灣"),
        ("FR", "France", "France", "法國"),
        ("NL", "Pays-Bas", "Netherlands", "荷蘭"),
        ("LU", "Luxembourg", "Luxembourg", "盧森堡"),
        ("DE", "Allemagne", "Germany", "德國"),
        ("GB", "Royaume-Uni", "United Kingdom", "英國"),
        ("JP", "Japon", "Japan", "日本"),
        ("KR", "Corée du Sud", "South Korea", "韓國"),
        ("SG", "Singapour", "Singapore", "新加坡"),
        ("US", "États-Unis", "United States", "美國"),
        ("CA", "Canada", "Canada", "加拿大"),
        ("CH", "Suisse", "Switzerland", "瑞士"),
    ];
    match KNOWN.iter().find(|k| k.0.eq_ignore_ascii_case(code)) {
        Some((_, fr, en, zh)) => match lang {
            Lang::Fr => fr,
            Lang::En => en,
            Lang::ZhTw => zh,
        }
        .to_string(),
        None => code.to_owned(),
    }
}

/// A delegation role in the language when it is one of the usual ones; else as typed.
pub fn role(lang: Lang, role: &str) -> String {
    let key = format!("role.{}", role.trim().to_lowercase());
    let t = text(lang, &key);
    if t == key {
        role.to_owned()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn languages_parse_and_every_pair_is_accepted() {
        assert_eq!(
            Langs::parse("zh-TW").ok().map(|l| l.code()),
            Some("zh-TW".into())
        );
        assert_eq!(
            Langs::parse("fr+en").ok().map(|l| l.code()),
            Some("fr+en".into())
        );
        assert_eq!(
            Langs::parse("en+zh-tw").ok().map(|l| l.code()),
            Some("en+zh-TW".into())
        );
        for pair in ["fr+zh-TW", "zh-TW+fr", "zh-TW+en", "en+fr"] {
            assert_eq!(Langs::parse(pair).ok().map(|l| l.code()), Some(pair.into()));
        }
        assert!(Langs::parse("de").is_err());
        assert!(Langs::parse("fr+fr").is_err());
        assert!(Langs::parse("fr+en+zh-TW").is_err());
        assert!(Langs::parse("fr+").is_err());
        assert!(Langs::parse("").is_err());
    }

    #[test]
    fn dates_in_three_languages() {
        let thu = d(2025, 6, 26);
        assert_eq!(long_date(Lang::Fr, thu), "Jeudi 26 juin 2025");
        assert_eq!(long_date(Lang::En, thu), "Thursday 26 June 2025");
        assert_eq!(long_date(Lang::ZhTw, thu), "2025年6月26日星期四");
        assert_eq!(short_date(Lang::Fr, d(2025, 6, 27)), "ven. 27 juin");
        assert_eq!(short_date(Lang::Fr, d(2025, 9, 1)), "lun. 1er sept.");
        assert_eq!(short_date(Lang::En, thu), "Thu 26 Jun");
        assert_eq!(short_date(Lang::ZhTw, thu), "6月26日週四");
        assert_eq!(date_range(Lang::Fr, thu, d(2025, 6, 27)), "26–27 juin 2025");
        assert_eq!(
            date_range(Lang::En, d(2025, 6, 30), d(2025, 7, 2)),
            "30 June – 2 July 2025"
        );
        assert_eq!(
            date_range(Lang::ZhTw, thu, d(2025, 6, 27)),
            "2025年6月26日至27日"
        );
    }

    #[test]
    fn every_label_exists_in_the_three_languages() {
        let t = table();
        let fr: std::collections::BTreeSet<_> = t["fr"].keys().collect();
        let en: std::collections::BTreeSet<_> = t["en"].keys().collect();
        let zh: std::collections::BTreeSet<_> = t["zh-TW"].keys().collect();
        assert!(!fr.is_empty());
        assert_eq!(fr, en);
        assert_eq!(fr, zh);
    }

    /// The kinds and statuses mirror the app's message files, so screen and paper agree.
    #[test]
    fn kinds_and_statuses_match_the_app() {
        for (lang, file) in [
            (
                Lang::Fr,
                include_str!("../../../../ui/src/lib/i18n/fr.json"),
            ),
            (
                Lang::En,
                include_str!("../../../../ui/src/lib/i18n/en.json"),
            ),
            (
                Lang::ZhTw,
                include_str!("../../../../ui/src/lib/i18n/zh-TW.json"),
            ),
        ] {
            let ui: HashMap<String, serde_json::Value> =
                serde_json::from_str(file).unwrap_or_default();
            for kind in crate::domain::AgendaKind::ALL {
                let key = format!("kind.{}", kind.as_str());
                assert_eq!(
                    ui.get(&key).and_then(|v| v.as_str()),
                    Some(text(lang, &key).as_str())
                );
            }
            for status in crate::domain::ItemStatus::ALL {
                let key = format!("status.{}", status.as_str());
                assert_eq!(
                    ui.get(&key).and_then(|v| v.as_str()),
                    Some(text(lang, &key).as_str())
                );
            }
        }
    }
}
