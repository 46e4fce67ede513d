//! What every check shares: the programme's lookups, the zone a conflict's times are shown in,
//! and the message parameters common to several conflicts.

use super::{estimate_minutes, Conflict, ConflictKind, Item, Programme, Room, Site};
use crate::messages::Message;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;

pub(super) struct Ctx<'a> {
    pub(super) p: &'a Programme,
    pub(super) host: Tz,
    /// Host-zone date of each live item's start, by index in start order.
    pub(super) day_of: Vec<NaiveDate>,
    pub(super) sites: HashMap<&'a str, &'a Site>,
    pub(super) rooms: HashMap<&'a str, &'a Room>,
    /// Site id → index into `matrix` (n × n minutes, `None` when unknown).
    pub(super) site_index: HashMap<&'a str, usize>,
    pub(super) matrix: Vec<Option<u32>>,
}

impl<'a> Ctx<'a> {
    /// The context of a check over `items` (live, in start order): lookups by id, the host-zone
    /// day of each item and the site-to-site journey times.
    pub(super) fn new(p: &'a Programme, items: &[&Item]) -> Self {
        let host = p.host_tz.unwrap_or(chrono_tz::Europe::Brussels);
        let mut ctx = Ctx {
            p,
            host,
            day_of: items
                .iter()
                .map(|i| i.start.with_timezone(&host).date_naive())
                .collect(),
            sites: p.sites.iter().map(|s| (s.id.as_str(), s)).collect(),
            rooms: p.rooms.iter().map(|r| (r.id.as_str(), r)).collect(),
            site_index: p
                .sites
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.as_str(), i))
                .collect(),
            matrix: Vec::new(),
        };
        ctx.matrix = p
            .sites
            .iter()
            .flat_map(|a| p.sites.iter().map(move |b| (a, b)))
            .map(|(a, b)| ctx.compute_travel_minutes(&a.id, &b.id))
            .collect();
        ctx
    }

    pub(super) fn name(&self, person: &'a str) -> &'a str {
        self.p.people.get(person).map_or(person, String::as_str)
    }
    pub(super) fn day(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.host).date_naive()
    }
    pub(super) fn site_name(&self, id: &'a str) -> &'a str {
        self.sites.get(id).map_or(id, |s| s.name.as_str())
    }
    /// The people's names (`{people:list}`) and their number (`count`, for the plural).
    pub(super) fn with_people(&self, message: Message, people: &[&'a str]) -> Message {
        let names: Vec<&str> = people.iter().map(|p| self.name(p)).collect();
        message
            .with_list("people", &names)
            .with("count", names.len())
    }
    /// The zone a conflict's times are shown in: its items' site zone when they share one, else
    /// the host zone.
    pub(super) fn zone(&self, items: &[&Item]) -> Tz {
        let mut zones = items
            .iter()
            .filter_map(|i| self.sites.get(i.site.as_deref()?))
            .map(|s| s.tz);
        match zones.next() {
            Some(first) if zones.all(|z| z == first) => first,
            _ => self.host,
        }
    }

    /// Minutes from one site to another: the planner's figure, else an estimate; `None` when
    /// neither is known (no coordinates).
    pub(super) fn travel_minutes(&self, from: &str, to: &str) -> Option<u32> {
        let (a, b) = (*self.site_index.get(from)?, *self.site_index.get(to)?);
        self.matrix[a * self.p.sites.len() + b]
    }

    fn compute_travel_minutes(&self, from: &str, to: &str) -> Option<u32> {
        if from == to {
            return Some(0);
        }
        let key = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        if let Some(m) = self
            .p
            .travel
            .get(&key(from, to))
            .or_else(|| self.p.travel.get(&key(to, from)))
        {
            return Some(*m);
        }
        let (a, b) = (self.sites.get(from)?, self.sites.get(to)?);
        estimate_minutes(
            &self.p.settings,
            (a.latitude?, a.longitude?),
            (b.latitude?, b.longitude?),
        )
    }
}

pub(super) type Out = Vec<(ConflictKind, DateTime<Utc>, Conflict)>;

pub(super) fn push(
    out: &mut Out,
    kind: ConflictKind,
    at: DateTime<Utc>,
    items: Vec<String>,
    people: Vec<String>,
    message: Message,
) {
    out.push((
        kind,
        at,
        Conflict {
            kind,
            items,
            people,
            message,
        },
    ));
}

/// Two items' titles and times: `first`, `firstStart`, `firstEnd`, `second`, … in `zone`.
pub(super) fn with_pair(message: Message, x: &Item, y: &Item, zone: Tz) -> Message {
    message
        .with("first", &x.title)
        .with_instant("firstStart", x.start)
        .with_instant("firstEnd", x.end)
        .with("second", &y.title)
        .with_instant("secondStart", y.start)
        .with_instant("secondEnd", y.end)
        .with("zone", zone.name())
}

/// A wall-clock time of a day in a zone as an instant (`time::instant_of`), or the hour after
/// when the clocks skip it: a site opening at 02:30 on the night of the change opens at 03:30.
pub(super) fn local_instant(tz: Tz, day: NaiveDate, t: NaiveTime) -> Option<DateTime<Utc>> {
    let wall = day.and_time(t);
    crate::time::instant_of(wall, tz)
        .or_else(|| crate::time::instant_of(wall + Duration::hours(1), tz))
}
