//! A mission's programme as a whole: planning settings, the travel matrix and the live check
//! (published versions and change sheets: `versions`).

use super::writer::text;
use super::{ensure_exists, Link, Writer};
use crate::domain::{AgendaKind, ItemStatus, ProgrammeVersion};
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::programme::conflicts::{self, Conflict, PlanningSettings, Programme};
use crate::time::{parse_stored, parse_zone};
use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

pub(crate) const TRAVEL: Link = Link {
    table: "travel_times",
    owner_column: "mission_id",
    value_columns: &["from_site_id", "to_site_id", "minutes"],
    entity: "missions",
    field: "travel",
};

// ------------------------------------------------------------------------------------------
// Settings and travel

/// A mission's planning settings (the defaults until saved).
pub fn settings(db: &impl super::Reads, mission_id: &str) -> Result<PlanningSettings> {
    let stored = super::conn_of(db)
        .query_row(
            "SELECT road_speed_kmh, detour_factor, max_day_minutes, lunch_from, lunch_to,
                    lunch_minutes FROM planning_settings WHERE id = ?1",
            [mission_id],
            |r| {
                Ok(PlanningSettings {
                    road_speed_kmh: r.get(0)?,
                    detour_factor: r.get(1)?,
                    max_day_minutes: r.get(2)?,
                    lunch_from: r.get(3)?,
                    lunch_to: r.get(4)?,
                    lunch_minutes: r.get(5)?,
                })
            },
        )
        .optional()?;
    Ok(stored.unwrap_or_default())
}

/// Refuses `value` outside `min..=max` with `code`, whose message names the limits (`{min}`,
/// `{max}`).
fn within(field: &str, value: f64, min: f64, max: f64, code: &'static str) -> Result<()> {
    if (min..=max).contains(&value) {
        return Ok(());
    }
    Err(Error::invalid(
        field,
        Message::new(code).with("min", min).with("max", max),
    ))
}

pub fn save_settings(w: &mut Writer<'_>, mission_id: &str, s: &PlanningSettings) -> Result<()> {
    ensure_exists(w.conn(), "missions", "missionId", Some(mission_id))?;
    within("roadSpeedKmh", s.road_speed_kmh, 5.0, 200.0, "betweenKmh")?;
    within("detourFactor", s.detour_factor, 1.0, 3.0, "between")?;
    within(
        "maxDayMinutes",
        f64::from(s.max_day_minutes),
        60.0,
        1440.0,
        "betweenMinutes",
    )?;
    within(
        "lunchMinutes",
        f64::from(s.lunch_minutes),
        0.0,
        240.0,
        "atMostMinutes",
    )?;
    let from = crate::domain::validate::clock_time("lunchFrom", Some(&s.lunch_from))?;
    let to = crate::domain::validate::clock_time("lunchTo", Some(&s.lunch_to))?;
    let (Some(from), Some(to)) = (from, to) else {
        return Err(Error::invalid("lunchFrom", Message::new("required")));
    };
    if to <= from {
        return Err(Error::invalid("lunchTo", Message::new("endBeforeStart")));
    }
    w.scope_to_mission(mission_id)?;
    w.save(
        "planning_settings",
        mission_id,
        &[
            ("road_speed_kmh", Value::Real(s.road_speed_kmh)),
            ("detour_factor", Value::Real(s.detour_factor)),
            (
                "max_day_minutes",
                Value::Integer(i64::from(s.max_day_minutes)),
            ),
            ("lunch_from", text(from)),
            ("lunch_to", text(to)),
            ("lunch_minutes", Value::Integer(i64::from(s.lunch_minutes))),
        ],
    )?;
    Ok(())
}

/// One cell of the travel matrix: entered minutes, or the estimate from coordinates.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TravelTime {
    pub from_site_id: String,
    pub to_site_id: String,
    pub entered: Option<u32>,
    /// The road estimate; `None` without coordinates or when `flight`.
    pub estimated: Option<u32>,
    /// The sites are more than `conflicts::ROAD_LIMIT_KM` apart: no road estimate, the
    /// journey's time (a flight) is the planner's to enter.
    pub flight: bool,
}

fn entered_travel(conn: &Connection, mission_id: &str) -> Result<HashMap<(String, String), u32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_site_id, to_site_id, minutes FROM travel_times WHERE mission_id = ?1",
    )?;
    let rows = stmt.query_map([mission_id], |r| {
        Ok(((r.get::<_, String>(0)?, r.get::<_, String>(1)?), r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every ordered pair of the mission's sites.
pub fn travel_matrix(conn: &Connection, mission_id: &str) -> Result<Vec<TravelTime>> {
    let p = checker_input(conn, mission_id)?;
    let mut out = Vec::new();
    for a in &p.sites {
        for b in &p.sites {
            if a.id == b.id {
                continue;
            }
            let (estimated, flight) = match (a.latitude, a.longitude, b.latitude, b.longitude) {
                (Some(x), Some(y), Some(u), Some(v)) => (
                    conflicts::estimate_minutes(&p.settings, (x, y), (u, v)),
                    conflicts::beyond_road((x, y), (u, v)),
                ),
                _ => (None, false),
            };
            out.push(TravelTime {
                from_site_id: a.id.clone(),
                to_site_id: b.id.clone(),
                entered: p.travel.get(&(a.id.clone(), b.id.clone())).copied(),
                estimated,
                flight,
            });
        }
    }
    Ok(out)
}

/// Copies a mission's entered travel times (between the copied sites, `site_of` maps old site ids
/// to new) and its planning settings to a new mission (see `mission_copy`).
pub(crate) fn copy_travel_and_settings(
    w: &mut Writer<'_>,
    from: &str,
    to: &str,
    site_of: &HashMap<String, crate::ids::SiteId>,
) -> Result<()> {
    let rows: Vec<Vec<Value>> = entered_travel(w.conn(), from)?
        .into_iter()
        .filter_map(|((a, b), m)| {
            Some(vec![
                Value::Text(site_of.get(&a)?.to_string()),
                Value::Text(site_of.get(&b)?.to_string()),
                Value::Integer(i64::from(m)),
            ])
        })
        .collect();
    w.set_links(&TRAVEL, to, &rows)?;
    let stored: Option<()> = w
        .conn()
        .query_row(
            "SELECT 1 FROM planning_settings WHERE id = ?1",
            [from],
            |_| Ok(()),
        )
        .optional()?;
    if stored.is_some() {
        let s = settings(w.conn(), from)?;
        w.save(
            "planning_settings",
            to,
            &[
                ("road_speed_kmh", Value::Real(s.road_speed_kmh)),
                ("detour_factor", Value::Real(s.detour_factor)),
                (
                    "max_day_minutes",
                    Value::Integer(i64::from(s.max_day_minutes)),
                ),
                ("lunch_from", text(&s.lunch_from)),
                ("lunch_to", text(&s.lunch_to)),
                ("lunch_minutes", Value::Integer(i64::from(s.lunch_minutes))),
            ],
        )?;
    }
    Ok(())
}

/// Enters (or clears, with `None`) the minutes from one site to another.
pub fn set_travel(
    w: &mut Writer<'_>,
    mission_id: &str,
    from: &str,
    to: &str,
    minutes: Option<u32>,
) -> Result<()> {
    for (field, site) in [("fromSiteId", from), ("toSiteId", to)] {
        let owner: Option<String> = w
            .conn()
            .query_row("SELECT mission_id FROM sites WHERE id = ?1", [site], |r| {
                r.get(0)
            })
            .optional()?;
        if owner.as_deref() != Some(mission_id) {
            return Err(Error::invalid(field, Message::new("siteOfAnotherMission")));
        }
    }
    if from == to {
        return Err(Error::invalid("toSiteId", Message::new("notAnotherSite")));
    }
    if let Some(m) = minutes {
        within("minutes", f64::from(m), 0.0, 1440.0, "atMostMinutes")?;
    }
    let mut rows: Vec<Vec<Value>> = entered_travel(w.conn(), mission_id)?
        .into_iter()
        .filter(|((a, b), _)| !(a == from && b == to))
        .map(|((a, b), m)| vec![Value::Text(a), Value::Text(b), Value::Integer(i64::from(m))])
        .collect();
    if let Some(m) = minutes {
        rows.push(vec![
            Value::Text(from.to_owned()),
            Value::Text(to.to_owned()),
            Value::Integer(i64::from(m)),
        ]);
    }
    w.scope_to_mission(mission_id)?;
    w.set_links(&TRAVEL, mission_id, &rows)?;
    Ok(())
}

// ------------------------------------------------------------------------------------------
// The live check

/// Loads what the checker needs for a mission.
pub fn checker_input(conn: &Connection, mission_id: &str) -> Result<Programme> {
    let mission = super::missions::get(conn, mission_id)?;
    let host: Tz = parse_zone("hostTz", &mission.host_tz)?;
    let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let stay = date(&mission.start_date).zip(date(&mission.end_date));
    let time = |t: Option<String>| t.and_then(|t| NaiveTime::parse_from_str(&t, "%H:%M").ok());

    let mut stmt = conn.prepare_cached(
        "SELECT id, name, latitude, longitude, tz, opens_at, closes_at FROM sites
         WHERE mission_id = ?1 ORDER BY name",
    )?;
    let rows = stmt
        .query_map([mission_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<f64>>(2)?,
                r.get::<_, Option<f64>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut sites = Vec::with_capacity(rows.len());
    for (id, name, latitude, longitude, tz, opens, closes) in rows {
        sites.push(conflicts::Site {
            id,
            name,
            latitude,
            longitude,
            tz: parse_zone("tz", &tz)?,
            opens: time(opens),
            closes: time(closes),
        });
    }

    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.name, r.capacity FROM rooms r JOIN sites s ON s.id = r.site_id
         WHERE s.mission_id = ?1",
    )?;
    let rooms = stmt
        .query_map([mission_id], |r| {
            Ok(conflicts::Room {
                id: r.get(0)?,
                name: r.get(1)?,
                capacity: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let mut participants: HashMap<String, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT p.item_id, p.contact_id FROM agenda_participants p
         JOIN agenda_items i ON i.id = p.item_id WHERE i.mission_id = ?1",
    )?;
    for row in stmt.query_map([mission_id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
        let (item, contact) = row?;
        participants.entry(item).or_default().push(contact);
    }

    let mut stmt = conn.prepare_cached(
        "SELECT id, title, kind, status, starts_at, ends_at, site_id, room_id, subgroup_id, locked,
                vehicle_id, from_site_id
         FROM agenda_items WHERE mission_id = ?1",
    )?;
    let rows = stmt
        .query_map([mission_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, AgendaKind>(2)?,
                r.get::<_, ItemStatus>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, bool>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, Option<String>>(11)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut items = Vec::with_capacity(rows.len());
    let mut transport = conflicts::Transport {
        vehicles: super::vehicles::of_mission(conn, mission_id)?
            .into_iter()
            .map(|v| {
                (
                    v.id,
                    conflicts::Vehicle {
                        name: v.name,
                        seats: v.seats,
                    },
                )
            })
            .collect(),
        transfers: HashMap::new(),
        passengers: super::vehicles::passengers(conn, mission_id)?,
    };
    for (id, title, kind, status, starts, ends, site, room, subgroup, locked, vehicle, from) in rows
    {
        if kind == AgendaKind::Transfer {
            transport.transfers.insert(
                id.clone(),
                conflicts::Transfer {
                    vehicle,
                    from_site: from,
                },
            );
        }
        items.push(conflicts::Item {
            people: participants.remove(&id).unwrap_or_default(),
            id,
            title,
            is_break: matches!(kind, AgendaKind::Meal | AgendaKind::Break),
            cancelled: status == ItemStatus::Cancelled,
            start: parse_stored(&starts)?,
            end: parse_stored(&ends)?,
            site,
            room,
            session: kind == AgendaKind::Meeting && subgroup.is_some() && !locked,
            meeting: kind == AgendaKind::Meeting,
            subgroup,
        });
    }

    let mut people: HashMap<String, String> = HashMap::new();
    let mut languages: HashMap<String, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.given_name, c.family_name, c.languages FROM contacts c WHERE c.id IN (
           SELECT p.contact_id FROM agenda_participants p JOIN agenda_items i ON i.id = p.item_id
           WHERE i.mission_id = ?1
           UNION SELECT contact_id FROM delegation_members WHERE mission_id = ?1)",
    )?;
    for row in stmt.query_map([mission_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })? {
        let (id, given, family, spoken) = row?;
        let spoken: Vec<String> = spoken
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        if !spoken.is_empty() {
            languages.insert(id.clone(), spoken);
        }
        people.insert(id, crate::domain::display_name(&given, &family));
    }

    let mut availability: HashMap<String, Vec<conflicts::Window>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT contact_id, starts_at, ends_at FROM availabilities WHERE mission_id = ?1",
    )?;
    let rows = stmt
        .query_map([mission_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (contact, s, e) in rows {
        availability
            .entry(contact)
            .or_default()
            .push((parse_stored(&s)?, parse_stored(&e)?));
    }

    Ok(Programme {
        host_tz: Some(host),
        settings: settings(conn, mission_id)?,
        items,
        sites,
        rooms,
        people,
        availability,
        travel: entered_travel(conn, mission_id)?,
        stay,
        presence: super::travel::presence(conn, mission_id)?,
        lodging: super::stays::lodging(conn, mission_id)?,
        languages,
        transport,
        members: {
            let mut m = super::schedule_facts::members(conn, mission_id)?;
            m.sort();
            m
        },
    })
}

/// What the programme editor shows beside the mission's items.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProgrammeState {
    pub conflicts: Vec<Conflict>,
    pub undo: crate::domain::UndoState,
    pub versions: Vec<ProgrammeVersion>,
    pub settings: PlanningSettings,
    pub travel: Vec<TravelTime>,
}

pub fn state(conn: &Connection, mission_id: &str) -> Result<ProgrammeState> {
    Ok(ProgrammeState {
        conflicts: check(conn, mission_id)?,
        undo: super::undo::state(conn, mission_id)?,
        versions: super::versions::versions(conn, mission_id)?,
        settings: settings(conn, mission_id)?,
        travel: travel_matrix(conn, mission_id)?,
    })
}

/// A department a presentation can invite: one of an organisation taking part in the mission
/// (the organisation of one of its sites, or one of its organisers).
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissionDepartment {
    pub id: String,
    pub name: String,
    pub organisation_id: String,
    pub organisation_name: String,
}

/// The departments of the organisations of a mission's sites and organisers, by organisation
/// then department name.
pub fn departments(conn: &Connection, mission_id: &str) -> Result<Vec<MissionDepartment>> {
    super::missions::get(conn, mission_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.name, o.id, o.name FROM departments d
         JOIN organisations o ON o.id = d.organisation_id
         WHERE d.organisation_id IN (
           SELECT organisation_id FROM sites WHERE mission_id = ?1
           UNION SELECT organisation_id FROM mission_organisers WHERE mission_id = ?1)
         ORDER BY o.name COLLATE NOCASE, d.name COLLATE NOCASE, d.id",
    )?;
    let rows = stmt
        .query_map([mission_id], |r| {
            Ok(MissionDepartment {
                id: r.get(0)?,
                name: r.get(1)?,
                organisation_id: r.get(2)?,
                organisation_name: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The conflicts of a mission's programme.
pub fn check(conn: &Connection, mission_id: &str) -> Result<Vec<Conflict>> {
    Ok(conflicts::check(&checker_input(conn, mission_id)?))
}
