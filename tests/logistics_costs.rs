//! A mission's budget (issue 18, part 6) on real files, through `passerelle-cli`: cost lines
//! added, listed with totals by category, edited and deleted; a cost in another currency or
//! negative refused with one clear line and nothing saved; the accountant's CSV and workbook
//! (read back from its XML); the report's cost per meeting held and per outcome; a cost line
//! carried to another copy of the mission by an exchange file, and undone; an invoice file
//! attached, replaced, removed and gone with its line (`logistics_invoices.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{cli, count, json, one_error_line, TempDb};
use serde_json::Value;
use std::io::Read;

const MISSION: &str = "mis_tsha_wallonia_2025";

fn seeded() -> TempDb {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    db
}

fn cost(db: &TempDb, category: &str, label: &str, estimate: &str, more: &[&str]) -> String {
    let mut args = vec![
        "cost",
        "add",
        "--mission",
        MISSION,
        "--category",
        category,
        "--label",
        label,
        "--estimate-eur",
        estimate,
        "--json",
    ];
    args.extend_from_slice(more);
    let out = json(&cli(db, &args));
    out["id"].as_str().unwrap().to_owned()
}

fn budget(db: &TempDb) -> Value {
    json(&cli(db, &["cost", "list", "--mission", MISSION, "--json"]))
}

/// A supplier of the directory: the seed's first organisation.
fn an_organisation(db: &TempDb) -> String {
    let list = json(&cli(db, &["list", "organisations", "--json"]));
    list[0]["id"].as_str().unwrap().to_owned()
}

#[test]
fn costs_are_added_totalled_by_category_edited_and_deleted() {
    let db = seeded();
    let supplier = an_organisation(&db);
    let coach = cost(
        &db,
        "transport",
        "Coach Charleroi → Liège",
        "1 250,50",
        &["--supplier", &supplier, "--actual-eur", "1300"],
    );
    assert!(coach.starts_with("cst_"), "{coach}");
    let hotel = cost(&db, "hotel", "Two nights, 14 rooms", "€4,200.00", &[]);
    cost(&db, "transport", "Airport transfer", "80 EUR", &[]);

    let b = budget(&db);
    let lines = b["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 3);
    // By category in the vocabulary's order (transport before hotel), then by label.
    let labels: Vec<&str> = lines.iter().map(|l| l["label"].as_str().unwrap()).collect();
    assert_eq!(
        labels,
        [
            "Airport transfer",
            "Coach Charleroi → Liège",
            "Two nights, 14 rooms"
        ]
    );
    assert_eq!(lines[1]["estimateCents"], 125_050);
    assert_eq!(lines[1]["actualCents"], 130_000);
    assert_eq!(lines[1]["supplier"]["id"], supplier.as_str());
    assert_eq!(b["byCategory"][0]["category"], "transport");
    assert_eq!(b["byCategory"][0]["totals"]["estimateCents"], 133_050);
    // Best known: the coach's actual amount, the transfer's estimate.
    assert_eq!(b["byCategory"][0]["totals"]["knownCents"], 138_000);
    assert_eq!(b["byCategory"][1]["category"], "hotel");
    assert_eq!(b["total"]["estimateCents"], 553_050);
    assert_eq!(b["total"]["knownCents"], 558_000);
    assert_eq!(b["total"]["lines"], 3);

    // Edited: the hotel committed, its category kept; an amount emptied with "".
    json(&cli(
        &db,
        &[
            "cost",
            "edit",
            "--id",
            &hotel,
            "--committed-eur",
            "3900",
            "--note",
            "Deposit paid",
            "--json",
        ],
    ));
    json(&cli(
        &db,
        &["cost", "edit", "--id", &coach, "--actual-eur", "", "--json"],
    ));
    let b = budget(&db);
    let hotel_line = b["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == hotel.as_str())
        .unwrap()
        .clone();
    assert_eq!(hotel_line["committedCents"], 390_000);
    assert_eq!(hotel_line["estimateCents"], 420_000);
    assert_eq!(hotel_line["category"], "hotel");
    assert_eq!(hotel_line["note"], "Deposit paid");
    assert_eq!(b["total"]["actualCents"], 0);
    assert_eq!(b["total"]["knownCents"], 125_050 + 8_000 + 390_000);

    let out = cli(&db, &["cost", "delete", "--id", &coach]);
    assert!(out.status.success(), "{}", one_error_line(&out));
    assert_eq!(budget(&db)["lines"].as_array().unwrap().len(), 2);
    // Each action is one change set, undoable like any other edit of the mission.
    let out = cli(&db, &["programme", "undo", "--mission", MISSION, "--json"]);
    assert!(out.status.success(), "{}", one_error_line(&out));
    assert_eq!(budget(&db)["lines"].as_array().unwrap().len(), 3);
}

#[test]
fn a_cost_in_another_currency_or_negative_is_refused_on_its_field_and_nothing_is_saved() {
    let db = seeded();
    let store = db.open();
    let before = count(&store, "change_sets");
    let refused = |args: &[&str], field: &str| {
        let mut all = vec![
            "cost",
            "add",
            "--mission",
            MISSION,
            "--category",
            "catering",
            "--label",
            "Lunch at Mont Légia",
        ];
        all.extend_from_slice(args);
        let out = cli(&db, &all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        let line = one_error_line(&out);
        assert!(line.contains(field), "{field}: {line}");
        line
    };
    let line = refused(&["--estimate-eur", "12 USD"], "estimateEur:");
    assert!(
        line.contains("euros only") && line.contains("USD"),
        "{line}"
    );
    let line = refused(&["--estimate-eur", "-40"], "estimateEur:");
    assert!(line.contains("negative"), "{line}");
    refused(
        &["--estimate-eur", "100", "--actual-eur", "$95"],
        "actualEur:",
    );
    refused(
        &["--estimate-eur", "100", "--committed-eur", "−5,00 €"],
        "committedEur:",
    );
    refused(&["--estimate-eur", "twelve"], "estimateEur:");
    refused(&["--estimate-eur", "1,2345"], "estimateEur:");
    refused(
        &["--estimate-eur", "100", "--supplier", "org_nowhere"],
        "supplierId:",
    );
    let out = cli(
        &db,
        &[
            "cost",
            "add",
            "--mission",
            MISSION,
            "--category",
            "bribes",
            "--label",
            "x",
            "--estimate-eur",
            "100",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out).contains("category"));
    let out = cli(
        &db,
        &[
            "cost",
            "add",
            "--mission",
            MISSION,
            "--category",
            "catering",
            "--label",
            "  ",
            "--estimate-eur",
            "100",
        ],
    );
    assert!(one_error_line(&out).contains("label:"));
    assert_eq!(count(&store, "cost_lines"), 0);
    assert_eq!(count(&store, "change_sets"), before);

    // An edit that goes wrong leaves the line as it was.
    let id = cost(&db, "catering", "Lunch", "900", &[]);
    let out = cli(
        &db,
        &["cost", "edit", "--id", &id, "--actual-eur", "950 TWD"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out).contains("actualEur:"));
    let b = budget(&db);
    assert_eq!(b["lines"][0]["estimateCents"], 90_000);
    assert_eq!(b["lines"][0]["actualCents"], Value::Null);
}

fn xlsx_strings(path: &std::path::Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn the_budget_comes_out_as_csv_and_a_workbook_and_the_report_divides_it() {
    let db = seeded();
    cost(
        &db,
        "transport",
        "Coach Charleroi → Liège",
        "1250,50",
        &["--actual-eur", "1300"],
    );
    cost(&db, "interpreting", "=Mandarin interpreter", "1800", &[]);

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
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = text.lines();
    assert_eq!(
        rows.next().unwrap(),
        "id,category,label,supplier_id,supplier,estimate_eur,committed_eur,actual_eur,note,invoice"
    );
    let coach = rows.next().unwrap();
    assert!(
        coach.contains(",transport,Coach Charleroi → Liège,,,1250.50,,1300.00,"),
        "{coach}"
    );
    // A label a spreadsheet would run as a formula is kept as text.
    assert!(rows.next().unwrap().contains(",'=Mandarin interpreter,"));

    for (lang, words) in [
        (
            "fr",
            [
                "Budget de la mission",
                "Interprétation",
                "Meilleur connu (EUR)",
                "Total",
            ],
        ),
        ("zh-TW", ["訪問團預算", "口譯", "已知最佳（EUR）", "總計"]),
    ] {
        let xlsx = dir.path().join(format!("costs-{lang}.xlsx"));
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
                lang,
                "--out",
                xlsx.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{}", one_error_line(&out));
        let strings = xlsx_strings(&xlsx);
        for w in words {
            assert!(strings.contains(w), "{lang}: {w} not in {strings}");
        }
        assert!(strings.contains("Coach Charleroi → Liège"));
    }
    let out = cli(
        &db,
        &[
            "export",
            "costs",
            "--mission",
            MISSION,
            "--format",
            "pdf",
            "--out",
            "x.pdf",
        ],
    );
    assert_eq!(out.status.code(), Some(2));

    // The report: 1,300 + 1,800 = 3,100 € known, per meeting held and per outcome.
    let outcome = json(&cli(
        &db,
        &[
            "outcome",
            "add",
            "--item",
            "itm_d2_one_to_one_cardiology",
            "--type",
            "pilot",
            "--notes",
            "Pilot at Mont Légia",
            "--json",
        ],
    ));
    assert!(outcome["id"].as_str().unwrap().starts_with("out_"));
    let report_file = dir.path().join("report.json");
    json(&cli(
        &db,
        &[
            "report",
            "--mission",
            MISSION,
            "--format",
            "json",
            "--as-of",
            "2025-09-27",
            "--out",
            report_file.to_str().unwrap(),
        ],
    ));
    let report: Value = serde_json::from_slice(&std::fs::read(&report_file).unwrap()).unwrap();
    let held = report["meetings"]["held"].as_i64().unwrap();
    let outcomes = report["outcomesTotal"].as_i64().unwrap();
    assert!(held > 0 && outcomes > 0, "{report}");
    let costs = &report["costs"];
    assert_eq!(costs["totals"]["knownCents"], 310_000);
    assert_eq!(
        costs["perMeetingHeldCents"].as_i64().unwrap(),
        (310_000 + held / 2) / held
    );
    assert_eq!(
        costs["perOutcomeCents"].as_i64().unwrap(),
        (310_000 + outcomes / 2) / outcomes
    );
    let csv_file = dir.path().join("report.csv");
    json(&cli(
        &db,
        &[
            "report",
            "--mission",
            MISSION,
            "--format",
            "csv",
            "--out",
            csv_file.to_str().unwrap(),
        ],
    ));
    let csv = std::fs::read_to_string(&csv_file).unwrap();
    assert!(csv.contains("costs,known_eur,known eur,3100.00"), "{csv}");
    let pdf = dir.path().join("report.pdf");
    json(&cli(
        &db,
        &[
            "report",
            "--mission",
            MISSION,
            "--format",
            "pdf",
            "--out",
            pdf.to_str().unwrap(),
        ],
    ));
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("BUDGET") && text.contains("€3,100.00") && text.contains("Per meeting held"),
        "{text}"
    );
}

#[test]
fn a_cost_line_travels_to_another_copy_of_the_mission() {
    let base = seeded();
    let copy = || {
        let db = TempDb::new();
        std::fs::copy(&base.path, &db.path).unwrap();
        db
    };
    let (a, b) = (copy(), copy());
    let supplier = an_organisation(&a);
    cost(
        &a,
        "venue",
        "Auditorium, CHC Mont Légia",
        "650",
        &["--supplier", &supplier],
    );
    let file = a.dir.path().join("a.passerelle");
    json(&cli(
        &a,
        &[
            "sync",
            "export",
            "--mission",
            MISSION,
            "--out",
            file.to_str().unwrap(),
            "--json",
        ],
    ));
    json(&cli(
        &b,
        &["sync", "import", file.to_str().unwrap(), "--json"],
    ));
    let got = budget(&b);
    assert_eq!(got["lines"][0]["label"], "Auditorium, CHC Mont Légia");
    assert_eq!(got["lines"][0]["estimateCents"], 65_000);
    assert_eq!(got["lines"][0]["supplier"]["id"], supplier.as_str());
}
