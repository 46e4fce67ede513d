//! The live constraint checker of a programme. Pure: no I/O, no clock; the store builds a
//! [`Programme`] and this module returns the conflicts, each explained by a message code with
//! its parameters (`conflict.*` in the window's message files; see `crate::messages`): names,
//! titles, counts, and times as instants with the zone to show them in — the site's zone when the
//! conflict's items share one, else the mission's host zone (which also cuts the days).
//!
//! Every check is a sweep over items sorted by start (per person, per room, per site), so a
//! mission of 2,000 items and 300 people is checked in a few milliseconds
//! (`passerelle-cli programme bench`, `make bench-conflicts`).
//!
//! Rules, by module (`context` holds what the checks share):
//! - `double_booking` (`bookings`): a person, or a room, is in two items that overlap. A
//!   sub-group's *session* (an unlocked `meeting` item of a sub-group, such as "one-to-one
//!   talks") is time reserved for that sub-group's meetings: an item of the same sub-group that
//!   lies strictly inside it (as the scheduler proposes them) is not a double booking with it.
//! - `availability` (`availability`): a person who has availability windows in the mission is
//!   in an item that does not fit inside one of them (people without windows are always
//!   available).
//! - `opening_hours` (`places`): an item at a site starts before it opens or ends after it
//!   closes (in the site's zone); `capacity` (`places`): an item in a room has more
//!   participants than the room holds.
//! - `travel` (`travel`): from each of a person's items at a site to the first of their items
//!   that starts after it ends, at another site, there is less time than the journey takes (the
//!   mission's travel matrix, else the straight-line distance times a detour factor at a road
//!   speed, rounded to 5 minutes). Items without a site are ignored. Sites more than
//!   [`ROAD_LIMIT_KM`] apart have no estimate: the journey is a flight, checked only when the
//!   planner enters its time. Items outside the stay (ending before the mission's first day or
//!   starting after its last, in the host zone: a pre-departure briefing at home) impose no
//!   journey on the items of the stay.
//! - `day_length` (`days`): a person's day (first start to last end) is longer than the limit,
//!   or a person with items both before the lunch window's start and after its end has neither
//!   a meal/break item in the window nor a free gap of the minimum length inside it.
//!
//! - `arrival` (`arrivals`): a person attends an item (in the stay) that starts before their
//!   arrival or ends after their departure, as the planner entered them (issue 18).
//!
//! The arrival, language and transport checks read who attends an item as the scheduler and
//! the itineraries do ([`Programme::attendees`]): an item with nobody named is for the whole
//! delegation, or its sub-group.
//! - `lodging` (`lodging`): once the mission has stays, a member of the delegation (not a host)
//!   has no bed for a night between the mission's first and last day while there, or a stay
//!   lies outside the mission's dates (widened to the person's arrival and departure days).
//! - `language` (`languages`): two people at a meeting (a sub-group's session too) share no
//!   language and no one else there speaks one of each (an interpreter), from the contacts'
//!   languages; people whose languages are not known are left out.
//!
//! - `transport` (`transport`): a transfer item carries more people than its vehicle seats, has
//!   no vehicle, or lasts less than the journey from its departure site to its site; a vehicle
//!   is in two transfers at once, or has less time than the drive from where one ends to where
//!   the next leaves. A person's journey to a transfer goes to its departure site (`travel`).
//!   Once the mission has a vehicle, a passenger (the delegation but its hosts) goes from one
//!   site to another between two items of a day with no transfer carrying them.
//!
//! Cancelled items are ignored.

mod arrivals;
mod availability;
mod bookings;
mod context;
mod days;
mod languages;
mod lodging;
mod places;
#[cfg(test)]
mod testing;
mod transport;
mod travel;

pub use arrivals::Presence;
pub use lodging::Lodging;
pub use transport::{Transfer, Transport, Vehicle};
pub use travel::{beyond_road, estimate_minutes, haversine_km, ROAD_LIMIT_KM};

use crate::messages::Message;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use context::Ctx;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
    Arrival,
    Lodging,
    Language,
    Transport,
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
            ConflictKind::Arrival => "arrival",
            ConflictKind::Lodging => "lodging",
            ConflictKind::Language => "language",
            ConflictKind::Transport => "transport",
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
    /// A meeting: its participants talk with each other (the languages check).
    pub meeting: bool,
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
    /// Person id → their arrival and departure (issue 18); people without are always there.
    pub presence: HashMap<String, Presence>,
    /// The beds: `None` while the mission has no stay (lodging not started).
    pub lodging: Option<Lodging>,
    /// Person id → the languages they speak (BCP 47 codes, as the directory keeps them);
    /// people left out, or with none, are not known to share or lack one.
    pub languages: HashMap<String, Vec<String>>,
    /// The vehicles and the transfer items' (issue 18 part 2).
    pub transport: Transport,
    /// The delegation's members and their sub-group: an item with nobody named is attended by
    /// the whole delegation, or its sub-group's members ([`Programme::attendees`]).
    pub members: Vec<(String, Option<String>)>,
}

impl Programme {
    /// Who attends an item: the people named, else, as the scheduler (`planning::availability`)
    /// and the itineraries (`documents::facts`) read an item with nobody named, the members of
    /// its sub-group, or the whole delegation.
    pub fn attendees<'a>(&'a self, item: &'a Item) -> Vec<&'a str> {
        if !item.people.is_empty() {
            return item.people.iter().map(String::as_str).collect();
        }
        self.members
            .iter()
            .filter(|(_, g)| item.subgroup.is_none() || *g == item.subgroup)
            .map(|(c, _)| c.as_str())
            .collect()
    }

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

/// Checks a programme and returns its conflicts, ordered by kind then by first item start.
pub fn check(p: &Programme) -> Vec<Conflict> {
    // Live items in start order; indices into this vector below.
    let mut items: Vec<&Item> = p.items.iter().filter(|i| !i.cancelled).collect();
    items.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
    let ctx = Ctx::new(p, &items);

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
    // The same with the items nobody is named on given to whom they are for (the whole
    // delegation or a sub-group): what the arrival, language and transport checks read. The
    // other checks keep the people named (a delegation's lunch beside a sub-group's meetings
    // is the programme's usual shape, not a double booking).
    let attendees: Vec<Vec<&str>> = items.iter().map(|i| p.attendees(i)).collect();
    let mut by_attendee: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, who) in attendees.iter().enumerate() {
        for person in who {
            by_attendee.entry(person).or_default().push(i);
        }
    }
    let mut attending: Vec<(&str, Vec<usize>)> = by_attendee.into_iter().collect();
    attending.sort_by(|a, b| a.0.cmp(b.0));

    let mut out: context::Out = Vec::new();
    bookings::double_bookings(&ctx, &items, &people, &by_room, &mut out);
    availability::availability(&ctx, &items, &people, &mut out);
    places::opening_hours(&ctx, &items, &mut out);
    places::capacity(&ctx, &items, &mut out);
    travel::travel(&ctx, &items, &people, &mut out);
    days::days(&ctx, &items, &people, &mut out);
    arrivals::arrivals(&ctx, &items, &attending, &mut out);
    lodging::lodging(&ctx, &mut out);
    languages::languages(&ctx, &items, &attendees, &mut out);
    transport::transport(&ctx, &items, &attendees, &mut out);
    transport::moves(&ctx, &items, &attending, &mut out);
    // Stable: conflicts found in the same place keep the (deterministic) order they were found in.
    out.sort_by(|a, b| {
        (a.0, a.1, &a.2.items, a.2.message.code).cmp(&(b.0, b.1, &b.2.items, b.2.message.code))
    });
    out.into_iter().map(|(_, _, c)| c).collect()
}
