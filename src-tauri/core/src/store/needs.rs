//! A person's meal and access needs for a mission (table `meal_needs`, issue 18 part 4):
//! special-category data, saved only with a recorded consent, never on the contact. Withdrawing
//! the consent, the purge a set number of days after the mission (`missions.
//! needs_retention_days`) and the person's erasure (`privacy::OWNED`) delete the row, and the
//! commit scrubs its ops from the change log (`privacy::SCRUBBED_WHEN_DELETED`): the deletion
//! travels, the values do not stay.

use super::travel::{ensure_member, joined_name};
use super::writer::{opt_text, text};
use super::{conn_of, Reads, Writer};
use crate::domain::{erasure_date, AccessNeed, Diet, MealNeeds, MissionNeeds, NeedsInput, Ref};
use crate::error::{Error, Result};
use crate::ids::{ContactId, MissionId, NeedsId};
use crate::messages::Message;
use crate::time::parse_zone;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::OptionalExtension;

const TABLE: &str = "meal_needs";

/// The date `now` is in a mission's host zone.
fn today_in(host_tz: &str, now: DateTime<Utc>) -> Result<NaiveDate> {
    Ok(now
        .with_timezone(&parse_zone("hostTz", host_tz)?)
        .date_naive())
}

fn now_of(w: &Writer<'_>) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(w.now_text())
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|_| Utc::now())
}

/// A mission's last day, host zone and retention.
fn retention_of(db: &impl Reads, mission_id: &str) -> Result<(NaiveDate, String, u32)> {
    let row: Option<(String, String, i64)> = conn_of(db)
        .prepare_cached(
            "SELECT end_date, host_tz, needs_retention_days FROM missions WHERE id = ?1",
        )?
        .query_row([mission_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (end, tz, days) = row.ok_or_else(|| Error::NotFound {
        entity: "mission",
        id: mission_id.to_owned(),
    })?;
    Ok((
        crate::domain::validate::date("endDate", &end)?,
        tz,
        u32::try_from(days).unwrap_or(0),
    ))
}

/// Saves a person's needs for a mission over their previous ones; returns the record's id.
/// Nothing is saved without the consent (who, when, how), for someone outside the delegation,
/// or once the mission's needs are past their erasure date (they would be erased at once).
pub fn put(w: &mut Writer<'_>, input: &NeedsInput) -> Result<String> {
    let mission = MissionId::parse("missionId", &input.mission_id)?;
    let (last, tz, days) = retention_of(w, mission.as_str())?;
    let today = today_in(&tz, now_of(w))?;
    let record = input.validate(today)?;
    let contact = ContactId::parse("contactId", &input.contact_id)?;
    ensure_member(w, mission.as_str(), contact.as_str(), "contactId")?;
    let erased_on = erasure_date(last, days);
    if today >= erased_on {
        return Err(Error::invalid(
            "retentionDays",
            Message::new("needsPastRetention")
                .with_instant(
                    "date",
                    crate::domain::noon(erased_on, parse_zone("hostTz", &tz)?),
                )
                .with("zone", &tz),
        ));
    }
    let id = match id_of(w, mission.as_str(), contact.as_str())? {
        Some(id) => id,
        None => NeedsId::new_random().to_string(),
    };
    let list = |codes: Vec<&str>| serde_json::Value::from(codes).to_string();
    w.scope_to_mission(mission.as_str())?;
    w.save(
        TABLE,
        &id,
        &[
            ("mission_id", text(mission.as_str())),
            ("contact_id", text(contact.as_str())),
            (
                "diets",
                text(list(record.diets.iter().map(|d| d.as_str()).collect())),
            ),
            ("diet_other", opt_text(record.diet_other.as_deref())),
            (
                "access",
                text(list(record.access.iter().map(|a| a.as_str()).collect())),
            ),
            ("access_other", opt_text(record.access_other.as_deref())),
            ("consent_by", text(record.consent_by)),
            ("consent_on", text(record.consent_on.to_string())),
            ("consent_how", text(record.consent_how.as_str())),
        ],
    )?;
    Ok(id)
}

fn id_of(db: &impl Reads, mission_id: &str, contact_id: &str) -> Result<Option<String>> {
    Ok(conn_of(db)
        .prepare_cached("SELECT id FROM meal_needs WHERE mission_id = ?1 AND contact_id = ?2")?
        .query_row([mission_id, contact_id], |r| r.get(0))
        .optional()?)
}

/// Erases a person's needs for a mission (consent withdrawn, or no longer needed): the row
/// and the values its ops held. Returns whether there were any. Shared with the mission (the
/// deletion travels) but never undone.
pub fn clear(w: &mut Writer<'_>, mission_id: &str, contact_id: &str) -> Result<bool> {
    let Some(id) = id_of(w, mission_id, contact_id)? else {
        return Ok(false);
    };
    w.share_with_mission(mission_id)?;
    w.delete(TABLE, &id)?;
    Ok(true)
}

/// Sets how many days after its last day a mission's needs are kept.
pub fn set_retention(w: &mut Writer<'_>, mission_id: &str, days: u32) -> Result<()> {
    retention_of(w, mission_id)?;
    w.scope_to_mission(mission_id)?;
    w.save(
        "missions",
        mission_id,
        &[("needs_retention_days", Value::Integer(i64::from(days)))],
    )?;
    Ok(())
}

/// The needs whose mission's erasure date has come (`now` in each mission's host zone), by
/// mission.
pub fn expired(db: &impl Reads, now: DateTime<Utc>) -> Result<Vec<(String, String)>> {
    let rows: Vec<(String, String, String, String, i64)> = conn_of(db)
        .prepare_cached(
            "SELECT n.id, m.id, m.end_date, m.host_tz, m.needs_retention_days
             FROM meal_needs n JOIN missions m ON m.id = n.mission_id ORDER BY m.id, n.id",
        )?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (id, mission, end, tz, days) in rows {
        let end = crate::domain::validate::date("endDate", &end)?;
        let erased_on = erasure_date(end, u32::try_from(days).unwrap_or(0));
        if today_in(&tz, now)? >= erased_on {
            out.push((mission, id));
        }
    }
    Ok(out)
}

/// Whether a purge has anything to do: needs past their date, or the ops of a deleted
/// personal record still holding their values (a file of an earlier version).
pub fn purge_due(db: &impl Reads, now: DateTime<Utc>) -> Result<bool> {
    Ok(!expired(db, now)?.is_empty() || super::privacy::scrub_due(db)?)
}

/// Erases every need past its mission's erasure date, and scrubs the ops of every deleted
/// personal record still holding values; returns how many records were erased here. One
/// change set for them all, shared with their missions (the deletions travel), never undone.
pub fn purge(w: &mut Writer<'_>) -> Result<usize> {
    let expired = expired(w, now_of(w))?;
    let mut shared = None;
    for (mission, id) in &expired {
        if shared.as_ref() != Some(mission) {
            w.share_with_mission(mission)?;
            shared = Some(mission.clone());
        }
        w.delete(TABLE, id)?;
    }
    super::privacy::scrub_deleted(w, true)?;
    Ok(expired.len())
}

/// Runs [`purge`] in a change set of its own when it has anything to do: at the app's start
/// and before every command of the CLI (the write compacts the file). Returns how many
/// records were erased.
pub fn purge_if_due(store: &super::Store) -> Result<usize> {
    let now = store.now();
    if !store.read(|c| purge_due(c, now))? {
        return Ok(0);
    }
    store.write("action.purgeNeeds", purge)
}

/// A mission's needs, by family then given name, with the date they are erased.
pub fn of_mission(db: &impl Reads, mission_id: &str) -> Result<MissionNeeds> {
    let (last, _, days) = retention_of(db, mission_id)?;
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT n.id, c.id, c.given_name || char(31) || c.family_name, n.diets, n.diet_other,
                n.access, n.access_other, n.consent_by, n.consent_on, n.consent_how
         FROM meal_needs n JOIN contacts c ON c.id = n.contact_id
         WHERE n.mission_id = ?1
         ORDER BY c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE, n.id",
    )?;
    let rows = stmt.query_map([mission_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
            r.get(9)?,
        ))
    })?;
    let mut needs = Vec::new();
    for row in rows {
        let (id, contact, name, diets, diet_other, access, access_other, by, on, how) = row?;
        needs.push(MealNeeds {
            id,
            contact: Ref {
                id: contact,
                name: joined_name(&name),
            },
            diets: codes(&diets, Diet::parse)?,
            diet_other,
            access: codes(&access, AccessNeed::parse)?,
            access_other,
            consent_by: by,
            consent_on: on,
            consent_how: how,
        });
    }
    Ok(MissionNeeds {
        mission_id: mission_id.to_owned(),
        retention_days: days,
        erased_on: erasure_date(last, days).to_string(),
        needs,
    })
}

/// A stored JSON list of codes; an unknown one is an error, never dropped.
fn codes<T>(json: &str, parse: fn(&str) -> Option<T>) -> Result<Vec<T>> {
    let list: Vec<String> = serde_json::from_str(json)
        .map_err(|e| Error::Internal(format!("stored needs unreadable: {e}")))?;
    list.iter()
        .map(|c| parse(c).ok_or_else(|| Error::Internal(format!("stored need unknown: {c}"))))
        .collect()
}
