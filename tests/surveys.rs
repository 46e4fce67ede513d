//! The surveys after a mission (issue 17, part 5) on real files through `passerelle-cli`, on the
//! demo mission: the templates of both kinds as a workbook (read back with calamine), CSV and
//! PDF (read back with poppler's `pdftotext`, in French and Chinese); a Google Forms CSV in
//! French ("26/06/2025 14:03:11", columns reordered, one renamed and mapped, one missing) and a
//! workbook saved like a Microsoft Forms export (its ID / Start time / Completion time / Email /
//! Name columns) imported with one message per bad row (unknown person, a mark out of the scale,
//! a delegate never met), the same person twice (the later answer wins), a dry run that writes
//! nothing, non-spreadsheets refused; the figures; the answers gone with the person's erasure.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use calamine::{Data, Reader};
use common::{cli, count, json, one_error_line, TempDb};
use serde_json::Value;
use std::path::Path;

const MISSION: &str = "mis_tsha_wallonia_2025";

fn seeded() -> TempDb {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    db
}

/// Who met which delegate in the demo mission: (person, their organisation, delegate's name),
/// people outside the delegation with an organisation.
fn encounters(db: &TempDb) -> Vec<(String, String, String)> {
    let conn = common::sql(db);
    let mut stmt = conn
        .prepare(
            "SELECT DISTINCT p.given_name || ' ' || p.family_name, o.name,
                    d.given_name || ' ' || d.family_name
             FROM agenda_items i
             JOIN agenda_participants dp ON dp.item_id = i.id
             JOIN delegation_members m ON m.mission_id = i.mission_id AND m.contact_id = dp.contact_id
                  AND m.role IN ('head', 'delegate')
             JOIN contacts d ON d.id = dp.contact_id
             JOIN agenda_participants pp ON pp.item_id = i.id AND pp.contact_id <> dp.contact_id
             JOIN contacts p ON p.id = pp.contact_id
             JOIN organisations o ON o.id = p.organisation_id
             WHERE i.mission_id = ?1 AND i.status <> 'cancelled'
               AND i.kind IN ('meeting', 'presentation', 'visit', 'reception')
               AND p.id NOT IN (SELECT contact_id FROM delegation_members WHERE mission_id = ?1)
             ORDER BY 1, 3",
        )
        .unwrap();
    stmt.query_map([MISSION], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn delegates(db: &TempDb) -> Vec<String> {
    let conn = common::sql(db);
    let mut stmt = conn
        .prepare(
            "SELECT c.given_name || ' ' || c.family_name
             FROM delegation_members m JOIN contacts c ON c.id = m.contact_id
             WHERE m.mission_id = ?1 AND m.role IN ('head', 'delegate')",
        )
        .unwrap();
    stmt.query_map([MISSION], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The responses sheet's headers of a template workbook written by the CLI.
fn template_headers(db: &TempDb, dir: &Path, kind: &str, lang: &str) -> Vec<String> {
    let out = dir.join(format!("{kind}-{lang}.xlsx"));
    let o = cli(
        db,
        &[
            "surveys",
            "template",
            "--mission",
            MISSION,
            "--kind",
            kind,
            "--lang",
            lang,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 2, "questions and responses sheets: {names:?}");
    let range = book.worksheet_range(&names[1]).unwrap();
    let row = range.rows().next().unwrap();
    row.iter()
        .map(|c| match c {
            Data::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

fn import(db: &TempDb, kind: &str, file: &Path, more: &[&str]) -> Value {
    let mut args = vec![
        "surveys",
        "import",
        "--mission",
        MISSION,
        "--kind",
        kind,
        file.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    args.push("--json");
    json(&cli(db, &args))
}

fn rejected(v: &Value) -> Vec<(u64, String)> {
    v["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn csv_line(cells: &[String]) -> String {
    cells
        .iter()
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn a_french_google_forms_export_of_the_week_survey() {
    let db = seeded();
    let dir = tempfile::tempdir().unwrap();
    let h = template_headers(&db, dir.path(), "week", "fr");
    // name, e-mail, organisation, satisfaction, usefulness, again, comments
    assert_eq!(h.len(), 7, "{h:?}");
    assert!(h[3].starts_with("Dans l’ensemble"), "{h:?}");
    let met = encounters(&db);
    let mut people: Vec<(String, String)> = Vec::new();
    for (p, o, _) in &met {
        if !people.iter().any(|(q, _)| q == p) {
            people.push((p.clone(), o.clone()));
        }
    }
    assert!(
        people.len() >= 3,
        "the demo has people who met the delegation: {met:?}"
    );
    let (a, b, c) = (&people[0], &people[1], &people[2]);
    // Google Forms in French: "Horodateur" first, the columns in another order, usefulness
    // renamed (mapped with --map), "again" left out.
    let header = vec![
        "Horodateur".to_owned(),
        h[2].clone(),
        h[0].clone(),
        h[3].clone(),
        h[6].clone(),
        "Utilité des rencontres".to_owned(),
    ];
    let row = |at: &str, who: &(String, String), sat: &str, comment: &str, use_: &str| {
        csv_line(&[
            at.into(),
            who.1.clone(),
            who.0.clone(),
            sat.into(),
            comment.into(),
            use_.into(),
        ])
    };
    let text = [
        csv_line(&header),
        row(
            "26/06/2025 14:03:11",
            a,
            "4",
            "Très bien organisé, Zorglub",
            "5",
        ),
        row("26/06/2025 15:10:00", b, "5", "", "4"),
        row("27/06/2025 09:00:00", c, "6", "", "3"),
        row(
            "27/06/2025 10:00:00",
            &("Personne Inconnue".into(), "Nulle Part SA".into()),
            "3",
            "",
            "3",
        ),
        row(
            "28/06/2025 08:30:00",
            a,
            "2",
            "Finalement décevant, Zorglub",
            "2",
        ),
    ]
    .join("\r\n");
    let file = dir.path().join("Enquête (réponses).csv");
    std::fs::write(&file, text).unwrap();
    let map = dir.path().join("map.json");
    std::fs::write(&map, r#"{"Utilité des rencontres": "usefulness"}"#).unwrap();

    let dry = import(
        &db,
        "week",
        &file,
        &["--map", map.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(
        count(&db.open(), "survey_answers"),
        0,
        "a dry run writes nothing"
    );
    let done = import(&db, "week", &file, &["--map", map.to_str().unwrap()]);
    assert_eq!(dry, done);
    let keys: Vec<&String> = done.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["matched", "ratings", "rejected", "responses"]);
    assert_eq!(done["responses"], 5);
    assert_eq!(done["matched"], 2, "{done}");
    assert_eq!(done["ratings"], 0);
    let r = rejected(&done);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[0].0, 4);
    assert!(r[0].1.contains("“6” is not a mark from 1 to 5"), "{r:?}");
    assert_eq!(r[1].0, 5);
    assert!(r[1].1.contains("Not in the directory"), "{r:?}");

    // The later answer of the person who answered twice wins.
    let conn = common::sql(&db);
    let (sat, comments, at): (i64, String, String) = conn
        .query_row(
            "SELECT s.satisfaction, s.comments, s.submitted_at FROM survey_answers s
             JOIN contacts c ON c.id = s.contact_id WHERE c.given_name || ' ' || c.family_name = ?1",
            [&a.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (sat, comments.as_str(), at.as_str()),
        (2, "Finalement décevant, Zorglub", "2025-06-28 08:30:00")
    );
    drop(conn);

    let figures = json(&cli(
        &db,
        &["surveys", "figures", "--mission", MISSION, "--json"],
    ));
    assert_eq!(figures["score"], 3.5, "{figures}");
    assert_eq!(figures["responses"], 2);
    let invited = figures["invited"].as_u64().unwrap();
    assert!(invited >= 3);
    let rate = figures["response_rate"].as_f64().unwrap();
    assert!((rate - 2.0 / invited as f64).abs() < 0.001, "{figures}");

    // The report's key figures carry them (`kpis.satisfaction`), and so does its CSV.
    let report = json(&cli(
        &db,
        &[
            "report",
            "--mission",
            MISSION,
            "--as-of",
            "2025-12-31",
            "--json",
        ],
    ));
    let k = &report["kpis"]["satisfaction"];
    assert_eq!(k["score"], 3.5, "{k}");
    assert_eq!(k["responses"], 2);
    assert_eq!(k["invited"].as_u64(), Some(invited));
    let csv_out = dir.path().join("report.csv");
    let o = cli(
        &db,
        &[
            "report",
            "--mission",
            MISSION,
            "--as-of",
            "2025-12-31",
            "--format",
            "csv",
            "--out",
            csv_out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv_text = std::fs::read_to_string(&csv_out).unwrap();
    assert!(csv_text.contains("kpis.satisfaction"), "{csv_text}");

    // Imported again: the same answers, replaced rather than repeated.
    let again = import(&db, "week", &file, &["--map", map.to_str().unwrap()]);
    assert_eq!(again["matched"], 2);
    assert_eq!(count(&db.open(), "survey_answers"), 2);

    // The person's erasure takes their answers and every trace of them in the change log.
    let id: String = common::sql(&db)
        .query_row(
            "SELECT contact_id FROM survey_answers WHERE comments LIKE '%Zorglub%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let out = cli(
        &db,
        &["contact", "erase", &id, "--reason", "asked by the person"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conn = common::sql(&db);
    let left: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM survey_answers WHERE comments LIKE '%Zorglub%')
                  + (SELECT count(*) FROM change_log WHERE before LIKE '%Zorglub%' OR after LIKE '%Zorglub%')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    assert_eq!(count(&db.open(), "survey_answers"), 1);
}

#[test]
fn a_microsoft_forms_workbook_of_the_six_month_survey_rates_the_meetings() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let db = seeded();
    // A colleague's copy of the same mission, to receive the answers in an exchange file.
    let other = TempDb::new();
    std::fs::copy(&db.path, &other.path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let h = template_headers(&db, dir.path(), "six-months", "en");
    let met = encounters(&db);
    let all = delegates(&db);
    let column = |delegate: &str, what: bool| -> usize {
        h.iter()
            .position(|x| {
                x.contains(&format!("[{delegate} "))
                    && x.starts_with(if what {
                        "What came of it?"
                    } else {
                        "Where does the contact stand today?"
                    })
            })
            .unwrap_or_else(|| panic!("{delegate} in {h:?}"))
    };
    // Respondent 1 rates the delegate they met; respondent 2 a delegate they never met.
    let (p1, o1, d1) = met[0].clone();
    // Respondent 2: someone of the directory who took part in none of the mission's items.
    json(&cli(
        &db,
        &[
            "contact",
            "add",
            "--given",
            "Lucie",
            "--family",
            "Absente",
            "--organisation",
            "org_chc_mont_legia",
            "--email",
            "lucie.absente@example.be",
            "--json",
        ],
    ));
    let (p2, o2) = ("Lucie Absente".to_owned(), "CHC Mont Légia".to_owned());
    let never = all[0].clone();
    let mut heads: Vec<String> = ["ID", "Start time", "Completion time", "Email", "Name"]
        .map(String::from)
        .to_vec();
    heads.extend(h.iter().cloned());
    let width = heads.len();
    let mut rows: Vec<(String, Vec<(usize, String)>)> = vec![
        (
            "2026-01-05 10:00:00".into(),
            vec![
                (5, p1.clone()),
                (7, o1.clone()),
                (5 + column(&d1, false), "negociating".into()), // misspelt: read as negotiating
                (
                    5 + column(&d1, true),
                    "A pilot at the hospital is being discussed".into(),
                ),
            ],
        ),
        (
            "2026-01-06 10:00:00".into(),
            vec![
                (3, "lucie.absente@example.be".into()),
                (5, p2.clone()),
                (7, o2.clone()),
                (5 + column(&never, false), "Valuable contact".into()),
            ],
        ),
        (
            "2026-01-07 10:00:00".into(),
            vec![
                (5, p1.clone()),
                (7, o1.clone()),
                (5 + column(&d1, false), "Agreement".into()),
            ],
        ),
    ];
    rows[0].1.push((4, "anonymous".into()));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Sheet1").unwrap();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("m/d/yy h:mm:ss");
    for (c, head) in heads.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, head, &bold)
            .unwrap();
    }
    for (i, (at, cells)) in rows.iter().enumerate() {
        let r = (i + 1) as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        let t = ExcelDateTime::parse_from_str(at).unwrap();
        sheet.write_datetime_with_format(r, 1, &t, &date).unwrap();
        sheet.write_datetime_with_format(r, 2, &t, &date).unwrap();
        for (c, v) in cells {
            assert!(*c < width);
            sheet.write_string(r, *c as u16, v).unwrap();
        }
    }
    let file = dir.path().join("Six months on(1-3).xlsx");
    book.save(&file).unwrap();

    let done = import(&db, "six-months", &file, &[]);
    assert_eq!(done["responses"], 3, "{done}");
    assert_eq!(done["matched"], 1, "{done}");
    assert_eq!(done["ratings"], 1, "{done}");
    let r = rejected(&done);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0, 3);
    assert!(r[0].1.contains("No meeting with"), "{r:?}");
    assert!(r[0].1.contains(&never), "{r:?}");

    // Respondent 1's later answer wins: one rating, "agreement", on their meeting with d1.
    let conn = common::sql(&db);
    let (rating, what, title): (String, Option<String>, String) = conn
        .query_row(
            "SELECT r.rating, r.what_came, i.title FROM survey_ratings r
             JOIN agenda_items i ON i.id = r.item_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(rating, "agreement");
    assert_eq!(what, None, "the later answer wins whole");
    assert!(!title.is_empty());
    drop(conn);
    let figures = json(&cli(
        &db,
        &["surveys", "figures", "--mission", MISSION, "--json"],
    ));
    assert_eq!(figures["six_month_responses"], 1);
    // Rated "agreement" while the meeting's outcome records none: to confirm.
    assert_eq!(figures["agreements_to_confirm"], 1, "{figures}");
    assert_eq!(figures["rated"][0]["to_confirm"], true);
    let steps: Vec<(String, u64)> = figures["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["rating"].as_str().unwrap().to_owned(),
                t["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("noContact".into(), 0),
            ("knowledge".into(), 0),
            ("valuable".into(), 0),
            ("negotiating".into(), 0),
            ("agreement".into(), 1)
        ]
    );
    // The report carries the ratings per step: its JSON (`kpis.ratings`), CSV, workbook and PDF.
    let report = json(&cli(&db, &["report", "--mission", MISSION, "--json"]));
    assert_eq!(report["kpis"]["ratings"]["responses"], 1, "{report}");
    assert_eq!(report["kpis"]["ratings"]["steps"], figures["ratings"]);
    let out = |ext: &str, lang: &str| {
        let file = dir.path().join(format!("report-{lang}.{ext}"));
        json(&cli(
            &db,
            &[
                "report",
                "--mission",
                MISSION,
                "--format",
                ext,
                "--lang",
                lang,
                "--out",
                file.to_str().unwrap(),
            ],
        ));
        file
    };
    let csv = std::fs::read_to_string(out("csv", "fr")).unwrap();
    for line in [
        "kpis.ratings_6_months,responses,responses,1",
        "kpis.ratings_6_months,no_contact,no contact,0",
        "kpis.ratings_6_months,negotiating,negotiating,0",
        "kpis.ratings_6_months,agreement,agreement,1",
    ] {
        assert!(csv.lines().any(|l| l == line), "{line} in\n{csv}");
    }
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(out("xlsx", "fr")).unwrap();
    let sheet = book.worksheet_range("Résultats").unwrap();
    let rows: Vec<(String, String)> = sheet
        .rows()
        .map(|r| {
            let cell = |i: usize| r.get(i).map(|c| c.to_string()).unwrap_or_default();
            (cell(0).trim().to_owned(), cell(1))
        })
        .collect();
    let at = rows
        .iter()
        .position(|(label, _)| label == "Rencontres évaluées à +6 mois")
        .expect("the ratings' heading");
    assert_eq!(
        rows[at + 1..at + 7],
        [
            ("Réponses".to_owned(), "1".to_owned()),
            ("Plus de contact depuis".to_owned(), "0".to_owned()),
            ("Connaissances acquises".to_owned(), "0".to_owned()),
            ("Contact précieux".to_owned(), "0".to_owned()),
            ("En négociation".to_owned(), "0".to_owned()),
            ("Accord conclu".to_owned(), "1".to_owned()),
        ]
    );
    let fr = pdf_text(&out("pdf", "fr"));
    assert!(fr.contains("Rencontres évaluées à +6 mois"), "{fr}");
    assert!(
        fr.lines()
            .any(|l| l.contains("Accord conclu") && l.trim_end().ends_with(" 1")),
        "{fr}"
    );
    let zh = pdf_text(&out("pdf", "zh-TW"));
    assert!(zh.contains("六個月後的會面評估"), "{zh}");
    assert!(zh.contains("已達成協議"), "{zh}");

    // Shared records of the mission: they reach the colleague's copy in the exchange file.
    let carrier = dir.path().join("mission.passerelle");
    json(&cli(
        &db,
        &[
            "sync",
            "export",
            "--mission",
            MISSION,
            "--out",
            carrier.to_str().unwrap(),
            "--json",
        ],
    ));
    json(&cli(
        &other,
        &["sync", "import", carrier.to_str().unwrap(), "--json"],
    ));
    let there = json(&cli(
        &other,
        &["surveys", "figures", "--mission", MISSION, "--json"],
    ));
    assert_eq!(there["ratings"], figures["ratings"], "{there}");
    assert_eq!(there["six_month_responses"], 1);

    // Cleared: the answers and their ratings go.
    let cleared = json(&cli(
        &db,
        &[
            "surveys",
            "clear",
            "--mission",
            MISSION,
            "--kind",
            "six-months",
            "--json",
        ],
    ));
    assert_eq!(cleared["removed"], 1);
    assert_eq!(count(&db.open(), "survey_ratings"), 0);
}

#[test]
fn files_that_are_not_spreadsheets_are_refused_whole() {
    let db = seeded();
    let dir = tempfile::tempdir().unwrap();
    let refused = |path: &Path| -> String {
        one_error_line(&cli(
            &db,
            &[
                "surveys",
                "import",
                "--mission",
                MISSION,
                "--kind",
                "week",
                path.to_str().unwrap(),
                "--json",
            ],
        ))
    };
    let png = dir.path().join("photo.xlsx");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    assert!(
        refused(&png).contains("not a spreadsheet"),
        "{}",
        refused(&png)
    );
    let big = dir.path().join("big.csv");
    std::fs::write(&big, "a,b,c\n".repeat(50 * 1024 * 1024 / 6 + 1)).unwrap();
    assert!(refused(&big).contains("20 MB"), "{}", refused(&big));
    let out = cli(
        &db,
        &[
            "surveys",
            "import",
            "--mission",
            MISSION,
            "--kind",
            "monthly",
            png.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(one_error_line(&out).contains("week or six-months"));
    assert_eq!(count(&db.open(), "survey_answers"), 0);
}

fn pdf_text(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_templates_as_csv_and_pdf_in_french_and_chinese() {
    let db = seeded();
    let dir = tempfile::tempdir().unwrap();
    let write = |kind: &str, lang: &str, ext: &str| {
        let out = dir.path().join(format!("{kind}-{lang}.{ext}"));
        let o = cli(
            &db,
            &[
                "surveys",
                "template",
                "--mission",
                MISSION,
                "--kind",
                kind,
                "--lang",
                lang,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        out
    };
    let csv = std::fs::read_to_string(write("week", "en", "csv")).unwrap();
    assert!(csv.contains("Would you take part again?"), "{csv}");
    assert!(csv.contains("Overall, how satisfied are you with the mission?"));
    let fr = pdf_text(&write("week", "fr", "pdf"));
    assert!(fr.contains("Participeriez-vous de nouveau"), "{fr}");
    assert!(fr.contains("Enquête de satisfaction"), "{fr}");
    let six = pdf_text(&write("six-months", "fr", "pdf"));
    assert!(six.contains("Où en est le contact aujourd’hui"), "{six}");
    assert!(six.contains("En négociation"), "{six}");
    for d in delegates(&db) {
        let flat: String = six.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&d), "{d} in the six-month form");
    }
    let zh = pdf_text(&write("six-months", "zh-TW", "pdf"));
    assert!(zh.contains("目前聯繫進展如何"), "{zh}");
    assert!(zh.contains("已達成協議"), "{zh}");
}
