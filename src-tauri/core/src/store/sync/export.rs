//! What this file holds (its version vector) and the change sets a peer lacks, as they travel:
//! each change-log row an op, a created record's fields folded into its `create` op.

use crate::error::Result;
use crate::store::Store;
use crate::sync::clock::Hlc;
use crate::sync::op::{ChangeSet, Op, OpKind, Scope, VersionVector};
use rusqlite::Connection;
use serde_json::{Map, Value as Json};
use std::collections::HashSet;

/// The tables of the shared directory (what `Scope::Directory` carries).
pub(crate) const DIRECTORY: &[&str] = &[
    "organisations",
    "departments",
    "contacts",
    "technologies",
    "specialties",
    "distinct_records",
];

/// Tables that never travel: this computer's settings (language, backup folder, window).
const NEVER: &[&str] = &["settings"];

impl Store {
    /// This file's replica id (`rep_…`); a copied data folder took its own at open.
    pub fn replica_id(&self) -> Result<String> {
        self.read(|c| Ok(super::replica::read(c)?.0))
    }

    /// Which change sets this file holds (its own and received ones).
    pub fn held(&self) -> Result<VersionVector> {
        self.read(held)
    }

    /// The change sets in `scope` that `peer_has` does not cover, each replica's in the order
    /// of their numbers (all of them by clock, which respects that order).
    pub fn change_sets_for(
        &self,
        scope: &Scope,
        peer_has: &VersionVector,
    ) -> Result<Vec<ChangeSet>> {
        self.read(|c| change_sets_for(c, scope, peer_has))
    }

    /// [`Store::change_sets_for`] when the caller has just read what this file holds
    /// (`held`, [`Store::held`]): the log's change sets are not counted a second time.
    pub fn change_sets_lacking(
        &self,
        scope: &Scope,
        held: &VersionVector,
        peer_has: &VersionVector,
    ) -> Result<Vec<ChangeSet>> {
        self.read(|c| change_sets_in(c, scope, &held.missing_from(peer_has)))
    }
}

pub(crate) fn held(conn: &Connection) -> Result<VersionVector> {
    // Each replica's first and last numbers and how many there are, counted by SQLite on the
    // index (replica, seq): one range when nothing is missing between them, as usual; the
    // numbers themselves are read only for a replica held with gaps (a mission's file).
    let mut vv = VersionVector::default();
    let spans: Vec<(String, i64, i64, i64)> = conn
        .prepare_cached(
            "SELECT replica, min(seq), max(seq), count(*) FROM change_sets
             WHERE replica IS NOT NULL GROUP BY replica",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut numbers =
        conn.prepare_cached("SELECT seq FROM change_sets WHERE replica = ?1 ORDER BY seq")?;
    for (replica, first, last, count) in spans {
        let as_u64 = |n: i64| u64::try_from(n).unwrap_or(0);
        if last - first + 1 == count {
            vv.note_range(&replica, as_u64(first), as_u64(last));
            continue;
        }
        let mut run: Option<(u64, u64)> = None;
        for seq in numbers.query_map([&replica], |r| r.get::<_, i64>(0))? {
            let seq = as_u64(seq?);
            match &mut run {
                Some((_, to)) if *to + 1 == seq => *to = seq,
                _ => {
                    if let Some((from, to)) = run.take() {
                        vv.note_range(&replica, from, to);
                    }
                    run = Some((seq, seq));
                }
            }
        }
        if let Some((from, to)) = run {
            vv.note_range(&replica, from, to);
        }
    }
    Ok(vv)
}

/// The records of a mission and the directory records it uses, by table.
fn mission_records(conn: &Connection, mission: &str) -> Result<HashSet<(String, String)>> {
    // Each query lists (table, id) of what belongs to the mission or what it uses; deleted
    // records are found by the values their tombstones kept.
    const OWN: &[(&str, &str)] = &[
        ("missions", "SELECT id FROM missions WHERE id = ?1"),
        ("subgroups", "SELECT id FROM subgroups WHERE mission_id = ?1"),
        ("delegation_members", "SELECT id FROM delegation_members WHERE mission_id = ?1"),
        ("sites", "SELECT id FROM sites WHERE mission_id = ?1"),
        ("rooms", "SELECT r.id FROM rooms r JOIN sites s ON s.id = r.site_id WHERE s.mission_id = ?1"),
        ("availabilities", "SELECT id FROM availabilities WHERE mission_id = ?1"),
        ("agenda_items", "SELECT id FROM agenda_items WHERE mission_id = ?1"),
        ("outcomes", "SELECT o.id FROM outcomes o JOIN agenda_items i ON i.id = o.item_id WHERE i.mission_id = ?1"),
        ("followups", "SELECT id FROM followups WHERE mission_id = ?1"),
        ("meeting_requests", "SELECT id FROM meeting_requests WHERE mission_id = ?1"),
        ("planning_settings", "SELECT id FROM planning_settings WHERE id = ?1"),
        ("programme_versions", "SELECT id FROM programme_versions WHERE mission_id = ?1"),
        ("travel_legs", "SELECT id FROM travel_legs WHERE mission_id = ?1"),
        ("stays", "SELECT id FROM stays WHERE mission_id = ?1"),
        ("cost_lines", "SELECT id FROM cost_lines WHERE mission_id = ?1"),
        ("vehicles", "SELECT id FROM vehicles WHERE mission_id = ?1"),
        ("passports", "SELECT id FROM passports WHERE mission_id = ?1"),
        ("meal_needs", "SELECT id FROM meal_needs WHERE mission_id = ?1"),
        ("survey_answers", "SELECT id FROM survey_answers WHERE mission_id = ?1"),
        ("survey_ratings", "SELECT id FROM survey_ratings WHERE mission_id = ?1"),
        ("contacts", "SELECT contact_id FROM delegation_members WHERE mission_id = ?1
            UNION SELECT p.contact_id FROM agenda_participants p JOIN agenda_items i ON i.id = p.item_id WHERE i.mission_id = ?1
            UNION SELECT contact_id FROM availabilities WHERE mission_id = ?1
            UNION SELECT p.contact_id FROM meeting_request_participants p JOIN meeting_requests q ON q.id = p.request_id WHERE q.mission_id = ?1
            UNION SELECT contact_id FROM followups WHERE mission_id = ?1 AND contact_id IS NOT NULL
            UNION SELECT owner_contact_id FROM followups WHERE mission_id = ?1 AND owner_contact_id IS NOT NULL
            UNION SELECT contact_id FROM travel_legs WHERE mission_id = ?1
            UNION SELECT contact_id FROM stays WHERE mission_id = ?1
            UNION SELECT sharing_with FROM stays WHERE mission_id = ?1 AND sharing_with IS NOT NULL
            UNION SELECT contact_id FROM passports WHERE mission_id = ?1
            UNION SELECT contact_id FROM meal_needs WHERE mission_id = ?1
            UNION SELECT contact_id FROM survey_answers WHERE mission_id = ?1"),
        ("technologies", "SELECT t.technology_id FROM agenda_technologies t JOIN agenda_items i ON i.id = t.item_id WHERE i.mission_id = ?1
            UNION SELECT t.technology_id FROM meeting_request_technologies t JOIN meeting_requests q ON q.id = t.request_id WHERE q.mission_id = ?1
            UNION SELECT technology_id FROM followups WHERE mission_id = ?1 AND technology_id IS NOT NULL"),
        ("departments", "SELECT d.department_id FROM agenda_departments d JOIN agenda_items i ON i.id = d.item_id WHERE i.mission_id = ?1
            UNION SELECT department_id FROM sites WHERE mission_id = ?1 AND department_id IS NOT NULL"),
    ];
    let mut out = HashSet::new();
    for (table, sql) in OWN {
        let mut stmt = conn.prepare_cached(sql)?;
        for id in stmt.query_map([mission], |r| r.get::<_, String>(0))? {
            out.insert(((*table).to_owned(), id?));
        }
    }
    // Deleted records of the mission (their tombstones name it).
    let mut stmt = conn.prepare_cached(
        "SELECT entity, entity_id FROM sync_tombstones
         WHERE json_extract(data, '$.mission_id') = ?1 OR (entity = 'missions' AND entity_id = ?1)",
    )?;
    for row in stmt.query_map([mission], |r| Ok((r.get(0)?, r.get(1)?)))? {
        out.insert(row?);
    }
    // The organisations those people, sites and organisers belong to.
    let contacts: Vec<String> = out
        .iter()
        .filter(|(t, _)| t == "contacts")
        .map(|(_, id)| id.clone())
        .collect();
    let mut org = conn.prepare_cached(
        "SELECT organisation_id FROM contacts WHERE id = ?1 AND organisation_id IS NOT NULL",
    )?;
    let mut orgs: Vec<String> = Vec::new();
    for c in &contacts {
        for o in org.query_map([c], |r| r.get::<_, String>(0))? {
            orgs.push(o?);
        }
    }
    let mut more = conn.prepare_cached(
        "SELECT organisation_id FROM sites WHERE mission_id = ?1 AND organisation_id IS NOT NULL
         UNION SELECT organisation_id FROM mission_organisers WHERE mission_id = ?1
         UNION SELECT owner_organisation_id FROM technologies t JOIN agenda_technologies a
           ON a.technology_id = t.id JOIN agenda_items i ON i.id = a.item_id
           WHERE i.mission_id = ?1 AND owner_organisation_id IS NOT NULL
         UNION SELECT organisation_id FROM followups WHERE mission_id = ?1 AND organisation_id IS NOT NULL
         UNION SELECT hotel_id FROM stays WHERE mission_id = ?1
         UNION SELECT supplier_id FROM cost_lines WHERE mission_id = ?1 AND supplier_id IS NOT NULL
         UNION SELECT company_id FROM vehicles WHERE mission_id = ?1 AND company_id IS NOT NULL",
    )?;
    for o in more.query_map([mission], |r| r.get::<_, String>(0))? {
        orgs.push(o?);
    }
    for o in orgs {
        out.insert(("organisations".into(), o));
    }
    Ok(out)
}

struct Row {
    entity: String,
    entity_id: String,
    field: String,
    before: Option<String>,
    after: Option<String>,
    index: u32,
    kind: String,
    base_op: Option<String>,
    data: Option<String>,
}

pub(crate) fn change_sets_for(
    conn: &Connection,
    scope: &Scope,
    peer_has: &VersionVector,
) -> Result<Vec<ChangeSet>> {
    // Only the change sets the peer lacks are read, by their numbers (the index on replica
    // and seq): a peer that holds nearly everything, as a team server does between two syncs,
    // costs what it lacks, not the whole log.
    change_sets_in(conn, scope, &held(conn)?.missing_from(peer_has))
}

/// The change sets in `scope` among `missing` (replica, first and last numbers).
fn change_sets_in(
    conn: &Connection,
    scope: &Scope,
    missing: &[(String, u64, u64)],
) -> Result<Vec<ChangeSet>> {
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    let records = match scope {
        Scope::Mission(m) => Some(mission_records(conn, m)?),
        Scope::Directory => None,
    };
    let mut sets: Vec<(i64, String, i64, String, String, String)> = Vec::new();
    let mut in_range = conn.prepare_cached(
        "SELECT id, replica, seq, hlc, label, ifnull(scope, 'directory') FROM change_sets
         WHERE replica = ?1 AND seq BETWEEN ?2 AND ?3",
    )?;
    for (replica, from, to) in missing {
        let (from, to) = (
            i64::try_from(*from).unwrap_or(i64::MAX),
            i64::try_from(*to).unwrap_or(i64::MAX),
        );
        for row in in_range.query_map(rusqlite::params![replica, from, to], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })? {
            sets.push(row?);
        }
    }
    // In the order of their clocks (which respects each replica's order), as SQLite orders
    // text: byte by byte.
    sets.sort_by(|a, b| (&a.3, &a.1, a.2).cmp(&(&b.3, &b.1, b.2)));
    let mut rows_of = conn.prepare_cached(
        "SELECT entity, entity_id, field, before, after, ifnull(op_index, 0), ifnull(kind, 'set'),
                base_op, data
         FROM change_log WHERE change_set_id = ?1 ORDER BY id",
    )?;
    let mut out = Vec::new();
    for (id, replica, seq, hlc, label, set_scope) in sets {
        let seq_u = u64::try_from(seq).unwrap_or(0);
        let rows: Vec<Row> = rows_of
            .query_map([id], |r| {
                Ok(Row {
                    entity: r.get(0)?,
                    entity_id: r.get(1)?,
                    field: r.get(2)?,
                    before: r.get(3)?,
                    after: r.get(4)?,
                    index: r.get(5)?,
                    kind: r.get(6)?,
                    base_op: r.get(7)?,
                    data: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let wanted = match (&records, scope) {
            (_, Scope::Mission(m)) if *m == set_scope => true,
            (Some(records), _) => rows.iter().any(|r| {
                records.contains(&(r.entity.clone(), r.entity_id.clone()))
                    || (r.entity == "sync_conflicts")
            }),
            (None, _) => rows
                .iter()
                .any(|r| DIRECTORY.contains(&r.entity.as_str()) || r.kind == "erase"),
        };
        if !wanted {
            continue;
        }
        let ops = ops_of(&rows);
        if ops.is_empty() {
            continue;
        }
        out.push(ChangeSet {
            replica,
            seq: seq_u,
            hlc: Hlc::decode(&hlc).unwrap_or_default(),
            label,
            scope: if set_scope == "directory" {
                Scope::Directory
            } else {
                Scope::Mission(set_scope)
            },
            ops,
        });
    }
    Ok(out)
}

fn parse(text: Option<&str>) -> Json {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Json::Null)
}

/// The ops of one change set's rows: `init` rows folded into their record's `create`, `tomb`
/// rows left out (the receiver keeps its own tombstone), device-local tables never sent.
fn ops_of(rows: &[Row]) -> Vec<Op> {
    let mut ops = Vec::with_capacity(rows.len());
    for row in rows {
        if NEVER.contains(&row.entity.as_str()) {
            continue;
        }
        let (kind, field, value, base) = match row.kind.as_str() {
            "init" | "tomb" => continue,
            "create" => {
                let mut fields = match parse(row.data.as_deref()) {
                    Json::Object(m) => m,
                    _ => Map::new(),
                };
                for r in rows.iter().filter(|r| {
                    r.kind == "init" && r.entity == row.entity && r.entity_id == row.entity_id
                }) {
                    fields.insert(r.field.clone(), parse(r.after.as_deref()));
                }
                (
                    OpKind::Create,
                    "*".to_owned(),
                    Json::Object(fields),
                    Json::Null,
                )
            }
            "delete" => (OpKind::Delete, "*".to_owned(), Json::Null, Json::Null),
            "erase" => (OpKind::Erase, "*".to_owned(), Json::Null, Json::Null),
            "scrubbed" => (OpKind::Scrubbed, row.field.clone(), Json::Null, Json::Null),
            "add" => (
                OpKind::Add,
                row.field.clone(),
                parse(row.after.as_deref()),
                Json::Null,
            ),
            "remove" => (
                OpKind::Remove,
                row.field.clone(),
                parse(row.before.as_deref()),
                Json::Null,
            ),
            _ => (
                OpKind::Set,
                row.field.clone(),
                parse(row.after.as_deref()),
                parse(row.before.as_deref()),
            ),
        };
        ops.push(Op {
            index: row.index,
            entity: row.entity.clone(),
            entity_id: row.entity_id.clone(),
            kind,
            field,
            value,
            base_op: row.base_op.clone(),
            base,
        });
    }
    ops
}
