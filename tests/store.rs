//! The store on real SQLite files: opening, migrating, refusing what it must not touch, and the
//! one write path (transactions and the change log).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{cli, count, damage_table, TempDb};
use passerelle_core::domain::{Organisation, OrganisationKind};
use passerelle_core::store::{self, Saved, SCHEMA_VERSION};
use passerelle_core::{Error, Store};

fn org(id: &str, name: &str) -> Organisation {
    Organisation {
        id: id.into(),
        name: name.into(),
        short_name: None,
        kind: OrganisationKind::Hospital,
        parent_id: None,
        address: None,
        postal_code: None,
        city: Some("Liège".into()),
        country: "BE".into(),
        latitude: Some(50.63),
        longitude: Some(5.55),
        tz: Some("Europe/Brussels".into()),
        website: None,
        notes: None,
        placeholder: false,
    }
}

#[test]
fn a_new_file_is_migrated_to_the_current_schema_with_safe_settings() {
    let db = TempDb::new();
    let store = db.open();
    let (version, app_id, journal, fk, sync): (u32, i64, String, i64, i64) = store
        .read(|c| {
            Ok((
                c.query_row("PRAGMA user_version", [], |r| r.get(0))?,
                c.query_row("PRAGMA application_id", [], |r| r.get(0))?,
                c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
                c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
                c.query_row("PRAGMA synchronous", [], |r| r.get(0))?,
            ))
        })
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(app_id, store::APPLICATION_ID);
    assert_eq!(journal, "wal");
    assert_eq!(fk, 1);
    assert_eq!(sync, 2, "synchronous = FULL");
    let specialties = count(&store, "specialties");
    assert!(specialties >= 12);
    drop(store);
    // Reopening an up-to-date file runs no migration again.
    let again = db.open();
    assert_eq!(count(&again, "specialties"), specialties);
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_intact() {
    let db = TempDb::new();
    drop(db.open());
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = std::fs::read(&db.path).unwrap();
    match Store::open(&db.path) {
        Err(Error::NewerSchema {
            found, supported, ..
        }) => {
            assert_eq!(found, i64::from(SCHEMA_VERSION) + 1);
            assert_eq!(supported, i64::from(SCHEMA_VERSION));
        }
        Err(other) => panic!("expected NewerSchema, got {other}"),
        Ok(_) => panic!("a newer database was opened"),
    }
    assert!(
        matches!(
            Store::open_skipping_check(&db.path),
            Err(Error::NewerSchema { .. })
        ),
        "a command's open refuses it too"
    );
    assert_eq!(
        std::fs::read(&db.path).unwrap(),
        before,
        "the file was modified"
    );
}

#[test]
fn garbage_and_foreign_databases_are_refused_and_left_intact() {
    let db = TempDb::new();
    std::fs::write(
        &db.path,
        b"this is a spreadsheet, not a database\n".repeat(200),
    )
    .unwrap();
    let before = std::fs::read(&db.path).unwrap();
    assert!(matches!(
        Store::open(&db.path),
        Err(Error::NotADatabase { .. })
    ));
    assert_eq!(std::fs::read(&db.path).unwrap(), before);

    let other = TempDb::new();
    {
        let conn = rusqlite::Connection::open(&other.path).unwrap();
        conn.execute_batch("CREATE TABLE songs (title TEXT)")
            .unwrap();
    }
    let err = Store::open(&other.path)
        .err()
        .expect("foreign database opened");
    assert!(matches!(err, Error::NotADatabase { .. }), "{err}");
    assert!(err.to_string().contains("another application"));
    // A command's open, without the page scan, refuses both as well.
    for path in [&db.path, &other.path] {
        assert!(matches!(
            Store::open_skipping_check(path),
            Err(Error::NotADatabase { .. })
        ));
    }
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
}

#[test]
fn a_failed_action_writes_nothing() {
    let db = TempDb::new();
    let store = db.open();
    let result: Result<(), Error> = store.write("two organisations", |w| {
        store::organisations::save(w, &org("org_first", "First hospital").validate()?)?;
        store::organisations::save(w, &org("org_second", "Second").validate()?)?;
        // The action then fails: both saves must roll back.
        Err(Error::validation("name", "refused on purpose"))
    });
    assert!(result.is_err());
    assert_eq!(count(&store, "organisations"), 0);
    assert_eq!(count(&store, "change_sets"), 0);
    assert_eq!(count(&store, "change_log"), 0);
}

#[test]
fn every_changed_field_is_logged_with_before_and_after() {
    let db = TempDb::new();
    let store = db.open();
    let saved = store
        .write("create", |w| {
            store::organisations::save(w, &org("org_legia", "Mont Légia").validate()?)
        })
        .unwrap();
    assert_eq!(saved, Saved::Created);
    let mut renamed = org("org_legia", "CHC Mont Légia");
    renamed.city = Some("Liège".into());
    let saved = store
        .write("rename", |w| {
            store::organisations::save(w, &renamed.clone().validate()?)
        })
        .unwrap();
    assert_eq!(saved, Saved::Updated);
    let saved = store
        .write("same again", |w| {
            store::organisations::save(w, &renamed.clone().validate()?)
        })
        .unwrap();
    assert_eq!(saved, Saved::Unchanged);

    let rows: Vec<(String, String, Option<String>, Option<String>)> = store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT s.label, l.field, l.before, l.after FROM change_log l
                 JOIN change_sets s ON s.id = l.change_set_id WHERE s.label = 'rename'",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .unwrap();
    assert_eq!(
        rows,
        vec![(
            "rename".to_string(),
            "name".to_string(),
            Some("\"Mont Légia\"".to_string()),
            Some("\"CHC Mont Légia\"".to_string())
        )]
    );
    // The no-op write left no empty change set behind.
    assert_eq!(count(&store, "change_sets"), 2);
}

#[test]
fn invalid_fields_are_named() {
    let mut bad = org("org_x", "X");
    bad.country = "XX".into();
    assert!(matches!(bad.validate(), Err(Error::Validation { field, .. }) if field == "country"));
    let mut bad = org("org_x", "X");
    bad.tz = Some("Europe/Charleroi".into());
    assert!(matches!(bad.validate(), Err(Error::Validation { field, .. }) if field == "tz"));
    let mut bad = org("org_x", "X");
    bad.latitude = Some(123.0);
    assert!(matches!(bad.validate(), Err(Error::Validation { field, .. }) if field == "latitude"));
    let bad = org("con_x", "X");
    assert!(matches!(bad.validate(), Err(Error::Validation { field, .. }) if field == "id"));
}

#[test]
fn references_to_missing_records_are_reported_on_their_field() {
    let db = TempDb::new();
    let store = db.open();
    let mut child = org("org_child", "Member hospital");
    child.parent_id = Some("org_missing".into());
    let err = store
        .write("child", |w| {
            store::organisations::save(w, &child.clone().validate()?)
        })
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "parentId"),
        "{err}"
    );
    assert_eq!(count(&store, "organisations"), 0);
}

#[test]
fn parent_cycles_are_refused() {
    let db = TempDb::new();
    let store = db.open();
    store
        .write("a", |w| {
            store::organisations::save(w, &org("org_a", "A").validate()?)
        })
        .unwrap();
    let mut b = org("org_b", "B");
    b.parent_id = Some("org_a".into());
    store
        .write("b", |w| {
            store::organisations::save(w, &b.clone().validate()?)
        })
        .unwrap();
    let mut a = org("org_a", "A");
    a.parent_id = Some("org_b".into());
    let err = store.write("cycle", |w| {
        store::organisations::save(w, &a.clone().validate()?)
    });
    assert!(matches!(err, Err(Error::Validation { field, .. }) if field == "parentId"));
}

/// The UI, imports and the CLI writing at the same time never meet "database is locked":
/// in-process writers queue on the one writer, other processes wait on the busy timeout.
#[test]
fn concurrent_writers_in_and_out_of_process_all_succeed() {
    let db = TempDb::new();
    let store = std::sync::Arc::new(db.open());
    let cli = env!("CARGO_BIN_EXE_passerelle-cli");
    let path = db.path.clone();
    let other_process = std::thread::spawn(move || {
        (0..6)
            .map(|i| {
                let seed = if i % 2 == 0 {
                    "belgian-ehealth"
                } else {
                    "taiwan-wallonia-2025"
                };
                std::process::Command::new(cli)
                    .arg("--db")
                    .arg(&path)
                    .args(["seed", seed])
                    .output()
                    .unwrap()
            })
            .collect::<Vec<_>>()
    });
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let store = std::sync::Arc::clone(&store);
            std::thread::spawn(move || {
                for i in 0..40 {
                    let o = org(&format!("org_thread_{t}_{i}"), &format!("Clinique {t}-{i}"));
                    store
                        .write("thread", |w| store::organisations::save(w, &o.validate()?))
                        .unwrap_or_else(|e| panic!("thread {t} write {i}: {e}"));
                    store.read(store::organisations::list).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    for out in other_process.join().unwrap() {
        assert!(
            out.status.success(),
            "CLI: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let ours = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM organisations WHERE id GLOB 'org_thread_*'",
                [],
                |r| r.get::<_, i64>(0),
            )?)
        })
        .unwrap();
    assert_eq!(ours, 160);
    assert!(count(&store, "missions") == 1, "the CLI's seed landed too");
}

/// Databases written by earlier versions, kept in `tests/fixtures/db/` (one per schema version,
/// added whenever a migration lands), open, migrate to the current schema and keep their data.
#[test]
fn fixtures_of_earlier_versions_open_and_keep_their_data() {
    let fresh = TempDb::new();
    let schema = |s: &Store| -> Vec<(String, String)> {
        s.read(|c| {
            let mut stmt =
                c.prepare("SELECT name, ifnull(sql, '') FROM sqlite_schema ORDER BY type, name")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .unwrap()
    };
    let expected = schema(&fresh.open());
    let dir = common::repo_root().join("tests/fixtures/db");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let db = TempDb::new();
        std::fs::copy(entry.path(), &db.path).unwrap();
        let store =
            Store::open(&db.path).unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        assert_eq!(schema(&store), expected, "{}", entry.path().display());
        assert!(count(&store, "missions") >= 1 && count(&store, "contacts") >= 20);
        seen += 1;
    }
    assert!(seen >= 1, "no fixture in {}", dir.display());
}

/// The page scan (`PRAGMA quick_check`) runs when the app opens the file, not for each CLI
/// command: a command on a file damaged where it does not read opens (fast), and meets the
/// damage as an error where it reads; the app's open, `info` and `backup` refuse the file.
#[test]
fn a_command_opens_without_the_page_scan_and_the_app_still_refuses_a_damaged_file() {
    let db = TempDb::new();
    passerelle_core::seed::load(&db.open(), "taiwan-wallonia-2025").unwrap();
    damage_table(&db.path, "contacts");
    let bytes = std::fs::read(&db.path).unwrap();

    let err = Store::open(&db.path)
        .err()
        .expect("a damaged file was opened");
    assert!(matches!(err, Error::NotADatabase { .. }), "{err}");
    assert!(err.to_string().contains("damaged"), "{err}");
    assert_eq!(std::fs::read(&db.path).unwrap(), bytes, "left untouched");

    let store = Store::open_skipping_check(&db.path).expect("opened without the scan");
    assert!(count(&store, "missions") >= 1, "undamaged tables read");
    let read = store.read(store::contacts::list);
    assert!(read.is_err(), "the damaged table is an error, not rows");
    drop(store);

    // The CLI: listing the contacts fails with one error line (no panic); info and backup
    // refuse the file.
    let out = cli(&db, &["list", "contacts", "--json"]);
    let stderr = common::one_error_line(&out);
    assert!(stderr.starts_with("error:"), "{stderr}");
    for args in [
        &["info", "--json"][..],
        &["backup", "--out", "/nonexistent-dir/b.sqlite3"][..],
    ] {
        let out = cli(&db, args);
        let stderr = common::one_error_line(&out);
        assert!(stderr.contains("damaged"), "{args:?}: {stderr}");
    }
    let out = cli(&db, &["list", "missions", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A file that is to be migrated is checked before, even by a command's open, and left at its
/// version.
#[test]
fn a_damaged_file_of_an_earlier_version_is_refused_before_its_migration() {
    let db = TempDb::new();
    std::fs::copy(
        common::repo_root().join("tests/fixtures/db/v5-seeded.sqlite3"),
        &db.path,
    )
    .unwrap();
    // A table no migration changes: the page scan (and the copy kept before a migration, which
    // reads every page) finds it damaged.
    damage_table(&db.path, "import_mappings");
    let err = Store::open_skipping_check(&db.path)
        .err()
        .expect("a damaged file was migrated");
    assert!(matches!(err, Error::NotADatabase { .. }), "{err}");
    let version: i64 = rusqlite::Connection::open(&db.path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 5, "not migrated");
}

/// Commits of another process (the CLI) or another connection are noticed by a window's
/// watcher, with the kinds and ids they touched; the store's own writes, already announced by
/// its change listener, are not.
#[test]
fn writes_of_other_processes_are_noticed_and_own_writes_are_not() {
    let db = TempDb::new();
    let store = db.open();
    let mut others = store.watch_others().unwrap();
    assert!(others.poll(&store).unwrap().is_empty(), "nothing yet");
    store
        .write("Add an organisation", |w| {
            store::organisations::save(w, &org("org_own", "CHU de Liège"))
        })
        .unwrap();
    assert!(others.poll(&store).unwrap().is_empty(), "our own write");

    // Our write that changed nothing leaves no change set, and its id is the CLI's next.
    store.write("Nothing", |_| Ok(())).unwrap();
    let out = cli(
        &db,
        &["contact", "add", "--given", "Mei-Ling", "--family", "Chen"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli_write = others.poll(&store).unwrap();
    assert_eq!(kinds(&cli_write), ["contacts"], "the CLI's write");
    let added: String = store
        .read(|c| Ok(c.query_row("SELECT id FROM contacts", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(
        cli_write
            .ids("contacts")
            .unwrap()
            .iter()
            .collect::<Vec<_>>(),
        [&added]
    );
    assert!(others.poll(&store).unwrap().is_empty(), "told once");

    // Another connection's write and ours between two polls: only the other's is told.
    let second = Store::open(&db.path).unwrap();
    second
        .write("Add an organisation", |w| {
            store::organisations::save(w, &org("org_other", "CHC Mont Légia"))
        })
        .unwrap();
    store
        .write("Add an organisation", |w| {
            store::organisations::save(w, &org("org_own_2", "CHR Citadelle"))
        })
        .unwrap();
    let other_write = others.poll(&store).unwrap();
    assert_eq!(kinds(&other_write), ["organisations"]);
    assert_eq!(
        other_write
            .ids("organisations")
            .unwrap()
            .iter()
            .collect::<Vec<_>>(),
        ["org_other"],
        "the other connection's write, not ours"
    );
    assert!(others.poll(&store).unwrap().is_empty());
    // A write that changes nothing leaves no change set: nothing to tell.
    second.write("Nothing", |_| Ok(())).unwrap();
    assert!(others.poll(&store).unwrap().is_empty());
}

fn kinds(changes: &store::Changes) -> Vec<&str> {
    changes.kinds().collect()
}

/// The store's listener hears of each commit with exactly what it touched (links under their
/// owner, a bulk insert past the cap without ids), nothing of a write that changed nothing or
/// failed, and everything after a restore, which the watcher then does not tell again.
#[test]
fn each_commit_announces_what_it_touched() {
    use std::sync::{Arc, Mutex};
    let db = TempDb::new();
    let store = db.open();
    let heard: Arc<Mutex<Vec<store::Changes>>> = Arc::default();
    let sink = Arc::clone(&heard);
    store.set_change_listener(Box::new(move |c| sink.lock().unwrap().push(c.clone())));
    let take = || std::mem::take(&mut *heard.lock().unwrap());
    let mut others = store.watch_others().unwrap();

    store
        .write("Add two organisations", |w| {
            store::organisations::save(w, &org("org_a", "CHU de Liège"))?;
            store::organisations::save(w, &org("org_b", "CHR Citadelle"))
        })
        .unwrap();
    let told = take();
    assert_eq!(told.len(), 1, "one announcement per commit");
    assert_eq!(kinds(&told[0]), ["organisations"]);
    assert_eq!(
        told[0]
            .ids("organisations")
            .unwrap()
            .iter()
            .collect::<Vec<_>>(),
        ["org_a", "org_b"]
    );
    assert_eq!(
        serde_json::to_value(told[0].to_event()).unwrap(),
        serde_json::json!({"entities": ["organisations"], "ids": {"organisations": ["org_a", "org_b"]}})
    );

    // Unchanged, or failed: nothing to tell.
    store
        .write("Same again", |w| {
            store::organisations::save(w, &org("org_a", "CHU de Liège"))
        })
        .unwrap();
    let failed = store.write("Fails", |w| {
        store::organisations::save(w, &org("org_c", "CHC"))?;
        Err::<(), _>(Error::Internal("no".into()))
    });
    assert!(failed.is_err());
    assert!(take().is_empty());

    // Many records of one kind: the kind without its ids.
    store
        .write("Many", |w| {
            for i in 0..=store::MAX_IDS_PER_KIND {
                store::organisations::save(w, &org(&format!("org_n{i}"), &format!("Org {i}")))?;
            }
            Ok(())
        })
        .unwrap();
    let told = take();
    assert_eq!(kinds(&told[0]), ["organisations"]);
    assert!(told[0].ids("organisations").is_none());
    assert!(others.poll(&store).unwrap().is_empty(), "all ours");

    // A restore changes everything, told once (by the listener, not again by the watcher).
    let backups = db.dir.path().join("backups");
    let backup = store::backup::backup_to(&store, &backups.join("b.sqlite3")).unwrap();
    store
        .write("After the backup", |w| {
            store::organisations::save(w, &org("org_late", "CHU Saint-Pierre"))
        })
        .unwrap();
    take();
    assert!(others.poll(&store).unwrap().is_empty());
    store
        .restore_from(&backups.join(&backup.file_name), None, &backups)
        .unwrap();
    let told = take();
    assert_eq!(told.len(), 1);
    for kind in ["organisations", "contacts", "agenda_items", "settings"] {
        assert!(kinds(&told[0]).contains(&kind), "{kind}");
    }
    assert!(
        others.poll(&store).unwrap().is_empty(),
        "the restore was ours"
    );
}
