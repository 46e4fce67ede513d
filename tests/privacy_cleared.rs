//! Personal data that is cleared is gone everywhere (issues 16, 17, 18): a passport cleared or
//! gone with its person's place in the delegation, meal needs withdrawn, survey answers
//! cleared, and all of them gone with their mission leave no value in the change log, its
//! tombstones or the file's bytes (the WAL included), on the copy that cleared them and on a
//! copy that received them and then their deletion in an exchange file. Real files, through
//! `passerelle-cli` where the planner would act.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{cli, count, json, TempDb};
use passerelle_core::store;
use passerelle_core::store::surveys::AnswerRow;
use std::path::Path;

/// Words found nowhere else, to look for in the log and the file.
const NUMBER: &str = "QX7351946";
const SURNAME: &str = "ZWEIGENBAUMER";
const DIET: &str = "Zorbaflex-intolerance";
const COMMENT: &str = "Quixotically-splendid-visit";

fn id_of(out: &std::process::Output) -> String {
    json(out)["id"].as_str().unwrap().to_owned()
}

/// A mission of March 2027 with one delegate, and that delegate's passport, needs (with
/// consent) and answer to the week's survey.
fn mission_with_personal_data(db: &TempDb) -> (String, String) {
    let mission = id_of(&cli(
        db,
        &[
            "mission",
            "create",
            "--name",
            "Medtech japonaise",
            "--start",
            "2027-03-09",
            "--end",
            "2027-03-11",
            "--host-tz",
            "Europe/Brussels",
            "--home-tz",
            "Asia/Tokyo",
            "--json",
        ],
    ));
    let contact = id_of(&cli(
        db,
        &[
            "contact", "add", "--given", "Haruki", "--family", "Sato", "--json",
        ],
    ));
    json(&cli(
        db,
        &[
            "member",
            "add",
            "--mission",
            &mission,
            "--contact",
            &contact,
            "--role",
            "delegate",
            "--json",
        ],
    ));
    put_personal_data(db, &mission, &contact);
    (mission, contact)
}

fn put_personal_data(db: &TempDb, mission: &str, contact: &str) {
    json(&cli(
        db,
        &[
            "passport",
            "set",
            "--mission",
            mission,
            "--contact",
            contact,
            "--surname",
            SURNAME,
            "--given-names",
            "HARUKI",
            "--nationality",
            "JP",
            "--number",
            NUMBER,
            "--birth-date",
            "1980-05-05",
            "--expires",
            "2032-05-01",
            "--json",
        ],
    ));
    json(&cli(
        db,
        &[
            "needs",
            "set",
            "--mission",
            mission,
            "--contact",
            contact,
            "--diet",
            "halal",
            "--diet-other",
            DIET,
            "--consent",
            "--consent-by",
            "the person",
            "--consent-on",
            "2026-12-01",
            "--consent-how",
            "form",
            "--json",
        ],
    ));
    db.open()
        .write("action.importSurvey", |w| {
            w.scope_to_mission(mission)?;
            store::surveys::save_answer(
                w,
                &AnswerRow {
                    id: &format!("sva_{}", contact.trim_start_matches("con_")),
                    mission_id: mission,
                    contact_id: contact,
                    kind: "week",
                    submitted_at: None,
                    satisfaction: Some(4),
                    usefulness: Some(5),
                    again: Some(true),
                    comments: Some(COMMENT),
                    source: "test",
                },
            )
        })
        .unwrap();
}

/// How many rows of the change log, its tombstones and its conflicts hold `word`.
fn log_mentions(db: &TempDb, word: &str) -> i64 {
    db.open()
        .read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM change_log WHERE instr(coalesce(before, ''), ?1) > 0
                           OR instr(coalesce(after, ''), ?1) > 0 OR instr(coalesce(data, ''), ?1) > 0)
                      + (SELECT count(*) FROM sync_tombstones WHERE instr(data, ?1) > 0)
                      + (SELECT count(*) FROM sync_conflicts
                         WHERE instr(coalesce(value_a, ''), ?1) > 0
                           OR instr(coalesce(value_b, ''), ?1) > 0)",
                [word],
                |r| r.get(0),
            )?)
        })
        .unwrap()
}

/// Whether the file or its WAL holds `word` anywhere in its bytes.
fn file_holds(db: &TempDb, word: &str) -> bool {
    let mut wal = db.path.clone().into_os_string();
    wal.push("-wal");
    [
        std::fs::read(&db.path).unwrap(),
        std::fs::read(wal).unwrap_or_default(),
    ]
    .iter()
    .any(|b| b.windows(word.len()).any(|w| w == word.as_bytes()))
}

fn assert_gone(db: &TempDb, words: &[&str]) {
    for w in words {
        assert_eq!(log_mentions(db, w), 0, "{w} still in the change log");
        assert!(!file_holds(db, w), "{w} still in the file's bytes");
    }
}

fn assert_held(db: &TempDb, words: &[&str]) {
    for w in words {
        assert!(log_mentions(db, w) > 0, "{w} not in the change log");
    }
}

fn exchange(from: &TempDb, to: &TempDb, mission: &str, file: &Path) {
    json(&cli(
        from,
        &[
            "sync",
            "export",
            "--mission",
            mission,
            "--out",
            file.to_str().unwrap(),
            "--json",
        ],
    ));
    json(&cli(
        to,
        &["sync", "import", file.to_str().unwrap(), "--json"],
    ));
}

#[test]
fn a_cleared_passport_and_cleared_survey_answers_leave_no_value_in_the_log_or_the_file() {
    let db = TempDb::new();
    let (mission, contact) = mission_with_personal_data(&db);
    assert_held(&db, &[NUMBER, SURNAME, DIET, COMMENT]);
    let cleared = json(&cli(
        &db,
        &[
            "passport",
            "clear",
            "--mission",
            &mission,
            "--contact",
            &contact,
            "--json",
        ],
    ));
    assert_eq!(cleared["cleared"], true);
    assert_gone(&db, &[NUMBER, SURNAME]);
    // The other records are untouched.
    assert_held(&db, &[DIET, COMMENT]);
    let cleared = json(&cli(
        &db,
        &[
            "surveys",
            "clear",
            "--mission",
            &mission,
            "--kind",
            "week",
            "--json",
        ],
    ));
    assert_eq!(cleared["removed"], 1, "{cleared}");
    assert_gone(&db, &[COMMENT]);
    assert_held(&db, &[DIET]);
    // Each clear left its deletion in the log (it travels), never undone: nothing to undo.
    let store = db.open();
    let deletions: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM change_log
                 WHERE entity IN ('passports', 'survey_answers') AND kind = 'delete'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(deletions, 2);
    let undo = store.read(|c| store::undo::state(c, &mission)).unwrap();
    assert!(
        undo.undo.as_deref() != Some("action.clearPassport"),
        "{undo:?}"
    );
}

#[test]
fn leaving_the_delegation_scrubs_the_passport_and_undo_brings_back_the_member_only() {
    let db = TempDb::new();
    let (mission, contact) = mission_with_personal_data(&db);
    let out = cli(
        &db,
        &[
            "member",
            "remove",
            "--mission",
            &mission,
            "--contact",
            &contact,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_gone(&db, &[NUMBER, SURNAME]);
    // Undo puts the person back in the delegation; the passport's values are gone for good.
    let store = db.open();
    let undone = store
        .write("action.undo", |w| store::undo::undo(w, &mission))
        .unwrap();
    assert!(undone.is_some());
    let members: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM delegation_members WHERE mission_id = ?1 AND contact_id = ?2",
                [&mission, &contact],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(members, 1);
    assert_eq!(count(&store, "passports"), 0);
}

#[test]
fn deleting_a_mission_scrubs_its_passports_needs_and_survey_answers() {
    let db = TempDb::new();
    let (mission, _) = mission_with_personal_data(&db);
    let out = cli(&db, &["mission", "delete", &mission]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = db.open();
    for table in ["passports", "meal_needs", "survey_answers"] {
        assert_eq!(count(&store, table), 0, "{table}");
    }
    drop(store);
    assert_gone(&db, &[NUMBER, SURNAME, DIET, COMMENT]);
}

/// The other adviser's copy received the records; then their clear, or the mission's deletion:
/// its own log and file hold none of their values after the import.
#[test]
fn a_copy_that_received_them_scrubs_them_when_their_deletion_arrives() {
    let a = TempDb::new();
    let (mission, contact) = mission_with_personal_data(&a);
    let b = TempDb::new();
    std::fs::copy(&a.path, &b.path).unwrap();
    // A second delegate's records come to B through the exchange file.
    let other = id_of(&cli(
        &a,
        &[
            "contact", "add", "--given", "Yui", "--family", "Kondo", "--json",
        ],
    ));
    json(&cli(
        &a,
        &[
            "member",
            "add",
            "--mission",
            &mission,
            "--contact",
            &other,
            "--role",
            "delegate",
            "--json",
        ],
    ));
    let carrier = tempfile::tempdir().unwrap();
    json(&cli(
        &a,
        &[
            "passport",
            "clear",
            "--mission",
            &mission,
            "--contact",
            &contact,
            "--json",
        ],
    ));
    put_personal_data(&a, &mission, &other);
    exchange(&a, &b, &mission, &carrier.path().join("1.passerelle"));
    assert_held(&b, &[NUMBER, DIET, COMMENT]);
    assert_eq!(count(&b.open(), "passports"), 1);
    // A clears the second delegate's passport, withdraws the needs and clears the survey.
    json(&cli(
        &a,
        &[
            "passport",
            "clear",
            "--mission",
            &mission,
            "--contact",
            &other,
            "--json",
        ],
    ));
    for who in [&contact, &other] {
        json(&cli(
            &a,
            &[
                "needs",
                "clear",
                "--mission",
                &mission,
                "--contact",
                who,
                "--json",
            ],
        ));
    }
    json(&cli(
        &a,
        &[
            "surveys",
            "clear",
            "--mission",
            &mission,
            "--kind",
            "week",
            "--json",
        ],
    ));
    assert_gone(&a, &[NUMBER, SURNAME, DIET, COMMENT]);
    exchange(&a, &b, &mission, &carrier.path().join("2.passerelle"));
    let store = b.open();
    for table in ["passports", "meal_needs", "survey_answers"] {
        assert_eq!(count(&store, table), 0, "{table}");
    }
    drop(store);
    assert_gone(&b, &[NUMBER, SURNAME, DIET, COMMENT]);
}

/// A copy that never held the records receives their creation and their deletion in one file:
/// nothing of them is kept there.
#[test]
fn a_creation_and_deletion_received_together_keep_no_value() {
    let a = TempDb::new();
    let b = TempDb::new();
    let (mission, contact) = mission_with_personal_data(&a);
    for what in ["passport", "needs"] {
        json(&cli(
            &a,
            &[
                what,
                "clear",
                "--mission",
                &mission,
                "--contact",
                &contact,
                "--json",
            ],
        ));
    }
    let carrier = tempfile::tempdir().unwrap();
    exchange(&a, &b, &mission, &carrier.path().join("1.passerelle"));
    assert_eq!(count(&b.open(), "survey_answers"), 1);
    assert_held(&b, &[COMMENT]);
    assert_gone(&b, &[NUMBER, SURNAME, DIET]);
}

/// A passport cleared on A while B corrects its number: the clear goes through on both copies
/// whatever order the files travel in (a personal record's deletion is never held back by an
/// edit), and neither file keeps either number.
#[test]
fn a_clear_wins_over_a_concurrent_edit_on_both_copies() {
    const CORRECTED: &str = "QX9999001";
    let a = TempDb::new();
    let (mission, contact) = mission_with_personal_data(&a);
    let b = TempDb::new();
    std::fs::copy(&a.path, &b.path).unwrap();
    json(&cli(
        &a,
        &[
            "passport",
            "clear",
            "--mission",
            &mission,
            "--contact",
            &contact,
            "--json",
        ],
    ));
    json(&cli(
        &b,
        &[
            "passport",
            "set",
            "--mission",
            &mission,
            "--contact",
            &contact,
            "--surname",
            SURNAME,
            "--given-names",
            "HARUKI",
            "--nationality",
            "JP",
            "--number",
            CORRECTED,
            "--birth-date",
            "1980-05-05",
            "--expires",
            "2032-05-01",
            "--json",
        ],
    ));
    let carrier = tempfile::tempdir().unwrap();
    exchange(&b, &a, &mission, &carrier.path().join("b1.passerelle"));
    exchange(&a, &b, &mission, &carrier.path().join("a1.passerelle"));
    for db in [&a, &b] {
        let store = db.open();
        assert_eq!(count(&store, "passports"), 0);
        let open: i64 = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT count(*) FROM sync_conflicts WHERE entity = 'passports'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(open, 0);
        drop(store);
        assert_gone(db, &[NUMBER, CORRECTED, SURNAME]);
    }
}
