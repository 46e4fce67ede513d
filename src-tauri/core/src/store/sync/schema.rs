//! What the merge needs to know of a table before it writes a received op there: that it is a
//! shared table of this schema (never a log, a device-local table or an unknown name from a
//! foreign file), its key column, its columns and whether it keeps timestamps.

use crate::error::Result;
use crate::store::local::LOCAL_TABLES;
use rusqlite::Connection;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// The one-column primary key (`id`, a setting's `key`, a specialty's `code`); None for a
    /// link table keyed by several columns.
    pub key: Option<String>,
    pub columns: Vec<String>,
    /// The NOT NULL columns (a creation that leaves one out took its default).
    pub required: Vec<String>,
    pub timestamps: bool,
}

/// The tables a received op may write, read once per merge.
#[derive(Default)]
pub(crate) struct Tables(HashMap<String, Option<Table>>);

/// Tables that are the sync's own bookkeeping or logs: never written by a received op as a
/// record (a conflict's settlement is handled apart).
const NOT_RECORDS: &[&str] = &[
    "change_sets",
    "change_log",
    "merge_log",
    "erasure_log",
    "settings",
];

impl Tables {
    pub(crate) fn get(&mut self, conn: &Connection, name: &str) -> Result<Option<&Table>> {
        if !self.0.contains_key(name) {
            let table = read(conn, name)?;
            self.0.insert(name.to_owned(), table);
        }
        Ok(self.0.get(name).and_then(Option::as_ref))
    }
}

fn read(conn: &Connection, name: &str) -> Result<Option<Table>> {
    let plain = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    if !plain
        || LOCAL_TABLES.contains(&name)
        || NOT_RECORDS.contains(&name)
        || name.starts_with("sync_")
        || name.ends_with("_fts")
        || name.contains("_fts_")
    {
        return Ok(None);
    }
    let mut stmt = conn
        .prepare_cached("SELECT name, pk, \"notnull\" FROM pragma_table_info(?1) ORDER BY cid")?;
    let cols: Vec<(String, i64, bool)> = stmt
        .query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if cols.is_empty() {
        return Ok(None);
    }
    let keys: Vec<&String> = cols
        .iter()
        .filter(|(_, pk, _)| *pk > 0)
        .map(|(n, _, _)| n)
        .collect();
    let key = match keys.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    };
    let columns: Vec<String> = cols.iter().map(|(n, _, _)| n.clone()).collect();
    let required: Vec<String> = cols
        .iter()
        .filter(|(_, _, notnull)| *notnull)
        .map(|(n, _, _)| n.clone())
        .collect();
    let timestamps = columns.iter().any(|c| c == "created_at");
    Ok(Some(Table {
        key,
        columns,
        required,
        timestamps,
    }))
}
