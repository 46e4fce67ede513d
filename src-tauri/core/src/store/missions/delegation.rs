//! Editing the delegation from the app: sub-groups, members and availability windows, each
//! write scoped to the mission for undo.

use super::*;

/// A mission's availability windows, by start; each in its own zone.
pub fn availability(conn: &Connection, mission_id: &str) -> Result<Vec<Availability>> {
    windows(conn, "a.mission_id = ?1", mission_id)
}

/// The mission an availability window belongs to.
fn availability_mission(db: &impl Reads, id: &str) -> Result<String> {
    super::super::mission_of_row(db, "availabilities", id, "availability window")
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
    super::super::mission_of_row(db, "subgroups", id, "sub-group")
}

/// One sub-group.
pub fn subgroup(db: &impl Reads, id: &str) -> Result<Subgroup> {
    conn_of(db)
        .query_row(
            &format!("SELECT {SUBGROUP_COLUMNS} FROM subgroups WHERE id = ?1"),
            [id],
            subgroup_row,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "sub-group",
            id: id.to_owned(),
        })
}

/// Creates (no `id`) or renames a sub-group; returns its id. `names`, its names for each
/// language's documents: None keeps those stored (none for a new one).
pub fn put_subgroup(
    w: &mut Writer<'_>,
    mission_id: &str,
    id: Option<&str>,
    name: &str,
    names: Option<Wording>,
) -> Result<String> {
    let names = match (names, id) {
        (Some(names), _) => names,
        (None, Some(id)) => subgroup(w, id)?.names,
        (None, None) => Wording::default(),
    };
    let id = match id {
        Some(id) => crate::ids::SubgroupId::parse("id", id)?,
        None => crate::ids::SubgroupId::new_random(),
    };
    let mission = crate::ids::MissionId::parse("missionId", mission_id)?;
    let record = SubgroupRecord::new(id.clone(), mission, name, names)?;
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
    crate::store::passports::clear(w, mission_id, contact_id)?;
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
