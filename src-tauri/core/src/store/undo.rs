//! Undo and redo, generic over the change log, per mission.
//!
//! Every edit of a mission's programme, delegation or sites runs in one change set scoped to the
//! mission (`Writer::scope_to_mission`). Undo applies the inverse of the mission's latest edit
//! (or redo) that is not undone yet, through the writer itself, so the undo is logged like any
//! edit (action `undo`, `target_id` the set it reverses) and survives restarts. Redo applies the
//! inverse of the latest undo not yet redone, as long as no new edit happened since (a new edit
//! clears the redo stack, as in every editor). Publishing a version and edits outside a mission
//! (the directory) are not scoped, so Ctrl+Z never touches them.
//!
//! Inverting a change set, last change first: a created record is deleted; a deleted record is
//! re-created from the values its deletion logged; a changed column gets its `before` value,
//! if it still holds the value the edit set (a merge may have brought a later edit from another
//! copy: that one stays); a link element added is removed and one removed is added back (files
//! from before v9 logged a replaced link list whole: it gets its `before` rows).

use super::{Link, Writer};
use crate::domain::UndoState;
use crate::error::{Error, Result};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value as Json;

/// What undo and redo would do next in `mission_id`.
pub fn state(conn: &Connection, mission_id: &str) -> Result<UndoState> {
    Ok(UndoState {
        undo: next_undo(conn, mission_id)?.map(|(_, label)| label),
        redo: next_redo(conn, mission_id)?.map(|(_, _, label)| label),
    })
}

fn next_undo(conn: &Connection, mission_id: &str) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, label FROM change_sets
             WHERE mission_id = ?1 AND action IN ('edit', 'redo') AND undone = 0
             ORDER BY id DESC LIMIT 1",
            [mission_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// (undo set, the set it reversed, label of that set)
fn next_redo(conn: &Connection, mission_id: &str) -> Result<Option<(i64, i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT u.id, u.target_id, t.label FROM change_sets u
             JOIN change_sets t ON t.id = u.target_id
             WHERE u.mission_id = ?1 AND u.action = 'undo' AND u.undone = 0
               AND u.id > coalesce((SELECT max(id) FROM change_sets
                                    WHERE mission_id = ?1 AND action = 'edit'), 0)
             ORDER BY u.id DESC LIMIT 1",
            [mission_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// Undoes the mission's latest edit. Returns its label, or `None` when there is nothing to undo.
pub fn undo(w: &mut Writer<'_>, mission_id: &str) -> Result<Option<String>> {
    let Some((target, label)) = next_undo(w.conn(), mission_id)? else {
        return Ok(None);
    };
    let label = strip(&label);
    apply_inverse(w, target)?;
    w.conn()
        .execute("UPDATE change_sets SET undone = 1 WHERE id = ?1", [target])?;
    w.scope_to_mission(mission_id)?;
    // The same code as the edit: `action` says it is an undo.
    w.mark_as("undo", target, &label)?;
    Ok(Some(label))
}

/// Redoes the latest undone edit. Returns its label, or `None` when there is nothing to redo.
pub fn redo(w: &mut Writer<'_>, mission_id: &str) -> Result<Option<String>> {
    let Some((undo_set, target, label)) = next_redo(w.conn(), mission_id)? else {
        return Ok(None);
    };
    let label = strip(&label);
    apply_inverse(w, undo_set)?;
    w.conn().execute(
        "UPDATE change_sets SET undone = 1 WHERE id = ?1",
        [undo_set],
    )?;
    w.scope_to_mission(mission_id)?;
    w.mark_as("redo", target, &label)?;
    Ok(Some(label))
}

/// A redo is labelled like the edit it repeats, and so is an undo; in files from before labels
/// were codes, an undo's label starts with "Undo: ".
fn strip(label: &str) -> String {
    label.strip_prefix("Undo: ").unwrap_or(label).to_owned()
}

struct Row {
    kind: String,
    entity: String,
    entity_id: String,
    field: String,
    before: Option<Json>,
    after: Option<Json>,
}

fn apply_inverse(w: &mut Writer<'_>, change_set: i64) -> Result<()> {
    let rows: Vec<Row> = {
        let mut stmt = w.conn().prepare(
            "SELECT entity, entity_id, field, before, after, ifnull(kind, 'set') FROM change_log
             WHERE change_set_id = ?1 ORDER BY id DESC",
        )?;
        let raw = stmt
            .query_map([change_set], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        raw.into_iter()
            .map(|(entity, entity_id, field, before, after, kind)| Row {
                kind,
                entity,
                entity_id,
                field,
                before: before.and_then(|b| serde_json::from_str(&b).ok()),
                after: after.and_then(|a| serde_json::from_str(&a).ok()),
            })
            .collect()
    };
    // The fields of one record that the set changed are put back by one save (a single write), so
    // that a check across them holds for the result rather than for each field on its own: a
    // 15-minute item moved 15 minutes later, put back start first or end first, would pass
    // through an end equal to its start (`ends_at > starts_at`).
    let mut fields: Fields<'_> = None;
    for row in &rows {
        if row.kind == "scrubbed" {
            // An op that named an erased person: nothing of it is left to put back.
            continue;
        }
        check_table(w.conn(), &row.entity)?;
        let plain = row.field != "*"
            && row.kind != "add"
            && row.kind != "remove"
            && row.before.is_some()
            && row.after.is_some()
            && has_column(w.conn(), &row.entity, &row.field)?;
        if !plain
            || fields
                .as_ref()
                .is_some_and(|(e, id, _)| *e != row.entity || *id != row.entity_id)
        {
            put_back(w, fields.take())?;
        }
        if plain {
            // The same field changed twice in the set: put back as it was before both.
            if let Some((_, _, list)) = &mut fields {
                if let Some(slot) = list.iter_mut().find(|(f, _)| *f == row.field) {
                    slot.1 = to_value(row.before.as_ref());
                    continue;
                }
            }
            if !still_set(w, row)? {
                // Changed since, here or by a merged edit of another copy: that change stays.
                continue;
            }
            let value = (row.field.as_str(), to_value(row.before.as_ref()));
            match &mut fields {
                Some((_, _, list)) => list.push(value),
                None => fields = Some((&row.entity, &row.entity_id, vec![value])),
            }
            continue;
        }
        let marker = |j: &Option<Json>, s: &str| j.as_ref().and_then(Json::as_str) == Some(s);
        if row.field == "*" {
            // A created record: "created", or (bulk import, `Writer::insert_bulk`) the whole
            // record as one JSON object.
            if marker(&row.after, "created") || matches!(row.after, Some(Json::Object(_))) {
                w.delete(&row.entity, &row.entity_id)?;
            } else if marker(&row.before, "deleted") {
                // Re-create from the values the deletion logged.
                let fields: Vec<(&str, Value)> = rows
                    .iter()
                    .filter(|r| {
                        r.entity == row.entity
                            && r.entity_id == row.entity_id
                            && r.kind == "tomb"
                            && r.field != "created_at"
                            && r.field != "updated_at"
                    })
                    .map(|r| (r.field.as_str(), to_value(r.before.as_ref())))
                    .collect();
                if fields.is_empty() {
                    // A personal record whose values left the log with it
                    // (`privacy::SCRUBBED_WHEN_DELETED`): nothing is left to put back.
                    continue;
                }
                w.save(&row.entity, &row.entity_id, &fields)?;
            }
            continue;
        }
        if row.kind == "add" || row.kind == "remove" {
            let Some(link) = super::sync::links::of_field(&row.entity, &row.field) else {
                return Err(Error::Internal(format!(
                    "cannot undo a change of {}.{}",
                    row.entity, row.field
                )));
            };
            if row.kind == "add" {
                w.remove_link(link, &row.entity_id, &element(row.after.as_ref()))?;
            } else {
                w.add_link(link, &row.entity_id, &element(row.before.as_ref()))?;
            }
            continue;
        }
        if row.before.is_none() || row.after.is_none() {
            // A field of a created or deleted record: handled by its "*" row.
            continue;
        }
        if let Some(link) = link_of(&row.entity, &row.field) {
            let rows: Vec<Vec<Value>> = match &row.before {
                Some(Json::Array(items)) => items
                    .iter()
                    .map(|i| match i {
                        Json::Array(cols) => cols.iter().map(|c| to_value(Some(c))).collect(),
                        single => vec![to_value(Some(single))],
                    })
                    .collect(),
                _ => Vec::new(),
            };
            w.set_links(link, &row.entity_id, &rows)?;
        } else {
            return Err(Error::Internal(format!(
                "cannot undo a change of {}.{}",
                row.entity, row.field
            )));
        }
    }
    put_back(w, fields)
}

/// A record's fields to put back: (table, id, [(field, value)]).
type Fields<'a> = Option<(&'a str, &'a str, Vec<(&'a str, Value)>)>;

fn put_back(w: &mut Writer<'_>, fields: Fields<'_>) -> Result<()> {
    if let Some((table, id, list)) = fields {
        w.save(table, id, &list)?;
    }
    Ok(())
}

fn link_of(entity: &str, field: &str) -> Option<&'static Link> {
    super::sync::links::of_field(entity, field)
}

/// A link element as logged: one value, or an array of the columns' values.
fn element(json: Option<&Json>) -> Vec<Value> {
    match json {
        Some(Json::Array(cols)) => cols.iter().map(|c| to_value(Some(c))).collect(),
        single => vec![to_value(single)],
    }
}

/// Whether the record still exists and its field holds the value the logged change set.
fn still_set(w: &Writer<'_>, row: &Row) -> Result<bool> {
    let current: Option<Value> = w
        .conn()
        .query_row(
            &format!(
                "SELECT \"{}\" FROM \"{}\" WHERE id = ?1",
                row.field, row.entity
            ),
            [&row.entity_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(current) = current else {
        return Ok(false);
    };
    Ok(same_value(&current, &to_value(row.after.as_ref())))
}

/// Equality as SQLite stores it (50 and 50.0 in a REAL column are the same value).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Real(x), Value::Integer(y)) | (Value::Integer(y), Value::Real(x)) => {
            *x == *y as f64
        }
        _ => a == b,
    }
}

/// The change log names tables; only real tables of the schema are touched.
fn check_table(conn: &Connection, table: &str) -> Result<()> {
    let known: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1)",
        [table],
        |r| r.get(0),
    )?;
    if known && table.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        Ok(())
    } else {
        Err(Error::Internal(format!(
            "cannot undo a change of '{table}'"
        )))
    }
}

fn has_column(conn: &Connection, table: &str, column: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2)",
        params![table, column],
        |r| r.get(0),
    )?)
}

fn to_value(json: Option<&Json>) -> Value {
    match json {
        None | Some(Json::Null) => Value::Null,
        Some(Json::Bool(b)) => Value::Integer(i64::from(*b)),
        Some(Json::Number(n)) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or_default()),
        },
        Some(Json::String(s)) => Value::Text(s.clone()),
        Some(other) => Value::Text(other.to_string()),
    }
}
