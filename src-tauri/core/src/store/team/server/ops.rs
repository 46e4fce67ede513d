//! Push and pull. A push appends change sets and their ops in one transaction per batch,
//! duplicates ignored by id (`ON CONFLICT DO NOTHING`), so a push cut short or sent twice loses
//! and doubles nothing. A pull reads, per scope, the change sets after its cursor `(tx, sid)`
//! and only those of transactions older than the oldest one still running
//! (`pg_snapshot_xmin`): the sequence gives numbers in the order inserts begin, not the order
//! they commit, and a long transaction that commits late would otherwise be skipped for ever.

use super::refused;
use crate::error::Result;
use crate::sync::clock::Hlc;
use crate::sync::op::{ChangeSet, Op, OpKind, Scope, VersionVector};
use postgres::{Client, IsolationLevel};
use serde_json::Value as Json;

/// Where a pull of one scope stopped: the last change set read, by (transaction, number).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub tx: i64,
    pub sid: i64,
}

/// A change set to push, under the server scope that decides who reads it.
pub struct Outgoing<'a> {
    pub scope: String,
    pub set: &'a ChangeSet,
}

/// Ops per push transaction and change sets per pull page.
const PUSH_BATCH_OPS: usize = 5_000;
const PULL_PAGE: i64 = 2_000;

/// The caller's scopes (`directory`, `mission:<id>`), as the server grants them now.
pub fn scopes(client: &mut Client, server: &str, member: &str) -> Result<Vec<String>> {
    let rows = client
        .query(
            "SELECT scope FROM passerelle.scopes WHERE member = current_user ORDER BY scope",
            &[],
        )
        .map_err(|e| refused(&e, server, member))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Claims `replica` for the caller (its first push); refused (false) when another member's.
pub fn claim(client: &mut Client, server: &str, member: &str, replica: &str) -> Result<bool> {
    let err = |e: postgres::Error| refused(&e, server, member);
    client
        .execute(
            "INSERT INTO passerelle.replicas (replica) VALUES ($1) ON CONFLICT DO NOTHING",
            &[&replica],
        )
        .map_err(err)?;
    let mine = client
        .query_opt(
            "SELECT 1 FROM passerelle.replicas WHERE replica = $1 AND member = current_user",
            &[&replica],
        )
        .map_err(err)?;
    Ok(mine.is_some())
}

/// Which change sets the server holds, of every replica (numbers only).
pub fn held(client: &mut Client, server: &str, member: &str) -> Result<VersionVector> {
    let rows = client
        .query("SELECT replica, first, last FROM passerelle.held()", &[])
        .map_err(|e| refused(&e, server, member))?;
    let mut vv = VersionVector::default();
    for r in &rows {
        let replica: String = r.get(0);
        let (a, b): (i64, i64) = (r.get(1), r.get(2));
        vv.note_range(&replica, a.max(0) as u64, b.max(0) as u64);
    }
    Ok(vv)
}

/// The replicas other members claimed: this copy never pushes their change sets.
pub fn others_replicas(client: &mut Client, server: &str, member: &str) -> Result<Vec<String>> {
    let rows = client
        .query("SELECT passerelle.others_replicas()", &[])
        .map_err(|e| refused(&e, server, member))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Appends `sets` (in batches of about [`PUSH_BATCH_OPS`] ops, each batch one transaction);
/// returns the ops the server did not have.
pub fn push(client: &mut Client, server: &str, member: &str, sets: &[Outgoing<'_>]) -> Result<u64> {
    let err = |e: postgres::Error| refused(&e, server, member);
    let mut inserted = 0u64;
    let mut start = 0;
    while start < sets.len() {
        let mut end = start;
        let mut ops = 0;
        while end < sets.len() && (end == start || ops + sets[end].set.ops.len() <= PUSH_BATCH_OPS)
        {
            ops += sets[end].set.ops.len();
            end += 1;
        }
        let batch = &sets[start..end];
        let mut tx = client.transaction().map_err(err)?;
        let mut c = SetColumns::default();
        let mut o = OpColumns::default();
        for out in batch {
            let s = out.set;
            let seq = i64::try_from(s.seq).unwrap_or(i64::MAX);
            c.replica.push(s.replica.clone());
            c.seq.push(seq);
            c.hlc.push(s.hlc.encode());
            c.label.push(s.label.clone());
            c.scope.push(out.scope.clone());
            c.set_scope.push(match &s.scope {
                Scope::Directory => "directory".to_owned(),
                Scope::Mission(m) => m.clone(),
            });
            for op in &s.ops {
                o.replica.push(s.replica.clone());
                o.seq.push(seq);
                o.idx.push(i32::try_from(op.index).unwrap_or(i32::MAX));
                o.scope.push(out.scope.clone());
                o.entity.push(op.entity.clone());
                o.entity_id.push(op.entity_id.clone());
                o.kind.push(kind_text(op.kind).to_owned());
                o.field.push(op.field.clone());
                o.value.push(op.value.to_string());
                o.base_op.push(op.base_op.clone());
                o.base.push(op.base.to_string());
            }
        }
        tx.execute(
            "INSERT INTO passerelle.change_sets (replica, seq, hlc, label, scope, set_scope)
             SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[],
                                  $6::text[])
             ON CONFLICT DO NOTHING",
            &[&c.replica, &c.seq, &c.hlc, &c.label, &c.scope, &c.set_scope],
        )
        .map_err(err)?;
        inserted += tx
            .execute(
                "INSERT INTO passerelle.ops (replica, seq, idx, scope, entity, entity_id, kind,
                   field, value, base_op, base)
                 SELECT r, s, i, sc, e, eid, k, f, v::jsonb, bo, b::jsonb
                 FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::text[],
                             $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                             $11::text[]) AS t(r, s, i, sc, e, eid, k, f, v, bo, b)
                 ON CONFLICT DO NOTHING",
                &[
                    &o.replica,
                    &o.seq,
                    &o.idx,
                    &o.scope,
                    &o.entity,
                    &o.entity_id,
                    &o.kind,
                    &o.field,
                    &o.value,
                    &o.base_op,
                    &o.base,
                ],
            )
            .map_err(err)?;
        tx.commit().map_err(err)?;
        start = end;
    }
    Ok(inserted)
}

#[derive(Default)]
struct SetColumns {
    replica: Vec<String>,
    seq: Vec<i64>,
    hlc: Vec<String>,
    label: Vec<String>,
    scope: Vec<String>,
    set_scope: Vec<String>,
}

#[derive(Default)]
struct OpColumns {
    replica: Vec<String>,
    seq: Vec<i64>,
    idx: Vec<i32>,
    scope: Vec<String>,
    entity: Vec<String>,
    entity_id: Vec<String>,
    kind: Vec<String>,
    field: Vec<String>,
    value: Vec<String>,
    base_op: Vec<Option<String>>,
    base: Vec<String>,
}

/// What a pull of several scopes read: the change sets of other replicas, and each scope's new
/// cursor.
pub struct Pulled {
    pub sets: Vec<ChangeSet>,
    pub cursors: Vec<(String, Cursor)>,
}

/// Reads, for each `(scope, cursor)`, the change sets after the cursor that transactions older
/// than the oldest running one committed (one snapshot for all scopes and pages), leaving out
/// those of `own` (the caller's replica) but moving the cursor past them.
pub fn pull(
    client: &mut Client,
    server: &str,
    member: &str,
    own: &str,
    scopes: &[(String, Cursor)],
) -> Result<Pulled> {
    let err = |e: postgres::Error| refused(&e, server, member);
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(err)?;
    let horizon: i64 = tx
        .query_one(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
            &[],
        )
        .map_err(err)?
        .get(0);
    let mut out = Pulled {
        sets: Vec::new(),
        cursors: Vec::new(),
    };
    for (scope, start) in scopes {
        let mut cursor = *start;
        loop {
            let rows = tx
                .query(
                    "SELECT c.tx, c.sid, c.replica, c.seq, c.hlc, c.label, c.set_scope,
                            o.idx, o.entity, o.entity_id, o.kind, o.field, o.value::text,
                            o.base_op, o.base::text
                     FROM (SELECT tx, sid, replica, seq, hlc, label, set_scope
                           FROM passerelle.change_sets
                           WHERE scope = $1 AND (tx, sid) > ($2, $3) AND tx < $4
                           ORDER BY tx, sid LIMIT $5) c
                     LEFT JOIN passerelle.ops o
                       ON o.replica = c.replica AND o.seq = c.seq AND c.replica <> $6
                     ORDER BY c.tx, c.sid, o.idx",
                    &[scope, &cursor.tx, &cursor.sid, &horizon, &PULL_PAGE, &own],
                )
                .map_err(err)?;
            let mut sets_in_page = 0i64;
            for row in &rows {
                let at = Cursor {
                    tx: row.get(0),
                    sid: row.get(1),
                };
                let replica: String = row.get(2);
                let new_set = at != cursor;
                if new_set {
                    sets_in_page += 1;
                    cursor = at;
                    if replica != own {
                        let seq: i64 = row.get(3);
                        let set_scope: String = row.get(6);
                        out.sets.push(ChangeSet {
                            replica: replica.clone(),
                            seq: seq.max(0) as u64,
                            hlc: Hlc::decode(row.get::<_, &str>(4)).unwrap_or_default(),
                            label: row.get(5),
                            scope: if set_scope == "directory" {
                                Scope::Directory
                            } else {
                                Scope::Mission(set_scope)
                            },
                            ops: Vec::new(),
                        });
                    }
                }
                let Some(idx) = row.get::<_, Option<i32>>(7) else {
                    continue;
                };
                let Some(set) = out.sets.last_mut() else {
                    continue;
                };
                let Some(kind) = kind_of(row.get(10)) else {
                    continue;
                };
                set.ops.push(Op {
                    index: idx.max(0) as u32,
                    entity: row.get(8),
                    entity_id: row.get(9),
                    kind,
                    field: row.get(11),
                    value: json(row.get(12)),
                    base_op: row.get(13),
                    base: json(row.get(14)),
                });
            }
            if sets_in_page < PULL_PAGE {
                break;
            }
        }
        out.cursors.push((scope.clone(), cursor));
    }
    tx.commit().map_err(err)?;
    // A change set pushed under two scopes (it cannot be: the key is the set) would come twice;
    // and the merge wants each replica's sets in order, which it sorts itself.
    Ok(out)
}

fn json(text: Option<&str>) -> Json {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Json::Null)
}

fn kind_text(kind: OpKind) -> &'static str {
    match kind {
        OpKind::Create => "create",
        OpKind::Set => "set",
        OpKind::Delete => "delete",
        OpKind::Add => "add",
        OpKind::Remove => "remove",
        OpKind::Erase => "erase",
        OpKind::Scrubbed => "scrubbed",
    }
}

fn kind_of(text: &str) -> Option<OpKind> {
    Some(match text {
        "create" => OpKind::Create,
        "set" => OpKind::Set,
        "delete" => OpKind::Delete,
        "add" => OpKind::Add,
        "remove" => OpKind::Remove,
        "erase" => OpKind::Erase,
        "scrubbed" => OpKind::Scrubbed,
        _ => return None,
    })
}

/// Waits up to `timeout` for a push announced by the server (`LISTEN passerelle`); true when
/// one came. The caller listens once per connection with [`listen`].
pub fn wait_for_push(client: &mut Client, timeout: std::time::Duration) -> bool {
    use postgres::fallible_iterator::FallibleIterator;
    let mut n = client.notifications();
    let mut it = n.timeout_iter(timeout);
    matches!(it.next(), Ok(Some(_)))
}

/// Listens for pushes on this connection.
pub fn listen(client: &mut Client, server: &str, member: &str) -> Result<()> {
    client
        .batch_execute("LISTEN passerelle")
        .map_err(|e| refused(&e, server, member))
}
