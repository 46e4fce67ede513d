//! Helpers shared by the integration tests: real database files in a temporary folder.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly
#![allow(dead_code)]

use passerelle_core::Store;
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TempDb {
    pub fn new() -> TempDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("passerelle.sqlite3");
        TempDb { dir, path }
    }

    pub fn open(&self) -> Store {
        Store::open(&self.path).expect("open store")
    }
}

/// A person with only a name, held on legitimate interests, to be completed with `..` and
/// validated by the test.
pub fn person(id: &str, given: &str, family: &str) -> passerelle_core::domain::Contact {
    passerelle_core::domain::Contact::named(id, given, family)
}

/// The database file's bytes, taken before refusals that must change nothing.
pub fn file_bytes(db: &TempDb) -> Vec<u8> {
    std::fs::read(&db.path).expect("read the database file")
}

/// A refusal changed nothing: the file is byte for byte what `before` holds.
pub fn assert_unchanged(db: &TempDb, before: &[u8]) {
    assert!(file_bytes(db) == before, "the database changed");
}

/// A plain connection to the file, for fixtures no store function writes (rows as another tool
/// or an older version would leave them): the store's writer is sealed inside `store/`.
pub fn sql(db: &TempDb) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(&db.path).expect("open the file");
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .expect("busy timeout");
    conn.pragma_update(None, "foreign_keys", "ON")
        .expect("foreign keys");
    conn
}

/// Row count of a table, read with a plain connection.
pub fn count(store: &Store, table: &str) -> i64 {
    store
        .read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?))
        .expect("count")
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `passerelle-cli --db <db> ARGS…`.
pub fn cli(db: &TempDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle-cli"))
        .arg("--db")
        .arg(&db.path)
        .args(args)
        .output()
        .expect("run passerelle-cli")
}

/// The JSON a successful command printed.
pub fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// A failed command's one error line (and nothing on stdout).
pub fn one_error_line(out: &Output) -> String {
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(out.stdout.is_empty());
    stderr
}

/// Writes 0xA5 over the root page of `table` (or index), as a failing disk would: the schema
/// still reads, the table's rows do not.
pub fn damage_table(path: &std::path::Path, table: &str) {
    let (root, page_size): (i64, i64) = {
        let conn = rusqlite::Connection::open(path).unwrap();
        (
            conn.query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap(),
            conn.query_row("PRAGMA page_size", [], |r| r.get(0))
                .unwrap(),
        )
    };
    let mut bytes = std::fs::read(path).unwrap();
    let start = usize::try_from((root - 1) * page_size).unwrap();
    let end = start + usize::try_from(page_size).unwrap();
    for b in &mut bytes[start..end] {
        *b = 0xA5;
    }
    std::fs::write(path, &bytes).unwrap();
}
