//! The invoice file of a cost line (issue 18, part 6) on real files, through `passerelle-cli`:
//! attached with `cost add --invoice`, copied into the data folder's `attachments/` (the
//! mechanism of an outcome's evidence), replaced and removed with `cost edit --invoice` /
//! `--no-invoice`, named in the accountant's CSV and workbook, and removed from the folder with
//! its line once no record refers to it; a missing file, a folder or a file over 50 MB refused
//! on the field with nothing saved; the files of a deleted mission and a cleared outcome
//! evidence swept after the commit that dropped them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{cli, count, json, one_error_line, TempDb};
use passerelle_core::domain::{CostCategory, CostInput};
use passerelle_core::store;
use serde_json::Value;
use std::path::{Path, PathBuf};

const MISSION: &str = "mis_tsha_wallonia_2025";

fn seeded() -> TempDb {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    db
}

/// A file to attach, in a folder of its own outside the data folder.
fn a_file(db: &TempDb, folder: &str, name: &str, bytes: &[u8]) -> PathBuf {
    let dir = db.dir.path().join("inbox").join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn lines(db: &TempDb) -> Vec<Value> {
    let b = json(&cli(db, &["cost", "list", "--mission", MISSION, "--json"]));
    b["lines"].as_array().unwrap().clone()
}

fn invoice_of(db: &TempDb, id: &str) -> Value {
    lines(db).into_iter().find(|l| l["id"] == id).unwrap()["invoice"].clone()
}

fn in_data(db: &TempDb, relative: &str) -> PathBuf {
    db.dir.path().join(relative)
}

fn add(db: &TempDb, label: &str, invoice: &Path) -> String {
    let out = json(&cli(
        db,
        &[
            "cost",
            "add",
            "--mission",
            MISSION,
            "--category",
            "transport",
            "--label",
            label,
            "--estimate-eur",
            "1250",
            "--invoice",
            invoice.to_str().unwrap(),
            "--json",
        ],
    ));
    out["id"].as_str().unwrap().to_owned()
}

#[test]
fn an_invoice_is_attached_replaced_removed_exported_and_gone_with_its_line() {
    let db = seeded();
    let march = a_file(&db, "a", "facture.pdf", b"%PDF-1.4 coach");
    let coach = add(&db, "Coach Charleroi → Liege", &march);
    let rel = format!("attachments/{MISSION}/facture.pdf");
    assert_eq!(invoice_of(&db, &coach), rel.as_str());
    assert_eq!(
        std::fs::read(in_data(&db, &rel)).unwrap(),
        b"%PDF-1.4 coach"
    );

    // Another supplier's invoice with the same name does not overwrite the first.
    let hotel_file = a_file(&db, "b", "facture.pdf", b"%PDF-1.4 hotel");
    let hotel = add(&db, "Hotel", &hotel_file);
    let rel2 = format!("attachments/{MISSION}/facture (2).pdf");
    assert_eq!(invoice_of(&db, &hotel), rel2.as_str());
    assert_eq!(
        std::fs::read(in_data(&db, &rel)).unwrap(),
        b"%PDF-1.4 coach"
    );

    // The exports name the file (not its place in the data folder).
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("costs.csv");
    let out = cli(
        &db,
        &[
            "export",
            "costs",
            "--mission",
            MISSION,
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", one_error_line(&out));
    let text = std::fs::read_to_string(&csv).unwrap();
    let coach_row = text.lines().find(|l| l.contains(&coach)).unwrap();
    assert!(coach_row.ends_with(",facture.pdf"), "{coach_row}");
    assert!(text.contains(",facture (2).pdf"), "{text}");
    let xlsx = dir.path().join("costs.xlsx");
    let out = cli(
        &db,
        &[
            "export",
            "costs",
            "--mission",
            MISSION,
            "--format",
            "xlsx",
            "--lang",
            "fr",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", one_error_line(&out));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<String> = sheet.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == "Facture"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "facture (2).pdf"), "{cells:?}");

    // Replaced: the new file copied, the old one gone.
    let corrected = a_file(&db, "c", "facture-corrigée.pdf", b"%PDF-1.4 corrected");
    json(&cli(
        &db,
        &[
            "cost",
            "edit",
            "--id",
            &coach,
            "--invoice",
            corrected.to_str().unwrap(),
            "--json",
        ],
    ));
    let rel3 = format!("attachments/{MISSION}/facture-corrigée.pdf");
    assert_eq!(invoice_of(&db, &coach), rel3.as_str());
    assert!(!in_data(&db, &rel).exists());
    assert!(in_data(&db, &rel3).exists());
    // An edit of another field keeps the invoice.
    json(&cli(
        &db,
        &[
            "cost",
            "edit",
            "--id",
            &coach,
            "--actual-eur",
            "1300",
            "--json",
        ],
    ));
    assert_eq!(invoice_of(&db, &coach), rel3.as_str());

    // Removed: the line stays, the file goes.
    json(&cli(
        &db,
        &["cost", "edit", "--id", &coach, "--no-invoice", "--json"],
    ));
    assert_eq!(invoice_of(&db, &coach), Value::Null);
    assert!(!in_data(&db, &rel3).exists());

    // Deleted with its line.
    let out = cli(&db, &["cost", "delete", "--id", &hotel]);
    assert!(out.status.success(), "{}", one_error_line(&out));
    assert!(!in_data(&db, &rel2).exists());
    assert_eq!(lines(&db).len(), 1);
}

#[test]
fn a_file_two_records_refer_to_stays_until_the_last_goes() {
    let db = seeded();
    let file = a_file(&db, "a", "groupe.pdf", b"%PDF-1.4 both");
    let first = add(&db, "Lunch", &file);
    let rel = format!("attachments/{MISSION}/groupe.pdf");
    // A second line naming the same file (one invoice for two lines).
    let store = db.open();
    let input = CostInput {
        id: None,
        mission_id: MISSION.into(),
        category: CostCategory::Catering,
        label: "Dinner".into(),
        supplier_id: None,
        estimate_eur: Some("900".into()),
        committed_eur: None,
        actual_eur: None,
        note: None,
        invoice: Some(rel.clone()),
    };
    let second = store::costs::save(&store, &input).unwrap();
    store::costs::remove(&store, &first).unwrap();
    assert!(in_data(&db, &rel).exists(), "still the dinner's invoice");
    store::costs::remove(&store, &second).unwrap();
    assert!(!in_data(&db, &rel).exists());

    // A record can only name a file inside the attachments folder.
    for outside in [
        "/etc/passwd",
        "attachments/../passerelle.sqlite3",
        "notes.txt",
    ] {
        let input = CostInput {
            invoice: Some(outside.into()),
            ..input.clone()
        };
        let err = store::costs::save(&store, &input).unwrap_err();
        let api = err.to_api();
        assert_eq!(api.field.as_deref(), Some("invoice"), "{outside}");
        assert_eq!(api.code.as_deref(), Some("attachmentOutside"), "{outside}");
    }
    assert_eq!(count(&store, "cost_lines"), 0);
}

#[test]
fn a_missing_file_a_folder_or_a_huge_file_is_refused_on_the_field_and_nothing_is_saved() {
    let db = seeded();
    let store = db.open();
    let before = (count(&store, "cost_lines"), count(&store, "change_sets"));
    let huge = db.dir.path().join("inbox").join("scan.pdf");
    std::fs::create_dir_all(huge.parent().unwrap()).unwrap();
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(passerelle_core::attachments::MAX_BYTES + 1)
        .unwrap();
    let folder = db.dir.path().join("inbox");
    let missing = db.dir.path().join("nowhere.pdf");
    for (file, words) in [
        (&missing, "does not exist"),
        (&folder, "is a folder"),
        (&huge, "over 50 MB"),
    ] {
        let out = cli(
            &db,
            &[
                "cost",
                "add",
                "--mission",
                MISSION,
                "--category",
                "hotel",
                "--label",
                "Hotel",
                "--estimate-eur",
                "100",
                "--invoice",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(2));
        let line = one_error_line(&out);
        assert!(line.contains("invoice:") && line.contains(words), "{line}");
    }
    // A save refused for another field takes back the copy made for it.
    let ok = a_file(&db, "a", "facture.pdf", b"%PDF");
    let out = cli(
        &db,
        &[
            "cost",
            "add",
            "--mission",
            MISSION,
            "--category",
            "hotel",
            "--label",
            "Hotel",
            "--estimate-eur",
            "100 USD",
            "--invoice",
            ok.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out).contains("estimateEur:"));
    assert_eq!(
        (count(&store, "cost_lines"), count(&store, "change_sets")),
        before
    );
    assert!(!db.dir.path().join("attachments").join(MISSION).exists());
}

/// Makes an attached file look copied an hour ago, past `attachments::SWEEP_GRACE`.
fn age(path: &Path) {
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
}

#[test]
fn attached_files_go_with_a_deleted_mission_and_a_cleared_result() {
    let db = seeded();
    let mission = json(&cli(
        &db,
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
    ))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let attach = |label: &str, file: &Path| {
        json(&cli(
            &db,
            &[
                "cost",
                "add",
                "--mission",
                &mission,
                "--category",
                "venue",
                "--label",
                label,
                "--estimate-eur",
                "800",
                "--invoice",
                file.to_str().unwrap(),
                "--json",
            ],
        ));
    };
    attach("Salle", &a_file(&db, "a", "salle.pdf", b"%PDF-1.4 salle"));
    attach(
        "Traiteur",
        &a_file(&db, "b", "traiteur.pdf", b"%PDF-1.4 traiteur"),
    );
    let old = in_data(&db, &format!("attachments/{mission}/salle.pdf"));
    let young = in_data(&db, &format!("attachments/{mission}/traiteur.pdf"));
    age(&old);

    // The mission deleted: its cost lines go with it, and so does the invoice copied an hour
    // ago. One copied a moment ago may be waiting for the write that refers to it: it stays
    // for a later sweep.
    let out = cli(&db, &["mission", "delete", &mission]);
    assert!(out.status.success(), "{}", one_error_line(&out));
    assert!(!old.exists(), "the deleted mission's invoice is removed");
    assert!(
        young.exists(),
        "a file copied within the grace period stays"
    );
    age(&young);

    // An outcome's evidence cleared with its results: gone with the next commit (here, the
    // clear itself), and so is the young invoice now past its grace.
    let evidence = a_file(&db, "c", "MoU.pdf", b"%PDF-1.4 signed");
    let out = json(&cli(
        &db,
        &[
            "outcome",
            "add",
            "--item",
            "itm_d2_one_to_one_cardiology",
            "--type",
            "partnership",
            "--agreement",
            "mou",
            "--evidence",
            evidence.to_str().unwrap(),
            "--json",
        ],
    ));
    let outcome = out["id"].as_str().unwrap().to_owned();
    let copied = in_data(&db, out["results"]["evidence"].as_str().unwrap());
    assert!(copied.exists());
    age(&copied);
    json(&cli(
        &db,
        &["outcome", "edit", &outcome, "--clear-results", "--json"],
    ));
    assert!(!copied.exists(), "the cleared evidence is removed");
    assert!(!young.exists());
    assert!(
        !in_data(&db, &format!("attachments/{mission}")).exists(),
        "the owner's folder goes with its last file"
    );
}
