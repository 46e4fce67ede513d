//! What people work on, for the meetings matchmaking suggests: each person's specialties (their
//! own and their department's), tags and their organisation's technologies, and who stands on
//! each side of a mission (the delegation, the host country's contacts).

use crate::error::Result;
use rusqlite::Connection;
use std::collections::{BTreeSet, HashMap};

pub struct Profile {
    pub specialties: BTreeSet<String>,
    pub tags: BTreeSet<String>,
    /// Technologies of the person's organisation: (name, specialties).
    pub technologies: Vec<(String, BTreeSet<String>)>,
}

/// The profiles of the people `ids`.
pub fn profiles(conn: &Connection, ids: &[String]) -> Result<HashMap<String, Profile>> {
    let mut out = HashMap::new();
    let mut spec = conn.prepare_cached(
        "SELECT specialty FROM contact_specialties WHERE contact_id = ?1
         UNION SELECT d.specialty FROM contacts c JOIN departments d ON d.id = c.department_id
               WHERE c.id = ?1 AND d.specialty IS NOT NULL",
    )?;
    let mut tags = conn.prepare_cached("SELECT tag FROM contact_tags WHERE contact_id = ?1")?;
    let mut techs = conn.prepare_cached(
        "SELECT t.id, t.name FROM technologies t JOIN contacts c
           ON c.organisation_id = t.owner_organisation_id
         WHERE c.id = ?1 AND t.archived_at IS NULL ORDER BY t.name",
    )?;
    let mut tech_spec = conn
        .prepare_cached("SELECT specialty FROM technology_specialties WHERE technology_id = ?1")?;
    for id in ids {
        let specialties = spec
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<BTreeSet<_>>>()?;
        let tag_set = tags
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<BTreeSet<_>>>()?;
        let list = techs
            .query_map([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut technologies = Vec::new();
        for (tid, name) in list {
            let s = tech_spec
                .query_map([&tid], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<BTreeSet<_>>>()?;
            technologies.push((name, s));
        }
        out.insert(
            id.clone(),
            Profile {
                specialties,
                tags: tag_set,
                technologies,
            },
        );
    }
    Ok(out)
}

/// A specialty's label in each language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialtyLabels {
    pub en: String,
    pub fr: String,
    pub zh: String,
}

/// Specialty code → its labels.
pub fn specialty_labels(conn: &Connection) -> Result<HashMap<String, SpecialtyLabels>> {
    Ok(conn
        .prepare_cached("SELECT code, label_en, label_fr, label_zh FROM specialties")?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                SpecialtyLabels {
                    en: r.get(1)?,
                    fr: r.get(2)?,
                    zh: r.get(3)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The mission's delegates who are not archived, by id.
pub fn delegates(conn: &Connection, mission: &str) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT m.contact_id FROM delegation_members m JOIN contacts c ON c.id = m.contact_id
             WHERE m.mission_id = ?1 AND c.archived_at IS NULL ORDER BY m.contact_id",
        )?
        .query_map([mission], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The contacts of organisations in `country` who are not archived and not in the delegation.
pub fn hosts(conn: &Connection, mission: &str, country: &str) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.id FROM contacts c JOIN organisations o ON o.id = c.organisation_id
             WHERE o.country = ?2 AND c.archived_at IS NULL
               AND c.id NOT IN (SELECT contact_id FROM delegation_members WHERE mission_id = ?1)
             ORDER BY c.id",
        )?
        .query_map([mission, country], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}
