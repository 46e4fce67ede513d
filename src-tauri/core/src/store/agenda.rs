//! Agenda items: what happens when and where, with whom, showing which technologies.

use super::writer::{flag, opt_text, text};
use super::{ensure_exists, opt_ref, Link, Saved, Writer};
use crate::domain::{AgendaDay, AgendaItem, AgendaItemRecord, Ref};
use crate::error::{Error, Result};
use crate::time::{format_in, format_utc, parse_stored, parse_zone};
use chrono_tz::Tz;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

const PARTICIPANTS: Link = Link {
    table: "agenda_participants",
    owner_column: "item_id",
    value_columns: &["contact_id"],
    entity: "agenda_items",
    field: "participants",
};
const TECHNOLOGIES: Link = Link {
    table: "agenda_technologies",
    owner_column: "item_id",
    value_columns: &["technology_id"],
    entity: "agenda_items",
    field: "technologies",
};
const DEPARTMENTS: Link = Link {
    table: "agenda_departments",
    owner_column: "item_id",
    value_columns: &["department_id"],
    entity: "agenda_items",
    field: "departments",
};

pub fn save(w: &mut Writer<'_>, item: &AgendaItemRecord) -> Result<Saved> {
    let mission = item.mission_id.as_str();
    ensure_exists(w.conn(), "missions", "missionId", Some(mission))?;
    if let Some(site) = &item.site_id {
        let owner: Option<String> = w
            .conn()
            .query_row(
                "SELECT mission_id FROM sites WHERE id = ?1",
                [site.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        match owner {
            None => {
                return Err(Error::validation(
                    "site",
                    format!("'{site}' does not exist"),
                ))
            }
            Some(m) if m != mission => {
                return Err(Error::validation(
                    "site",
                    format!("'{site}' is a site of another mission"),
                ))
            }
            Some(_) => {}
        }
    }
    if let (Some(room), Some(site)) = (&item.room_id, &item.site_id) {
        let room_site: Option<String> = w
            .conn()
            .query_row(
                "SELECT site_id FROM rooms WHERE id = ?1",
                [room.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        match room_site {
            None => {
                return Err(Error::validation(
                    "room",
                    format!("'{room}' does not exist"),
                ))
            }
            Some(s) if s != site.as_str() => {
                return Err(Error::validation(
                    "room",
                    format!("'{room}' is not a room of site '{site}'"),
                ))
            }
            Some(_) => {}
        }
    }
    super::missions::check_subgroup(
        w.conn(),
        mission,
        item.subgroup_id.as_ref().map(|g| g.as_str()),
    )?;
    for (i, c) in item.participants.iter().enumerate() {
        ensure_exists(
            w.conn(),
            "contacts",
            &format!("participants[{i}]"),
            Some(c.as_str()),
        )?;
    }
    for (i, t) in item.technologies.iter().enumerate() {
        ensure_exists(
            w.conn(),
            "technologies",
            &format!("technologies[{i}]"),
            Some(t.as_str()),
        )?;
    }
    for (i, d) in item.departments.iter().enumerate() {
        ensure_exists(
            w.conn(),
            "departments",
            &format!("departments[{i}]"),
            Some(d.as_str()),
        )?;
    }

    let id = item.id.as_str();
    let saved = w.save(
        "agenda_items",
        id,
        &[
            ("mission_id", text(mission)),
            ("kind", text(item.kind.as_str())),
            ("title", text(&item.title)),
            ("description", opt_text(item.description.as_deref())),
            ("starts_at", text(format_utc(item.starts_at))),
            ("ends_at", text(format_utc(item.ends_at))),
            ("tz", text(item.tz.name())),
            (
                "site_id",
                opt_text(item.site_id.as_ref().map(|s| s.as_str())),
            ),
            (
                "room_id",
                opt_text(item.room_id.as_ref().map(|r| r.as_str())),
            ),
            (
                "subgroup_id",
                opt_text(item.subgroup_id.as_ref().map(|g| g.as_str())),
            ),
            ("status", text(item.status.as_str())),
            ("locked", flag(item.locked)),
        ],
    )?;
    let rows = |ids: Vec<&str>| {
        ids.into_iter()
            .map(|s| vec![Value::Text(s.to_owned())])
            .collect::<Vec<_>>()
    };
    let mut links_changed = w.set_links(
        &PARTICIPANTS,
        id,
        &rows(item.participants.iter().map(|c| c.as_str()).collect()),
    )?;
    links_changed |= w.set_links(
        &TECHNOLOGIES,
        id,
        &rows(item.technologies.iter().map(|t| t.as_str()).collect()),
    )?;
    links_changed |= w.set_links(
        &DEPARTMENTS,
        id,
        &rows(item.departments.iter().map(|d| d.as_str()).collect()),
    )?;
    Ok(if saved == Saved::Unchanged && links_changed {
        Saved::Updated
    } else {
        saved
    })
}

/// Every item of a mission in start order, times in the zone of each item's place.
pub fn of_mission(conn: &Connection, mission_id: &str) -> Result<Vec<AgendaItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.mission_id, i.kind, i.title, i.description, i.starts_at, i.ends_at, i.tz,
                i.site_id, s.name, i.room_id, r.name, i.subgroup_id, g.name, i.status, i.locked
         FROM agenda_items i
         LEFT JOIN sites s ON s.id = i.site_id
         LEFT JOIN rooms r ON r.id = i.room_id
         LEFT JOIN subgroups g ON g.id = i.subgroup_id
         WHERE i.mission_id = ?1
         ORDER BY i.starts_at, i.ends_at, g.name, i.title",
    )?;
    let rows = stmt
        .query_map([mission_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                opt_ref(r.get(8)?, r.get(9)?),
                opt_ref(r.get(10)?, r.get(11)?),
                opt_ref(r.get(12)?, r.get(13)?),
                r.get(14)?,
                r.get::<_, bool>(15)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let participants = refs(
        conn,
        "SELECT p.item_id, c.id, c.given_name || CASE WHEN c.given_name <> '' AND c.family_name <> ''
                THEN ' ' ELSE '' END || c.family_name
         FROM agenda_participants p JOIN contacts c ON c.id = p.contact_id
         JOIN agenda_items i ON i.id = p.item_id WHERE i.mission_id = ?1
         ORDER BY c.family_name, c.given_name",
        mission_id,
    )?;
    let technologies = refs(
        conn,
        "SELECT a.item_id, t.id, t.name FROM agenda_technologies a
         JOIN technologies t ON t.id = a.technology_id
         JOIN agenda_items i ON i.id = a.item_id WHERE i.mission_id = ?1 ORDER BY t.name",
        mission_id,
    )?;
    let departments = refs(
        conn,
        "SELECT a.item_id, d.id, d.name FROM agenda_departments a
         JOIN departments d ON d.id = a.department_id
         JOIN agenda_items i ON i.id = a.item_id WHERE i.mission_id = ?1 ORDER BY d.name",
        mission_id,
    )?;

    let mut items = Vec::with_capacity(rows.len());
    for (
        id,
        mission_id,
        kind,
        title,
        description,
        starts,
        ends,
        tz,
        site,
        room,
        subgroup,
        status,
        locked,
    ) in rows
    {
        let zone = parse_zone("tz", &tz)?;
        items.push(AgendaItem {
            participants: participants.get(&id).cloned().unwrap_or_default(),
            technologies: technologies.get(&id).cloned().unwrap_or_default(),
            departments: departments.get(&id).cloned().unwrap_or_default(),
            start: format_in(parse_stored(&starts)?, zone),
            end: format_in(parse_stored(&ends)?, zone),
            id,
            mission_id,
            kind,
            title,
            description,
            tz,
            site,
            room,
            subgroup,
            status,
            locked,
        });
    }
    Ok(items)
}

/// Item id → refs, from a query returning (item id, ref id, ref name).
fn refs(
    conn: &Connection,
    sql: &str,
    mission_id: &str,
) -> Result<std::collections::HashMap<String, Vec<Ref>>> {
    let mut map: std::collections::HashMap<String, Vec<Ref>> = std::collections::HashMap::new();
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([mission_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Ref {
                id: r.get(1)?,
                name: r.get(2)?,
            },
        ))
    })?;
    for row in rows {
        let (item, r) = row?;
        map.entry(item).or_default().push(r);
    }
    Ok(map)
}

/// The programme grouped into days of the host zone (a day starts at midnight there).
pub fn days(conn: &Connection, mission_id: &str, host_tz: Tz) -> Result<Vec<AgendaDay>> {
    let mut days: Vec<AgendaDay> = Vec::new();
    for item in of_mission(conn, mission_id)? {
        let start = parse_stored(&item.start)?;
        let date = start.with_timezone(&host_tz).date_naive().to_string();
        match days.last_mut() {
            Some(day) if day.date == date => day.items.push(item),
            _ => days.push(AgendaDay {
                date,
                items: vec![item],
            }),
        }
    }
    Ok(days)
}
