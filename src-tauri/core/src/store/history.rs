//! What the change log holds about a record, oldest first: the audit trail a reader (a test,
//! the data-subject export) sees.

use super::{conn_of, Reads};
use crate::error::Result;

/// One logged change of one field (`*` for a creation or deletion); before and after are JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedChange {
    pub change_set: i64,
    pub label: String,
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The logged changes of the record `entity_id` of `entity` (a table name).
pub fn of(db: &impl Reads, entity: &str, entity_id: &str) -> Result<Vec<LoggedChange>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT s.id, s.label, l.field, l.before, l.after FROM change_log l
         JOIN change_sets s ON s.id = l.change_set_id
         WHERE l.entity = ?1 AND l.entity_id = ?2 AND ifnull(l.kind, 'set') <> 'scrubbed'
           AND l.before IS NOT l.after
         ORDER BY l.id",
    )?;
    let rows = stmt.query_map([entity, entity_id], |r| {
        Ok(LoggedChange {
            change_set: r.get(0)?,
            label: r.get(1)?,
            field: r.get(2)?,
            before: r.get(3)?,
            after: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
