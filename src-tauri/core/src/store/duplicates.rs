//! What the duplicates review reads (the active contacts and organisations) and the merge's
//! own record in `merge_log`; the rules are in `directory::duplicates`.

use super::{opt_ref, Writer};
use crate::domain::Ref;
use crate::error::Result;
use rusqlite::Connection;

/// An active contact as the review compares it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRow {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    pub native_name: Option<String>,
    pub email: Option<String>,
    pub organisation: Option<Ref>,
}

/// The contacts not archived, oldest first.
pub fn active_contacts(conn: &Connection) -> Result<Vec<ContactRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.given_name, c.family_name, c.native_name, c.email, c.organisation_id, o.name
         FROM contacts c LEFT JOIN organisations o ON o.id = c.organisation_id
         WHERE c.archived_at IS NULL ORDER BY c.created_at, c.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ContactRow {
            id: r.get(0)?,
            given_name: r.get(1)?,
            family_name: r.get(2)?,
            native_name: r.get(3)?,
            email: r.get(4)?,
            organisation: opt_ref(r.get(5)?, r.get(6)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The organisations not archived, oldest first: (id, name, city).
pub fn active_organisations(conn: &Connection) -> Result<Vec<(String, String, Option<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, city FROM organisations WHERE archived_at IS NULL ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records a merge in `merge_log`: which record was kept, which folded into it and how many
/// links moved per table. An audit trail beside the change log (which holds each moved row),
/// so written directly; an erasure removes the entries that name the person.
pub fn record_merge(
    w: &mut Writer<'_>,
    at: &str,
    table: &str,
    kept: &str,
    removed: &str,
    moved: &[(String, i64)],
) -> Result<()> {
    w.conn().execute(
        "INSERT INTO merge_log (merged_at, entity, kept_id, removed_id, moved)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        rusqlite::params![
            at,
            table,
            kept,
            removed,
            serde_json::to_string(moved).unwrap_or_else(|_| "[]".into())
        ],
    )?;
    Ok(())
}
