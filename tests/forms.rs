//! The interest form (issue 17, part 1) on real files through `passerelle-cli`: the template in
//! three formats (the workbook read back with calamine, the PDF with poppler's `pdftotext`, in
//! French and Chinese); responses imported from a workbook shaped like a Microsoft Forms export
//! (written by rust_xlsxwriter: `tests/fixtures/forms/microsoft-forms.xlsx`, merged cells on one
//! row) and a French Google Forms CSV (`google-forms-fr.csv`, dates "13/06/2025 10:00:00"):
//! people matched to the directory or created (duplicates across the two files matched), the
//! latest answer of a person who answered twice, misspelt names read fuzzily and noted, one
//! message per bad row, nothing written by a dry run or by a refused file; a LimeSurvey export
//! (one column per choice) and a map file for renamed columns.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{cli, count, json, one_error_line, repo_root, TempDb};
use serde_json::Value;
use std::path::{Path, PathBuf};

const MISSION: &str = "mis_tsha_wallonia_2025";

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/forms").join(name)
}

fn seeded() -> TempDb {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    db
}

fn import(db: &TempDb, file: &Path, more: &[&str]) -> (Value, String) {
    let path = file.to_str().unwrap();
    let mut args = vec!["forms", "import", "--mission", MISSION, path];
    args.extend_from_slice(more);
    args.push("--json");
    let out = cli(db, &args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (json(&out), stderr)
}

fn lines(v: &Value) -> Vec<u64> {
    v["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect()
}

/// The requests of a mission as (the other person's name, priority), for one contact name.
fn requests_of(db: &TempDb, name: &str) -> Vec<(String, String)> {
    let conn = common::sql(db);
    let mut stmt = conn
        .prepare(
            "SELECT d.given_name || ' ' || d.family_name, q.priority
             FROM meeting_requests q
             JOIN meeting_request_participants a ON a.request_id = q.id
             JOIN contacts c ON c.id = a.contact_id
             JOIN meeting_request_participants b ON b.request_id = q.id AND b.contact_id <> a.contact_id
             JOIN contacts d ON d.id = b.contact_id
             WHERE q.mission_id = ?1 AND c.given_name || ' ' || c.family_name = ?2
             ORDER BY 1",
        )
        .unwrap();
    stmt.query_map([MISSION, name], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// A person's availability windows in the mission, as UTC start instants.
fn windows_of(db: &TempDb, name: &str) -> Vec<String> {
    let conn = common::sql(db);
    let mut stmt = conn
        .prepare(
            "SELECT a.starts_at FROM availabilities a JOIN contacts c ON c.id = a.contact_id
             WHERE a.mission_id = ?1 AND c.given_name || ' ' || c.family_name = ?2 ORDER BY 1",
        )
        .unwrap();
    stmt.query_map([MISSION, name], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn contacts_named(db: &TempDb, name: &str) -> i64 {
    common::sql(db)
        .query_row(
            "SELECT count(*) FROM contacts WHERE given_name || ' ' || family_name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn microsoft_and_google_exports_import_into_people_requests_and_windows() {
    let db = seeded();
    let store = db.open();
    let (contacts, requests, windows) = (
        count(&store, "contacts"),
        count(&store, "meeting_requests"),
        count(&store, "availabilities"),
    );
    drop(store);

    // The dry run says what the import does, and writes nothing.
    let (dry, _) = import(&db, &fixture("microsoft-forms.xlsx"), &["--dry-run"]);
    let store = db.open();
    assert_eq!(count(&store, "contacts"), contacts);
    assert_eq!(count(&store, "meeting_requests"), requests);
    drop(store);

    let (done, notes) = import(&db, &fixture("microsoft-forms.xlsx"), &[]);
    assert_eq!(dry, done);
    let keys: Vec<&String> = done.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "availability",
            "people_created",
            "people_matched",
            "rejected",
            "requests"
        ]
    );
    // Sophie (twice), Marc, Wang created; Médecin liégeois 1 found in the directory.
    assert_eq!(done["people_created"], 3, "{done}");
    assert_eq!(done["people_matched"], 1, "{done}");
    assert_eq!(done["requests"], 4, "{done}");
    assert_eq!(done["availability"], 4, "{done}");
    // Anonymous, an unknown delegate, merged cells.
    assert_eq!(lines(&done), vec![6, 7, 8], "{done}");
    let reasons: Vec<&str> = done["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert!(reasons[0].contains("No name and no e-mail"), "{reasons:?}");
    assert!(reasons[1].contains("Dr Nobody"), "{reasons:?}");
    assert!(reasons[2].contains("Merged cells"), "{reasons:?}");
    // Misspelt names are read fuzzily and said.
    assert!(
        notes.contains("“Délégé 10 — imagerie médicale” read as “Délégué 10"),
        "{notes}"
    );
    assert!(notes.contains("pancreatic cancre"), "{notes}");

    let store = db.open();
    assert_eq!(count(&store, "contacts"), contacts + 3);
    assert_eq!(count(&store, "meeting_requests"), requests + 4);
    assert_eq!(count(&store, "availabilities"), windows + 4);
    drop(store);
    // Sophie answered twice: her latest answer counts (Délégué 1 only, Important, Thursday
    // morning), not the first (two delegates, Essential, two half-days).
    assert_eq!(
        requests_of(&db, "Sophie Lambert"),
        vec![("Délégué 1 — cardiologie".into(), "should".into())]
    );
    assert_eq!(
        windows_of(&db, "Sophie Lambert"),
        vec!["2025-06-26T07:00:00Z".to_owned()]
    );
    assert_eq!(
        requests_of(&db, "Médecin liégeois 1 — cardiologie"),
        vec![("Délégué 2 — cardiologie".into(), "could".into())]
    );
    assert_eq!(contacts_named(&db, "Médecin liégeois 1 — cardiologie"), 1);
    // Marc's misspelt delegate became his request; the technologies are in its notes.
    assert_eq!(
        requests_of(&db, "Marc Dubois"),
        vec![("Délégué 10 — imagerie médicale".into(), "should".into())]
    );
    let notes: String = common::sql(&db)
        .query_row(
            "SELECT q.notes FROM meeting_requests q JOIN meeting_request_participants p
               ON p.request_id = q.id JOIN contacts c ON c.id = p.contact_id
             WHERE c.family_name = 'Dubois'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        notes.contains("AI detection of pancreatic cancer"),
        "{notes}"
    );
    assert!(notes.contains("microsoft-forms.xlsx"), "{notes}");

    // The French Google Forms export: Sophie again (her e-mail in capitals), matched; Julie
    // answered twice; a row cut short and an unknown priority refused.
    let (google, _) = import(&db, &fixture("google-forms-fr.csv"), &[]);
    assert_eq!(google["people_created"], 1, "{google}");
    assert_eq!(google["people_matched"], 1, "{google}");
    assert_eq!(google["requests"], 2, "{google}");
    assert_eq!(google["availability"], 2, "{google}");
    assert_eq!(lines(&google), vec![4, 6], "{google}");
    assert_eq!(contacts_named(&db, "Sophie Lambert"), 1);
    assert_eq!(
        requests_of(&db, "Sophie Lambert"),
        vec![
            ("Délégué 1 — cardiologie".into(), "should".into()),
            ("Délégué 3 — cardiologie".into(), "must".into())
        ]
    );
    assert_eq!(
        requests_of(&db, "Julie Martin"),
        vec![("Délégué 8 — oncologie".into(), "must".into())]
    );
    assert_eq!(
        windows_of(&db, "Julie Martin"),
        vec!["2025-06-27T07:00:00Z".to_owned()]
    );

    // Importing the same file again repeats nothing.
    let (again, _) = import(&db, &fixture("google-forms-fr.csv"), &[]);
    assert_eq!(again["people_created"], 0);
    assert_eq!(again["people_matched"], 2);
    assert_eq!(again["requests"], 0);
    assert_eq!(again["availability"], 0);
}

/// The one error line `forms import` prints when it refuses the file at `path`.
fn refused(db: &TempDb, path: &Path) -> String {
    one_error_line(&cli(
        db,
        &[
            "forms",
            "import",
            "--mission",
            MISSION,
            path.to_str().unwrap(),
            "--json",
        ],
    ))
}

#[test]
fn bad_files_are_refused_whole_with_one_line() {
    let db = seeded();
    let dir = tempfile::tempdir().unwrap();
    let store = db.open();
    let contacts = count(&store, "contacts");
    drop(store);
    // A picture renamed .xlsx, a binary file, a file that is far too large.
    let png = dir.path().join("photo.xlsx");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    assert!(
        refused(&db, &png).contains("not a spreadsheet"),
        "{}",
        refused(&db, &png)
    );
    let zip = dir.path().join("archive.xlsx");
    std::fs::write(&zip, b"PK\x03\x04 not really a zip").unwrap();
    assert!(refused(&db, &zip).contains("not a spreadsheet"));
    let big = dir.path().join("big.csv");
    let row = "a,b,c\n".repeat(50 * 1024 * 1024 / 6 + 1);
    std::fs::write(&big, row).unwrap();
    assert!(
        refused(&db, &big).contains("20 MB"),
        "{}",
        refused(&db, &big)
    );
    // Columns that name nobody.
    let other = dir.path().join("other.csv");
    std::fs::write(&other, "Colour,Size\nred,12\n").unwrap();
    assert!(
        refused(&db, &other).contains("name or e-mail"),
        "{}",
        refused(&db, &other)
    );
    // A mission that does not exist.
    let out = cli(
        &db,
        &[
            "forms",
            "import",
            "--mission",
            "mis_nowhere",
            fixture("google-forms-fr.csv").to_str().unwrap(),
            "--json",
        ],
    );
    assert!(one_error_line(&out).contains("mis_nowhere"));
    let store = db.open();
    assert_eq!(count(&store, "contacts"), contacts);
}

/// Workbooks whose cell references calamine would trust: one past Excel's last column and a
/// merged range ending before it starts (found by `make fuzz`'s form_responses target:
/// calamine's arithmetic overflowed, a panic), and a sheet whose two cells, A1 and XFD1048576,
/// calamine would lay out as 17 billion cells.
#[test]
fn workbooks_with_cells_beyond_excel_or_far_apart_are_refused() {
    let db = seeded();
    let dir = tempfile::tempdir().unwrap();
    let store = db.open();
    let (contacts, requests) = (count(&store, "contacts"), count(&store, "meeting_requests"));
    drop(store);
    // Found by the fuzzer: a reference past XFD; a merged range ending before it starts.
    for file in [
        "fuzz-cell-reference-overflow.xlsx",
        "fuzz-merged-range-backwards.xlsx",
    ] {
        let fuzzed = fixture(file);
        assert!(
            refused(&db, &fuzzed).contains("not a spreadsheet"),
            "{file}: {}",
            refused(&db, &fuzzed)
        );
    }
    let far = dir.path().join("far.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Nom").unwrap();
    ws.write_string(1_048_575, 16_383, "Claire Dupont").unwrap();
    wb.save(&far).unwrap();
    assert!(
        refused(&db, &far).contains("4000000"),
        "{}",
        refused(&db, &far)
    );
    let store = db.open();
    assert_eq!(count(&store, "contacts"), contacts);
    assert_eq!(count(&store, "meeting_requests"), requests);
}

#[test]
fn renamed_columns_need_a_map_and_limesurvey_ticks_columns_per_choice() {
    let db = seeded();
    let dir = tempfile::tempdir().unwrap();
    // LimeSurvey: its own columns, then one column per half-day ("Y" when ticked), and the
    // delegates question renamed by the planner ("Qui ?").
    let lime = dir.path().join("results-survey123.csv");
    std::fs::write(
        &lime,
        "id,submitdate,lastpage,startlanguage,Your full name,Your e-mail address,Qui ?,\
         When are you free? [Thursday 26 June 2025 — morning (09:00–12:30)],\
         When are you free? [Friday 27 June 2025 — afternoon (13:30–18:00)]\n\
         1,2025-06-15 10:00:00,3,en,Anna Novak,anna.novak@example.si,Délégué 4 — néphrologie,Y,\n\
         2,2025-06-15 11:00:00,3,en,Tom Peeters,tom.peeters@example.be,Délégué 5 — néphrologie,,Y\n",
    )
    .unwrap();
    let (first, _) = import(&db, &lime, &["--dry-run"]);
    assert_eq!(first["people_created"], 2);
    assert_eq!(first["availability"], 2);
    assert_eq!(
        first["requests"], 0,
        "the renamed column is not read: {first}"
    );
    let map = dir.path().join("map.json");
    std::fs::write(&map, r#"{"Qui ?": "delegates"}"#).unwrap();
    let (mapped, _) = import(&db, &lime, &["--map", map.to_str().unwrap()]);
    assert_eq!(mapped["requests"], 2, "{mapped}");
    assert_eq!(
        windows_of(&db, "Tom Peeters"),
        vec!["2025-06-27T11:30:00Z".to_owned()]
    );
    // The mapping is remembered for these headers: the next import needs no map.
    let (again, _) = import(&db, &lime, &["--dry-run"]);
    assert_eq!(again["people_matched"], 2);
    // A map naming a field or a column that does not exist is refused.
    std::fs::write(&map, r#"{"Qui ?": "whom"}"#).unwrap();
    let out = cli(
        &db,
        &[
            "forms",
            "import",
            "--mission",
            MISSION,
            lime.to_str().unwrap(),
            "--map",
            map.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(one_error_line(&out).contains("whom"));
    std::fs::write(&map, r#"{"Quoi ?": "delegates"}"#).unwrap();
    let out = cli(
        &db,
        &[
            "forms",
            "import",
            "--mission",
            MISSION,
            lime.to_str().unwrap(),
            "--map",
            map.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(one_error_line(&out).contains("Quoi ?"));
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
fn the_template_comes_out_as_a_workbook_a_csv_file_and_a_pdf() {
    use calamine::Reader;
    let db = seeded();
    let dir = tempfile::tempdir().unwrap();
    let template = |lang: &str, name: &str| -> PathBuf {
        let out = dir.path().join(name);
        let run = cli(
            &db,
            &[
                "forms",
                "template",
                "--mission",
                MISSION,
                "--lang",
                lang,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        out
    };
    let xlsx = template("fr", "formulaire.xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), vec!["Questions", "Réponses"]);
    let questions = book.worksheet_range("Questions").unwrap();
    let text: Vec<String> = questions.rows().map(|r| r[1].to_string()).collect();
    assert!(
        text.iter()
            .any(|t| t == "Quand êtes-vous disponible\u{a0}?"),
        "{text:?}"
    );
    let choices: Vec<String> = questions.rows().map(|r| r[4].to_string()).collect();
    assert!(
        choices
            .iter()
            .any(|c| c.contains("Jeudi 26 juin 2025 — matin (09:00–12:30)")
                && c.contains("Vendredi 27 juin 2025 — après-midi (13:30–18:00)")),
        "{choices:?}"
    );
    // A technology as French forms name it; the English form, with no English name written,
    // by its own name; the Chinese one in Chinese.
    assert!(
        choices.iter().any(
            |c| c.contains("Détection de l’hypertension pulmonaire par IA")
                && !c.contains("AI detection of pulmonary hypertension")
        ),
        "{choices:?}"
    );
    // In the order of the names the form shows ("Operating-room digital twins" would come
    // after "NuQ early cancer screening kits").
    let listed = choices.iter().find(|c| c.contains("Jumeaux")).unwrap();
    assert!(
        listed.find("Jumeaux numériques") < listed.find("Kits NuQ"),
        "{listed}"
    );
    assert!(choices
        .iter()
        .any(|c| c.contains("Délégué 12 — neurochirurgie")));
    // The template's own workbook, filled in its responses sheet, imports without a map.
    let responses = book.worksheet_range("Réponses").unwrap();
    let headers: Vec<String> = responses
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(headers.len(), 10);
    let filled = dir.path().join("rempli.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in headers.iter().enumerate() {
            ws.write_string(0, c as u16, h).unwrap();
        }
        let answer = [
            "Claire Dupont",
            "claire.dupont@example.be",
            "CHU de Charleroi-Chimay",
            "Néphrologie",
            "Délégué 4 — néphrologie (Hôpital membre de la TSHA 2 (à confirmer))",
            "",
            "",
            "Souhaitable",
            "Jeudi 26 juin 2025 — matin (09:00–12:30)",
            "Français",
        ];
        for (c, a) in answer.iter().enumerate() {
            ws.write_string(1, c as u16, *a).unwrap();
        }
        wb.save(&filled).unwrap();
    }
    let (done, _) = import(&db, &filled, &[]);
    assert_eq!(done["people_created"], 1, "{done}");
    assert_eq!(done["requests"], 1, "{done}");
    assert_eq!(done["availability"], 1, "{done}");

    let csv = template("en", "form.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("Which members of the delegation would you like to meet?"));
    assert!(text.contains("Nice to have"));
    assert!(
        text.contains("AI detection of pulmonary hypertension"),
        "{text}"
    );

    let pdf = template("fr", "formulaire.pdf");
    let text = pdf_text(&pdf);
    assert!(text.contains("Formulaire d’intérêt"), "{text}");
    assert!(text.contains("Quels membres de la délégation"), "{text}");
    assert!(text.contains("Vendredi 27 juin 2025"), "{text}");
    let pdf = template("zh-TW", "form-zh.pdf");
    let text = pdf_text(&pdf);
    assert!(text.contains("您何時有空"), "{text}");
    // The mission under the title written for Chinese documents, its technologies as Chinese
    // forms name them.
    assert!(text.contains("臺灣智慧醫療聯盟"), "{text}");
    assert!(text.contains("AI 肺高壓偵測"), "{text}");

    // A format the extension does not name, a language the form is not in.
    let out = cli(
        &db,
        &[
            "forms",
            "template",
            "--mission",
            MISSION,
            "--lang",
            "fr",
            "--out",
            dir.path().join("f.docx").to_str().unwrap(),
        ],
    );
    assert!(one_error_line(&out).contains(".xlsx, .csv or .pdf"));
    let out = cli(
        &db,
        &[
            "forms",
            "template",
            "--mission",
            MISSION,
            "--lang",
            "de",
            "--out",
            dir.path().join("f.pdf").to_str().unwrap(),
        ],
    );
    one_error_line(&out);
}

/// Writes `tests/fixtures/forms/microsoft-forms.xlsx`, shaped like a Microsoft Forms export:
/// ID, Start time, Completion time (date cells), Email, Name, then the form's questions in
/// English; several choices joined by ";" with a trailing one. Run with `--ignored` to rewrite.
#[test]
#[ignore]
fn write_microsoft_forms_fixture() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let d = |n: u32, spec: &str, h: u32| {
        format!("Délégué {n} — {spec} (Hôpital membre de la TSHA {h} (à confirmer))")
    };
    let heads = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Your full name",
        "Your e-mail address",
        "Your organisation (hospital, company…)",
        "Your department",
        "Which members of the delegation would you like to meet?",
        "Which technologies interest you?",
        "Other topics you would like to discuss",
        "How important are these meetings to you?",
        "When are you free?",
        "In which language would you like to meet?",
    ];
    let thu_am = "Thursday 26 June 2025 — morning (09:00–12:30)";
    let thu_pm = "Thursday 26 June 2025 — afternoon (13:30–18:00)";
    let fri_am = "Friday 27 June 2025 — morning (09:00–12:30)";
    let fri_pm = "Friday 27 June 2025 — afternoon (13:30–18:00)";
    let rows: Vec<(&str, Vec<String>)> = vec![
        (
            "2025-06-10 09:15:00",
            vec![
                "anonymous".into(),
                "anonymous".into(),
                "Sophie Lambert".into(),
                "sophie.lambert@chuliege.be".into(),
                "CHU de Liège".into(),
                "Cardiologie".into(),
                format!("{};{};", d(1, "cardiologie", 1), d(3, "cardiologie", 2)),
                "AI-ECG detection of myocardial infarction;".into(),
                String::new(),
                "Essential".into(),
                format!("{thu_pm};{fri_am};"),
                "Français".into(),
            ],
        ),
        (
            "2025-06-10 11:02:31",
            vec![
                "marc.dubois@medtech.be".into(),
                "Marc Dubois".into(),
                "Marc Dubois".into(),
                "marc.dubois@medtech.be".into(),
                "MedTech Liège SA".into(),
                String::new(),
                "Délégé 10 — imagerie médicale;".into(),
                "AI characterisation of breast tumours by ultrasound;AI detection of pancreatic cancre;"
                    .into(),
                "Clinical validation in Belgium".into(),
                "Important".into(),
                format!("{fri_pm};"),
                "English".into(),
            ],
        ),
        (
            "2025-06-11 16:40:00",
            vec![
                "anonymous".into(),
                "anonymous".into(),
                "Médecin liégeois 1 — cardiologie".into(),
                String::new(),
                "CHC Mont Légia".into(),
                "Cardiologie".into(),
                format!("{};", d(2, "cardiologie", 1)),
                String::new(),
                String::new(),
                "Nice to have".into(),
                format!("{thu_am};"),
                "Français".into(),
            ],
        ),
        (
            "2025-06-12 08:05:12",
            vec![
                "anonymous".into(),
                "anonymous".into(),
                "Sophie Lambert".into(),
                "sophie.lambert@chuliege.be".into(),
                "CHU de Liège".into(),
                "Cardiologie".into(),
                format!("{};", d(1, "cardiologie", 1)),
                String::new(),
                String::new(),
                "Important".into(),
                format!("{thu_am};"),
                "Français".into(),
            ],
        ),
        (
            "2025-06-12 10:00:00",
            vec![
                "anonymous".into(),
                "anonymous".into(),
                String::new(),
                String::new(),
                "Some company".into(),
                String::new(),
                format!("{};", d(5, "néphrologie", 3)),
                String::new(),
                String::new(),
                "Important".into(),
                format!("{thu_am};"),
                String::new(),
            ],
        ),
        (
            "2025-06-12 12:30:00",
            vec![
                "anonymous".into(),
                "anonymous".into(),
                "Paul Henrard".into(),
                "paul.henrard@example.be".into(),
                "Clinique CHC".into(),
                String::new(),
                "Dr Nobody;".into(),
                String::new(),
                String::new(),
                "Important".into(),
                format!("{thu_am};"),
                String::new(),
            ],
        ),
        (
            "2025-06-13 09:00:00",
            vec![
                "anonymous".into(),
                "anonymous".into(),
                "Eva Jacobs".into(),
                "eva.jacobs@example.be".into(),
                "Hôpital de Jolimont".into(),
                "Radiologie".into(),
                format!("{};", d(11, "imagerie médicale", 6)),
                String::new(),
                String::new(),
                "Important".into(),
                format!("{fri_am};"),
                "Français".into(),
            ],
        ),
        (
            "2025-06-14 15:20:00",
            vec![
                "anonymous".into(),
                "anonymous".into(),
                "Wang Li-Hua".into(),
                "lihua.wang@example.tw".into(),
                "Taipei Medical Devices Co.".into(),
                String::new(),
                format!("{};", d(12, "neurochirurgie", 6)),
                "AI for managing brain tumours;".into(),
                String::new(),
                "Essential".into(),
                format!("{fri_pm};"),
                "中文".into(),
            ],
        ),
    ];
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Sheet1").unwrap();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("m/d/yy h:mm:ss");
    for (c, h) in heads.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .unwrap();
    }
    for (i, (done, cells)) in rows.iter().enumerate() {
        let r = (i + 1) as u32;
        sheet.write_number(r, 0, f64::from(r)).unwrap();
        let end = ExcelDateTime::parse_from_str(done).unwrap();
        sheet.write_datetime_with_format(r, 1, &end, &date).unwrap();
        sheet.write_datetime_with_format(r, 2, &end, &date).unwrap();
        for (c, v) in cells.iter().enumerate() {
            sheet.write_string(r, (c + 3) as u16, v).unwrap();
        }
    }
    // Row 8 (Eva Jacobs): her organisation and department merged into one cell.
    sheet
        .merge_range(
            7,
            7,
            7,
            8,
            "Hôpital de Jolimont — Radiologie",
            &Format::new(),
        )
        .unwrap();
    book.save(fixture("microsoft-forms.xlsx")).unwrap();
}

/// The ids of the technologies an agenda item is about.
/// The first of the mission's requests (`passerelle-cli requests --json`) with `name` among its
/// participants.
fn request_of(db: &TempDb, name: &str) -> Value {
    let requests = json(&cli(db, &["requests", "--mission", MISSION, "--json"]));
    requests
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["participants"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == name)
        })
        .unwrap_or_else(|| panic!("no request of {name}: {requests}"))
        .clone()
}

fn item_technologies(db: &TempDb, item: &str) -> Vec<String> {
    let conn = common::sql(db);
    let mut stmt = conn
        .prepare("SELECT technology_id FROM agenda_technologies WHERE item_id = ?1 ORDER BY 1")
        .unwrap();
    stmt.query_map([item], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn technologies_answered_go_to_the_request_then_its_meeting_then_the_report_by_technology() {
    let db = seeded();
    import(&db, &fixture("google-forms-fr.csv"), &[]);
    // Sophie asked to meet Délégué 3 about the AI-ECG: her request names the technology (by
    // its own name) and its notes say so in the planner's language (English here).
    let sophie = request_of(&db, "Sophie Lambert");
    assert_eq!(
        sophie["technologies"],
        serde_json::json!([{"id": "tec_ecg_mi_detection", "name": "Détection de l’infarctus du myocarde par ECG et IA"}]),
        "{sophie}"
    );
    assert!(sophie["notes"]
        .as_str()
        .unwrap()
        .contains("AI-ECG detection of myocardial infarction"));

    // The meeting the scheduler places is about it.
    json(&cli(&db, &["schedule", "--mission", MISSION, "--json"]));
    let requests = json(&cli(&db, &["requests", "--mission", MISSION, "--json"]));
    let placed = requests
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == sophie["id"])
        .unwrap()
        .clone();
    let item = placed["itemId"].as_str().expect("Sophie's request placed");
    assert_eq!(item_technologies(&db, item), ["tec_ecg_mi_detection"]);

    // An outcome with a result recorded on it, naming the meeting's technologies (as the
    // window's outcome form offers them), counts on the technology's row of the report.
    let mut args = vec![
        "outcome",
        "add",
        "--item",
        item,
        "--type",
        "partnership",
        "--agreement",
        "mou",
        "--value-eur",
        "120000",
        "--json",
    ];
    let techs = item_technologies(&db, item);
    for t in &techs {
        args.extend(["--technology", t.as_str()]);
    }
    json(&cli(&db, &args));
    let today = chrono::Utc::now().date_naive().to_string();
    let report = json(&cli(
        &db,
        &["report", "--mission", MISSION, "--as-of", &today, "--json"],
    ));
    let rows = report["kpis"]["by_technology"].as_array().unwrap();
    let row = rows
        .iter()
        .find(|r| r["technology"]["id"] == "tec_ecg_mi_detection")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(row["agreements"], 1, "{row}");
    assert_eq!(row["value_eur"], 120_000.0, "{row}");
    assert!(rows.iter().all(|r| !r["technology"].is_null()), "{rows:?}");
}

#[test]
fn a_technology_answered_in_any_language_s_name_is_the_technology() {
    let db = seeded();
    let dir = tempfile::tempdir().unwrap();
    let header = std::fs::read_to_string(fixture("google-forms-fr.csv"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    // One respondent answered a French form, one a Chinese form; a third names a technology
    // the mission does not present.
    let rows = [
        "13/06/2025 10:00:00,Sophie Lambert,sophie.lambert@chuliege.be,CHU de Liège,Cardiologie,\
         Délégué 3 — cardiologie (Hôpital membre de la TSHA 2 (à confirmer)),\
         Détection de l’infarctus du myocarde par ECG et IA,,Essentielle,\
         Jeudi 26 juin 2025 — après-midi (13:30–18:00),Français",
        "13/06/2025 11:00:00,Chen Mei-ling,mei.chen@example.tw,CHU de Liège,Oncologie,\
         Délégué 8 — oncologie (Hôpital membre de la TSHA 4 (à confirmer)),\
         AI 胰臟癌偵測,,Essentielle,Jeudi 26 juin 2025 — après-midi (13:30–18:00),Français",
        "13/06/2025 12:00:00,Marc Leroy,marc.leroy@example.be,CHU de Liège,Cardiologie,\
         Délégué 3 — cardiologie (Hôpital membre de la TSHA 2 (à confirmer)),\
         Détection de la fibrillation auriculaire,,Essentielle,\
         Jeudi 26 juin 2025 — après-midi (13:30–18:00),Français",
    ];
    let csv = dir.path().join("reponses.csv");
    std::fs::write(&csv, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
    let (done, stderr) = import(&db, &csv, &[]);
    assert_eq!(done["requests"], 3, "{done} {stderr}");
    let of = |name: &str| request_of(&db, name);
    let ids = |r: &Value| -> Vec<String> {
        r["technologies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&of("Sophie Lambert")), ["tec_ecg_mi_detection"]);
    assert_eq!(
        ids(&of("Chen Mei-ling")),
        ["tec_pancreatic_cancer_detection"]
    );
    // A technology the mission does not present stays a topic in the request's notes.
    let marc = of("Marc Leroy");
    assert!(ids(&marc).is_empty(), "{marc}");
    assert!(
        marc["notes"]
            .as_str()
            .unwrap()
            .contains("Détection de la fibrillation auriculaire"),
        "{marc}"
    );
}

#[test]
fn request_add_names_technologies_and_refuses_an_unknown_one_on_its_field() {
    let db = seeded();
    let base = [
        "request-add",
        "--mission",
        MISSION,
        "--participants",
        "con_liege_doctor_1,con_liege_doctor_2",
        "--priority",
        "must",
    ];
    let mut args = base.to_vec();
    args.extend([
        "--technology",
        "tec_ecg_mi_detection",
        "--technology",
        "tec_ecg_mi_detection",
        "--json",
    ]);
    let added = json(&cli(&db, &args));
    assert_eq!(added["technologies"][0]["id"], "tec_ecg_mi_detection");
    assert_eq!(added["technologies"].as_array().unwrap().len(), 1);

    let store = db.open();
    let before = count(&store, "meeting_requests");
    drop(store);
    let mut args = base.to_vec();
    args.extend(["--technology", "tec_no_such_thing", "--json"]);
    let out = cli(&db, &args);
    assert!(!out.status.success());
    let line = one_error_line(&out);
    assert!(line.contains("technologies[0]"), "{line}");
    assert_eq!(count(&db.open(), "meeting_requests"), before);
}
