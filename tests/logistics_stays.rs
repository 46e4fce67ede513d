//! Hotel stays (issue 18, part 3) on real files, through `passerelle-cli`: booked, listed,
//! edited and deleted; bad input refused with one clear line and nothing saved; the bed check
//! (a night without a bed, a stay outside the mission); the rooming list per hotel as `.xlsx`
//! (read back from its XML) and as PDF (read back with poppler's `pdftotext`), in French and
//! Chinese; stays in the data-subject export and gone with the erasure.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{cli, count, json, one_error_line, TempDb};
use passerelle_core::domain::{Organisation, OrganisationKind};
use passerelle_core::store;
use serde_json::Value;
use std::io::Read;
use std::path::Path;

const MISSION: &str = "mis_tsha_wallonia_2025";

fn hotel(id: &str, name: &str, city: &str) -> Organisation {
    Organisation {
        id: id.into(),
        name: name.into(),
        short_name: None,
        kind: OrganisationKind::Company,
        parent_id: None,
        address: Some("Rue de l’Aéroport 1".into()),
        postal_code: Some("6041".into()),
        city: Some(city.into()),
        country: "BE".into(),
        latitude: None,
        longitude: None,
        tz: Some("Europe/Brussels".into()),
        website: None,
        notes: None,
        placeholder: false,
    }
}

/// The demo mission (26–27 June 2025: the night of the 26th) with two hotels in the directory.
fn seeded() -> TempDb {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    let store = db.open();
    store
        .write("test", |w| {
            store::organisations::save(
                w,
                &hotel(
                    "org_hotel_charleroi",
                    "Van der Valk Charleroi Airport",
                    "Gosselies",
                ),
            )?;
            store::organisations::save(
                w,
                &hotel("org_hotel_liege", "Crowne Plaza Liège", "Liège"),
            )?;
            Ok(())
        })
        .unwrap();
    db
}

fn stay(db: &TempDb, contact: &str, hotel: &str, from: &str, to: &str, more: &[&str]) -> String {
    let mut args = vec![
        "stay",
        "add",
        "--mission",
        MISSION,
        "--contact",
        contact,
        "--hotel",
        hotel,
        "--from",
        from,
        "--to",
        to,
        "--json",
    ];
    args.extend_from_slice(more);
    json(&cli(db, &args))["id"].as_str().unwrap().to_owned()
}

fn lodging(db: &TempDb) -> Vec<Value> {
    let out = json(&cli(db, &["check", "--mission", MISSION, "--json"]));
    out["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "lodging")
        .cloned()
        .collect()
}

fn delegates() -> Vec<String> {
    (1..=12).map(|n| format!("con_delegate_{n:02}")).collect()
}

#[test]
fn beds_are_checked_once_lodging_starts_and_fixing_them_clears_the_checks() {
    let db = seeded();
    // No stay yet: lodging not started, nothing said.
    assert!(lodging(&db).is_empty());
    let first = stay(
        &db,
        "con_delegate_01",
        "org_hotel_charleroi",
        "2025-06-26",
        "2025-06-27",
        &[],
    );
    assert!(first.starts_with("sty_"));
    // Eleven delegates and the organiser have no bed for the night of the 26th.
    let missing = lodging(&db);
    assert_eq!(missing.len(), 12, "{missing:#?}");
    assert!(missing.iter().all(|c| c["code"] == "conflict.noBed"));
    assert!(
        missing[0]["message"].as_str().unwrap().contains("26"),
        "{}",
        missing[0]
    );
    for d in delegates().iter().skip(1) {
        stay(
            &db,
            d,
            "org_hotel_charleroi",
            "2025-06-26",
            "2025-06-27",
            &["--room", "twin"],
        );
    }
    stay(
        &db,
        "con_philippe_tzou",
        "org_hotel_liege",
        "2025-06-26",
        "2025-06-27",
        &[],
    );
    assert!(lodging(&db).is_empty(), "{:#?}", lodging(&db));

    // A stay from the 25th, before the mission and the person's arrival, is outside it.
    let list = json(&cli(&db, &["stay", "list", "--mission", MISSION, "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 13);
    assert_eq!(list[0]["hotel"]["name"], "Crowne Plaza Liège");
    assert_eq!(list[0]["nights"], 1);
    let id = list[0]["id"].as_str().unwrap();
    json(&cli(
        &db,
        &["stay", "edit", "--id", id, "--from", "2025-06-25", "--json"],
    ));
    let outside = lodging(&db);
    assert_eq!(outside.len(), 1);
    assert_eq!(outside[0]["code"], "conflict.stayOutsideMission");
    // Arriving on the 25th makes it his stay's first night.
    json(&cli(
        &db,
        &[
            "travel",
            "add",
            "--mission",
            MISSION,
            "--contact",
            "con_philippe_tzou",
            "--kind",
            "arrival",
            "--at",
            "2025-06-25T18:00",
            "--place",
            "BRU",
            "--json",
        ],
    ));
    assert!(lodging(&db).is_empty());
    let out = cli(&db, &["stay", "delete", "--id", &first]);
    assert!(out.status.success(), "{}", one_error_line(&out));
    assert_eq!(lodging(&db).len(), 1);
}

#[test]
fn bad_stays_are_refused_with_one_line_and_nothing_is_saved() {
    let db = seeded();
    let store = db.open();
    let refused = |contact: &str, hotel: &str, from: &str, to: &str, more: &[&str], field: &str| {
        let mut args = vec![
            "stay",
            "add",
            "--mission",
            MISSION,
            "--contact",
            contact,
            "--hotel",
            hotel,
            "--from",
            from,
            "--to",
            to,
            "--json",
        ];
        args.extend_from_slice(more);
        let out = cli(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let line = one_error_line(&out);
        assert!(line.contains(field), "{line}");
        line
    };
    let d1 = "con_delegate_01";
    let h = "org_hotel_liege";
    let line = refused(d1, h, "2025-06-27", "2025-06-26", &[], "checkOut:");
    assert!(line.contains("after the check-in"), "{line}");
    refused(d1, h, "2025-06-26", "2025-06-26", &[], "checkOut:");
    refused(d1, h, "26/06/2025", "2025-06-27", &[], "checkIn:");
    refused(
        d1,
        "org_nowhere",
        "2025-06-26",
        "2025-06-27",
        &[],
        "hotelId:",
    );
    refused(
        "con_maxime_rossi",
        h,
        "2025-06-26",
        "2025-06-27",
        &[],
        "contactId:",
    );
    refused(
        d1,
        h,
        "2025-06-26",
        "2025-06-27",
        &["--sharing", d1],
        "sharingWith:",
    );
    refused(
        d1,
        h,
        "2025-06-26",
        "2025-06-27",
        &["--room", "dorm"],
        "room:",
    );
    assert_eq!(count(&store, "stays"), 0);
    stay(&db, d1, h, "2025-06-26", "2025-06-27", &[]);
    let line = refused(
        d1,
        "org_hotel_charleroi",
        "2025-06-25",
        "2025-06-27",
        &[],
        "checkIn:",
    );
    assert!(line.contains("Crowne Plaza"), "{line}");
    assert_eq!(count(&store, "stays"), 1);
}

/// The text of every shared string of an .xlsx, and its sheet names.
fn xlsx_text(path: &Path) -> (String, String) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    (read("xl/sharedStrings.xml"), read("xl/workbook.xml"))
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
fn the_rooming_list_comes_out_per_hotel_as_a_workbook_and_a_pdf() {
    let db = seeded();
    // Two delegates share a twin room; one sleeps alone; the organiser is at another hotel.
    stay(
        &db,
        "con_delegate_01",
        "org_hotel_charleroi",
        "2025-06-26",
        "2025-06-27",
        &[
            "--room",
            "twin",
            "--sharing",
            "con_delegate_02",
            "--ref",
            "VDV-4471",
        ],
    );
    stay(
        &db,
        "con_delegate_02",
        "org_hotel_charleroi",
        "2025-06-26",
        "2025-06-27",
        &["--room", "twin", "--sharing", "con_delegate_01"],
    );
    stay(
        &db,
        "con_delegate_03",
        "org_hotel_charleroi",
        "2025-06-26",
        "2025-06-28",
        &[],
    );
    stay(
        &db,
        "con_philippe_tzou",
        "org_hotel_liege",
        "2025-06-26",
        "2025-06-27",
        &["--room", "suite"],
    );

    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("rooming.xlsx");
    let out = cli(
        &db,
        &[
            "export",
            "rooming",
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
    let (strings, workbook) = xlsx_text(&xlsx);
    assert!(
        workbook.contains("Crowne Plaza Liège")
            && workbook.contains("Van der Valk Charleroi Airpo"),
        "{workbook}"
    );
    for s in [
        "Délégué 1 — cardiologie / Délégué 2 — cardiologie",
        "Twin (deux lits)",
        "Suite",
        "VDV-4471",
        "Occupants",
        "2025-06-28",
        "6041 Gosselies",
    ] {
        assert!(strings.contains(s), "{s} not in {strings}");
    }
    // Two rooms at Charleroi: the shared twin is one row.
    assert_eq!(strings.matches("Délégué 2").count(), 1);

    for (lang, words) in [
        (
            "fr",
            vec![
                "Liste des chambres",
                "Van der Valk",
                "Occupants",
                "2 chambres",
                "Twin",
            ],
        ),
        ("zh-TW", vec!["住宿名單", "住客", "雙床房", "套房"]),
    ] {
        let pdf = dir.path().join(format!("rooming-{lang}.pdf"));
        let out = cli(
            &db,
            &[
                "export",
                "rooming",
                "--mission",
                MISSION,
                "--format",
                "pdf",
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
        assert!(text.contains("Délégué 3"), "{text}");
    }
    // Another format is refused.
    let out = cli(
        &db,
        &[
            "export",
            "rooming",
            "--mission",
            MISSION,
            "--format",
            "csv",
            "--out",
            "x.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn stays_are_in_the_subject_export_and_go_with_the_erasure() {
    let db = seeded();
    stay(
        &db,
        "con_delegate_03",
        "org_hotel_liege",
        "2025-06-26",
        "2025-06-27",
        &["--ref", "CP-99812"],
    );
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
    assert!(out.status.success(), "{}", one_error_line(&out));
    let held: Value = serde_json::from_slice(&std::fs::read(&export).unwrap()).unwrap();
    assert_eq!(held["data"]["stays"][0]["reference"], "CP-99812", "{held}");
    let out = cli(&db, &["contact", "erase", "con_delegate_03"]);
    assert!(out.status.success(), "{}", one_error_line(&out));
    assert_eq!(count(&db.open(), "stays"), 0);
    let bytes = std::fs::read(&db.path).unwrap();
    assert!(!bytes.windows(8).any(|w| w == b"CP-99812"));
}

/// The value of `NAME` in the VEVENT holding `uid_part`, from unfolded lines.
fn event_field(ics: &str, uid_part: &str, name: &str) -> Option<String> {
    let unfolded = ics.replace("\r\n ", "");
    unfolded
        .split("BEGIN:VEVENT")
        .find(|e| e.contains(uid_part))?
        .lines()
        .find_map(|l| {
            l.strip_prefix(name)
                .filter(|rest| rest.starts_with(':') || rest.starts_with(';'))
                .map(|rest| rest.to_owned())
        })
}

#[test]
fn the_persons_itinerary_and_calendar_hold_their_hotel_night() {
    let db = seeded();
    let d3 = "con_delegate_03";
    let id = stay(
        &db,
        d3,
        "org_hotel_liege",
        "2025-06-26",
        "2025-06-27",
        &["--ref", "CP-8812"],
    );
    // The itinerary, in French and Chinese: the hotel, its address, check-in and check-out.
    let pdf = db.dir.path().join("itinerary.pdf");
    let out = cli(
        &db,
        &[
            "export",
            "itinerary",
            "--mission",
            MISSION,
            "--participant",
            d3,
            "--lang",
            "fr+zh-TW",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", one_error_line(&out));
    let text = pdf_text(&pdf);
    assert!(text.contains("Crowne Plaza Liège"), "{text}");
    assert!(text.contains("6041 Liège"), "{text}");
    assert!(text.contains("Arrivée jeu. 26 juin"), "{text}");
    assert!(text.contains("Départ ven. 27 juin"), "{text}");
    assert!(text.contains("比利時"), "the address in Chinese: {text}");
    assert!(text.contains("入住"), "check-in in Chinese: {text}");

    // The calendar file: one all-day event over the night, free, under a UID of the stay.
    let export = |name: &str, who: Option<&str>| {
        let ics = db.dir.path().join(name);
        let mut args = vec![
            "export",
            "ics",
            "--mission",
            MISSION,
            "--lang",
            "fr",
            "--out",
            ics.to_str().unwrap(),
        ];
        if let Some(w) = who {
            args.extend(["--participant", w]);
        }
        let out = cli(&db, &args);
        assert!(out.status.success(), "{}", one_error_line(&out));
        std::fs::read_to_string(&ics).unwrap()
    };
    let ics = export("d3.ics", Some(d3));
    let cal: icalendar::Calendar = ics.parse().expect("an RFC 5545 calendar");
    let uid = format!("{id}.{MISSION}@passerelle");
    {
        use icalendar::Component;
        assert_eq!(
            cal.events()
                .filter(|e| e.get_uid() == Some(uid.as_str()))
                .count(),
            1,
            "{ics}"
        );
    }
    let field = |ics: &str, name: &str| event_field(ics, &uid, name).unwrap_or_default();
    assert_eq!(field(&ics, "DTSTART"), ";VALUE=DATE:20250626", "{ics}");
    assert_eq!(field(&ics, "DTEND"), ";VALUE=DATE:20250627", "{ics}");
    assert_eq!(field(&ics, "SUMMARY"), ":Hôtel · Crowne Plaza Liège");
    assert!(field(&ics, "LOCATION").contains("6041 Liège"), "{ics}");
    assert_eq!(field(&ics, "TRANSP"), ":TRANSPARENT");
    assert!(field(&ics, "DESCRIPTION").contains("CP-8812"), "{ics}");

    // Moved a night earlier, the same UID carries the new dates: a re-import updates it.
    let out = cli(
        &db,
        &[
            "stay",
            "edit",
            "--id",
            &id,
            "--from",
            "2025-06-25",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", one_error_line(&out));
    let again = export("d3-again.ics", Some(d3));
    assert_eq!(field(&again, "DTSTART"), ";VALUE=DATE:20250625", "{again}");

    // The mission's own calendar holds the programme, not each person's hotel.
    let all = export("mission.ics", None);
    assert!(!all.contains(&uid), "{all}");
}

#[test]
fn a_hotel_is_added_to_the_directory_through_the_cli_and_takes_stays() {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    let store = db.open();
    let before = count(&store, "organisations");
    let hotel = json(&cli(
        &db,
        &[
            "organisation",
            "add",
            "--name",
            "Crowne Plaza Liège",
            "--address",
            "Mont Saint-Martin 9",
            "--postal-code",
            "4000",
            "--city",
            "Liège",
            "--country",
            "BE",
            "--tz",
            "Europe/Brussels",
            "--json",
        ],
    ))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(hotel.starts_with("org_"), "{hotel}");
    assert_eq!(count(&store, "organisations"), before + 1);
    stay(
        &db,
        "con_delegate_01",
        &hotel,
        "2025-06-26",
        "2025-06-27",
        &[],
    );
    // Bad input: one line naming the field, nothing saved.
    for (more, field) in [
        (
            &["--name", "X", "--country", "BE", "--kind", "hotel"][..],
            "kind",
        ),
        (&["--name", "", "--country", "BE"][..], "name"),
        (
            &["--name", "X", "--country", "BE", "--tz", "Mars/Olympus"][..],
            "tz",
        ),
    ] {
        let mut args = vec!["organisation", "add"];
        args.extend_from_slice(more);
        let out = cli(&db, &args);
        assert!(!out.status.success(), "{more:?}");
        let line = one_error_line(&out);
        assert!(line.contains(field), "{field}: {line}");
    }
    assert_eq!(count(&store, "organisations"), before + 1);
}
