//! Passport data per person and mission (table `passports`, issue 17 part 3): saved from the
//! window and the CLI, read for the delegation screen and the invitation letters only (no
//! other document reads this table). A shared record of the mission, like stays; its ops are
//! scrubbed when it is deleted (cleared, the person leaving the delegation, the mission
//! deleted: `privacy::SCRUBBED_WHEN_DELETED`) and by the person's erasure (`privacy::OWNED`).

use super::travel::{ensure_member, mission_days};
use super::writer::{opt_text, text};
use super::{conn_of, Reads, Writer};
use crate::domain::{passport_checks, Passport, PassportInput, PassportRecord};
use crate::error::{Error, Result};
use crate::ids::{ContactId, MissionId, PassportId};
use rusqlite::OptionalExtension;

/// Saves the passport of `input.contact_id` for `input.mission_id` (created, or the one there
/// replaced field by field); returns its id. Nothing is saved when a field is wrong: the person
/// must be in the delegation, and the record pass [`PassportRecord::validate`] against the
/// mission's dates and today (the action's own time, in the host zone).
pub fn put(w: &mut Writer<'_>, input: &PassportInput) -> Result<String> {
    let days = mission_days(w, &input.mission_id)?;
    let mission = MissionId::parse("missionId", &input.mission_id)?;
    let contact = ContactId::parse("contactId", &input.contact_id)?;
    ensure_member(w, mission.as_str(), contact.as_str(), "contactId")?;
    let today = chrono::DateTime::parse_from_rfc3339(w.now_text())
        .map(|t| t.with_timezone(&days.host).date_naive())
        .map_err(|e| Error::Internal(format!("the action's time is unreadable: {e}")))?;
    let id = match id_of(w, mission.as_str(), contact.as_str())? {
        Some(id) => PassportId::parse("id", &id)?,
        None => PassportId::new_random(),
    };
    let date = crate::domain::validate::date;
    let record = PassportRecord {
        id: id.clone(),
        mission_id: mission,
        contact_id: contact,
        surname: input.surname.clone(),
        given_names: input.given_names.clone(),
        nationality: input.nationality.clone(),
        number: input.number.clone(),
        birth_date: date("birthDate", input.birth_date.trim())?,
        issued_on: crate::domain::validate::optional_date("issuedOn", input.issued_on.as_deref())?,
        expires_on: date("expiresOn", input.expires_on.trim())?,
        issuing_authority: input.issuing_authority.clone(),
    }
    .validate(&days, today)?;
    w.scope_to_mission(record.mission_id.as_str())?;
    w.save(
        "passports",
        record.id.as_str(),
        &[
            ("mission_id", text(record.mission_id.as_str())),
            ("contact_id", text(record.contact_id.as_str())),
            ("surname", text(&record.surname)),
            ("given_names", text(&record.given_names)),
            ("nationality", text(&record.nationality)),
            ("number", text(&record.number)),
            ("birth_date", text(record.birth_date.to_string())),
            (
                "issued_on",
                opt_text(record.issued_on.map(|d| d.to_string()).as_deref()),
            ),
            ("expires_on", text(record.expires_on.to_string())),
            (
                "issuing_authority",
                opt_text(record.issuing_authority.as_deref()),
            ),
        ],
    )?;
    Ok(id.to_string())
}

/// Removes the passport of a person for a mission; false when there was none. Its values
/// leave the change log with it (`privacy::SCRUBBED_WHEN_DELETED`): the clear travels with the
/// mission but is never undone (nothing is left to put back).
pub fn clear(w: &mut Writer<'_>, mission_id: &str, contact_id: &str) -> Result<bool> {
    super::missions::get(w, mission_id)?;
    let Some(id) = id_of(w, mission_id, contact_id)? else {
        return Ok(false);
    };
    w.share_with_mission(mission_id)?;
    w.delete("passports", &id)
}

fn id_of(db: &impl Reads, mission_id: &str, contact_id: &str) -> Result<Option<String>> {
    Ok(conn_of(db)
        .prepare_cached("SELECT id FROM passports WHERE mission_id = ?1 AND contact_id = ?2")?
        .query_row([mission_id, contact_id], |r| r.get(0))
        .optional()?)
}

const COLUMNS: &str = "id, mission_id, contact_id, surname, given_names, nationality, number, \
                       birth_date, issued_on, expires_on, issuing_authority";

fn passport_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Passport> {
    Ok(Passport {
        id: r.get(0)?,
        mission_id: r.get(1)?,
        contact_id: r.get(2)?,
        surname: r.get(3)?,
        given_names: r.get(4)?,
        nationality: r.get(5)?,
        number: r.get(6)?,
        birth_date: r.get(7)?,
        issued_on: r.get(8)?,
        expires_on: r.get(9)?,
        issuing_authority: r.get(10)?,
        checks: Vec::new(),
    })
}

fn with_checks(db: &impl Reads, mut list: Vec<Passport>) -> Result<Vec<Passport>> {
    let Some(first) = list.first() else {
        return Ok(list);
    };
    let days = mission_days(db, &first.mission_id.clone())?;
    for p in &mut list {
        let expiry = crate::domain::validate::date("expiresOn", &p.expires_on)?;
        p.checks = passport_checks(expiry, &days);
    }
    Ok(list)
}

/// The passport of a person for a mission, with its checks; `None` when none was entered.
pub fn get(db: &impl Reads, mission_id: &str, contact_id: &str) -> Result<Option<Passport>> {
    super::missions::get(db, mission_id)?;
    let found = conn_of(db)
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM passports WHERE mission_id = ?1 AND contact_id = ?2"
        ))?
        .query_row([mission_id, contact_id], passport_of)
        .optional()?;
    Ok(with_checks(db, found.into_iter().collect())?.pop())
}

/// A mission's passports, with their checks, by contact id.
pub fn of_mission(db: &impl Reads, mission_id: &str) -> Result<Vec<Passport>> {
    let list = conn_of(db)
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM passports WHERE mission_id = ?1 ORDER BY contact_id"
        ))?
        .query_map([mission_id], passport_of)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    with_checks(db, list)
}
