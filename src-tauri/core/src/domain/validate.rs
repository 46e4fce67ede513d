//! Field checks shared by every input. Each returns a validation error naming the field.

use crate::error::{Error, Result};
use crate::messages::Message;
use chrono::{NaiveDate, NaiveTime};
use std::borrow::Cow;

/// Trims a required text; empty or over `max` characters is an error.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, Message::new("required")));
    }
    bounded(field, value, max)
}

/// Trims an optional text; blank becomes `None`.
pub fn optional_text(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => bounded(field, v, max).map(Some),
    }
}

fn bounded(field: &str, value: &str, max: usize) -> Result<String> {
    let value = line_breaks(value);
    if value.chars().count() > max {
        return Err(Error::invalid(
            field,
            Message::new("tooLong").with("max", max),
        ));
    }
    if value.chars().any(is_stray_control) {
        return Err(Error::invalid(field, Message::new("controlCharacters")));
    }
    Ok(value.into_owned())
}

/// A control character that is not text: anything but a line feed or a tab (line breaks are
/// made line feeds by [`line_breaks`] first).
fn is_stray_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Line breaks as data: CRLF and a lone CR (Windows and old Mac files, vCard's quoted-printable
/// `=0D=0A`) become LF, the one line break stored. Borrows when there is no CR.
pub fn line_breaks(value: &str) -> Cow<'_, str> {
    if value.contains('\r') {
        Cow::Owned(value.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(value)
    }
}

/// Imported text as data: line breaks kept (as LF), every other control character but a tab
/// removed. Returns the text and whether something was removed, which the import reports as a
/// warning for the row rather than refusing the contact. Borrows when there is nothing to do.
pub fn clean_text(value: &str) -> (Cow<'_, str>, bool) {
    // Fast path: no byte that can start a control character (C0, DEL, or C1 as 0xC2 0x80–0x9F).
    if !value
        .bytes()
        .any(|b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f || b == 0xc2)
    {
        return (Cow::Borrowed(value), false);
    }
    let value = line_breaks(value);
    if !value.chars().any(is_stray_control) {
        return (value, false);
    }
    (
        Cow::Owned(value.chars().filter(|c| !is_stray_control(*c)).collect()),
        true,
    )
}

/// ISO 3166-1 alpha-2 country code, upper case.
/// A decimal number as typed, with a comma or a point ("12,5", "12.5"); None when the text is
/// not a finite number. Callers say what is wrong with it on their field.
pub fn typed_decimal(text: &str) -> Option<f64> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

pub fn country(field: &str, value: &str) -> Result<String> {
    let code = value.trim().to_ascii_uppercase();
    if code.len() == 2 && is_iso_country(code.as_bytes()) {
        Ok(code)
    } else {
        Err(Error::invalid(
            field,
            Message::new("notACountry").with("value", value),
        ))
    }
}

/// An IANA time zone name known to the embedded tz database.
pub fn time_zone(field: &str, value: &str) -> Result<chrono_tz::Tz> {
    value
        .trim()
        .parse::<chrono_tz::Tz>()
        .map_err(|_| Error::invalid(field, Message::new("notATimeZone").with("value", value)))
}

pub fn latitude(field: &str, value: Option<f64>) -> Result<Option<f64>> {
    coordinate(field, value, 90.0)
}

pub fn longitude(field: &str, value: Option<f64>) -> Result<Option<f64>> {
    coordinate(field, value, 180.0)
}

fn coordinate(field: &str, value: Option<f64>, limit: f64) -> Result<Option<f64>> {
    match value {
        Some(v) if !v.is_finite() || v.abs() > limit => Err(Error::invalid(
            field,
            Message::new("outOfRange")
                .with("value", v)
                .with("limit", limit),
        )),
        other => Ok(other),
    }
}

/// An e-mail address: one @, a non-empty local part, a dotted domain, no spaces.
pub fn email(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = optional_text(field, value, 254)? else {
        return Ok(None);
    };
    let valid = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        Ok(Some(v))
    } else {
        Err(Error::invalid(
            field,
            Message::new("notAnEmail").with("value", v),
        ))
    }
}

/// A phone number in international form: '+', then 7 to 15 digits, spaces or dashes allowed.
pub fn phone(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = optional_text(field, value, 40)? else {
        return Ok(None);
    };
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let valid = v.starts_with('+')
        && v[1..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '-' || c == '(' || c == ')')
        && (7..=15).contains(&digits);
    if valid {
        Ok(Some(v))
    } else {
        Err(Error::invalid(
            field,
            Message::new("notAPhone").with("value", v),
        ))
    }
}

pub fn website(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = optional_text(field, value, 500)? else {
        return Ok(None);
    };
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !v.chars().any(char::is_whitespace) => Ok(Some(v)),
        _ => Err(Error::invalid(
            field,
            Message::new("notAWebsite").with("value", v),
        )),
    }
}

pub fn date(field: &str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, Message::new("notADate").with("value", value)))
}

pub fn optional_date(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => date(field, v).map(Some),
    }
}

/// A local clock time HH:MM.
pub fn clock_time(field: &str, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => NaiveTime::parse_from_str(v, "%H:%M")
            .map(|t| Some(t.format("%H:%M").to_string()))
            .map_err(|_| Error::invalid(field, Message::new("notATime").with("value", v))),
    }
}

/// A BCP 47 language tag such as `fr`, `en`, `zh-TW`.
pub fn language(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    let mut parts = v.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    let rest_ok =
        parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(v.to_owned())
    } else {
        Err(Error::invalid(
            field,
            Message::new("notALanguage").with("value", value),
        ))
    }
}

/// A lower-case tag without spaces at either end.
pub fn tag(field: &str, value: &str) -> Result<String> {
    let v = required_text(field, value, 60)?;
    Ok(v.to_lowercase())
}

/// Sorted, de-duplicated list after checking each element.
pub fn list(
    field: &str,
    values: &[String],
    check: impl Fn(&str, &str) -> Result<String>,
) -> Result<Vec<String>> {
    let mut out = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        out.push(check(&format!("{field}[{i}]"), v)?);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Whether `code` (two upper-case letters) is in [`ISO_3166_ALPHA2`]: a binary search of its
/// sorted three-byte cells (an import checks a country on every row).
fn is_iso_country(code: &[u8]) -> bool {
    let table = ISO_3166_ALPHA2.as_bytes();
    let cells = table.len().div_ceil(3);
    let (mut low, mut high) = (0, cells);
    while low < high {
        let mid = (low + high) / 2;
        match table[mid * 3..mid * 3 + 2].cmp(code) {
            std::cmp::Ordering::Less => low = mid + 1,
            std::cmp::Ordering::Greater => high = mid,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Sorted, one space between codes (checked by a test).
const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG \
BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY \
CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ \
GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP \
KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU \
MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA \
RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK \
TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries() {
        assert_eq!(country("c", "be").ok().as_deref(), Some("BE"));
        assert_eq!(country("c", "TW").ok().as_deref(), Some("TW"));
        assert!(country("c", "XX").is_err());
        assert!(country("c", "BEL").is_err());
        // The binary search needs the table sorted, codes of two letters one space apart.
        let codes: Vec<&str> = ISO_3166_ALPHA2.split(' ').collect();
        assert!(codes.len() > 240 && codes.windows(2).all(|w| w[0] < w[1]));
        assert!(codes
            .iter()
            .all(|c| c.len() == 2 && is_iso_country(c.as_bytes())));
        assert!(!is_iso_country(b"AA") && !is_iso_country(b"FB") && !is_iso_country(b"ZZ"));
    }

    #[test]
    fn emails_and_phones() {
        assert!(email("e", Some("a.b@chu-charleroi.be")).is_ok());
        assert_eq!(email("e", Some("  ")).ok(), Some(None));
        assert!(email("e", Some("no-at-sign")).is_err());
        assert!(email("e", Some("a@b")).is_err());
        assert!(email("e", Some("a b@c.be")).is_err());
        assert!(phone("p", Some("+32 71 92 00 00")).is_ok());
        assert!(phone("p", Some("+886-2-2312-3456")).is_ok());
        assert!(phone("p", Some("071 92 00 00")).is_err());
        assert!(phone("p", Some("+32 abc")).is_err());
    }

    #[test]
    fn zones_coordinates_and_times() {
        assert!(time_zone("tz", "Europe/Brussels").is_ok());
        assert!(time_zone("tz", "Asia/Taipei").is_ok());
        assert!(time_zone("tz", "Europe/Charleroi").is_err());
        assert!(latitude("lat", Some(50.4)).is_ok());
        assert!(latitude("lat", Some(91.0)).is_err());
        assert!(longitude("lon", Some(f64::NAN)).is_err());
        assert_eq!(
            clock_time("t", Some("8:00")).ok(),
            Some(Some("08:00".into()))
        );
        assert!(clock_time("t", Some("25:00")).is_err());
        assert!(language("l", "zh-TW").is_ok());
        assert!(language("l", "French").is_err());
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(
            required_text("n", "  AWEX ", 10).ok().as_deref(),
            Some("AWEX")
        );
        assert!(required_text("n", "   ", 10).is_err());
        assert!(required_text("n", "abcdefghijk", 10).is_err());
        assert!(required_text("n", "a\u{0}b", 10).is_err());
        assert_eq!(optional_text("n", Some(""), 10).ok(), Some(None));
    }

    #[test]
    fn line_breaks_are_data_and_other_controls_are_not() {
        // CRLF, CR and LF are one line break, LF; a tab stays.
        assert_eq!(
            optional_text("notes", Some("one\r\ntwo\rthree\nfour\tfive\r\n"), 100)
                .ok()
                .flatten()
                .as_deref(),
            Some("one\ntwo\nthree\nfour\tfive")
        );
        // Counted after the breaks are made one character.
        assert!(optional_text("notes", Some("ab\r\ncd"), 5).is_ok());
        assert!(optional_text("notes", Some("a\u{7}b"), 10).is_err());
        assert!(optional_text("notes", Some("a\u{85}b"), 10).is_err());

        assert_eq!(clean_text("plain é 李"), ("plain é 李".into(), false));
        assert!(matches!(clean_text("plain é 李").0, Cow::Borrowed(_)));
        assert_eq!(clean_text("a\r\nb\rc"), ("a\nb\nc".into(), false));
        assert_eq!(
            clean_text("a\u{b} b\u{7}c\u{0}\u{7f}\u{85}d\r\ne\u{a0}"),
            ("a bcd\ne\u{a0}".into(), true)
        );
    }
}
