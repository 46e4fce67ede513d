//! The one write path. Every insert, update and delete of a user-visible record goes through a
//! [`Writer`], which compares the new values with the stored ones, writes only what changed and
//! records each changed field in `change_log`, all inside the caller's transaction.

mod links;
mod log;
mod rows;

use super::changes::Changes;
use super::sync::replica;
use crate::error::{Error, Result};
use crate::sync::clock::Hlc;
use crate::time::format_utc;
use chrono::{DateTime, Utc};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};
use serde_json::Value as Json;

/// What a save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Created,
    Updated,
    Unchanged,
}

/// A many-to-many table owned by one entity, e.g. a contact's specialties. Its rows change
/// element by element, each logged as an `add` or `remove` op of one field of the owner (two
/// people adding a participant offline both win when merged).
pub struct Link {
    pub table: &'static str,
    pub owner_column: &'static str,
    pub value_columns: &'static [&'static str],
    /// The owner's table and the field name the change log uses.
    pub entity: &'static str,
    pub field: &'static str,
}

pub struct Writer<'c> {
    tx: Transaction<'c>,
    change_set: i64,
    now: String,
    changes: usize,
    /// The records logged so far, announced after the commit (`store::changes`).
    touched: Changes,
    defer_checkpoint: bool,
    /// This replica, this change set's number on it and its clock reading (`store::sync`).
    replica: String,
    seq: i64,
    hlc: Hlc,
    /// The next op's index in the change set.
    next_op: u32,
    /// Whether the ops of a deleted personal record were scrubbed (`privacy::scrub_deleted`):
    /// the file is compacted after the commit.
    scrubbed: bool,
}

/// The kinds of ops a change-log row records (`change_log.kind`): see migration 0009.
pub(super) mod kind {
    pub const CREATE: &str = "create";
    /// A field of a record created in the same change set (folded into its `create` op).
    pub const INIT: &str = "init";
    pub const SET: &str = "set";
    pub const DELETE: &str = "delete";
    /// A field of a record deleted in the same change set: the tombstone's values.
    pub const TOMB: &str = "tomb";
    pub const ADD: &str = "add";
    pub const REMOVE: &str = "remove";
    pub const ERASE: &str = "erase";
    // `scrubbed`, an op that named an erased person with its values removed, is written by the
    // erasure (`store::privacy`) and on receipt (`store::sync::apply`), never by the writer.
}

/// An op's global id: `replica/seq/index`.
pub(super) fn op_id(replica: &str, seq: i64, index: u32) -> String {
    format!("{replica}/{seq}/{index}")
}

/// The field under which a link element's current op is kept (`sync_heads`).
pub(super) fn element_key(field: &str, element: &str) -> String {
    format!("{field}={element}")
}

impl<'c> Writer<'c> {
    pub(super) fn begin(tx: Transaction<'c>, label: &str, now: DateTime<Utc>) -> Result<Self> {
        let (replica, hlc) = replica::tick(&tx, now.timestamp_millis())?;
        let now = format_utc(now);
        // The next number of this replica: an empty change set deleted at commit gives its
        // number back.
        let seq: i64 = tx
            .prepare_cached("SELECT ifnull(max(seq), 0) + 1 FROM change_sets WHERE replica = ?1")?
            .query_row([&replica], |r| r.get(0))?;
        tx.prepare_cached(
            "INSERT INTO change_sets (at, label, replica, seq, hlc, scope)
             VALUES (?1, ?2, ?3, ?4, ?5, 'directory')",
        )?
        .execute(params![now, label, replica, seq, hlc.encode()])?;
        let change_set = tx.last_insert_rowid();
        Ok(Writer {
            tx,
            change_set,
            now,
            changes: 0,
            touched: Changes::default(),
            defer_checkpoint: false,
            replica,
            seq,
            hlc,
            next_op: 0,
            scrubbed: false,
        })
    }

    /// For a bulk action: its commit writes the WAL only, and the copy into the database file
    /// is made in the background (`store::checkpoint`).
    pub fn defer_checkpoint(&mut self) {
        self.defer_checkpoint = true;
    }

    pub(super) fn checkpoint_deferred(&self) -> bool {
        self.defer_checkpoint
    }

    /// Commits; returns what the change set touched, and whether it scrubbed the ops of a
    /// deleted personal record (`privacy::scrub_deleted`: the file is to be compacted).
    pub(super) fn commit(mut self) -> Result<(Changes, bool)> {
        super::sync::replay::refresh(&mut self)?;
        super::privacy::scrub_deleted(&mut self, false)?;
        let scrubbed = self.scrubbed;
        if self.changes == 0 {
            // Nothing changed: leave no empty change set behind.
            self.tx
                .execute("DELETE FROM change_sets WHERE id = ?1", [self.change_set])?;
        }
        self.tx.commit()?;
        Ok((self.touched, scrubbed))
    }

    /// Scopes this change set to a mission: it joins that mission's undo history
    /// (`store::undo`). Unscoped change sets are never undone.
    pub fn scope_to_mission(&mut self, mission_id: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE change_sets SET mission_id = ?1, scope = ?1 WHERE id = ?2",
            params![mission_id, self.change_set],
        )?;
        Ok(())
    }

    /// Files this change set with a mission's records for the exchange files and the team
    /// server without joining its undo history: an erasure of special-category data (needs
    /// withdrawn, purged) travels but is never undone.
    pub fn share_with_mission(&mut self, mission_id: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE change_sets SET scope = ?1 WHERE id = ?2",
            params![mission_id, self.change_set],
        )?;
        Ok(())
    }

    /// Marks this change set as the undo or redo of change set `target`, with a new label.
    pub(super) fn mark_as(&mut self, action: &str, target: i64, label: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE change_sets SET action = ?1, target_id = ?2, label = ?3 WHERE id = ?4",
            params![action, target, label, self.change_set],
        )?;
        Ok(())
    }

    /// Whether this change set holds logged changes (an empty one is deleted at commit).
    pub(super) fn logs_changes(&self) -> bool {
        self.changes > 0
    }

    /// The id of this change set.
    pub fn change_set_id(&self) -> i64 {
        self.change_set
    }

    /// This action's time (RFC 3339, UTC).
    pub(super) fn now_text(&self) -> &str {
        &self.now
    }

    /// Whether this change set touched record `id` of `kind` (or records of that kind beyond
    /// those it names).
    pub(super) fn touched_record(&self, kind: &str, id: &str) -> bool {
        self.touched.kinds().any(|k| k == kind)
            && self.touched.ids(kind).is_none_or(|ids| ids.contains(id))
    }

    /// Notes that this change set scrubbed a deleted personal record's ops.
    pub(super) fn note_scrubbed(&mut self) {
        self.scrubbed = true;
    }

    /// Whether this change set touched records of `kind`.
    pub(super) fn touched_kind(&self, kind: &str) -> bool {
        self.touched.kinds().any(|k| k == kind)
    }

    /// The kinds of records this change set touched.
    pub(super) fn touched_kinds(&self) -> impl Iterator<Item = &str> {
        self.touched.kinds()
    }

    /// Notes a record a merge changed, for the announcement after the commit.
    pub(super) fn note_touched(&mut self, entity: &str, id: &str) {
        self.touched.note(entity, id);
    }

    /// The transaction's connection, for the store's own statements. Sealed inside `store/`:
    /// outside, reads inside a write go through [`super::Reads`] and writes through the
    /// logged primitives above.
    pub(super) fn conn(&self) -> &rusqlite::Connection {
        &self.tx
    }

    /// Inserts or updates the row `id` of `table` with `fields` (column, value), logging each
    /// changed field. `created_at`/`updated_at` are maintained here.
    pub fn save(&mut self, table: &str, id: &str, fields: &[(&str, Value)]) -> Result<Saved> {
        self.save_row(table, "id", id, fields, true)
    }

    /// [`Writer::save`] for a table keyed by another column and without timestamps (a setting
    /// by its key, a specialty by its code), logged the same way.
    pub fn save_keyed(
        &mut self,
        table: &str,
        key_column: &str,
        key: &str,
        fields: &[(&str, Value)],
    ) -> Result<Saved> {
        self.save_row(table, key_column, key, fields, false)
    }

    fn save_row(
        &mut self,
        table: &str,
        key_column: &str,
        id: &str,
        fields: &[(&str, Value)],
        timestamps: bool,
    ) -> Result<Saved> {
        let columns: Vec<&str> = fields.iter().map(|(c, _)| *c).collect();
        let select = format!(
            "SELECT {} FROM {table} WHERE {key_column} = ?1",
            columns.join(", ")
        );
        let stored: Option<Vec<Value>> = self
            .tx
            .prepare_cached(&select)?
            .query_row([id], |row| {
                (0..columns.len()).map(|i| row.get::<_, Value>(i)).collect()
            })
            .optional()?;

        match stored {
            None => {
                let stamps = if timestamps {
                    ", created_at, updated_at"
                } else {
                    ""
                };
                let n = fields.len() + 1 + if timestamps { 2 } else { 0 };
                let placeholders: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
                let sql = format!(
                    "INSERT INTO {table} ({key_column}, {}{stamps}) VALUES ({})",
                    columns.join(", "),
                    placeholders.join(", ")
                );
                let mut values: Vec<Value> = vec![Value::Text(id.to_owned())];
                values.extend(fields.iter().map(|(_, v)| v.clone()));
                if timestamps {
                    values.push(Value::Text(self.now.clone()));
                    values.push(Value::Text(self.now.clone()));
                }
                self.tx
                    .prepare_cached(&sql)?
                    .execute(params_from_iter(values))?;
                for (column, value) in fields {
                    if *value != Value::Null {
                        self.log(kind::INIT, table, id, column, None, Some(to_json(value)))?;
                    }
                }
                self.log(
                    kind::CREATE,
                    table,
                    id,
                    "*",
                    None,
                    Some(Json::String("created".into())),
                )?;
                Ok(Saved::Created)
            }
            Some(old) => {
                let changed: Vec<usize> = (0..fields.len())
                    .filter(|&i| !same(&old[i], &fields[i].1))
                    .collect();
                if changed.is_empty() {
                    return Ok(Saved::Unchanged);
                }
                let mut sets: Vec<String> = changed
                    .iter()
                    .enumerate()
                    .map(|(n, &i)| format!("{} = ?{}", fields[i].0, n + 1))
                    .collect();
                let mut values: Vec<Value> = changed.iter().map(|&i| fields[i].1.clone()).collect();
                if timestamps {
                    values.push(Value::Text(self.now.clone()));
                    sets.push(format!("updated_at = ?{}", values.len()));
                }
                values.push(Value::Text(id.to_owned()));
                let sql = format!(
                    "UPDATE {table} SET {} WHERE {key_column} = ?{}",
                    sets.join(", "),
                    values.len()
                );
                self.tx
                    .prepare_cached(&sql)?
                    .execute(params_from_iter(values))?;
                // A group shown as one (an item's time) is logged whole when any of its fields
                // changed, so that each side of a conflict over it is one whole change.
                let groups: Vec<&str> = changed
                    .iter()
                    .filter_map(|&i| crate::sync::merge::group_of(table, fields[i].0))
                    .collect();
                let logged: Vec<usize> = (0..fields.len())
                    .filter(|i| {
                        changed.contains(i)
                            || crate::sync::merge::group_of(table, fields[*i].0)
                                .is_some_and(|g| groups.contains(&g))
                    })
                    .collect();
                for &i in &logged {
                    self.log(
                        kind::SET,
                        table,
                        id,
                        fields[i].0,
                        Some(to_json(&old[i])),
                        Some(to_json(&fields[i].1)),
                    )?;
                }
                Ok(Saved::Updated)
            }
        }
    }

    /// Inserts new rows for a bulk action (an import of thousands of records): `rows` holds
    /// each row's id and its values in the order of `columns`. Each row is logged as ONE
    /// change-log row, `*` "created", as `save` logs a creation, without the per-field rows:
    /// its `create` op carries the values (`data`: a JSON object of the non-null ones), so that
    /// the row travels to other replicas as it was created; undo (a delete) needs only the id.
    /// Fails if an id exists. The two statements are prepared once per call and values are
    /// bound by reference.
    /// (One row per statement: a statement of many rows makes SQLite keep a statement journal,
    /// a copy of every page it touches, which costs more than it saves.)
    pub fn insert_bulk(
        &mut self,
        table: &str,
        columns: &[&str],
        rows: &[(&str, Vec<ValueRef<'_>>)],
    ) -> Result<()> {
        let mut insert = self.tx.prepare_cached(&format!(
            "INSERT INTO {table} (id, {}, created_at, updated_at) VALUES (?{})",
            columns.join(", "),
            ", ?".repeat(columns.len() + 2)
        ))?;
        let mut log = self.tx.prepare_cached(
            r#"INSERT INTO change_log (change_set_id, entity, entity_id, field, before, after,
               op_index, kind, data)
             VALUES (?1, ?2, ?3, '*', NULL, '"created"', ?4, 'create', ?5)"#,
        )?;
        let now = ValueRef::Text(self.now.as_bytes());
        let mut data = String::new();
        for (id, values) in rows {
            if values.len() != columns.len() {
                return Err(Error::Internal(format!(
                    "{} values for the {} columns of {table}",
                    values.len(),
                    columns.len()
                )));
            }
            insert.execute(params_from_iter(
                std::iter::once(ValueRef::Text(id.as_bytes()))
                    .chain(values.iter().copied())
                    .chain([now, now])
                    .map(ToSqlOutput::Borrowed),
            ))?;
            data.clear();
            bulk_values(&mut data, columns, values);
            log.execute(params![self.change_set, table, id, self.next_op, data])?;
            self.next_op += 1;
            self.touched.note(table, id);
        }
        drop((insert, log));
        self.changes += rows.len();
        Ok(())
    }

    /// Deletes the row `id` of `table`, logging every field it held (the tombstone's values,
    /// for undo and for an edit made elsewhere meanwhile). What the schema would cascade or set
    /// to NULL is done first, through the writer, so that every replica sees those changes as
    /// ops. Returns whether it existed.
    pub fn delete(&mut self, table: &str, id: &str) -> Result<bool> {
        self.delete_keyed(table, "id", id)
    }

    /// [`Writer::delete`] for a table keyed by another column (a specialty by its code).
    pub fn delete_keyed(&mut self, table: &str, key_column: &str, id: &str) -> Result<bool> {
        let mut stmt = self
            .tx
            .prepare(&format!("SELECT * FROM {table} WHERE {key_column} = ?1"))?;
        let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
        let old: Option<Vec<Value>> = stmt
            .query_row([id], |row| {
                (0..names.len()).map(|i| row.get::<_, Value>(i)).collect()
            })
            .optional()?;
        drop(stmt);
        let Some(old) = old else { return Ok(false) };
        super::sync::cascade::before_delete(self, table, id)?;
        self.tx.execute(
            &format!("DELETE FROM {table} WHERE {key_column} = ?1"),
            [id],
        )?;
        let mut values = serde_json::Map::new();
        for (name, value) in names.iter().zip(&old) {
            if *value != Value::Null && name != key_column {
                self.log(kind::TOMB, table, id, name, Some(to_json(value)), None)?;
                values.insert(name.clone(), to_json(value));
            }
        }
        self.log(
            kind::DELETE,
            table,
            id,
            "*",
            Some(Json::String("deleted".into())),
            None,
        )?;
        let op = op_id(&self.replica, self.seq, self.next_op - 1);
        super::sync::heads::bury(&self.tx, table, id, &op, &Json::Object(values).to_string())?;
        Ok(true)
    }
}

/// A link element as the change log holds it: the value of a one-column link, else the array
/// of its values (JSON).
pub(super) fn element_text(row: &[Value]) -> String {
    match row {
        [single] => to_json(single).to_string(),
        many => Json::Array(many.iter().map(to_json).collect()).to_string(),
    }
}

/// Appends the non-null values of a bulk row as a JSON object.
fn bulk_values(out: &mut String, columns: &[&str], values: &[ValueRef<'_>]) {
    let mut map = serde_json::Map::with_capacity(columns.len());
    for (c, v) in columns.iter().zip(values) {
        let v = to_json(&owned(*v));
        if !v.is_null() {
            map.insert((*c).to_owned(), v);
        }
    }
    out.push_str(&Json::Object(map).to_string());
}

/// Equality as SQLite stores it: 50 and 50.0 in a REAL column are the same value.
pub(super) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Real(x), Value::Integer(y)) | (Value::Integer(y), Value::Real(x)) => {
            *x == *y as f64
        }
        _ => a == b,
    }
}

pub(super) fn to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Integer(i) => Json::from(*i),
        Value::Real(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::Text(s) => Json::String(s.clone()),
        Value::Blob(b) => Json::String(b.iter().map(|x| format!("{x:02x}")).collect()),
    }
}

/// A borrowed SQLite value as an owned one (text is always UTF-8 here: it comes from `&str`).
pub fn owned(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// Conversions from record fields to SQLite values.
pub fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

pub fn opt_text<S: AsRef<str>>(s: Option<S>) -> Value {
    s.map_or(Value::Null, |s| Value::Text(s.as_ref().to_owned()))
}

pub fn opt_real(f: Option<f64>) -> Value {
    f.map_or(Value::Null, Value::Real)
}

pub fn flag(b: bool) -> Value {
    Value::Integer(i64::from(b))
}
