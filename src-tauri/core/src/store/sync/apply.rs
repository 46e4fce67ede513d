//! Applying change sets another replica made, in one transaction: each op three-way against
//! the field's current op (`crate::sync::merge` holds the rules), every op kept in the log as
//! it was made (so the log is the same on every replica), the records touched announced.
//!
//! Ops on records this file never had (outside the mission it received, or erased) are kept
//! in the log and counted as superseded; they are not replayed if the record arrives later.

use super::conflicts::{self, Raised};
use super::records::{apply_create, apply_delete, winning_create};
use super::schema::{Table, Tables};
use super::{heads, links, replica, rules};
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::store::writer::{element_key, op_id, same};
use crate::store::{Store, Writer};
use crate::sync::clock::Hlc;
use crate::sync::merge::{self, Change};
use crate::sync::op::{ApplyReport, ChangeSet, Op, OpKind, Scope, REPLICA_PREFIX};
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};
use serde_json::Value as Json;
use std::collections::HashSet;

impl Store {
    /// Applies received change sets in ONE transaction (idempotent by op id, in any order;
    /// duplicates are counted as already known) and announces the records they touched. A
    /// malformed change set refuses the whole batch, changing nothing.
    pub fn apply_change_sets(&self, sets: &[ChangeSet]) -> Result<ApplyReport> {
        let wall = self.now().timestamp_millis();
        let (report, erased) = self.write("action.receiveChanges", |w| {
            w.conn().execute_batch(
                "PRAGMA defer_foreign_keys = ON; PRAGMA ignore_check_constraints = ON",
            )?;
            let result = apply(w, sets, wall);
            w.conn()
                .execute_batch("PRAGMA ignore_check_constraints = OFF")?;
            result
        })?;
        if erased {
            // An erasure arrived: no bytes of the person may stay in free pages or the WAL.
            crate::store::privacy::compact(self)?;
        }
        Ok(report)
    }
}

/// What one op did.
pub(super) enum Done {
    Applied,
    Superseded,
}

pub(super) struct Ctx {
    pub tables: Tables,
    pub wall_ms: i64,
    pub touched: HashSet<(String, String)>,
    pub report: ApplyReport,
}

fn check(set: &ChangeSet) -> Result<()> {
    let bad = |what: &str| {
        Err(Error::Refused(
            Message::new("syncBadChangeSet")
                .with("id", set.id())
                .with("what", what),
        ))
    };
    if !set.replica.starts_with(&format!("{REPLICA_PREFIX}_")) || set.replica.contains('/') {
        return bad("replica");
    }
    if set.seq == 0 || i64::try_from(set.seq).is_err() {
        return bad("seq");
    }
    let mut indexes = HashSet::new();
    for op in &set.ops {
        if !indexes.insert(op.index) {
            return bad("index");
        }
    }
    Ok(())
}

fn apply(w: &mut Writer<'_>, sets: &[ChangeSet], wall_ms: i64) -> Result<(ApplyReport, bool)> {
    for set in sets {
        check(set)?;
    }
    let mut ctx = Ctx {
        tables: Tables::default(),
        wall_ms,
        touched: HashSet::new(),
        report: ApplyReport::default(),
    };
    let mut erased = erased_ids(w)?;
    let mut erased_now = false;
    let mut order: Vec<&ChangeSet> = sets.iter().collect();
    order.sort_by(|a, b| (a.hlc, &a.replica, a.seq).cmp(&(b.hlc, &b.replica, b.seq)));
    let mut seen = HashSet::new();
    for set in order {
        let n = set.ops.len() as u64;
        if !seen.insert((set.replica.as_str(), set.seq)) || held(w, &set.replica, set.seq)? {
            ctx.report.already_known += n;
            continue;
        }
        let (_, last) = replica::read(w.conn())?;
        replica::set_clock(w.conn(), Hlc::receive(last, set.hlc, wall_ms))?;
        let seq = i64::try_from(set.seq).unwrap_or(i64::MAX);
        w.conn()
            .prepare_cached(
                "INSERT INTO change_sets (at, label, replica, seq, hlc, scope)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                crate::time::format_utc(
                    chrono::DateTime::from_timestamp_millis(set.hlc.ms).unwrap_or_default()
                ),
                set.label,
                set.replica,
                seq,
                set.hlc.encode(),
                match &set.scope {
                    Scope::Directory => "directory",
                    Scope::Mission(m) => m.as_str(),
                }
            ])?;
        let change_set = w.conn().last_insert_rowid();
        let mut ops: Vec<&Op> = set.ops.iter().collect();
        ops.sort_by_key(|o| o.index);
        for op in ops {
            let id = op_id(&set.replica, seq, op.index);
            if mentions(op, &erased) {
                ctx.report.superseded += 1;
                continue;
            }
            let done = apply_op(w, &mut ctx, set, op, &id)?;
            if op.kind == OpKind::Erase {
                erased.insert(op.entity_id.clone());
                erased_now = true;
            }
            log_received(w, change_set, op)?;
            match done {
                Done::Applied => ctx.report.applied += 1,
                Done::Superseded => ctx.report.superseded += 1,
            }
        }
    }
    rules::check(w, &mut ctx)?;
    Ok((ctx.report, erased_now))
}

/// Whether change set `seq` of `replica` is here already.
fn held(w: &Writer<'_>, replica: &str, seq: u64) -> Result<bool> {
    Ok(w.conn()
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM change_sets WHERE replica = ?1 AND seq = ?2)",
        )?
        .query_row(
            params![replica, i64::try_from(seq).unwrap_or(i64::MAX)],
            |r| r.get(0),
        )?)
}

/// The tokens of people erased here (`sync::merge::erasure_token`): a later op naming them
/// (from a copy that had not heard of the erasure yet) brings nothing of them back.
fn erased_ids(w: &Writer<'_>) -> Result<HashSet<String>> {
    let mut stmt = w
        .conn()
        .prepare_cached("SELECT entity_id FROM change_log WHERE kind = 'erase'")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn mentions(op: &Op, erased: &HashSet<String>) -> bool {
    if erased.is_empty() || op.kind == OpKind::Erase {
        return false;
    }
    let named = |id: &str| erased.contains(&merge::erasure_token(id));
    let in_json = |j: &Json| match j {
        Json::String(s) => named(s),
        Json::Array(items) => items.iter().any(|i| i.as_str().is_some_and(named)),
        Json::Object(m) => m.values().any(|v| v.as_str().is_some_and(named)),
        _ => false,
    };
    named(&op.entity_id) || in_json(&op.value) || in_json(&op.base)
}

/// A NULL written by the cascade of a deletion in the same change set.
fn is_cascade(set: &ChangeSet, op: &Op) -> bool {
    op.kind == OpKind::Set
        && op.value.is_null()
        && op.base.as_str().is_some_and(|target| {
            set.ops
                .iter()
                .any(|o| o.kind == OpKind::Delete && o.entity_id == target)
        })
}

pub(super) fn to_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or_default()),
        },
        Json::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

/// The current value of a column of a record; None if the record is not here.
pub(super) fn current(
    w: &Writer<'_>,
    table: &str,
    key: &str,
    id: &str,
    column: &str,
) -> Result<Option<Value>> {
    Ok(w.conn()
        .prepare_cached(&format!(
            "SELECT \"{column}\" FROM \"{table}\" WHERE \"{key}\" = ?1"
        ))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

fn apply_op(w: &mut Writer<'_>, ctx: &mut Ctx, set: &ChangeSet, op: &Op, id: &str) -> Result<Done> {
    if op.entity == "sync_conflicts" {
        if op.kind == OpKind::Set && op.field == "state" && op.value == "settled" {
            conflicts::settle(w, &op.entity_id)?;
            return Ok(Done::Applied);
        }
        return Ok(Done::Superseded);
    }
    let Some(table) = ctx.tables.get(w.conn(), &op.entity)?.cloned() else {
        return Ok(Done::Superseded);
    };
    let incoming = Change {
        op: id,
        hlc: set.hlc,
        replica: &set.replica,
        weak: is_cascade(set, op),
    };
    match op.kind {
        OpKind::Set => apply_set(w, ctx, &table, op, incoming),
        OpKind::Create => apply_create(w, ctx, &table, op, incoming),
        OpKind::Delete => apply_delete(w, ctx, &table, op, incoming),
        OpKind::Add | OpKind::Remove => apply_link(w, ctx, op, incoming),
        OpKind::Erase => {
            if op.entity == "contacts" {
                if let Some(id) = crate::store::privacy::erase_received(w, &op.entity_id)? {
                    w.note_touched("contacts", &id);
                }
            }
            Ok(Done::Applied)
        }
    }
}

fn apply_set(
    w: &mut Writer<'_>,
    ctx: &mut Ctx,
    table: &Table,
    op: &Op,
    incoming: Change<'_>,
) -> Result<Done> {
    let Some(key) = table.key.as_deref() else {
        return Ok(Done::Superseded);
    };
    if !table.columns.contains(&op.field) || op.field == *key {
        return Ok(Done::Superseded);
    }
    let value = to_value(&op.value);
    let mut local = current(w, &op.entity, key, &op.entity_id, &op.field)?;
    if local.is_none() {
        // Deleted here while edited there: the record comes back and the deletion waits for
        // the planner; never had: nothing to change.
        if !rules::resurrect(w, ctx, &op.entity, &op.entity_id, Some(incoming.op))? {
            return Ok(Done::Superseded);
        }
        local = current(w, &op.entity, key, &op.entity_id, &op.field)?;
    }
    let local = local.unwrap_or(Value::Null);
    let head = heads::get(w.conn(), &op.entity, &op.entity_id, &op.field)?;
    let sequential = match &head {
        None => true,
        Some((h, _)) => op.base_op.as_deref() == Some(h.as_str()) || merge::follows(incoming.op, h),
    };
    let take = |w: &mut Writer<'_>, ctx: &mut Ctx| -> Result<Done> {
        heads::set(
            w.conn(),
            &op.entity,
            &op.entity_id,
            &op.field,
            incoming.op,
            incoming.hlc,
        )?;
        if incoming.weak {
            heads::weaken(w.conn(), &op.entity, &op.entity_id, &op.field)?;
        }
        if same(&local, &value) {
            return Ok(Done::Superseded);
        }
        w.put_field(&op.entity, key, &op.entity_id, &op.field, &value)?;
        w.note_touched(&op.entity, &op.entity_id);
        ctx.touched
            .insert((op.entity.clone(), op.entity_id.clone()));
        Ok(Done::Applied)
    };
    if head.is_none() {
        // Never changed since created: the change was made on a creation, this one or one
        // made concurrently elsewhere (the same keyed record created on two copies) that the
        // creation in place beat. A change made after seeing the creation is later by clock.
        if let Some((create_op, create_hlc)) = winning_create(w, &op.entity, &op.entity_id)? {
            let create = Change {
                op: &create_op,
                hlc: create_hlc,
                replica: merge::replica_of(&create_op),
                weak: false,
            };
            if !merge::follows(incoming.op, &create_op) && !merge::wins(incoming, create) {
                return Ok(Done::Superseded);
            }
        }
    }
    let Some((head_op, head_hlc)) = head.filter(|_| !sequential) else {
        return take(w, ctx);
    };
    let here = Change {
        op: &head_op,
        hlc: head_hlc,
        replica: merge::replica_of(&head_op),
        weak: heads::is_weak(w.conn(), &op.entity, &op.entity_id, &op.field)?,
    };
    let wins = merge::wins(incoming, here);
    let differ = !same(&local, &value);
    let local_json = crate::store::writer::to_json(&local);
    if differ && !incoming.weak && !here.weak {
        let skewed = wins
            && incoming
                .hlc
                .is_skewed(ctx.wall_ms, merge::SKEW_TOLERANCE_MS);
        if merge::conflicting(&op.entity, &op.field) || skewed {
            let (winner, loser) = if wins {
                (incoming, here)
            } else {
                (here, incoming)
            };
            let (winner_value, loser_value) = if wins {
                (op.value.clone(), local_json)
            } else {
                (local_json, op.value.clone())
            };
            // A group (an item's time) is one conflict per pair of change sets, its sides
            // objects of the group's fields.
            let group = merge::group_of(&op.entity, &op.field);
            let (id, field, base, winner_value, loser_value) = match group {
                Some(g) => {
                    let side =
                        |o: &str| format!("{}|{}|{g}", merge::change_set_of(o), op.entity_id);
                    let one = |v: Json| serde_json::json!({ op.field.as_str(): v });
                    (
                        merge::conflict_id(&side(winner.op), &side(loser.op)),
                        g,
                        one(op.base.clone()),
                        one(winner_value),
                        one(loser_value),
                    )
                }
                None => (
                    merge::conflict_id(winner.op, loser.op),
                    op.field.as_str(),
                    op.base.clone(),
                    winner_value,
                    loser_value,
                ),
            };
            conflicts::raise(
                w,
                ctx,
                Raised {
                    id,
                    reason: if merge::conflicting(&op.entity, &op.field) {
                        "sync.bothChanged"
                    } else {
                        "sync.skew"
                    },
                    entity: &op.entity,
                    entity_id: &op.entity_id,
                    field,
                    base: &base,
                    a: (winner.op, &winner_value, winner.hlc),
                    b: (loser.op, &loser_value, loser.hlc),
                },
            )?;
        }
    }
    if wins {
        take(w, ctx)
    } else {
        Ok(Done::Superseded)
    }
}

fn apply_link(w: &mut Writer<'_>, ctx: &mut Ctx, op: &Op, incoming: Change<'_>) -> Result<Done> {
    let Some(link) = links::of_field(&op.entity, &op.field) else {
        return Ok(Done::Superseded);
    };
    let row: Vec<Value> = match &op.value {
        Json::Array(cols) if link.value_columns.len() > 1 => cols.iter().map(to_value).collect(),
        single => vec![to_value(single)],
    };
    if row.len() != link.value_columns.len() {
        return Ok(Done::Superseded);
    }
    let element = crate::store::writer::element_text(&row);
    let head_field = element_key(&op.field, &element);
    let changed = if op.kind == OpKind::Add {
        // Add wins: an element added concurrently with its removal stays.
        heads::set(
            w.conn(),
            &op.entity,
            &op.entity_id,
            &head_field,
            incoming.op,
            incoming.hlc,
        )?;
        w.put_link(link, &op.entity_id, &row)?
    } else {
        let head = heads::op_of(w.conn(), &op.entity, &op.entity_id, &head_field)?;
        if head.as_deref() != op.base_op.as_deref() {
            return Ok(Done::Superseded);
        }
        heads::set(
            w.conn(),
            &op.entity,
            &op.entity_id,
            &head_field,
            incoming.op,
            incoming.hlc,
        )?;
        w.drop_link(link, &op.entity_id, &row)?
    };
    if !changed {
        return Ok(Done::Superseded);
    }
    w.note_touched(&op.entity, &op.entity_id);
    ctx.touched
        .insert((op.entity.clone(), op.entity_id.clone()));
    Ok(Done::Applied)
}

/// Keeps a received op in the log as it was made.
fn log_received(w: &Writer<'_>, change_set: i64, op: &Op) -> Result<()> {
    let text = |j: &Json| (!j.is_null()).then(|| j.to_string());
    let (kind, before, after, data) = match op.kind {
        OpKind::Create => (
            "create",
            None,
            Some("\"created\"".to_owned()),
            text(&op.value),
        ),
        OpKind::Set => ("set", text(&op.base), Some(op.value.to_string()), None),
        OpKind::Delete => ("delete", Some("\"deleted\"".to_owned()), None, None),
        OpKind::Add => ("add", None, text(&op.value), None),
        OpKind::Remove => ("remove", text(&op.value), None, None),
        OpKind::Erase => ("erase", None, None, None),
    };
    w.conn()
        .prepare_cached(
            "INSERT INTO change_log (change_set_id, entity, entity_id, field, before, after,
               op_index, kind, base_op, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            change_set,
            op.entity,
            op.entity_id,
            op.field,
            before,
            after,
            op.index,
            kind,
            op.base_op,
            data
        ])?;
    Ok(())
}
