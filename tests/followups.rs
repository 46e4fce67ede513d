//! On the day and after (issue 7): outcomes, follow-ups, reminders, drafts, the report and the
//! CLI, on real database files.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::{assert_unchanged, cli, count, file_bytes, json, one_error_line, TempDb};
use passerelle_core::aftercare;
use passerelle_core::documents::locale::Lang;
use passerelle_core::domain::{
    FollowupInput, OutcomeDraft, OutcomeFollowup, OutcomeInput, OutcomeType,
};
use passerelle_core::store::followups;
use passerelle_core::Store;
use serde_json::Value;
use std::sync::Arc;

const MISSION: &str = "mis_tsha_wallonia_2025";
const CARDIO: &str = "itm_d2_one_to_one_cardiology";
const ONCO: &str = "itm_d2_one_to_one_oncology_imaging";
const NEPHRO: &str = "itm_d2_one_to_one_nephrology_gastro";

fn seeded() -> TempDb {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    db
}

/// A store whose clock says `at`.
fn at(db: &TempDb, at: chrono::DateTime<Utc>) -> Store {
    Store::open_with_clock(&db.path, Arc::new(move || at)).unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn outcome(item: &str, t: OutcomeType, notes: &str, due: Option<&str>) -> OutcomeInput {
    OutcomeInput {
        id: None,
        item_id: item.into(),
        outcome_type: t,
        notes: Some(notes.into()),
        next_steps: Some(format!("Next steps after {item}")),
        attendees: vec!["con_liege_doctor_1".into()],
        technologies: vec!["tec_ecg_mi_detection".into()],
        followup: due.map(|d| OutcomeFollowup {
            due_on: Some(d.into()),
            owner: Some("Philippe Tzou".into()),
            ..Default::default()
        }),
        results: None,
    }
}

#[test]
fn the_seeded_missions_followups_are_listed_overdue_first() {
    let db = seeded();
    let store = db.open();
    let filter = followups::Filter {
        mission_id: Some(MISSION.into()),
        ..Default::default()
    };
    let list = store
        .read(|c| followups::list(c, &filter, date("2026-01-15")))
        .unwrap();
    assert_eq!(list.len(), 6);
    // Due 2025-09-30 and the two 2025-12-31 are overdue on 2026-01-15, and come first.
    let overdue: Vec<bool> = list.iter().map(|f| f.overdue).collect();
    assert_eq!(overdue, [true, true, true, false, false, false]);
    assert_eq!(list[0].followup.id, "fup_confirm_delegation_details");
    let only = followups::Filter {
        overdue: true,
        ..filter
    };
    assert_eq!(
        store
            .read(|c| followups::list(c, &only, date("2026-01-15")))
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn the_liege_hour_three_outcomes_two_followups_and_the_report_three_months_later() {
    let db = seeded();
    let store = at(&db, Utc.with_ymd_and_hms(2025, 6, 27, 12, 30, 0).unwrap());
    for (item, t, due) in [
        (
            CARDIO,
            OutcomeType::ClinicalTrialInterest,
            Some("2025-09-15"),
        ),
        (ONCO, OutcomeType::Pilot, Some("2025-10-31")),
        (NEPHRO, OutcomeType::NoFurtherInterest, None),
    ] {
        store
            .write("outcome", |w| {
                followups::save_outcome(w, &outcome(item, t, "Notes", due))
            })
            .unwrap();
        store
            .write("held", |w| {
                passerelle_core::store::agenda::set_status(
                    w,
                    item,
                    passerelle_core::domain::ItemStatus::Held,
                )
            })
            .unwrap();
    }
    assert_eq!(count(&store, "outcomes"), 3);
    assert_eq!(count(&store, "followups"), 8);
    let made: Vec<(String, Option<String>, Option<String>)> = store
        .read(|c| {
            let mut s = c.prepare(
                "SELECT mission_id, due_on, organisation_id FROM followups WHERE outcome_id IS NOT NULL ORDER BY due_on",
            )?;
            let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap();
    assert_eq!(made.len(), 2);
    assert_eq!(made[0].0, MISSION);
    assert_eq!(made[0].1.as_deref(), Some("2025-09-15"));
    assert!(made[0].2.is_some(), "the attendee's organisation is linked");

    // The report at +3 months: the three one-to-ones held, both leads open, one overdue.
    let r = store
        .read(|c| aftercare::report(c, MISSION, date("2025-09-27")))
        .unwrap();
    assert_eq!(r.meetings.held, 3);
    assert_eq!(r.meetings.cancelled, 0);
    assert!(r.meetings.planned > 5);
    assert_eq!(r.outcomes_total, 3);
    let by = |k: &str| {
        r.outcomes_by_type
            .iter()
            .find(|t| t.key == k)
            .unwrap()
            .count
    };
    assert_eq!(by("clinical_trial_interest"), 1);
    assert_eq!(by("no_further_interest"), 1);
    assert_eq!(r.open_leads.len(), 2);
    let mut dues: Vec<_> = r
        .open_leads
        .iter()
        .map(|l| l.next_due.clone().unwrap())
        .collect();
    dues.sort();
    assert_eq!(dues, ["2025-09-15", "2025-10-31"]);
    assert_eq!(r.followups.open, 8);
    assert_eq!(r.followups.overdue, 1, "2025-09-15 is past on 2025-09-27");
    assert!(r.people_met >= 1);
    assert!(
        r.leads_per_technology
            .iter()
            .any(|t| t.key == "tec_ecg_mi_detection" && t.count == 2),
        "{:?}",
        r.leads_per_technology
    );
    // Done leads are no longer open.
    let ids: Vec<String> = store
        .read(|c| {
            let mut s = c.prepare("SELECT id FROM followups WHERE outcome_id IS NOT NULL")?;
            let rows = s.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
        })
        .unwrap();
    store
        .write("done", |w| {
            followups::set_status(w, &ids[0], passerelle_core::domain::FollowupStatus::Done)
        })
        .unwrap();
    let r = store
        .read(|c| aftercare::report(c, MISSION, date("2025-09-27")))
        .unwrap();
    assert_eq!(r.open_leads.len(), 1);
    assert_eq!(r.followups.done, 1);

    let csv = aftercare::report_csv(&r, passerelle_core::documents::locale::Lang::Fr).unwrap();
    assert!(csv.starts_with("section,key,label,value\n"));
    assert!(csv.contains("meetings,held,held,3\n"), "{csv}");
    // Keys stay for formulas; the one sentence is in the planner's language.
    assert!(
        csv.contains("kpis.outcomes,counting_rule,counting rule,Un accord compte à +6"),
        "{csv}"
    );
}

#[test]
fn a_reminder_fires_once_when_a_followup_is_due() {
    let db = seeded();
    let store = at(&db, Utc.with_ymd_and_hms(2025, 9, 30, 7, 0, 0).unwrap());
    let due = store
        .write("remind", |w| {
            followups::take_due(w, date("2025-09-30"), "2025-09-30T07:00:00Z")
        })
        .unwrap();
    let ids: Vec<&str> = due.iter().map(|f| f.followup.id.as_str()).collect();
    assert_eq!(ids, ["fup_confirm_delegation_details"]);
    assert_eq!(due[0].notified_at.as_deref(), Some("2025-09-30T07:00:00Z"));
    // Checked again minutes later: nothing new.
    let again = store
        .write("remind", |w| {
            followups::take_due(w, date("2025-09-30"), "2025-09-30T07:05:00Z")
        })
        .unwrap();
    assert!(again.is_empty());
    // Moving the due date re-arms it.
    let f = store
        .read(|c| followups::get(c, "fup_confirm_delegation_details", None))
        .unwrap();
    store
        .write("move", |w| {
            followups::put(
                w,
                &FollowupInput {
                    id: Some(f.followup.id.clone()),
                    title: f.followup.title.clone(),
                    due_on: Some("2025-10-15".into()),
                    mission_id: Some(MISSION.into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let later = store
        .write("remind", |w| {
            followups::take_due(w, date("2025-10-15"), "2025-10-15T07:00:00Z")
        })
        .unwrap();
    assert_eq!(later.len(), 1);
    // Done follow-ups never remind.
    assert!(store
        .write("remind", |w| followups::take_due(
            w,
            date("2025-12-31"),
            "x"
        ))
        .unwrap()
        .iter()
        .all(|f| f.followup.status == passerelle_core::domain::FollowupStatus::Open));
}

#[test]
fn a_draft_survives_closing_the_app_and_is_cleared_when_the_outcome_is_recorded() {
    let db = seeded();
    {
        let store = db.open();
        let draft = OutcomeDraft {
            item_id: CARDIO.into(),
            notes: "Dr Liège wants a pilot of the ECG model — <b>not HTML</b>".into(),
            ..Default::default()
        };
        store
            .write("draft", |w| {
                followups::save_draft(w, &draft, "2025-06-27T12:10:00Z")
            })
            .unwrap();
        // Closed without saving the outcome (drop = app closed).
    }
    let store = db.open();
    let drafts = store.read(|c| followups::drafts(c, MISSION)).unwrap();
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].notes.starts_with("Dr Liège wants a pilot"));
    let view = store
        .read(|c| aftercare::today(c, MISSION, Some(date("2025-06-27")), store.now()))
        .unwrap();
    let cardio = view.items.iter().find(|i| i.item.id == CARDIO).unwrap();
    assert!(cardio.draft.is_some());
    store
        .write("outcome", |w| {
            followups::save_outcome(
                w,
                &outcome(CARDIO, OutcomeType::Pilot, &drafts[0].notes, None),
            )
        })
        .unwrap();
    assert!(store
        .read(|c| followups::drafts(c, MISSION))
        .unwrap()
        .is_empty());
    // Drafts do not pollute the change log (scratch text), outcomes do.
    let logged: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM change_log WHERE entity = 'outcome_drafts'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(logged, 0);
}

/// The item's status as stored.
fn status_of(store: &Store, item: &str) -> String {
    store
        .read(|c| {
            Ok(c.query_row(
                "SELECT status FROM agenda_items WHERE id = ?1",
                [item],
                |r| r.get(0),
            )?)
        })
        .unwrap()
}

#[test]
fn an_outcome_marks_its_meeting_held_and_is_refused_on_a_cancelled_one() {
    let db = seeded();
    let store = db.open();
    assert_eq!(status_of(&store, ONCO), "tentative");
    let id = store
        .write("outcome", |w| {
            followups::save_outcome(w, &outcome(ONCO, OutcomeType::Pilot, "Notes", None))
        })
        .unwrap();
    assert_eq!(status_of(&store, ONCO), "held");
    // In the same transaction: the change set that holds the outcome holds the status.
    let together: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM change_log s JOIN change_log o ON o.change_set_id = s.change_set_id
                  WHERE s.entity = 'agenda_items' AND s.entity_id = ?1 AND s.field = 'status'
                    AND s.after LIKE '%held%' AND o.entity = 'outcomes' AND o.entity_id = ?2",
                [ONCO, id.as_str()],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert!(together > 0);

    // A cancelled meeting takes no outcome, and nothing is written.
    store
        .write("cancel", |w| {
            passerelle_core::store::agenda::set_status(
                w,
                NEPHRO,
                passerelle_core::domain::ItemStatus::Cancelled,
            )
        })
        .unwrap();
    let (outcomes, fups) = (count(&store, "outcomes"), count(&store, "followups"));
    let err = store
        .write("outcome", |w| {
            followups::save_outcome(
                w,
                &outcome(NEPHRO, OutcomeType::Pilot, "Notes", Some("2025-09-01")),
            )
        })
        .unwrap_err();
    assert_eq!(err.kind(), "validation");
    assert!(err.to_string().contains("was cancelled"), "{err}");
    assert_eq!(status_of(&store, NEPHRO), "cancelled");
    assert_eq!(count(&store, "outcomes"), outcomes);
    assert_eq!(count(&store, "followups"), fups);
}

#[test]
fn editing_an_outcome_keeps_the_draft_of_the_next_one() {
    let db = seeded();
    let store = db.open();
    let id = store
        .write("outcome", |w| {
            followups::save_outcome(w, &outcome(CARDIO, OutcomeType::Pilot, "First", None))
        })
        .unwrap();
    let draft = OutcomeDraft {
        item_id: CARDIO.into(),
        notes: "A second outcome, half typed".into(),
        ..Default::default()
    };
    store
        .write("draft", |w| {
            followups::save_draft(w, &draft, "2025-06-27T12:10:00Z")
        })
        .unwrap();
    let edited = OutcomeInput {
        id: Some(id.clone()),
        ..outcome(CARDIO, OutcomeType::Partnership, "First, corrected", None)
    };
    let again = store
        .write("edit", |w| followups::save_outcome(w, &edited))
        .unwrap();
    assert_eq!(again, id);
    assert_eq!(count(&store, "outcomes"), 1);
    let drafts = store.read(|c| followups::drafts(c, MISSION)).unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].notes, "A second outcome, half typed");
}

#[test]
fn the_report_counts_every_attendee_ticked_and_the_followup_links_each_of_them() {
    let db = seeded();
    let store = db.open();
    // Oncology invited Dr 2 and Dr 3 (and delegates 8–12). Present: Dr 2, Dr 1 (who came
    // along) and delegate 8; Dr 3 did not come.
    let input = OutcomeInput {
        attendees: vec![
            "con_liege_doctor_2".into(),
            "con_liege_doctor_1".into(),
            "con_delegate_08".into(),
        ],
        ..outcome(ONCO, OutcomeType::Pilot, "Notes", Some("2025-09-01"))
    };
    let id = store
        .write("outcome", |w| followups::save_outcome(w, &input))
        .unwrap();
    let r = store
        .read(|c| aftercare::report(c, MISSION, date("2025-09-27")))
        .unwrap();
    assert_eq!(r.meetings.held, 1);
    // Every host ticked as present, and only them: not the delegate, not the absent Dr 3.
    assert_eq!(r.people_met, 2);

    let filter = followups::Filter {
        mission_id: Some(MISSION.into()),
        ..Default::default()
    };
    let list = store
        .read(|c| followups::list(c, &filter, date("2025-09-27")))
        .unwrap();
    let made = list
        .iter()
        .find(|f| f.outcome_id.as_deref() == Some(id.as_str()))
        .unwrap();
    let mut people: Vec<&str> = made.people.iter().map(|p| p.id.as_str()).collect();
    people.sort_unstable();
    assert_eq!(
        people,
        [
            "con_delegate_08",
            "con_liege_doctor_1",
            "con_liege_doctor_2"
        ]
    );
    assert_eq!(
        made.followup.contact.as_ref().map(|c| c.id.as_str()),
        Some("con_liege_doctor_2")
    );
    // A follow-up from no outcome concerns its contact alone.
    let other = list.iter().find(|f| f.outcome_id.is_none()).unwrap();
    assert_eq!(
        other.people,
        other
            .followup
            .contact
            .clone()
            .into_iter()
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_today_view_defaults_to_the_first_day_and_marks_the_next_item() {
    let db = seeded();
    let store = db.open();
    let view = store
        .read(|c| {
            aftercare::today(
                c,
                MISSION,
                None,
                Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap(),
            )
        })
        .unwrap();
    assert_eq!(view.day, "2025-06-26");
    assert_eq!(view.days, ["2025-06-26", "2025-06-27"]);
    assert!(!view.is_today);
    // On the day, at 14:20 in Liège (12:20 UTC): the one-to-ones are running, the photo is next.
    let now = Utc.with_ymd_and_hms(2025, 6, 27, 12, 20, 0).unwrap();
    let view = store
        .read(|c| aftercare::today(c, MISSION, None, now))
        .unwrap();
    assert_eq!(view.day, "2025-06-27");
    assert!(view.is_today);
    let when = |id: &str| view.items.iter().find(|i| i.item.id == id).unwrap().when;
    assert_eq!(when(CARDIO), "now");
    assert_eq!(when("itm_d2_lunch"), "past");
    assert_eq!(when("itm_d2_group_photo"), "next");
}

#[test]
fn followups_ics_has_todos_without_attendees() {
    let db = seeded();
    let store = db.open();
    let list = store
        .read(|c| followups::list(c, &followups::Filter::default(), date("2025-07-01")))
        .unwrap();
    let ics = aftercare::ics::followups_ics(&list, store.now(), Lang::Fr).unwrap();
    assert_eq!(ics.matches("BEGIN:VTODO").count(), 6);
    assert!(ics.contains("DUE;VALUE=DATE:20251231"), "{ics}");
    // Named and labelled in French.
    assert!(ics.contains("Suivis Passerelle"), "{ics}");
    assert!(
        ics.contains("Mission: ") && !ics.contains("Owner: "),
        "{ics}"
    );
    assert!(ics.contains("UID:fup_link_tef_health_tsha@passerelle"));
    assert!(!ics.contains("ATTENDEE"));
    assert!(!ics.contains("ORGANIZER"));
}

#[test]
fn cli_outcome_followup_and_report() {
    let db = seeded();
    let out = json(&cli(
        &db,
        &[
            "outcome",
            "add",
            "--item",
            CARDIO,
            "--type",
            "clinical_trial_interest",
            "--notes",
            "Interested in a trial",
            "--attendee",
            "con_liege_doctor_1",
            "--json",
        ],
    ));
    assert!(out["id"].as_str().unwrap().starts_with("out_"));
    assert_eq!(out["attendees"][0]["id"], "con_liege_doctor_1");
    assert_eq!(out["outcomeType"], "clinical_trial_interest");

    let f = json(&cli(
        &db,
        &[
            "followup",
            "add",
            "--mission",
            MISSION,
            "--title",
            "Send the trial protocol",
            "--owner",
            "con_philippe_tzou",
            "--due",
            "2025-08-01",
            "--outcome",
            out["id"].as_str().unwrap(),
            "--technology",
            "tec_ecg_mi_detection",
            "--json",
        ],
    ));
    let id = f["id"].as_str().unwrap().to_owned();
    assert_eq!(f["ownerContact"]["id"], "con_philippe_tzou");
    assert_eq!(f["status"], "open");

    let list = json(&cli(
        &db,
        &[
            "followup",
            "list",
            "--mission",
            MISSION,
            "--overdue",
            "--as-of",
            "2025-10-01",
            "--json",
        ],
    ));
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id.as_str(), "fup_confirm_delegation_details"]);

    let done = json(&cli(&db, &["followup", "done", &id, "--json"]));
    assert_eq!(done["status"], "done");

    let out_file = db.dir.path().join("report.json");
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
            out_file.to_str().unwrap(),
        ],
    ));
    let report: Value = serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert_eq!(report["asOf"], "2025-09-27");
    assert_eq!(report["followups"]["done"], 1);
    assert_eq!(report["outcomesTotal"], 1);
    let csv_file = db.dir.path().join("report.csv");
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
    assert!(csv.contains("followups,done,done,1"));
}

#[test]
fn cli_bad_input_is_one_line_and_writes_nothing() {
    let db = seeded();
    let store = db.open();
    let before = (
        count(&store, "outcomes"),
        count(&store, "followups"),
        count(&store, "change_sets"),
    );
    drop(store);
    let e = one_error_line(&cli(
        &db,
        &[
            "outcome", "add", "--item", "itm_nope", "--type", "pilot", "--notes", "x", "--json",
        ],
    ));
    assert!(e.contains("itm_nope"), "{e}");
    let e = one_error_line(&cli(
        &db,
        &[
            "outcome", "add", "--item", CARDIO, "--type", "maybe", "--notes", "x", "--json",
        ],
    ));
    assert!(e.contains("maybe"), "{e}");
    let e = one_error_line(&cli(
        &db,
        &[
            "followup",
            "add",
            "--mission",
            MISSION,
            "--title",
            "T",
            "--due",
            "2025-02-30",
            "--json",
        ],
    ));
    assert!(e.contains("2025-02-30"), "{e}");
    // An owner who was erased.
    json(&cli(&db, &["contact", "erase", "con_liege_doctor_1"]));
    let store = db.open();
    let before = (before.0, before.1, count(&store, "change_sets"));
    drop(store);
    let e = one_error_line(&cli(
        &db,
        &[
            "followup",
            "add",
            "--mission",
            MISSION,
            "--title",
            "T",
            "--owner",
            "con_liege_doctor_1",
            "--json",
        ],
    ));
    assert!(e.contains("erased"), "{e}");
    let e = one_error_line(&cli(
        &db,
        &[
            "outcome",
            "add",
            "--item",
            CARDIO,
            "--type",
            "pilot",
            "--notes",
            "x",
            "--attendee",
            "con_liege_doctor_1",
            "--json",
        ],
    ));
    assert!(e.contains("con_liege_doctor_1"), "{e}");
    let e = one_error_line(&cli(&db, &["followup", "done", "fup_nope", "--json"]));
    assert!(e.contains("fup_nope"), "{e}");
    let e = one_error_line(&cli(
        &db,
        &["followup", "list", "--as-of", "2025-13-01", "--json"],
    ));
    assert!(e.contains("2025-13-01"), "{e}");
    let out_file = db.dir.path().join("r.json");
    one_error_line(&cli(
        &db,
        &[
            "report",
            "--mission",
            "mis_nope",
            "--format",
            "json",
            "--out",
            out_file.to_str().unwrap(),
        ],
    ));
    assert!(!out_file.exists());
    let store = db.open();
    assert_eq!(
        (
            count(&store, "outcomes"),
            count(&store, "followups"),
            count(&store, "change_sets")
        ),
        before
    );
}

#[test]
fn the_report_prints_as_a_pdf() {
    let db = seeded();
    let out_file = db.dir.path().join("report.pdf");
    json(&cli(
        &db,
        &[
            "report",
            "--mission",
            MISSION,
            "--format",
            "pdf",
            "--as-of",
            "2025-09-27",
            "--out",
            out_file.to_str().unwrap(),
        ],
    ));
    let bytes = std::fs::read(&out_file).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.len() > 5_000);
}

/// A follow-up has its whole life from the CLI: edited (only the fields given; a name for
/// owner replaces the directory's person; "" empties the due date), waiting, deleted; an
/// unknown one or an unknown status refused with the file unchanged.
#[test]
fn a_followup_is_edited_and_deleted_from_the_cli() {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    let f = json(&cli(
        &db,
        &[
            "followup",
            "add",
            "--mission",
            MISSION,
            "--title",
            "Send the trial protocol",
            "--owner",
            "con_philippe_tzou",
            "--due",
            "2025-08-01",
            "--notes",
            "Draft ready",
            "--json",
        ],
    ));
    let id = f["id"].as_str().unwrap().to_owned();

    let file = file_bytes(&db);
    let err = one_error_line(&cli(
        &db,
        &["followup", "edit", "fup_nowhere", "--title", "x"],
    ));
    assert!(err.contains("fup_nowhere"), "{err}");
    let err = one_error_line(&cli(&db, &["followup", "edit", &id, "--status", "someday"]));
    assert!(err.contains("someday"), "{err}");
    assert_unchanged(&db, &file);

    let edited = json(&cli(
        &db,
        &[
            "followup",
            "edit",
            &id,
            "--title",
            "Send the trial protocol (v2)",
            "--status",
            "waiting",
            "--owner",
            "Anne-Laure Cadji",
            "--json",
        ],
    ));
    assert_eq!(edited["title"], "Send the trial protocol (v2)");
    assert_eq!(edited["status"], "waiting");
    assert_eq!(edited["owner"], "Anne-Laure Cadji");
    assert!(edited["ownerContact"].is_null());
    assert_eq!(
        edited["dueOn"], "2025-08-01",
        "the due date not given changed"
    );
    assert_eq!(edited["notes"], "Draft ready");
    assert_eq!(edited["mission"]["id"], MISSION);

    let cleared = json(&cli(&db, &["followup", "edit", &id, "--due", "", "--json"]));
    assert!(cleared["dueOn"].is_null());

    let done = json(&cli(&db, &["followup", "delete", &id]));
    assert_eq!(done["deleted"], id.as_str());
    let err = one_error_line(&cli(&db, &["followup", "done", &id]));
    assert!(err.contains(&id), "{err}");

    // An outcome deleted: the follow-up made from it stays, no longer linked to it.
    let out = json(&cli(
        &db,
        &[
            "outcome",
            "add",
            "--item",
            CARDIO,
            "--type",
            "pilot",
            "--next-steps",
            "Plan the pilot",
            "--followup-due",
            "2025-09-01",
            "--json",
        ],
    ));
    let out_id = out["id"].as_str().unwrap().to_owned();
    let linked = |db: &TempDb| -> i64 {
        common::sql(db)
            .query_row(
                &format!("SELECT count(*) FROM followups WHERE outcome_id = '{out_id}'"),
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(linked(&db), 1);
    let before: i64 = common::sql(&db)
        .query_row("SELECT count(*) FROM followups", [], |r| r.get(0))
        .unwrap();
    let done = json(&cli(&db, &["outcome", "delete", &out_id]));
    assert_eq!(done["deleted"], out_id.as_str());
    assert_eq!(linked(&db), 0);
    let after: i64 = common::sql(&db)
        .query_row("SELECT count(*) FROM followups", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, before, "the follow-up went with the outcome");
    let err = one_error_line(&cli(&db, &["outcome", "delete", &out_id]));
    assert!(err.contains(&out_id), "{err}");
}
