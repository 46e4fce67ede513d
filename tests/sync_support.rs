//! What the sync tests share: replicas made from one seeded file, an exchange between two,
//! and the content two copies must agree on.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly
#![allow(dead_code)]

use passerelle_core::store;
use passerelle_core::sync::op::Scope;
use passerelle_core::Store;
use rusqlite::types::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Replicas of one seeded file, each in its own folder (a copied data folder).
pub struct Copies {
    pub _dir: tempfile::TempDir,
    pub paths: Vec<PathBuf>,
}

pub fn seeded_copies(n: usize, prepare: impl FnOnce(&Store)) -> Copies {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base/passerelle.sqlite3");
    {
        let store = Store::open(&base).unwrap();
        passerelle_core::seed::load(&store, "taiwan-wallonia-2025").unwrap();
        prepare(&store);
        // Closing the last connection copies the WAL into the file.
    }
    let paths = (0..n)
        .map(|i| {
            let path = dir.path().join(format!("laptop{i}/passerelle.sqlite3"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::copy(&base, &path).unwrap();
            path
        })
        .collect();
    Copies { _dir: dir, paths }
}

/// Everything `from` has that `to` lacks, applied to `to`.
pub fn send(from: &Store, to: &Store, scope: &Scope) -> passerelle_core::sync::op::ApplyReport {
    let sets = from.change_sets_for(scope, &to.held().unwrap()).unwrap();
    to.apply_change_sets(&sets).unwrap()
}

/// Tables that are this computer's or the sync's own bookkeeping, not shared content.
pub fn shared(table: &str) -> bool {
    !(store::local::LOCAL_TABLES.contains(&table)
        || table.starts_with("sqlite_")
        || table.contains("_fts")
        || table.starts_with("sync_")
        || [
            "change_sets",
            "change_log",
            "merge_log",
            "erasure_log",
            "settings",
        ]
        .contains(&table))
}

/// Each shared table's rows as sorted text (timestamps left out: each copy stamps its own
/// writes), and the open conflicts with both sides' ops and values.
pub fn content(store: &Store) -> BTreeMap<String, Vec<String>> {
    store
        .read(|c| {
            let tables: Vec<String> = c
                .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = BTreeMap::new();
            for t in tables.into_iter().filter(|t| shared(t)) {
                let mut stmt = c.prepare(&format!("SELECT * FROM \"{t}\""))?;
                let names: Vec<String> =
                    stmt.column_names().into_iter().map(str::to_owned).collect();
                let mut rows: Vec<String> = stmt
                    .query_map([], |r| {
                        let mut line = String::new();
                        for (i, n) in names.iter().enumerate() {
                            if n != "created_at" && n != "updated_at" {
                                line.push_str(&format!("{n}={:?};", r.get::<_, Value>(i)?));
                            }
                        }
                        Ok(line)
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                rows.sort();
                out.insert(t, rows);
            }
            let mut open: Vec<String> = c
                .prepare(
                    "SELECT id || ' ' || reason || ' ' || entity || ' ' || entity_id || ' ' || field
                       || ' ' || ifnull(base, '') || ' ' || op_a || '=' || ifnull(value_a, '')
                       || ' ' || op_b || '=' || ifnull(value_b, '')
                     FROM sync_conflicts WHERE state = 'open'",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            open.sort();
            out.insert("(open conflicts)".into(), open);
            Ok(out)
        })
        .unwrap()
}

pub fn assert_same(a: &Store, b: &Store) {
    let (ca, cb) = (content(a), content(b));
    for (table, rows) in &ca {
        assert_eq!(Some(rows), cb.get(table), "table {table} differs");
    }
    assert_eq!(ca.len(), cb.len());
}

/// Every op id this file holds.
pub fn op_ids(store: &Store) -> Vec<String> {
    store
        .read(|c| {
            let mut ids: Vec<String> = c
                .prepare(
                    "SELECT s.replica || '/' || s.seq || '/' || l.op_index FROM change_log l
                     JOIN change_sets s ON s.id = l.change_set_id
                     WHERE l.kind NOT IN ('init', 'tomb') AND l.entity != 'settings'",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            ids.sort();
            Ok(ids)
        })
        .unwrap()
}

/// The one value a query returns, as text.
pub fn one(store: &Store, sql: &str) -> String {
    let value: Value = store
        .read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?))
        .unwrap();
    match value {
        Value::Text(t) => t,
        Value::Integer(i) => i.to_string(),
        other => format!("{other:?}"),
    }
}

pub fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

/// A copy of a record of `table` under a new id (every column but the id and timestamps).
pub fn copy_row(store: &Store, table: &str, from: &str, to: &str) {
    let fields: Vec<(String, Value)> = store
        .read(|c| {
            let mut stmt = c.prepare(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
            let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
            let values: Vec<Value> =
                stmt.query_row([from], |r| (0..names.len()).map(|i| r.get(i)).collect())?;
            Ok(names
                .into_iter()
                .zip(values)
                .filter(|(n, _)| !["id", "created_at", "updated_at"].contains(&n.as_str()))
                .collect())
        })
        .unwrap();
    store
        .write("action.addSite", |w| {
            let fields: Vec<(&str, Value)> = fields
                .iter()
                .map(|(n, v)| (n.as_str(), v.clone()))
                .collect();
            w.save(table, to, &fields)?;
            Ok(())
        })
        .unwrap();
}

/// The database file and its WAL, if any.
pub fn file_bytes(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    if let Ok(more) = std::fs::read(wal) {
        bytes.extend(more);
    }
    bytes
}
