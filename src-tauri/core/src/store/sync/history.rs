//! A record's ops as the log holds them (its own and received ones alike), each with its order
//! key: the later of its clock and just after its base's key. An edit made on another always
//! sorts after it, even when its replica's clock was held back (`sync::clock::MAX_JUMP_MS`)
//! while the base came from a clock far ahead; the key depends on the ops alone, so every
//! replica orders a record's ops alike, whatever order they arrived in.

use crate::error::Result;
use crate::store::Writer;
use crate::sync::clock::Hlc;
use rusqlite::params;
use serde_json::{Map, Value as Json};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Create,
    Set,
    Delete,
    Add,
    Remove,
    /// An op that named an erased person: no value, only its place in the history (a base).
    Scrubbed,
}

#[derive(Debug, Clone)]
pub(super) struct RecOp {
    /// The global id `replica/seq/index`.
    pub id: String,
    /// The change set's global id `replica/seq` (a group's fields conflict per change set).
    pub set: String,
    pub replica: String,
    /// Its place among its replica's ops (change-set number, index): a replica saw its own
    /// earlier ops.
    pub seq: (i64, i64),
    pub kind: Kind,
    /// A set's column, a link's field, `*` for a creation or deletion.
    pub field: String,
    /// A set's new value, a link element (add, remove), a creation's object of values.
    pub value: Json,
    /// A set's value before (its three-way base's value).
    pub before: Json,
    pub base: Option<String>,
    /// A NULL written by the cascade of a deletion in the same change set.
    pub weak: bool,
    pub key: Hlc,
}

impl RecOp {
    /// The total order every replica agrees on: key, then replica, then op id.
    pub fn order(&self) -> (Hlc, &str, &str) {
        (self.key, &self.replica, &self.id)
    }

    /// Whether this op was made after `other` on the same replica (it saw it).
    pub fn follows(&self, other: &RecOp) -> bool {
        self.replica == other.replica && self.seq > other.seq
    }
}

fn parse(text: Option<&str>) -> Json {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Json::Null)
}

/// Every op of record `id` of `entity` (its fields, link elements, creations and deletions),
/// with their order keys.
pub(super) fn load(w: &Writer<'_>, entity: &str, id: &str) -> Result<Vec<RecOp>> {
    type Row = (
        String,
        i64,
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        i64,
    );
    let rows: Vec<Row> = w
        .conn()
        .prepare_cached(
            "SELECT s.replica, s.seq, ifnull(l.op_index, 0), s.hlc, l.kind, l.field, l.before,
                    l.after, l.base_op, l.data, l.change_set_id
             FROM change_log l JOIN change_sets s ON s.id = l.change_set_id
             WHERE l.entity = ?1 AND l.entity_id = ?2 AND s.replica IS NOT NULL
               AND l.kind IN ('create', 'init', 'set', 'delete', 'add', 'remove', 'scrubbed')
             ORDER BY l.change_set_id, l.op_index",
        )?
        .query_map([entity, id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut ops: Vec<RecOp> = Vec::with_capacity(rows.len());
    // A local creation's fields are its `init` rows (folded into the creation, as they travel).
    let mut inits: HashMap<i64, Map<String, Json>> = HashMap::new();
    let mut creations: HashMap<i64, usize> = HashMap::new();
    for (replica, seq, index, hlc, kind, field, before, after, base, data, set_row) in rows {
        let kind = match kind.as_str() {
            "init" => {
                inits
                    .entry(set_row)
                    .or_default()
                    .insert(field, parse(after.as_deref()));
                continue;
            }
            "create" => Kind::Create,
            "delete" => Kind::Delete,
            "add" => Kind::Add,
            "remove" => Kind::Remove,
            "scrubbed" => Kind::Scrubbed,
            _ => Kind::Set,
        };
        let value = match kind {
            Kind::Create => {
                creations.insert(set_row, ops.len());
                match parse(data.as_deref()) {
                    Json::Object(m) => Json::Object(m),
                    _ => Json::Object(Map::new()),
                }
            }
            Kind::Set | Kind::Add => parse(after.as_deref()),
            Kind::Remove => parse(before.as_deref()),
            Kind::Delete | Kind::Scrubbed => Json::Null,
        };
        let before = if kind == Kind::Set {
            parse(before.as_deref())
        } else {
            Json::Null
        };
        let weak = kind == Kind::Set
            && value.is_null()
            && match before.as_str() {
                Some(target) => deleted_in(w, set_row, target)?,
                None => false,
            };
        ops.push(RecOp {
            id: format!("{replica}/{seq}/{index}"),
            set: format!("{replica}/{seq}"),
            replica,
            seq: (seq, index),
            kind,
            field,
            value,
            before,
            base,
            weak,
            key: Hlc::decode(&hlc).unwrap_or_default(),
        });
    }
    for (set_row, fields) in inits {
        if let Some(Json::Object(values)) = creations.get(&set_row).map(|&i| &mut ops[i].value) {
            values.extend(fields);
        }
    }
    order_keys(&mut ops);
    Ok(ops)
}

/// How many ops of record `id` of `entity` this file holds in change sets of `replica` after
/// number `seq` (read from that replica's change sets: few, usually, as they are its latest).
pub(super) fn ops_after(
    conn: &rusqlite::Connection,
    entity: &str,
    id: &str,
    replica: &str,
    seq: i64,
) -> Result<usize> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM change_sets s CROSS JOIN change_log l
             WHERE s.replica = ?1 AND s.seq > ?2 AND l.change_set_id = s.id
               AND l.entity = ?3 AND l.entity_id = ?4",
        )?
        .query_row(params![replica, seq, entity, id], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// Whether change set `set_row` deletes record `id` (of any table).
fn deleted_in(w: &Writer<'_>, set_row: i64, id: &str) -> Result<bool> {
    Ok(w.conn()
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM change_log
               WHERE change_set_id = ?1 AND kind = 'delete' AND entity_id = ?2)",
        )?
        .query_row(params![set_row, id], |r| r.get(0))?)
}

/// Each op's key becomes the later of its clock and just after its base's key (a base that
/// is not among the ops, or a cycle in a malformed history, counts for nothing).
pub(super) fn order_keys(ops: &mut [RecOp]) {
    let index: HashMap<String, usize> = ops
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.clone(), i))
        .collect();
    let mut done = vec![false; ops.len()];
    for start in 0..ops.len() {
        // The chain of bases not keyed yet, walked down, then keyed from the bottom up.
        let mut chain = vec![start];
        let mut on_chain = std::collections::HashSet::from([start]);
        while let Some(&last) = chain.last() {
            if done[last] {
                break;
            }
            match ops[last].base.as_ref().and_then(|b| index.get(b)) {
                Some(&b) if !done[b] && on_chain.insert(b) => chain.push(b),
                _ => break,
            }
        }
        while let Some(i) = chain.pop() {
            if done[i] {
                continue;
            }
            let base_key = ops[i]
                .base
                .as_ref()
                .and_then(|b| index.get(b))
                .filter(|&&b| done[b])
                .map(|&b| ops[b].key);
            if let Some(k) = base_key {
                ops[i].key = ops[i].key.max(k.after());
            }
            done[i] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(id: &str, ms: i64, base: Option<&str>) -> RecOp {
        RecOp {
            id: id.into(),
            set: id.rsplit_once('/').map_or(id, |(s, _)| s).into(),
            replica: id.split('/').next().unwrap_or("").into(),
            seq: (0, 0),
            kind: Kind::Set,
            field: "title".into(),
            value: Json::Null,
            before: Json::Null,
            base: base.map(str::to_owned),
            weak: false,
            key: Hlc { ms, counter: 0 },
        }
    }

    #[test]
    fn an_edit_sorts_after_its_base_whatever_its_clock_and_the_order() {
        // B's clock a year ahead; A edits on B's op with a clock held back, then again.
        let mut ops = vec![
            op("rep_a/2/0", 20, Some("rep_a/1/0")),
            op("rep_a/1/0", 10, Some("rep_b/1/0")),
            op("rep_b/1/0", 1_000_000, None),
            op("rep_c/1/0", 5, Some("rep_c/1/0")),
        ];
        order_keys(&mut ops);
        assert!(ops[1].key > ops[2].key && ops[0].key > ops[1].key);
        assert_eq!(
            ops[3].key,
            Hlc { ms: 5, counter: 0 },
            "a cycle counts for nothing"
        );
    }
}
