//! The live constraint checker of a programme. Pure: no I/O, no clock; the store builds a
//! [`Programme`] and this module returns the conflicts, each explained by a message code with
//! its parameters (`conflict.*` in the window's message files; see `crate::messages`): names,
//! titles, counts, and times as instants with the zone to show them in — the site's zone when the
//! conflict's items share one, else the mission's host zone (which also cuts the days).
//!
//! Every check is a sweep over items sorted by start (per person, per room, per site), so a
//! mission of 2,000 items and 300 people is checked in a few milliseconds
//! (`passerelle-cli bench conflicts`).
//!
//! Rules (times of day are read in the mission's host zone, which also cuts the days):
//! - `double_booking`: a person, or a room, is in two items that overlap. A sub-group's
//!   *session* (an unlocked `meeting` item of a sub-group, such as "one-to-one talks") is time
//!   reserved for that sub-group's meetings: an item of the same sub-group that lies strictly
//!   inside it (as the scheduler proposes them) is not a double booking with it.
//! - `availability`: a person who has availability windows in the mission is in an item that
//!   does not fit inside one of them (people without windows are always available).
//! - `opening_hours`: an item at a site starts before it opens or ends after it closes (in the
//!   site's zone).
//! - `capacity`: an item in a room has more participants than the room holds.
//! - `travel`: from each of a person's items at a site to the first of their items that starts
//!   after it ends, at another site, there is less time than the journey takes (the mission's
//!   travel matrix, else the straight-line distance times a detour factor at a road speed,
//!   rounded to 5 minutes). Items without a site are ignored. Sites more than
//!   [`ROAD_LIMIT_KM`] apart have no estimate: the journey is a flight, checked only when the
//!   planner enters its time. Items outside the stay (ending before the mission's first day or
//!   starting after its last, in the host zone: a pre-departure briefing at home) impose no
//!   journey on the items of the stay.
//! - `day_length`: a person's day (first start to last end) is longer than the limit, or a
//!   person with items both before the lunch window's start and after its end has neither a
//!   meal/break item in the window nor a free gap of the minimum length inside it.
//!
//! Cancelled items are ignored.

use crate::messages::Message;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// What kind of rule a conflict breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConflictKind {
    DoubleBooking,
    Availability,
    Travel,
    Capacity,
    OpeningHours,
    DayLength,
}

impl ConflictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::DoubleBooking => "double_booking",
            ConflictKind::Availability => "availability",
            ConflictKind::Travel => "travel",
            ConflictKind::Capacity => "capacity",
            ConflictKind::OpeningHours => "opening_hours",
            ConflictKind::DayLength => "day_length",
        }
    }
}

/// One broken rule: the items and people involved, and what to tell the planner (serialised
/// flat: `code` and `params` beside `kind`, `items` and `people`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub items: Vec<String>,
    pub people: Vec<String>,
    #[serde(flatten)]
    pub message: Message,
}

/// The mission's planning settings (stored per mission; these are the defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PlanningSettings {
    /// Average road speed used to estimate a journey, km/h.
    pub road_speed_kmh: f64,
    /// Road distance / straight-line distance.
    pub detour_factor: f64,
    /// The longest acceptable day for one person, in minutes.
    pub max_day_minutes: u32,
    /// The lunch window, local HH:MM in the host zone.
    pub lunch_from: String,
    pub lunch_to: String,
    /// The shortest lunch break, in minutes.
    pub lunch_minutes: u32,
}

impl Default for PlanningSettings {
    fn default() -> Self {
        PlanningSettings {
            road_speed_kmh: 80.0,
            detour_factor: 1.25,
            max_day_minutes: 12 * 60,
            lunch_from: "11:30".into(),
            lunch_to: "14:30".into(),
            lunch_minutes: 30,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub title: String,
    /// A meal or a break counts as a lunch break.
    pub is_break: bool,
    pub cancelled: bool,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub site: Option<String>,
    pub room: Option<String>,
    pub people: Vec<String>,
    /// The sub-group the item belongs to.
    pub subgroup: Option<String>,
    /// An unlocked `meeting` item of a sub-group: time reserved for its meetings.
    pub session: bool,
}

/// One item is a session and the other an item of the same sub-group strictly inside it.
fn nested(x: &Item, y: &Item) -> bool {
    // Strictly inside: two items of one sub-group over the same time are a double booking.
    let inside = |session: &Item, m: &Item| {
        session.session
            && session.subgroup.is_some()
            && session.subgroup == m.subgroup
            && session.start <= m.start
            && m.end <= session.end
            && (m.start, m.end) != (session.start, session.end)
    };
    inside(x, y) || inside(y, x)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub tz: Tz,
    pub opens: Option<NaiveTime>,
    pub closes: Option<NaiveTime>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Room {
    pub id: String,
    pub name: String,
    pub capacity: Option<u32>,
}

/// A window of time (start, end).
pub type Window = (DateTime<Utc>, DateTime<Utc>);

/// Everything the checker needs, as plain data.
#[derive(Debug, Clone, Default)]
pub struct Programme {
    pub host_tz: Option<Tz>,
    pub settings: PlanningSettings,
    pub items: Vec<Item>,
    pub sites: Vec<Site>,
    pub rooms: Vec<Room>,
    /// Person id → display name.
    pub people: HashMap<String, String>,
    /// Person id → windows (start, end).
    pub availability: HashMap<String, Vec<Window>>,
    /// (from site, to site) → minutes entered by the planner. One direction covers both unless
    /// the other is entered too.
    pub travel: HashMap<(String, String), u32>,
    /// The mission's first and last days (host zone): the delegation's stay. Items wholly
    /// outside it impose no journey. `None`: every item is in the stay.
    pub stay: Option<(NaiveDate, NaiveDate)>,
}

impl Programme {
    /// Whether an item lies wholly before the stay's first day or after its last (host zone).
    pub fn outside_stay(&self, item: &Item) -> bool {
        let Some((first, last)) = self.stay else {
            return false;
        };
        let host = self.host_tz.unwrap_or(chrono_tz::Europe::Brussels);
        let day = |t: DateTime<Utc>| t.with_timezone(&host).date_naive();
        // An item ending at midnight belongs to the day before.
        let end = item.end - Duration::seconds(1);
        day(end.max(item.start)) < first || day(item.start) > last
    }
}

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

/// The longest straight-line distance estimated as a road journey. Beyond it (Brussels–Liège is
/// 90 km, Brussels–Paris 260, Brussels–Berlin 650, Tokyo–Liège 9,400) the journey is a flight
/// or a train whose time only the planner knows: no estimate is made.
pub const ROAD_LIMIT_KM: f64 = 500.0;

/// Whether two points are too far apart for a road estimate (see [`ROAD_LIMIT_KM`]).
pub fn beyond_road(from: (f64, f64), to: (f64, f64)) -> bool {
    let km = haversine_km(from.0, from.1, to.0, to.1);
    !km.is_finite() || km > ROAD_LIMIT_KM
}

/// Estimated road journey between two points, in minutes, rounded to the nearest 5 (at least 5);
/// `None` beyond [`ROAD_LIMIT_KM`] (or for coordinates that are not numbers).
pub fn estimate_minutes(
    settings: &PlanningSettings,
    from: (f64, f64),
    to: (f64, f64),
) -> Option<u32> {
    if beyond_road(from, to) {
        return None;
    }
    let km = haversine_km(from.0, from.1, to.0, to.1) * settings.detour_factor.max(1.0);
    let speed = if settings.road_speed_kmh > 1.0 {
        settings.road_speed_kmh
    } else {
        80.0
    };
    let minutes = km / speed * 60.0;
    let rounded = ((minutes / 5.0).round() * 5.0).max(5.0);
    Some(rounded.min(10_000.0) as u32)
}

/// "30 min", "1 h", "1 h 15".
pub fn duration_text(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

struct Ctx<'a> {
    p: &'a Programme,
    host: Tz,
    /// Host-zone date of each live item's start, by index in start order.
    day_of: Vec<NaiveDate>,
    sites: HashMap<&'a str, &'a Site>,
    rooms: HashMap<&'a str, &'a Room>,
    /// Site id → index into `matrix` (n × n minutes, `None` when unknown).
    site_index: HashMap<&'a str, usize>,
    matrix: Vec<Option<u32>>,
}

impl<'a> Ctx<'a> {
    fn name(&self, person: &'a str) -> &'a str {
        self.p.people.get(person).map_or(person, String::as_str)
    }
    fn day(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.host).date_naive()
    }
    fn site_name(&self, id: &'a str) -> &'a str {
        self.sites.get(id).map_or(id, |s| s.name.as_str())
    }
    /// The people's names (`{people:list}`) and their number (`count`, for the plural).
    fn with_people(&self, message: Message, people: &[&'a str]) -> Message {
        let names: Vec<&str> = people.iter().map(|p| self.name(p)).collect();
        message
            .with_list("people", &names)
            .with("count", names.len())
    }
    /// The zone a conflict's times are shown in: its items' site zone when they share one, else
    /// the host zone.
    fn zone(&self, items: &[&Item]) -> Tz {
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
    fn travel_minutes(&self, from: &str, to: &str) -> Option<u32> {
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

/// Checks a programme and returns its conflicts, ordered by kind then by first item start.
pub fn check(p: &Programme) -> Vec<Conflict> {
    // Live items in start order; indices into this vector below.
    let mut items: Vec<&Item> = p.items.iter().filter(|i| !i.cancelled).collect();
    items.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
    let host = p.host_tz.unwrap_or(chrono_tz::Europe::Brussels);
    let ctx = Ctx {
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
    let mut ctx = ctx;
    ctx.matrix = p
        .sites
        .iter()
        .flat_map(|a| p.sites.iter().map(move |b| (a, b)))
        .map(|(a, b)| ctx.compute_travel_minutes(&a.id, &b.id))
        .collect();
    let ctx = ctx;

    // Each person's items (already in start order).
    let mut by_person: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_room: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        for person in &item.people {
            by_person.entry(person.as_str()).or_default().push(i);
        }
        if let Some(room) = &item.room {
            by_room.entry(room.as_str()).or_default().push(i);
        }
    }
    // Deterministic order of people.
    let mut people: Vec<(&str, Vec<usize>)> = by_person.into_iter().collect();
    people.sort_by(|a, b| a.0.cmp(b.0));

    let mut out: Vec<(ConflictKind, DateTime<Utc>, Conflict)> = Vec::new();
    double_bookings(&ctx, &items, &people, &by_room, &mut out);
    availability(&ctx, &items, &people, &mut out);
    opening_hours(&ctx, &items, &mut out);
    capacity(&ctx, &items, &mut out);
    travel(&ctx, &items, &people, &mut out);
    days(&ctx, &items, &people, &mut out);
    // Stable: conflicts found in the same place keep the (deterministic) order they were found in.
    out.sort_by(|a, b| {
        (a.0, a.1, &a.2.items, a.2.message.code).cmp(&(b.0, b.1, &b.2.items, b.2.message.code))
    });
    out.into_iter().map(|(_, _, c)| c).collect()
}

type Out = Vec<(ConflictKind, DateTime<Utc>, Conflict)>;

fn push(
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
fn with_pair(message: Message, x: &Item, y: &Item, zone: Tz) -> Message {
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
fn local_instant(tz: Tz, day: NaiveDate, t: NaiveTime) -> Option<DateTime<Utc>> {
    let wall = day.and_time(t);
    crate::time::instant_of(wall, tz)
        .or_else(|| crate::time::instant_of(wall + Duration::hours(1), tz))
}

/// Overlapping pairs in a start-sorted list: each item is compared with the one of the
/// previous items that ends last (a sweep), plus every earlier item still running, which is
/// bounded by how many items overlap at once.
fn overlaps(items: &[&Item], list: &[usize], mut found: impl FnMut(usize, usize)) {
    let mut running: Vec<usize> = Vec::new();
    for &i in list {
        let start = items[i].start;
        running.retain(|&j| items[j].end > start);
        for &j in &running {
            found(j, i);
        }
        running.push(i);
    }
}

fn double_bookings(
    ctx: &Ctx<'_>,
    items: &[&Item],
    people: &[(&str, Vec<usize>)],
    by_room: &HashMap<&str, Vec<usize>>,
    out: &mut Out,
) {
    let mut pairs: BTreeMap<(usize, usize), Vec<&str>> = BTreeMap::new();
    for (person, list) in people {
        overlaps(items, list, |a, b| {
            if !nested(items[a], items[b]) {
                pairs.entry((a, b)).or_default().push(person)
            }
        });
    }
    for ((a, b), who) in pairs {
        let (x, y) = (items[a], items[b]);
        let message = ctx.with_people(Message::new("conflict.personBusy"), &who);
        let message = with_pair(message, x, y, ctx.zone(&[x, y]));
        push(
            out,
            ConflictKind::DoubleBooking,
            y.start,
            vec![x.id.clone(), y.id.clone()],
            who.iter().map(|s| (*s).to_owned()).collect(),
            message,
        );
    }
    let mut rooms: Vec<(&&str, &Vec<usize>)> = by_room.iter().collect();
    rooms.sort();
    for (room, list) in rooms {
        overlaps(items, list, |a, b| {
            let (x, y) = (items[a], items[b]);
            if nested(x, y) {
                return;
            }
            let room_name = ctx.rooms.get(*room).map_or(*room, |r| r.name.as_str());
            let message = match x.site.as_deref() {
                Some(site) => Message::new("conflict.roomBusyAt").with("site", ctx.site_name(site)),
                None => Message::new("conflict.roomBusy"),
            };
            let message = with_pair(message.with("room", room_name), x, y, ctx.zone(&[x, y]));
            push(
                out,
                ConflictKind::DoubleBooking,
                y.start,
                vec![x.id.clone(), y.id.clone()],
                Vec::new(),
                message,
            );
        });
    }
}

fn availability(ctx: &Ctx<'_>, items: &[&Item], people: &[(&str, Vec<usize>)], out: &mut Out) {
    // Item → people outside their windows.
    let mut outside: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    let mut windows_of: HashMap<usize, Vec<Window>> = HashMap::new();
    for (person, list) in people {
        let Some(raw) = ctx.p.availability.get(*person) else {
            continue;
        };
        if raw.is_empty() {
            continue;
        }
        // Merge touching windows so that 09:00–12:00 + 12:00–15:00 covers 11:00–13:00.
        let mut windows = raw.clone();
        windows.sort();
        let mut merged: Vec<Window> = Vec::with_capacity(windows.len());
        for (s, e) in windows {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        for &i in list {
            let item = items[i];
            // The last window starting at or before the item's start must cover its end.
            let k = merged.partition_point(|w| w.0 <= item.start);
            let fits = k > 0 && merged[k - 1].1 >= item.end;
            if !fits {
                outside.entry(i).or_default().push(person);
                windows_of.entry(i).or_insert_with(|| merged.clone());
            }
        }
    }
    for (i, who) in outside {
        let item = items[i];
        let windows = windows_of.get(&i).cloned().unwrap_or_default();
        let day = ctx.day(item.start);
        let same_day: Vec<Window> = windows
            .iter()
            .filter(|w| ctx.day(w.0) == day || ctx.day(w.1) == day)
            .copied()
            .collect();
        let message = match same_day.as_slice() {
            [] => Message::new("conflict.notAvailableThatDay"),
            [(from, to)] => Message::new("conflict.availableOnly")
                .with_instant("from", *from)
                .with_instant("to", *to),
            _ => Message::new("conflict.availableOnlyAt").with_ranges("windows", &same_day),
        };
        let message = ctx
            .with_people(message, &who)
            .with("title", &item.title)
            .with_instant("start", item.start)
            .with_instant("end", item.end)
            .with("zone", ctx.zone(&[item]).name());
        push(
            out,
            ConflictKind::Availability,
            item.start,
            vec![item.id.clone()],
            who.iter().map(|s| (*s).to_owned()).collect(),
            message,
        );
    }
}

fn opening_hours(ctx: &Ctx<'_>, items: &[&Item], out: &mut Out) {
    for item in items {
        let Some(site) = item.site.as_deref().and_then(|s| ctx.sites.get(s)) else {
            continue;
        };
        let (start, end) = (
            item.start.with_timezone(&site.tz),
            item.end.with_timezone(&site.tz),
        );
        let early = site.opens.is_some_and(|o| start.time() < o);
        let late = site
            .closes
            .is_some_and(|c| end.date_naive() > start.date_naive() || end.time() > c);
        if !(early || late) {
            continue;
        }
        // The hours as instants of the item's first day at the site.
        let on_day =
            |t: Option<NaiveTime>| t.and_then(|t| local_instant(site.tz, start.date_naive(), t));
        let (opens, closes) = (on_day(site.opens), on_day(site.closes));
        let message = match (opens, closes) {
            (Some(_), Some(_)) => Message::new("conflict.openingHours"),
            (Some(_), None) => Message::new("conflict.openingHoursFrom"),
            _ => Message::new("conflict.openingHoursUntil"),
        };
        let mut message = message
            .with("title", &item.title)
            .with_instant("start", item.start)
            .with_instant("end", item.end)
            .with("site", &site.name)
            .with("zone", site.tz.name());
        if let Some(opens) = opens {
            message = message.with_instant("opens", opens);
        }
        if let Some(closes) = closes {
            message = message.with_instant("closes", closes);
        }
        push(
            out,
            ConflictKind::OpeningHours,
            item.start,
            vec![item.id.clone()],
            item.people.clone(),
            message,
        );
    }
}

fn capacity(ctx: &Ctx<'_>, items: &[&Item], out: &mut Out) {
    for item in items {
        let Some(room) = item.room.as_deref().and_then(|r| ctx.rooms.get(r)) else {
            continue;
        };
        let Some(cap) = room.capacity else { continue };
        let n = item.people.len();
        if n > cap as usize {
            push(
                out,
                ConflictKind::Capacity,
                item.start,
                vec![item.id.clone()],
                item.people.clone(),
                Message::new("conflict.capacity")
                    .with("title", &item.title)
                    .with("count", n)
                    .with("room", &room.name)
                    .with("capacity", cap),
            );
        }
    }
}

fn travel(ctx: &Ctx<'_>, items: &[&Item], people: &[(&str, Vec<usize>)], out: &mut Out) {
    // (from item, to item) → (people, gap, needed)
    let mut legs: BTreeMap<(usize, usize), (Vec<&str>, i64, u32)> = BTreeMap::new();
    let in_stay: Vec<bool> = items.iter().map(|i| !ctx.p.outside_stay(i)).collect();
    for (person, list) in people {
        // The person's items at a site, in start order. From each, the journey goes to the
        // first one that starts once it has ended (overlaps are double bookings); none between
        // an item of the stay and one outside it (the flight home is not the programme's).
        let sited: Vec<usize> = list
            .iter()
            .copied()
            .filter(|&i| items[i].site.is_some())
            .collect();
        for (k, &p) in sited.iter().enumerate() {
            let from = items[p];
            let rest = &sited[k + 1..];
            let next = rest.partition_point(|&j| items[j].start < from.end);
            let Some(&i) = rest.get(next) else { continue };
            let (from_site, site) = (
                from.site.as_deref().unwrap_or_default(),
                items[i].site.as_deref().unwrap_or_default(),
            );
            if from_site == site || in_stay[p] != in_stay[i] {
                continue;
            }
            if let Some(needed) = ctx.travel_minutes(from_site, site) {
                let gap = (items[i].start - from.end).num_minutes();
                if gap < i64::from(needed) {
                    legs.entry((p, i))
                        .or_insert_with(|| (Vec::new(), gap, needed))
                        .0
                        .push(person);
                }
            }
        }
    }
    for ((a, b), (who, gap, needed)) in legs {
        let (x, y) = (items[a], items[b]);
        let from = ctx.site_name(x.site.as_deref().unwrap_or_default());
        let to = ctx.site_name(y.site.as_deref().unwrap_or_default());
        let message = ctx
            .with_people(Message::new("conflict.travel"), &who)
            .with("fromSite", from)
            .with_instant("leave", x.end)
            .with("first", &x.title)
            .with("toSite", to)
            .with_instant("arrive", y.start)
            .with("second", &y.title)
            .with("gap", gap)
            .with("needed", needed)
            .with("zone", ctx.zone(&[x, y]).name());
        push(
            out,
            ConflictKind::Travel,
            y.start,
            vec![x.id.clone(), y.id.clone()],
            who.iter().map(|s| (*s).to_owned()).collect(),
            message,
        );
    }
}

fn days(ctx: &Ctx<'_>, items: &[&Item], people: &[(&str, Vec<usize>)], out: &mut Out) {
    let s = &ctx.p.settings;
    let parse = |t: &str, d: NaiveTime| NaiveTime::parse_from_str(t, "%H:%M").unwrap_or(d);
    let lunch_from = parse(
        &s.lunch_from,
        NaiveTime::from_hms_opt(11, 30, 0).unwrap_or_default(),
    );
    let lunch_to = parse(
        &s.lunch_to,
        NaiveTime::from_hms_opt(14, 30, 0).unwrap_or_default(),
    );
    let host_instant = |day: NaiveDate, t: NaiveTime| local_instant(ctx.host, day, t);
    // (first item, last item) → people, minutes; (day) → people without lunch + items.
    let mut long: BTreeMap<(usize, usize), (Vec<&str>, i64)> = BTreeMap::new();
    let mut no_lunch: BTreeMap<NaiveDate, (Vec<&str>, Vec<usize>)> = BTreeMap::new();
    for (person, list) in people {
        let mut k = 0;
        while k < list.len() {
            let day = ctx.day_of[list[k]];
            let mut j = k;
            while j < list.len() && ctx.day_of[list[j]] == day {
                j += 1;
            }
            let today = &list[k..j];
            k = j;
            let first = today[0];
            let (mut last, mut end) = (first, items[first].end);
            for &i in today {
                if items[i].end > end {
                    end = items[i].end;
                    last = i;
                }
            }
            let minutes = (end - items[first].start).num_minutes();
            if minutes > i64::from(s.max_day_minutes) {
                long.entry((first, last))
                    .or_insert_with(|| (Vec::new(), minutes))
                    .0
                    .push(person);
            }
            // Lunch: only for a person busy on both sides of the window.
            let (Some(w0), Some(w1)) = (host_instant(day, lunch_from), host_instant(day, lunch_to))
            else {
                continue;
            };
            let before = today.iter().any(|&i| items[i].start < w0);
            let after = today.iter().any(|&i| items[i].end > w1);
            if !(before && after) {
                continue;
            }
            let has_meal = today
                .iter()
                .any(|&i| items[i].is_break && items[i].start < w1 && items[i].end > w0);
            if has_meal {
                continue;
            }
            // Longest free gap inside the window.
            let need = Duration::minutes(i64::from(s.lunch_minutes));
            let mut cursor = w0;
            let mut free = false;
            for &i in today {
                let it = items[i];
                if it.end <= w0 || it.start >= w1 {
                    continue;
                }
                if it.start.max(w0) - cursor >= need {
                    free = true;
                    break;
                }
                cursor = cursor.max(it.end);
            }
            if !free && w1 - cursor >= need {
                free = true;
            }
            if !free {
                let entry = no_lunch.entry(day).or_default();
                entry.0.push(person);
                for &i in today {
                    if items[i].start < w1 && items[i].end > w0 && !entry.1.contains(&i) {
                        entry.1.push(i);
                    }
                }
            }
        }
    }
    for ((a, b), (who, minutes)) in long {
        let (x, y) = (items[a], items[b]);
        push(
            out,
            ConflictKind::DayLength,
            x.start,
            vec![x.id.clone(), y.id.clone()],
            who.iter().map(|s| (*s).to_owned()).collect(),
            ctx.with_people(Message::new("conflict.longDay"), &who)
                .with("minutes", minutes)
                .with_instant("day", x.start)
                .with("first", &x.title)
                .with_instant("start", x.start)
                .with("last", &y.title)
                .with_instant("end", y.end)
                .with("limit", s.max_day_minutes)
                .with("zone", ctx.host.name()),
        );
    }
    for (day, (who, mut its)) in no_lunch {
        let (Some(from), Some(to)) = (host_instant(day, lunch_from), host_instant(day, lunch_to))
        else {
            continue;
        };
        its.sort();
        let at = its
            .first()
            .map_or_else(Utc::now, |&i| items[i].start)
            .with_nanosecond(0)
            .unwrap_or_default();
        push(
            out,
            ConflictKind::DayLength,
            at,
            its.iter().map(|&i| items[i].id.clone()).collect(),
            who.iter().map(|s| (*s).to_owned()).collect(),
            ctx.with_people(Message::new("conflict.noLunch"), &who)
                .with_instant("day", from)
                .with("minutes", s.lunch_minutes)
                .with_instant("from", from)
                .with_instant("to", to)
                .with("zone", ctx.host.name()),
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const BXL: Tz = chrono_tz::Europe::Brussels;

    fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
        BXL.with_ymd_and_hms(2025, 6, day, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn item(
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
        }
    }

    fn sites() -> Vec<Site> {
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

    fn programme(items: Vec<Item>) -> Programme {
        Programme {
            host_tz: Some(BXL),
            items,
            sites: sites(),
            people: [("con_d3".to_owned(), "Delegate 3".to_owned())].into(),
            ..Programme::default()
        }
    }

    /// The conflict's code and the parameters named (others may be there too).
    fn assert_message(c: &Conflict, code: &str, params: &[(&str, &str)]) {
        assert_eq!(c.message.code, code, "{c:?}");
        for (name, value) in params {
            assert_eq!(
                c.message.params.get(*name).map(String::as_str),
                Some(*value),
                "{name} of {c:?}"
            );
        }
    }

    #[test]
    fn a_meeting_of_a_sub_group_inside_its_session_is_not_a_double_booking() {
        let mut session = item(
            "one_to_ones",
            Some("sit_lg"),
            at(27, 14, 0),
            at(27, 15, 0),
            &["con_d3", "con_doc"],
        );
        session.subgroup = Some("grp_cardio".into());
        session.session = true;
        session.room = Some("roo_a".into());
        let mut meeting = item(
            "pair",
            Some("sit_lg"),
            at(27, 14, 30),
            at(27, 15, 0),
            &["con_d3", "con_doc"],
        );
        meeting.subgroup = Some("grp_cardio".into());
        meeting.room = Some("roo_a".into());
        assert!(check(&programme(vec![session.clone(), meeting.clone()])).is_empty());
        // An unlocked proposal is itself a session of its sub-group: still inside.
        let mut proposal = meeting.clone();
        proposal.session = true;
        assert!(check(&programme(vec![session.clone(), proposal.clone()])).is_empty());
        // Two items of the sub-group over the same time are a double booking.
        let mut twin = session.clone();
        twin.id = "twin".into();
        assert_eq!(check(&programme(vec![session.clone(), twin])).len(), 2);

        // Another sub-group's meeting, or one running past the session, is a double booking.
        let mut other = meeting.clone();
        other.subgroup = Some("grp_onco".into());
        let found = check(&programme(vec![session.clone(), other]));
        assert_eq!(found.len(), 2, "{found:?}"); // the people and the room
        let mut late = meeting.clone();
        late.end = at(27, 15, 30);
        late.start = at(27, 14, 30);
        let found = check(&programme(vec![session.clone(), late]));
        assert!(found.iter().all(|c| c.kind == ConflictKind::DoubleBooking));
        assert_eq!(found.len(), 2);
        // A locked meeting of a sub-group is no session.
        session.session = false;
        assert_eq!(check(&programme(vec![session, meeting])).len(), 2);
    }

    #[test]
    fn charleroi_to_liege_is_estimated_at_an_hour_and_a_quarter() {
        let s = PlanningSettings::default();
        assert_eq!(
            estimate_minutes(&s, (50.4325, 4.4528), (50.6296, 5.5471)),
            Some(75)
        );
        assert_eq!(duration_text(75), "1 h 15");
        assert_eq!(duration_text(30), "30 min");
        assert_eq!(duration_text(120), "2 h");
    }

    #[test]
    fn no_road_estimate_beyond_the_limit() {
        let s = PlanningSettings::default();
        let (tokyo, liege) = ((35.6812, 139.7671), (50.6296, 5.5471));
        assert!(haversine_km(tokyo.0, tokyo.1, liege.0, liege.1) > 9_000.0);
        assert_eq!(estimate_minutes(&s, tokyo, liege), None);
        // Brussels–Paris (260 km) is still a drive; Brussels–Berlin (650 km) is not.
        assert!(estimate_minutes(&s, (50.8467, 4.3525), (48.8566, 2.3522)).is_some());
        assert_eq!(
            estimate_minutes(&s, (50.8467, 4.3525), (52.52, 13.405)),
            None
        );
        // Coordinates that are not numbers give no estimate (and no panic).
        assert_eq!(estimate_minutes(&s, (f64::NAN, 0.0), liege), None);
        assert_eq!(estimate_minutes(&s, (f64::INFINITY, 0.0), liege), None);
    }

    #[test]
    fn items_outside_the_stay_impose_no_journey() {
        let mut sites = sites();
        sites.push(Site {
            id: "sit_tk".into(),
            name: "Tokyo office".into(),
            latitude: Some(35.6812),
            longitude: Some(139.7671),
            tz: chrono_tz::Asia::Tokyo,
            opens: None,
            closes: None,
        });
        // A briefing in Tokyo the day before the first day (26 June), and the planner's time for
        // the journey (24 h door to door) entered: the stay starts on the 26th, so none is owed.
        let briefing = item(
            "briefing",
            Some("sit_tk"),
            at(25, 12, 0),
            at(25, 13, 0),
            &["con_d3"],
        );
        let liege = item(
            "liege",
            Some("sit_lg"),
            at(26, 9, 0),
            at(26, 10, 0),
            &["con_d3"],
        );
        let mut p = programme(vec![briefing.clone(), liege.clone()]);
        p.sites = sites;
        p.travel.insert(("sit_tk".into(), "sit_lg".into()), 24 * 60);
        let day = |d| chrono::NaiveDate::from_ymd_opt(2025, 6, d).unwrap();
        p.stay = Some((day(26), day(27)));
        assert!(p.outside_stay(&briefing));
        assert!(!p.outside_stay(&liege));
        assert!(
            check(&p).iter().all(|c| c.kind != ConflictKind::Travel),
            "{:?}",
            check(&p)
        );
        // Without the stay (or with a briefing on the first day), the flight is owed.
        let mut without = p.clone();
        without.stay = None;
        assert!(check(&without)
            .iter()
            .any(|c| c.kind == ConflictKind::Travel));
        let mut inside = p.clone();
        inside.items[0].start = at(26, 0, 30);
        inside.items[0].end = at(26, 1, 0);
        assert!(check(&inside)
            .iter()
            .any(|c| c.kind == ConflictKind::Travel));
        // With no flight time entered, Tokyo and Liège are too far apart for an estimate.
        let mut unknown = inside.clone();
        unknown.travel.clear();
        assert!(check(&unknown)
            .iter()
            .all(|c| c.kind != ConflictKind::Travel));
        // An item ending at midnight before the first day is outside the stay too.
        let mut late = briefing.clone();
        late.start = at(25, 23, 0);
        late.end = at(26, 0, 0);
        assert!(p.outside_stay(&late));
        // Two items before the stay still owe each other the journey.
        let second = item(
            "airport",
            Some("sit_lg"),
            at(25, 13, 30),
            at(25, 14, 0),
            &["con_d3"],
        );
        let mut both = p.clone();
        both.items.push(second);
        assert!(check(&both).iter().any(|c| c.kind == ConflictKind::Travel
            && c.items == vec!["briefing".to_owned(), "airport".to_owned()]));
    }

    #[test]
    fn travel_too_short_is_explained() {
        let p = programme(vec![
            item(
                "cardiology",
                Some("sit_cl"),
                at(26, 16, 30),
                at(26, 17, 30),
                &["con_d3"],
            ),
            item(
                "liege",
                Some("sit_lg"),
                at(26, 18, 0),
                at(26, 19, 0),
                &["con_d3"],
            ),
        ]);
        let c = check(&p);
        let travel: Vec<_> = c
            .iter()
            .filter(|c| c.kind == ConflictKind::Travel)
            .collect();
        assert_eq!(travel.len(), 1, "{c:?}");
        assert_eq!(
            travel[0].message.english(),
            "Delegate 3 leaves Hôpital civil Marie Curie at 17:30 (end of cardiology) and must be \
             at CHC Mont Légia at 18:00 (liege): 30 min, travel takes 1 h 15"
        );
        assert_eq!(travel[0].items, vec!["cardiology", "liege"]);
        assert_eq!(travel[0].people, vec!["con_d3"]);
        assert_message(
            travel[0],
            "conflict.travel",
            &[
                ("people", "Delegate 3"),
                ("count", "1"),
                ("fromSite", "Hôpital civil Marie Curie"),
                ("leave", "2025-06-26T15:30:00Z"),
                ("first", "cardiology"),
                ("toSite", "CHC Mont Légia"),
                ("arrive", "2025-06-26T16:00:00Z"),
                ("second", "liege"),
                ("gap", "30"),
                ("needed", "75"),
                ("zone", "Europe/Brussels"),
            ],
        );
    }

    #[test]
    fn entered_travel_time_wins_over_the_estimate() {
        let mut p = programme(vec![
            item(
                "a",
                Some("sit_cl"),
                at(26, 9, 0),
                at(26, 10, 0),
                &["con_d3"],
            ),
            item(
                "b",
                Some("sit_lg"),
                at(26, 11, 15),
                at(26, 12, 15),
                &["con_d3"],
            ),
        ]);
        assert!(check(&p).iter().all(|c| c.kind != ConflictKind::Travel));
        p.travel.insert(("sit_lg".into(), "sit_cl".into()), 90);
        let c = check(&p);
        assert!(
            c.iter().any(|c| c.kind == ConflictKind::Travel
                && c.message.english().contains("travel takes 1 h 30")),
            "{c:?}"
        );
    }

    #[test]
    fn double_booking_of_people_and_rooms() {
        let mut a = item(
            "a",
            Some("sit_cl"),
            at(26, 9, 0),
            at(26, 10, 0),
            &["con_d3", "con_x"],
        );
        let mut b = item(
            "b",
            Some("sit_cl"),
            at(26, 9, 30),
            at(26, 10, 30),
            &["con_d3"],
        );
        let c2 = item(
            "c",
            Some("sit_cl"),
            at(26, 10, 0),
            at(26, 11, 0),
            &["con_x"],
        );
        a.room = Some("roo_1".into());
        b.room = Some("roo_1".into());
        let mut p = programme(vec![a, b, c2]);
        p.rooms = vec![Room {
            id: "roo_1".into(),
            name: "B".into(),
            capacity: Some(1),
        }];
        let c = check(&p);
        let db: Vec<_> = c
            .iter()
            .filter(|c| c.kind == ConflictKind::DoubleBooking)
            .collect();
        assert_eq!(db.len(), 2, "{c:?}");
        assert!(db.iter().any(|c| c.people == vec!["con_d3"]
            && c.message
                .english()
                .starts_with("Delegate 3 is booked twice")));
        assert!(db.iter().any(|c| c.people.is_empty()
            && c.message
                .english()
                .starts_with("Room B at Hôpital civil Marie Curie")));
        // Touching items (10:00 end, 10:00 start) are not a double booking.
        assert!(!db.iter().any(|c| c.items.contains(&"c".to_owned())));
        let cap: Vec<_> = c
            .iter()
            .filter(|c| c.kind == ConflictKind::Capacity)
            .collect();
        assert_eq!(cap.len(), 1);
        assert_eq!(
            cap[0].message.english(),
            "a has 2 participants but room B holds 1"
        );
        assert_message(
            cap[0],
            "conflict.capacity",
            &[
                ("title", "a"),
                ("count", "2"),
                ("room", "B"),
                ("capacity", "1"),
            ],
        );
        let person = db.iter().find(|c| !c.people.is_empty()).unwrap();
        assert_message(
            person,
            "conflict.personBusy",
            &[
                ("people", "Delegate 3"),
                ("count", "1"),
                ("first", "a"),
                ("firstStart", "2025-06-26T07:00:00Z"),
                ("firstEnd", "2025-06-26T08:00:00Z"),
                ("second", "b"),
                ("secondStart", "2025-06-26T07:30:00Z"),
                ("secondEnd", "2025-06-26T08:30:00Z"),
                ("zone", "Europe/Brussels"),
            ],
        );
        let room = db.iter().find(|c| c.people.is_empty()).unwrap();
        assert_message(
            room,
            "conflict.roomBusyAt",
            &[
                ("room", "B"),
                ("site", "Hôpital civil Marie Curie"),
                ("first", "a"),
                ("second", "b"),
            ],
        );
    }

    #[test]
    fn availability_and_opening_hours() {
        let mut p = programme(vec![
            item(
                "talk",
                Some("sit_lg"),
                at(27, 14, 0),
                at(27, 15, 0),
                &["con_d3"],
            ),
            item(
                "photo",
                Some("sit_lg"),
                at(27, 15, 0),
                at(27, 15, 15),
                &["con_d3"],
            ),
            item("late", Some("sit_lg"), at(27, 17, 30), at(27, 18, 30), &[]),
        ]);
        p.availability
            .insert("con_d3".into(), vec![(at(27, 14, 0), at(27, 15, 0))]);
        let c = check(&p);
        let av: Vec<_> = c
            .iter()
            .filter(|c| c.kind == ConflictKind::Availability)
            .collect();
        assert_eq!(av.len(), 1, "{c:?}");
        assert_eq!(
            av[0].message.english(),
            "Delegate 3 is available 14:00–15:00 only, but photo runs 15:00–15:15"
        );
        let oh: Vec<_> = c
            .iter()
            .filter(|c| c.kind == ConflictKind::OpeningHours)
            .collect();
        assert_eq!(oh.len(), 1);
        assert_eq!(
            oh[0].message.english(),
            "late runs 17:30–18:30 at CHC Mont Légia, which is open 08:00–18:00"
        );
        assert_message(
            av[0],
            "conflict.availableOnly",
            &[
                ("people", "Delegate 3"),
                ("count", "1"),
                ("from", "2025-06-27T12:00:00Z"),
                ("to", "2025-06-27T13:00:00Z"),
                ("title", "photo"),
                ("start", "2025-06-27T13:00:00Z"),
                ("end", "2025-06-27T13:15:00Z"),
                ("zone", "Europe/Brussels"),
            ],
        );
        assert_message(
            oh[0],
            "conflict.openingHours",
            &[
                ("title", "late"),
                ("site", "CHC Mont Légia"),
                ("start", "2025-06-27T15:30:00Z"),
                ("end", "2025-06-27T16:30:00Z"),
                ("opens", "2025-06-27T06:00:00Z"),
                ("closes", "2025-06-27T16:00:00Z"),
                ("zone", "Europe/Brussels"),
            ],
        );
    }

    #[test]
    fn availability_reads_in_french_and_chinese_in_the_site_zone() {
        use crate::documents::locale::Lang;
        const TPE: Tz = chrono_tz::Asia::Taipei;
        let taipei = |h, m| {
            TPE.with_ymd_and_hms(2025, 6, 27, h, m, 0)
                .unwrap()
                .with_timezone(&Utc)
        };
        // A mission hosted in Brussels with one site in Taipei: the times read as in Taipei.
        let mut p = programme(vec![item(
            "Group photo",
            Some("sit_tp"),
            taipei(15, 0),
            taipei(15, 15),
            &["con_d3", "con_chen"],
        )]);
        p.sites.push(Site {
            id: "sit_tp".into(),
            name: "Taipei Veterans General Hospital".into(),
            latitude: None,
            longitude: None,
            tz: TPE,
            opens: None,
            closes: None,
        });
        p.people.insert("con_chen".into(), "陳美玲".into());
        for person in ["con_d3", "con_chen"] {
            p.availability
                .insert(person.into(), vec![(taipei(14, 0), taipei(15, 0))]);
        }
        let c = check(&p);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_message(
            &c[0],
            "conflict.availableOnly",
            &[
                ("people", "陳美玲\nDelegate 3"),
                ("count", "2"),
                ("zone", "Asia/Taipei"),
            ],
        );
        assert_eq!(
            c[0].message.render(Lang::Fr),
            "陳美玲 et Delegate 3 ne sont disponibles que de 14:00 à 15:00, mais « Group photo » \
             a lieu de 15:00 à 15:15"
        );
        assert_eq!(
            c[0].message.render(Lang::ZhTw),
            "陳美玲和Delegate 3僅在 14:00–15:00 有空，但「Group photo」的時間是 15:00–15:15"
        );
        // Two windows that day are listed; none that day is said so.
        p.availability.insert(
            "con_chen".into(),
            vec![
                (taipei(9, 0), taipei(10, 0)),
                (taipei(14, 0), taipei(15, 0)),
            ],
        );
        p.availability.remove("con_d3");
        let c = check(&p);
        assert_eq!(c[0].message.code, "conflict.availableOnlyAt", "{c:?}");
        assert_eq!(
            c[0].message.render(Lang::Fr),
            "陳美玲 n’est disponible qu’aux heures 09:00–10:00 et 14:00–15:00, mais « Group \
             photo » a lieu de 15:00 à 15:15"
        );
        p.availability.insert(
            "con_chen".into(),
            vec![(
                taipei(9, 0) + Duration::days(2),
                taipei(10, 0) + Duration::days(2),
            )],
        );
        let c = check(&p);
        assert_eq!(c[0].message.code, "conflict.notAvailableThatDay", "{c:?}");
        assert_eq!(
            c[0].message.render(Lang::ZhTw),
            "陳美玲當天沒空，但「Group photo」的時間是 15:00–15:15"
        );
    }

    #[test]
    fn long_days_and_missing_lunch() {
        let p = programme(vec![
            item(
                "morning",
                Some("sit_cl"),
                at(26, 8, 0),
                at(26, 12, 0),
                &["con_d3"],
            ),
            item(
                "noon",
                Some("sit_cl"),
                at(26, 12, 0),
                at(26, 14, 15),
                &["con_d3"],
            ),
            item(
                "evening",
                Some("sit_cl"),
                at(26, 14, 15),
                at(26, 20, 30),
                &["con_d3"],
            ),
        ]);
        let c = check(&p);
        let dl: Vec<_> = c
            .iter()
            .filter(|c| c.kind == ConflictKind::DayLength)
            .collect();
        assert_eq!(dl.len(), 2, "{c:?}");
        assert!(dl
            .iter()
            .any(|c| c.message.english().contains("a 12 h 30 day on Thu 26 Jun")));
        assert!(dl
            .iter()
            .any(|c| c.message.english().contains("no lunch break on Thu 26 Jun")));
        assert_message(
            dl[0],
            "conflict.longDay",
            &[
                ("people", "Delegate 3"),
                ("minutes", "750"),
                ("day", "2025-06-26T06:00:00Z"),
                ("first", "morning"),
                ("start", "2025-06-26T06:00:00Z"),
                ("last", "evening"),
                ("end", "2025-06-26T18:30:00Z"),
                ("limit", "720"),
                ("zone", "Europe/Brussels"),
            ],
        );
        assert_message(
            dl[1],
            "conflict.noLunch",
            &[
                ("people", "Delegate 3"),
                ("minutes", "30"),
                ("from", "2025-06-26T09:30:00Z"),
                ("to", "2025-06-26T12:30:00Z"),
                ("zone", "Europe/Brussels"),
            ],
        );

        // A 30-minute gap inside the window is a lunch break.
        let p = programme(vec![
            item(
                "morning",
                Some("sit_cl"),
                at(26, 9, 0),
                at(26, 12, 0),
                &["con_d3"],
            ),
            item(
                "afternoon",
                Some("sit_cl"),
                at(26, 12, 30),
                at(26, 17, 0),
                &["con_d3"],
            ),
        ]);
        assert!(check(&p).is_empty(), "{:?}", check(&p));
    }

    #[test]
    fn days_follow_the_host_zone_across_the_october_change() {
        // 26 October 2025: Brussels goes from UTC+2 to UTC+1 at 03:00.
        let s = BXL
            .with_ymd_and_hms(2025, 10, 25, 23, 30, 0)
            .unwrap()
            .with_timezone(&Utc);
        let e = BXL
            .with_ymd_and_hms(2025, 10, 26, 1, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let n = BXL
            .with_ymd_and_hms(2025, 10, 26, 9, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let noon = BXL
            .with_ymd_and_hms(2025, 10, 26, 12, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let one = BXL
            .with_ymd_and_hms(2025, 10, 26, 13, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let n2 = BXL
            .with_ymd_and_hms(2025, 10, 26, 22, 30, 0)
            .unwrap()
            .with_timezone(&Utc);
        let mut p = programme(vec![
            item("night", None, s, e, &["con_d3"]),
            item("morning", None, n, noon, &["con_d3"]),
            item("evening", None, one, n2, &["con_d3"]),
        ]);
        p.settings.max_day_minutes = 13 * 60 + 30;
        // 09:00-22:30 on the 26th is 13 h 30 (the change happened at 03:00): no conflict; the
        // night item belongs to the 25th, the day it starts in Brussels.
        assert!(check(&p).is_empty(), "{:?}", check(&p));
        // From 01:00 to 22:30 local is 21 h 30 on the wall clock but 22 h 30 of real time.
        let a = BXL
            .with_ymd_and_hms(2025, 10, 26, 1, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let b = BXL
            .with_ymd_and_hms(2025, 10, 26, 4, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!((b - a).num_minutes(), 240);
        p.items = vec![
            item("x", None, a, b, &["con_d3"]),
            item("morning", None, n, noon, &["con_d3"]),
            item("evening", None, one, n2, &["con_d3"]),
        ];
        p.settings.max_day_minutes = 22 * 60;
        let c = check(&p);
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(
            c[0].message
                .english()
                .contains("a 22 h 30 day on Sun 26 Oct"),
            "{}",
            c[0].message.english()
        );
    }
}
