//! A mission's vehicles (table `vehicles`, issue 18 part 2): saved from the window and the CLI,
//! read for the logistics section, the transfer items' form and card, the programme checks
//! (seats, a vehicle in two places) and the driver's sheet.

use super::writer::{opt_text, text};
use super::{conn_of, ensure_exists, Reads, Writer};
use crate::domain::{parse_seats, Ref, Vehicle, VehicleInput, VehicleKind, VehicleRecord};
use crate::error::{Error, Result};
use crate::ids::{MissionId, OrganisationId, VehicleId};
use crate::messages::Message;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use std::collections::HashSet;

/// Creates or edits a vehicle; returns its id. Nothing is saved when a field is wrong: no seats,
/// a company not in the directory, a phone not in international form.
pub fn put(w: &mut Writer<'_>, input: &VehicleInput) -> Result<String> {
    super::missions::get(w, &input.mission_id)?;
    let id = match &input.id {
        Some(id) => {
            let id = VehicleId::parse("id", id)?;
            if mission_of(w, id.as_str())? != input.mission_id {
                return Err(Error::invalid(
                    "id",
                    Message::new("doesNotExist").with("id", id),
                ));
            }
            id
        }
        None => VehicleId::new_random(),
    };
    let company = match input.company_id.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => {
            let s = OrganisationId::parse("companyId", s)?;
            ensure_exists(conn_of(w), "organisations", "companyId", Some(s.as_str()))?;
            Some(s)
        }
        None => None,
    };
    let record = VehicleRecord {
        id: id.clone(),
        mission_id: MissionId::parse("missionId", &input.mission_id)?,
        name: input.name.clone(),
        kind: input.kind.unwrap_or(VehicleKind::Coach),
        seats: parse_seats("seats", &input.seats)?,
        driver: input.driver.clone(),
        company_id: company,
        phone: input.phone.clone(),
    }
    .validate()?;
    w.scope_to_mission(&input.mission_id)?;
    w.save(
        "vehicles",
        record.id.as_str(),
        &[
            ("mission_id", text(record.mission_id.as_str())),
            ("name", text(&record.name)),
            ("kind", text(record.kind.as_str())),
            ("seats", Value::Integer(i64::from(record.seats))),
            ("driver", opt_text(record.driver.as_deref())),
            (
                "company_id",
                opt_text(record.company_id.as_ref().map(|c| c.as_str())),
            ),
            ("phone", opt_text(record.phone.as_deref())),
        ],
    )?;
    Ok(id.to_string())
}

/// Deletes a vehicle; its transfers keep their time and passengers, without a vehicle (the
/// checks then ask for one).
pub fn delete(w: &mut Writer<'_>, id: &str) -> Result<()> {
    let mission = mission_of(w, id)?;
    w.scope_to_mission(&mission)?;
    w.delete("vehicles", id)?;
    Ok(())
}

/// A stored vehicle as an input, for an edit that changes some of its fields.
pub fn input_of(db: &impl Reads, id: &str) -> Result<VehicleInput> {
    conn_of(db)
        .query_row(
            "SELECT mission_id, name, kind, seats, driver, company_id, phone
             FROM vehicles WHERE id = ?1",
            [id],
            |r| {
                Ok(VehicleInput {
                    id: Some(id.to_owned()),
                    mission_id: r.get(0)?,
                    name: r.get(1)?,
                    kind: Some(r.get(2)?),
                    seats: r.get::<_, i64>(3)?.to_string(),
                    driver: r.get(4)?,
                    company_id: r.get(5)?,
                    phone: r.get(6)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "vehicle",
            id: id.to_owned(),
        })
}

fn mission_of(db: &impl Reads, id: &str) -> Result<String> {
    super::mission_of_row(db, "vehicles", id, "vehicle")
}

/// A mission's vehicles, by name.
pub fn of_mission(db: &impl Reads, mission_id: &str) -> Result<Vec<Vehicle>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT v.id, v.name, v.kind, v.seats, v.driver, o.id, o.name, v.phone
         FROM vehicles v LEFT JOIN organisations o ON o.id = v.company_id
         WHERE v.mission_id = ?1 ORDER BY v.name COLLATE NOCASE, v.id",
    )?;
    let rows = stmt.query_map([mission_id], |r| {
        let company: Option<String> = r.get(5)?;
        let company_name: Option<String> = r.get(6)?;
        Ok(Vehicle {
            id: r.get(0)?,
            mission_id: mission_id.to_owned(),
            name: r.get(1)?,
            kind: r.get(2)?,
            seats: u32::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
            driver: r.get(4)?,
            company: company.map(|id| Ref {
                id,
                name: company_name.unwrap_or_default(),
            }),
            phone: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The people the mission's vehicles carry (the programme checks): the delegation's members
/// but its hosts, as for the beds.
pub fn passengers(db: &impl Reads, mission_id: &str) -> Result<HashSet<String>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT contact_id FROM delegation_members WHERE mission_id = ?1 AND role <> 'host'",
    )?;
    let rows = stmt.query_map([mission_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Checks that `vehicle` is one of the mission's (error on `vehicleId`).
pub(crate) fn ensure_of_mission(db: &impl Reads, mission_id: &str, vehicle: &str) -> Result<()> {
    let owner: Option<String> = conn_of(db)
        .prepare_cached("SELECT mission_id FROM vehicles WHERE id = ?1")?
        .query_row([vehicle], |r| r.get(0))
        .optional()?;
    match owner {
        Some(m) if m == mission_id => Ok(()),
        Some(_) => Err(Error::invalid(
            "vehicleId",
            Message::new("vehicleOfAnotherMission").with("id", vehicle),
        )),
        None => Err(Error::invalid(
            "vehicleId",
            Message::new("doesNotExist").with("id", vehicle),
        )),
    }
}
