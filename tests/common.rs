//! Helpers shared by the integration tests: real database files in a temporary folder.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly
#![allow(dead_code)]

use passerelle_core::Store;
use std::path::PathBuf;

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

/// Row count of a table, read with a plain connection.
pub fn count(store: &Store, table: &str) -> i64 {
    store
        .read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?))
        .expect("count")
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}
