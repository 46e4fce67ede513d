//! A delegation member's arrival and departure (table `travel_legs`, issue 18): saved from the
//! window and the CLI, read for the delegation screen, the programme checks (they bound the
//! person's presence), the scheduler and the documents.

use super::writer::{opt_text, text};
use super::{conn_of, Reads, Writer};
use crate::domain::{
    display_name, MissionDays, Ref, TravelInput, TravelKind, TravelLeg, TravelMode, TravelRecord,
};
use crate::error::{Error, Result};
use crate::ids::{ContactId, MissionId, TravelId};
use crate::messages::Message;
use crate::programme::conflicts::Presence;
use crate::time::{format_in, format_utc, parse_instant, parse_stored, parse_zone};
use rusqlite::OptionalExtension;
use std::collections::HashMap;

/// The mission's first and last days in its host zone.
pub fn mission_days(db: &impl Reads, mission_id: &str) -> Result<MissionDays> {
    let m = super::missions::get(db, mission_id)?;
    Ok(MissionDays {
        first: crate::domain::validate::date("startDate", &m.start_date)?,
        last: crate::domain::validate::date("endDate", &m.end_date)?,
        host: parse_zone("hostTz", &m.host_tz)?,
    })
}

/// Refuses a person who is not in the mission's delegation (error on `field`).
pub(crate) fn ensure_member(
    db: &impl Reads,
    mission_id: &str,
    contact_id: &str,
    field: &str,
) -> Result<()> {
    let member: bool = conn_of(db)
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM delegation_members
                            WHERE mission_id = ?1 AND contact_id = ?2)",
        )?
        .query_row([mission_id, contact_id], |r| r.get(0))?;
    if member {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            Message::new("notInDelegation").with("id", contact_id),
        ))
    }
}

/// Creates or edits an arrival or departure; returns its id. Nothing is saved when a field is
/// wrong: the person must be in the delegation, have one arrival and one departure at most, and
/// leave after they arrive.
pub fn put(w: &mut Writer<'_>, input: &TravelInput) -> Result<String> {
    let days = mission_days(w, &input.mission_id)?;
    let id = match &input.id {
        Some(id) => {
            let id = TravelId::parse("id", id)?;
            let stored = mission_of(w, id.as_str())?;
            if stored != input.mission_id {
                return Err(Error::invalid(
                    "id",
                    Message::new("doesNotExist").with("id", id),
                ));
            }
            id
        }
        None => TravelId::new_random(),
    };
    let contact = ContactId::parse("contactId", &input.contact_id)?;
    ensure_member(w, &input.mission_id, contact.as_str(), "contactId")?;
    let record = TravelRecord {
        id: id.clone(),
        mission_id: MissionId::parse("missionId", &input.mission_id)?,
        contact_id: contact,
        kind: input.kind,
        mode: input.mode.unwrap_or(TravelMode::Flight),
        at: parse_instant("at", &input.at, days.host)?,
        tz: days.host,
        place: input.place.clone(),
        reference: input.reference.clone(),
    }
    .validate(&days)?;
    let legs = of_person(w, &input.mission_id, record.contact_id.as_str())?;
    if legs
        .iter()
        .any(|(other, kind, _)| *other != record.id.as_str() && *kind == record.kind)
    {
        return Err(Error::invalid(
            "kind",
            Message::new(match record.kind {
                TravelKind::Arrival => "arrivalAlreadyEntered",
                TravelKind::Departure => "departureAlreadyEntered",
            }),
        ));
    }
    let other = |k: TravelKind| {
        legs.iter()
            .find(|(other, kind, _)| *other != record.id.as_str() && *kind == k)
            .map(|(_, _, at)| *at)
    };
    let (arrival, departure) = match record.kind {
        TravelKind::Arrival => (Some(record.at), other(TravelKind::Departure)),
        TravelKind::Departure => (other(TravelKind::Arrival), Some(record.at)),
    };
    if let (Some(a), Some(d)) = (arrival, departure) {
        if d <= a {
            return Err(Error::invalid(
                "at",
                Message::new("departureBeforeArrival")
                    .with_instant("arrival", a)
                    .with_instant("departure", d)
                    .with("zone", days.host.name()),
            ));
        }
    }
    w.scope_to_mission(&input.mission_id)?;
    w.save(
        "travel_legs",
        record.id.as_str(),
        &[
            ("mission_id", text(record.mission_id.as_str())),
            ("contact_id", text(record.contact_id.as_str())),
            ("kind", text(record.kind.as_str())),
            ("mode", text(record.mode.as_str())),
            ("at", text(format_utc(record.at))),
            ("tz", text(record.tz.name())),
            ("place", text(&record.place)),
            ("reference", opt_text(record.reference.as_deref())),
        ],
    )?;
    Ok(id.to_string())
}

/// Deletes an arrival or departure.
pub fn delete(w: &mut Writer<'_>, id: &str) -> Result<()> {
    let mission = mission_of(w, id)?;
    w.scope_to_mission(&mission)?;
    w.delete("travel_legs", id)?;
    Ok(())
}

/// A stored arrival or departure as an input, for an edit that changes some of its fields.
pub fn input_of(db: &impl Reads, id: &str) -> Result<TravelInput> {
    conn_of(db)
        .query_row(
            "SELECT mission_id, contact_id, kind, mode, at, place, reference
             FROM travel_legs WHERE id = ?1",
            [id],
            |r| {
                Ok(TravelInput {
                    id: Some(id.to_owned()),
                    mission_id: r.get(0)?,
                    contact_id: r.get(1)?,
                    kind: r.get(2)?,
                    mode: Some(r.get(3)?),
                    at: r.get(4)?,
                    place: r.get(5)?,
                    reference: r.get(6)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "arrival or departure",
            id: id.to_owned(),
        })
}

fn mission_of(db: &impl Reads, id: &str) -> Result<String> {
    super::mission_of_row(db, "travel_legs", id, "arrival or departure")
}

/// A person's legs in a mission: (id, kind, instant).
fn of_person(
    db: &impl Reads,
    mission_id: &str,
    contact_id: &str,
) -> Result<Vec<(String, TravelKind, chrono::DateTime<chrono::Utc>)>> {
    let rows: Vec<(String, TravelKind, String)> = conn_of(db)
        .prepare_cached(
            "SELECT id, kind, at FROM travel_legs WHERE mission_id = ?1 AND contact_id = ?2",
        )?
        .query_map([mission_id, contact_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(id, kind, at)| Ok((id, kind, parse_stored(&at)?)))
        .collect()
}

/// A mission's arrivals and departures, by time.
pub fn of_mission(db: &impl Reads, mission_id: &str) -> Result<Vec<TravelLeg>> {
    type Row = (
        String,
        String,
        String,
        TravelKind,
        TravelMode,
        String,
        String,
        String,
        Option<String>,
    );
    let rows: Vec<Row> = conn_of(db)
        .prepare_cached(
            "SELECT t.id, c.id, c.given_name || char(31) || c.family_name, t.kind, t.mode, t.at,
                    t.tz, t.place, t.reference
             FROM travel_legs t JOIN contacts c ON c.id = t.contact_id
             WHERE t.mission_id = ?1 ORDER BY t.at, c.family_name, t.id",
        )?
        .query_map([mission_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(
            |(id, contact, name, kind, mode, at, tz, place, reference)| {
                let zone = parse_zone("tz", &tz)?;
                Ok(TravelLeg {
                    id,
                    mission_id: mission_id.to_owned(),
                    contact: Ref {
                        id: contact,
                        name: joined_name(&name),
                    },
                    kind,
                    mode,
                    at: format_in(parse_stored(&at)?, zone),
                    tz,
                    place,
                    reference,
                })
            },
        )
        .collect()
}

/// "given\x1ffamily" → the display name.
pub(crate) fn joined_name(joined: &str) -> String {
    let (given, family) = joined.split_once('\u{1f}').unwrap_or(("", joined));
    display_name(given, family)
}

/// Person → their arrival and departure in the mission (the programme checks' and the
/// scheduler's bounds of their presence).
pub fn presence(db: &impl Reads, mission_id: &str) -> Result<HashMap<String, Presence>> {
    let rows: Vec<(String, TravelKind, String, String)> = conn_of(db)
        .prepare_cached(
            "SELECT contact_id, kind, at, place FROM travel_legs WHERE mission_id = ?1",
        )?
        .query_map([mission_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: HashMap<String, Presence> = HashMap::new();
    for (contact, kind, at, place) in rows {
        let at = parse_stored(&at)?;
        let p = out.entry(contact).or_default();
        match kind {
            TravelKind::Arrival => p.arrival = Some((at, place)),
            TravelKind::Departure => p.departure = Some((at, place)),
        }
    }
    Ok(out)
}

/// A mission's arrivals, departures and stays, for the delegation screen.
pub fn logistics(db: &impl Reads, mission_id: &str) -> Result<crate::domain::MissionLogistics> {
    super::missions::get(db, mission_id)?;
    Ok(crate::domain::MissionLogistics {
        mission_id: mission_id.to_owned(),
        travel: of_mission(db, mission_id)?,
        stays: super::stays::of_mission(db, mission_id)?,
    })
}
