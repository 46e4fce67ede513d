//! What the interest form (`forms/`) reads of a mission: the delegates and technologies its
//! questions offer, and the requests and availability windows an import of responses completes
//! rather than repeats. Through [`Reads`], so that the import reads inside its own write.

use super::{conn_of, Reads};
use crate::error::Result;
use crate::time::parse_stored;
use chrono::{DateTime, Utc};

/// A delegation member a respondent may ask to meet.
pub struct DelegateRow {
    pub contact_id: String,
    pub given_name: String,
    pub family_name: String,
    pub native_name: Option<String>,
    pub organisation: Option<String>,
    pub role: String,
}

/// The mission's delegation but its organisers and interpreters, in the order they were added.
pub fn delegates(db: &impl Reads, mission: &str) -> Result<Vec<DelegateRow>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT c.id, c.given_name, c.family_name, c.native_name, o.name, d.role
         FROM delegation_members d JOIN contacts c ON c.id = d.contact_id
         LEFT JOIN organisations o ON o.id = c.organisation_id
         WHERE d.mission_id = ?1 AND d.role IN ('head', 'delegate') AND c.archived_at IS NULL
         ORDER BY d.role = 'delegate', d.created_at, c.id",
    )?;
    let rows = stmt
        .query_map([mission], |r| {
            Ok(DelegateRow {
                contact_id: r.get(0)?,
                given_name: r.get(1)?,
                family_name: r.get(2)?,
                native_name: r.get(3)?,
                organisation: r.get(4)?,
                role: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A technology a respondent may name: its own name and its name for each language's forms.
#[derive(Debug, Clone)]
pub struct TechnologyRow {
    pub id: String,
    pub name: String,
    pub names: crate::domain::Wording,
}

/// The mission's technologies: those its programme presents, and those owned by a delegate's
/// organisation or its parent; not archived; by name.
pub fn technologies(db: &impl Reads, mission: &str) -> Result<Vec<TechnologyRow>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT t.id, t.name, t.name_fr, t.name_en, t.name_zh_tw FROM technologies t
         WHERE t.archived_at IS NULL AND (
           t.id IN (SELECT at.technology_id FROM agenda_technologies at
                    JOIN agenda_items i ON i.id = at.item_id WHERE i.mission_id = ?1)
           OR t.owner_organisation_id IN (
             SELECT c.organisation_id FROM delegation_members d
               JOIN contacts c ON c.id = d.contact_id WHERE d.mission_id = ?1
             UNION
             SELECT o.parent_id FROM delegation_members d
               JOIN contacts c ON c.id = d.contact_id
               JOIN organisations o ON o.id = c.organisation_id WHERE d.mission_id = ?1))
         ORDER BY t.name COLLATE NOCASE, t.id",
    )?;
    let rows = stmt
        .query_map([mission], |r| {
            Ok(TechnologyRow {
                id: r.get(0)?,
                name: r.get(1)?,
                names: super::wording_at(r, 2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A stored request between exactly two people, as an import may find it again.
pub struct PairRequest {
    pub id: String,
    pub title: Option<String>,
    pub priority: String,
    pub status: String,
    pub origin: String,
    pub explanation: Option<String>,
    pub notes: Option<String>,
    /// The two contact ids, sorted.
    pub pair: (String, String),
    /// The technology ids it is about, sorted.
    pub technologies: Vec<String>,
}

/// The mission's requests that have exactly two participants.
pub fn pair_requests(db: &impl Reads, mission: &str) -> Result<Vec<PairRequest>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT q.id, q.title, q.priority, q.status, q.origin, q.explanation, q.notes,
                min(p.contact_id), max(p.contact_id),
                (SELECT group_concat(technology_id, ',') FROM
                   (SELECT technology_id FROM meeting_request_technologies
                    WHERE request_id = q.id ORDER BY technology_id))
         FROM meeting_requests q JOIN meeting_request_participants p ON p.request_id = q.id
         WHERE q.mission_id = ?1
         GROUP BY q.id HAVING count(*) = 2",
    )?;
    let rows = stmt
        .query_map([mission], |r| {
            Ok(PairRequest {
                id: r.get(0)?,
                title: r.get(1)?,
                priority: r.get(2)?,
                status: r.get(3)?,
                origin: r.get(4)?,
                explanation: r.get(5)?,
                notes: r.get(6)?,
                pair: (r.get(7)?, r.get(8)?),
                technologies: r
                    .get::<_, Option<String>>(9)?
                    .map(|t| t.split(',').map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// An availability window: (contact id, start, end).
pub type PersonWindow = (String, DateTime<Utc>, DateTime<Utc>);

/// The mission's availability windows.
pub fn windows(db: &impl Reads, mission: &str) -> Result<Vec<PersonWindow>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT contact_id, starts_at, ends_at FROM availabilities WHERE mission_id = ?1",
    )?;
    let rows = stmt
        .query_map([mission], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(c, s, e)| Ok((c, parse_stored(&s)?, parse_stored(&e)?)))
        .collect()
}
