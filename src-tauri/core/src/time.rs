//! Instants and zones. Every agenda time is stored as a UTC instant with the IANA zone of the
//! place; it is shown in that zone (and beside it in the delegation's home zone).

use crate::error::{Error, Result};
use crate::messages::Message;
use chrono::{DateTime, LocalResult, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;

/// Reads an ISO-8601 date-time. With an offset (`2025-06-26T18:00+02:00`, `…Z`) it is an
/// instant; without one (`2025-06-26T18:00`) it is a wall-clock time read in `tz`.
pub fn parse_instant(field: &str, text: &str, tz: Tz) -> Result<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Ok(dt.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%M%#z"] {
        if let Ok(dt) = DateTime::parse_from_str(text, format) {
            return Ok(dt.with_timezone(&Utc));
        }
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .ok_or_else(|| Error::invalid(field, Message::new("notADateTime").with("value", text)))?;
    instant_of(naive, tz).ok_or_else(|| {
        Error::invalid(
            field,
            Message::new("skippedHour")
                .with("value", text)
                .with("zone", tz.name()),
        )
    })
}

/// The instant a wall-clock time in `tz` names: in the hour repeated when clocks go back, the
/// first occurrence; in the hour skipped when they go forward, none. The core's one way from a
/// wall clock to an instant (the window's is `ui/src/lib/zoned.ts`).
pub fn instant_of(wall: NaiveDateTime, tz: Tz) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(dt) | LocalResult::Ambiguous(dt, _) => Some(dt.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// RFC 3339 in the given zone, with its offset, e.g. `2025-06-26T18:00:00+02:00`.
pub fn format_in(instant: DateTime<Utc>, tz: Tz) -> String {
    instant
        .with_timezone(&tz)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// RFC 3339 in UTC, as stored: `2025-06-26T16:00:00Z`.
pub fn format_utc(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads a stored instant (RFC 3339). An unreadable one is an error, never a default time.
pub fn parse_stored(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| Error::Refused(Message::new("storedTimeUnreadable").with("value", text)))
}

pub fn parse_zone(field: &str, name: &str) -> Result<Tz> {
    crate::domain::validate::time_zone(field, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BRUSSELS: Tz = chrono_tz::Europe::Brussels;

    #[test]
    fn wall_clock_time_is_read_in_the_zone() {
        let t = parse_instant("start", "2025-06-26T18:00", BRUSSELS).ok();
        assert_eq!(t.map(format_utc).as_deref(), Some("2025-06-26T16:00:00Z"));
        let t = parse_instant("start", "2025-01-15T18:00", BRUSSELS).ok();
        assert_eq!(t.map(format_utc).as_deref(), Some("2025-01-15T17:00:00Z"));
    }

    #[test]
    fn explicit_offsets_win() {
        let t = parse_instant("start", "2025-06-26T18:00:00+08:00", BRUSSELS).ok();
        assert_eq!(t.map(format_utc).as_deref(), Some("2025-06-26T10:00:00Z"));
        let t = parse_instant("start", "2025-06-26T18:00+08:00", BRUSSELS).ok();
        assert_eq!(t.map(format_utc).as_deref(), Some("2025-06-26T10:00:00Z"));
    }

    #[test]
    fn daylight_saving_gaps_and_overlaps() {
        // 2025-03-30 02:30 does not exist in Brussels; 2025-10-26 02:30 happens twice.
        assert!(parse_instant("start", "2025-03-30T02:30", BRUSSELS).is_err());
        let t = parse_instant("start", "2025-10-26T02:30", BRUSSELS).ok();
        assert_eq!(t.map(format_utc).as_deref(), Some("2025-10-26T00:30:00Z"));
    }

    #[test]
    fn formats_with_the_offset_of_the_zone() {
        let t = parse_instant("s", "2025-06-26T16:00:00Z", BRUSSELS).ok();
        assert_eq!(
            t.map(|t| format_in(t, BRUSSELS)).as_deref(),
            Some("2025-06-26T18:00:00+02:00")
        );
        assert_eq!(
            t.map(|t| format_in(t, chrono_tz::Asia::Taipei)).as_deref(),
            Some("2025-06-27T00:00:00+08:00")
        );
    }

    #[test]
    fn garbage_is_a_validation_error() {
        assert!(parse_instant("start", "next thursday", BRUSSELS).is_err());
        assert!(parse_instant("start", "2025-13-01T10:00", BRUSSELS).is_err());
    }
}
