//! The links that point at a record, found from the schema's foreign keys (so links added by
//! later migrations are found too): counted for the duplicates review and before a deletion,
//! moved by a merge (`Writer::repoint`).

use super::{conn_of, Reads};
use crate::error::Result;
use rusqlite::Connection;

/// Every (table, column) whose foreign key points at `table`.
pub fn to_table(db: &impl Reads, table: &str) -> Result<Vec<(String, String)>> {
    Ok(foreign_keys(db, table)?
        .into_iter()
        .map(|(t, column, _)| (t, column))
        .collect())
}

/// Every (table, column, ON DELETE action) whose foreign key points at `table`, read once from
/// the schema.
fn foreign_keys(db: &impl Reads, table: &str) -> Result<Vec<(String, String, String)>> {
    let conn = conn_of(db);
    let mut tables = conn.prepare_cached(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND sql NOT LIKE 'CREATE VIRTUAL%'",
    )?;
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut fks = conn.prepare_cached(
        "SELECT \"from\", on_delete FROM pragma_foreign_key_list(?1) WHERE \"table\" = ?2",
    )?;
    let mut out = Vec::new();
    for t in names {
        let rows: Vec<(String, String)> = fks
            .query_map([t.as_str(), table], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        out.extend(
            rows.into_iter()
                .map(|(column, action)| (t.clone(), column, action)),
        );
    }
    Ok(out)
}

/// The rows of another table that name a record, as a deletion of the record would meet them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Naming {
    pub table: String,
    pub rows: i64,
    /// Deleted with the record (ON DELETE CASCADE); otherwise kept, the link emptied.
    pub removed: bool,
}

/// Every (table, column) pointing at `table` that names `id`, with what deleting `id` does to
/// those rows, in the schema's order.
pub fn naming(db: &impl Reads, table: &str, id: &str) -> Result<Vec<Naming>> {
    let keys = foreign_keys(db, table)?;
    let refs: Vec<(String, String)> = keys
        .iter()
        .map(|(t, c, _)| (t.clone(), c.clone()))
        .collect();
    let rows = counts(db, &refs, id)?;
    Ok(keys
        .into_iter()
        .zip(rows)
        .filter(|(_, n)| *n > 0)
        .map(|((t, _, action), n)| Naming {
            removed: action.eq_ignore_ascii_case("CASCADE"),
            table: t,
            rows: n,
        })
        .collect())
}

/// How many rows of each of `refs` name `id`, in the order of `refs`.
pub fn counts(db: &impl Reads, refs: &[(String, String)], id: &str) -> Result<Vec<i64>> {
    let conn: &Connection = conn_of(db);
    refs.iter()
        .map(|(t, c)| {
            Ok(conn
                .prepare_cached(&format!("SELECT count(*) FROM \"{t}\" WHERE \"{c}\" = ?1"))?
                .query_row([id], |r| r.get(0))?)
        })
        .collect()
}

/// How many rows of `table` name `id` in `column`.
pub fn count(db: &impl Reads, table: &str, column: &str, id: &str) -> Result<i64> {
    Ok(counts(db, &[(table.to_owned(), column.to_owned())], id)?[0])
}

/// Whether the record `id` of `table` exists.
pub fn exists(db: &impl Reads, table: &str, id: &str) -> Result<bool> {
    Ok(conn_of(db)
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM \"{table}\" WHERE id = ?1)"
        ))?
        .query_row([id], |r| r.get(0))?)
}
