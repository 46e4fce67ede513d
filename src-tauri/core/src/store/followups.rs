//! Follow-ups: the tasks that keep a mission's leads alive for months.

use super::writer::{opt_text, text};
use super::{ensure_exists, opt_ref, Saved, Writer};
use crate::domain::{Followup, FollowupRecord};
use crate::error::Result;
use rusqlite::Connection;

pub fn save(w: &mut Writer<'_>, f: &FollowupRecord) -> Result<Saved> {
    let id_of = |id: Option<&str>| id.map(str::to_owned);
    let mission = id_of(f.mission_id.as_ref().map(|m| m.as_str()));
    let organisation = id_of(f.organisation_id.as_ref().map(|o| o.as_str()));
    let contact = id_of(f.contact_id.as_ref().map(|c| c.as_str()));
    let technology = id_of(f.technology_id.as_ref().map(|t| t.as_str()));
    ensure_exists(w.conn(), "missions", "mission", mission.as_deref())?;
    ensure_exists(
        w.conn(),
        "organisations",
        "organisation",
        organisation.as_deref(),
    )?;
    ensure_exists(w.conn(), "contacts", "contact", contact.as_deref())?;
    ensure_exists(
        w.conn(),
        "technologies",
        "technology",
        technology.as_deref(),
    )?;
    w.save(
        "followups",
        f.id.as_str(),
        &[
            ("title", text(&f.title)),
            ("owner", opt_text(f.owner.as_deref())),
            ("due_on", opt_text(f.due_on.map(|d| d.to_string()))),
            ("status", text(f.status.as_str())),
            ("mission_id", opt_text(mission)),
            ("organisation_id", opt_text(organisation)),
            ("contact_id", opt_text(contact)),
            ("technology_id", opt_text(technology)),
            ("notes", opt_text(f.notes.as_deref())),
        ],
    )
}

pub fn of_mission(conn: &Connection, mission_id: &str) -> Result<Vec<Followup>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.id, f.title, f.owner, f.due_on, f.status, f.mission_id, m.title,
                f.organisation_id, o.name, f.contact_id,
                c.given_name || CASE WHEN c.given_name <> '' AND c.family_name <> '' THEN ' ' ELSE '' END
                  || c.family_name,
                f.technology_id, t.name, f.notes
         FROM followups f
         LEFT JOIN missions m ON m.id = f.mission_id
         LEFT JOIN organisations o ON o.id = f.organisation_id
         LEFT JOIN contacts c ON c.id = f.contact_id
         LEFT JOIN technologies t ON t.id = f.technology_id
         WHERE f.mission_id = ?1
         ORDER BY f.due_on IS NULL, f.due_on, f.title",
    )?;
    let rows = stmt.query_map([mission_id], |r| {
        Ok(Followup {
            id: r.get(0)?,
            title: r.get(1)?,
            owner: r.get(2)?,
            due_on: r.get(3)?,
            status: r.get(4)?,
            mission: opt_ref(r.get(5)?, r.get(6)?),
            organisation: opt_ref(r.get(7)?, r.get(8)?),
            contact: opt_ref(r.get(9)?, r.get(10)?),
            technology: opt_ref(r.get(11)?, r.get(12)?),
            notes: r.get(13)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
