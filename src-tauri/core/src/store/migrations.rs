//! Forward-only migrations embedded in the binary; the schema version is `PRAGMA user_version`.

use super::APPLICATION_ID;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
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

/// Refuses foreign, damaged and newer files; migrates an older one forward, after copying it to
/// `backup_dir` (when given) so that a failed or unwanted upgrade can be undone by hand.
pub(super) fn check_and_migrate(
    path: &Path,
    conn: &mut Connection,
    backup_dir: Option<&Path>,
    now: DateTime<Utc>,
) -> Result<()> {
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
    if tables > 0 {
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(Error::NotADatabase {
                path: path.display().to_string(),
                reason: format!("it is damaged ({})", first_line(&check)),
            });
        }
    }
    if version == i64::from(SCHEMA_VERSION) {
        return Ok(());
    }
    if let (Some(dir), true) = (backup_dir, version > 0) {
        super::backup::copy_into(
            conn,
            &dir.join(super::backup::pre_migration_name(version, now)),
        )?;
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

/// The first line of SQLite's integrity report, which can run to pages.
fn first_line(report: &str) -> String {
    let line = report.lines().find(|l| !l.trim().is_empty() && !l.contains("***")).unwrap_or(report);
    line.chars().take(160).collect()
}
