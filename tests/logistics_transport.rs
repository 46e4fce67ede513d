//! Ground transport (issue 18, part 2) on real files, through `passerelle-cli`: a mission's
//! vehicles added, listed, edited and deleted; a transfer item (`agenda add --kind transfer
//! --vehicle ID`) checked for seats, for its length against the journey and for a vehicle in two
//! places, delegates moved between sites with no transfer once the mission has a vehicle, the
//! checks cleared by fixing them; bad input refused with one line and nothing
//! saved; the driver's sheet as a PDF in the driver's language (read back with `pdftotext`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{cli, count, json, one_error_line, TempDb};
use serde_json::Value;

const MISSION: &str = "mis_tsha_wallonia_2025";
const CHARLEROI: &str = "sit_marie_curie";
const LIEGE: &str = "sit_mont_legia";

fn seeded() -> TempDb {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    db
}

fn vehicle(db: &TempDb, name: &str, seats: &str, more: &[&str]) -> String {
    let mut args = vec![
        "vehicle",
        "add",
        "--mission",
        MISSION,
        "--name",
        name,
        "--seats",
        seats,
        "--json",
    ];
    args.extend_from_slice(more);
    json(&cli(db, &args))["id"].as_str().unwrap().to_owned()
}

/// The twelve delegates, the organiser and three Liège doctors: sixteen people.
fn sixteen() -> Vec<String> {
    let mut people: Vec<String> = (1..=12).map(|n| format!("con_delegate_{n:02}")).collect();
    people.push("con_philippe_tzou".into());
    people.extend((1..=3).map(|n| format!("con_liege_doctor_{n}")));
    people
}

fn transfer(db: &TempDb, vehicle: &str, start: &str, end: &str, people: &[String]) -> String {
    let mut args = vec![
        "agenda",
        "add",
        "--mission",
        MISSION,
        "--title",
        "Coach to Liège",
        "--kind",
        "transfer",
        "--vehicle",
        vehicle,
        "--from-site",
        CHARLEROI,
        "--site",
        LIEGE,
        "--start",
        start,
        "--end",
        end,
        "--json",
    ];
    for p in people {
        args.extend(["--participant", p.as_str()]);
    }
    json(&cli(db, &args))["id"].as_str().unwrap().to_owned()
}

fn transport(db: &TempDb, lang: &str) -> Vec<Value> {
    let out = json(&cli(
        db,
        &["check", "--mission", MISSION, "--lang", lang, "--json"],
    ));
    out["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "transport")
        .cloned()
        .collect()
}

fn codes(conflicts: &[Value]) -> Vec<&str> {
    conflicts
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect()
}

#[test]
fn a_coach_two_seats_short_and_too_quick_is_flagged_and_fixing_it_clears_the_checks() {
    let db = seeded();
    let coach = vehicle(
        &db,
        "Coach 1",
        "14",
        &["--driver", "Marc Dubois", "--phone", "+32 475 12 34 56"],
    );
    assert!(coach.starts_with("veh_"), "{coach}");
    let list = json(&cli(
        &db,
        &["vehicle", "list", "--mission", MISSION, "--json"],
    ));
    assert_eq!(list[0]["seats"], 14);
    assert_eq!(list[0]["kind"], "coach");
    assert_eq!(list[0]["driver"], "Marc Dubois");

    // Sixteen people, an hour for a 75-minute drive.
    let item = transfer(
        &db,
        &coach,
        "2025-06-27T08:00",
        "2025-06-27T09:00",
        &sixteen(),
    );
    let found = transport(&db, "en");
    let mut got = codes(&found);
    got.sort_unstable();
    assert_eq!(
        got,
        ["conflict.seatsExceeded", "conflict.transferTooShort"],
        "{found:#?}"
    );
    let seats = found
        .iter()
        .find(|c| c["code"] == "conflict.seatsExceeded")
        .unwrap();
    assert_eq!(seats["params"]["count"], "2");
    assert!(
        seats["message"]
            .as_str()
            .unwrap()
            .contains("Coach 1 has 14 seats for the 16 people"),
        "{seats}"
    );
    let fr = transport(&db, "fr");
    assert!(
        fr.iter().any(|c| c["message"]
            .as_str()
            .unwrap()
            .contains("il manque 2 places")),
        "{fr:#?}"
    );
    let zh = transport(&db, "zh-TW");
    assert!(
        zh.iter()
            .any(|c| c["message"].as_str().unwrap().contains("少 2 個座位")),
        "{zh:#?}"
    );

    // A bigger coach and time enough: nothing left to say.
    json(&cli(
        &db,
        &["vehicle", "edit", "--id", &coach, "--seats", "16", "--json"],
    ));
    json(&cli(
        &db,
        &[
            "agenda",
            "move",
            "--id",
            &item,
            "--end",
            "2025-06-27T09:30",
            "--json",
        ],
    ));
    assert!(
        transport(&db, "en").is_empty(),
        "{:#?}",
        transport(&db, "en")
    );

    // The same coach booked for another transfer at the same time: in two places.
    transfer(
        &db,
        &coach,
        "2025-06-27T09:00",
        "2025-06-27T10:30",
        &sixteen()[..2],
    );
    assert_eq!(codes(&transport(&db, "en")), ["conflict.vehicleBusy"]);

    // Deleted, the coach leaves its transfers without a vehicle: the checks ask for one.
    let out = cli(&db, &["vehicle", "delete", "--id", &coach]);
    assert!(out.status.success(), "{}", one_error_line(&out));
    assert_eq!(
        codes(&transport(&db, "en")),
        ["conflict.transferNoVehicle", "conflict.transferNoVehicle"]
    );
}

#[test]
fn delegates_moved_from_charleroi_to_liege_with_no_transfer_are_flagged_once_a_coach_is_booked() {
    let db = seeded();
    // The delegation breakfasts at the Marie Curie hospital on the second day, then is welcomed
    // at Mont Légia at 10:00 (the seed's journey to Liège is an item with no site).
    let mut delegation: Vec<String> = (1..=12).map(|n| format!("con_delegate_{n:02}")).collect();
    delegation.push("con_philippe_tzou".into());
    let mut args = vec![
        "agenda",
        "add",
        "--mission",
        MISSION,
        "--title",
        "Breakfast at Marie Curie",
        "--kind",
        "meal",
        "--site",
        CHARLEROI,
        "--start",
        "2025-06-27T07:00",
        "--end",
        "2025-06-27T07:45",
        "--json",
    ];
    for p in &delegation {
        args.extend(["--participant", p.as_str()]);
    }
    let breakfast = json(&cli(&db, &args))["id"].as_str().unwrap().to_owned();
    // No vehicle: the mission does not provide transport, the delegation makes its own way.
    assert!(
        transport(&db, "en").is_empty(),
        "{:#?}",
        transport(&db, "en")
    );

    let coach = vehicle(&db, "Coach 1", "14", &[]);
    let found = transport(&db, "en");
    assert_eq!(codes(&found), ["conflict.noTransfer"], "{found:#?}");
    let moved = &found[0];
    assert_eq!(moved["items"][0], breakfast.as_str());
    assert_eq!(moved["items"][1], "itm_d2_welcome_olivier");
    let mut people: Vec<&str> = moved["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    people.sort_unstable();
    assert_eq!(people, delegation);
    assert_eq!(moved["params"]["count"], "13");
    let text = |c: &Value| c["message"].as_str().unwrap().to_owned();
    assert!(
        text(moved).contains("go from Hôpital civil Marie Curie")
            && text(moved).contains("to CHC Mont Légia")
            && text(moved).contains("with no transfer"),
        "{moved}"
    );
    assert!(
        text(&transport(&db, "fr")[0]).contains("sans transfert"),
        "{:#?}",
        transport(&db, "fr")
    );
    assert!(
        text(&transport(&db, "zh-TW")[0]).contains("沒有安排接駁"),
        "{:#?}",
        transport(&db, "zh-TW")
    );

    // The coach takes twelve of them from Charleroi to Liège: the organiser is still moved
    // with no transfer; all thirteen aboard, nothing left to say.
    let twelve = transfer(
        &db,
        &coach,
        "2025-06-27T08:00",
        "2025-06-27T09:30",
        &delegation[..12],
    );
    let found = transport(&db, "en");
    assert_eq!(codes(&found), ["conflict.noTransfer"], "{found:#?}");
    assert_eq!(found[0]["people"], serde_json::json!(["con_philippe_tzou"]));
    json(&cli(&db, &["agenda", "delete", "--id", &twelve, "--json"]));
    transfer(
        &db,
        &coach,
        "2025-06-27T08:00",
        "2025-06-27T09:30",
        &delegation,
    );
    assert!(
        transport(&db, "en").is_empty(),
        "{:#?}",
        transport(&db, "en")
    );
}

#[test]
fn bad_vehicles_and_transfers_are_refused_with_one_line_and_nothing_is_saved() {
    let db = seeded();
    let store = db.open();
    let before = count(&store, "change_sets");
    for (seats, more, field) in [
        ("0", &[][..], "seats:"),
        ("-2", &[][..], "seats:"),
        ("fourteen", &[][..], "seats:"),
        ("14", &["--phone", "0475"][..], "phone:"),
        ("14", &["--kind", "bus"][..], "kind"),
        ("14", &["--company", "org_nowhere"][..], "companyId:"),
    ] {
        let mut args = vec![
            "vehicle",
            "add",
            "--mission",
            MISSION,
            "--name",
            "Coach",
            "--seats",
            seats,
        ];
        args.extend_from_slice(more);
        let out = cli(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let line = one_error_line(&out);
        assert!(line.contains(field), "{field}: {line}");
    }
    assert_eq!(count(&store, "vehicles"), 0);
    assert_eq!(count(&store, "change_sets"), before);

    // A transfer without a vehicle, a vehicle on a meeting.
    let items = count(&store, "agenda_items");
    let add = |kind: &str, more: &[&str]| {
        let mut args = vec![
            "agenda",
            "add",
            "--mission",
            MISSION,
            "--title",
            "Coach",
            "--kind",
            kind,
            "--site",
            LIEGE,
            "--start",
            "2025-06-27T08:00",
            "--end",
            "2025-06-27T09:30",
        ];
        args.extend_from_slice(more);
        cli(&db, &args)
    };
    let out = add("transfer", &["--from-site", CHARLEROI]);
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out).contains("vehicleId:"));
    let coach = vehicle(&db, "Coach", "14", &[]);
    let out = add("meeting", &["--vehicle", &coach]);
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out).contains("vehicleId:"));
    let out = add("transfer", &["--vehicle", "veh_nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out).contains("vehicleId:"));
    assert_eq!(count(&store, "agenda_items"), items);
}

fn pdf_text(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_drivers_sheet_lists_pick_ups_addresses_passengers_and_phones_in_the_drivers_language() {
    let db = seeded();
    let coach = vehicle(
        &db,
        "Coach 1",
        "16",
        &["--driver", "Marc Dubois", "--phone", "+32 475 12 34 56"],
    );
    vehicle(&db, "Spare minibus", "8", &["--kind", "minibus"]);
    transfer(
        &db,
        &coach,
        "2025-06-27T08:00",
        "2025-06-27T09:30",
        &sixteen(),
    );
    let dir = tempfile::tempdir().unwrap();
    for (lang, words) in [
        (
            "fr",
            vec![
                "Feuille de route du chauffeur",
                "Prise en charge",
                "16 passagers",
                "Autocar",
                "Aucun transfert",
            ],
        ),
        ("zh-TW", vec!["司機行程單", "接送時間", "16 位乘客", "小巴"]),
    ] {
        let pdf = dir.path().join(format!("transport-{lang}.pdf"));
        let out = cli(
            &db,
            &[
                "export",
                "transport",
                "--mission",
                MISSION,
                "--lang",
                lang,
                "--out",
                pdf.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{}", one_error_line(&out));
        let text = pdf_text(&pdf);
        for w in words {
            assert!(text.contains(w), "{lang}: {w} not in {text}");
        }
        for w in [
            "Coach 1",
            "Marc Dubois",
            "+32 475 12 34 56",
            "08:00",
            "09:30",
            "Hôpital civil Marie Curie",
            "Délégué 1",
        ] {
            assert!(text.contains(w), "{lang}: {w} not in {text}");
        }
    }
}

#[test]
fn a_passengers_itinerary_and_calendar_say_where_the_coach_leaves_and_the_drivers_phone() {
    let db = seeded();
    let coach = vehicle(
        &db,
        "Coach 1",
        "16",
        &["--driver", "Marc Dubois", "--phone", "+32 475 12 34 56"],
    );
    transfer(
        &db,
        &coach,
        "2025-06-27T08:00",
        "2025-06-27T09:30",
        &sixteen(),
    );
    let dir = tempfile::tempdir().unwrap();
    // The label is set in capitals (an overline).
    for (lang, label) in [("fr", "VÉHICULE"), ("zh-TW", "車輛")] {
        let pdf = dir.path().join(format!("itinerary-{lang}.pdf"));
        let out = cli(
            &db,
            &[
                "export",
                "itinerary",
                "--mission",
                MISSION,
                "--participant",
                "con_delegate_01",
                "--lang",
                lang,
                "--out",
                pdf.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{}", one_error_line(&out));
        // pdftotext -layout may cut a line where the PDF wraps it: compare without spaces.
        let text: String = pdf_text(&pdf).split_whitespace().collect();
        for w in [
            "HôpitalcivilMarieCurie→CHCMontLégia",
            "ChausséedeBruxelles140",
            "Coach1·MarcDubois·+32475123456",
            label,
        ] {
            assert!(text.contains(w), "{lang}: {w} not in {text}");
        }
    }
    let ics = dir.path().join("delegate.ics");
    let out = cli(
        &db,
        &[
            "export",
            "ics",
            "--mission",
            MISSION,
            "--participant",
            "con_delegate_01",
            "--lang",
            "en",
            "--out",
            ics.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", one_error_line(&out));
    // Unfolded (RFC 5545 folds long lines at 75 octets) and unescaped enough to read.
    let calendar = std::fs::read_to_string(&ics)
        .unwrap()
        .replace("\r\n ", "")
        .replace("\\,", ",")
        .replace("\\n", "\n");
    assert!(
        calendar.contains("Coach 1 · Marc Dubois · +32 475 12 34 56"),
        "{calendar}"
    );
    assert!(
        calendar.contains("Hôpital civil Marie Curie, Chaussée de Bruxelles 140"),
        "{calendar}"
    );
}

#[test]
fn agenda_edit_changes_a_transfers_vehicle_passengers_and_times_and_refuses_bad_input_whole() {
    let db = seeded();
    let coach = vehicle(&db, "Coach 1", "14", &[]);
    let minibus = vehicle(&db, "Minibus", "8", &["--kind", "minibus"]);
    let item = transfer(
        &db,
        &coach,
        "2025-06-27T08:00",
        "2025-06-27T09:00",
        &sixteen(),
    );
    let edit = |more: &[&str]| {
        let mut args = vec!["agenda", "edit", "--id", item.as_str()];
        args.extend_from_slice(more);
        args.push("--json");
        cli(&db, &args)
    };
    let store = db.open();
    let stored = || {
        store
            .read(|c| passerelle_core::store::agenda::record(c, &item))
            .unwrap()
    };

    // The delegation alone (thirteen) and half an hour more: the coach is big enough and the
    // drive fits.
    let thirteen: Vec<String> = sixteen()[..13].to_vec();
    let mut args: Vec<&str> = vec!["--end", "2025-06-27T09:30"];
    for p in &thirteen {
        args.extend(["--participant", p.as_str()]);
    }
    assert_eq!(json(&edit(&args))["id"], item.as_str());
    assert!(
        transport(&db, "en").is_empty(),
        "{:#?}",
        transport(&db, "en")
    );
    let r = stored();
    assert_eq!(r.participants.len(), 13);
    assert_eq!(r.vehicle_id.as_ref().unwrap().as_str(), coach);
    assert_eq!(r.title, "Coach to Liège", "what was not given is kept");
    assert_eq!(
        r.starts_at.to_rfc3339(),
        "2025-06-27T06:00:00+00:00",
        "the start is kept"
    );

    // The minibus instead: five seats short, said in French.
    json(&edit(&["--vehicle", &minibus, "--status", "confirmed"]));
    let fr = transport(&db, "fr");
    assert!(
        fr.iter().any(|c| c["message"]
            .as_str()
            .unwrap()
            .contains("il manque 5 places")),
        "{fr:#?}"
    );
    assert_eq!(stored().status.as_str(), "confirmed");

    // Bad input: one line naming the field, nothing changed.
    let before = count(&store, "change_sets");
    for (more, field) in [
        (&["--vehicle", ""][..], "vehicleId:"),
        (&["--vehicle", "veh_nowhere"][..], "vehicleId:"),
        (&["--end", "2025-06-27T07:00"][..], "end:"),
        (&["--kind", "bus"][..], "kind"),
        (&["--participant", "con_nowhere"][..], "participants"),
    ] {
        let out = edit(more);
        assert_eq!(out.status.code(), Some(2), "{more:?}");
        let line = one_error_line(&out);
        assert!(line.contains(field), "{field}: {line}");
    }
    let out = cli(
        &db,
        &["agenda", "edit", "--id", "itm_nowhere", "--title", "x"],
    );
    assert!(!out.status.success());
    assert_eq!(count(&store, "change_sets"), before);
    assert_eq!(stored().vehicle_id.as_ref().unwrap().as_str(), minibus);

    // A locked item keeps its time; its title may change.
    json(&cli(&db, &["agenda", "lock", "--id", &item, "--json"]));
    let out = edit(&["--start", "2025-06-27T07:30"]);
    assert!(!out.status.success());
    json(&edit(&[
        "--title",
        "Coach to Mont Légia",
        "--no-participants",
    ]));
    let r = stored();
    assert_eq!(r.title, "Coach to Mont Légia");
    assert!(r.participants.is_empty());
    assert!(r.locked);
}
