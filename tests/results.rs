//! The results agencies report (issue 17 part 5): an outcome's agreement, euros, jobs and
//! confirmation, the mission's staff days, and the report's `kpis` (JSON, CSV, workbook, PDF),
//! on real database files and through the CLI.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;
mod sync_support;

use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, TimeZone, Utc};
use common::{cli, count, json, one_error_line, TempDb};
use passerelle_core::aftercare;
use passerelle_core::domain::{AgreementKind, OutcomeInput, OutcomeResultsInput, OutcomeType};
use passerelle_core::store::followups;
use passerelle_core::sync::op::Scope;
use passerelle_core::Store;
use serde_json::Value;
use std::sync::Arc;
use sync_support::*;

const MISSION: &str = "mis_tsha_wallonia_2025";
const CARDIO: &str = "itm_d2_one_to_one_cardiology";
const ONCO: &str = "itm_d2_one_to_one_oncology_imaging";
const NEPHRO: &str = "itm_d2_one_to_one_nephrology_gastro";

fn seeded() -> TempDb {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    db
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A store whose clock says noon UTC on `day`.
fn on(db: &TempDb, day: &str) -> Store {
    let at = Utc
        .from_utc_datetime(&date(day).and_hms_opt(12, 0, 0).unwrap())
        .to_owned();
    Store::open_with_clock(&db.path, Arc::new(move || at)).unwrap()
}

fn outcome(item: &str, technology: &str) -> OutcomeInput {
    OutcomeInput {
        id: None,
        item_id: item.into(),
        outcome_type: OutcomeType::Partnership,
        notes: None,
        next_steps: None,
        attendees: vec!["con_liege_doctor_1".into()],
        technologies: vec![technology.into()],
        followup: None,
        results: None,
    }
}

fn results(kind: AgreementKind, value: &str) -> OutcomeResultsInput {
    OutcomeResultsInput {
        agreement: Some(kind),
        value_eur: Some(value.into()),
        ..Default::default()
    }
}

fn report_json(db: &TempDb, as_of: &str) -> Value {
    json(&cli(
        db,
        &["report", "--mission", MISSION, "--as-of", as_of, "--json"],
    ))
}

#[test]
fn results_typed_wrong_are_refused_on_their_field_and_nothing_is_saved() {
    let db = seeded();
    let before = {
        let s = db.open();
        (count(&s, "outcomes"), count(&s, "change_sets"))
    };
    for (flag, value, field) in [
        ("--value-eur", "-5", "valueEur"),
        ("--investment-eur", "12 USD", "investmentEur"),
        ("--jobs", "2.5", "jobs"),
        ("--confirmed-on", "2025-06-26", "confirmedOn"),
        ("--agreement", "handshake", "agreement"),
    ] {
        let line = one_error_line(&cli(
            &db,
            &[
                "outcome", "add", "--item", CARDIO, "--type", "pilot", flag, value, "--json",
            ],
        ));
        assert!(line.contains(field), "{flag}: {line}");
    }
    // The confirmation is refused before the meeting's day (27 June), accepted on it.
    let evidence = db.dir.path().join("mou.pdf");
    std::fs::write(&evidence, b"%PDF-1.4 signed").unwrap();
    let line = one_error_line(&cli(
        &db,
        &[
            "outcome",
            "add",
            "--item",
            CARDIO,
            "--type",
            "pilot",
            "--confirmed-on",
            "2025-06-26",
            "--evidence",
            evidence.to_str().unwrap(),
        ],
    ));
    assert!(line.contains("before the meeting"), "{line}");
    let s = db.open();
    assert_eq!((count(&s, "outcomes"), count(&s, "change_sets")), before);
    // The evidence copied for the refused save is gone again.
    let attached = db
        .dir
        .path()
        .join("attachments")
        .join(CARDIO)
        .join("mou.pdf");
    assert!(!attached.exists());

    // An edit refused changes nothing either, and says it in the planner's language.
    let id = {
        let store = db.open();
        store
            .write("action.recordOutcome", |w| {
                followups::save_outcome(w, &outcome(CARDIO, "tec_ecg_mi_detection"))
            })
            .unwrap()
    };
    let store = db.open();
    let sets = count(&store, "change_sets");
    let err = store
        .write("action.setOutcomeResults", |w| {
            followups::set_results(
                w,
                &id,
                &OutcomeResultsInput {
                    agreement: Some(AgreementKind::Mou),
                    jobs: Some("douze".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap_err();
    let passerelle_core::Error::Validation {
        field,
        code: Some(m),
        ..
    } = err
    else {
        panic!("{err:?}")
    };
    assert_eq!((field.as_str(), m.code), ("jobs", "notANumberOfJobs"));
    let fr = m.render(passerelle_core::documents::locale::Lang::Fr);
    assert!(fr.contains("nombre d’emplois"), "{fr}");
    let zh = m.render(passerelle_core::documents::locale::Lang::ZhTw);
    assert!(zh.contains("工作機會"), "{zh}");
    assert_eq!(count(&store, "change_sets"), sets);
    let o = store.read(|c| followups::outcome(c, &id)).unwrap();
    assert!(o.results.is_empty());
}

#[test]
fn results_are_recorded_edited_and_cleared_from_the_cli_with_the_evidence_attached() {
    let db = seeded();
    let evidence = db.dir.path().join("MoU signé.pdf");
    std::fs::write(&evidence, b"%PDF-1.4 signed").unwrap();
    let out = json(&cli(
        &db,
        &[
            "outcome",
            "add",
            "--item",
            CARDIO,
            "--type",
            "partnership",
            "--technology",
            "tec_ecg_mi_detection",
            "--agreement",
            "mou",
            "--value-eur",
            "1 250 000",
            "--investment-eur",
            "2.000.000,50",
            "--jobs",
            "12",
            "--confirmed-on",
            "2025-09-15",
            "--evidence",
            evidence.to_str().unwrap(),
            "--json",
        ],
    ));
    let id = out["id"].as_str().unwrap().to_owned();
    let r = &out["results"];
    assert_eq!(r["agreement"], "mou");
    assert_eq!(r["valueCents"], 125_000_000);
    assert_eq!(r["investmentCents"], 200_000_050);
    assert_eq!(r["jobs"], 12);
    assert_eq!(r["confirmedOn"], "2025-09-15");
    let rel = format!("attachments/{CARDIO}/MoU signé.pdf");
    assert_eq!(r["evidence"], rel.as_str());
    assert_eq!(
        std::fs::read(db.dir.path().join(&rel)).unwrap(),
        b"%PDF-1.4 signed"
    );
    assert!(r["resultsOn"].is_string());

    // An edit keeps what it does not name and clears what it gives blank.
    let out = json(&cli(
        &db,
        &[
            "outcome",
            "edit",
            &id,
            "--agreement",
            "contract",
            "--jobs",
            "",
            "--json",
        ],
    ));
    let r = &out["results"];
    assert_eq!(r["agreement"], "contract");
    assert_eq!(r["valueCents"], 125_000_000);
    assert_eq!(r["jobs"], Value::Null);
    assert_eq!(r["evidence"], rel.as_str());

    let out = json(&cli(
        &db,
        &["outcome", "edit", &id, "--clear-results", "--json"],
    ));
    let r = &out["results"];
    for k in [
        "agreement",
        "valueCents",
        "investmentCents",
        "jobs",
        "confirmedOn",
        "evidence",
        "resultsOn",
    ] {
        assert_eq!(r[k], Value::Null, "{k}");
    }
}

#[test]
fn results_count_at_six_months_up_to_the_day_and_at_twelve_months_after_it() {
    let db = seeded();
    // The mission ends on 27 June 2025: +6 months is 27 December 2025, +12 is 27 June 2026.
    let record = |day: &str, item: &str, tech: &str, r: OutcomeResultsInput| {
        let store = on(&db, day);
        store
            .write("action.recordOutcome", |w| {
                followups::save_outcome(
                    w,
                    &OutcomeInput {
                        results: Some(r),
                        ..outcome(item, tech)
                    },
                )
            })
            .unwrap()
    };
    record(
        "2025-12-27",
        CARDIO,
        "tec_ecg_mi_detection",
        results(AgreementKind::Mou, "100"),
    );
    record(
        "2025-12-28",
        ONCO,
        "tec_ecg_mi_detection",
        OutcomeResultsInput {
            jobs: Some("3".into()),
            ..results(AgreementKind::ClinicalTrialProtocol, "250 000")
        },
    );
    // Recorded after a year, but the organisation confirmed it within six months.
    record(
        "2026-07-01",
        NEPHRO,
        "tec_breast_tumour_ultrasound",
        OutcomeResultsInput {
            investment_eur: Some("1 000 000".into()),
            confirmed_on: Some("2025-11-30".into()),
            ..results(AgreementKind::Investment, "")
        },
    );
    let store = db.open();
    let r = store
        .read(|c| aftercare::report(c, MISSION, date("2026-12-31")))
        .unwrap();
    let (six, twelve) = (&r.kpis.outcomes.at_6_months, &r.kpis.outcomes.at_12_months);
    assert_eq!(r.kpis.outcomes.counting_rule, "kpi.countingRule");
    assert_eq!(
        (six.agreements, six.value_eur, six.investment_eur),
        (2, 100.0, 1_000_000.0)
    );
    assert_eq!((six.jobs, six.confirmed), (0, 1));
    assert_eq!(
        (twelve.agreements, twelve.value_eur, twelve.jobs),
        (3, 250_100.0, 3)
    );
    assert_eq!(twelve.by_kind.len(), 3);
    // A report made at +3 months knows only what was recorded by then.
    let early = store
        .read(|c| aftercare::report(c, MISSION, date("2025-09-27")))
        .unwrap();
    assert_eq!(early.kpis.outcomes.at_12_months.agreements, 0);
    // By technology: the two about ECG first (most euros), then the smart ward.
    let by: Vec<(String, u32, f64, f64)> = r
        .kpis
        .by_technology
        .iter()
        .map(|t| {
            (
                t.technology
                    .as_ref()
                    .map(|t| t.id.clone())
                    .unwrap_or_default(),
                t.agreements,
                t.value_eur,
                t.investment_eur,
            )
        })
        .collect();
    assert_eq!(
        by,
        vec![
            ("tec_breast_tumour_ultrasound".into(), 1, 0.0, 1_000_000.0),
            ("tec_ecg_mi_detection".into(), 2, 250_100.0, 0.0),
        ]
    );
    // Inputs, activity and outputs.
    assert_eq!(r.kpis.outputs.outcomes, 3);
    assert_eq!(r.kpis.activity.meetings_held, 3);
    assert!(r.kpis.activity.people >= 1 && r.kpis.activity.organisations >= 1);
    assert_eq!(r.kpis.inputs.staff_days, None);
    assert!(r.kpis.satisfaction.is_none());
}

#[test]
fn staff_days_are_set_from_the_cli_and_the_json_report_carries_every_kpi() {
    let db = seeded();
    let out = json(&cli(
        &db,
        &["mission", "edit", MISSION, "--staff-days", "12,5", "--json"],
    ));
    assert_eq!(out["staffDays"], 12.5);
    let line = one_error_line(&cli(
        &db,
        &["mission", "edit", MISSION, "--staff-days", "-2"],
    ));
    assert!(line.contains("staffDays"), "{line}");
    json(&cli(
        &db,
        &[
            "cost",
            "add",
            "--mission",
            MISSION,
            "--category",
            "transport",
            "--label",
            "Coach",
            "--estimate-eur",
            "1250",
            "--actual-eur",
            "1300,50",
            "--json",
        ],
    ));
    json(&cli(
        &db,
        &[
            "outcome",
            "add",
            "--item",
            CARDIO,
            "--type",
            "partnership",
            "--technology",
            "tec_ecg_mi_detection",
            "--agreement",
            "mou",
            "--value-eur",
            "500000",
            "--confirmed-on",
            "2025-07-01",
            "--json",
        ],
    ));
    let r = report_json(&db, "2026-01-15");
    // Every earlier field stays.
    for k in [
        "mission",
        "meetings",
        "peopleMet",
        "outcomesByType",
        "followups",
        "costs",
        "openLeads",
    ] {
        assert!(r.get(k).is_some(), "{k}");
    }
    let k = &r["kpis"];
    assert_eq!(k["inputs"]["staff_days"], 12.5);
    assert_eq!(k["inputs"]["cost_estimate_eur"], 1250.0);
    assert_eq!(k["inputs"]["cost_actual_eur"], 1300.5);
    for key in [
        "organisations",
        "people",
        "meetings_planned",
        "meetings_held",
    ] {
        assert!(k["activity"][key].is_u64(), "{key}");
    }
    assert_eq!(k["outputs"]["outcomes"], 1);
    assert_eq!(k["outputs"]["cost_per_outcome_eur"], 1300.5);
    for key in ["followups_open", "followups_done", "cost_per_meeting_eur"] {
        assert!(k["outputs"].get(key).is_some(), "{key}");
    }
    assert_eq!(k["outcomes"]["counting_rule"], "kpi.countingRule");
    let six = &k["outcomes"]["at_6_months"];
    assert_eq!(six["agreements"], 1);
    assert_eq!(six["by_kind"][0]["kind"], "mou");
    assert_eq!(six["by_kind"][0]["count"], 1);
    assert_eq!(six["value_eur"], 500_000.0);
    for key in ["investment_eur", "jobs", "confirmed"] {
        assert!(six.get(key).is_some(), "{key}");
    }
    assert_eq!(
        k["by_technology"][0]["technology"]["id"],
        "tec_ecg_mi_detection"
    );
    assert_eq!(k["by_technology"][0]["agreements"], 1);
    assert_eq!(k["satisfaction"], Value::Null);

    // The CSV carries the same figures under the JSON's names.
    let csv = db.dir.path().join("report.csv");
    json(&cli(
        &db,
        &[
            "report",
            "--mission",
            MISSION,
            "--as-of",
            "2026-01-15",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&csv).unwrap();
    for line in [
        "kpis.inputs,staff_days,staff days,12.5",
        "kpis.at_6_months,agreements_mou,agreements mou,1",
        "kpis.at_6_months,value_eur,value eur,500000",
        "kpis.by_technology.tec_ecg_mi_detection,agreements,agreements,1",
        "kpis.outcomes,counting_rule,counting rule,An agreement counts at +6 (or +12) months when it was recorded or confirmed on or before the mission's last day plus 6 (or 12) months; figures as of the report's date.",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }
}

fn with_results(db: &TempDb) {
    json(&cli(
        db,
        &[
            "outcome",
            "add",
            "--item",
            ONCO,
            "--type",
            "clinical_trial_interest",
            "--technology",
            "tec_ecg_mi_detection",
            "--agreement",
            "clinical_trial_protocol",
            "--value-eur",
            "250000",
            "--investment-eur",
            "1000000",
            "--jobs",
            "4",
            "--confirmed-on",
            "2025-10-01",
            "--json",
        ],
    ));
}

#[test]
fn the_workbook_reads_back_with_the_results_in_the_planners_language() {
    let db = seeded();
    with_results(&db);
    let file = db.dir.path().join("rapport.xlsx");
    json(&cli(
        &db,
        &[
            "report",
            "--mission",
            MISSION,
            "--as-of",
            "2026-01-15",
            "--format",
            "xlsx",
            "--lang",
            "fr",
            "--out",
            file.to_str().unwrap(),
        ],
    ));
    let mut book: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[0], "Résultats");
    assert_eq!(names[1], "Par technologie");
    let sheet = book.worksheet_range("Résultats").unwrap();
    let value_of = |label: &str| -> Vec<Data> {
        sheet
            .rows()
            .filter(|r| r.first().is_some_and(|c| c.to_string().trim() == label))
            .map(|r| r.get(1).cloned().unwrap_or(Data::Empty))
            .collect()
    };
    // At +6 and at +12 months.
    assert_eq!(
        value_of("Accords"),
        vec![Data::Float(1.0), Data::Float(1.0)]
    );
    assert_eq!(
        value_of("Valeur"),
        vec![Data::Float(250_000.0), Data::Float(250_000.0)]
    );
    assert_eq!(
        value_of("Emplois annoncés"),
        vec![Data::Float(4.0), Data::Float(4.0)]
    );
    assert_eq!(value_of("Protocole d’essai clinique").len(), 2);
    let all: String = sheet.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        all.contains("+6 mois") && all.contains("au plus tard"),
        "{all}"
    );
    let tech = book.worksheet_range("Par technologie").unwrap();
    let row: Vec<String> = tech
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(row[1], "1");
    assert_eq!(row[2], "250000");
    assert_eq!(row[3], "1000000");
    let data = book.worksheet_range("data").unwrap();
    assert!(data.rows().any(|r| r[0] == "kpis.at_6_months"
        && r[1] == "value_eur"
        && r[3] == Data::Float(250_000.0)));
}

fn pdf_text(db: &TempDb, lang: &str) -> String {
    let pdf = db.dir.path().join(format!("report-{lang}.pdf"));
    json(&cli(
        db,
        &[
            "report",
            "--mission",
            MISSION,
            "--as-of",
            "2026-01-15",
            "--format",
            "pdf",
            "--lang",
            lang,
            "--out",
            pdf.to_str().unwrap(),
        ],
    ));
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    // French groups thousands with narrow no-break spaces.
    String::from_utf8(out.stdout)
        .unwrap()
        .replace(['\u{202f}', '\u{a0}'], " ")
}

#[test]
fn the_pdf_shows_the_results_in_french_and_in_chinese() {
    let db = seeded();
    with_results(&db);
    let fr = pdf_text(&db, "fr");
    for s in [
        "RÉSULTATS",
        "À +6 mois",
        "Protocole d’essai clinique",
        "250 000,00 €",
        "ACCORDS ET EUROS PAR TECHNOLOGIE",
        "Emplois annoncés",
        // The whole report in the planner's language, not only its results.
        "BILAN DE LA MISSION",
        "Chiffres au 15 janvier 2026",
        "RENCONTRES",
        "Par rendez-vous tenu",
        // A specialty in its own French label, not the English one.
        "PERSONNES RENCONTRÉES PAR SPÉCIALITÉ",
        "Oncologie",
    ] {
        assert!(fr.contains(s), "{s} in\n{fr}");
    }
    let zh = pdf_text(&db, "zh-TW");
    for s in [
        "成果",
        "+6 個月",
        "臨床試驗計畫書",
        "€250,000.00",
        "各技術的協議與金額",
        "訪問團報告",
        "每場已舉行會議",
        "腫瘤科",
    ] {
        assert!(zh.contains(s), "{s} in\n{zh}");
    }
    // pdftotext spaces digits from the characters around them.
    assert!(
        zh.replace(' ', "").contains("數據截至2026年1月15日"),
        "{zh}"
    );
}

#[test]
fn two_copies_editing_different_result_fields_keep_both() {
    let mut id = String::new();
    let copies = seeded_copies(2, |s| {
        id = s
            .write("action.recordOutcome", |w| {
                followups::save_outcome(
                    w,
                    &OutcomeInput {
                        results: Some(results(AgreementKind::Mou, "")),
                        ..outcome(CARDIO, "tec_ecg_mi_detection")
                    },
                )
            })
            .unwrap();
    });
    let a = Store::open(&copies.paths[0]).unwrap();
    let b = Store::open(&copies.paths[1]).unwrap();
    let set = |s: &Store, r: OutcomeResultsInput| {
        s.write("action.setOutcomeResults", |w| {
            followups::set_results(w, &id, &r)
        })
        .unwrap();
    };
    // Liège adds the value, Namur the jobs and the confirmation, each on its own copy.
    set(&a, results(AgreementKind::Mou, "80 000"));
    set(
        &b,
        OutcomeResultsInput {
            jobs: Some("7".into()),
            confirmed_on: Some("2025-08-01".into()),
            ..results(AgreementKind::Mou, "")
        },
    );
    let scope = Scope::Mission(MISSION.into());
    send(&a, &b, &scope);
    send(&b, &a, &scope);
    assert_same(&a, &b);
    for s in [&a, &b] {
        let r = s.read(|c| followups::outcome(c, &id)).unwrap().results;
        assert_eq!(r.agreement, Some(AgreementKind::Mou));
        assert_eq!(r.value_cents, Some(8_000_000));
        assert_eq!(r.jobs, Some(7));
        assert_eq!(r.confirmed_on.as_deref(), Some("2025-08-01"));
    }
    assert_eq!(
        one(
            &a,
            "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
        ),
        "0"
    );
}

#[test]
fn outcomes_naming_no_technology_have_their_own_row_by_technology_in_every_format() {
    let db = seeded();
    for (item, technology, value) in [
        (CARDIO, Some("tec_ecg_mi_detection"), "250000"),
        (ONCO, None, "40000"),
    ] {
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
            value,
            "--json",
        ];
        if let Some(t) = technology {
            args.extend(["--technology", t]);
        }
        json(&cli(&db, &args));
    }
    let today = chrono::Utc::now().date_naive().to_string();
    let k = &report_json(&db, &today)["kpis"];
    let rows = k["by_technology"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["technology"]["id"], "tec_ecg_mi_detection");
    assert_eq!(rows[1]["technology"], Value::Null);
    assert_eq!(
        (
            rows[1]["agreements"].as_u64(),
            rows[1]["value_eur"].as_f64()
        ),
        (Some(1), Some(40_000.0))
    );
    // The rows add up to the results recorded (each outcome names one technology or none).
    let total: f64 = rows.iter().map(|r| r["value_eur"].as_f64().unwrap()).sum();
    assert_eq!(total, 290_000.0);

    let out = |ext: &str, lang: &str| {
        let file = db.dir.path().join(format!("report-{lang}.{ext}"));
        json(&cli(
            &db,
            &[
                "report",
                "--mission",
                MISSION,
                "--as-of",
                &today,
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
    let csv = std::fs::read_to_string(out("csv", "en")).unwrap();
    for line in [
        "kpis.by_technology.none,technology,technology,",
        "kpis.by_technology.none,agreements,agreements,1",
        "kpis.by_technology.none,value_eur,value eur,40000",
    ] {
        assert!(csv.lines().any(|l| l == line), "{line} in\n{csv}");
    }
    let mut book: Xlsx<_> = calamine::open_workbook(out("xlsx", "fr")).unwrap();
    let tech = book.worksheet_range("Par technologie").unwrap();
    let last: Vec<String> = tech
        .rows()
        .next_back()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(last[..3], ["Aucune technologie nommée", "1", "40000"]);
    for (lang, words) in [
        ("fr", "Aucune technologie nommée"),
        ("zh-TW", "未指明技術"),
        ("en", "No technology named"),
    ] {
        let pdf = out("pdf", lang);
        let text = std::process::Command::new("pdftotext")
            .args(["-layout", pdf.to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext (poppler-utils)");
        let text = String::from_utf8(text.stdout).unwrap();
        assert!(text.contains(words), "{lang}: {text}");
    }
}
