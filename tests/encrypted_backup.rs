//! Encrypted backups on real files, through the CLI and the store: an encrypted backup restores
//! on a new data folder with its passphrase and not without; a wrong passphrase, a truncated
//! file or an empty passphrase is refused and changes nothing, byte for byte; the file holds
//! no name in clear and no plain copy is left behind.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{cli, count, json, one_error_line, TempDb};
use passerelle_core::store::backup::{self, Passphrase};
use passerelle_core::{seed, Error, Store};
use std::path::{Path, PathBuf};

const PASSPHRASE: &str = "cinq tasses de thé à Hsinchu";

fn passphrase_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Everything a reader sees, to compare two databases.
fn content(store: &Store) -> String {
    store
        .read(|c| {
            let mut all = String::new();
            for table in ["organisations", "contacts", "missions", "agenda_items"] {
                let mut stmt = c.prepare(&format!("SELECT * FROM {table} ORDER BY 1"))?;
                let n = stmt.column_count();
                let mut rows = stmt.query([])?;
                while let Some(row) = rows.next()? {
                    for i in 0..n {
                        let v = row.get::<_, rusqlite::types::Value>(i)?;
                        all.push_str(&format!("{v:?}|"));
                    }
                    all.push('\n');
                }
            }
            Ok(all)
        })
        .unwrap()
}

/// Files a run must not leave: plain scratch copies and partial writes.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".passerelle-scratch-") || n.ends_with(".partial"))
                .collect()
        })
        .unwrap_or_default()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn an_encrypted_backup_restores_on_a_new_data_folder_with_its_passphrase_and_not_without() {
    let source = TempDb::new();
    assert!(cli(&source, &["seed", "taiwan-wallonia-2025"])
        .status
        .success());
    let stick = tempfile::tempdir().unwrap();
    let secret = passphrase_file(stick.path(), "pass.txt", &format!("{PASSPHRASE}\n"));
    let out = stick.path().join("mission.sqlite3.age");
    let info = json(&cli(
        &source,
        &[
            "backup",
            "--out",
            out.to_str().unwrap(),
            "--encrypt",
            "--passphrase-file",
            secret.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(info["encrypted"], true);
    assert_eq!(info["missions"], 1, "{info}");
    assert_eq!(info["bytes"], std::fs::metadata(&out).unwrap().len());
    assert!(leftovers(stick.path()).is_empty());
    assert!(leftovers(source.dir.path()).is_empty());

    // The file is age's, and none of the seed's people is named in it; the same backup in
    // clear names them all (so the search would find them).
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    let plain_copy = stick.path().join("plain.sqlite3");
    json(&cli(
        &source,
        &["backup", "--out", plain_copy.to_str().unwrap(), "--json"],
    ));
    let plain = std::fs::read(&plain_copy).unwrap();
    let people: Vec<String> = source
        .open()
        .read(|c| {
            let mut stmt = c.prepare("SELECT given_name || ' ' || family_name FROM contacts")?;
            let names = stmt.query_map([], |r| r.get(0))?;
            Ok(names.collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    assert!(people.len() >= 20, "{people:?}");
    for name in &people {
        assert!(contains(&plain, name), "the plain copy names {name}");
        assert!(!contains(&bytes, name), "the encrypted file names {name}");
    }

    // A new data folder: without the passphrase, refused and nothing is created.
    let fresh = TempDb::new();
    let refused = one_error_line(&cli(&fresh, &["restore", out.to_str().unwrap()]));
    assert!(refused.contains("--passphrase-file"), "{refused}");
    assert!(!fresh.path.exists());
    // With a wrong one, the same.
    let wrong = passphrase_file(stick.path(), "wrong.txt", "cinq tasses de café\n");
    let refused = one_error_line(&cli(
        &fresh,
        &[
            "restore",
            out.to_str().unwrap(),
            "--passphrase-file",
            wrong.to_str().unwrap(),
        ],
    ));
    assert!(refused.contains("does not open this backup"), "{refused}");
    assert!(!fresh.path.exists());
    assert!(leftovers(fresh.dir.path()).is_empty());

    // With the passphrase (here without its line break: the same passphrase), the whole content.
    let exact = passphrase_file(stick.path(), "exact.txt", PASSPHRASE);
    let report = json(&cli(
        &fresh,
        &[
            "restore",
            out.to_str().unwrap(),
            "--passphrase-file",
            exact.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(report["restored"]["missions"], 1);
    assert!(report["previousKeptAt"].is_null());
    assert_eq!(content(&fresh.open()), content(&source.open()));
    assert!(leftovers(fresh.dir.path()).is_empty());
}

#[test]
fn a_wrong_passphrase_leaves_the_current_data_untouched_byte_for_byte() {
    let db = TempDb::new();
    assert!(cli(&db, &["seed", "taiwan-wallonia-2025"]).status.success());
    let secret = passphrase_file(db.dir.path(), "pass.txt", PASSPHRASE);
    let out = db.dir.path().join("b.sqlite3.age");
    json(&cli(
        &db,
        &[
            "backup",
            "--out",
            out.to_str().unwrap(),
            "--encrypt",
            "--passphrase-file",
            secret.to_str().unwrap(),
            "--json",
        ],
    ));
    assert!(cli(&db, &["seed", "belgian-ehealth"]).status.success());
    let files = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut all: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name, std::fs::read(e.path()).unwrap())
            })
            .collect();
        all.sort();
        all
    };
    let wrong = passphrase_file(db.dir.path(), "wrong.txt", "not it");
    let before = files(db.dir.path());
    let refused = one_error_line(&cli(
        &db,
        &[
            "restore",
            out.to_str().unwrap(),
            "--passphrase-file",
            wrong.to_str().unwrap(),
        ],
    ));
    assert!(refused.contains("passphrase"), "{refused}");
    assert_eq!(files(db.dir.path()), before, "nothing changed");

    // The right one replaces the data and keeps the previous file aside.
    let report = json(&cli(
        &db,
        &[
            "restore",
            out.to_str().unwrap(),
            "--passphrase-file",
            secret.to_str().unwrap(),
            "--json",
        ],
    ));
    let kept = report["previousKeptAt"].as_str().unwrap();
    assert!(Path::new(kept).exists());
    let restored = Store::open(&db.path).unwrap();
    assert_eq!(count(&restored, "missions"), 1);
    assert!(
        count(&Store::open(Path::new(kept)).unwrap(), "organisations")
            > count(&restored, "organisations")
    );
}

#[test]
fn a_truncated_or_altered_encrypted_backup_is_refused_cleanly() {
    let db = TempDb::new();
    assert!(cli(&db, &["seed", "taiwan-wallonia-2025"]).status.success());
    let secret = passphrase_file(db.dir.path(), "pass.txt", PASSPHRASE);
    let out = db.dir.path().join("b.sqlite3.age");
    json(&cli(
        &db,
        &[
            "backup",
            "--out",
            out.to_str().unwrap(),
            "--encrypt",
            "--passphrase-file",
            secret.to_str().unwrap(),
            "--json",
        ],
    ));
    let whole = std::fs::read(&out).unwrap();
    let current = std::fs::read(&db.path).unwrap();
    let mut altered = whole.clone();
    let middle = altered.len() / 2;
    altered[middle] ^= 0x01;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("half", whole[..whole.len() / 2].to_vec()),
        ("last byte cut", whole[..whole.len() - 1].to_vec()),
        ("header only", whole[..40].to_vec()),
        ("altered", altered),
    ];
    for (what, bytes) in cases {
        let cut = db.dir.path().join(format!("{what}.sqlite3.age"));
        std::fs::write(&cut, bytes).unwrap();
        let refused = one_error_line(&cli(
            &db,
            &[
                "restore",
                cut.to_str().unwrap(),
                "--passphrase-file",
                secret.to_str().unwrap(),
            ],
        ));
        assert!(refused.contains("cannot be read"), "{what}: {refused}");
        assert_eq!(std::fs::read(&db.path).unwrap(), current, "{what}");
        assert!(leftovers(db.dir.path()).is_empty(), "{what}");
    }
}

#[test]
fn an_empty_passphrase_is_refused_and_writes_nothing() {
    let db = TempDb::new();
    assert!(cli(&db, &["seed", "taiwan-wallonia-2025"]).status.success());
    let out = db.dir.path().join("b.sqlite3.age");
    for text in ["", "\n", "\r\n"] {
        let empty = passphrase_file(db.dir.path(), "empty.txt", text);
        let refused = one_error_line(&cli(
            &db,
            &[
                "backup",
                "--out",
                out.to_str().unwrap(),
                "--encrypt",
                "--passphrase-file",
                empty.to_str().unwrap(),
            ],
        ));
        assert!(refused.contains("passphrase"), "{refused}");
        assert!(!out.exists());
    }
    // --encrypt needs its passphrase file.
    assert!(!cli(
        &db,
        &["backup", "--out", out.to_str().unwrap(), "--encrypt"]
    )
    .status
    .success());
    assert!(Passphrase::new(String::new()).is_err());
    // And a passphrase never shows in a debug print.
    let shown = format!("{:?}", Passphrase::new(PASSPHRASE.into()).unwrap());
    assert!(!shown.contains("Hsinchu"), "{shown}");
}

#[test]
fn the_app_lists_restores_and_keeps_encrypted_backups() {
    let db = TempDb::new();
    let store = db.open();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    let dir = db.dir.path().join("backups");
    let pass = Passphrase::new(PASSPHRASE.into()).unwrap();
    let made = backup::encrypted_backup(&store, &dir, &pass).unwrap();
    assert!(made.encrypted && made.file_name.ends_with(".sqlite3.age"));
    assert_eq!(made.missions, 1);
    backup::auto_backup(&store, &dir).unwrap();

    // Listed by its header, with its date but not what it holds; rotation keeps it.
    let listed = backup::list(&dir).unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    let enc = listed.iter().find(|b| b.encrypted).unwrap();
    assert_eq!(enc.file_name, made.file_name);
    assert_eq!(enc.created_at, made.created_at);
    assert_eq!((enc.missions, enc.mission_titles.len()), (0, 0));
    backup::rotate(&dir, store.now() + chrono::Duration::days(400)).unwrap();
    assert!(dir.join(&made.file_name).exists());

    // Restoring: without or with a wrong passphrase, refused beside the field, nothing changed
    // (not even the copy of the current content a restore keeps first).
    let before = content(&store);
    let path = dir.join(&made.file_name);
    let field_code = |e: Error| match e {
        Error::Validation { field, code, .. } => (field, code.map(|c| c.code)),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        field_code(store.restore_from(&path, None, &dir).unwrap_err()),
        ("passphrase".into(), Some("backupPassphraseNeeded"))
    );
    let wrong = Passphrase::new("pas celle-ci".into()).unwrap();
    assert_eq!(
        field_code(store.restore_from(&path, Some(&wrong), &dir).unwrap_err()),
        ("passphrase".into(), Some("backupPassphraseWrong"))
    );
    assert_eq!(backup::list(&dir).unwrap().len(), 1);
    assert!(leftovers(db.dir.path()).is_empty());

    common::sql(&db)
        .execute("DELETE FROM agenda_items", [])
        .unwrap();
    let restored = store.restore_from(&path, Some(&pass), &dir).unwrap();
    assert!(restored.encrypted);
    assert_eq!(restored.missions, 1);
    assert_eq!(content(&store), before);
    assert!(leftovers(db.dir.path()).is_empty());
}
