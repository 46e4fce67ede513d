//! Meals and access needs (issue 18, part 4) on real files, through `passerelle-cli`:
//! special-category data held only with a recorded consent (refused without, nothing saved),
//! for the mission only and erased after it (the purge), on withdrawal and with the person,
//! their ops scrubbed from the change log; the caterer's counts per meal as a PDF read back
//! with poppler's `pdftotext` in English, French and Chinese, without names; and no diet word
//! in any other export (rooming list as .xlsx and PDF, programme, itinerary, calendar,
//! contacts, briefing book, drivers' sheet). The exchange file carries them by design (they must reach the
//! other advisers), so it is not among those.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{cli, count, json, one_error_line, TempDb};
use passerelle_core::domain::{Organisation, OrganisationKind};
use passerelle_core::store;
use serde_json::Value;
use std::io::Read;
use std::path::Path;

const MISSION: &str = "mis_tsha_wallonia_2025";
/// The "other" diet of delegate 3: a word found nowhere else, to grep files for.
const SECRET: &str = "Zorbaflex-intolerance";

/// The demo mission (26–27 June 2025), its needs kept ten years after it so that they are not
/// erased at once (the default 30 days are long past).
fn seeded() -> TempDb {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    let kept = json(&cli(
        &db,
        &[
            "needs",
            "retention",
            "--mission",
            MISSION,
            "--days",
            "3650",
            "--json",
        ],
    ));
    assert_eq!(kept["erasedOn"], "2035-06-25", "{kept}");
    db
}

fn set(db: &TempDb, contact: &str, more: &[&str]) -> std::process::Output {
    let mut args = vec![
        "needs",
        "set",
        "--mission",
        MISSION,
        "--contact",
        contact,
        "--json",
    ];
    args.extend_from_slice(more);
    cli(db, &args)
}

const CONSENT: &[&str] = &[
    "--consent",
    "--consent-by",
    "the person",
    "--consent-on",
    "2025-06-01",
    "--consent-how",
    "form",
];

fn with_consent(needs: &[&'static str]) -> Vec<&'static str> {
    let mut v = needs.to_vec();
    v.extend_from_slice(CONSENT);
    v
}

/// Three delegates' needs: two vegetarians (one also allergic to nuts), one halal in a
/// wheelchair with another diet in words.
fn three_needs(db: &TempDb) {
    for (who, needs) in [
        ("con_delegate_01", vec!["--diet", "vegetarian"]),
        (
            "con_delegate_02",
            vec!["--diet", "vegetarian", "--diet", "nut_allergy"],
        ),
        (
            "con_delegate_03",
            vec![
                "--diet",
                "halal",
                "--diet-other",
                SECRET,
                "--access",
                "wheelchair",
            ],
        ),
    ] {
        let id = json(&set(db, who, &with_consent(&needs)))["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(id.starts_with("ned_"), "{id}");
    }
}

fn log_mentions(db: &TempDb, word: &str) -> i64 {
    db.open()
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM change_log WHERE instr(coalesce(before, ''), ?1) > 0
                   OR instr(coalesce(after, ''), ?1) > 0 OR instr(coalesce(data, ''), ?1) > 0",
                [word],
                |r| r.get(0),
            )?)
        })
        .unwrap()
}

fn file_holds(db: &TempDb, word: &str) -> bool {
    let bytes = std::fs::read(&db.path).unwrap();
    let mut wal = db.path.clone().into_os_string();
    wal.push("-wal");
    let wal = std::fs::read(wal).unwrap_or_default();
    [bytes, wal]
        .iter()
        .any(|b| b.windows(word.len()).any(|w| w == word.as_bytes()))
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
fn needs_without_consent_are_refused_and_nothing_is_saved() {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    // The demo mission ended in June 2025: kept 30 days, its needs were due for erasure on
    // 27 July 2025, so none can be recorded until they are kept longer.
    let out = set(&db, "con_delegate_01", &with_consent(&["--diet", "vegan"]));
    let line = one_error_line(&out);
    assert!(
        line.contains("retentionDays") && line.contains("27 Jul"),
        "{line}"
    );
    json(&cli(
        &db,
        &[
            "needs",
            "retention",
            "--mission",
            MISSION,
            "--days",
            "3650",
            "--json",
        ],
    ));
    // No consent ticked: refused on the consent, nothing saved, nothing logged.
    let out = set(
        &db,
        "con_delegate_01",
        &[
            "--diet",
            "vegan",
            "--consent-by",
            "the person",
            "--consent-on",
            "2025-06-01",
            "--consent-how",
            "form",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let line = one_error_line(&out);
    assert!(line.contains("consent:"), "{line}");
    // Ticked, but not said how.
    let out = set(
        &db,
        "con_delegate_01",
        &[
            "--diet",
            "vegan",
            "--consent",
            "--consent-by",
            "x",
            "--consent-on",
            "2025-06-01",
        ],
    );
    assert!(one_error_line(&out).contains("consentHow"));
    // A consent dated after today, no need at all, an unknown diet, someone outside the
    // delegation.
    let out = set(
        &db,
        "con_delegate_01",
        &[
            "--diet",
            "vegan",
            "--consent",
            "--consent-by",
            "x",
            "--consent-on",
            "2999-01-01",
            "--consent-how",
            "email",
        ],
    );
    assert!(one_error_line(&out).contains("consentOn"));
    assert!(one_error_line(&set(&db, "con_delegate_01", CONSENT)).contains("diets"));
    assert!(one_error_line(&set(
        &db,
        "con_delegate_01",
        &with_consent(&["--diet", "paleo"])
    ))
    .contains("diets"));
    assert!(one_error_line(&set(
        &db,
        "con_philippe_olivier",
        &with_consent(&["--diet", "vegan"])
    ))
    .contains("contactId"));
    let store = db.open();
    assert_eq!(count(&store, "meal_needs"), 0);
    let logged: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM change_log WHERE entity = 'meal_needs'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(logged, 0);
    // Nothing is on the contact either: the directory never holds needs.
    drop(store);
    let out = set(&db, "con_delegate_01", &with_consent(&["--diet", "vegan"]));
    json(&out);
    let contact = json(&cli(&db, &["list", "contacts"]));
    assert!(!contact.to_string().contains("vegan"));
}

#[test]
fn needs_are_listed_with_their_consent_and_erasure_date_and_replaced_by_a_new_set() {
    let db = seeded();
    three_needs(&db);
    let listed = json(&cli(
        &db,
        &["needs", "list", "--mission", MISSION, "--json"],
    ));
    assert_eq!(listed["retentionDays"], 3650);
    assert_eq!(listed["erasedOn"], "2035-06-25");
    let needs = listed["needs"].as_array().unwrap();
    assert_eq!(needs.len(), 3, "{listed}");
    let third = needs
        .iter()
        .find(|n| n["contact"]["id"] == "con_delegate_03")
        .unwrap();
    assert_eq!(third["diets"], serde_json::json!(["halal", "other"]));
    assert_eq!(third["dietOther"], SECRET);
    assert_eq!(third["access"], serde_json::json!(["wheelchair"]));
    assert_eq!(third["consentHow"], "form");
    // Set again: the same record, its needs replaced.
    let id = third["id"].as_str().unwrap();
    let again = json(&set(
        &db,
        "con_delegate_03",
        &with_consent(&["--diet", "kosher"]),
    ));
    assert_eq!(again["id"], id);
    let listed = json(&cli(
        &db,
        &["needs", "list", "--mission", MISSION, "--json"],
    ));
    assert_eq!(listed["needs"].as_array().unwrap().len(), 3);
}

#[test]
fn the_caterer_gets_each_meals_counts_and_a_list_without_names() {
    let db = seeded();
    three_needs(&db);
    let dir = db.dir.path();
    for (lang, words) in [
        (
            "en",
            vec![
                "Dinner / networking reception",
                "13 guests",
                "2 × Vegetarian, 1 × Halal, 1 × Nut allergy, 1 × Other diet",
                "1 × Wheelchair access",
                "3 Halal, Other diet (Zorbaflex-intolerance), Wheelchair access",
                "14 guests",
            ],
        ),
        (
            "fr",
            vec!["13 couverts", "2 × Végétarien", "Accès fauteuil roulant"],
        ),
        ("zh-TW", vec!["2 × 素食（蛋奶素）", "1 × 清真", "輪椅通道"]),
    ] {
        let pdf = dir.join(format!("catering-{lang}.pdf"));
        let out = cli(
            &db,
            &[
                "export",
                "catering",
                "--mission",
                MISSION,
                "--lang",
                lang,
                "--out",
                pdf.to_str().unwrap(),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = pdf_text(&pdf);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for w in words {
            let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(&w), "{lang}: {w} not in {text}");
        }
        // No one is named: not the delegates, not who consented.
        assert!(!text.contains("Délégué 1"), "{text}");
        assert!(!text.contains("the person"), "{text}");
    }
}

fn hotel() -> Organisation {
    Organisation {
        id: "org_hotel_liege".into(),
        name: "Crowne Plaza Liège".into(),
        short_name: None,
        kind: OrganisationKind::Company,
        parent_id: None,
        address: Some("Mont Saint-Martin 9".into()),
        postal_code: Some("4000".into()),
        city: Some("Liège".into()),
        country: "BE".into(),
        latitude: None,
        longitude: None,
        tz: Some("Europe/Brussels".into()),
        website: None,
        notes: None,
        placeholder: false,
    }
}

fn xlsx_strings(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        if f.read_to_string(&mut s).is_ok() {
            out.push_str(&s);
        }
    }
    out
}

/// The demand: special-category data never appears in an export that does not need it.
#[test]
fn no_diet_word_is_in_any_export_but_the_caterers() {
    let db = seeded();
    three_needs(&db);
    db.open()
        .write("test", |w| {
            store::organisations::save(w, &hotel())?;
            Ok(())
        })
        .unwrap();
    for who in ["con_delegate_01", "con_delegate_03"] {
        json(&cli(
            &db,
            &[
                "stay",
                "add",
                "--mission",
                MISSION,
                "--contact",
                who,
                "--hotel",
                "org_hotel_liege",
                "--from",
                "2025-06-26",
                "--to",
                "2025-06-27",
                "--json",
            ],
        ));
    }
    json(&cli(
        &db,
        &[
            "vehicle",
            "add",
            "--mission",
            MISSION,
            "--name",
            "Coach",
            "--seats",
            "14",
            "--driver",
            "Marc",
            "--json",
        ],
    ));
    let dir = db.dir.path();
    let exports: Vec<(&str, Vec<&str>)> = vec![
        (
            "transport.pdf",
            vec!["export", "transport", "--mission", MISSION, "--lang", "fr"],
        ),
        (
            "rooming.xlsx",
            vec![
                "export",
                "rooming",
                "--format",
                "xlsx",
                "--mission",
                MISSION,
            ],
        ),
        (
            "rooming.pdf",
            vec!["export", "rooming", "--format", "pdf", "--mission", MISSION],
        ),
        (
            "programme.pdf",
            vec![
                "export",
                "programme",
                "--mission",
                MISSION,
                "--lang",
                "fr+en",
            ],
        ),
        (
            "itinerary.pdf",
            vec![
                "export",
                "itinerary",
                "--mission",
                MISSION,
                "--participant",
                "con_delegate_03",
                "--lang",
                "zh-TW",
            ],
        ),
        (
            "itineraries.pdf",
            vec!["export", "itinerary", "--mission", MISSION, "--lang", "en"],
        ),
        ("mission.ics", vec!["export", "ics", "--mission", MISSION]),
        (
            "delegate.ics",
            vec![
                "export",
                "ics",
                "--mission",
                MISSION,
                "--participant",
                "con_delegate_03",
            ],
        ),
        ("contacts.csv", vec!["export", "contacts"]),
        (
            "contacts.vcf",
            vec!["export", "contacts", "--format", "vcf"],
        ),
        (
            "briefing.pdf",
            vec![
                "export",
                "briefing",
                "--mission",
                MISSION,
                "--lang",
                "en+fr",
            ],
        ),
    ];
    let words = [
        SECRET,
        "vegetarian",
        "végétarien",
        "halal",
        "wheelchair",
        "fauteuil",
        "nut allergy",
        "nut_allergy",
        "fruits à coque",
        "素食",
        "清真",
        "輪椅",
    ];
    for (name, args) in exports {
        let path = dir.join(name);
        let mut args = args.clone();
        args.extend(["--out", path.to_str().unwrap()]);
        let out = cli(&db, &args);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = match name.rsplit_once('.').unwrap().1 {
            "pdf" => pdf_text(&path),
            "xlsx" => xlsx_strings(&path),
            _ => std::fs::read_to_string(&path).unwrap(),
        };
        assert!(text.len() > 50, "{name} is empty: {text}");
        let lower = text.to_lowercase();
        for w in words {
            assert!(
                !lower.contains(&w.to_lowercase()),
                "{name} holds “{w}”: {text}"
            );
        }
    }
}

#[test]
fn withdrawing_consent_erases_the_needs_and_scrubs_their_ops() {
    let db = seeded();
    three_needs(&db);
    assert!(log_mentions(&db, SECRET) > 0);
    let cleared = json(&cli(
        &db,
        &[
            "needs",
            "clear",
            "--mission",
            MISSION,
            "--contact",
            "con_delegate_03",
            "--json",
        ],
    ));
    assert_eq!(cleared["cleared"], true);
    let store = db.open();
    assert_eq!(count(&store, "meal_needs"), 2);
    drop(store);
    assert_eq!(log_mentions(&db, SECRET), 0);
    assert_eq!(log_mentions(&db, "halal"), 0);
    assert!(!file_holds(&db, SECRET));
    // The others' needs are untouched, and clearing again finds nothing.
    assert!(log_mentions(&db, "vegetarian") > 0);
    let again = json(&cli(
        &db,
        &[
            "needs",
            "clear",
            "--mission",
            MISSION,
            "--contact",
            "con_delegate_03",
            "--json",
        ],
    ));
    assert_eq!(again["cleared"], false);
}

#[test]
fn the_purge_erases_needs_once_the_mission_is_past_its_retention() {
    let db = seeded();
    three_needs(&db);
    // Nothing due: the purge erases nothing.
    assert_eq!(json(&cli(&db, &["needs", "purge", "--json"]))["erased"], 0);
    assert_eq!(count(&db.open(), "meal_needs"), 3);
    // Back to 30 days after a mission of June 2025: past, erased by the next command.
    let kept = json(&cli(
        &db,
        &[
            "needs",
            "retention",
            "--mission",
            MISSION,
            "--days",
            "30",
            "--json",
        ],
    ));
    assert_eq!(kept["erasedOn"], "2025-07-27");
    assert_eq!(count(&db.open(), "meal_needs"), 0);
    for w in [SECRET, "vegetarian", "halal", "wheelchair"] {
        assert_eq!(log_mentions(&db, w), 0, "{w}");
    }
    assert!(!file_holds(&db, SECRET));
    let listed = json(&cli(
        &db,
        &["needs", "list", "--mission", MISSION, "--json"],
    ));
    assert_eq!(listed["needs"], serde_json::json!([]));
}

#[test]
fn erasing_the_person_erases_their_needs_and_ops() {
    let db = seeded();
    three_needs(&db);
    // In the person's data-subject export first.
    let export = db.dir.path().join("subject.json");
    let out = cli(
        &db,
        &[
            "contact",
            "export",
            "con_delegate_03",
            "--out",
            export.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let held: Value = serde_json::from_slice(&std::fs::read(&export).unwrap()).unwrap();
    assert_eq!(held["data"]["needs"][0]["diet_other"], SECRET, "{held}");
    let out = cli(&db, &["contact", "erase", "con_delegate_03"]);
    assert!(out.status.success(), "{}", one_error_line(&out));
    assert_eq!(count(&db.open(), "meal_needs"), 2);
    assert_eq!(log_mentions(&db, SECRET), 0);
    assert_eq!(log_mentions(&db, "halal"), 0);
    assert!(!file_holds(&db, SECRET));
}

fn exchange(from: &TempDb, to: &TempDb, file: &Path) {
    json(&cli(
        from,
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
        to,
        &["sync", "import", file.to_str().unwrap(), "--json"],
    ));
}

/// The needs are shared records of the mission: they reach the other adviser's copy in the
/// exchange file, and so does their erasure, after which neither copy's log holds them.
#[test]
fn needs_and_their_withdrawal_reach_the_other_copy() {
    let a = seeded();
    let b = TempDb::new();
    std::fs::copy(&a.path, &b.path).unwrap();
    three_needs(&a);
    let carrier = tempfile::tempdir().unwrap();
    exchange(&a, &b, &carrier.path().join("1.passerelle"));
    let there = json(&cli(&b, &["needs", "list", "--mission", MISSION, "--json"]));
    assert_eq!(there["needs"].as_array().unwrap().len(), 3, "{there}");
    assert!(log_mentions(&b, SECRET) > 0);
    json(&cli(
        &a,
        &[
            "needs",
            "clear",
            "--mission",
            MISSION,
            "--contact",
            "con_delegate_03",
            "--json",
        ],
    ));
    exchange(&a, &b, &carrier.path().join("2.passerelle"));
    let there = json(&cli(&b, &["needs", "list", "--mission", MISSION, "--json"]));
    assert_eq!(there["needs"].as_array().unwrap().len(), 2, "{there}");
    // The receiving copy scrubs its own ops of the erased needs at its next command.
    assert_eq!(log_mentions(&b, SECRET), 0);
    assert!(!file_holds(&b, SECRET));
}
