//! Agenda items: what happens when and where, with whom, showing which technologies.

use super::writer::{flag, opt_text, text};
use super::{check_owner, ensure_exists, Link, Saved, Writer};
use crate::domain::{AgendaItemInput, AgendaItemRecord, AgendaKind, ItemStatus, Wording};
use crate::error::{Error, Result};
use crate::ids::{
    ContactId, DepartmentId, ItemId, MissionId, RoomId, SiteId, SubgroupId, TechnologyId, VehicleId,
};
use crate::messages::Message;
use crate::time::{format_utc, parse_instant, parse_zone};
use chrono_tz::Tz;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

mod read;
pub use read::{days, facts_of_mission, of_mission, record};

pub const PARTICIPANTS: Link = Link {
    table: "agenda_participants",
    owner_column: "item_id",
    value_columns: &["contact_id"],
    entity: "agenda_items",
    field: "participants",
};
pub(crate) const TECHNOLOGIES: Link = Link {
    table: "agenda_technologies",
    owner_column: "item_id",
    value_columns: &["technology_id"],
    entity: "agenda_items",
    field: "technologies",
};
pub(crate) const DEPARTMENTS: Link = Link {
    table: "agenda_departments",
    owner_column: "item_id",
    value_columns: &["department_id"],
    entity: "agenda_items",
    field: "departments",
};

/// The links that undo knows how to restore.
pub(crate) const LINKS: &[Link] = &[PARTICIPANTS, TECHNOLOGIES, DEPARTMENTS];

pub fn save(w: &mut Writer<'_>, item: &AgendaItemRecord) -> Result<Saved> {
    let mission = item.mission_id.as_str();
    ensure_exists(w.conn(), "missions", "missionId", Some(mission))?;
    if let Some(site) = &item.site_id {
        check_owner(
            w.conn(),
            "sites",
            "mission_id",
            "site",
            site.as_str(),
            mission,
            "siteOfAnotherMission",
        )?;
    }
    if let Some(site) = &item.from_site_id {
        check_owner(
            w.conn(),
            "sites",
            "mission_id",
            "fromSiteId",
            site.as_str(),
            mission,
            "siteOfAnotherMission",
        )?;
    }
    if let Some(vehicle) = &item.vehicle_id {
        super::vehicles::ensure_of_mission(w, mission, vehicle.as_str())?;
    }
    if let (Some(room), Some(site)) = (&item.room_id, &item.site_id) {
        check_owner(
            w.conn(),
            "rooms",
            "site_id",
            "room",
            room.as_str(),
            site.as_str(),
            "roomOfAnotherSite",
        )?;
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
            ("title_fr", opt_text(item.titles.fr.as_deref())),
            ("title_en", opt_text(item.titles.en.as_deref())),
            ("title_zh_tw", opt_text(item.titles.zh_tw.as_deref())),
            ("description_fr", opt_text(item.descriptions.fr.as_deref())),
            ("description_en", opt_text(item.descriptions.en.as_deref())),
            (
                "description_zh_tw",
                opt_text(item.descriptions.zh_tw.as_deref()),
            ),
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
            (
                "vehicle_id",
                opt_text(item.vehicle_id.as_ref().map(|v| v.as_str())),
            ),
            (
                "from_site_id",
                opt_text(item.from_site_id.as_ref().map(|s| s.as_str())),
            ),
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

// ------------------------------------------------------------------------------------------
// Editing: create, update, move, resize, lock, split per sub-group, delete. Each is meant to run
// inside one `Store::write` and scopes its change set to the mission, so that it can be undone.

/// The zone in which a time without an offset is read: the site's, else the mission's host zone.
fn zone_for(conn: &Connection, mission_id: &str, site_id: Option<&str>) -> Result<Tz> {
    if let Some(site) = site_id {
        let tz: Option<String> = conn
            .query_row("SELECT tz FROM sites WHERE id = ?1", [site], |r| r.get(0))
            .optional()?;
        if let Some(tz) = tz {
            return parse_zone("tz", &tz);
        }
    }
    let mission = super::missions::get(conn, mission_id)?;
    parse_zone("hostTz", &mission.host_tz)
}

fn id_list<T>(
    field: &str,
    values: &[String],
    parse: impl Fn(&str, &str) -> Result<T>,
) -> Result<Vec<T>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| parse(&format!("{field}[{i}]"), v))
        .collect()
}

/// Builds and checks a record from the UI's or the CLI's input. Fields left out keep their stored
/// value (for an existing item) or their default.
pub fn record_from_input(conn: &Connection, input: &AgendaItemInput) -> Result<AgendaItemRecord> {
    let mission_id = MissionId::parse("missionId", &input.mission_id)?;
    let existing = match &input.id {
        Some(id) => {
            let id = ItemId::parse("id", id)?;
            match record(conn, id.as_str()) {
                Ok(r) => Some(r),
                Err(Error::NotFound { .. }) => None,
                Err(e) => return Err(e),
            }
        }
        None => None,
    };
    if let Some(e) = &existing {
        if e.mission_id != mission_id {
            return Err(Error::invalid(
                "missionId",
                Message::new("itemOfAnotherMission"),
            ));
        }
    }
    let site_id = input
        .site_id
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| SiteId::parse("site", s))
        .transpose()?;
    let room_id = input
        .room_id
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| RoomId::parse("room", s))
        .transpose()?;
    let subgroup_id = input
        .subgroup_id
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| SubgroupId::parse("subgroup", s))
        .transpose()?;
    let tz = zone_for(
        conn,
        mission_id.as_str(),
        site_id.as_ref().map(|s| s.as_str()),
    )?;
    // Words for each language given, else those stored (none for a new item).
    let kept = |given: &Option<Wording>, stored: fn(&AgendaItemRecord) -> &Wording| {
        given
            .clone()
            .or_else(|| existing.as_ref().map(|e| stored(e).clone()))
            .unwrap_or_default()
    };
    let starts_at = parse_instant("start", &input.start, tz)?;
    let ends_at = parse_instant("end", &input.end, tz)?;
    let record = AgendaItemRecord {
        id: match &input.id {
            Some(id) => ItemId::parse("id", id)?,
            None => ItemId::new_random(),
        },
        mission_id,
        kind: input.kind,
        title: input.title.clone(),
        description: input.description.clone(),
        titles: kept(&input.titles, |e| &e.titles),
        descriptions: kept(&input.descriptions, |e| &e.descriptions),
        starts_at,
        ends_at,
        tz,
        site_id,
        room_id,
        subgroup_id,
        status: input
            .status
            .or(existing.as_ref().map(|e| e.status))
            .unwrap_or(ItemStatus::Tentative),
        locked: input
            .locked
            .or(existing.as_ref().map(|e| e.locked))
            .unwrap_or(false),
        participants: match &input.participants {
            Some(p) => id_list("participants", p, ContactId::parse)?,
            None => existing
                .as_ref()
                .map(|e| e.participants.clone())
                .unwrap_or_default(),
        },
        technologies: match &input.technologies {
            Some(p) => id_list("technologies", p, TechnologyId::parse)?,
            None => existing
                .as_ref()
                .map(|e| e.technologies.clone())
                .unwrap_or_default(),
        },
        departments: match &input.departments {
            Some(p) => id_list("departments", p, DepartmentId::parse)?,
            None => existing
                .as_ref()
                .map(|e| e.departments.clone())
                .unwrap_or_default(),
        },
        vehicle_id: input
            .vehicle_id
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| VehicleId::parse("vehicleId", s))
            .transpose()?,
        from_site_id: input
            .from_site_id
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| SiteId::parse("fromSiteId", s))
            .transpose()?,
    };
    // A transfer is entered with its vehicle (one deleted later leaves it without: the checks
    // ask for another).
    if record.kind == AgendaKind::Transfer && record.vehicle_id.is_none() {
        return Err(Error::invalid(
            "vehicleId",
            Message::new("transferWithoutVehicle"),
        ));
    }
    record.validate()
}

fn refuse_if_locked(old: &AgendaItemRecord, what: &str) -> Result<()> {
    if old.locked {
        Err(Error::Refused(
            Message::new(match what {
                "delete" => "lockedNoDelete",
                "split" => "lockedNoSplit",
                _ => "lockedNoMove",
            })
            .with("title", &old.title),
        ))
    } else {
        Ok(())
    }
}

/// Creates or updates an item from input; returns its id. A locked item keeps its time and
/// place (only unlocking it, or changing what it is about, is allowed).
pub fn put(w: &mut Writer<'_>, input: &AgendaItemInput) -> Result<String> {
    let record = record_from_input(w.conn(), input)?;
    if let Ok(old) = self::record(w.conn(), record.id.as_str()) {
        let placed_differently = old.starts_at != record.starts_at
            || old.ends_at != record.ends_at
            || old.site_id != record.site_id
            || old.room_id != record.room_id
            || old.subgroup_id != record.subgroup_id;
        if old.locked && record.locked && placed_differently {
            refuse_if_locked(&old, "move")?;
        }
    }
    w.scope_to_mission(record.mission_id.as_str())?;
    save(w, &record)?;
    Ok(record.id.to_string())
}

/// Moves and/or resizes an item: new start and end (ISO, read in the item's zone without an
/// offset) and optionally a new sub-group, site or room (the column it was dropped into).
pub fn reschedule(w: &mut Writer<'_>, change: &Reschedule) -> Result<()> {
    let mut r = record(w.conn(), &change.id)?;
    refuse_if_locked(&r, "move")?;
    // Absent keeps the value, empty clears it.
    fn given(v: &Option<String>) -> Option<Option<&str>> {
        v.as_deref().map(|s| Some(s).filter(|s| !s.is_empty()))
    }
    if let Some(site) = given(&change.site_id) {
        r.site_id = site.map(|s| SiteId::parse("site", s)).transpose()?;
        if r.site_id.is_none() {
            r.room_id = None;
        }
    }
    if let Some(room) = given(&change.room_id) {
        r.room_id = room.map(|s| RoomId::parse("room", s)).transpose()?;
        if let Some(room) = &r.room_id {
            let site: Option<String> = w
                .conn()
                .query_row(
                    "SELECT site_id FROM rooms WHERE id = ?1",
                    [room.as_str()],
                    |x| x.get(0),
                )
                .optional()?;
            if let Some(site) = site {
                r.site_id = Some(SiteId::parse("site", &site)?);
            }
        }
    }
    if let Some(g) = given(&change.subgroup_id) {
        r.subgroup_id = g.map(|s| SubgroupId::parse("subgroup", s)).transpose()?;
    }
    if let Some(site) = &r.site_id {
        r.tz = zone_for(w.conn(), r.mission_id.as_str(), Some(site.as_str()))?;
    }
    if let Some(start) = &change.start {
        r.starts_at = parse_instant("start", start, r.tz)?;
    }
    if let Some(end) = &change.end {
        r.ends_at = parse_instant("end", end, r.tz)?;
    }
    let r = r.validate()?;
    w.scope_to_mission(r.mission_id.as_str())?;
    save(w, &r)?;
    Ok(())
}

/// Locks or unlocks an item.
pub fn set_locked(w: &mut Writer<'_>, id: &str, locked: bool) -> Result<()> {
    let mut r = record(w.conn(), id)?;
    r.locked = locked;
    w.scope_to_mission(r.mission_id.as_str())?;
    save(w, &r)?;
    Ok(())
}

/// Sets an item's status (e.g. accepting or rejecting a scheduler's proposal).
pub fn set_status(w: &mut Writer<'_>, id: &str, status: ItemStatus) -> Result<()> {
    let mut r = record(w.conn(), id)?;
    r.status = status;
    w.scope_to_mission(r.mission_id.as_str())?;
    save(w, &r)?;
    Ok(())
}

/// Deletes an item and its links (logged, so that undo restores them).
pub fn delete(w: &mut Writer<'_>, id: &str) -> Result<()> {
    let r = record(w.conn(), id)?;
    refuse_if_locked(&r, "delete")?;
    w.scope_to_mission(r.mission_id.as_str())?;
    w.set_links(&PARTICIPANTS, id, &[])?;
    w.set_links(&TECHNOLOGIES, id, &[])?;
    w.set_links(&DEPARTMENTS, id, &[])?;
    w.delete("agenda_items", id)?;
    Ok(())
}

/// Splits an item into one item per sub-group of the delegation whose members take part in it.
/// Each copy keeps the time and place and holds that sub-group's members; participants who are
/// in no sub-group (hosts, organisers) stay on the first copy, which keeps the original id. A
/// copy is put in another free room of the same site when there is one. Returns the ids.
pub fn split_by_subgroup(w: &mut Writer<'_>, id: &str) -> Result<Vec<String>> {
    let original = record(w.conn(), id)?;
    refuse_if_locked(&original, "split")?;
    let mission = original.mission_id.as_str().to_owned();
    let mut stmt = w.conn().prepare(
        "SELECT g.id, g.name, d.contact_id FROM subgroups g
         JOIN delegation_members d ON d.subgroup_id = g.id
         WHERE g.mission_id = ?1 ORDER BY g.name, g.id",
    )?;
    let rows: Vec<(String, String, String)> = stmt
        .query_map([&mission], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    drop(stmt);
    let mut groups: Vec<(String, String, Vec<ContactId>)> = Vec::new();
    for (g, name, contact) in rows {
        let Some(c) = original.participants.iter().find(|p| p.as_str() == contact) else {
            continue;
        };
        match groups.last_mut() {
            Some(last) if last.0 == g => last.2.push(c.clone()),
            _ => groups.push((g, name, vec![c.clone()])),
        }
    }
    if groups.len() < 2 {
        return Err(Error::Refused(
            Message::new("nothingToSplit").with("title", &original.title),
        ));
    }
    let grouped: Vec<&ContactId> = groups.iter().flat_map(|g| g.2.iter()).collect();
    let others: Vec<ContactId> = original
        .participants
        .iter()
        .filter(|p| !grouped.contains(p))
        .cloned()
        .collect();
    // Rooms of the same site that are free during the item, in name order.
    let mut free_rooms: Vec<String> = Vec::new();
    if let Some(site) = &original.site_id {
        let mut stmt = w.conn().prepare(
            "SELECT r.id FROM rooms r WHERE r.site_id = ?1 AND r.id IS NOT ?2
               AND NOT EXISTS (SELECT 1 FROM agenda_items i WHERE i.room_id = r.id
                 AND i.status <> 'cancelled' AND i.starts_at < ?4 AND i.ends_at > ?3)
             ORDER BY r.name COLLATE NOCASE",
        )?;
        free_rooms = stmt
            .query_map(
                rusqlite::params![
                    site.as_str(),
                    original.room_id.as_ref().map(|r| r.as_str()),
                    format_utc(original.starts_at),
                    format_utc(original.ends_at)
                ],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
    }
    w.scope_to_mission(&mission)?;
    let mut ids = Vec::new();
    for (n, (g, name, members)) in groups.into_iter().enumerate() {
        let mut copy = original.clone();
        copy.subgroup_id = Some(SubgroupId::parse("subgroup", &g)?);
        copy.title = format!("{} — {name}", original.title);
        copy.participants = members;
        if n == 0 {
            copy.participants.extend(others.iter().cloned());
        } else {
            copy.id = ItemId::new_random();
            if let Some(room) = free_rooms.get(n - 1) {
                copy.room_id = Some(RoomId::parse("room", room)?);
            }
        }
        let copy = copy.validate()?;
        save(w, &copy)?;
        ids.push(copy.id.to_string());
    }
    Ok(ids)
}

/// A move or resize from the day view: the fields given change, the others stay; an empty
/// `siteId`, `roomId` or `subgroupId` clears it.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Reschedule {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub start: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub end: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub site_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub room_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub subgroup_id: Option<String>,
}
