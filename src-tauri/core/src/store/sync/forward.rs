//! A record written after a merge without replaying its whole history, when that gives what
//! `replay` would (`fast_forward`: received edits each made on a field's current op that stood
//! alone; `stands_alone`: a local edit of such fields, which needs no replay either), so that
//! a merge or an edit costs what arrived, not the record's history (issue 16: a record edited
//! all day by one adviser and received by fifty). Debug builds, so every test, check each such
//! record against the whole replay (`check_unreplayed`).

use super::apply::{to_value, Ctx};
use super::replay::{broken_times, read_row, timed};
#[cfg(debug_assertions)]
use super::rules;
use super::{conflicts, heads, history};
use crate::error::Result;
use crate::store::writer::same;
use crate::store::Writer;
use crate::sync::clock::Hlc;
use crate::sync::op::{Op, OpKind};
use rusqlite::params;
use rusqlite::types::Value;
#[cfg(debug_assertions)]
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashSet};

/// An op received for a record, as the merge logged it (scrubbed if it named someone erased).
pub(crate) struct Received {
    /// Its global id `replica/seq/index`.
    pub id: String,
    pub replica: String,
    pub seq: i64,
    /// Its change set's clock reading.
    pub hlc: Hlc,
    pub scrubbed: bool,
    pub op: Op,
}

/// The received ops of a record written without replaying its history, when that gives what
/// `replay` would: each is an edit of a field (a value, not a NULL) made on the field's current
/// op, which stood alone (`sync_heads.sole`: no concurrent edit beside it), on a record here
/// that was never deleted (no deletion logged) and holds no conflict (open or settled); not
/// of its times if they are checked, and those do not end before they start; nothing of the
/// same replicas on the record came after them. Then each field's last edit is its only op
/// left standing (it was made on the one before), wins and raises no conflict; its order key
/// is the later of its clock and just after its base's (`history::order_keys`); the record's
/// other fields, its life and its links are as they were. None: the record is replayed
/// whole. Returns the ops in effect (applied).
pub(super) fn fast_forward(
    w: &mut Writer<'_>,
    ctx: &mut Ctx,
    entity: &str,
    id: &str,
    received: &[Received],
) -> Result<Option<HashSet<String>>> {
    let times = timed(entity);
    let moves = |r: &Received| times.is_some_and(|(s, e)| r.op.field == s || r.op.field == e);
    if received.is_empty() || received.iter().any(moves) {
        return Ok(None);
    }
    let Some(table) = ctx.tables.get(w.conn(), entity)? else {
        return Ok(None);
    };
    let Some(key) = table.key.clone() else {
        return Ok(None);
    };
    let plain = |r: &Received| {
        r.op.kind == OpKind::Set
            && !r.scrubbed
            && !r.op.value.is_null()
            && r.op.base_op.is_some()
            && r.op.field != key
            && r.op.field != "created_at"
            && r.op.field != "updated_at"
            && table.columns.contains(&r.op.field)
    };
    if !received.iter().all(plain) {
        return Ok(None);
    }
    let conn = w.conn();
    if heads::get(conn, entity, id, "*")?.is_some() || conflicts::any_of(conn, entity, id)? {
        return Ok(None);
    }
    // Each field's current op as the received ones follow one another.
    let mut current: BTreeMap<&str, (String, Hlc, &Received)> = BTreeMap::new();
    for r in received {
        let field = r.op.field.as_str();
        let (head, head_key) = match current.get(field) {
            Some((op, k, _)) => (op.clone(), *k),
            None => match heads::sole(conn, entity, id, field)? {
                Some(found) => found,
                None => return Ok(None),
            },
        };
        if r.op.base_op.as_deref() != Some(head.as_str()) {
            return Ok(None);
        }
        let k = r.hlc.max(head_key.after());
        current.insert(field, (r.id.clone(), k, r));
    }
    // Nothing of these replicas on the record after the first op received of each (an op of
    // its replica that came later would stand over it).
    let mut first: BTreeMap<&str, i64> = BTreeMap::new();
    for r in received {
        let s = first.entry(r.replica.as_str()).or_insert(r.seq);
        *s = (*s).min(r.seq);
    }
    for (replica, seq) in first {
        let ours = received
            .iter()
            .filter(|r| r.replica == replica && r.seq > seq)
            .count();
        if history::ops_after(conn, entity, id, replica, seq)? != ours {
            return Ok(None);
        }
    }
    let Some(row) = read_row(w, entity, &key, id)? else {
        return Ok(None);
    };
    if times.is_some_and(|(s, e)| broken_times(entity, row.get(s), row.get(e))) {
        return Ok(None);
    }
    let mut changed = false;
    let mut effective = HashSet::new();
    for (field, (op, k, r)) in current {
        let value = to_value(&r.op.value);
        if !same(row.get(field).unwrap_or(&Value::Null), &value) {
            w.put_field(entity, &key, id, field, &value)?;
            changed = true;
        }
        heads::put(w.conn(), entity, id, field, &op, k, false, true)?;
        effective.insert(op);
    }
    if changed {
        w.note_touched(entity, id);
        ctx.touched.insert((entity.to_owned(), id.to_owned()));
    }
    Ok(Some(effective))
}

/// A record as the merge leaves it: its values, its current ops (field, op, key, weak) and
/// the fields whose current op stands alone, its conflicts.
#[cfg(debug_assertions)]
type RecordState = (
    Option<Json>,
    Vec<(String, String, String, bool)>,
    Vec<String>,
    Vec<Vec<Value>>,
);

#[cfg(debug_assertions)]
fn record_state(w: &Writer<'_>, entity: &str, id: &str) -> Result<RecordState> {
    let conn = w.conn();
    let key = table_key(conn, entity)?;
    let row = match &key {
        Some(key) => rules::row_json(w, entity, key, id)?,
        None => None,
    };
    let heads: Vec<(String, String, String, bool, bool)> = conn
        .prepare(
            "SELECT field, op, hlc, weak, sole FROM sync_heads
             WHERE entity = ?1 AND entity_id = ?2 ORDER BY field",
        )?
        .query_map([entity, id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let conflicts: Vec<Vec<Value>> = conn
        .prepare(
            "SELECT id, reason, field, state, base, op_a, value_a, hlc_a, op_b, value_b, hlc_b
             FROM sync_conflicts WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
        )?
        .query_map([entity, id], |r| (0..11).map(|i| r.get(i)).collect())?
        .collect::<rusqlite::Result<_>>()?;
    let sole = heads.iter().filter(|h| h.4).map(|h| h.0.clone()).collect();
    let heads = heads
        .into_iter()
        .map(|(f, o, k, w, _)| (f, o, k, w))
        .collect();
    Ok((row, heads, sole, conflicts))
}

/// The key column of `entity`'s table (None: not a table of records).
fn table_key(conn: &rusqlite::Connection, entity: &str) -> Result<Option<String>> {
    Ok(super::schema::Tables::default()
        .get(conn, entity)?
        .and_then(|t| t.key.clone()))
}

/// Debug builds (every test) check that a record written without its replay (`fast_forward`,
/// a local edit that stood alone) is what the whole replay writes: the same values, current
/// ops and conflicts, every field said to stand alone found so by the replay, and the same
/// received ops in effect.
#[cfg(debug_assertions)]
pub(super) fn check_unreplayed(
    w: &mut Writer<'_>,
    entity: &str,
    id: &str,
    effective: Option<(&HashSet<String>, &[Received])>,
) -> Result<()> {
    let mut ctx = Ctx {
        tables: super::schema::Tables::default(),
        touched: HashSet::new(),
        report: Default::default(),
    };
    let (row, heads, sole, conflicts) = record_state(w, entity, id)?;
    let mut pending = Vec::new();
    let replayed = super::replay::replay(w, &mut ctx, entity, id, &mut pending)?;
    let after = record_state(w, entity, id)?;
    assert!(pending.is_empty(), "{entity} {id}: a deletion pending");
    assert_eq!(
        (&row, &heads, &conflicts),
        (&after.0, &after.1, &after.3),
        "{entity} {id}: written without its replay, not as the replay writes it"
    );
    for field in &sole {
        assert!(
            after.2.contains(field),
            "{entity} {id}: {field} said to stand alone"
        );
    }
    if let Some((fast, received)) = effective {
        for r in received {
            assert_eq!(
                fast.contains(&r.id),
                replayed.contains(&r.id),
                "{entity} {id}: {}",
                r.id
            );
        }
    }
    Ok(())
}

/// Whether this write only set values on fields of record `id` whose current op stood alone
/// (`edited_beside_others`), not its times if they are checked, on a record never deleted,
/// with no conflict and whose times, if checked, do not end before they start.
pub(super) fn stands_alone(w: &Writer<'_>, entity: &str, id: &str) -> Result<bool> {
    let conn = w.conn();
    let set = w.change_set_id();
    let on_alone_heads: bool = conn
        .prepare_cached(
            "SELECT NOT EXISTS (SELECT 1 FROM change_log l LEFT JOIN sync_heads h
                   ON h.entity = l.entity AND h.entity_id = l.entity_id AND h.field = l.field
                 WHERE l.change_set_id = ?1 AND l.entity = ?2 AND l.entity_id = ?3
                   AND (l.kind <> 'set' OR ifnull(l.after, 'null') = 'null'
                        OR ifnull(h.sole, 0) = 0))
               AND NOT EXISTS (SELECT 1 FROM sync_heads
                 WHERE entity = ?2 AND entity_id = ?3 AND field = '*')",
        )?
        .query_row(params![set, entity, id], |r| r.get(0))?;
    if !on_alone_heads || conflicts::any_of(conn, entity, id)? {
        return Ok(false);
    }
    let Some((start, end)) = timed(entity) else {
        return Ok(true);
    };
    let moved: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM change_log WHERE change_set_id = ?1 AND entity = ?2
               AND entity_id = ?3 AND field IN (?4, ?5))",
        )?
        .query_row(params![set, entity, id, start, end], |r| r.get(0))?;
    let key = table_key(conn, entity)?.unwrap_or_else(|| "id".into());
    let (s, e) = (
        super::apply::current(w, entity, &key, id, start)?,
        super::apply::current(w, entity, &key, id, end)?,
    );
    Ok(!moved && !broken_times(entity, s.as_ref(), e.as_ref()))
}
