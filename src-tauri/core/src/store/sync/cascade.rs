//! What the schema's `ON DELETE CASCADE` and `SET NULL` would do silently, done through the
//! writer before a record is deleted, so that each effect is an op: undo restores it, and a
//! replica that receives the deletion sees exactly the same changes.

use super::links;
use crate::error::Result;
use crate::store::local::LOCAL_TABLES;
use crate::store::Writer;
use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// A foreign key pointing at a table: the child table, its column, its `ON DELETE` action.
struct Reference {
    child: String,
    column: String,
    on_delete: String,
    /// Whether the child table is keyed by `id`.
    has_id: bool,
}

/// Every foreign key of the schema by the table it points at (the schema is the build's).
fn references(conn: &Connection) -> Result<&'static Vec<(String, Reference)>> {
    static ALL: OnceLock<Vec<(String, Reference)>> = OnceLock::new();
    if let Some(all) = ALL.get() {
        return Ok(all);
    }
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND sql NOT LIKE 'CREATE VIRTUAL%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut all = Vec::new();
    for child in tables {
        let has_id: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = 'id' AND pk = 1)",
            [&child],
            |r| r.get(0),
        )?;
        let mut stmt =
            conn.prepare("SELECT \"table\", \"from\", on_delete FROM pragma_foreign_key_list(?1)")?;
        let rows: Vec<(String, String, String)> = stmt
            .query_map([&child], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (parent, column, on_delete) in rows {
            all.push((
                parent,
                Reference {
                    child: child.clone(),
                    column,
                    on_delete,
                    has_id,
                },
            ));
        }
    }
    Ok(ALL.get_or_init(|| all))
}

/// The columns (table, column) of foreign keys to `parent` that the schema sets to NULL when
/// the record they point at goes (a follow-up's person, a stay's room-mate): an erasure leaves
/// the record that names the person, without them (`store::privacy`, `sync::apply`).
pub(crate) fn set_null_columns(conn: &Connection, parent: &str) -> Result<Vec<(String, String)>> {
    Ok(references(conn)?
        .iter()
        .filter(|(p, r)| p == parent && r.on_delete.eq_ignore_ascii_case("SET NULL"))
        .map(|(_, r)| (r.child.clone(), r.column.clone()))
        .collect())
}

/// The tables whose foreign keys point at one of `parents`.
pub(crate) fn tables_referring_to(
    conn: &Connection,
    parents: &BTreeSet<String>,
) -> Result<BTreeSet<String>> {
    Ok(references(conn)?
        .iter()
        .filter(|(p, _)| parents.contains(p))
        .map(|(_, r)| r.child.clone())
        .collect())
}

/// Deletes (cascade) or clears (set null) through the writer what points at record `id` of
/// `table`. Device-local tables are left to the schema.
pub(crate) fn before_delete(w: &mut Writer<'_>, table: &str, id: &str) -> Result<()> {
    let refs = references(w.conn())?;
    for (_, r) in refs.iter().filter(|(p, _)| p == table) {
        if LOCAL_TABLES.contains(&r.child.as_str()) {
            continue;
        }
        let cascade = r.on_delete.eq_ignore_ascii_case("CASCADE");
        let set_null = r.on_delete.eq_ignore_ascii_case("SET NULL");
        if !cascade && !set_null {
            continue;
        }
        if r.has_id {
            let ids: Vec<String> = w
                .conn()
                .prepare_cached(&format!(
                    "SELECT id FROM \"{}\" WHERE \"{}\" = ?1 ORDER BY id",
                    r.child, r.column
                ))?
                .query_map([id], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for child_id in ids {
                if cascade {
                    w.delete(&r.child, &child_id)?;
                } else {
                    w.set_null_by_cascade(&r.child, &child_id, &r.column)?;
                }
            }
        } else if let Some(link) = links::of_table(&r.child) {
            // The owner's own links, or the elements naming the record in others' sets: each
            // logged as removed from its owner (undo puts it back).
            remove_rows(w, link, &format!("\"{}\" = ?1", r.column), id)?;
        }
    }
    Ok(())
}

/// Removes, each as a logged `remove` op of its owner, the rows of `link` matching `condition`.
fn remove_rows(
    w: &mut Writer<'_>,
    link: &crate::store::Link,
    condition: &str,
    id: &str,
) -> Result<()> {
    let n = link.value_columns.len();
    let rows: Vec<(String, Vec<Value>)> = w
        .conn()
        .prepare_cached(&format!(
            "SELECT {}, {} FROM {} WHERE {condition} ORDER BY 1, 2",
            link.owner_column,
            link.value_columns.join(", "),
            link.table
        ))?
        .query_map([id], |row| {
            Ok((
                row.get(0)?,
                (1..=n)
                    .map(|i| row.get(i))
                    .collect::<rusqlite::Result<_>>()?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (owner, values) in rows {
        w.remove_link(link, &owner, &values)?;
    }
    Ok(())
}
