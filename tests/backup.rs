//! Backups and restores on real files: whole or absent, checked, rotated, and a damaged or
//! replaced database is set aside, never overwritten.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::{count, TempDb};
use passerelle_core::store::backup;
use passerelle_core::{seed, Error, Store};
use std::process::Command;

#[test]
fn a_backup_holds_everything_and_restores_identically() {
    let db = TempDb::new();
    let store = db.open();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    let content = |s: &Store| -> String {
        s.read(|c| {
            let mut all = String::new();
            for table in [
                "organisations",
                "departments",
                "contacts",
                "technologies",
                "missions",
                "sites",
                "rooms",
                "agenda_items",
                "agenda_participants",
                "followups",
                "change_log",
            ] {
                let mut stmt = c.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))?;
                let n = stmt.column_count();
                let mut rows = stmt.query([])?;
                while let Some(row) = rows.next()? {
                    for i in 0..n {
                        all.push_str(&format!("{:?}|", row.get::<_, rusqlite::types::Value>(i)?));
                    }
                    all.push('\n');
                }
            }
            Ok(all)
        })
        .unwrap()
    };
    let before = content(&store);
    let replica_before = store.replica_id().unwrap();
    let out = db.dir.path().join("copies/manual.sqlite3");
    let info = backup::backup_to(&store, &out).unwrap();
    assert_eq!(info.missions, 1);
    assert_eq!(info.mission_titles.len(), 1);
    assert!(info.contacts >= 20 && info.agenda_items >= 8, "{info:?}");
    assert!(!db
        .dir
        .path()
        .join("copies/.manual.sqlite3.partial")
        .exists());

    // Damage the live content, then restore the backup into the open store.
    common::sql(&db)
        .execute("DELETE FROM agenda_items", [])
        .unwrap();
    assert_eq!(count(&store, "agenda_items"), 0);
    let restored = store
        .restore_from(&out, None, &db.dir.path().join("backups"))
        .unwrap();
    assert_eq!(restored.agenda_items, info.agenda_items);
    assert_eq!(count(&store, "agenda_items") as u32, info.agenda_items);
    assert_eq!(
        content(&store),
        before,
        "the restore brought back identical content"
    );
    // The restored content goes on under a new replica id: the change-set numbers after the
    // backup's were already used under the old one, and peers may hold them.
    assert_ne!(store.replica_id().unwrap(), replica_before);
    // The content before the restore was kept, in case the restore was a mistake.
    let kept = backup::list(&db.dir.path().join("backups")).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].agenda_items, 0);
    assert!(kept[0].file_name.starts_with("before-restore-"));
}

#[test]
fn a_foreign_or_damaged_file_is_never_restored() {
    let db = TempDb::new();
    let store = db.open();
    seed::load(&store, "belgian-ehealth").unwrap();
    let folder = db.dir.path().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    let junk = folder.join("junk.sqlite3");
    std::fs::write(&junk, vec![0x42; 8192]).unwrap();
    assert!(matches!(
        store.restore_from(&junk, None, &folder),
        Err(Error::NotADatabase { .. })
    ));
    assert!(
        count(&store, "organisations") > 5,
        "the live data is untouched"
    );
    assert!(
        backup::list(&folder).unwrap().is_empty(),
        "junk is not listed as a backup"
    );
}

#[test]
fn automatic_backups_are_rotated_seven_daily_four_weekly() {
    let db = TempDb::new();
    let dir = db.dir.path().join("backups");
    let start = Utc.with_ymd_and_hms(2025, 6, 1, 9, 0, 0).unwrap();
    // Two backups a day for 60 days.
    for day in 0..60 {
        for hour in [9, 17] {
            let now = start + Duration::days(day) + Duration::hours(hour - 9);
            let store = Store::open_with_clock(&db.path, std::sync::Arc::new(move || now)).unwrap();
            backup::auto_backup(&store, &dir).unwrap();
        }
    }
    let kept = backup::list(&dir).unwrap();
    let now = start + Duration::days(59) + Duration::hours(8);
    // Newest of each of the last 7 days, plus older weeks' newest, within 4 weeks.
    assert!(kept.len() >= 7 && kept.len() <= 11, "kept {}", kept.len());
    let newest = &kept[0];
    assert_eq!(newest.created_at, passerelle_core::time::format_utc(now));
    for info in &kept {
        let at = chrono::DateTime::parse_from_rfc3339(&info.created_at).unwrap();
        assert!(
            now.signed_duration_since(at) < Duration::days(28),
            "{} is too old",
            info.file_name
        );
    }
    let days: std::collections::HashSet<_> =
        kept.iter().map(|k| k.created_at[..10].to_owned()).collect();
    assert_eq!(days.len(), kept.len(), "one backup per day at most");
}

#[test]
fn the_cli_backs_up_and_restores_keeping_the_replaced_file() {
    let db = TempDb::new();
    let cli = env!("CARGO_BIN_EXE_passerelle-cli");
    let run = |args: &[&str]| {
        Command::new(cli)
            .arg("--db")
            .arg(&db.path)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["seed", "taiwan-wallonia-2025"]).status.success());
    let copy = db.dir.path().join("copy.sqlite3");
    let out = run(&["backup", "--out", copy.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["missions"], 1);

    // A different database replaces the current one; the current one is set aside.
    assert!(run(&["seed", "belgian-ehealth"]).status.success());
    let out = run(&["restore", copy.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kept = report["previousKeptAt"].as_str().unwrap();
    assert!(std::path::Path::new(kept).exists());
    let restored = Store::open(&db.path).unwrap();
    let orgs_now = count(&restored, "organisations");
    let before = Store::open(std::path::Path::new(kept)).unwrap();
    assert!(
        count(&before, "organisations") > orgs_now,
        "the replaced file still has the e-health prospects"
    );

    // A bad backup: non-zero exit, one line, nothing changed.
    let junk = db.dir.path().join("junk.bin");
    std::fs::write(&junk, b"not a database").unwrap();
    let bytes = std::fs::read(&db.path).unwrap();
    let out = run(&["restore", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr)
            .trim_end()
            .lines()
            .count(),
        1
    );
    assert_eq!(std::fs::read(&db.path).unwrap(), bytes);
}

#[test]
fn a_damaged_database_is_refused_then_set_aside_and_replaced_by_the_latest_backup() {
    let db = TempDb::new();
    let store = db.open();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    let dir = db.dir.path().join("backups");
    backup::auto_backup(&store, &dir).unwrap();
    drop(store);
    assert!(
        !db.path.with_extension("sqlite3-wal").exists(),
        "closing checkpointed the WAL"
    );
    // Scribble over the middle of the file, as a failing disk would.
    let mut bytes = std::fs::read(&db.path).unwrap();
    let len = bytes.len();
    for b in &mut bytes[4096..len.min(4096 * 6)] {
        *b = 0xA5;
    }
    std::fs::write(&db.path, &bytes).unwrap();
    let err = Store::open(&db.path)
        .err()
        .expect("a damaged file was opened");
    assert!(matches!(err, Error::NotADatabase { .. }), "{err}");
    assert_eq!(
        std::fs::read(&db.path).unwrap(),
        bytes,
        "the damaged file is untouched"
    );

    let latest = &backup::list(&dir).unwrap()[0];
    let aside = backup::restore_file(
        &db.path,
        std::path::Path::new(&latest.path),
        None,
        Utc::now(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        bytes,
        "the damaged file is kept aside as it was"
    );
    let store = Store::open(&db.path).unwrap();
    assert_eq!(count(&store, "missions"), 1);
}
