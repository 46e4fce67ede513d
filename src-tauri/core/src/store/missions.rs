//! Missions: their organisers, sub-groups, delegation and availability windows.

use super::writer::{opt_text, text};
use super::{conn_of, ensure_exists, Link, Reads, Saved, Writer};
use crate::domain::{
    display_name, zones, Availability, AvailabilityRecord, DelegationMember, MemberRecord, Mission,
    MissionDetail, MissionInput, MissionSummary, Organiser, Ref, Subgroup, SubgroupRecord, Wording,
};
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::time::{format_in, format_utc, parse_stored, parse_zone};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

pub(crate) const ORGANISERS: Link = Link {
    table: "mission_organisers",
    owner_column: "mission_id",
    value_columns: &["organisation_id", "role"],
    entity: "missions",
    field: "organisers",
};

pub fn save(w: &mut Writer<'_>, m: &Mission) -> Result<Saved> {
    w.save(
        "missions",
        &m.id,
        &[
            ("title", text(&m.title)),
            ("title_fr", opt_text(m.titles.fr.as_deref())),
            ("title_en", opt_text(m.titles.en.as_deref())),
            ("title_zh_tw", opt_text(m.titles.zh_tw.as_deref())),
            ("origin_country", text(&m.origin_country)),
            ("host_country", text(&m.host_country)),
            ("start_date", text(&m.start_date)),
            ("end_date", text(&m.end_date)),
            ("home_tz", text(&m.home_tz)),
            ("host_tz", text(&m.host_tz)),
            ("objectives", opt_text(m.objectives.as_deref())),
            ("notes", opt_text(m.notes.as_deref())),
        ],
    )
}

/// Replaces the mission's organisers with `(organisation id, role)` pairs.
pub fn set_organisers(
    w: &mut Writer<'_>,
    mission_id: &str,
    organisers: &[(String, String)],
) -> Result<bool> {
    for (i, (org, _)) in organisers.iter().enumerate() {
        ensure_exists(
            w.conn(),
            "organisations",
            &format!("organisers[{i}].organisation"),
            Some(org),
        )?;
    }
    let rows: Vec<Vec<Value>> = organisers
        .iter()
        .map(|(o, r)| vec![Value::Text(o.clone()), Value::Text(r.clone())])
        .collect();
    w.set_links(&ORGANISERS, mission_id, &rows)
}

pub fn save_subgroup(w: &mut Writer<'_>, g: &SubgroupRecord) -> Result<Saved> {
    ensure_exists(
        w.conn(),
        "missions",
        "missionId",
        Some(g.mission_id.as_str()),
    )?;
    w.save(
        "subgroups",
        g.id.as_str(),
        &[
            ("mission_id", text(g.mission_id.as_str())),
            ("name", text(&g.name)),
        ],
    )
}

pub fn save_member(w: &mut Writer<'_>, m: &MemberRecord) -> Result<Saved> {
    ensure_exists(w.conn(), "contacts", "contact", Some(m.contact_id.as_str()))?;
    check_subgroup(
        w.conn(),
        m.mission_id.as_str(),
        m.subgroup_id.as_ref().map(|g| g.as_str()),
    )?;
    w.save(
        "delegation_members",
        m.id.as_str(),
        &[
            ("mission_id", text(m.mission_id.as_str())),
            ("contact_id", text(m.contact_id.as_str())),
            ("role", text(&m.role)),
            (
                "subgroup_id",
                opt_text(m.subgroup_id.as_ref().map(|g| g.as_str())),
            ),
        ],
    )
}

/// A sub-group referenced by a record must belong to the same mission.
pub(crate) fn check_subgroup(
    conn: &Connection,
    mission_id: &str,
    subgroup_id: Option<&str>,
) -> Result<()> {
    let Some(g) = subgroup_id else { return Ok(()) };
    super::check_owner(
        conn,
        "subgroups",
        "mission_id",
        "subgroup",
        g,
        mission_id,
        "subgroupOfAnotherMission",
    )
}

pub fn save_availability(w: &mut Writer<'_>, a: &AvailabilityRecord) -> Result<Saved> {
    ensure_exists(w.conn(), "contacts", "contact", Some(a.contact_id.as_str()))?;
    w.save(
        "availabilities",
        a.id.as_str(),
        &[
            ("mission_id", text(a.mission_id.as_str())),
            ("contact_id", text(a.contact_id.as_str())),
            ("starts_at", text(format_utc(a.starts_at))),
            ("ends_at", text(format_utc(a.ends_at))),
            ("tz", text(a.tz.name())),
            ("note", opt_text(a.note.as_deref())),
        ],
    )
}

pub fn list(conn: &Connection) -> Result<Vec<MissionSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.title, m.origin_country, m.host_country, m.start_date, m.end_date,
                m.home_tz, m.host_tz,
                (SELECT count(*) FROM delegation_members d WHERE d.mission_id = m.id),
                (SELECT count(*) FROM sites s WHERE s.mission_id = m.id),
                (SELECT count(*) FROM agenda_items i WHERE i.mission_id = m.id),
                m.archived_at IS NOT NULL
         FROM missions m ORDER BY m.start_date DESC, m.title",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(MissionSummary {
            id: r.get(0)?,
            title: r.get(1)?,
            origin_country: r.get(2)?,
            host_country: r.get(3)?,
            start_date: r.get(4)?,
            end_date: r.get(5)?,
            home_tz: r.get(6)?,
            host_tz: r.get(7)?,
            delegation_count: r.get(8)?,
            site_count: r.get(9)?,
            item_count: r.get(10)?,
            archived: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(db: &impl super::Reads, id: &str) -> Result<Mission> {
    let conn = super::conn_of(db);
    conn.query_row(
        "SELECT id, title, origin_country, host_country, start_date, end_date, home_tz, host_tz,
                objectives, notes, title_fr, title_en, title_zh_tw FROM missions WHERE id = ?1",
        [id],
        |r| {
            Ok(Mission {
                id: r.get(0)?,
                title: r.get(1)?,
                origin_country: r.get(2)?,
                host_country: r.get(3)?,
                start_date: r.get(4)?,
                end_date: r.get(5)?,
                home_tz: r.get(6)?,
                host_tz: r.get(7)?,
                objectives: r.get(8)?,
                notes: r.get(9)?,
                titles: Wording {
                    fr: r.get(10)?,
                    en: r.get(11)?,
                    zh_tw: r.get(12)?,
                },
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "mission",
        id: id.to_owned(),
    })
}

/// A mission's sub-groups by name.
pub fn detail_subgroups(conn: &Connection, id: &str) -> Result<Vec<Subgroup>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name FROM subgroups WHERE mission_id = ?1 ORDER BY name")?;
    let subgroups = stmt
        .query_map([id], |r| {
            Ok(Subgroup {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(subgroups)
}

pub fn detail(conn: &Connection, id: &str) -> Result<MissionDetail> {
    let mission = get(conn, id)?;
    let host_tz = parse_zone("hostTz", &mission.host_tz)?;

    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.name, mo.role FROM mission_organisers mo
         JOIN organisations o ON o.id = mo.organisation_id WHERE mo.mission_id = ?1 ORDER BY o.name",
    )?;
    let organisers = stmt
        .query_map([id], |r| {
            Ok(Organiser {
                organisation: Ref {
                    id: r.get(0)?,
                    name: r.get(1)?,
                },
                role: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let subgroups = detail_subgroups(conn, id)?;

    let mut stmt = conn.prepare_cached(
        "SELECT id, contact_id, role, subgroup_id FROM delegation_members WHERE mission_id = ?1",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut delegation = Vec::with_capacity(rows.len());
    for (member_id, contact_id, role, subgroup_id) in rows {
        let contact = super::contacts::summary_of(conn, &contact_id)?;
        delegation.push(DelegationMember {
            id: member_id,
            contact,
            role,
            subgroup_id,
        });
    }
    delegation.sort_by(|a, b| {
        (a.role != "delegate", &a.contact.display_name)
            .cmp(&(b.role != "delegate", &b.contact.display_name))
    });

    let availability = availability(conn, id)?;

    Ok(MissionDetail {
        organisers,
        subgroups,
        delegation,
        sites: super::sites::of_mission(conn, id)?,
        availability,
        days: super::agenda::days(conn, id, host_tz)?,
        followups: super::followups::of_mission(conn, id)?,
        staff_days: staff_days(conn, id)?,
        mission,
    })
}

// ------------------------------------------------------------------------------------------
// Editing the delegation from the app (each scoped to the mission for undo).
/// A mission's availability windows, by start; each in its own zone.
pub fn availability(conn: &Connection, mission_id: &str) -> Result<Vec<Availability>> {
    windows(conn, "a.mission_id = ?1", mission_id)
}

/// The mission an availability window belongs to.
fn availability_mission(db: &impl Reads, id: &str) -> Result<String> {
    conn_of(db)
        .query_row(
            "SELECT mission_id FROM availabilities WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "availability window",
            id: id.to_owned(),
        })
}

/// One availability window and the mission it belongs to.
pub fn availability_window(db: &impl Reads, id: &str) -> Result<(String, Availability)> {
    let mission = availability_mission(db, id)?;
    let window = windows(conn_of(db), "a.id = ?1", id)?
        .pop()
        .ok_or_else(|| Error::NotFound {
            entity: "availability window",
            id: id.to_owned(),
        })?;
    Ok((mission, window))
}

fn windows(conn: &Connection, condition: &str, key: &str) -> Result<Vec<Availability>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, a.contact_id, c.given_name, c.family_name, a.starts_at, a.ends_at, a.tz, a.note
         FROM availabilities a JOIN contacts c ON c.id = a.contact_id
         WHERE {condition} ORDER BY a.starts_at"
    ))?;
    let rows = stmt
        .query_map([key], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                crate::domain::display_name(&r.get::<_, String>(2)?, &r.get::<_, String>(3)?),
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut availability = Vec::with_capacity(rows.len());
    for (aid, contact_id, name, starts, ends, tz, note) in rows {
        let zone = parse_zone("tz", &tz)?;
        availability.push(Availability {
            id: aid,
            contact: Ref {
                id: contact_id,
                name,
            },
            start: format_in(parse_stored(&starts)?, zone),
            end: format_in(parse_stored(&ends)?, zone),
            tz,
            note,
        });
    }
    Ok(availability)
}

/// The mission a sub-group belongs to.
pub fn subgroup_mission(db: &impl Reads, id: &str) -> Result<String> {
    conn_of(db)
        .query_row(
            "SELECT mission_id FROM subgroups WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "sub-group",
            id: id.to_owned(),
        })
}

/// Creates (no `id`) or renames a sub-group; returns its id.
pub fn put_subgroup(
    w: &mut Writer<'_>,
    mission_id: &str,
    id: Option<&str>,
    name: &str,
) -> Result<String> {
    let id = match id {
        Some(id) => crate::ids::SubgroupId::parse("id", id)?,
        None => crate::ids::SubgroupId::new_random(),
    };
    let mission = crate::ids::MissionId::parse("missionId", mission_id)?;
    let record = SubgroupRecord::new(id.clone(), mission, name)?;
    w.scope_to_mission(mission_id)?;
    save_subgroup(w, &record)?;
    Ok(id.to_string())
}

/// Deletes a sub-group: its members and items go back to the whole delegation (logged, so undo
/// restores them).
pub fn delete_subgroup(w: &mut Writer<'_>, id: &str) -> Result<()> {
    let mission = subgroup_mission(w, id)?;
    w.scope_to_mission(&mission)?;
    for table in ["delegation_members", "agenda_items"] {
        let ids: Vec<String> = {
            let mut stmt = w
                .conn()
                .prepare(&format!("SELECT id FROM {table} WHERE subgroup_id = ?1"))?;
            let rows = stmt.query_map([id], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for row in ids {
            w.save(table, &row, &[("subgroup_id", Value::Null)])?;
        }
    }
    w.delete("subgroups", id)?;
    Ok(())
}

/// A membership as saved, checked (role, ids); an empty sub-group is the whole delegation.
fn member_record(
    mission_id: &str,
    contact_id: &str,
    role: &str,
    subgroup_id: Option<&str>,
) -> Result<MemberRecord> {
    MemberRecord::new(
        crate::ids::MissionId::parse("missionId", mission_id)?,
        crate::ids::ContactId::parse("contactId", contact_id)?,
        role,
        subgroup_id
            .filter(|g| !g.is_empty())
            .map(|g| crate::ids::SubgroupId::parse("subgroupId", g))
            .transpose()?,
    )
}

/// A delegation member's role and sub-group.
pub fn member(
    db: &impl Reads,
    mission_id: &str,
    contact_id: &str,
) -> Result<(String, Option<String>)> {
    conn_of(db)
        .query_row(
            "SELECT role, subgroup_id FROM delegation_members WHERE mission_id = ?1 AND contact_id = ?2",
            [mission_id, contact_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "delegation member",
            id: contact_id.to_owned(),
        })
}

/// Puts a person in the delegation (or changes their role or sub-group).
pub fn set_member(
    w: &mut Writer<'_>,
    mission_id: &str,
    contact_id: &str,
    role: &str,
    subgroup_id: Option<&str>,
) -> Result<()> {
    let record = member_record(mission_id, contact_id, role, subgroup_id)?;
    w.scope_to_mission(mission_id)?;
    save_member(w, &record)?;
    Ok(())
}

/// Adds a person to the delegation; one already in it is refused (their role and sub-group are
/// changed with `set_member`). Returns the membership's id.
pub fn add_member(
    w: &mut Writer<'_>,
    mission_id: &str,
    contact_id: &str,
    role: &str,
    subgroup_id: Option<&str>,
) -> Result<String> {
    get(w.conn(), mission_id)?;
    let record = member_record(mission_id, contact_id, role, subgroup_id)?;
    let already: Option<(String, String)> = w
        .conn()
        .query_row(
            "SELECT c.given_name, c.family_name FROM delegation_members d
             JOIN contacts c ON c.id = d.contact_id
             WHERE d.mission_id = ?1 AND d.contact_id = ?2",
            [mission_id, contact_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((given, family)) = already {
        return Err(Error::invalid(
            "contactId",
            Message::new("alreadyMember").with("name", display_name(&given, &family)),
        ));
    }
    w.scope_to_mission(mission_id)?;
    save_member(w, &record)?;
    Ok(record.id.to_string())
}

/// Takes a person out of the delegation.
pub fn remove_member(w: &mut Writer<'_>, mission_id: &str, contact_id: &str) -> Result<()> {
    let id: Option<String> = w
        .conn()
        .query_row(
            "SELECT id FROM delegation_members WHERE mission_id = ?1 AND contact_id = ?2",
            [mission_id, contact_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(id) = id else {
        return Err(Error::NotFound {
            entity: "delegation member",
            id: contact_id.to_owned(),
        });
    };
    w.scope_to_mission(mission_id)?;
    w.delete("delegation_members", &id)?;
    // Passport data is asked for the trip: it goes when the person leaves the delegation.
    super::passports::clear(w, mission_id, contact_id)?;
    Ok(())
}

/// An availability window as the UI sends it (times without offset read in the host zone).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct AvailabilityInput {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    pub mission_id: String,
    pub contact_id: String,
    pub start: String,
    pub end: String,
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
}

pub fn put_availability(w: &mut Writer<'_>, input: &AvailabilityInput) -> Result<String> {
    let mission = get(w.conn(), &input.mission_id)?;
    let tz = parse_zone("hostTz", &mission.host_tz)?;
    let id = match &input.id {
        Some(id) => crate::ids::AvailabilityId::parse("id", id)?,
        None => crate::ids::AvailabilityId::new_random(),
    };
    let record = AvailabilityRecord {
        id: id.clone(),
        mission_id: crate::ids::MissionId::parse("missionId", &input.mission_id)?,
        contact_id: crate::ids::ContactId::parse("contactId", &input.contact_id)?,
        starts_at: crate::time::parse_instant("start", &input.start, tz)?,
        ends_at: crate::time::parse_instant("end", &input.end, tz)?,
        tz,
        note: input.note.clone(),
    }
    .validate()?;
    w.scope_to_mission(&input.mission_id)?;
    save_availability(w, &record)?;
    Ok(id.to_string())
}

pub fn delete_availability(w: &mut Writer<'_>, id: &str) -> Result<()> {
    let mission = availability_mission(w, id)?;
    w.scope_to_mission(&mission)?;
    w.delete("availabilities", id)?;
    Ok(())
}

// ------------------------------------------------------------------------------------------
// A mission's life: created from a blank page or from a previous mission, edited, archived,
// deleted.

/// Creates (no `id`) or edits a mission's header and organisers; returns its id. A creation
/// from `fromMissionId` copies that mission's set-up (see `mission_copy`). Editing is one undoable
/// step of the mission; creating is not (undo never deletes a mission).
pub fn put(w: &mut Writer<'_>, input: &MissionInput) -> Result<String> {
    let existing = input.id.as_deref().filter(|i| !i.trim().is_empty());
    let mut stored_titles = Wording::default();
    let id = match existing {
        Some(id) => {
            stored_titles = get(w.conn(), id)?.titles;
            crate::ids::MissionId::parse("id", id)?
        }
        None => crate::ids::MissionId::new_random(),
    };
    let from = input.from_mission_id.as_deref().filter(|i| !i.is_empty());
    if existing.is_some() && from.is_some() {
        return Err(Error::invalid(
            "fromMissionId",
            Message::new("copyOnlyWhenCreated"),
        ));
    }
    let country = |given: &str, tz: &str| {
        let given = given.trim();
        if given.is_empty() {
            zones::country_of(tz.trim()).unwrap_or_default().to_owned()
        } else {
            given.to_owned()
        }
    };
    let mission = Mission {
        id: id.to_string(),
        title: input.title.clone(),
        titles: input.titles.clone().unwrap_or(stored_titles),
        origin_country: country(&input.origin_country, &input.home_tz),
        host_country: country(&input.host_country, &input.host_tz),
        start_date: input.start_date.clone(),
        end_date: input.end_date.clone(),
        home_tz: input.home_tz.clone(),
        host_tz: input.host_tz.clone(),
        objectives: input.objectives.clone(),
        notes: input.notes.clone(),
    }
    .validate()?;
    let mut organisers = Vec::with_capacity(input.organisers.len());
    for (i, o) in input.organisers.iter().enumerate() {
        let role = crate::domain::validate::optional_text(
            &format!("organisers[{i}].role"),
            Some(&o.role),
            80,
        )?
        .unwrap_or_else(|| "organiser".to_owned());
        if organisers.iter().any(|(org, _)| org == &o.organisation_id) {
            return Err(Error::invalid(
                format!("organisers[{i}].organisationId"),
                Message::new("alreadyOrganiser"),
            ));
        }
        organisers.push((o.organisation_id.clone(), role));
    }
    let staff_days = input
        .staff_days
        .as_deref()
        .map(crate::domain::parse_staff_days)
        .transpose()?;
    if existing.is_some() {
        w.scope_to_mission(id.as_str())?;
    }
    save(w, &mission)?;
    if let Some(days) = staff_days {
        w.save(
            "missions",
            id.as_str(),
            &[("staff_days", super::writer::opt_real(days))],
        )?;
    }
    set_organisers(w, id.as_str(), &organisers)?;
    if let Some(from) = from {
        super::mission_copy::copy_set_up(w, from, &mission)?;
    }
    Ok(id.to_string())
}

/// Sets the staff days spent on a mission (issue 17 part 5: the report's inputs) from the
/// text typed ("12", "12,5"); blank clears. One undoable step of the mission.
pub fn set_staff_days(w: &mut Writer<'_>, mission_id: &str, typed: &str) -> Result<Option<f64>> {
    get(w.conn(), mission_id)?;
    let days = crate::domain::parse_staff_days(typed)?;
    w.scope_to_mission(mission_id)?;
    w.save(
        "missions",
        mission_id,
        &[("staff_days", super::writer::opt_real(days))],
    )?;
    Ok(days)
}

/// Sets the title a mission's documents print in each language (the CLI's `mission edit
/// --title-in`; the window sends them with the header).
pub fn set_titles(w: &mut Writer<'_>, mission_id: &str, titles: &Wording) -> Result<()> {
    let mut mission = get(w.conn(), mission_id)?;
    mission.titles = titles.clone();
    let mission = mission.validate()?;
    w.scope_to_mission(mission_id)?;
    save(w, &mission)?;
    Ok(())
}

/// The staff days spent on a mission, when given.
pub fn staff_days(db: &impl super::Reads, mission_id: &str) -> Result<Option<f64>> {
    super::conn_of(db)
        .query_row(
            "SELECT staff_days FROM missions WHERE id = ?1",
            [mission_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "mission",
            id: mission_id.to_owned(),
        })
}

/// Archives (or brings back) a mission: it leaves the current and upcoming lists, nothing else
/// changes.
pub fn set_archived(
    w: &mut Writer<'_>,
    id: &str,
    archived: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    get(w.conn(), id)?;
    let at = if archived {
        Value::Text(format_utc(now))
    } else {
        Value::Null
    };
    w.save("missions", id, &[("archived_at", at)])?;
    Ok(())
}

/// Deletes a mission and everything it owns. A mission with logged outcomes or follow-ups is
/// the agency's record: it is archived, never deleted.
pub fn delete(w: &mut Writer<'_>, id: &str) -> Result<()> {
    let mission = get(w.conn(), id)?;
    let (outcomes, followups): (i64, i64) = w.conn().query_row(
        "SELECT (SELECT count(*) FROM outcomes o JOIN agenda_items i ON i.id = o.item_id
                 WHERE i.mission_id = ?1),
                (SELECT count(*) FROM followups WHERE mission_id = ?1)",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if outcomes + followups > 0 {
        return Err(Error::Refused(
            Message::new("missionHasRecords")
                .with("title", &mission.title)
                .with("outcomes", outcomes)
                .with("followups", followups),
        ));
    }
    w.delete("missions", id)?;
    Ok(())
}
