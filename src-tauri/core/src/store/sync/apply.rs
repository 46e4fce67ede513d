//! Applying change sets another replica made, in one transaction: every op kept in the log as
//! it was made (so the log is the same on every replica), then each record they touch written
//! again from all its ops (`replay`), so that the result depends on the ops alone, never on
//! the order they arrived in nor on this computer's clock; the records touched announced.
//!
//! Ops on records this file never had (outside the mission it received) are kept in the log
//! and counted as superseded; they take effect when the record arrives. Ops naming a person
//! erased here are kept scrubbed of their values (their place in the history only).

use super::schema::Tables;
use super::{conflicts, forward, replay, replica, rules};
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::store::writer::op_id;
use crate::store::{Store, Writer};
use crate::sync::clock::Hlc;
use crate::sync::merge;
use crate::sync::op::{ApplyReport, ChangeSet, Op, OpKind, Scope, REPLICA_PREFIX};
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashSet};

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

pub(super) struct Ctx {
    pub tables: Tables,
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
        touched: HashSet::new(),
        report: ApplyReport::default(),
    };
    let mut erased = erased_ids(w)?;
    let set_null = super::cascade::set_null_columns(w.conn(), "contacts")?;
    let mut erased_now = false;
    let mut order: Vec<&ChangeSet> = sets.iter().collect();
    order.sort_by(|a, b| (a.hlc, &a.replica, a.seq).cmp(&(b.hlc, &b.replica, b.seq)));
    let mut seen = HashSet::new();
    let mut fresh = Vec::with_capacity(order.len());
    for set in order {
        if !seen.insert((set.replica.as_str(), set.seq)) || held(w, &set.replica, set.seq)? {
            ctx.report.already_known += set.ops.len() as u64;
        } else {
            fresh.push(set);
        }
    }
    // Erasures first: no op of the batch naming the person is kept.
    for set in &fresh {
        for op in set.ops.iter().filter(|o| o.kind == OpKind::Erase) {
            erased.insert(op.entity_id.clone());
        }
    }
    // The records whose ops arrived, and the ops each brought (in the order applied).
    let mut records: BTreeMap<(String, String), Vec<forward::Received>> = BTreeMap::new();
    // A batch bringing an erasure is replayed whole: what it scrubs changes histories.
    let erasing = fresh
        .iter()
        .any(|s| s.ops.iter().any(|o| o.kind == OpKind::Erase));
    for set in fresh {
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
            let scrubbed = scrub(op, &erased, &set_null);
            let was_scrubbed = scrubbed.is_some();
            let op = scrubbed.as_ref().unwrap_or(op);
            log_received(w, change_set, op)?;
            if crate::store::privacy::SCRUBBED_WHEN_DELETED.contains(&op.entity.as_str()) {
                // For the commit's scrub of the personal records deleted (`privacy`), even one
                // this copy never held: its received creation holds values.
                w.note_touched(&op.entity, &op.entity_id);
            }
            match op.kind {
                OpKind::Erase => {
                    if op.entity == "contacts" {
                        // Removed alike on every copy the erasure reaches: nothing to send on.
                        let from = w.next_op_index();
                        if let Some(id) = crate::store::privacy::erase_received(w, &op.entity_id)? {
                            w.note_touched("contacts", &id);
                        }
                        w.unlog_from(from)?;
                    }
                    erased_now = true;
                    ctx.report.applied += 1;
                }
                _ if op.entity == "sync_conflicts" => {
                    if op.kind == OpKind::Set && op.field == "state" && op.value == "settled" {
                        conflicts::settle(w, &op.entity_id)?;
                        ctx.report.applied += 1;
                    } else {
                        ctx.report.superseded += 1;
                    }
                }
                _ => records
                    .entry((op.entity.clone(), op.entity_id.clone()))
                    .or_default()
                    .push(forward::Received {
                        id: op_id(&set.replica, seq, op.index),
                        replica: set.replica.clone(),
                        seq,
                        hlc: set.hlc,
                        scrubbed: was_scrubbed,
                        op: op.clone(),
                    }),
            }
        }
    }
    // Records kept because something used them while their deletion went through: decided
    // again, as what used them may have changed.
    for (entity, id) in kept_records(w)? {
        records.entry((entity, id)).or_default();
    }
    let mut pending = Vec::new();
    for ((entity, id), received) in &records {
        let fast = if erasing {
            None
        } else {
            forward::fast_forward(w, &mut ctx, entity, id, received)?
        };
        let effective = match fast {
            Some(effective) => {
                #[cfg(debug_assertions)]
                forward::check_unreplayed(w, entity, id, Some((&effective, received)))?;
                effective
            }
            None => replay::replay(w, &mut ctx, entity, id, &mut pending)?,
        };
        for op in received.iter().map(|r| &r.id) {
            if effective.contains(op) {
                ctx.report.applied += 1;
            } else {
                ctx.report.superseded += 1;
            }
        }
    }
    replay::settle_pending(w, &mut ctx, pending)?;
    rules::check(w, &mut ctx)?;
    Ok((ctx.report, erased_now))
}

/// The records an open `sync.editDeleted` conflict keeps.
fn kept_records(w: &Writer<'_>) -> Result<Vec<(String, String)>> {
    let mut stmt = w.conn().prepare_cached(
        "SELECT entity, entity_id FROM sync_conflicts
         WHERE state = 'open' AND reason = 'sync.editDeleted'",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
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

/// A received op naming a person erased here, as every copy keeps it once the erasure has
/// reached it (`store::privacy`): a field set to or from the person keeps its op with NULL in
/// their place, and so does the creation of a record naming them only in fields the schema
/// empties when the person goes (`set_null`: a follow-up's person, made on a copy the erasure
/// had not reached: the record is kept without them, as on that copy); any other op naming
/// them is scrubbed of its values, its place in the history kept (id, base, clock), under the
/// person's token if it was on their own record. None: it names no one erased here.
fn scrub(op: &Op, erased: &HashSet<String>, set_null: &[(String, String)]) -> Option<Op> {
    if erased.is_empty() || matches!(op.kind, OpKind::Erase | OpKind::Scrubbed) {
        return None;
    }
    let named = |id: &str| erased.contains(&merge::erasure_token(id));
    let is_named = |j: &Json| j.as_str().is_some_and(named);
    let in_json = |j: &Json| match j {
        Json::String(s) => named(s),
        Json::Array(items) => items.iter().any(|i| i.as_str().is_some_and(named)),
        Json::Object(m) => m.values().any(|v| v.as_str().is_some_and(named)),
        _ => false,
    };
    let own = named(&op.entity_id);
    if let (false, OpKind::Create, Json::Object(fields)) = (own, op.kind, &op.value) {
        let emptied = |(k, v): &(&String, &Json)| {
            is_named(v) && set_null.iter().any(|(t, c)| *t == op.entity && c == *k)
        };
        if fields.iter().any(|f| emptied(&f)) {
            let kept: serde_json::Map<String, Json> = fields
                .iter()
                .filter(|f| !emptied(f))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let value = Json::Object(kept);
            if !in_json(&value) {
                return Some(Op {
                    value,
                    ..op.clone()
                });
            }
        }
    }
    if !own && op.kind == OpKind::Set && (is_named(&op.value) || is_named(&op.base)) {
        let null_if_named = |j: &Json| if is_named(j) { Json::Null } else { j.clone() };
        let (value, base) = (null_if_named(&op.value), null_if_named(&op.base));
        if !in_json(&value) && !in_json(&base) {
            return Some(Op {
                value,
                base,
                ..op.clone()
            });
        }
    }
    (own || in_json(&op.value) || in_json(&op.base)).then(|| Op {
        kind: OpKind::Scrubbed,
        entity_id: if own {
            merge::erasure_token(&op.entity_id)
        } else {
            op.entity_id.clone()
        },
        value: Json::Null,
        base: Json::Null,
        ..op.clone()
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
        OpKind::Scrubbed => ("scrubbed", None, None, None),
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
