//! What the scheduler reads of a mission beyond its sites and programme: the requests to place
//! with their current proposals, organisations, availability windows, sub-group memberships and
//! the items each person attends. `planning::facts` gathers them into plain data.

use crate::error::Result;
use crate::time::parse_stored;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use std::collections::HashMap;

/// A request to schedule (status `requested`), with the item it is placed in.
pub struct RequestToPlace {
    pub id: String,
    pub title: Option<String>,
    pub priority: String,
    pub item_id: Option<String>,
    pub item_status: Option<String>,
    pub item_locked: Option<bool>,
    pub item_starts_at: Option<DateTime<Utc>>,
    pub item_site: Option<String>,
}

pub fn requests_to_place(conn: &Connection, mission: &str) -> Result<Vec<RequestToPlace>> {
    let mut stmt = conn.prepare_cached(
        "SELECT q.id, q.title, q.priority, q.item_id, i.status, i.locked, i.starts_at, i.site_id
         FROM meeting_requests q LEFT JOIN agenda_items i ON i.id = q.item_id
         WHERE q.mission_id = ?1 AND q.status = 'requested' ORDER BY q.id",
    )?;
    let rows = stmt
        .query_map([mission], |r| {
            Ok((
                RequestToPlace {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    priority: r.get(2)?,
                    item_id: r.get(3)?,
                    item_status: r.get(4)?,
                    item_locked: r.get(5)?,
                    item_starts_at: None,
                    item_site: r.get(7)?,
                },
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(mut q, starts)| {
            q.item_starts_at = starts.as_deref().map(parse_stored).transpose()?;
            Ok(q)
        })
        .collect()
}

/// Contact id → organisation id, for the contacts that have one.
pub fn organisation_of(conn: &Connection) -> Result<HashMap<String, String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, organisation_id FROM contacts WHERE organisation_id IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// A window of availability [start, end).
pub type Window = (DateTime<Utc>, DateTime<Utc>);

/// Contact id → the person's availability windows in the mission.
pub fn availability_windows(
    conn: &Connection,
    mission: &str,
) -> Result<HashMap<String, Vec<Window>>> {
    let mut map: HashMap<String, Vec<_>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT contact_id, starts_at, ends_at FROM availabilities WHERE mission_id = ?1",
    )?;
    for row in stmt.query_map([mission], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (c, s, e) = row?;
        map.entry(c)
            .or_default()
            .push((parse_stored(&s)?, parse_stored(&e)?));
    }
    Ok(map)
}

/// The delegation: (contact id, sub-group id).
pub fn members(conn: &Connection, mission: &str) -> Result<Vec<(String, Option<String>)>> {
    Ok(conn
        .prepare_cached(
            "SELECT contact_id, subgroup_id FROM delegation_members WHERE mission_id = ?1",
        )?
        .query_map([mission], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// An item that keeps its attendees from a meeting.
pub struct AttendedItem {
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub subgroup: Option<String>,
    pub participants: Vec<String>,
}

/// The mission's items that keep people busy: not cancelled, not a request's proposal, not an
/// unlocked session of a sub-group (time reserved for its meetings).
pub fn attended_items(conn: &Connection, mission: &str) -> Result<Vec<AttendedItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.title, i.starts_at, i.ends_at, i.subgroup_id,
                (SELECT group_concat(contact_id, ' ') FROM agenda_participants p WHERE p.item_id = i.id)
         FROM agenda_items i
         WHERE i.mission_id = ?1 AND i.status <> 'cancelled'
           AND NOT (i.status = 'proposed' AND i.id IN (SELECT item_id FROM meeting_requests WHERE item_id IS NOT NULL))
           AND NOT (i.kind = 'meeting' AND i.subgroup_id IS NOT NULL AND i.locked = 0)",
    )?;
    let rows = stmt
        .query_map([mission], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(title, s, e, subgroup, parts)| {
            Ok(AttendedItem {
                title,
                start: parse_stored(&s)?,
                end: parse_stored(&e)?,
                subgroup,
                participants: parts
                    .map(|p| p.split(' ').map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        })
        .collect()
}
