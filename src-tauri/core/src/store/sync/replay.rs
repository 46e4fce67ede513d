//! A record written again from all its ops after a merge: its life (`records`), each field's
//! value, its link elements, its current ops and its conflicts, decided from the ops alone
//! (`history` orders them), so that copies holding the same ops hold the same record and the
//! same open conflicts whatever order the ops arrived in. Ops on a record this copy never had
//! take effect when the record arrives (its creation brings them all).
//!
//! - A field: see `fields` (its winner, and the conflicts of its concurrent losers).
//! - A link element: present if an add of the current life is keyed after every op a removal
//!   was made on (add wins over a concurrent removal).

use super::apply::{to_value, Ctx};
use super::conflicts::{self, Raised};
use super::fields::{complete_groups, field_winner, Derived};
use super::history::{self, Kind, RecOp};
use super::records::{self, Life};
use super::{forward, heads, links, rules};
use crate::error::Result;
use crate::store::writer::{element_key, same};
use crate::store::Writer;
use crate::sync::clock::Hlc;
use crate::sync::merge;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde_json::{json, Map, Value as Json};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A record a deletion went through for while it is still here: dropped once nothing uses it.
pub(super) struct Pending {
    pub entity: String,
    pub id: String,
    pub deletion: String,
}

/// The reasons of the conflicts a replay derives (the others are raised by `rules`).
pub(super) const DERIVED: &[&str] = &[
    "sync.bothChanged",
    "sync.skew",
    "sync.editDeleted",
    "sync.endBeforeStart",
];

/// The records whose times a merge checks (`end_before_start`): table, start, end.
pub(super) const TIMED: &[(&str, &str, &str)] = &[
    ("agenda_items", "starts_at", "ends_at"),
    ("availabilities", "starts_at", "ends_at"),
    ("missions", "start_date", "end_date"),
    ("stays", "check_in", "check_out"),
];

/// The start and end columns of `entity` if a merge checks its times.
pub(super) fn timed(entity: &str) -> Option<(&'static str, &'static str)> {
    TIMED
        .iter()
        .find(|(t, _, _)| *t == entity)
        .map(|(_, s, e)| (*s, *e))
}

/// Whether times `s` to `e` of `entity` end before they start (a mission may last one day).
fn ends_before_start(entity: &str, s: &str, e: &str) -> bool {
    if entity == "missions" {
        e < s
    } else {
        e <= s
    }
}

/// Whether a record's times as they are here end before they start.
pub(super) fn broken_times(entity: &str, start: Option<&Value>, end: Option<&Value>) -> bool {
    match (start, end) {
        (Some(Value::Text(s)), Some(Value::Text(e))) => ends_before_start(entity, s, e),
        _ => false,
    }
}

/// Writes record `id` of `entity` again from its ops; returns the ops in effect (applied).
pub(super) fn replay(
    w: &mut Writer<'_>,
    ctx: &mut Ctx,
    entity: &str,
    id: &str,
    pending: &mut Vec<Pending>,
) -> Result<HashSet<String>> {
    let mut effective = HashSet::new();
    let Some(table) = ctx.tables.get(w.conn(), entity)?.cloned() else {
        return Ok(effective);
    };
    let Some(key) = table.key.clone() else {
        return Ok(effective);
    };
    let ops = history::load(w, entity, id)?;
    if ops.is_empty() {
        return Ok(effective);
    }
    let personal = crate::store::privacy::SCRUBBED_WHEN_DELETED.contains(&entity);
    let life = records::lifecycle(&ops, personal);
    let row = read_row(w, entity, &key, id)?;
    let mut derived: BTreeMap<String, Derived> = BTreeMap::new();
    let mut keep: Vec<String> = Vec::new();

    // Each field's winner among the ops of the current life.
    let mut winners: BTreeMap<String, (&RecOp, Value)> = BTreeMap::new();
    let mut sole: HashSet<String> = HashSet::new();
    if life.life != Life::Gone {
        for column in &table.columns {
            if *column == key || column == "created_at" || column == "updated_at" {
                continue;
            }
            field_winner(
                entity,
                id,
                column,
                &table,
                &ops,
                &life,
                &mut winners,
                &mut derived,
                &mut sole,
            );
        }
        complete_groups(entity, &winners, &mut derived);
    }
    let mut changed = false;
    let exists = match (life.life, &row) {
        (Life::Gone, Some(_)) => {
            if let Some(d) = life.deletion {
                pending.push(Pending {
                    entity: entity.to_owned(),
                    id: id.to_owned(),
                    deletion: d.id.clone(),
                });
                keep.push(merge::conflict_id(&d.id, "deleted"));
            }
            false
        }
        (Life::Gone, None) | (Life::Unknown, None) => false,
        (_, Some(current)) => {
            for (column, (_, value)) in &winners {
                let here = current.get(column).cloned().unwrap_or(Value::Null);
                if !same(&here, value) {
                    w.put_field(entity, &key, id, column, value)?;
                    changed = true;
                }
            }
            true
        }
        (Life::Exists, None) => {
            let inserted = insert(w, ctx, entity, &key, id, &table, &ops, &life, &winners)?;
            changed |= inserted;
            inserted
        }
    };
    if exists {
        for (op, _) in winners.values() {
            effective.insert(op.id.clone());
        }
        for c in ops
            .iter()
            .filter(|o| o.kind == Kind::Create && life.live(o))
        {
            effective.insert(c.id.clone());
        }
        changed |= elements(w, entity, id, &ops, &life, &mut effective)?;
        for d in &life.defeated {
            derived.insert(
                merge::conflict_id(&d.id, "deleted"),
                Derived {
                    reason: "sync.editDeleted",
                    field: "*".into(),
                    base: Json::Null,
                    // The side in place is the record kept; the deletion waits.
                    a: (String::new(), json!("kept"), d.key),
                    b: (d.id.clone(), json!("deleted"), d.key),
                    lost_in: None,
                },
            );
        }
        end_before_start(w, entity, &key, id, &winners, &mut derived)?;
    } else if life.life == Life::Gone && row.is_none() {
        if let Some(d) = life.deletion {
            effective.insert(d.id.clone());
        }
    }
    write_heads(w, entity, id, &ops, &life, &winners, &sole)?;
    keep.extend(derived.keys().cloned());
    conflicts::prune(w, entity, id, DERIVED, &keep)?;
    for (cid, d) in &derived {
        conflicts::raise(
            w,
            ctx,
            Raised {
                id: cid.clone(),
                reason: d.reason,
                entity,
                entity_id: id,
                field: &d.field,
                base: &d.base,
                a: (&d.a.0, &d.a.1, d.a.2),
                b: (&d.b.0, &d.b.1, d.b.2),
            },
        )?;
    }
    if changed {
        w.note_touched(entity, id);
        ctx.touched.insert((entity.to_owned(), id.to_owned()));
    }
    Ok(effective)
}

/// A record that exists by its ops but not here: inserted from its fields' winners, over the
/// values its tombstone kept (fields no op of its current life wrote). Returns false for a
/// record this copy never had and whose creation it has not received yet.
#[allow(clippy::too_many_arguments)]
fn insert(
    w: &mut Writer<'_>,
    ctx: &mut Ctx,
    entity: &str,
    key: &str,
    id: &str,
    table: &super::schema::Table,
    ops: &[RecOp],
    life: &records::Lifecycle<'_>,
    winners: &BTreeMap<String, (&RecOp, Value)>,
) -> Result<bool> {
    let first = ops
        .iter()
        .filter(|o| o.kind == Kind::Create && life.live(o))
        .min_by(|a, b| a.order().cmp(&b.order()));
    let buried: Option<Map<String, Json>> = heads::tombstone(w.conn(), entity, id)?
        .and_then(|(_, data)| serde_json::from_str(&data).ok());
    if first.is_none() && buried.is_none() {
        return Ok(false);
    }
    let mut fields: BTreeMap<String, Value> = BTreeMap::new();
    for (c, v) in buried.iter().flatten() {
        if table.columns.iter().any(|k| k == c) {
            fields.insert(c.clone(), to_value(v));
        }
    }
    for (c, (_, v)) in winners {
        fields.insert(c.clone(), v.clone());
    }
    let at = match (first, buried.as_ref().and_then(|b| b.get("created_at"))) {
        (_, Some(Json::String(at))) => at.clone(),
        (Some(c), _) => crate::time::format_utc(
            chrono::DateTime::from_timestamp_millis(c.key.ms).unwrap_or_default(),
        ),
        _ => "1970-01-01T00:00:00Z".into(),
    };
    let fields: Vec<(String, Value)> = fields.into_iter().collect();
    rules::put_row_unique(
        w,
        ctx,
        entity,
        key,
        id,
        &fields,
        table.timestamps.then_some(at.as_str()),
    )
}

/// A link set's elements again from their add and remove ops: an element is present if its
/// latest add came after every remove that saw one. In a set whose rows carry a value beside
/// their key (a travel time's minutes between two sites), two copies adding the same key with
/// other values concurrently both present one row: the latest add (in the order every copy
/// agrees on) is kept, whatever order the ops arrived in.
fn elements(
    w: &mut Writer<'_>,
    entity: &str,
    id: &str,
    ops: &[RecOp],
    life: &records::Lifecycle<'_>,
    effective: &mut HashSet<String>,
) -> Result<bool> {
    let keys: HashMap<&str, Hlc> = ops.iter().map(|o| (o.id.as_str(), o.key)).collect();
    let mut by_element: BTreeMap<(&str, String), Vec<&RecOp>> = BTreeMap::new();
    for op in ops
        .iter()
        .filter(|o| matches!(o.kind, Kind::Add | Kind::Remove) && life.live(o))
    {
        by_element
            .entry((op.field.as_str(), op.value.to_string()))
            .or_default()
            .push(op);
    }
    struct Decided<'a> {
        link: &'static crate::store::Link,
        row: Vec<Value>,
        present: bool,
        last: Option<&'a RecOp>,
        latest_add: Option<&'a RecOp>,
    }
    let mut decided: Vec<Decided<'_>> = Vec::new();
    for ((field, _), element_ops) in by_element {
        let Some(link) = links::of_field(entity, field) else {
            continue;
        };
        let latest_add = element_ops
            .iter()
            .filter(|o| o.kind == Kind::Add)
            .max_by(|a, b| a.order().cmp(&b.order()))
            .copied();
        let removed_up_to = element_ops
            .iter()
            .filter(|o| o.kind == Kind::Remove)
            .filter_map(|o| o.base.as_deref().and_then(|b| keys.get(b)).copied())
            .max();
        let present = match (latest_add.map(|o| o.key), removed_up_to) {
            (Some(a), Some(r)) => a > r,
            (Some(_), None) => true,
            (None, _) => false,
        };
        let last = element_ops
            .iter()
            .max_by(|a, b| a.order().cmp(&b.order()))
            .copied();
        let row: Vec<Value> = match &element_ops[0].value {
            Json::Array(cols) if link.value_columns.len() > 1 => {
                cols.iter().map(to_value).collect()
            }
            single => vec![to_value(single)],
        };
        if row.len() != link.value_columns.len() {
            continue;
        }
        decided.push(Decided {
            link,
            row,
            present,
            last,
            latest_add,
        });
    }
    // One row per key: of the present elements sharing a key, the latest add stays.
    let mut slot_winner: HashMap<(&str, Vec<String>), usize> = HashMap::new();
    let mut key_columns: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, d) in decided.iter().enumerate().filter(|(_, d)| d.present) {
        if !key_columns.contains_key(d.link.table) {
            key_columns.insert(d.link.table, w.link_key_columns(d.link)?);
        }
        let positions = &key_columns[d.link.table];
        if positions.len() == d.link.value_columns.len() {
            continue;
        }
        let slot = (
            d.link.field,
            positions
                .iter()
                .map(|&p| format!("{:?}", d.row[p]))
                .collect(),
        );
        match slot_winner.get(&slot) {
            Some(&j)
                if decided[j].latest_add.map(RecOp::order) >= d.latest_add.map(RecOp::order) => {}
            _ => {
                slot_winner.insert(slot, i);
            }
        }
    }
    let winners: HashSet<usize> = slot_winner.values().copied().collect();
    for (i, d) in decided.iter_mut().enumerate() {
        let positions = key_columns.get(d.link.table);
        if d.present
            && positions.is_some_and(|p| p.len() != d.link.value_columns.len())
            && !winners.contains(&i)
        {
            d.present = false;
        }
    }
    let mut changed = false;
    // Removals first, so that a key's kept row is not taken for one to remove.
    for d in decided.iter().filter(|d| !d.present) {
        changed |= w.drop_link(d.link, id, &d.row)?;
    }
    for d in decided.iter().filter(|d| d.present) {
        changed |= match key_columns.get(d.link.table) {
            Some(p) if p.len() != d.link.value_columns.len() => {
                w.put_link_over(d.link, id, &d.row, p)?
            }
            _ => w.put_link(d.link, id, &d.row)?,
        };
    }
    for d in &decided {
        if let Some(last) = d.last {
            if (last.kind == Kind::Add) == d.present {
                effective.insert(last.id.clone());
            }
        }
    }
    Ok(changed)
}

/// An item (or availability, mission, stay) that ends before it starts once merged.
fn end_before_start(
    w: &Writer<'_>,
    entity: &str,
    key: &str,
    id: &str,
    winners: &BTreeMap<String, (&RecOp, Value)>,
    derived: &mut BTreeMap<String, Derived>,
) -> Result<()> {
    let Some((start, end)) = timed(entity) else {
        return Ok(());
    };
    let (Some(Value::Text(s)), Some(Value::Text(e))) = (
        super::apply::current(w, entity, key, id, start)?,
        super::apply::current(w, entity, key, id, end)?,
    ) else {
        return Ok(());
    };
    if !ends_before_start(entity, &s, &e) {
        return Ok(());
    }
    let side = |f: &str| {
        winners
            .get(f)
            .map_or((String::new(), Hlc::default()), |(o, _)| {
                (o.id.clone(), o.key)
            })
    };
    let ((op_s, hs), (op_e, he)) = (side(start), side(end));
    derived.insert(
        merge::conflict_id(&op_s, &op_e),
        Derived {
            reason: "sync.endBeforeStart",
            field: end.into(),
            base: Json::Null,
            a: (op_s, json!(s), hs),
            b: (op_e, json!(e), he),
            lost_in: None,
        },
    );
    Ok(())
}

/// The record's current ops written again: each field's winner, the creation of its current
/// life, its latest deletion, each link element's latest op.
fn write_heads(
    w: &Writer<'_>,
    entity: &str,
    id: &str,
    ops: &[RecOp],
    life: &records::Lifecycle<'_>,
    winners: &BTreeMap<String, (&RecOp, Value)>,
    sole: &HashSet<String>,
) -> Result<()> {
    let conn = w.conn();
    heads::clear_record(conn, entity, id)?;
    let latest = |pick: &dyn Fn(&RecOp) -> bool| {
        ops.iter()
            .filter(|o| pick(o))
            .max_by(|a, b| a.order().cmp(&b.order()))
    };
    if let Some(d) = latest(&|o| o.kind == Kind::Delete) {
        heads::put(conn, entity, id, "*", &d.id, d.key, false, false)?;
    }
    if life.life == Life::Exists {
        if let Some(c) = latest(&|o| o.kind == Kind::Create && life.live(o)) {
            heads::put(conn, entity, id, "+", &c.id, c.key, false, false)?;
        }
    }
    for (column, (op, _)) in winners {
        let alone = sole.contains(column);
        heads::put(conn, entity, id, column, &op.id, op.key, op.weak, alone)?;
    }
    let mut elements: BTreeMap<String, &RecOp> = BTreeMap::new();
    for op in ops
        .iter()
        .filter(|o| matches!(o.kind, Kind::Add | Kind::Remove))
    {
        let k = element_key(&op.field, &op.value.to_string());
        match elements.get(&k) {
            Some(have) if have.order() >= op.order() => {}
            _ => {
                elements.insert(k, op);
            }
        }
    }
    for (k, op) in elements {
        heads::put(conn, entity, id, &k, &op.id, op.key, false, false)?;
    }
    Ok(())
}

/// A record's columns and values; None if it is not here.
pub(super) fn read_row(
    w: &Writer<'_>,
    table: &str,
    key: &str,
    id: &str,
) -> Result<Option<HashMap<String, Value>>> {
    let mut stmt = w
        .conn()
        .prepare_cached(&format!("SELECT * FROM \"{table}\" WHERE \"{key}\" = ?1"))?;
    let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
    let row: Option<Vec<Value>> = stmt
        .query_row([id], |r| (0..names.len()).map(|i| r.get(i)).collect())
        .optional()?;
    Ok(row.map(|values| names.into_iter().zip(values).collect()))
}

/// After a local write: the records it touched that hold open conflicts are derived again
/// from their ops (a later edit on one side changes what the conflict shows, as a merge
/// would), so that every copy shows the same.
pub(crate) fn refresh(w: &mut Writer<'_>) -> Result<()> {
    let open: Vec<(String, String)> = w
        .conn()
        .prepare_cached(
            "SELECT DISTINCT entity, entity_id FROM sync_conflicts WHERE state = 'open'
             ORDER BY entity, entity_id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut touched: Vec<(String, String)> = open
        .into_iter()
        .filter(|(entity, id)| w.touched_record(entity, id))
        .collect();
    touched.extend(edited_beside_others(w)?);
    touched.sort();
    touched.dedup();
    if touched.is_empty() {
        return Ok(());
    }
    let mut ctx = Ctx {
        tables: super::schema::Tables::default(),
        touched: HashSet::new(),
        report: Default::default(),
    };
    let mut pending = Vec::new();
    for (entity, id) in &touched {
        replay(w, &mut ctx, entity, id, &mut pending)?;
    }
    settle_pending(w, &mut ctx, pending)
}

/// The records this write changed a field of (not those it created: an import's) that hold
/// ops of another copy. A local edit can turn two edits received earlier into a conflict (the
/// later one is no longer the field's last word everywhere), and every copy derives it from
/// the same ops only if this one does too, now. Not when the write only set values on fields
/// whose current op stood alone (`sync_heads.sole`, kept by the edit made on it) of a record
/// never deleted, with no conflict and whose times are not checked: each such edit is then
/// its field's only op left standing, as before it, and a replay would write what is here.
fn edited_beside_others(w: &mut Writer<'_>) -> Result<Vec<(String, String)>> {
    let beside_others: Vec<(String, String)> = w
        .conn()
        .prepare_cached(
            "SELECT DISTINCT l.entity, l.entity_id FROM change_log l
             WHERE l.change_set_id = ?1 AND l.kind = 'set'
               AND NOT EXISTS (SELECT 1 FROM change_log c
                     WHERE c.change_set_id = ?1 AND c.entity = l.entity
                       AND c.entity_id = l.entity_id AND c.kind = 'create')
               AND EXISTS (SELECT 1 FROM change_log o JOIN change_sets s ON s.id = o.change_set_id
                     WHERE o.entity = l.entity AND o.entity_id = l.entity_id
                       AND s.replica <> (SELECT replica FROM change_sets WHERE id = ?1))
             ORDER BY 1, 2",
        )?
        .query_map([w.change_set_id()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut found = Vec::new();
    for (entity, id) in beside_others {
        if forward::stands_alone(w, &entity, &id)? {
            #[cfg(debug_assertions)]
            forward::check_unreplayed(&mut *w, &entity, &id, None)?;
        } else {
            found.push((entity, id));
        }
    }
    Ok(found)
}

/// The records a deletion went through for but that were still here: each dropped once
/// nothing shared uses it (dropping one may free another), the others kept with the
/// deletion's conflict.
pub(super) fn settle_pending(
    w: &mut Writer<'_>,
    ctx: &mut Ctx,
    mut pending: Vec<Pending>,
) -> Result<()> {
    pending.sort_by(|a, b| (&a.entity, &a.id).cmp(&(&b.entity, &b.id)));
    loop {
        let mut left = Vec::new();
        let mut dropped = false;
        for p in pending {
            if rules::used_by_others(w, &p.entity, &p.id)? {
                left.push(p);
                continue;
            }
            let key = ctx
                .tables
                .get(w.conn(), &p.entity)?
                .and_then(|t| t.key.clone())
                .unwrap_or_else(|| "id".into());
            if let Some(values) = rules::row_json(w, &p.entity, &key, &p.id)? {
                heads::bury(w.conn(), &p.entity, &p.id, &p.deletion, &values.to_string())?;
            }
            w.drop_rows(&p.entity, &key, &p.id)?;
            conflicts::prune(w, &p.entity, &p.id, DERIVED, &[])?;
            w.note_touched(&p.entity, &p.id);
            ctx.touched.insert((p.entity.clone(), p.id.clone()));
            dropped = true;
        }
        pending = left;
        if !dropped || pending.is_empty() {
            break;
        }
    }
    for p in pending {
        rules::keep_deleted(w, ctx, &p.entity, &p.id, &p.deletion)?;
    }
    Ok(())
}
