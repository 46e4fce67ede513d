//! The one write path. Every insert, update and delete of a user-visible record goes through a
//! [`Writer`], which compares the new values with the stored ones, writes only what changed and
//! records each changed field in `change_log`, all inside the caller's transaction.

use super::changes::Changes;
use crate::error::{Error, Result};
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

/// A many-to-many table owned by one entity, e.g. a contact's specialties. Its rows are
/// replaced as a whole and logged as one field of the owner.
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
}

impl<'c> Writer<'c> {
    pub(super) fn begin(tx: Transaction<'c>, label: &str, now: DateTime<Utc>) -> Result<Self> {
        let now = format_utc(now);
        tx.execute(
            "INSERT INTO change_sets (at, label) VALUES (?1, ?2)",
            params![now, label],
        )?;
        let change_set = tx.last_insert_rowid();
        Ok(Writer {
            tx,
            change_set,
            now,
            changes: 0,
            touched: Changes::default(),
            defer_checkpoint: false,
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

    /// Commits; returns what the change set touched.
    pub(super) fn commit(self) -> Result<Changes> {
        if self.changes == 0 {
            // Nothing changed: leave no empty change set behind.
            self.tx
                .execute("DELETE FROM change_sets WHERE id = ?1", [self.change_set])?;
        }
        self.tx.commit()?;
        Ok(self.touched)
    }

    /// Scopes this change set to a mission: it joins that mission's undo history
    /// (`store::undo`). Unscoped change sets are never undone.
    pub fn scope_to_mission(&mut self, mission_id: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE change_sets SET mission_id = ?1 WHERE id = ?2",
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
                        self.log(table, id, column, None, Some(to_json(value)))?;
                    }
                }
                self.log(table, id, "*", None, Some(Json::String("created".into())))?;
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
                for &i in &changed {
                    self.log(
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

    /// Replaces the rows of `link` owned by `owner_id` with `rows` (each a tuple of the link's
    /// value columns). Returns whether anything changed.
    pub fn set_links(&mut self, link: &Link, owner_id: &str, rows: &[Vec<Value>]) -> Result<bool> {
        let cols = link.value_columns.join(", ");
        let select = format!(
            "SELECT {cols} FROM {} WHERE {} = ?1 ORDER BY {cols}",
            link.table, link.owner_column
        );
        let mut stmt = self.tx.prepare_cached(&select)?;
        let old: Vec<Vec<Value>> = stmt
            .query_map([owner_id], |row| {
                (0..link.value_columns.len())
                    .map(|i| row.get::<_, Value>(i))
                    .collect()
            })?
            .collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        let mut new = rows.to_vec();
        new.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        new.dedup();
        let mut old_sorted = old.clone();
        old_sorted.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        if old_sorted == new {
            return Ok(false);
        }
        self.tx.execute(
            &format!(
                "DELETE FROM {} WHERE {} = ?1",
                link.table, link.owner_column
            ),
            [owner_id],
        )?;
        let placeholders: Vec<String> = (1..=link.value_columns.len() + 1)
            .map(|i| format!("?{i}"))
            .collect();
        let insert = format!(
            "INSERT INTO {} ({}, {cols}) VALUES ({})",
            link.table,
            link.owner_column,
            placeholders.join(", ")
        );
        let mut stmt = self.tx.prepare_cached(&insert)?;
        for row in &new {
            let mut values = vec![Value::Text(owner_id.to_owned())];
            values.extend(row.iter().cloned());
            stmt.execute(params_from_iter(values))?;
        }
        drop(stmt);
        let as_json = |rows: &[Vec<Value>]| -> Json {
            Json::Array(
                rows.iter()
                    .map(|r| match r.as_slice() {
                        [single] => to_json(single),
                        many => Json::Array(many.iter().map(to_json).collect()),
                    })
                    .collect(),
            )
        };
        self.log(
            link.entity,
            owner_id,
            link.field,
            Some(as_json(&old_sorted)),
            Some(as_json(&new)),
        )?;
        Ok(true)
    }

    /// Inserts new rows for a bulk action (an import of thousands of records): `rows` holds
    /// each row's id and its values in the order of `columns`. Each row is logged as ONE
    /// change-log row, `*` "created", as `save` logs a creation, without the per-field rows:
    /// the values are in the row itself and every later change logs what it replaced, so the
    /// history loses nothing, and undo (a delete) needs only the id. (Logging each record whole
    /// made the change log the largest table of an imported directory, a third of the file.)
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
            r#"INSERT INTO change_log (change_set_id, entity, entity_id, field, before, after)
             VALUES (?1, ?2, ?3, '*', NULL, '"created"')"#,
        )?;
        let now = ValueRef::Text(self.now.as_bytes());
        for (id, values) in rows {
            if values.len() != columns.len() {
                return Err(Error::Conflict(format!(
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
            log.execute(params![self.change_set, table, id])?;
            self.touched.note(table, id);
        }
        drop((insert, log));
        self.changes += rows.len();
        Ok(())
    }

    /// Deletes the row `id` of `table`, logging every field it held. Returns whether it existed.
    pub fn delete(&mut self, table: &str, id: &str) -> Result<bool> {
        let mut stmt = self
            .tx
            .prepare(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
        let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
        let old: Option<Vec<Value>> = stmt
            .query_row([id], |row| {
                (0..names.len()).map(|i| row.get::<_, Value>(i)).collect()
            })
            .optional()?;
        drop(stmt);
        let Some(old) = old else { return Ok(false) };
        self.tx
            .execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
        for (name, value) in names.iter().zip(&old) {
            if *value != Value::Null && name != "id" {
                self.log(table, id, name, Some(to_json(value)), None)?;
            }
        }
        self.log(table, id, "*", Some(Json::String("deleted".into())), None)?;
        Ok(true)
    }

    /// Moves every reference `column` of `table` from record `from` to record `to` (a merge
    /// of duplicates), logging each moved row's field: entity `table`, the row's key (its id,
    /// or the other columns of its primary key for a link table), before `from`, after `to`.
    /// A row that would repeat one `to` already has (the same link on both records) is deleted
    /// instead, logged with no after. Returns how many rows moved.
    pub fn repoint(&mut self, table: &str, column: &str, from: &str, to: &str) -> Result<usize> {
        let keys: Vec<String> = self
            .tx
            .prepare_cached(
                "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 AND name != ?2 ORDER BY pk",
            )?
            .query_map([table, column], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if keys.is_empty() {
            return Err(Error::Conflict(format!(
                "{table} has no key to log a change of {column} by"
            )));
        }
        let quoted: Vec<String> = keys.iter().map(|k| format!("\"{k}\"")).collect();
        let rows: Vec<Vec<Value>> = self
            .tx
            .prepare(&format!(
                "SELECT {} FROM \"{table}\" WHERE \"{column}\" = ?1",
                quoted.join(", ")
            ))?
            .query_map([from], |r| (0..keys.len()).map(|i| r.get(i)).collect())?
            .collect::<rusqlite::Result<_>>()?;
        let row_is: Vec<String> = quoted
            .iter()
            .enumerate()
            .map(|(i, k)| format!(" AND {k} = ?{}", i + 3))
            .collect();
        let row_is = row_is.concat();
        let update = format!(
            "UPDATE OR IGNORE \"{table}\" SET \"{column}\" = ?1 WHERE \"{column}\" = ?2{row_is}"
        );
        let delete = format!("DELETE FROM \"{table}\" WHERE \"{column}\" = ?2{row_is}");
        let mut moved = 0;
        for key in rows {
            let entity_id = key
                .iter()
                .map(|v| match to_json(v) {
                    Json::String(s) => s,
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(" ");
            let values = || {
                [Value::Text(to.to_owned()), Value::Text(from.to_owned())]
                    .into_iter()
                    .chain(key.iter().cloned())
            };
            let before = Some(Json::String(from.to_owned()));
            if self.tx.execute(&update, params_from_iter(values()))? > 0 {
                moved += 1;
                self.log(
                    table,
                    &entity_id,
                    column,
                    before,
                    Some(Json::String(to.to_owned())),
                )?;
            } else if keys == ["id"] {
                self.delete(table, &entity_id)?;
            } else {
                self.tx.execute(&delete, params_from_iter(values()))?;
                self.log(table, &entity_id, column, before, None)?;
            }
        }
        Ok(moved)
    }

    fn log(
        &mut self,
        entity: &str,
        id: &str,
        field: &str,
        before: Option<Json>,
        after: Option<Json>,
    ) -> Result<()> {
        self.log_text(
            entity,
            id,
            field,
            before.map(|j| j.to_string()).as_deref(),
            after.map(|j| j.to_string()).as_deref(),
        )
    }

    /// Logs one change with its before and after already as JSON text.
    fn log_text(
        &mut self,
        entity: &str,
        id: &str,
        field: &str,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Result<()> {
        // Cached: a bulk action (an import) logs hundreds of thousands of rows.
        self.tx
            .prepare_cached(
                "INSERT INTO change_log (change_set_id, entity, entity_id, field, before, after)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![self.change_set, entity, id, field, before, after])?;
        self.changes += 1;
        self.touched.note(entity, id);
        Ok(())
    }
}

/// Equality as SQLite stores it: 50 and 50.0 in a REAL column are the same value.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Real(x), Value::Integer(y)) | (Value::Integer(y), Value::Real(x)) => {
            *x == *y as f64
        }
        _ => a == b,
    }
}

fn to_json(value: &Value) -> Json {
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
