//! The checks' test fixtures: two Walloon hospitals in Brussels' zone, Delegate 3, items on
//! the 26 and 27 June 2025.

#![allow(clippy::unwrap_used)]

use super::*;
use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

pub(super) const BXL: Tz = chrono_tz::Europe::Brussels;

pub(super) fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    BXL.with_ymd_and_hms(2025, 6, day, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

pub(super) fn item(
    id: &str,
    site: Option<&str>,
    s: DateTime<Utc>,
    e: DateTime<Utc>,
    people: &[&str],
) -> Item {
    Item {
        id: id.into(),
        title: id.into(),
        is_break: false,
        cancelled: false,
        start: s,
        end: e,
        site: site.map(Into::into),
        room: None,
        people: people.iter().map(|p| (*p).to_owned()).collect(),
        subgroup: None,
        session: false,
        meeting: false,
    }
}

pub(super) fn sites() -> Vec<Site> {
    vec![
        Site {
            id: "sit_cl".into(),
            name: "Hôpital civil Marie Curie".into(),
            latitude: Some(50.4325),
            longitude: Some(4.4528),
            tz: BXL,
            opens: NaiveTime::from_hms_opt(8, 0, 0),
            closes: NaiveTime::from_hms_opt(21, 0, 0),
        },
        Site {
            id: "sit_lg".into(),
            name: "CHC Mont Légia".into(),
            latitude: Some(50.6296),
            longitude: Some(5.5471),
            tz: BXL,
            opens: NaiveTime::from_hms_opt(8, 0, 0),
            closes: NaiveTime::from_hms_opt(18, 0, 0),
        },
    ]
}

pub(super) fn programme(items: Vec<Item>) -> Programme {
    Programme {
        host_tz: Some(BXL),
        items,
        sites: sites(),
        people: [("con_d3".to_owned(), "Delegate 3".to_owned())].into(),
        ..Programme::default()
    }
}

/// The conflict's code and the parameters named (others may be there too).
pub(super) fn assert_message(c: &Conflict, code: &str, params: &[(&str, &str)]) {
    assert_eq!(c.message.code, code, "{c:?}");
    for (name, value) in params {
        assert_eq!(
            c.message.params.get(*name).map(String::as_str),
            Some(*value),
            "{name} of {c:?}"
        );
    }
}
