//! The writer's change log: each op a row of `change_log` with its index, kind and base (the
//! op it was made on), and the field's current op in `sync_heads` under its order key.

use super::*;

impl Writer<'_> {
    pub(super) fn log(
        &mut self,
        kind: &str,
        entity: &str,
        id: &str,
        field: &str,
        before: Option<Json>,
        after: Option<Json>,
    ) -> Result<()> {
        self.log_text(
            kind,
            entity,
            id,
            field,
            before.map(|j| j.to_string()).as_deref(),
            after.map(|j| j.to_string()).as_deref(),
            None,
        )
    }

    /// Logs one op with its before and after already as JSON text: its index, its kind, and
    /// for a change of a field, link element or record, the op it was made on (its base),
    /// after which it becomes that field's current op (`sync_heads`) under its order key: its
    /// clock, or just after its base's key if that is later (a base received from a clock far
    /// ahead), so that every replica orders the two alike (`store::sync::history`).
    #[allow(clippy::too_many_arguments)]
    pub(in crate::store) fn log_text(
        &mut self,
        kind: &str,
        entity: &str,
        id: &str,
        field: &str,
        before: Option<&str>,
        after: Option<&str>,
        data: Option<&str>,
    ) -> Result<()> {
        let index = self.next_op;
        let head_field = match kind {
            kind::ADD | kind::REMOVE => Some(element_key(field, after.or(before).unwrap_or(""))),
            kind::SET => Some(field.to_owned()),
            kind::DELETE => Some("*".to_owned()),
            kind::CREATE => Some("+".to_owned()),
            _ => None,
        };
        use crate::store::sync::heads;
        let conn: &rusqlite::Connection = &self.tx;
        let base: Option<(String, Hlc)> = match (kind, &head_field) {
            // A deletion is made on the latest op of the record it saw.
            (kind::DELETE, _) => heads::latest_of(conn, entity, id)?,
            // A creation after a deletion is made on it (the record re-created).
            (kind::CREATE, _) => heads::get(conn, entity, id, "*")?,
            // A field never set since the record was created is set on its creation.
            (kind::SET, Some(head)) => match heads::get(conn, entity, id, head)? {
                Some(found) => Some(found),
                None => heads::get(conn, entity, id, "+")?,
            },
            (_, Some(head)) => heads::get(conn, entity, id, head)?,
            _ => None,
        };
        let key = base
            .as_ref()
            .map_or(self.hlc, |(_, b)| self.hlc.max(b.after()));
        // Cached: a bulk action (an import) logs hundreds of thousands of rows.
        self.tx
            .prepare_cached(
                "INSERT INTO change_log (change_set_id, entity, entity_id, field, before, after,
                   op_index, kind, base_op, data)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                self.change_set,
                entity,
                id,
                field,
                before,
                after,
                index,
                kind,
                base.map(|(op, _)| op),
                data
            ])?;
        if let Some(head) = head_field {
            let op = op_id(&self.replica, self.seq, index);
            if kind == kind::DELETE {
                // The fields' current ops were the deleted record's: a re-creation starts anew.
                heads::clear_fields(&self.tx, entity, id)?;
            }
            heads::set(&self.tx, entity, id, &head, &op, key)?;
        }
        self.next_op += 1;
        self.changes += 1;
        self.touched.note(entity, id);
        Ok(())
    }
}
