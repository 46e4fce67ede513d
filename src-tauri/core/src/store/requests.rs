//! Meeting requests of a mission (who wants to meet whom, with a priority, the allowed
//! sites and the technologies it is about) and the agenda item each is placed in: their SQL. The rules and views are in
//! `planning::requests`.

use super::{Link, Writer};
use crate::error::{Error, Result};
use crate::ids::{ContactId, MissionId, RequestId, SiteId, TechnologyId};
use crate::messages::Message;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

pub(crate) const PARTICIPANTS: Link = Link {
    table: "meeting_request_participants",
    owner_column: "request_id",
    value_columns: &["contact_id"],
    entity: "meeting_requests",
    field: "participants",
};
pub(crate) const SITES: Link = Link {
    table: "meeting_request_sites",
    owner_column: "request_id",
    value_columns: &["site_id"],
    entity: "meeting_requests",
    field: "sites",
};
pub(crate) const TECHNOLOGIES: Link = Link {
    table: "meeting_request_technologies",
    owner_column: "request_id",
    value_columns: &["technology_id"],
    entity: "meeting_requests",
    field: "technologies",
};

/// What matchmaking reads of a mission: its dates, host zone and host country, as stored.
pub struct MissionFrame {
    pub start: String,
    pub end: String,
    pub host_tz: String,
    pub host_country: String,
}

pub fn mission_frame(conn: &Connection, mission: &str) -> Result<MissionFrame> {
    conn.query_row(
        "SELECT start_date, end_date, host_tz, host_country FROM missions WHERE id = ?1",
        [mission],
        |r| {
            Ok(MissionFrame {
                start: r.get(0)?,
                end: r.get(1)?,
                host_tz: r.get(2)?,
                host_country: r.get(3)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "mission",
        id: mission.to_owned(),
    })
}

impl MissionFrame {
    /// The first and last days of the mission.
    pub fn dates(&self) -> Result<(NaiveDate, NaiveDate)> {
        let parse = |f: &str, v: &str| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map_err(|_| Error::invalid(f, Message::new("notADate").with("value", v)))
        };
        Ok((
            parse("startDate", &self.start)?,
            parse("endDate", &self.end)?,
        ))
    }
}

/// Every contact's display name, by id.
pub fn contact_names(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, trim(given_name || ' ' || family_name) FROM contacts")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The names of the mission's sites, by id.
pub fn site_names(conn: &Connection, mission: &str) -> Result<HashMap<String, String>> {
    Ok(conn
        .prepare_cached("SELECT id, name FROM sites WHERE mission_id = ?1")?
        .query_map([mission], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// A request as stored, with the item it is placed in, if any.
pub struct RequestRow {
    pub id: String,
    pub title: Option<String>,
    pub priority: String,
    pub status: String,
    pub origin: String,
    pub explanation: Option<String>,
    pub notes: Option<String>,
    pub item_id: Option<String>,
    pub item_status: Option<String>,
    pub item_starts_at: Option<String>,
    pub item_tz: Option<String>,
    pub item_site: Option<String>,
}

/// Every request of a mission, requested ones first, then by priority.
pub fn of_mission(conn: &Connection, mission: &str) -> Result<Vec<RequestRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT q.id, q.title, q.priority, q.status, q.origin, q.explanation, q.notes, q.item_id,
                i.status, i.starts_at, i.tz, s.name
         FROM meeting_requests q
         LEFT JOIN agenda_items i ON i.id = q.item_id
         LEFT JOIN sites s ON s.id = i.site_id
         WHERE q.mission_id = ?1
         ORDER BY q.status = 'rejected', CASE q.priority WHEN 'must' THEN 0 WHEN 'should' THEN 1 ELSE 2 END,
                  q.created_at, q.id",
    )?;
    let rows = stmt
        .query_map([mission], |r| {
            Ok(RequestRow {
                id: r.get(0)?,
                title: r.get(1)?,
                priority: r.get(2)?,
                status: r.get(3)?,
                origin: r.get(4)?,
                explanation: r.get(5)?,
                notes: r.get(6)?,
                item_id: r.get(7)?,
                item_status: r.get(8)?,
                item_starts_at: r.get(9)?,
                item_tz: r.get(10)?,
                item_site: r.get(11)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Request id → its participants' contact ids, sorted.
pub fn participants(conn: &Connection, mission: &str) -> Result<HashMap<String, Vec<String>>> {
    links(conn, mission, &PARTICIPANTS)
}

/// Request id → its allowed sites' ids, sorted (none: any site).
pub fn allowed_sites(conn: &Connection, mission: &str) -> Result<HashMap<String, Vec<String>>> {
    links(conn, mission, &SITES)
}

/// Request id → the ids of the technologies it is about, sorted.
pub fn technologies(conn: &Connection, mission: &str) -> Result<HashMap<String, Vec<String>>> {
    links(conn, mission, &TECHNOLOGIES)
}

/// The names of every technology, by id.
pub fn technology_names(conn: &Connection) -> Result<HashMap<String, String>> {
    Ok(conn
        .prepare_cached("SELECT id, name FROM technologies")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

fn links(conn: &Connection, mission: &str, link: &Link) -> Result<HashMap<String, Vec<String>>> {
    let (table, column) = (link.table, link.value_columns[0]);
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT l.request_id, l.{column} FROM {table} l
         JOIN meeting_requests q ON q.id = l.request_id WHERE q.mission_id = ?1
         ORDER BY l.{column}"
    ))?;
    for row in stmt.query_map([mission], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })? {
        let (q, v) = row?;
        map.entry(q).or_default().push(v);
    }
    Ok(map)
}

/// The mission a request belongs to; `None` if there is no such request.
pub fn mission_of(w: &Writer<'_>, id: &str) -> Result<Option<String>> {
    Ok(w.conn()
        .query_row(
            "SELECT mission_id FROM meeting_requests WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// A request's origin (`planner` or `suggestion`) and stored explanation.
pub fn origin(conn: &Connection, id: &str) -> Result<Option<(String, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT origin, explanation FROM meeting_requests WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The mission a site belongs to; `None` if there is no such site.
pub fn mission_of_site(w: &Writer<'_>, site: &str) -> Result<Option<String>> {
    Ok(w.conn()
        .query_row("SELECT mission_id FROM sites WHERE id = ?1", [site], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Whether the agenda item is locked (a locked proposal is kept as it is).
pub fn item_locked(w: &Writer<'_>, item: &str) -> Result<bool> {
    Ok(w.conn()
        .query_row(
            "SELECT locked FROM agenda_items WHERE id = ?1",
            [item],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

/// A request as saved: checked by `planning::requests`.
pub struct RequestRecord<'a> {
    pub id: &'a RequestId,
    pub mission: &'a MissionId,
    pub title: Option<&'a str>,
    pub priority: &'a str,
    /// `requested` or `rejected`.
    pub status: &'a str,
    /// `planner` or `suggestion`.
    pub origin: &'a str,
    pub explanation: Option<&'a str>,
    pub notes: Option<&'a str>,
    pub participants: &'a [ContactId],
    pub sites: &'a [SiteId],
    pub technologies: &'a [TechnologyId],
}

/// Checks that the mission exists (the error names `missionId`).
pub fn ensure_mission(w: &Writer<'_>, mission: &MissionId) -> Result<()> {
    super::ensure_exists(w.conn(), "missions", "missionId", Some(mission.as_str()))
}

/// Checks that the technology exists (the error names `field`).
pub fn ensure_technology(w: &Writer<'_>, field: &str, technology: &TechnologyId) -> Result<()> {
    super::ensure_exists(w.conn(), "technologies", field, Some(technology.as_str()))
}

/// Checks that the contact exists (the error names `field`).
pub fn ensure_contact(w: &Writer<'_>, field: &str, contact: &ContactId) -> Result<()> {
    super::ensure_exists(w.conn(), "contacts", field, Some(contact.as_str()))
}

/// Saves a request and its links through the logged writer.
pub fn save(w: &mut Writer<'_>, r: &RequestRecord<'_>) -> Result<()> {
    let opt = |v: Option<&str>| v.map_or(Value::Null, |s| Value::Text(s.to_owned()));
    w.save(
        "meeting_requests",
        r.id.as_str(),
        &[
            ("mission_id", Value::Text(r.mission.to_string())),
            ("title", opt(r.title)),
            ("priority", Value::Text(r.priority.to_owned())),
            ("status", Value::Text(r.status.to_owned())),
            ("origin", Value::Text(r.origin.to_owned())),
            ("explanation", opt(r.explanation)),
            ("notes", opt(r.notes)),
        ],
    )?;
    let rows = |v: Vec<String>| {
        v.into_iter()
            .map(|s| vec![Value::Text(s)])
            .collect::<Vec<_>>()
    };
    w.set_links(
        &PARTICIPANTS,
        r.id.as_str(),
        &rows(r.participants.iter().map(|c| c.to_string()).collect()),
    )?;
    w.set_links(
        &SITES,
        r.id.as_str(),
        &rows(r.sites.iter().map(|s| s.to_string()).collect()),
    )?;
    w.set_links(
        &TECHNOLOGIES,
        r.id.as_str(),
        &rows(r.technologies.iter().map(|t| t.to_string()).collect()),
    )?;
    Ok(())
}

/// Deletes a request and its proposed (not accepted, not locked) meeting.
pub fn delete(w: &mut Writer<'_>, id: &RequestId) -> Result<()> {
    let item: Option<Option<String>> = w
        .conn()
        .query_row(
            "SELECT q.item_id FROM meeting_requests q WHERE q.id = ?1",
            [id.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    let Some(item) = item else {
        return Err(Error::NotFound {
            entity: "meeting request",
            id: id.to_string(),
        });
    };
    w.set_links(&PARTICIPANTS, id.as_str(), &[])?;
    w.set_links(&SITES, id.as_str(), &[])?;
    w.set_links(&TECHNOLOGIES, id.as_str(), &[])?;
    w.delete("meeting_requests", id.as_str())?;
    if let Some(item) = item {
        let proposed: bool = w
            .conn()
            .query_row(
                "SELECT status = 'proposed' AND locked = 0 FROM agenda_items WHERE id = ?1",
                [&item],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false);
        if proposed {
            w.delete("agenda_items", &item)?;
        }
    }
    Ok(())
}

/// Records the item a request is placed in.
pub fn place(w: &mut Writer<'_>, request: &str, item: &str) -> Result<()> {
    w.save(
        "meeting_requests",
        request,
        &[("item_id", Value::Text(item.to_owned()))],
    )?;
    Ok(())
}

/// Takes a request out of its proposed item and deletes the item.
pub fn unplace(w: &mut Writer<'_>, request: &str, item: &str) -> Result<()> {
    w.save("meeting_requests", request, &[("item_id", Value::Null)])?;
    // Links cleared through the log first, so that undo restores them too.
    for link in super::agenda::LINKS {
        w.set_links(link, item, &[])?;
    }
    w.delete("agenda_items", item)?;
    Ok(())
}
