//! Reading agenda items: a mission's items as stored (instants and zones) and as the window
//! shows them, its days, and one item back as a record.

use super::super::{conn_of, opt_ref, wording_at as wording, Reads};
use crate::domain::{
    AgendaDay, AgendaItem, AgendaItemFacts, AgendaItemRecord, AgendaKind, ItemStatus, Ref,
};
use crate::error::{Error, Result};
use crate::ids::*;
use crate::time::{parse_stored, parse_zone};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};

/// Every item of a mission in start order, times in the zone of each item's place.
pub fn of_mission(conn: &Connection, mission_id: &str) -> Result<Vec<AgendaItem>> {
    Ok(facts_of_mission(conn, mission_id)?
        .into_iter()
        .map(AgendaItem::from)
        .collect())
}

/// Every item of a mission in start order, as stored: instants and zones, not view text.
pub fn facts_of_mission(conn: &Connection, mission_id: &str) -> Result<Vec<AgendaItemFacts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.mission_id, i.kind, i.title, i.description, i.starts_at, i.ends_at, i.tz,
                i.site_id, s.name, i.room_id, r.name, i.subgroup_id, g.name, i.status, i.locked,
                i.vehicle_id, v.name, i.from_site_id, fs.name,
                i.title_fr, i.title_en, i.title_zh_tw,
                i.description_fr, i.description_en, i.description_zh_tw
         FROM agenda_items i
         LEFT JOIN sites s ON s.id = i.site_id
         LEFT JOIN vehicles v ON v.id = i.vehicle_id
         LEFT JOIN sites fs ON fs.id = i.from_site_id
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
                opt_ref(r.get(16)?, r.get(17)?),
                opt_ref(r.get(18)?, r.get(19)?),
                wording(r, 20)?,
                wording(r, 23)?,
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
        vehicle,
        from_site,
        titles,
        descriptions,
    ) in rows
    {
        items.push(AgendaItemFacts {
            participants: participants.get(&id).cloned().unwrap_or_default(),
            technologies: technologies.get(&id).cloned().unwrap_or_default(),
            departments: departments.get(&id).cloned().unwrap_or_default(),
            starts_at: parse_stored(&starts)?,
            ends_at: parse_stored(&ends)?,
            tz: parse_zone("tz", &tz)?,
            id,
            mission_id,
            kind,
            title,
            description,
            titles,
            descriptions,
            site,
            room,
            subgroup,
            status,
            locked,
            vehicle,
            from_site,
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
    for item in facts_of_mission(conn, mission_id)? {
        let date = item
            .starts_at
            .with_timezone(&host_tz)
            .date_naive()
            .to_string();
        match days.last_mut() {
            Some(day) if day.date == date => day.items.push(item.into()),
            _ => days.push(AgendaDay {
                date,
                items: vec![item.into()],
            }),
        }
    }
    Ok(days)
}

/// Reads a stored item back as a record.
pub fn record(db: &impl Reads, id: &str) -> Result<AgendaItemRecord> {
    let conn = conn_of(db);
    let row = conn
        .query_row(
            "SELECT mission_id, kind, title, description, starts_at, ends_at, tz, site_id, room_id,
                    subgroup_id, status, locked, vehicle_id, from_site_id,
                    title_fr, title_en, title_zh_tw, description_fr, description_en,
                    description_zh_tw
             FROM agenda_items WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, AgendaKind>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, ItemStatus>(10)?,
                    r.get::<_, bool>(11)?,
                    r.get::<_, Option<String>>(12)?,
                    r.get::<_, Option<String>>(13)?,
                    wording(r, 14)?,
                    wording(r, 17)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "agenda item",
            id: id.to_owned(),
        })?;
    let ids = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    Ok(AgendaItemRecord {
        id: ItemId::parse("id", id)?,
        mission_id: MissionId::parse("missionId", &row.0)?,
        kind: row.1,
        title: row.2,
        description: row.3,
        titles: row.14,
        descriptions: row.15,
        starts_at: parse_stored(&row.4)?,
        ends_at: parse_stored(&row.5)?,
        tz: parse_zone("tz", &row.6)?,
        site_id: row.7.map(|s| SiteId::parse("site", &s)).transpose()?,
        room_id: row.8.map(|s| RoomId::parse("room", &s)).transpose()?,
        subgroup_id: row
            .9
            .map(|s| SubgroupId::parse("subgroup", &s))
            .transpose()?,
        status: row.10,
        locked: row.11,
        participants: ids(
            "SELECT contact_id FROM agenda_participants WHERE item_id = ?1 ORDER BY 1",
        )?
        .iter()
        .map(|c| ContactId::parse("participants", c))
        .collect::<Result<_>>()?,
        technologies: ids(
            "SELECT technology_id FROM agenda_technologies WHERE item_id = ?1 ORDER BY 1",
        )?
        .iter()
        .map(|c| TechnologyId::parse("technologies", c))
        .collect::<Result<_>>()?,
        departments: ids(
            "SELECT department_id FROM agenda_departments WHERE item_id = ?1 ORDER BY 1",
        )?
        .iter()
        .map(|c| DepartmentId::parse("departments", c))
        .collect::<Result<_>>()?,
        vehicle_id: row
            .12
            .map(|s| VehicleId::parse("vehicleId", &s))
            .transpose()?,
        from_site_id: row
            .13
            .map(|s| SiteId::parse("fromSiteId", &s))
            .transpose()?,
    })
}
