//! A mission's sites (an organisation's venue) and their rooms.

use super::writer::{opt_real, opt_text, text};
use super::{ensure_exists, Saved, Writer};
use crate::domain::{Ref, Room, RoomRecord, Site, SiteRecord};
use crate::error::Result;
use rusqlite::types::Value;
use rusqlite::Connection;

pub fn save(w: &mut Writer<'_>, s: &SiteRecord) -> Result<Saved> {
    ensure_exists(
        w.conn(),
        "missions",
        "missionId",
        Some(s.mission_id.as_str()),
    )?;
    ensure_exists(
        w.conn(),
        "organisations",
        "organisation",
        Some(s.organisation_id.as_str()),
    )?;
    w.save(
        "sites",
        s.id.as_str(),
        &[
            ("mission_id", text(s.mission_id.as_str())),
            ("organisation_id", text(s.organisation_id.as_str())),
            ("name", text(&s.name)),
            ("address", opt_text(s.address.as_deref())),
            ("postal_code", opt_text(s.postal_code.as_deref())),
            ("city", opt_text(s.city.as_deref())),
            ("country", text(&s.country)),
            ("latitude", opt_real(s.latitude)),
            ("longitude", opt_real(s.longitude)),
            ("tz", text(s.tz.name())),
            ("opens_at", opt_text(s.opens_at.as_deref())),
            ("closes_at", opt_text(s.closes_at.as_deref())),
        ],
    )
}

pub fn save_room(w: &mut Writer<'_>, r: &RoomRecord) -> Result<Saved> {
    ensure_exists(w.conn(), "sites", "siteId", Some(r.site_id.as_str()))?;
    w.save(
        "rooms",
        r.id.as_str(),
        &[
            ("site_id", text(r.site_id.as_str())),
            ("name", text(&r.name)),
            (
                "capacity",
                r.capacity
                    .map_or(Value::Null, |c| Value::Integer(i64::from(c))),
            ),
        ],
    )
}

pub fn of_mission(conn: &Connection, mission_id: &str) -> Result<Vec<Site>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.organisation_id, o.name, s.name, s.address, s.postal_code, s.city,
                s.country, s.latitude, s.longitude, s.tz, s.opens_at, s.closes_at
         FROM sites s JOIN organisations o ON o.id = s.organisation_id
         WHERE s.mission_id = ?1
         ORDER BY (SELECT min(starts_at) FROM agenda_items i WHERE i.site_id = s.id), s.name",
    )?;
    let mut sites: Vec<Site> = stmt
        .query_map([mission_id], |r| {
            Ok(Site {
                id: r.get(0)?,
                organisation: Ref {
                    id: r.get(1)?,
                    name: r.get(2)?,
                },
                name: r.get(3)?,
                address: r.get(4)?,
                postal_code: r.get(5)?,
                city: r.get(6)?,
                country: r.get(7)?,
                latitude: r.get(8)?,
                longitude: r.get(9)?,
                tz: r.get(10)?,
                opens_at: r.get(11)?,
                closes_at: r.get(12)?,
                rooms: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, capacity FROM rooms WHERE site_id = ?1 ORDER BY name COLLATE NOCASE",
    )?;
    for site in &mut sites {
        site.rooms = stmt
            .query_map([&site.id], |r| {
                Ok(Room {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    capacity: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(sites)
}

fn mission_of_site(conn: &Connection, site_id: &str) -> Result<String> {
    use rusqlite::OptionalExtension;
    conn.query_row(
        "SELECT mission_id FROM sites WHERE id = ?1",
        [site_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| crate::error::Error::NotFound {
        entity: "site",
        id: site_id.to_owned(),
    })
}

/// Creates (no `id`) or updates a room of a site; returns its id.
pub fn put_room(
    w: &mut Writer<'_>,
    site_id: &str,
    id: Option<&str>,
    name: &str,
    capacity: Option<u32>,
) -> Result<String> {
    let mission = mission_of_site(w.conn(), site_id)?;
    let id = match id {
        Some(id) => crate::ids::RoomId::parse("id", id)?,
        None => crate::ids::RoomId::new_random(),
    };
    let record = RoomRecord {
        id: id.clone(),
        site_id: crate::ids::SiteId::parse("siteId", site_id)?,
        name: name.to_owned(),
        capacity,
    }
    .validate()?;
    w.scope_to_mission(&mission)?;
    save_room(w, &record)?;
    Ok(id.to_string())
}

/// Deletes a room; items in it keep their site and lose the room (logged).
pub fn delete_room(w: &mut Writer<'_>, id: &str) -> Result<()> {
    use rusqlite::OptionalExtension;
    let site: String = w
        .conn()
        .query_row("SELECT site_id FROM rooms WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| crate::error::Error::NotFound {
            entity: "room",
            id: id.to_owned(),
        })?;
    let mission = mission_of_site(w.conn(), &site)?;
    w.scope_to_mission(&mission)?;
    let items: Vec<String> = {
        let mut stmt = w
            .conn()
            .prepare("SELECT id FROM agenda_items WHERE room_id = ?1")?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for item in items {
        w.save("agenda_items", &item, &[("room_id", Value::Null)])?;
    }
    w.delete("rooms", id)?;
    Ok(())
}

/// Sets a site's opening hours (local HH:MM, either may be empty).
pub fn set_hours(
    w: &mut Writer<'_>,
    site_id: &str,
    opens_at: Option<&str>,
    closes_at: Option<&str>,
) -> Result<()> {
    let mission = mission_of_site(w.conn(), site_id)?;
    let opens = crate::domain::validate::clock_time("opensAt", opens_at)?;
    let closes = crate::domain::validate::clock_time("closesAt", closes_at)?;
    if let (Some(o), Some(c)) = (&opens, &closes) {
        if c <= o {
            return Err(crate::error::Error::validation(
                "closesAt",
                "closes before it opens",
            ));
        }
    }
    w.scope_to_mission(&mission)?;
    w.save(
        "sites",
        site_id,
        &[
            ("opens_at", opt_text(opens.as_deref())),
            ("closes_at", opt_text(closes.as_deref())),
        ],
    )?;
    Ok(())
}
