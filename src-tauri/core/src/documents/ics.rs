//! Calendar files (RFC 5545) for the whole mission or one participant, written with the
//! `icalendar` crate. Instants are written in UTC (the crate writes no VTIMEZONE), so every
//! calendar shows them right in its own zone: the Liège talks at 14:00 in Brussels are 20:00
//! in Taipei. Each event's UID derives from its item id, so importing an updated file updates
//! the events instead of duplicating them; SEQUENCE counts the item's recorded changes and
//! DTSTAMP is the export time, so calendars recognise the newer copy.

use super::facts::MissionFacts;
use super::locale::{self, in_lang, text, Lang};
use crate::domain::{AgendaItemFacts, AgendaKind, ItemStatus, Wording};
use crate::error::Result;
use crate::store;
use icalendar::{Alarm, Calendar, Component, Event, EventLike, EventStatus, Property, Trigger};
use rusqlite::Connection;

/// What a calendar export holds.
#[derive(Debug, Clone, Default)]
pub struct IcsOptions {
    /// Only this person's items (else the whole mission).
    pub participant: Option<String>,
    /// A reminder this many minutes before each event.
    pub alarm_minutes: Option<u32>,
    /// The language of the words the file adds to each event (group, technologies, organiser).
    pub lang: Lang,
}

/// The stable UID of an item's event.
/// How long an arrival's or a departure's event lasts in a calendar, from the leg's time.
const LEG_MINUTES: i64 = 30;

pub fn uid(mission_id: &str, item_id: &str) -> String {
    format!("{item_id}.{mission_id}@passerelle")
}

/// The calendar file's text (CRLF line endings, folded lines).
pub fn calendar(conn: &Connection, f: &MissionFacts, options: &IcsOptions) -> Result<String> {
    let mission = &f.detail.mission;
    let person = options
        .participant
        .as_deref()
        .map(|id| f.person(id))
        .transpose()?;
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new(
        "PRODID",
        format!(
            "-//Passerelle//Passerelle {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
    ));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    let mission_title = in_lang(options.lang, &mission.titles, &mission.title);
    let name = match person {
        Some(p) => format!("{mission_title} — {}", p.full()),
        None => mission_title.to_owned(),
    };
    cal.name(&name);

    // The organiser: the first organiser of the delegation who has an e-mail address.
    let organiser = f
        .detail
        .delegation
        .iter()
        .filter(|m| m.role == "organiser")
        .filter_map(|m| f.people.get(&m.contact.id))
        .find(|p| p.email.is_some());
    let organiser_text = f
        .detail
        .delegation
        .iter()
        .filter(|m| m.role == "organiser")
        .filter_map(|m| f.people.get(&m.contact.id))
        .map(|p| {
            let mut s = p.name.clone();
            if let Some(o) = &p.organisation {
                s.push_str(&format!(" ({o})"));
            }
            for c in [&p.phone, &p.email].into_iter().flatten() {
                s.push_str(&format!(", {c}"));
            }
            s
        })
        .collect::<Vec<_>>();

    // SEQUENCE: how many times each item was changed after its creation.
    let revisions = store::revisions::of_mission_items(conn, f.mission_id())?;
    let items: Vec<&AgendaItemFacts> = f
        .all_items
        .iter()
        .filter(|i| match person {
            Some(p) => f.concerns(i, &p.id),
            None => true,
        })
        .collect();
    // A track's or a technology's name in the calendar's language, else its own.
    let named = |names: Option<&Wording>, own: &'_ str| -> String {
        names
            .map_or(own, |n| in_lang(options.lang, n, own))
            .to_owned()
    };
    for item in items {
        // The words written for the calendar's language, else the item's own.
        let title = in_lang(options.lang, &item.titles, &item.title);
        let described =
            locale::worded(options.lang, &item.descriptions).or(item.description.as_deref());
        let mut event = Event::new();
        event
            .uid(&uid(&mission.id, &item.id))
            .timestamp(f.now)
            .sequence(revisions.get(&item.id).copied().unwrap_or(0))
            .summary(title)
            .starts(item.starts_at)
            .ends(item.ends_at)
            .status(match item.status {
                ItemStatus::Cancelled => EventStatus::Cancelled,
                ItemStatus::Tentative | ItemStatus::Proposed => EventStatus::Tentative,
                ItemStatus::Confirmed | ItemStatus::Held => EventStatus::Confirmed,
            })
            .add_property("CATEGORIES", item.kind.as_str().to_uppercase());
        let mut location = Vec::new();
        if let Some(room) = &item.room {
            location.push(room.name.clone());
        }
        if let Some(site) = &item.site {
            let (name, address) = f
                .sites
                .get(&site.id)
                .cloned()
                .unwrap_or((site.name.clone(), None));
            location.push(name);
            location.extend(address);
            if let Some(s) = f.detail.sites.iter().find(|s| s.id == site.id) {
                if let (Some(lat), Some(lon)) = (s.latitude, s.longitude) {
                    event.add_property("GEO", format!("{lat:.6};{lon:.6}"));
                }
            }
        }
        if !location.is_empty() {
            event.location(&location.join(", "));
        }
        let mut description = Vec::new();
        if let Some(d) = described {
            description.push(d.to_owned());
        }
        if let Some(g) = &item.subgroup {
            let names = f.detail.subgroups.iter().find(|s| s.id == g.id);
            let name = named(names.map(|s| &s.names), &g.name);
            description.push(format!("{}: {}", text(options.lang, "ics.group"), name));
        }
        // A transfer: where it leaves from, and the vehicle with its driver's phone.
        let from = item
            .from_site
            .as_ref()
            .filter(|_| item.kind == AgendaKind::Transfer);
        if let Some(from) = from {
            let (name, address) = f
                .sites
                .get(&from.id)
                .cloned()
                .unwrap_or((from.name.clone(), None));
            let place = [Some(name), address]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>();
            description.push(format!(
                "{}: {}",
                text(options.lang, "transport.from"),
                place.join(", ")
            ));
        }
        if let Some(v) = f.vehicle_line(item) {
            description.push(format!("{}: {v}", text(options.lang, "transport.vehicle")));
        }
        if !item.technologies.is_empty() {
            description.push(format!(
                "{}: {}",
                text(options.lang, "ics.technologies"),
                item.technologies
                    .iter()
                    .map(|t| named(f.technology_names.get(&t.id), &t.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !organiser_text.is_empty() {
            description.push(format!(
                "{}: {}",
                text(options.lang, "ics.organiser"),
                organiser_text.join("; ")
            ));
        }
        if !description.is_empty() {
            event.description(&description.join("\n"));
        }
        if let Some(o) = organiser {
            if let Some(email) = &o.email {
                event.append_property(
                    Property::new("ORGANIZER", format!("mailto:{email}"))
                        .add_parameter("CN", &o.name)
                        .done(),
                );
            }
        }
        if let Some(minutes) = options.alarm_minutes {
            if item.status != ItemStatus::Cancelled {
                event.alarm(Alarm::display(
                    title,
                    Trigger::before_start(chrono::Duration::minutes(i64::from(minutes))),
                ));
            }
        }
        cal.push(event.done());
    }
    // A person's own calendar also holds their arrival and departure (issue 18): a block of
    // `LEG_MINUTES` from the time the flight lands or leaves (a start with no end is an instant
    // by RFC 5545, which calendars draw as a hairline or not at all), at the airport or station,
    // with the flight or train number; and their hotel nights.
    if let Some(p) = person {
        for leg in f.travel.iter().filter(|l| l.contact.id == p.id) {
            let Ok(at) = chrono::DateTime::parse_from_rfc3339(&leg.at) else {
                continue;
            };
            let label = text(
                options.lang,
                match leg.kind {
                    crate::domain::TravelKind::Arrival => "itinerary.arrival",
                    crate::domain::TravelKind::Departure => "itinerary.departure",
                },
            );
            let summary = match &leg.reference {
                Some(r) => format!("{label} · {r}"),
                None => label,
            };
            let event = Event::new()
                .uid(&uid(&mission.id, &leg.id))
                .timestamp(f.now)
                .summary(&summary)
                .starts(at.with_timezone(&chrono::Utc))
                .ends(at.with_timezone(&chrono::Utc) + chrono::Duration::minutes(LEG_MINUTES))
                .location(&leg.place)
                .add_property("CATEGORIES", "TRAVEL")
                .done();
            cal.push(event);
        }
        // Their hotel nights: one all-day event from the check-in date to the check-out date
        // (DTEND is the morning they leave, so calendars draw a bar over the nights), marked
        // free so it does not hide the day's meetings from a free/busy view.
        for stay in f.stays.iter().filter(|s| s.contact.id == p.id) {
            let (Ok(from), Ok(to)) = (
                chrono::NaiveDate::parse_from_str(&stay.check_in, "%Y-%m-%d"),
                chrono::NaiveDate::parse_from_str(&stay.check_out, "%Y-%m-%d"),
            ) else {
                continue;
            };
            let mut event = Event::new();
            event
                .uid(&uid(&mission.id, &stay.id))
                .timestamp(f.now)
                .summary(&format!(
                    "{} · {}",
                    text(options.lang, "itinerary.hotel"),
                    stay.hotel.name
                ))
                .starts(from)
                .ends(to)
                .add_property("TRANSP", "TRANSPARENT")
                .add_property("CATEGORIES", "LODGING");
            let address = f
                .hotels
                .get(&stay.hotel.id)
                .map(|h| super::rooming::address(h, options.lang))
                .filter(|a| !a.is_empty());
            let location = [Some(stay.hotel.name.clone()), address]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>();
            event.location(&location.join(", "));
            let mut description = vec![
                format!(
                    "{}: {}",
                    text(options.lang, "rooming.checkIn"),
                    super::locale::short_date(options.lang, from)
                ),
                format!(
                    "{}: {}",
                    text(options.lang, "rooming.checkOut"),
                    super::locale::short_date(options.lang, to)
                ),
                format!(
                    "{}: {}",
                    text(options.lang, "rooming.roomType"),
                    text(
                        options.lang,
                        &format!("rooming.room.{}", stay.room_type.as_str())
                    )
                ),
            ];
            if let Some(r) = &stay.reference {
                description.push(format!("{}: {r}", text(options.lang, "rooming.reference")));
            }
            event.description(&description.join("\n"));
            cal.push(event.done());
        }
    }
    Ok(cal.to_string())
}
