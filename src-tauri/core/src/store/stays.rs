//! A delegation member's hotel nights (table `stays`, issue 18): saved from the window and the
//! CLI, read for the delegation screen, the programme checks (a night without a bed), the
//! rooming list and the itineraries.

use super::travel::{ensure_member, joined_name};
use super::writer::{opt_text, text};
use super::{conn_of, ensure_exists, Reads, Writer};
use crate::domain::{Ref, RoomType, Stay, StayInput, StayRecord};
use crate::error::{Error, Result};
use crate::ids::{ContactId, MissionId, OrganisationId, StayId};
use crate::messages::Message;
use crate::programme::conflicts::Lodging;
use chrono::NaiveDate;
use rusqlite::OptionalExtension;

/// Creates or edits a stay; returns its id. Nothing is saved when a field is wrong: the person
/// (and the one sharing the room) must be in the delegation, the hotel in the directory, and
/// the person not already booked elsewhere on one of its nights.
pub fn put(w: &mut Writer<'_>, input: &StayInput) -> Result<String> {
    let days = super::travel::mission_days(w, &input.mission_id)?;
    let id = match &input.id {
        Some(id) => {
            let id = StayId::parse("id", id)?;
            if mission_of(w, id.as_str())? != input.mission_id {
                return Err(Error::invalid(
                    "id",
                    Message::new("doesNotExist").with("id", id),
                ));
            }
            id
        }
        None => StayId::new_random(),
    };
    let contact = ContactId::parse("contactId", &input.contact_id)?;
    ensure_member(w, &input.mission_id, contact.as_str(), "contactId")?;
    let hotel = OrganisationId::parse("hotelId", &input.hotel_id)?;
    ensure_exists(conn_of(w), "organisations", "hotelId", Some(hotel.as_str()))?;
    let sharing_with = match input.sharing_with.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => {
            let s = ContactId::parse("sharingWith", s)?;
            ensure_member(w, &input.mission_id, s.as_str(), "sharingWith")?;
            Some(s)
        }
        None => None,
    };
    let record = StayRecord {
        id: id.clone(),
        mission_id: MissionId::parse("missionId", &input.mission_id)?,
        contact_id: contact,
        hotel_id: hotel,
        check_in: crate::domain::validate::date("checkIn", &input.check_in)?,
        check_out: crate::domain::validate::date("checkOut", &input.check_out)?,
        room_type: input.room_type.unwrap_or(RoomType::Single),
        sharing_with,
        reference: input.reference.clone(),
    }
    .validate()?;
    let overlapping: Option<(String, String)> = conn_of(w)
        .prepare_cached(
            "SELECT s.check_in, o.name FROM stays s JOIN organisations o ON o.id = s.hotel_id
             WHERE s.mission_id = ?1 AND s.contact_id = ?2 AND s.id <> ?3
               AND s.check_in < ?5 AND ?4 < s.check_out
             ORDER BY s.check_in LIMIT 1",
        )?
        .query_row(
            rusqlite::params![
                record.mission_id.as_str(),
                record.contact_id.as_str(),
                record.id.as_str(),
                record.check_in.to_string(),
                record.check_out.to_string(),
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((from, hotel)) = overlapping {
        let from = crate::domain::validate::date("checkIn", &from)?;
        return Err(Error::invalid(
            "checkIn",
            Message::new("stayOverlaps")
                .with("hotel", hotel)
                .with_instant("from", crate::domain::noon(from, days.host))
                .with("zone", days.host.name()),
        ));
    }
    w.scope_to_mission(&input.mission_id)?;
    w.save(
        "stays",
        record.id.as_str(),
        &[
            ("mission_id", text(record.mission_id.as_str())),
            ("contact_id", text(record.contact_id.as_str())),
            ("hotel_id", text(record.hotel_id.as_str())),
            ("check_in", text(record.check_in.to_string())),
            ("check_out", text(record.check_out.to_string())),
            ("room_type", text(record.room_type.as_str())),
            (
                "sharing_with",
                opt_text(record.sharing_with.as_ref().map(|c| c.as_str())),
            ),
            ("reference", opt_text(record.reference.as_deref())),
        ],
    )?;
    Ok(id.to_string())
}

/// Deletes a stay.
pub fn delete(w: &mut Writer<'_>, id: &str) -> Result<()> {
    let mission = mission_of(w, id)?;
    w.scope_to_mission(&mission)?;
    w.delete("stays", id)?;
    Ok(())
}

/// A stored stay as an input, for an edit that changes some of its fields.
pub fn input_of(db: &impl Reads, id: &str) -> Result<StayInput> {
    conn_of(db)
        .query_row(
            "SELECT mission_id, contact_id, hotel_id, check_in, check_out, room_type,
                    sharing_with, reference FROM stays WHERE id = ?1",
            [id],
            |r| {
                Ok(StayInput {
                    id: Some(id.to_owned()),
                    mission_id: r.get(0)?,
                    contact_id: r.get(1)?,
                    hotel_id: r.get(2)?,
                    check_in: r.get(3)?,
                    check_out: r.get(4)?,
                    room_type: Some(r.get(5)?),
                    sharing_with: r.get(6)?,
                    reference: r.get(7)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "stay",
            id: id.to_owned(),
        })
}

fn mission_of(db: &impl Reads, id: &str) -> Result<String> {
    super::mission_of_row(db, "stays", id, "stay")
}

/// A mission's stays, by hotel, check-in and person.
pub fn of_mission(db: &impl Reads, mission_id: &str) -> Result<Vec<Stay>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT s.id, c.id, c.given_name || char(31) || c.family_name, o.id, o.name,
                s.check_in, s.check_out, s.room_type, p.id,
                p.given_name || char(31) || p.family_name, s.reference
         FROM stays s JOIN contacts c ON c.id = s.contact_id
              JOIN organisations o ON o.id = s.hotel_id
              LEFT JOIN contacts p ON p.id = s.sharing_with
         WHERE s.mission_id = ?1
         ORDER BY o.name COLLATE NOCASE, o.id, s.check_in, c.family_name COLLATE NOCASE,
                  c.given_name COLLATE NOCASE, s.id",
    )?;
    let rows = stmt.query_map([mission_id], |r| {
        let check_in: String = r.get(5)?;
        let check_out: String = r.get(6)?;
        let sharing: Option<String> = r.get(8)?;
        let sharing_name: Option<String> = r.get(9)?;
        Ok(Stay {
            id: r.get(0)?,
            mission_id: mission_id.to_owned(),
            contact: Ref {
                id: r.get(1)?,
                name: joined_name(&r.get::<_, String>(2)?),
            },
            hotel: Ref {
                id: r.get(3)?,
                name: r.get(4)?,
            },
            nights: nights(&check_in, &check_out),
            check_in,
            check_out,
            room_type: r.get(7)?,
            sharing_with: sharing.map(|id| Ref {
                id,
                name: joined_name(sharing_name.as_deref().unwrap_or_default()),
            }),
            reference: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn nights(check_in: &str, check_out: &str) -> u32 {
    match (
        NaiveDate::parse_from_str(check_in, "%Y-%m-%d"),
        NaiveDate::parse_from_str(check_out, "%Y-%m-%d"),
    ) {
        (Ok(a), Ok(b)) => u32::try_from((b - a).num_days()).unwrap_or(0),
        _ => 0,
    }
}

/// What the bed check needs: the members who need a bed (everyone but the hosts) and each
/// person's stays. `None` while the mission has no stay at all (lodging not started).
pub fn lodging(db: &impl Reads, mission_id: &str) -> Result<Option<Lodging>> {
    let conn = conn_of(db);
    let rows: Vec<(String, String, String, String)> = conn
        .prepare_cached(
            "SELECT s.contact_id, s.check_in, s.check_out, o.name
             FROM stays s JOIN organisations o ON o.id = s.hotel_id WHERE s.mission_id = ?1",
        )?
        .query_map([mission_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut lodging = Lodging::default();
    for (contact, from, to, hotel) in rows {
        let from = crate::domain::validate::date("checkIn", &from)?;
        let to = crate::domain::validate::date("checkOut", &to)?;
        lodging
            .stays
            .entry(contact)
            .or_default()
            .push((from, to, hotel));
    }
    let members: Vec<(String, String)> = conn
        .prepare_cached(
            "SELECT d.contact_id, c.given_name || char(31) || c.family_name
             FROM delegation_members d JOIN contacts c ON c.id = d.contact_id
             WHERE d.mission_id = ?1 AND d.role <> 'host'",
        )?
        .query_map([mission_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    lodging.members = members
        .into_iter()
        .map(|(id, name)| (id, joined_name(&name)))
        .collect();
    lodging.members.sort();
    Ok(Some(lodging))
}

/// A hotel of a mission's stays, with its address for the rooming list.
#[derive(Debug, Clone, PartialEq)]
pub struct Hotel {
    pub id: String,
    pub name: String,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: String,
}

/// The hotels a mission's stays use, by name.
pub fn hotels(db: &impl Reads, mission_id: &str) -> Result<Vec<Hotel>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT o.id, o.name, o.address, o.postal_code, o.city, o.country FROM organisations o
         WHERE o.id IN (SELECT hotel_id FROM stays WHERE mission_id = ?1)
         ORDER BY o.name COLLATE NOCASE, o.id",
    )?;
    let rows = stmt.query_map([mission_id], |r| {
        Ok(Hotel {
            id: r.get(0)?,
            name: r.get(1)?,
            address: r.get(2)?,
            postal_code: r.get(3)?,
            city: r.get(4)?,
            country: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
