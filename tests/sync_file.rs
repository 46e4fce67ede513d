//! The mission exchange file on disk (`.passerelle`): written whole, read back identical, and
//! refused whole (with its code) when it is not one, is cut short, altered, or newer.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use passerelle_core::store::exchange_file;
use passerelle_core::sync::clock::Hlc;
use passerelle_core::sync::file::{ExchangeFile, Header};
use passerelle_core::sync::op::{ChangeSet, Op, OpKind, Scope, VersionVector};
use passerelle_core::Error;
use serde_json::json;
use std::path::Path;

/// A file of `sets` change sets of `per_set` ops each, as a mission's would look.
fn sample(sets: u64, per_set: u32) -> ExchangeFile {
    let mut held = VersionVector::default();
    held.note_range("rep_3f2a9c0d1e4b4c5d8e7f6a5b4c3d2e1f", 1, sets);
    held.note_range("rep_0a1b2c3d4e5f40718293a4b5c6d7e8f9", 1, 40);
    let mut out = Vec::new();
    for seq in 1..=sets {
        let ops = (0..per_set)
            .map(|i| Op {
                index: i,
                entity: "agenda_items".into(),
                entity_id: format!("itm_{:032x}", seq * 1000 + u64::from(i)),
                kind: if i == 0 { OpKind::Set } else { OpKind::Add },
                field: if i == 0 {
                    "starts_at".into()
                } else {
                    "participants".into()
                },
                value: if i == 0 {
                    json!("2025-06-26T12:30:00Z")
                } else {
                    json!(format!("con_{i:032x}"))
                },
                base_op: (i == 0).then(|| format!("rep_0a1b2c3d4e5f40718293a4b5c6d7e8f9/{seq}/0")),
                base: if i == 0 {
                    json!("2025-06-26T12:00:00Z")
                } else {
                    json!(null)
                },
            })
            .collect();
        out.push(ChangeSet {
            replica: "rep_3f2a9c0d1e4b4c5d8e7f6a5b4c3d2e1f".into(),
            seq,
            hlc: Hlc {
                ms: 1_764_000_000_000 + seq as i64,
                counter: 0,
            },
            label: "action.moveItem".into(),
            scope: Scope::Mission("mis_liege".into()),
            ops,
        });
    }
    ExchangeFile {
        header: Header {
            schema_version: passerelle_core::store::SCHEMA_VERSION,
            replica: "rep_3f2a9c0d1e4b4c5d8e7f6a5b4c3d2e1f".into(),
            scope: Scope::Mission("mis_liege".into()),
            mission_title: Some("Mission santé Liège – Namur".into()),
            created_at: "2026-12-05T10:00:00Z".into(),
            held,
        },
        sets: out,
    }
}

fn refusal(path: &Path) -> &'static str {
    let code = match exchange_file::read(path) {
        Err(Error::Refused(m)) => m.code,
        other => panic!("expected a refusal, got {other:?}"),
    };
    // The file's bytes read from memory (the fuzz target's way in): the same refusal.
    match exchange_file::read_bytes(&std::fs::read(path).unwrap()) {
        Err(Error::Refused(m)) => assert_eq!(m.code, code),
        other => panic!("expected a refusal from the bytes, got {other:?}"),
    }
    code
}

#[test]
fn a_file_reads_back_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("liège.passerelle");
    let xf = sample(3, 4);
    let bytes = exchange_file::write(&path, &xf).unwrap();
    assert_eq!(bytes, std::fs::metadata(&path).unwrap().len());
    assert_eq!(exchange_file::read(&path).unwrap(), xf);
    let read = exchange_file::read_bytes(&std::fs::read(&path).unwrap());
    assert_eq!(read.unwrap(), xf);
    // Written whole: no temporary file left beside it; rewriting replaces it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let empty = ExchangeFile {
        sets: vec![],
        ..sample(0, 0)
    };
    exchange_file::write(&path, &empty).unwrap();
    assert_eq!(exchange_file::read(&path).unwrap(), empty);
}

#[test]
fn a_file_holds_at_most_200_bytes_per_op() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.passerelle");
    let xf = sample(1000, 10);
    let bytes = exchange_file::write(&path, &xf).unwrap();
    let per_op = bytes as f64 / xf.op_count() as f64;
    println!(
        "{} ops, {bytes} bytes, {per_op:.1} bytes per op",
        xf.op_count()
    );
    assert!(per_op <= 200.0, "{per_op} bytes per op");
}

#[test]
fn what_is_not_an_exchange_file_is_refused_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("contacts.csv");
    std::fs::write(&csv, "name,email\nA,a@b.c\n").unwrap();
    assert_eq!(refusal(&csv), "syncNotAFile");
    let empty = dir.path().join("empty.passerelle");
    std::fs::write(&empty, "").unwrap();
    assert_eq!(refusal(&empty), "syncNotAFile");
    // Another application's SQLite file, and a Passerelle data file.
    let other = dir.path().join("other.sqlite");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    assert_eq!(refusal(&other), "syncNotAFile");
    let data = dir.path().join("passerelle.sqlite3");
    drop(passerelle_core::Store::open(&data).unwrap());
    assert_eq!(refusal(&data), "syncNotAFile");
    assert!(exchange_file::read(&dir.path().join("missing.passerelle")).is_err());
}

#[test]
fn a_cut_or_altered_file_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.passerelle");
    exchange_file::write(&path, &sample(200, 5)).unwrap();
    let bytes = std::fs::read(&path).unwrap();

    // Cut short (a full USB stick, an interrupted download), at several places.
    for keep in [
        bytes.len() - 1,
        bytes.len() - 4096,
        bytes.len() / 2,
        4096,
        100,
    ] {
        let cut = dir.path().join(format!("cut-{keep}.passerelle"));
        std::fs::write(&cut, &bytes[..keep]).unwrap();
        assert_eq!(refusal(&cut), "syncFileDamaged", "cut at {keep}");
    }
    assert_eq!(
        refusal(&{
            let p = dir.path().join("cut-50.passerelle");
            std::fs::write(&p, &bytes[..50]).unwrap();
            p
        }),
        "syncNotAFile"
    );

    // A value changed by another tool: the sum no longer matches.
    let altered = dir.path().join("altered.passerelle");
    std::fs::copy(&path, &altered).unwrap();
    let conn = rusqlite::Connection::open(&altered).unwrap();
    conn.execute(
        "UPDATE ops SET v = '\"2025-06-26T13:00:00Z\"' WHERE rowid = 1",
        [],
    )
    .unwrap();
    drop(conn);
    assert_eq!(refusal(&altered), "syncFileChecksum");

    // An op removed: the counts no longer match.
    let short = dir.path().join("short.passerelle");
    std::fs::copy(&path, &short).unwrap();
    let conn = rusqlite::Connection::open(&short).unwrap();
    conn.execute("DELETE FROM ops WHERE rowid = 7", []).unwrap();
    drop(conn);
    assert_eq!(refusal(&short), "syncFileDamaged");

    // Bytes flipped in the middle of the file (a damaged page): damaged or altered, never read.
    let mut flipped = bytes.clone();
    let at = bytes.len() / 2;
    for b in &mut flipped[at..at + 64] {
        *b ^= 0x5a;
    }
    let damaged = dir.path().join("flipped.passerelle");
    std::fs::write(&damaged, &flipped).unwrap();
    let code = refusal(&damaged);
    assert!(
        code == "syncFileDamaged" || code == "syncFileChecksum",
        "{code}"
    );
}

#[test]
fn a_newer_format_is_refused_with_its_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.passerelle");
    exchange_file::write(&path, &sample(2, 2)).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE header SET value = 'passerelle.sync/2' WHERE key = 'format'",
        [],
    )
    .unwrap();
    drop(conn);
    match exchange_file::read(&path) {
        Err(Error::Refused(m)) => {
            assert_eq!(m.code, "syncFileNewerFormat");
            assert_eq!(m.params["found"], "2");
            assert!(m.english().contains("newer Passerelle"), "{}", m.english());
        }
        other => panic!("{other:?}"),
    }
}
