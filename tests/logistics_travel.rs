//! Arrivals and departures (issue 18, part 1) on real files, through `passerelle-cli` as
//! automation uses it: entered, listed, edited and deleted; bad input refused with one clear line
//! and nothing saved; the programme checks flag what a person attends before landing or after
//! leaving; the scheduler's windows are clipped; the legs travel in an exchange file and go with
//! the person's erasure.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{cli, count, json, one_error_line, TempDb};
use serde_json::Value;

const MISSION: &str = "mis_tsha_wallonia_2025";
const D3: &str = "con_delegate_03";

fn seeded() -> TempDb {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    db
}

fn add(db: &TempDb, contact: &str, kind: &str, at: &str, reference: Option<&str>) -> String {
    let mut args = vec![
        "travel",
        "add",
        "--mission",
        MISSION,
        "--contact",
        contact,
        "--kind",
        kind,
        "--at",
        at,
        "--place",
        "Brussels Airport (BRU)",
        "--json",
    ];
    if let Some(r) = reference {
        args.extend(["--ref", r]);
    }
    json(&cli(db, &args))["id"].as_str().unwrap().to_owned()
}

fn conflicts(db: &TempDb, lang: &str) -> Vec<Value> {
    let out = json(&cli(
        db,
        &["check", "--mission", MISSION, "--lang", lang, "--json"],
    ));
    out["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "arrival")
        .cloned()
        .collect()
}

#[test]
fn a_late_arrival_is_flagged_on_the_items_before_it_and_fixing_it_clears_them() {
    let db = seeded();
    // The delegation's first item is the welcome at 16:00; delegate 3 lands at 17:40.
    let id = add(&db, D3, "arrival", "2025-06-26T17:40", Some("BR 65"));
    assert!(id.starts_with("trv_"), "{id}");
    let list = json(&cli(
        &db,
        &["travel", "list", "--mission", MISSION, "--json"],
    ));
    assert_eq!(list[0]["contact"]["id"], D3);
    assert_eq!(list[0]["at"], "2025-06-26T17:40:00+02:00");
    assert_eq!(list[0]["mode"], "flight");
    assert_eq!(list[0]["reference"], "BR 65");

    let found = conflicts(&db, "en");
    let items: Vec<&str> = found
        .iter()
        .map(|c| c["items"][0].as_str().unwrap())
        .collect();
    assert!(items.contains(&"itm_d1_welcome"), "{found:#?}");
    assert!(items.contains(&"itm_d1_tef_health_trail"), "{items:?}");
    assert!(found.iter().all(|c| c["people"][0] == D3));
    let welcome = found
        .iter()
        .find(|c| c["items"][0] == "itm_d1_welcome")
        .unwrap();
    assert_eq!(welcome["code"], "conflict.beforeArrival");
    let text = welcome["message"].as_str().unwrap();
    assert!(text.contains("17:40") && text.contains("16:00"), "{text}");
    let fr = conflicts(&db, "fr");
    let fr = fr
        .iter()
        .find(|c| c["items"][0] == "itm_d1_welcome")
        .unwrap();
    assert!(
        fr["message"]
            .as_str()
            .unwrap()
            .contains("«\u{a0}Accueil par le Dr Maxime Rossi"),
        "{fr}"
    );
    let zh = conflicts(&db, "zh-TW");
    let zh = zh
        .iter()
        .find(|c| c["items"][0] == "itm_d1_welcome")
        .unwrap();
    assert!(zh["message"].as_str().unwrap().contains("抵達"), "{zh}");

    // An earlier flight clears them.
    json(&cli(
        &db,
        &[
            "travel",
            "edit",
            "--id",
            &id,
            "--at",
            "2025-06-26T11:40",
            "--json",
        ],
    ));
    assert!(conflicts(&db, "en").is_empty());

    // Leaving at 12:00 on the last day: the afternoon is flagged; deleting the leg clears it.
    let dep = add(&db, D3, "departure", "2025-06-27T12:00:00+02:00", None);
    let after = conflicts(&db, "en");
    assert!(!after.is_empty());
    assert!(after.iter().all(|c| c["code"] == "conflict.afterDeparture"));
    let out = cli(&db, &["travel", "delete", "--id", &dep]);
    assert!(out.status.success(), "{}", one_error_line(&out));
    assert!(conflicts(&db, "en").is_empty());
}

#[test]
fn bad_legs_are_refused_with_one_line_and_nothing_is_saved() {
    let db = seeded();
    let store = db.open();
    let refused = |args: &[&str], field: &str| {
        let mut all = vec![
            "travel",
            "add",
            "--mission",
            MISSION,
            "--place",
            "BRU",
            "--json",
        ];
        all.extend_from_slice(args);
        let out = cli(&db, &all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let line = one_error_line(&out);
        assert!(line.contains(field), "{line}");
        line
    };
    // The mission runs 26–27 June 2025 (Brussels).
    let line = refused(
        &[
            "--contact",
            D3,
            "--kind",
            "arrival",
            "--at",
            "2025-06-28T09:00",
        ],
        "at:",
    );
    assert!(line.contains("after the mission"), "{line}");
    refused(
        &[
            "--contact",
            D3,
            "--kind",
            "departure",
            "--at",
            "2025-06-25T22:00",
        ],
        "at:",
    );
    refused(
        &["--contact", D3, "--kind", "arrival", "--at", "yesterday"],
        "at:",
    );
    refused(
        &[
            "--contact",
            D3,
            "--kind",
            "landing",
            "--at",
            "2025-06-26T11:40",
        ],
        "kind:",
    );
    // Someone who is not in the delegation (a host met on site).
    refused(
        &[
            "--contact",
            "con_maxime_rossi",
            "--kind",
            "arrival",
            "--at",
            "2025-06-26T11:40",
        ],
        "contactId:",
    );
    assert_eq!(count(&store, "travel_legs"), 0);

    // One arrival per person; a departure after it.
    add(&db, D3, "arrival", "2025-06-26T11:40", None);
    refused(
        &[
            "--contact",
            D3,
            "--kind",
            "arrival",
            "--at",
            "2025-06-26T12:40",
        ],
        "kind:",
    );
    let line = refused(
        &[
            "--contact",
            D3,
            "--kind",
            "departure",
            "--at",
            "2025-06-26T10:00",
        ],
        "at:",
    );
    assert!(line.contains("after the arrival"), "{line}");
    assert_eq!(count(&store, "travel_legs"), 1);
    // An unknown leg.
    let out = cli(&db, &["travel", "delete", "--id", "trv_nope"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_scheduler_sees_a_person_only_between_arrival_and_departure() {
    let db = seeded();
    add(&db, D3, "arrival", "2025-06-26T17:40", None);
    add(&db, D3, "departure", "2025-06-27T15:00", None);
    let store = db.open();
    let facts = store
        .read(|c| passerelle_core::planning::facts::load(c, MISSION))
        .unwrap();
    let windows = &facts.windows[D3];
    assert_eq!(windows.len(), 1, "{windows:?}");
    assert_eq!(windows[0].0.to_rfc3339(), "2025-06-26T15:40:00+00:00");
    assert_eq!(windows[0].1.to_rfc3339(), "2025-06-27T13:00:00+00:00");
    assert!(!facts.windows.contains_key("con_delegate_04"));
}

#[test]
fn legs_travel_in_an_exchange_file_and_go_with_the_persons_erasure() {
    let db = seeded();
    let other = TempDb::new();
    std::fs::copy(&db.path, &other.path).unwrap();
    add(&db, D3, "arrival", "2025-06-26T11:40", Some("BR 65"));

    // Sent to a copy of the file, the leg arrives there.
    let file = db.dir.path().join("mission.passerelle");
    json(&cli(
        &db,
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
        &other,
        &["sync", "import", file.to_str().unwrap(), "--json"],
    ));
    let there = json(&cli(
        &other,
        &["travel", "list", "--mission", MISSION, "--json"],
    ));
    assert_eq!(there[0]["reference"], "BR 65", "{there}");

    // The data-subject export holds it; the erasure removes it.
    let export = db.dir.path().join("subject.json");
    let out = cli(
        &db,
        &["contact", "export", D3, "--out", export.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", one_error_line(&out));
    let held: Value = serde_json::from_slice(&std::fs::read(&export).unwrap()).unwrap();
    assert_eq!(held["data"]["travel"][0]["reference"], "BR 65", "{held}");
    let out = cli(&db, &["contact", "erase", D3]);
    assert!(out.status.success(), "{}", one_error_line(&out));
    assert_eq!(count(&db.open(), "travel_legs"), 0);
    let bytes = std::fs::read(&db.path).unwrap();
    assert!(!bytes.windows(5).any(|w| w == b"BR 65"));
}

#[test]
fn the_personal_itinerary_shows_the_flights_and_the_hotel() {
    let db = seeded();
    add(&db, D3, "arrival", "2025-06-26T11:40", Some("BR 65"));
    let pdf = db.dir.path().join("itinerary.pdf");
    let out = cli(
        &db,
        &[
            "export",
            "itinerary",
            "--mission",
            MISSION,
            "--participant",
            D3,
            "--lang",
            "fr+zh-TW",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", one_error_line(&out));
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap()
        .stdout;
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.contains("ARRIVÉE") || text.contains("Arrivée"),
        "{text}"
    );
    assert!(text.contains("11:40") && text.contains("BR 65"), "{text}");
    assert!(text.contains("抵達"), "{text}");
}

#[test]
fn the_persons_calendar_file_holds_their_flight() {
    let db = seeded();
    add(&db, D3, "arrival", "2025-06-26T11:40", Some("BR 65"));
    let ics = db.dir.path().join("d3.ics");
    let out = cli(
        &db,
        &[
            "export",
            "ics",
            "--mission",
            MISSION,
            "--participant",
            D3,
            "--lang",
            "fr",
            "--out",
            ics.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", one_error_line(&out));
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.contains("SUMMARY:Arrivée · BR 65"), "{text}");
    assert!(text.contains("DTSTART:20250626T094000Z"), "{text}");
    assert!(text.contains("LOCATION:Brussels Airport (BRU)"), "{text}");
    // The leg is a short event, not an instant: it ends 30 minutes after landing.
    let cal: icalendar::Calendar = text.parse().expect("an RFC 5545 calendar");
    use icalendar::{CalendarDateTime, Component, DatePerhapsTime};
    let leg = cal
        .events()
        .find(|e| e.get_summary() == Some("Arrivée · BR 65"))
        .expect("the arrival's event");
    let utc = |d: Option<DatePerhapsTime>| match d {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(t))) => t,
        other => panic!("not a time: {other:?}"),
    };
    let (start, end) = (utc(leg.get_start()), utc(leg.get_end()));
    assert_eq!(start.to_rfc3339(), "2025-06-26T09:40:00+00:00");
    assert_eq!(end - start, chrono::Duration::minutes(30), "{text}");
}
