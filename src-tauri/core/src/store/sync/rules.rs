//! After a merge, what the schema and `validate()` enforce is checked on the result: a
//! reference to a record deleted here brings it back (an edit against a delete: a conflict),
//! a record still used is not dropped by its deletion, two records the schema allows only once
//! (one membership per contact) keep the one with the smaller id. A broken rule never aborts
//! the merge.

use super::apply::Ctx;
use super::conflicts::{self, Raised};
use super::{cascade, heads};
use crate::error::Result;
use crate::store::local::LOCAL_TABLES;
use crate::store::Writer;
use crate::sync::clock::Hlc;
use crate::sync::merge;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeSet;

/// A record's values as a JSON object; None if it is not here.
pub(super) fn row_json(w: &Writer<'_>, table: &str, key: &str, id: &str) -> Result<Option<Json>> {
    let mut stmt = w
        .conn()
        .prepare_cached(&format!("SELECT * FROM \"{table}\" WHERE \"{key}\" = ?1"))?;
    let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
    let row: Option<Vec<Value>> = stmt
        .query_row([id], |r| (0..names.len()).map(|i| r.get(i)).collect())
        .optional()?;
    Ok(row.map(|values| {
        let mut m = Map::new();
        for (n, v) in names.iter().zip(&values) {
            if *v != Value::Null && n != key {
                m.insert(n.clone(), crate::store::writer::to_json(v));
            }
        }
        Json::Object(m)
    }))
}

/// Brings back a record deleted here from its tombstone, and raises the conflict of its
/// deletion. Returns false if this file never had it.
pub(super) fn resurrect(
    w: &mut Writer<'_>,
    ctx: &mut Ctx,
    table: &str,
    id: &str,
    _by: Option<&str>,
) -> Result<bool> {
    let Some((deletion, data)) = heads::tombstone(w.conn(), table, id)? else {
        return Ok(false);
    };
    let Some(info) = ctx.tables.get(w.conn(), table)?.cloned() else {
        return Ok(false);
    };
    let Some(key) = info.key.as_deref() else {
        return Ok(false);
    };
    let values: Map<String, Json> = serde_json::from_str(&data).unwrap_or_default();
    let fields: Vec<(String, Value)> = values
        .iter()
        .filter(|(c, _)| info.columns.iter().any(|k| k == *c))
        .map(|(c, v)| (c.clone(), super::apply::to_value(v)))
        .collect();
    let at = values
        .get("created_at")
        .and_then(Json::as_str)
        .unwrap_or("1970-01-01T00:00:00Z")
        .to_owned();
    w.put_row(
        table,
        key,
        id,
        &fields,
        info.timestamps.then_some(at.as_str()),
    )?;
    w.note_touched(table, id);
    ctx.touched.insert((table.to_owned(), id.to_owned()));
    keep_deleted(w, ctx, table, id, &deletion)?;
    Ok(true)
}

/// Raises the conflict of a deletion that did not go through (the record was edited or used
/// elsewhere meanwhile): one per deletion, whichever side raises it.
pub(super) fn keep_deleted(
    w: &mut Writer<'_>,
    ctx: &mut Ctx,
    table: &str,
    id: &str,
    deletion: &str,
) -> Result<()> {
    let hlc = op_hlc(w, deletion)?;
    conflicts::raise(
        w,
        ctx,
        Raised {
            id: merge::conflict_id(deletion, "deleted"),
            reason: "sync.editDeleted",
            entity: table,
            entity_id: id,
            field: "*",
            base: &Json::Null,
            // The side in place is the record kept; the deletion waits.
            a: ("", &json!("kept"), hlc),
            b: (deletion, &json!("deleted"), hlc),
        },
    )?;
    Ok(())
}

fn op_hlc(w: &Writer<'_>, op: &str) -> Result<Hlc> {
    let mut parts = op.split('/');
    let replica = parts.next().unwrap_or("");
    let seq: i64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let hlc: Option<String> = w
        .conn()
        .prepare_cached("SELECT hlc FROM change_sets WHERE replica = ?1 AND seq = ?2")?
        .query_row(rusqlite::params![replica, seq], |r| r.get(0))
        .optional()?;
    Ok(hlc.and_then(|h| Hlc::decode(&h)).unwrap_or_default())
}

/// Whether a shared record still points at record `id` of `table` (its own link rows, which
/// go with it, do not count).
pub(super) fn used_by_others(w: &Writer<'_>, table: &str, id: &str) -> Result<bool> {
    let own = |t: &str, c: &str| {
        super::links::of_table(t).is_some_and(|l| l.entity == table && l.owner_column == c)
    };
    let refs: Vec<(String, String)> = crate::store::references::to_table(w, table)?
        .into_iter()
        .filter(|(t, c)| !LOCAL_TABLES.contains(&t.as_str()) && !own(t, c))
        .collect();
    Ok(crate::store::references::counts(w, &refs, id)?
        .into_iter()
        .any(|n| n > 0))
}

/// Inserts a received record; if the schema allows its values only once and another record
/// holds them (two memberships of one contact made on two laptops), the one with the smaller
/// id stays on every replica and a conflict says so.
pub(super) fn put_row_unique(
    w: &mut Writer<'_>,
    ctx: &mut Ctx,
    table: &str,
    key: &str,
    id: &str,
    fields: &[(String, Value)],
    at: Option<&str>,
) -> Result<bool> {
    if w.put_row(table, key, id, fields, at)? {
        return Ok(true);
    }
    for columns in unique_indexes(w, table)? {
        let values: Option<Vec<Value>> = columns
            .iter()
            .map(|c| fields.iter().find(|(f, _)| f == c).map(|(_, v)| v.clone()))
            .collect();
        let Some(values) = values else { continue };
        let condition: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("\"{c}\" = ?{}", i + 1))
            .collect();
        let other: Option<String> = w
            .conn()
            .prepare_cached(&format!(
                "SELECT \"{key}\" FROM \"{table}\" WHERE {}",
                condition.join(" AND ")
            ))?
            .query_row(rusqlite::params_from_iter(values), |r| r.get(0))
            .optional()?;
        let Some(other) = other else { continue };
        let hlc = Hlc::default();
        conflicts::raise(
            w,
            ctx,
            Raised {
                id: merge::conflict_id(&other, id),
                reason: "sync.duplicate",
                entity: table,
                entity_id: id.min(other.as_str()),
                field: "*",
                base: &Json::Null,
                a: (id.min(other.as_str()), &json!(id.min(other.as_str())), hlc),
                b: (id.max(other.as_str()), &json!(id.max(other.as_str())), hlc),
            },
        )?;
        if id < other.as_str() {
            w.drop_rows(table, key, &other)?;
            w.note_touched(table, &other);
            return w.put_row(table, key, id, fields, at);
        }
        return Ok(false);
    }
    Ok(false)
}

/// The column lists of a table's UNIQUE constraints (not its primary key).
fn unique_indexes(w: &Writer<'_>, table: &str) -> Result<Vec<Vec<String>>> {
    let names: Vec<String> = w
        .conn()
        .prepare_cached(
            "SELECT name FROM pragma_index_list(?1) WHERE \"unique\" = 1 AND origin != 'pk'",
        )?
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for n in names {
        let cols: Vec<String> = w
            .conn()
            .prepare_cached("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")?
            .query_map([&n], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        out.push(cols);
    }
    Ok(out)
}

/// The checks after all change sets are applied and their records written again (an item
/// ending before it starts is found by `replay`, from the record's ops).
pub(super) fn check(w: &mut Writer<'_>, ctx: &mut Ctx) -> Result<()> {
    dangling_references(w, ctx)
}

/// The tables where the merge can have left a reference to a record that is not here: those
/// it wrote (each kind of record it touched, with the link sets that kind owns) and those
/// whose rows point at them (at a row it dropped). Elsewhere there is none: the file had none
/// before the merge (every commit checks its foreign keys), and the merge wrote nothing there.
fn written_and_referring(w: &Writer<'_>, ctx: &mut Ctx) -> Result<BTreeSet<String>> {
    let mut written = BTreeSet::new();
    for kind in w.touched_kinds() {
        if ctx.tables.get(w.conn(), kind)?.is_some() {
            written.insert(kind.to_owned());
        }
        for link in super::links::ALL.iter().filter(|l| l.entity == kind) {
            written.insert(link.table.to_owned());
        }
    }
    let mut out = cascade::tables_referring_to(w.conn(), &written)?;
    out.extend(written);
    Ok(out)
}

/// References to records that are not here: a record deleted here comes back (and its
/// deletion becomes a conflict); one this file never had is cleared (NULL) or, if the schema
/// requires it, the row that names it is left out. Repeated, since a record brought back may
/// itself point at one deleted. Only the tables the merge wrote or that point at them are
/// checked (`written_and_referring`), not the whole file.
fn dangling_references(w: &mut Writer<'_>, ctx: &mut Ctx) -> Result<()> {
    for _ in 0..8 {
        let mut found: Vec<(String, String, i64)> = Vec::new();
        for table in written_and_referring(w, ctx)? {
            let mut check = w.conn().prepare_cached(
                "SELECT \"table\", parent, fkid FROM pragma_foreign_key_check(?1)",
            )?;
            let rows = check.query_map([&table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            for row in rows {
                found.push(row?);
            }
        }
        if found.is_empty() {
            #[cfg(debug_assertions)]
            {
                let anywhere: i64 = w.conn().query_row(
                    "SELECT count(*) FROM pragma_foreign_key_check",
                    [],
                    |r| r.get(0),
                )?;
                assert_eq!(
                    anywhere, 0,
                    "a dangling reference outside the tables checked"
                );
            }
            return Ok(());
        }
        let mut seen = std::collections::BTreeSet::new();
        for (table, parent, fk) in found {
            if !seen.insert((table.clone(), parent.clone(), fk)) {
                continue;
            }
            let (from, notnull): (String, bool) = w.conn().query_row(
                "SELECT f.\"from\", ifnull(c.\"notnull\", 0) FROM pragma_foreign_key_list(?1) f
                 LEFT JOIN pragma_table_info(?1) c ON c.name = f.\"from\" WHERE f.id = ?2",
                rusqlite::params![table, fk],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let parent_key = ctx
                .tables
                .get(w.conn(), &parent)?
                .and_then(|t| t.key.clone())
                .unwrap_or_else(|| "id".into());
            let missing: Vec<String> = w
                .conn()
                .prepare(&format!(
                    "SELECT DISTINCT \"{from}\" FROM \"{table}\" WHERE \"{from}\" IS NOT NULL
                     AND \"{from}\" NOT IN (SELECT \"{parent_key}\" FROM \"{parent}\")"
                ))?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for value in missing {
                if resurrect(w, ctx, &parent, &value, None)? {
                    continue;
                }
                if notnull {
                    w.drop_rows(&table, &from, &value)?;
                } else {
                    w.clear_refs(&table, &from, &value)?;
                }
                w.note_touched(&table, &value);
            }
        }
    }
    Ok(())
}
