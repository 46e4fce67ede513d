//! Applying a received op that creates or deletes a whole record: the same record created on
//! two copies merges field by field (the later creation wins), a delete leaves a tombstone,
//! and an edit against a delete keeps the record.

use super::apply::{current, to_value, Ctx, Done};
use super::schema::Table;
use super::{heads, rules};
use crate::error::Result;
use crate::store::writer::{op_id, same};
use crate::store::Writer;
use crate::sync::clock::Hlc;
use crate::sync::merge::{self, Change};
use crate::sync::op::Op;
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};
use serde_json::Value as Json;

pub(super) fn apply_create(
    w: &mut Writer<'_>,
    ctx: &mut Ctx,
    table: &Table,
    op: &Op,
    incoming: Change<'_>,
) -> Result<Done> {
    let hlc = incoming.hlc;
    let Some(key) = table.key.as_deref() else {
        return Ok(Done::Superseded);
    };
    let Json::Object(values) = &op.value else {
        return Ok(Done::Superseded);
    };
    if current(w, &op.entity, key, &op.entity_id, key)?.is_some() {
        return create_again(w, ctx, table, key, op, incoming);
    }
    let fields: Vec<(String, Value)> = values
        .iter()
        .filter(|(c, _)| table.columns.iter().any(|k| k == *c))
        .map(|(c, v)| (c.clone(), to_value(v)))
        .collect();
    let at = table.timestamps.then(|| {
        crate::time::format_utc(chrono::DateTime::from_timestamp_millis(hlc.ms).unwrap_or_default())
    });
    let put = rules::put_row_unique(
        w,
        ctx,
        &op.entity,
        key,
        &op.entity_id,
        &fields,
        at.as_deref(),
    )?;
    if put {
        w.note_touched(&op.entity, &op.entity_id);
        ctx.touched
            .insert((op.entity.clone(), op.entity_id.clone()));
        Ok(Done::Applied)
    } else {
        Ok(Done::Superseded)
    }
}

/// The same record created on two copies (a keyed record, such as a mission's planning
/// settings): field by field, the later creation wins against the creation in place, and a
/// field changed since loses only to a later op.
fn create_again(
    w: &mut Writer<'_>,
    ctx: &mut Ctx,
    table: &Table,
    key: &str,
    op: &Op,
    incoming: Change<'_>,
) -> Result<Done> {
    let Json::Object(values) = &op.value else {
        return Ok(Done::Superseded);
    };
    let Some((first_op, first_hlc)) = winning_create(w, &op.entity, &op.entity_id)? else {
        return Ok(Done::Superseded);
    };
    let first = Change {
        op: &first_op,
        hlc: first_hlc,
        replica: merge::replica_of(&first_op),
        weak: false,
    };
    let mut changed = false;
    for column in &table.columns {
        if column == key || column == "created_at" || column == "updated_at" {
            continue;
        }
        let head = heads::get(w.conn(), &op.entity, &op.entity_id, column)?;
        let here = match &head {
            Some((h, hlc)) => Change {
                op: h,
                hlc: *hlc,
                replica: merge::replica_of(h),
                weak: false,
            },
            None => first,
        };
        if !merge::wins(incoming, here) {
            continue;
        }
        let value = match values.get(column) {
            Some(v) => to_value(v),
            // Left out by that creation: NULL, or the schema's default for a required column
            // (both copies keep the one they have, the same default).
            None if table.required.contains(column) => continue,
            None => Value::Null,
        };
        let local = current(w, &op.entity, key, &op.entity_id, column)?.unwrap_or(Value::Null);
        if head.is_some() {
            heads::set(
                w.conn(),
                &op.entity,
                &op.entity_id,
                column,
                incoming.op,
                incoming.hlc,
            )?;
        }
        if !same(&local, &value) {
            w.put_field(&op.entity, key, &op.entity_id, column, &value)?;
            changed = true;
        }
    }
    if merge::wins(incoming, first) {
        heads::set(
            w.conn(),
            &op.entity,
            &op.entity_id,
            "+",
            incoming.op,
            incoming.hlc,
        )?;
    }
    if !changed {
        return Ok(Done::Superseded);
    }
    w.note_touched(&op.entity, &op.entity_id);
    ctx.touched
        .insert((op.entity.clone(), op.entity_id.clone()));
    Ok(Done::Applied)
}

/// The creation whose values a record holds: the one a merge let win (`+`), else the latest
/// creation logged here.
pub(super) fn winning_create(
    w: &Writer<'_>,
    entity: &str,
    id: &str,
) -> Result<Option<(String, Hlc)>> {
    if let Some(head) = heads::get(w.conn(), entity, id, "+")? {
        return Ok(Some(head));
    }
    let found: Option<(String, i64, i64, String)> = w
        .conn()
        .prepare_cached(
            "SELECT s.replica, s.seq, l.op_index, s.hlc FROM change_log l
             JOIN change_sets s ON s.id = l.change_set_id
             WHERE l.entity = ?1 AND l.entity_id = ?2 AND l.kind = 'create'
             ORDER BY s.hlc DESC LIMIT 1",
        )?
        .query_row([entity, id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    Ok(found.map(|(replica, seq, index, hlc)| {
        (
            op_id(&replica, seq, u32::try_from(index).unwrap_or(0)),
            Hlc::decode(&hlc).unwrap_or_default(),
        )
    }))
}

pub(super) fn apply_delete(
    w: &mut Writer<'_>,
    ctx: &mut Ctx,
    table: &Table,
    op: &Op,
    incoming: Change<'_>,
) -> Result<Done> {
    let Some(key) = table.key.as_deref() else {
        return Ok(Done::Superseded);
    };
    let Some(values) = rules::row_json(w, &op.entity, key, &op.entity_id)? else {
        return Ok(Done::Superseded);
    };
    heads::bury(
        w.conn(),
        &op.entity,
        &op.entity_id,
        incoming.op,
        &values.to_string(),
    )?;
    // Edited here since the deletion's base, or still used here (a reference the deletion's
    // own cascade did not clear): the record stays, the deletion waits for the planner.
    let base_hlc = match op.base_op.as_deref() {
        Some(b) => hlc_of(w, b)?,
        None => None,
    };
    let edited = heads::latest_of(w.conn(), &op.entity, &op.entity_id)?.is_some_and(|(h, hlc)| {
        Some(h.as_str()) != op.base_op.as_deref() && base_hlc.is_none_or(|b| hlc > b)
    });
    let used = rules::used_by_others(w, &op.entity, &op.entity_id)?;
    heads::set(
        w.conn(),
        &op.entity,
        &op.entity_id,
        "*",
        incoming.op,
        incoming.hlc,
    )?;
    if edited || used {
        rules::keep_deleted(w, ctx, &op.entity, &op.entity_id, incoming.op)?;
        return Ok(Done::Superseded);
    }
    w.drop_rows(&op.entity, key, &op.entity_id)?;
    w.note_touched(&op.entity, &op.entity_id);
    ctx.touched
        .insert((op.entity.clone(), op.entity_id.clone()));
    Ok(Done::Applied)
}

/// The clock reading of an op held here.
fn hlc_of(w: &Writer<'_>, op: &str) -> Result<Option<Hlc>> {
    let mut parts = op.split('/');
    let (Some(replica), Some(seq)) = (
        parts.next(),
        parts.next().and_then(|s| s.parse::<i64>().ok()),
    ) else {
        return Ok(None);
    };
    let hlc: Option<String> = w
        .conn()
        .prepare_cached("SELECT hlc FROM change_sets WHERE replica = ?1 AND seq = ?2")?
        .query_row(params![replica, seq], |r| r.get(0))
        .optional()?;
    Ok(hlc.and_then(|h| Hlc::decode(&h)))
}
