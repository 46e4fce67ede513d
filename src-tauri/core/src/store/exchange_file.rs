//! The exchange file's SQL (`sync::file` holds its model and rules): written whole into a
//! temporary file, synced and renamed, so a `.passerelle` file is complete or absent; read
//! into memory after its first bytes were checked, through a read-only in-memory connection,
//! and refused whole (never half read) when anything in it does not hold together.
//!
//! Compact by construction (`make bench-sync` prints the bytes per op): replica ids are
//! numbered once (`replicas`), and so are table and field names (`names`), change sets are
//! rows of their own and ops refer to them by number, an op's kind is one letter, a base op id is `n/seq/index`, a JSON null is SQL NULL.
//! These statements write the exchange file, a database of its own, never the data file.

use crate::error::{Error, Result};
use crate::sync::file::{self, ExchangeFile, Header};
use crate::sync::op::{ChangeSet, Op, VersionVector};
use rusqlite::{params, Connection};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

const SCHEMA: &str = "
CREATE TABLE header (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE replicas (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
CREATE TABLE held (r INTEGER NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL);
CREATE TABLE sets (n INTEGER PRIMARY KEY, r INTEGER NOT NULL, seq INTEGER NOT NULL,
                   hlc TEXT NOT NULL, label TEXT NOT NULL, scope TEXT NOT NULL);
CREATE TABLE names (n INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE ops (s INTEGER NOT NULL, i INTEGER NOT NULL, e INTEGER NOT NULL, id TEXT NOT NULL,
                  k TEXT NOT NULL, f INTEGER NOT NULL, v TEXT, bo TEXT, b TEXT);
";

/// Writes `xf` to `path` (replacing it) and returns the file's size in bytes.
pub fn write(path: &Path, xf: &ExchangeFile) -> Result<u64> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "exchange".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.partial"));
    let _ = std::fs::remove_file(&tmp);
    let written = (|| {
        let mut conn = Connection::open(&tmp)?;
        fill(&mut conn, xf)?;
        conn.close().map_err(|(_, e)| Error::Sqlite(e))?;
        std::fs::File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(std::fs::metadata(path)?.len())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

fn fill(conn: &mut Connection, xf: &ExchangeFile) -> Result<()> {
    // A fresh file written in one go and synced by the caller: no journal needed.
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = OFF;
         PRAGMA synchronous = OFF;
         PRAGMA page_size = 4096;
         PRAGMA application_id = {};
         PRAGMA user_version = {};",
        file::APPLICATION_ID,
        file::FORMAT_VERSION
    ))?;
    let tx = conn.transaction()?;
    tx.execute_batch(SCHEMA)?;
    let head = &xf.header;
    // Every replica named by the file, numbered once.
    let mut numbers: HashMap<String, i64> = HashMap::new();
    let mut number = |id: &str| -> i64 {
        let next = numbers.len() as i64 + 1;
        *numbers.entry(id.to_owned()).or_insert(next)
    };
    number(&head.replica);
    for replica in head.held.0.keys() {
        number(replica);
    }
    for set in &xf.sets {
        number(&set.replica);
    }
    {
        let mut put = tx.prepare("INSERT INTO replicas (n, id) VALUES (?1, ?2)")?;
        for (id, n) in &numbers {
            put.execute(params![n, id])?;
        }
        let mut put = tx.prepare("INSERT INTO held (r, lo, hi) VALUES (?1, ?2, ?3)")?;
        for (replica, ranges) in &head.held.0 {
            for [lo, hi] in ranges {
                put.execute(params![numbers[replica], to_i64(*lo)?, to_i64(*hi)?])?;
            }
        }
        let mut put_set = tx.prepare(
            "INSERT INTO sets (n, r, seq, hlc, label, scope) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut put_op = tx.prepare(
            "INSERT INTO ops (s, i, e, id, k, f, v, bo, b) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        // Table and field names, numbered once.
        let mut names: HashMap<String, i64> = HashMap::new();
        let mut put_name = tx.prepare("INSERT INTO names (n, name) VALUES (?1, ?2)")?;
        let mut name = |text: &str| -> Result<i64> {
            if let Some(n) = names.get(text) {
                return Ok(*n);
            }
            let n = names.len() as i64 + 1;
            put_name.execute(params![n, text])?;
            names.insert(text.to_owned(), n);
            Ok(n)
        };
        for (n, set) in xf.sets.iter().enumerate() {
            let n = n as i64 + 1;
            put_set.execute(params![
                n,
                numbers[&set.replica],
                to_i64(set.seq)?,
                set.hlc.encode(),
                set.label,
                file::scope_text(&set.scope)
            ])?;
            for op in &set.ops {
                put_op.execute(params![
                    n,
                    op.index,
                    name(&op.entity)?,
                    op.entity_id,
                    file::kind_code(op.kind),
                    name(&op.field)?,
                    json_text(&op.value),
                    op.base_op
                        .as_deref()
                        .map(|b| file::compact_op_id(b, &numbers)),
                    json_text(&op.base),
                ])?;
            }
        }
        let mut put = tx.prepare("INSERT INTO header (key, value) VALUES (?1, ?2)")?;
        let entries = [
            ("format", file::FORMAT.to_owned()),
            ("schema_version", head.schema_version.to_string()),
            ("replica", head.replica.clone()),
            ("scope", file::scope_text(&head.scope)),
            ("created_at", head.created_at.clone()),
            ("sets", xf.sets.len().to_string()),
            ("ops", xf.op_count().to_string()),
            ("sha256", xf.checksum()),
        ];
        for (key, value) in entries {
            put.execute(params![key, value])?;
        }
        if let Some(title) = &head.mission_title {
            put.execute(params!["mission_title", title])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Reads and checks a whole exchange file. Refused (`syncNotAFile`, `syncFileDamaged`,
/// `syncFileNewerFormat`, `syncFileChecksum`) when it is not one, is cut short or damaged, is
/// of a newer format, or does not match its checksum. The file is only read: its first bytes
/// checked before the rest is read, then the whole of it read from memory ([`read_bytes`]).
pub fn read(path: &Path) -> Result<ExchangeFile> {
    let mut f = std::fs::File::open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(file::not_an_exchange_file());
    }
    let mut bytes = Vec::with_capacity(100);
    (&mut f).take(100).read_to_end(&mut bytes)?;
    // Not an exchange file (a photo, a spreadsheet picked by mistake): refused unread.
    file::check_first_bytes(&bytes, meta.len())?;
    f.read_to_end(&mut bytes)?;
    read_bytes(&bytes)
}

/// Reads and checks an exchange file's bytes, as [`read`] does a file's: its first bytes,
/// SQLite's quick check, every table's rows, the counts, then the checksum. The bytes are
/// copied into an in-memory database opened read only (SQLite's `memdb`, without memory
/// mapping, so a damaged page is read through SQLite's bounds-checked reads); the fuzz target
/// reads its inputs here, without a file per input.
pub fn read_bytes(bytes: &[u8]) -> Result<ExchangeFile> {
    file::check_first_bytes(&bytes[..bytes.len().min(100)], bytes.len() as u64)?;
    let mut conn = Connection::open_in_memory()?;
    conn.deserialize_read_exact(rusqlite::MAIN_DB, bytes, bytes.len(), true)
        .map_err(|_| file::damaged())?;
    let xf = read_from(&conn).map_err(|e| match e {
        // Any SQLite error here (a malformed page, a missing table) is a damaged file.
        Error::Sqlite(_) => file::damaged(),
        other => other,
    })?;
    Ok(xf)
}

fn read_from(conn: &Connection) -> Result<ExchangeFile> {
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(file::damaged());
    }
    let mut header: HashMap<String, String> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT key, value FROM header")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (k, v) = row?;
            header.insert(k, v);
        }
    }
    let get = |key: &str| header.get(key).cloned().ok_or_else(file::damaged);
    let version = file::format_version(&get("format")?)?;
    if version > file::FORMAT_VERSION {
        return Err(Error::Refused(
            crate::messages::Message::new("syncFileNewerFormat").with("found", version),
        ));
    }
    let number = |key: &str| -> Result<u64> { get(key)?.parse().map_err(|_| file::damaged()) };

    let mut replicas: HashMap<i64, String> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT n, id FROM replicas")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (n, id) = row?;
            replicas.insert(n, id);
        }
    }
    let replica_of = |n: i64| replicas.get(&n).cloned().ok_or_else(file::damaged);
    let mut names: HashMap<i64, String> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT n, name FROM names")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (n, name) = row?;
            names.insert(n, name);
        }
    }
    let name_of = |n: i64| names.get(&n).cloned().ok_or_else(file::damaged);

    let mut held = VersionVector::default();
    {
        let mut stmt = conn.prepare("SELECT r, lo, hi FROM held ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (r, lo, hi) = row?;
            held.note_range(&replica_of(r)?, to_u64(lo)?, to_u64(hi)?);
        }
    }

    let mut sets: Vec<ChangeSet> = Vec::new();
    {
        let mut stmt = conn.prepare("SELECT n, r, seq, hlc, label, scope FROM sets ORDER BY n")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let n: i64 = r.get(0)?;
            if n != sets.len() as i64 + 1 {
                return Err(file::damaged());
            }
            sets.push(ChangeSet {
                replica: replica_of(r.get(1)?)?,
                seq: to_u64(r.get(2)?)?,
                hlc: file::parse_hlc(&r.get::<_, String>(3)?)?,
                label: r.get(4)?,
                scope: file::parse_scope(&r.get::<_, String>(5)?).ok_or_else(file::damaged)?,
                ops: Vec::new(),
            });
        }
    }
    {
        let mut stmt =
            conn.prepare("SELECT s, i, e, id, k, f, v, bo, b FROM ops ORDER BY rowid")?;
        let mut rows = stmt.query([])?;
        let mut at = 0usize;
        while let Some(r) = rows.next()? {
            let s = usize::try_from(r.get::<_, i64>(0)?).map_err(|_| file::damaged())?;
            // Ops come set by set, in order.
            if s < at.max(1) || s > sets.len() {
                return Err(file::damaged());
            }
            at = s;
            let base_op = r
                .get::<_, Option<String>>(7)?
                .map(|t| file::expand_op_id(&t, &replicas).ok_or_else(file::damaged))
                .transpose()?;
            sets[s - 1].ops.push(Op {
                index: u32::try_from(r.get::<_, i64>(1)?).map_err(|_| file::damaged())?,
                entity: name_of(r.get(2)?)?,
                entity_id: r.get(3)?,
                kind: file::parse_kind(&r.get::<_, String>(4)?).ok_or_else(file::damaged)?,
                field: name_of(r.get(5)?)?,
                value: json_of(r.get(6)?)?,
                base_op,
                base: json_of(r.get(8)?)?,
            });
        }
    }
    let xf = ExchangeFile {
        header: Header {
            schema_version: u32::try_from(number("schema_version")?)
                .map_err(|_| file::damaged())?,
            replica: get("replica")?,
            scope: file::parse_scope(&get("scope")?).ok_or_else(file::damaged)?,
            mission_title: header.get("mission_title").cloned(),
            created_at: get("created_at")?,
            held,
        },
        sets,
    };
    // Rows lost from the end of a table are caught by the counts; anything changed, by the sum.
    if number("sets")? != xf.sets.len() as u64 || number("ops")? != xf.op_count() {
        return Err(file::damaged());
    }
    if get("sha256")? != xf.checksum() {
        return Err(Error::Refused(crate::messages::Message::new(
            "syncFileChecksum",
        )));
    }
    Ok(xf)
}

/// A JSON value as stored: SQL NULL for null.
fn json_text(value: &Json) -> Option<String> {
    (!value.is_null()).then(|| value.to_string())
}

fn json_of(text: Option<String>) -> Result<Json> {
    match text {
        None => Ok(Json::Null),
        Some(t) => serde_json::from_str(&t).map_err(|_| file::damaged()),
    }
}

fn to_i64(n: u64) -> Result<i64> {
    i64::try_from(n).map_err(|_| file::damaged())
}

fn to_u64(n: i64) -> Result<u64> {
    u64::try_from(n).map_err(|_| file::damaged())
}
