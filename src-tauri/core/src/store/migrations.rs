//! Forward-only migrations embedded in the binary; the schema version is `PRAGMA user_version`.
//! This module only checks and applies: the copy taken before a migration is sequenced by
//! `Store::open` (`store::upgrade`).

use super::{Integrity, APPLICATION_ID};
use crate::error::{Error, Result};
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};
use std::path::Path;

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_directory.sql"),
    include_str!("../../migrations/0003_programme.sql"),
    include_str!("../../migrations/0004_matchmaking.sql"),
    include_str!("../../migrations/0005_followups.sql"),
    include_str!("../../migrations/0006_contacts_check.sql"),
    include_str!("../../migrations/0007_sites.sql"),
    include_str!("../../migrations/0008_distinct_records.sql"),
    include_str!("../../migrations/0009_replicas.sql"),
    include_str!("../../migrations/0010_exchange_history.sql"),
    include_str!("../../migrations/0011_logistics.sql"),
    include_str!("../../migrations/0012_team.sql"),
    include_str!("../../migrations/0013_transport.sql"),
    include_str!("../../migrations/0014_passports.sql"),
    include_str!("../../migrations/0015_short_search.sql"),
    include_str!("../../migrations/0016_meal_needs.sql"),
    include_str!("../../migrations/0017_outcome_results.sql"),
    include_str!("../../migrations/0018_surveys.sql"),
    include_str!("../../migrations/0019_cost_invoices.sql"),
    include_str!("../../migrations/0020_request_technologies.sql"),
    include_str!("../../migrations/0021_sync_heads_sole.sql"),
    include_str!("../../migrations/0022_wording.sql"),
    include_str!("../../migrations/0023_subgroup_names.sql"),
    include_str!("../../migrations/0024_objectives_wording.sql"),
    include_str!("../../migrations/0025_technology_names.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// What [`check`] found.
pub(super) struct Checked {
    /// The file's schema version (0 for a new file).
    pub version: u32,
    /// Whether every page was read (`PRAGMA quick_check`) and found sound.
    pub scanned: bool,
}

/// Refuses foreign and newer files, and damaged ones when `integrity` asks for the page scan at
/// the open or the file is to be migrated (a file is always scanned before its migration).
pub(super) fn check(path: &Path, conn: &Connection, integrity: Integrity) -> Result<Checked> {
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
    let migrating = version < i64::from(SCHEMA_VERSION);
    let scanned = tables > 0 && (integrity == Integrity::Check || migrating);
    if scanned {
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(Error::NotADatabase {
                path: path.display().to_string(),
                reason: format!("it is damaged ({})", first_line(&check)),
            });
        }
    }
    Ok(Checked {
        version: u32::try_from(version).unwrap_or(0),
        scanned,
    })
}

/// Applies the migrations the file lacks, each in its own transaction.
pub(super) fn apply(conn: &mut Connection) -> Result<()> {
    // Foreign keys off while migrating, so that a table rebuilt by SQLite's procedure (create the
    // new table, copy, drop the old one, rename: 0006) cascades nothing when the old one is
    // dropped; each migration is checked for dangling references before it commits. The pragma
    // is a no-op inside a transaction, hence here.
    let migrations = Migrations::new(
        MIGRATIONS
            .iter()
            .map(|sql| M::up(sql).foreign_key_check())
            .collect(),
    );
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let migrated = migrations.to_latest(conn);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrated?;
    Ok(())
}

/// The first line of SQLite's integrity report, which can run to pages.
pub(super) fn first_line(report: &str) -> String {
    let line = report
        .lines()
        .find(|l| !l.trim().is_empty() && !l.contains("***"))
        .unwrap_or(report);
    line.chars().take(160).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn first(k: usize) -> Migrations<'static> {
        Migrations::new(MIGRATIONS[..k].iter().map(|sql| M::up(sql)).collect())
    }

    fn schema(conn: &Connection) -> Vec<(String, String)> {
        let mut stmt = conn
            .prepare("SELECT name, ifnull(sql, '') FROM sqlite_schema ORDER BY type, name")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    /// A database left at every earlier version, holding v1 data, upgrades to the same schema as
    /// a fresh one, keeps its data, and leaves a pre-migration copy behind.
    #[test]
    fn every_earlier_version_upgrades_to_the_current_schema() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = Store::open(&dir.path().join("fresh.sqlite3")).unwrap();
        let fresh_schema = fresh.read(|c| Ok(schema(c))).unwrap();
        for k in 1..MIGRATIONS.len() {
            let path = dir.path().join(format!("v{k}.sqlite3"));
            {
                let mut conn = Connection::open(&path).unwrap();
                first(k).to_latest(&mut conn).unwrap();
                conn.execute_batch(
                    "INSERT INTO organisations (id, name, kind, country, created_at, updated_at)
                       VALUES ('org_legia', 'CHC Mont Légia', 'hospital', 'BE', 'x', 'x');
                     INSERT INTO contacts (id, given_name, family_name, lawful_basis, organisation_id,
                       created_at, updated_at)
                       VALUES ('con_a', 'Anne', 'Martin', 'consent', 'org_legia', 'x', 'x');
                     INSERT INTO contact_tags (contact_id, tag) VALUES ('con_a', 'cardiology');",
                )
                .unwrap();
            }
            let store = Store::open(&path).unwrap();
            let (version, name, tag, found, upgraded): (u32, String, String, String, _) = store
                .read(|c| {
                    Ok((
                        c.query_row("PRAGMA user_version", [], |r| r.get(0))?,
                        c.query_row("SELECT name FROM organisations", [], |r| r.get(0))?,
                        // v6 rebuilt the contacts table: its links and search rows stay.
                        c.query_row(
                            "SELECT tag FROM contact_tags WHERE contact_id = 'con_a'",
                            [],
                            |r| r.get(0),
                        )?,
                        c.query_row(
                            "SELECT c.id FROM contacts_fts f JOIN contacts c ON c.rowid = f.rowid
                             WHERE contacts_fts MATCH 'martin'",
                            [],
                            |r| r.get(0),
                        )?,
                        schema(c),
                    ))
                })
                .unwrap();
            assert_eq!(version, SCHEMA_VERSION, "from v{k}");
            assert_eq!(name, "CHC Mont Légia", "from v{k}");
            assert_eq!(
                (tag.as_str(), found.as_str()),
                ("cardiology", "con_a"),
                "from v{k}"
            );
            assert_eq!(upgraded, fresh_schema, "from v{k}");
            let copies = std::fs::read_dir(dir.path().join("backups"))
                .unwrap()
                .count();
            assert!(copies >= k, "a pre-migration copy of v{k}");
        }
    }

    /// A migration that fails midway leaves the database at its previous version, whole.
    #[test]
    fn a_failing_migration_leaves_the_previous_version_intact() {
        let mut conn = Connection::open_in_memory().unwrap();
        first(MIGRATIONS.len()).to_latest(&mut conn).unwrap();
        let mut steps: Vec<M> = MIGRATIONS.iter().map(|sql| M::up(sql)).collect();
        steps.push(M::up(
            "CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);",
        ));
        assert!(Migrations::new(steps).to_latest(&mut conn).is_err());
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let half: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'half_done')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(!half, "the failed migration left a table behind");
    }

    #[test]
    fn migrations_are_valid() {
        let migrations = Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect());
        assert!(migrations.validate().is_ok());
    }
}
