//! Missions: their records, organisers and reads; the delegation edited from the app
//! (`delegation.rs`: sub-groups, members, availability windows) and a mission's life (`life.rs`:
//! created, edited, archived, deleted).

use super::writer::{opt_text, text};
use super::{conn_of, ensure_exists, wording_at, Link, Reads, Saved, Writer};
use crate::domain::{
    display_name, zones, Availability, AvailabilityRecord, DelegationMember, MemberRecord, Mission,
    MissionDetail, MissionInput, MissionSummary, Organiser, Ref, Subgroup, SubgroupRecord, Wording,
};
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::time::{format_in, format_utc, parse_stored, parse_zone};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

mod delegation;
mod life;
pub use delegation::*;
pub use life::*;

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
            ("objectives_fr", opt_text(m.objectives_in.fr.as_deref())),
            ("objectives_en", opt_text(m.objectives_in.en.as_deref())),
            (
                "objectives_zh_tw",
                opt_text(m.objectives_in.zh_tw.as_deref()),
            ),
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
            ("name_fr", opt_text(g.names.fr.as_deref())),
            ("name_en", opt_text(g.names.en.as_deref())),
            ("name_zh_tw", opt_text(g.names.zh_tw.as_deref())),
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
                objectives, notes, title_fr, title_en, title_zh_tw,
                objectives_fr, objectives_en, objectives_zh_tw FROM missions WHERE id = ?1",
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
                titles: wording_at(r, 10)?,
                objectives_in: wording_at(r, 13)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "mission",
        id: id.to_owned(),
    })
}

/// The columns a sub-group is read from, in [`subgroup_row`]'s order.
const SUBGROUP_COLUMNS: &str = "id, name, name_fr, name_en, name_zh_tw";

fn subgroup_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Subgroup> {
    Ok(Subgroup {
        id: r.get(0)?,
        name: r.get(1)?,
        names: wording_at(r, 2)?,
    })
}

/// A mission's sub-groups by name.
pub fn detail_subgroups(conn: &Connection, id: &str) -> Result<Vec<Subgroup>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUBGROUP_COLUMNS} FROM subgroups WHERE mission_id = ?1 ORDER BY name"
    ))?;
    let subgroups = stmt
        .query_map([id], subgroup_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(subgroups)
}

/// A mission's delegation: the delegates first, then the others, each by name.
pub fn detail_delegation(conn: &Connection, id: &str) -> Result<Vec<DelegationMember>> {
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
    Ok(delegation)
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

    let delegation = detail_delegation(conn, id)?;

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
