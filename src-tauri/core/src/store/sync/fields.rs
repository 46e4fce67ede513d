//! A field's value after a merge, from the ops of the record's current life: the values its
//! creations and sets wrote; one made on another (its base) replaces it, a set made on no base
//! replaces the creations keyed before it, a replica's later op its earlier ones; of those left
//! (made concurrently), a real edit beats a deletion's cascade (a NULL), then the later order
//! key wins (`history::RecOp::order`). A concurrent loser whose value differs is a conflict if
//! the field matters (`merge::CONFLICTING`) or if the winner's clock is more than a day ahead
//! of it (`sync.skew`): one per losing op (per losing change set for a group such as an item's
//! time), so that a later edit on either side, or the settlement's own edit, keeps it the same
//! conflict.

use super::apply::to_value;
use super::history::{Kind, RecOp};
use super::records;
use crate::store::writer::{same, to_json};
use crate::sync::clock::{Hlc, MAX_JUMP_MS};
use crate::sync::merge;
use rusqlite::types::Value;
use serde_json::{json, Value as Json};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A conflict as derived, before it is raised.
pub(super) struct Derived {
    pub reason: &'static str,
    pub field: String,
    pub base: Json,
    pub a: (String, Json, Hlc),
    pub b: (String, Json, Hlc),
    /// A group's losing change set.
    pub lost_in: Option<String>,
}

/// The winner of one field, and the conflicts of its concurrent losers; the field goes into
/// `sole` when its winner is the only op left standing (no concurrent one beside it).
#[allow(clippy::too_many_arguments)]
pub(super) fn field_winner<'o>(
    entity: &str,
    id: &str,
    column: &str,
    table: &super::schema::Table,
    ops: &'o [RecOp],
    life: &records::Lifecycle<'_>,
    winners: &mut BTreeMap<String, (&'o RecOp, Value)>,
    derived: &mut BTreeMap<String, Derived>,
    sole: &mut HashSet<String>,
) {
    let mut candidates: Vec<(&RecOp, Value)> = Vec::new();
    for op in ops.iter().filter(|o| life.live(o)) {
        match op.kind {
            Kind::Create => match op.value.get(column) {
                Some(v) => candidates.push((op, to_value(v))),
                // Left out by that creation: NULL, or the schema's default for a required
                // column (every copy keeps the one it has, the same default).
                None if table.required.iter().any(|c| c == column) => {}
                None => candidates.push((op, Value::Null)),
            },
            Kind::Set if op.field == column => candidates.push((op, to_value(&op.value))),
            _ => {}
        }
    }
    if candidates.is_empty() {
        return;
    }
    let bases: HashSet<&str> = candidates
        .iter()
        .filter(|(o, _)| o.kind == Kind::Set)
        .filter_map(|(o, _)| o.base.as_deref())
        .collect();
    let on_creation = candidates
        .iter()
        .filter(|(o, _)| o.kind == Kind::Set && o.base.is_none())
        .map(|(o, _)| o.key)
        .max();
    // The latest op of each replica: it saw that replica's earlier ones.
    let mut latest: HashMap<&str, &RecOp> = HashMap::new();
    for (o, _) in &candidates {
        match latest.get(o.replica.as_str()) {
            Some(l) if !o.follows(l) => {}
            _ => {
                latest.insert(&o.replica, o);
            }
        }
    }
    let frontier: Vec<&(&RecOp, Value)> = candidates
        .iter()
        .filter(|(o, _)| {
            let made_on = bases.contains(o.id.as_str());
            let created_before = o.kind == Kind::Create && on_creation.is_some_and(|k| k > o.key);
            let followed = latest.get(o.replica.as_str()).is_some_and(|l| l.follows(o));
            !(made_on || created_before || followed)
        })
        .collect();
    let Some(&&(winner, ref value)) = frontier
        .iter()
        .max_by(|(a, _), (b, _)| (!a.weak, a.order()).cmp(&(!b.weak, b.order())))
    else {
        return;
    };
    for &&(loser, ref lost) in &frontier {
        if loser.id == winner.id
            || loser.kind != Kind::Set
            || winner.kind != Kind::Set
            || loser.weak
            || winner.weak
            || same(lost, value)
        {
            continue;
        }
        let matters = merge::conflicting(entity, column);
        let skewed = winner.key.ms.saturating_sub(loser.key.ms) > MAX_JUMP_MS;
        if !matters && !skewed {
            continue;
        }
        let (cid, field) = match merge::group_of(entity, column) {
            Some(g) => (
                merge::conflict_id(&format!("{}|{id}|{g}", loser.set), "lost"),
                g.to_owned(),
            ),
            None => (merge::conflict_id(&loser.id, "lost"), column.to_owned()),
        };
        let grouped = field != column;
        let side = |v: Json| if grouped { json!({ column: v }) } else { v };
        let entry = derived.entry(cid).or_insert_with(|| Derived {
            reason: if matters {
                "sync.bothChanged"
            } else {
                "sync.skew"
            },
            field,
            base: if grouped { json!({}) } else { Json::Null },
            a: (
                winner.id.clone(),
                if grouped { json!({}) } else { Json::Null },
                winner.key,
            ),
            b: (
                loser.id.clone(),
                if grouped { json!({}) } else { Json::Null },
                loser.key,
            ),
            lost_in: grouped.then(|| loser.set.clone()),
        });
        for (slot, v) in [
            (&mut entry.base, side(loser.before.clone())),
            (&mut entry.a.1, side(to_json(value))),
            (&mut entry.b.1, side(to_json(lost))),
        ] {
            match (slot, v) {
                (Json::Object(into), Json::Object(from)) => into.extend(from),
                (slot, v) => *slot = v,
            }
        }
    }
    if frontier.len() == 1 {
        sole.insert(column.to_owned());
    }
    winners.insert(column.to_owned(), (winner, value.clone()));
}

/// A group's conflict holds every field of the group on both sides, so that keeping either
/// side keeps a whole time: a field the losing change set left alone is on its side as it was
/// before the winning change (or as it is, if no other change set set it).
pub(super) fn complete_groups(
    entity: &str,
    winners: &BTreeMap<String, (&RecOp, Value)>,
    derived: &mut BTreeMap<String, Derived>,
) {
    for d in derived.values_mut() {
        let Some(lost_in) = &d.lost_in else { continue };
        let Some((_, _, fields)) = merge::GROUPS
            .iter()
            .find(|(e, g, _)| *e == entity && *g == d.field)
        else {
            continue;
        };
        for f in *fields {
            let Some((op, value)) = winners.get(*f) else {
                continue;
            };
            let (Json::Object(a), Json::Object(b), Json::Object(base)) =
                (&mut d.a.1, &mut d.b.1, &mut d.base)
            else {
                continue;
            };
            if b.contains_key(*f) {
                continue;
            }
            let theirs = if op.kind == Kind::Set && op.set != *lost_in {
                op.before.clone()
            } else {
                to_json(value)
            };
            a.insert((*f).to_owned(), to_json(value));
            b.insert((*f).to_owned(), theirs.clone());
            base.insert((*f).to_owned(), theirs);
        }
    }
}
