//! The writer's row primitives for what a cascade does and what a merge replays: a reference
//! set to NULL or rows dropped as a deletion's cascade, a field or a whole row put as received,
//! and a duplicate's references moved to the record kept.

use super::*;

impl Writer<'_> {
    /// The index the next op of this change set takes.
    pub(in crate::store) fn next_op_index(&self) -> u32 {
        self.next_op
    }

    /// Forgets the ops this change set logged from `index` on, and the current ops they made:
    /// a received erasure's removals, which every copy the erasure reaches makes alike (the
    /// erasing copy's own travel with its erasure), so that they do not travel again.
    pub(in crate::store) fn unlog_from(&mut self, index: u32) -> Result<()> {
        let removed = self.tx.execute(
            "DELETE FROM change_log WHERE change_set_id = ?1 AND op_index >= ?2",
            params![self.change_set, index],
        )?;
        self.tx.execute(
            "DELETE FROM sync_heads WHERE substr(op, 1, length(?1)) = ?1
               AND CAST(substr(op, length(?1) + 1) AS INTEGER) >= ?2",
            params![format!("{}/{}/", self.replica, self.seq), index],
        )?;
        self.changes = self.changes.saturating_sub(removed);
        Ok(())
    }

    /// Sets `column` of the row `id` to NULL as a deletion's cascade (`ON DELETE SET NULL`),
    /// logged; a concurrent real edit of the field, merged later, beats it.
    pub(in crate::store) fn set_null_by_cascade(
        &mut self,
        table: &str,
        id: &str,
        column: &str,
    ) -> Result<()> {
        if self.save(table, id, &[(column, Value::Null)])? != Saved::Unchanged {
            crate::store::sync::heads::weaken(&self.tx, table, id, column)?;
        }
        Ok(())
    }

    /// Deletes rows without logging them (a received delete, logged as received, or a link
    /// row whose removal is logged by the caller).
    pub(in crate::store) fn drop_rows(
        &mut self,
        table: &str,
        column: &str,
        value: &str,
    ) -> Result<usize> {
        Ok(self
            .tx
            .prepare_cached(&format!("DELETE FROM \"{table}\" WHERE \"{column}\" = ?1"))?
            .execute([value])?)
    }

    /// Clears (NULL) every reference `column` of `table` to `value` without logging it: a
    /// merge's repair of a reference to a record this file never had.
    pub(in crate::store) fn clear_refs(
        &mut self,
        table: &str,
        column: &str,
        value: &str,
    ) -> Result<usize> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "UPDATE \"{table}\" SET \"{column}\" = NULL WHERE \"{column}\" = ?1"
            ))?
            .execute([value])?)
    }

    /// Writes one column of a row without logging it: a received op, logged as received.
    pub(in crate::store) fn put_field(
        &mut self,
        table: &str,
        key: &str,
        id: &str,
        column: &str,
        value: &Value,
    ) -> Result<bool> {
        let n = self
            .tx
            .prepare_cached(&format!(
                "UPDATE \"{table}\" SET \"{column}\" = ?1 WHERE \"{key}\" = ?2"
            ))?
            .execute(params![value, id])?;
        Ok(n > 0)
    }

    /// Inserts a row without logging it (a received creation, logged as received); nothing
    /// if a row of that id exists. Timestamps, when the table has them, are `at`.
    pub(in crate::store) fn put_row(
        &mut self,
        table: &str,
        key: &str,
        id: &str,
        fields: &[(String, Value)],
        at: Option<&str>,
    ) -> Result<bool> {
        let mut columns: Vec<String> = vec![format!("\"{key}\"")];
        let mut values: Vec<Value> = vec![Value::Text(id.to_owned())];
        for (c, v) in fields {
            if c != key && c != "created_at" && c != "updated_at" {
                columns.push(format!("\"{c}\""));
                values.push(v.clone());
            }
        }
        if let Some(at) = at {
            for stamp in ["created_at", "updated_at"] {
                columns.push(stamp.into());
                values.push(Value::Text(at.to_owned()));
            }
        }
        let placeholders: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT OR IGNORE INTO \"{table}\" ({}) VALUES ({})",
            columns.join(", "),
            placeholders.join(", ")
        );
        let n = self
            .tx
            .prepare_cached(&sql)?
            .execute(params_from_iter(values))?;
        Ok(n > 0)
    }

    /// Moves every reference `column` of `table` from record `from` to record `to` (a merge
    /// of duplicates), logging each moved row's field: entity `table`, the row's key (its id,
    /// or the other columns of its primary key for a link table), before `from`, after `to`.
    /// A row that would repeat one `to` already has (the same link on both records) is deleted
    /// instead, logged with no after. A link set's rows move as element ops
    /// (`Writer::repoint_link`), which merge. Returns how many rows moved.
    pub fn repoint(&mut self, table: &str, column: &str, from: &str, to: &str) -> Result<usize> {
        if let Some(link) = crate::store::sync::links::of_table(table) {
            return self.repoint_link(link, column, from, to);
        }
        let keys: Vec<String> = self
            .tx
            .prepare_cached(
                "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 AND name != ?2 ORDER BY pk",
            )?
            .query_map([table, column], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if keys.is_empty() {
            return Err(Error::Internal(format!(
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
                    kind::SET,
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
                self.log(kind::SET, table, &entity_id, column, before, None)?;
            }
        }
        Ok(moved)
    }
}
