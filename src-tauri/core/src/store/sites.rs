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
