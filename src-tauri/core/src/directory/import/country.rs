//! Countries and phone numbers: international calling codes, a national number made
//! international, the country a phone, an e-mail or a cell names.

use crate::directory::fold;

/// International calling codes of the countries planners meet most.
const CALLING_CODES: &[(&str, &str)] = &[
    ("BE", "32"),
    ("FR", "33"),
    ("NL", "31"),
    ("LU", "352"),
    ("DE", "49"),
    ("TW", "886"),
    ("GB", "44"),
    ("CH", "41"),
    ("IT", "39"),
    ("ES", "34"),
    ("JP", "81"),
    ("US", "1"),
    ("CN", "86"),
    ("HK", "852"),
    ("SG", "65"),
    ("KR", "82"),
    ("AT", "43"),
    ("DK", "45"),
    ("SE", "46"),
    ("PL", "48"),
    ("PT", "351"),
    ("IE", "353"),
    ("CA", "1"),
];

/// A phone number in international form: "00…" becomes "+…", a national "0…" number gets the
/// country's code.
pub(super) fn normalise_phone(raw: &str, country: Option<&str>) -> Option<String> {
    let cleaned: String = raw
        .trim()
        .trim_start_matches('\'')
        .chars()
        .filter(|c| !matches!(c, '.' | '/' | '\u{a0}'))
        .collect();
    let cleaned = cleaned.trim();
    if let Some(rest) = cleaned.strip_prefix("00") {
        return Some(format!("+{rest}"));
    }
    if cleaned.starts_with('+') {
        return Some(cleaned.to_owned());
    }
    let code = CALLING_CODES
        .iter()
        .find(|(c, _)| Some(*c) == country)
        .map(|(_, n)| *n)?;
    let national = cleaned.strip_prefix('0').unwrap_or(cleaned);
    Some(format!("+{code} {national}"))
}

pub(super) fn country_from_phone(phone: &str) -> Option<&'static str> {
    let digits: String = phone
        .trim()
        .strip_prefix('+')
        .or_else(|| phone.trim().strip_prefix("00"))?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    // Longest calling code first (352 before 35…).
    let mut best: Option<(&str, &str)> = None;
    for (country, code) in CALLING_CODES {
        if digits.starts_with(code) && best.is_none_or(|(_, b)| code.len() > b.len()) {
            best = Some((country, code));
        }
    }
    best.map(|(c, _)| c)
}

pub(super) fn country_from_email(email: &str) -> Option<String> {
    let tld = email.rsplit('.').next()?.to_ascii_uppercase();
    let tld = if tld == "UK" { "GB".to_owned() } else { tld };
    crate::domain::validate::country("country", &tld).ok()
}

pub(super) fn country_from_text(text: &str) -> Option<String> {
    if text.trim().len() == 2 {
        // A code, the usual case: no name is two characters long.
        return crate::domain::validate::country("country", text).ok();
    }
    let t = fold(text);
    let by_name = [
        ("belgique", "BE"),
        ("belgium", "BE"),
        ("belgie", "BE"),
        ("taiwan", "TW"),
        ("台灣", "TW"),
        ("臺灣", "TW"),
        ("france", "FR"),
        ("netherlands", "NL"),
        ("pays bas", "NL"),
        ("nederland", "NL"),
        ("luxembourg", "LU"),
        ("germany", "DE"),
        ("allemagne", "DE"),
        ("deutschland", "DE"),
        ("united kingdom", "GB"),
        ("switzerland", "CH"),
        ("suisse", "CH"),
    ];
    if let Some((_, c)) = by_name.iter().find(|(n, _)| *n == t) {
        return Some((*c).to_owned());
    }
    crate::domain::validate::country("country", text).ok()
}
