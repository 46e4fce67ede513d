//! The writer's link sets: many-to-many rows owned by a record, changed element by element
//! (each row added or removed is one `add`/`remove` op, so that two copies adding an element
//! concurrently both win).

use super::*;

impl Writer<'_> {
    /// Replaces the rows of `link` owned by `owner_id` with `rows` (each a tuple of the link's
    /// value columns), element by element: each removed row logged as a `remove` op, each new
    /// one as an `add` op. Returns whether anything changed.
    pub fn set_links(&mut self, link: &Link, owner_id: &str, rows: &[Vec<Value>]) -> Result<bool> {
        let old = self.link_rows(link, owner_id)?;
        let key = |r: &Vec<Value>| element_text(r);
        let mut new = rows.to_vec();
        new.sort_by_key(key);
        new.dedup_by_key(|r| key(r));
        let old_keys: std::collections::BTreeSet<String> = old.iter().map(key).collect();
        let new_keys: std::collections::BTreeSet<String> = new.iter().map(key).collect();
        let mut changed = false;
        for row in old.iter().filter(|r| !new_keys.contains(&key(r))) {
            changed |= self.remove_link(link, owner_id, row)?;
        }
        for row in new.iter().filter(|r| !old_keys.contains(&key(r))) {
            changed |= self.add_link(link, owner_id, row)?;
        }
        Ok(changed)
    }

    /// The rows of `link` owned by `owner_id`, in the order of their text.
    fn link_rows(&self, link: &Link, owner_id: &str) -> Result<Vec<Vec<Value>>> {
        let cols = link.value_columns.join(", ");
        let select = format!(
            "SELECT {cols} FROM {} WHERE {} = ?1",
            link.table, link.owner_column
        );
        let mut stmt = self.tx.prepare_cached(&select)?;
        let mut rows: Vec<Vec<Value>> = stmt
            .query_map([owner_id], |row| {
                (0..link.value_columns.len())
                    .map(|i| row.get::<_, Value>(i))
                    .collect()
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.sort_by_key(|r| element_text(r));
        Ok(rows)
    }

    /// Adds one element to a link set, logged as an `add` op. Returns whether it was new.
    pub fn add_link(&mut self, link: &Link, owner_id: &str, row: &[Value]) -> Result<bool> {
        if !self.put_link(link, owner_id, row)? {
            return Ok(false);
        }
        let element = element_text(row);
        self.log_text(
            kind::ADD,
            link.entity,
            owner_id,
            link.field,
            None,
            Some(&element),
            None,
        )?;
        Ok(true)
    }

    /// Removes one element of a link set, logged as a `remove` op. Returns whether it was there.
    pub fn remove_link(&mut self, link: &Link, owner_id: &str, row: &[Value]) -> Result<bool> {
        if !self.drop_link(link, owner_id, row)? {
            return Ok(false);
        }
        let element = element_text(row);
        self.log_text(
            kind::REMOVE,
            link.entity,
            owner_id,
            link.field,
            Some(&element),
            None,
            None,
        )?;
        Ok(true)
    }

    /// Inserts a link row without logging it (a received op, logged as received). A row of
    /// the same key with other values (a travel time's minutes) is replaced.
    pub(in crate::store) fn put_link(
        &mut self,
        link: &Link,
        owner_id: &str,
        row: &[Value],
    ) -> Result<bool> {
        if row.len() != link.value_columns.len() {
            return Err(Error::Internal(format!(
                "{} values for the link {}",
                row.len(),
                link.field
            )));
        }
        let placeholders: Vec<String> = (1..=row.len() + 1).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT OR IGNORE INTO {} ({}, {}) VALUES ({})",
            link.table,
            link.owner_column,
            link.value_columns.join(", "),
            placeholders.join(", ")
        );
        let values = std::iter::once(Value::Text(owner_id.to_owned())).chain(row.iter().cloned());
        let n = self
            .tx
            .prepare_cached(&sql)?
            .execute(params_from_iter(values))?;
        Ok(n > 0)
    }

    /// The positions, among `link`'s value columns, of those in its table's key (a travel
    /// time's two sites, not its minutes).
    pub(in crate::store) fn link_key_columns(&self, link: &Link) -> Result<Vec<usize>> {
        let pk: Vec<String> = self
            .tx
            .prepare_cached("SELECT name FROM pragma_table_info(?1) WHERE pk > 0")?
            .query_map([link.table], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(link
            .value_columns
            .iter()
            .enumerate()
            .filter(|(_, c)| pk.iter().any(|k| k == *c))
            .map(|(i, _)| i)
            .collect())
    }

    /// Inserts a link row over the row of the same key with other values (`key`: the
    /// positions of the key among the value columns), without logging it. Returns whether the
    /// table changed.
    pub(in crate::store) fn put_link_over(
        &mut self,
        link: &Link,
        owner_id: &str,
        row: &[Value],
        key: &[usize],
    ) -> Result<bool> {
        let same_key: Vec<String> = key
            .iter()
            .enumerate()
            .map(|(i, &p)| format!(" AND {} IS ?{}", link.value_columns[p], i + 2))
            .collect();
        let select = format!(
            "SELECT {} FROM {} WHERE {} = ?1{}",
            link.value_columns.join(", "),
            link.table,
            link.owner_column,
            same_key.concat()
        );
        let values = || {
            std::iter::once(Value::Text(owner_id.to_owned()))
                .chain(key.iter().map(|&p| row[p].clone()))
        };
        let existing: Option<Vec<Value>> = self
            .tx
            .prepare_cached(&select)?
            .query_row(params_from_iter(values()), |r| {
                (0..link.value_columns.len()).map(|i| r.get(i)).collect()
            })
            .optional()?;
        match existing {
            Some(found) if found == row => Ok(false),
            Some(found) => {
                self.drop_link(link, owner_id, &found)?;
                self.put_link(link, owner_id, row)
            }
            None => self.put_link(link, owner_id, row),
        }
    }

    /// Deletes a link row without logging it (see [`Writer::put_link`]).
    pub(in crate::store) fn drop_link(
        &mut self,
        link: &Link,
        owner_id: &str,
        row: &[Value],
    ) -> Result<bool> {
        let conditions: Vec<String> = link
            .value_columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!(" AND {c} IS ?{}", i + 2))
            .collect();
        let sql = format!(
            "DELETE FROM {} WHERE {} = ?1{}",
            link.table,
            link.owner_column,
            conditions.concat()
        );
        let values = std::iter::once(Value::Text(owner_id.to_owned())).chain(row.iter().cloned());
        let n = self
            .tx
            .prepare_cached(&sql)?
            .execute(params_from_iter(values))?;
        Ok(n > 0)
    }

    /// Moves the references `column` of the link set `link` from record `from` to `to` (a
    /// merge of duplicates) as element ops, so that they merge like any link change: the owner
    /// moved (the duplicate's elements removed from it and added to the kept record), or an
    /// element's value moved (removed, then added with `to` in its place). An element the
    /// kept record already has is only removed. Returns how many elements moved.
    pub(super) fn repoint_link(
        &mut self,
        link: &Link,
        column: &str,
        from: &str,
        to: &str,
    ) -> Result<usize> {
        let mut moved = 0;
        if column == link.owner_column {
            for row in self.link_rows(link, from)? {
                self.remove_link(link, from, &row)?;
                if self.add_link(link, to, &row)? {
                    moved += 1;
                }
            }
            return Ok(moved);
        }
        let Some(at) = link.value_columns.iter().position(|c| *c == column) else {
            return Err(Error::Internal(format!(
                "{column} is not a column of the link {}",
                link.field
            )));
        };
        let cols = link.value_columns.join(", ");
        let owners: Vec<(String, Vec<Value>)> = self
            .tx
            .prepare(&format!(
                "SELECT {}, {cols} FROM {} WHERE {column} = ?1",
                link.owner_column, link.table
            ))?
            .query_map([from], |r| {
                let owner: String = r.get(0)?;
                let row = (1..=link.value_columns.len())
                    .map(|i| r.get::<_, Value>(i))
                    .collect::<rusqlite::Result<_>>()?;
                Ok((owner, row))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (owner, row) in owners {
            self.remove_link(link, &owner, &row)?;
            let mut moved_row = row;
            moved_row[at] = Value::Text(to.to_owned());
            if self.add_link(link, &owner, &moved_row)? {
                moved += 1;
            }
        }
        Ok(moved)
    }
}
