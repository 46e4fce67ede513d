//! Two laptops, one mission, through `passerelle-cli sync …` on real files (issue 15): two data
//! files made from one seeded copy exchange `.passerelle` files both ways; a file received twice
//! is already known; every file that must be refused is refused whole with its message, and the
//! data file is left exactly as it was (a hash of every table before and after).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{json, one_error_line, TempDb};
use passerelle_core::store::exchange_file;
use serde_json::Value;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Output;

const MISSION: &str = "mis_tsha_wallonia_2025";
const ITEM: &str = "itm_d1_welcome";

/// Two data folders holding copies of one seeded file (each takes its own replica id when
/// first opened), and a folder for the files they exchange.
struct Laptops {
    a: TempDb,
    b: TempDb,
    carrier: tempfile::TempDir,
}

impl Laptops {
    fn new() -> Laptops {
        let base = TempDb::new();
        json(&common::cli(
            &base,
            &["seed", "taiwan-wallonia-2025", "--json"],
        ));
        let copy = || {
            let db = TempDb::new();
            std::fs::copy(&base.path, &db.path).unwrap();
            db
        };
        Laptops {
            a: copy(),
            b: copy(),
            carrier: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.carrier.path().join(name)
    }
}

fn cli(db: &TempDb, args: &[&str]) -> Output {
    common::cli(db, args)
}

fn run(db: &TempDb, args: &[&str]) -> Value {
    json(&cli(db, args))
}

fn export(db: &TempDb, out: &Path, since: Option<&Path>) -> Value {
    let out = out.to_str().unwrap();
    let mut args = vec![
        "sync",
        "export",
        "--mission",
        MISSION,
        "--out",
        out,
        "--json",
    ];
    if let Some(since) = since {
        args.extend(["--since", since.to_str().unwrap()]);
    }
    run(db, &args)
}

fn import(db: &TempDb, file: &Path) -> Value {
    run(db, &["sync", "import", file.to_str().unwrap(), "--json"])
}

fn conflicts(db: &TempDb) -> Vec<Value> {
    let list = run(db, &["sync", "conflicts", "--mission", MISSION, "--json"]);
    list.as_array().unwrap().clone()
}

fn start_of(db: &TempDb, item: &str) -> String {
    let agenda = run(db, &["list", "agenda", "--mission", MISSION]);
    let found = agenda.as_array().unwrap().iter().find(|i| i["id"] == item);
    found.unwrap()["start"].as_str().unwrap().to_owned()
}

fn move_item(db: &TempDb, start: &str, end: &str) {
    let out = cli(
        db,
        &[
            "agenda", "move", "--id", ITEM, "--start", start, "--end", end,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A hash of every row of every table of the data file (the WAL included).
fn content_hash(db: &TempDb) -> u64 {
    let conn =
        rusqlite::Connection::open_with_flags(&db.path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut h = DefaultHasher::new();
    for table in tables {
        table.hash(&mut h);
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        rows.hash(&mut h);
    }
    h.finish()
}

#[test]
fn two_copies_exchange_both_ways_settle_and_end_identical() {
    let l = Laptops::new();
    // The Liège hour, offline: one adviser moves the welcome to 14:30, the other to 14:45.
    move_item(
        &l.a,
        "2025-06-26T14:30:00+02:00",
        "2025-06-26T15:00:00+02:00",
    );
    move_item(
        &l.b,
        "2025-06-26T14:45:00+02:00",
        "2025-06-26T15:15:00+02:00",
    );
    let (a1, b1) = (l.file("a1.passerelle"), l.file("b1.passerelle"));
    let written = export(&l.a, &a1, None);
    assert!(written["ops"].as_u64().unwrap() > 0, "{written}");
    assert_eq!(written["bytes"], std::fs::metadata(&a1).unwrap().len());
    export(&l.b, &b1, None);

    let got = import(&l.b, &a1);
    let keys: Vec<&String> = got.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["already_known", "applied", "conflicts", "superseded"],
        "the JSON contract: {got}"
    );
    assert!(got["conflicts"].as_u64().unwrap() >= 1, "{got}");
    assert!(
        got["already_known"].as_u64().unwrap() > 0,
        "the seed's ops: {got}"
    );
    import(&l.a, &b1);

    // Received twice: nothing new.
    let again = import(&l.b, &a1);
    assert_eq!(again["applied"], 0);
    assert_eq!(again["conflicts"], 0);
    assert_eq!(again["already_known"], written["ops"]);

    // Both copies show the same conflicts, each with its own value as `local`.
    let (on_a, on_b) = (conflicts(&l.a), conflicts(&l.b));
    assert_eq!(on_a.len(), on_b.len());
    // The move is one conflict: the item's time (its start and end together).
    let start = on_a.iter().find(|c| c["field"] == "time").unwrap();
    for key in [
        "id",
        "entity",
        "entity_id",
        "field",
        "base",
        "local",
        "remote",
        "local_at",
        "remote_at",
        "remote_replica",
    ] {
        assert!(start.get(key).is_some(), "{key} in {start}");
    }
    assert_eq!(start["entity_id"], ITEM);
    assert_eq!(start["local"]["starts_at"], "2025-06-26T12:30:00Z");
    assert_eq!(start["remote"]["starts_at"], "2025-06-26T12:45:00Z");
    let twin = on_b.iter().find(|c| c["id"] == start["id"]).unwrap();
    assert_eq!(twin["local"], start["remote"]);

    // Settled on A (theirs: 14:45), each in one command; the settlements travel to B with
    // only what B's last file did not show it has.
    for c in &on_a {
        let id = c["id"].as_str().unwrap();
        let done = run(&l.a, &["sync", "resolve", id, "--take", "remote", "--json"]);
        assert_eq!(done["resolved"], id);
    }
    assert!(conflicts(&l.a).is_empty());
    let a2 = l.file("a2.passerelle");
    let since = export(&l.a, &a2, Some(&b1));
    assert!(
        since["ops"].as_u64().unwrap() < written["ops"].as_u64().unwrap(),
        "--since sends less: {since}"
    );
    let b_id = exchange_file::read(&b1).unwrap().header.replica;
    assert_eq!(since["peer"], b_id.as_str());
    import(&l.b, &a2);
    assert!(conflicts(&l.b).is_empty(), "{:?}", conflicts(&l.b));
    assert_eq!(start_of(&l.a, ITEM), "2025-06-26T14:45:00+02:00");
    assert_eq!(start_of(&l.b, ITEM), "2025-06-26T14:45:00+02:00");

    // A file received by its own writer: nothing new, nothing changed.
    let before = content_hash(&l.a);
    let own = import(&l.a, &a2);
    assert_eq!(own["applied"], 0);
    assert_eq!(own["already_known"], since["ops"]);
    assert_eq!(content_hash(&l.a), before);
}

/// Runs `passerelle-cli sync import FILE [extra]` and checks it is refused with one line naming
/// `words`, and that the data file is exactly as it was.
fn refused(db: &TempDb, file: &Path, extra: &[&str], words: &str) {
    let before = content_hash(db);
    let mut args = vec!["sync", "import", file.to_str().unwrap(), "--json"];
    args.extend(extra);
    let line = one_error_line(&cli(db, &args));
    assert!(line.contains(words), "{words:?} in {line}");
    assert_eq!(content_hash(db), before, "nothing changed: {line}");
}

#[test]
fn every_bad_file_is_refused_whole_and_changes_nothing() {
    let l = Laptops::new();
    move_item(
        &l.b,
        "2025-06-26T14:45:00+02:00",
        "2025-06-26T15:15:00+02:00",
    );
    let good = l.file("b1.passerelle");
    export(&l.b, &good, None);
    let bytes = std::fs::read(&good).unwrap();
    // A opens its copy once, so that its replica id is its own before the refusals.
    run(&l.a, &["sync", "conflicts", "--json"]);

    let csv = l.file("contacts.csv");
    std::fs::write(&csv, "name,email\nA,a@b.c\n").unwrap();
    refused(&l.a, &csv, &[], "not a Passerelle exchange file");
    refused(&l.a, &l.a.path, &[], "not a Passerelle exchange file");

    let cut = l.file("cut.passerelle");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    refused(&l.a, &cut, &[], "damaged or incomplete");

    let altered = l.file("altered.passerelle");
    std::fs::copy(&good, &altered).unwrap();
    let conn = rusqlite::Connection::open(&altered).unwrap();
    conn.execute("UPDATE ops SET v = '\"x\"' WHERE rowid = 1", [])
        .unwrap();
    drop(conn);
    refused(&l.a, &altered, &[], "checksum");

    let newer_format = l.file("format2.passerelle");
    std::fs::copy(&good, &newer_format).unwrap();
    let conn = rusqlite::Connection::open(&newer_format).unwrap();
    conn.execute(
        "UPDATE header SET value = 'passerelle.sync/2' WHERE key = 'format'",
        [],
    )
    .unwrap();
    drop(conn);
    refused(&l.a, &newer_format, &[], "newer Passerelle (format 2)");

    // Well-formed files that this copy must not receive.
    let xf = exchange_file::read(&good).unwrap();
    let mut newer = xf.clone();
    newer.header.schema_version += 1;
    let newer_schema = l.file("schema.passerelle");
    exchange_file::write(&newer_schema, &newer).unwrap();
    refused(&l.a, &newer_schema, &[], "newer Passerelle (data version");

    // Into the wrong mission.
    let other = run(
        &l.a,
        &[
            "mission",
            "create",
            "--name",
            "Namur",
            "--start",
            "2026-03-10",
            "--end",
            "2026-03-11",
            "--host-tz",
            "Europe/Brussels",
            "--home-tz",
            "Asia/Taipei",
            "--json",
        ],
    );
    let other = other["id"].as_str().unwrap().to_owned();
    refused(&l.a, &good, &["--mission", &other], "not “Namur”");

    // A file whose change sets carry A's own replica id, which A never made (a copy of A's
    // data folder that kept the id).
    let a_id = {
        let a_file = l.file("a0.passerelle");
        export(&l.a, &a_file, None);
        exchange_file::read(&a_file).unwrap().header.replica
    };
    let mut copied = xf.clone();
    for set in &mut copied.sets {
        if set.replica == xf.header.replica {
            set.replica = a_id.clone();
            set.seq += 1_000;
        }
    }
    let copied_file = l.file("copied.passerelle");
    exchange_file::write(&copied_file, &copied).unwrap();
    refused(&l.a, &copied_file, &[], "kept its identity");

    // And the good file, after all that, is received.
    let got = import(&l.a, &good);
    assert!(got["applied"].as_u64().unwrap() > 0, "{got}");
    assert_eq!(start_of(&l.a, ITEM), "2025-06-26T14:45:00+02:00");
}

#[test]
fn export_and_resolve_say_what_is_wrong() {
    let l = Laptops::new();
    let out = l.file("x.passerelle");
    let line = one_error_line(&cli(
        &l.a,
        &[
            "sync",
            "export",
            "--mission",
            "mis_nope",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert!(line.contains("mis_nope"), "{line}");
    assert!(!out.exists());
    // `--since` our own file: the peer's file is what is meant.
    export(&l.a, &out, None);
    let again = l.file("y.passerelle");
    let line = one_error_line(&cli(
        &l.a,
        &[
            "sync",
            "export",
            "--mission",
            MISSION,
            "--since",
            out.to_str().unwrap(),
            "--out",
            again.to_str().unwrap(),
        ],
    ));
    assert!(line.contains("peer"), "{line}");
    let line = one_error_line(&cli(
        &l.a,
        &["sync", "resolve", "cfl_nope", "--take", "local"],
    ));
    assert!(line.contains("cfl_nope"), "{line}");
    // The whole directory travels too.
    let dir_file = l.file("directory.passerelle");
    let written = run(
        &l.a,
        &[
            "sync",
            "export",
            "--directory",
            "--out",
            dir_file.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(written["ops"].as_u64().unwrap() > 0);
    let got = import(&l.b, &dir_file);
    assert_eq!(got["applied"], 0, "the same seed: {got}");
}

/// An outcome logged with its follow-up writes, in one change set, the follow-up and then its
/// link to the outcome: the receiving copy takes both (a copy's own later op follows its
/// earlier ones whatever the clocks), so the follow-up arrives linked to its outcome.
#[test]
fn a_follow_up_made_with_its_outcome_arrives_linked_to_it() {
    let l = Laptops::new();
    let made = run(
        &l.a,
        &[
            "outcome",
            "add",
            "--item",
            "itm_d2_one_to_one_cardiology",
            "--type",
            "pilot",
            "--next-steps",
            "Envoyer le protocole",
            "--followup-due",
            "2025-07-15",
            "--json",
        ],
    );
    let outcome = made["id"].as_str().unwrap().to_owned();
    export(&l.a, &l.file("a1.passerelle"), None);
    let got = import(&l.b, &l.file("a1.passerelle"));
    assert_eq!(got["superseded"], 0, "{got}");
    let linked = |db: &TempDb| {
        let list = run(db, &["followup", "list", "--mission", MISSION, "--json"]);
        let found = list
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["title"] == "Envoyer le protocole")
            .cloned();
        found.unwrap()["outcomeId"].clone()
    };
    assert_eq!(linked(&l.a), Value::String(outcome.clone()));
    assert_eq!(linked(&l.b), Value::String(outcome));
}

/// Issue 15: a follow-up naming a person, made on B before B heard of the person's erasure on A,
/// reaches A after the erasure. Both copies keep the follow-up without the person (the field
/// the schema empties when a person goes), as the erasure's own cascade leaves it on B, and
/// neither file holds the person's id any more.
#[test]
fn a_creation_naming_a_person_erased_meanwhile_is_kept_without_them_on_both_copies() {
    const PERSON: &str = "con_liege_doctor_1";
    let l = Laptops::new();
    let made = run(
        &l.b,
        &[
            "followup",
            "add",
            "--mission",
            MISSION,
            "--title",
            "Send the trial protocol",
            "--contact",
            PERSON,
            "--json",
        ],
    );
    let id = made["id"].as_str().unwrap().to_owned();
    export(&l.b, &l.file("b1.passerelle"), None);
    let out = cli(&l.a, &["contact", "erase", PERSON]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    import(&l.a, &l.file("b1.passerelle"));
    export(&l.a, &l.file("a1.passerelle"), None);
    import(&l.b, &l.file("a1.passerelle"));
    for (name, db) in [("A", &l.a), ("B", &l.b)] {
        let conn = common::sql(db);
        let row: Option<(String, Option<String>)> = conn
            .query_row(
                "SELECT title, contact_id FROM followups WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        assert_eq!(
            row,
            Some(("Send the trial protocol".to_owned(), None)),
            "copy {name}"
        );
        drop(conn);
        let mut bytes = std::fs::read(&db.path).unwrap();
        let mut wal = db.path.clone().into_os_string();
        wal.push("-wal");
        bytes.extend(std::fs::read(wal).unwrap_or_default());
        assert!(
            !bytes.windows(PERSON.len()).any(|w| w == PERSON.as_bytes()),
            "copy {name}'s file holds the erased person's id"
        );
    }
}
