//! Forward-only migrations embedded in the binary; the schema version is `PRAGMA user_version`.

use super::APPLICATION_ID;
use crate::error::{Error, Result};
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};
use std::path::Path;

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_directory.sql"),
    include_str!("../../migrations/0003_programme.sql"),
    include_str!("../../migrations/0004_matchmaking.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

pub(super) fn check_and_migrate(path: &Path, conn: &mut Connection) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    let foreign = if app_id != 0 {
        app_id != APPLICATION_ID
    } else {
        tables > 0
    };
    if foreign {
        return Err(Error::NotADatabase {
            path: path.display().to_string(),
            reason: "it is an SQLite database of another application".into(),
        });
    }
    if version > i64::from(SCHEMA_VERSION) {
        return Err(Error::NewerSchema {
            path: path.display().to_string(),
            found: version,
            supported: i64::from(SCHEMA_VERSION),
        });
    }
    if version == i64::from(SCHEMA_VERSION) {
        return Ok(());
    }
    let migrations = Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect());
    migrations.to_latest(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        let migrations = Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect());
        assert!(migrations.validate().is_ok());
    }
}
