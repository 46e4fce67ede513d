//! A mission's sites (an organisation's venue) and their rooms.

use super::writer::{opt_real, opt_text, text};
use super::{ensure_exists, Saved, Writer};
use crate::domain::{
    zones, Ref, Room, RoomRecord, Site, SiteInput, SiteItem, SiteRecord, SiteSaved,
};
use crate::error::{Error, Result};
use crate::ids::{DepartmentId, OrganisationId, SiteId};
use crate::messages::Message;
use crate::time::{format_in, parse_stored, parse_zone};
use rusqlite::types::Value;
use rusqlite::Connection;
use rusqlite::OptionalExtension;

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
        "organisationId",
        s.organisation_id.as_ref().map(|o| o.as_str()),
    )?;
    if let Some(d) = &s.department_id {
        super::check_owner(
            w.conn(),
            "departments",
            "organisation_id",
            "departmentId",
            d.as_str(),
            s.organisation_id.as_ref().map_or("", |o| o.as_str()),
            "departmentOfAnotherOrganisation",
        )?;
    }
    w.save(
        "sites",
        s.id.as_str(),
        &[
            ("mission_id", text(s.mission_id.as_str())),
            (
                "organisation_id",
                opt_text(s.organisation_id.as_ref().map(|o| o.as_str())),
            ),
            (
                "department_id",
                opt_text(s.department_id.as_ref().map(|d| d.as_str())),
            ),
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
            ("access_notes", opt_text(s.access_notes.as_deref())),
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
                s.country, s.latitude, s.longitude, s.tz, s.opens_at, s.closes_at,
                s.department_id, d.name, s.access_notes
         FROM sites s LEFT JOIN organisations o ON o.id = s.organisation_id
              LEFT JOIN departments d ON d.id = s.department_id
         WHERE s.mission_id = ?1
         ORDER BY (SELECT min(starts_at) FROM agenda_items i WHERE i.site_id = s.id), s.name",
    )?;
    let mut sites: Vec<Site> = stmt
        .query_map([mission_id], |r| {
            Ok(Site {
                id: r.get(0)?,
                organisation: opt_ref(r.get(1)?, r.get(2)?),
                department: opt_ref(r.get(13)?, r.get(14)?),
                access_notes: r.get(15)?,
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

fn opt_ref(id: Option<String>, name: Option<String>) -> Option<Ref> {
    Some(Ref {
        id: id?,
        name: name?,
    })
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

/// A site as its form edits it (the CLI's `site edit` starts from it).
pub fn input_of(db: &impl super::Reads, site_id: &str) -> Result<SiteInput> {
    let conn = super::conn_of(db);
    let mission_id = mission_of_site(conn, site_id)?;
    let s = of_mission(conn, &mission_id)?
        .into_iter()
        .find(|s| s.id == site_id)
        .ok_or_else(|| Error::NotFound {
            entity: "site",
            id: site_id.to_owned(),
        })?;
    Ok(SiteInput {
        id: Some(s.id),
        mission_id,
        name: s.name,
        organisation_id: s.organisation.map(|r| r.id),
        department_id: s.department.map(|r| r.id),
        address: s.address,
        postal_code: s.postal_code,
        city: s.city,
        country: Some(s.country),
        tz: s.tz,
        latitude: s.latitude,
        longitude: s.longitude,
        opens_at: s.opens_at,
        closes_at: s.closes_at,
        access_notes: s.access_notes,
    })
}

/// A room and the site it is in.
pub fn room(db: &impl super::Reads, id: &str) -> Result<(String, Room)> {
    super::conn_of(db)
        .query_row(
            "SELECT site_id, name, capacity FROM rooms WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Room {
                        id: id.to_owned(),
                        name: r.get(1)?,
                        capacity: r.get(2)?,
                    },
                ))
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "room",
            id: id.to_owned(),
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
            return Err(crate::error::Error::invalid(
                "closesAt",
                Message::new("closesBeforeOpens"),
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

// ------------------------------------------------------------------------------------------
// Sites from the window and the CLI: create, edit, remove.

/// What a site takes from its organisation when the planner leaves it out.
struct OrganisationPlace {
    address: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    country: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

fn organisation_place(conn: &Connection, id: &str) -> Result<OrganisationPlace> {
    conn.query_row(
        "SELECT address, postal_code, city, country, latitude, longitude
         FROM organisations WHERE id = ?1",
        [id],
        |r| {
            Ok(OrganisationPlace {
                address: r.get(0)?,
                postal_code: r.get(1)?,
                city: r.get(2)?,
                country: r.get(3)?,
                latitude: r.get(4)?,
                longitude: r.get(5)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| {
        Error::invalid(
            "organisationId",
            Message::new("doesNotExist").with("id", id),
        )
    })
}

fn given(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Creates (no `id`) or edits a site of a mission; one undoable step of the mission. Address,
/// city and coordinates left out are the organisation's; the country is the one given, else the
/// organisation's, else the zone's. A zone outside the site's country is allowed with a warning
/// (a Belgian delegation's briefing at its embassy in Tokyo is legitimate, a typo is not).
pub fn put_site(w: &mut Writer<'_>, input: &SiteInput) -> Result<SiteSaved> {
    let mission = super::missions::get(w.conn(), &input.mission_id)?;
    let id = match given(&input.id) {
        Some(id) => {
            let owner = mission_of_site(w.conn(), &id)?;
            if owner != mission.id {
                return Err(Error::invalid("id", Message::new("siteOfAnotherMission")));
            }
            SiteId::parse("id", &id)?
        }
        None => SiteId::new_random(),
    };
    let tz = parse_zone("tz", input.tz.trim())?;
    let organisation_id = given(&input.organisation_id)
        .map(|o| OrganisationId::parse("organisationId", &o))
        .transpose()?;
    let place = organisation_id
        .as_ref()
        .map(|o| organisation_place(w.conn(), o.as_str()))
        .transpose()?;
    let country = given(&input.country)
        .map(|c| c.to_uppercase())
        .or_else(|| place.as_ref().map(|p| p.country.clone()))
        .or_else(|| zones::country_of(tz.name()).map(str::to_owned))
        .unwrap_or_else(|| mission.host_country.clone());
    let from_place = |f: fn(&OrganisationPlace) -> Option<String>| place.as_ref().and_then(f);
    let record = SiteRecord {
        id: id.clone(),
        mission_id: crate::ids::MissionId::parse("missionId", &mission.id)?,
        department_id: given(&input.department_id)
            .map(|d| DepartmentId::parse("departmentId", &d))
            .transpose()?,
        name: input.name.clone(),
        address: given(&input.address).or_else(|| from_place(|p| p.address.clone())),
        postal_code: given(&input.postal_code).or_else(|| from_place(|p| p.postal_code.clone())),
        city: given(&input.city).or_else(|| from_place(|p| p.city.clone())),
        latitude: input.latitude.or(place.as_ref().and_then(|p| p.latitude)),
        longitude: input.longitude.or(place.as_ref().and_then(|p| p.longitude)),
        country,
        tz,
        opens_at: given(&input.opens_at),
        closes_at: given(&input.closes_at),
        access_notes: given(&input.access_notes),
        organisation_id,
    }
    .validate()?;
    let mut warnings = Vec::new();
    if zones::country_of(tz.name()).is_some_and(|c| c != record.country) {
        warnings.push("zoneNotCountry".to_owned());
    }
    w.scope_to_mission(&mission.id)?;
    save(w, &record)?;
    // The site's items are held in its zone: a corrected zone keeps their instants.
    let items: Vec<(String, String)> = {
        let mut stmt = w
            .conn()
            .prepare("SELECT id, tz FROM agenda_items WHERE site_id = ?1")?;
        let rows = stmt.query_map([id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (item, zone) in items {
        if zone != tz.name() {
            w.save("agenda_items", &item, &[("tz", text(tz.name()))])?;
        }
    }
    Ok(SiteSaved {
        id: id.to_string(),
        warnings,
    })
}

/// The items held at a site, in start order, their start in the mission's host zone.
pub fn items_at(conn: &Connection, site_id: &str) -> Result<Vec<SiteItem>> {
    let mission = super::missions::get(conn, &mission_of_site(conn, site_id)?)?;
    let host = parse_zone("hostTz", &mission.host_tz)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, starts_at FROM agenda_items WHERE site_id = ?1 ORDER BY starts_at, id",
    )?;
    let rows = stmt
        .query_map([site_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, title, start)| {
            Ok(SiteItem {
                id,
                title,
                start: format_in(parse_stored(&start)?, host),
            })
        })
        .collect()
}

/// Removes a site with its rooms and travel times. Items held there are moved to `move_to` (a
/// site of the same mission: they lose their room and take its zone, keeping their instants);
/// without `move_to`, a site that items use is refused, naming them.
pub fn delete_site(w: &mut Writer<'_>, id: &str, move_to: Option<&str>) -> Result<()> {
    let mission = mission_of_site(w.conn(), id)?;
    let items = items_at(w.conn(), id)?;
    let move_to = move_to.filter(|m| !m.is_empty());
    if !items.is_empty() && move_to.is_none() {
        let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
        return Err(Error::invalid(
            "moveTo",
            Message::new("siteInUse")
                .with("count", items.len())
                .with("items", titles.join(", ")),
        ));
    }
    let target = match move_to {
        Some(target) => {
            if target == id || mission_of_site(w.conn(), target).ok().as_deref() != Some(&mission) {
                return Err(Error::invalid("moveTo", Message::new("notAnotherSite")));
            }
            let tz: String =
                w.conn()
                    .query_row("SELECT tz FROM sites WHERE id = ?1", [target], |r| r.get(0))?;
            Some((target, tz))
        }
        None => None,
    };
    w.scope_to_mission(&mission)?;
    if let Some((target, tz)) = target {
        for item in &items {
            w.save(
                "agenda_items",
                &item.id,
                &[
                    ("site_id", text(target)),
                    ("room_id", Value::Null),
                    ("tz", text(&tz)),
                ],
            )?;
        }
    }
    let rooms: Vec<String> = {
        let mut stmt = w
            .conn()
            .prepare("SELECT id FROM rooms WHERE site_id = ?1")?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for room in rooms {
        w.delete("rooms", &room)?;
    }
    w.delete("sites", id)?;
    Ok(())
}
