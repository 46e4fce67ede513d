//! A mission from a blank page (issue 13): created, set up and started again from the previous
//! one, through the CLI as automation does and through the store as the window does.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use chrono::DateTime;
use common::{cli, count, json, one_error_line, TempDb};
use passerelle_core::domain::{MissionInput, SiteInput};
use passerelle_core::store;
use serde_json::Value;

fn id_of(out: &std::process::Output) -> String {
    json(out)["id"].as_str().expect("an id").to_owned()
}

/// The items of a mission as (title, start instant, end instant, zone).
fn instants(db: &TempDb, mission: &str) -> Vec<(String, i64, i64, String)> {
    let agenda = json(&cli(
        db,
        &["list", "agenda", "--mission", mission, "--json"],
    ));
    let mut out: Vec<_> = agenda
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let at = |f: &str| {
                DateTime::parse_from_rfc3339(i[f].as_str().unwrap())
                    .unwrap()
                    .timestamp()
            };
            (
                i["title"].as_str().unwrap().to_owned(),
                at("start"),
                at("end"),
                i["tz"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_japanese_medtech_mission_is_built_and_started_again_from_the_cli() {
    let db = TempDb::new();
    let mission = id_of(&cli(
        &db,
        &[
            "mission",
            "create",
            "--name",
            "Medtech japonaise à Liège et Wavre",
            "--start",
            "2026-03-09",
            "--end",
            "2026-03-11",
            "--host-tz",
            "Europe/Brussels",
            "--home-tz",
            "Asia/Tokyo",
            "--json",
        ],
    ));
    assert!(mission.starts_with("mis_"), "{mission}");
    let listed = json(&cli(&db, &["list", "missions", "--json"]));
    assert_eq!(listed[0]["originCountry"], "JP", "countries from the zones");
    assert_eq!(listed[0]["hostCountry"], "BE");
    assert_eq!(listed[0]["archived"], false);

    let site = |name: &str, tz: &str, extra: &[&str]| {
        let mut args = vec![
            "site",
            "add",
            "--mission",
            &mission,
            "--name",
            name,
            "--tz",
            tz,
            "--json",
        ];
        args.extend_from_slice(extra);
        id_of(&cli(&db, &args))
    };
    let tokyo = site("JETRO Tokyo — briefing", "Asia/Tokyo", &[]);
    let liege = site(
        "CHU de Liège",
        "Europe/Brussels",
        &["--address", "Avenue de l'Hôpital 1, 4000 Liège"],
    );
    let wavre = site("Parc scientifique de Wavre", "Europe/Brussels", &[]);
    assert!(tokyo.starts_with("sit_") && liege.starts_with("sit_"));
    let sites = json(&cli(
        &db,
        &["list", "sites", "--mission", &mission, "--json"],
    ));
    let tokyo_site = sites
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == tokyo.as_str())
        .unwrap();
    assert_eq!(tokyo_site["country"], "JP");
    assert_eq!(tokyo_site["organisation"], Value::Null);

    let mut people = Vec::new();
    for (given, family, lang) in [
        ("Haruki", "Sato", "ja"),
        ("Yui", "Tanaka", "ja"),
        ("Kenji", "Watanabe", "en"),
        ("Claire", "Dupont", "fr"),
    ] {
        let id = id_of(&cli(
            &db,
            &[
                "contact",
                "add",
                "--given",
                given,
                "--family",
                family,
                "--language",
                lang,
                "--json",
            ],
        ));
        assert!(id.starts_with("con_"));
        people.push(id);
    }
    let track = id_of(&cli(
        &db,
        &[
            "subgroup",
            "add",
            "--mission",
            &mission,
            "--name",
            "Imagerie",
            "--json",
        ],
    ));
    for (i, (person, role)) in people
        .iter()
        .zip(["head", "delegate", "delegate", "host"])
        .enumerate()
    {
        let mut args = vec![
            "member",
            "add",
            "--mission",
            &mission,
            "--contact",
            person,
            "--role",
            role,
            "--json",
        ];
        if i == 1 {
            args.extend_from_slice(&["--subgroup", &track]);
        }
        assert!(id_of(&cli(&db, &args)).starts_with("mem_"));
    }

    // A delegate added twice, an unknown role: refused, one line, nothing written.
    let store = db.open();
    let members = count(&store, "delegation_members");
    let err = one_error_line(&cli(
        &db,
        &[
            "member",
            "add",
            "--mission",
            &mission,
            "--contact",
            &people[0],
            "--role",
            "delegate",
        ],
    ));
    assert!(
        err.contains("Haruki Sato is already in the delegation"),
        "{err}"
    );
    let err = one_error_line(&cli(
        &db,
        &[
            "member",
            "add",
            "--mission",
            &mission,
            "--contact",
            &people[0],
            "--role",
            "chauffeur",
        ],
    ));
    assert!(err.contains("role"), "{err}");
    assert_eq!(count(&store, "delegation_members"), members);

    // Eight items: the Tokyo briefing the week before, typed with its offset, the rest in Belgium.
    let items: [(&str, &str, &str, &str, &str); 8] = [
        (
            "Briefing avant départ",
            "meeting",
            "2026-03-06T09:00+09:00",
            "2026-03-06T10:30+09:00",
            &tokyo,
        ),
        (
            "Accueil au CHU",
            "reception",
            "2026-03-09T09:00",
            "2026-03-09T09:45",
            &liege,
        ),
        (
            "Visite de l'imagerie",
            "visit",
            "2026-03-09T10:00",
            "2026-03-09T11:30",
            &liege,
        ),
        (
            "Déjeuner",
            "meal",
            "2026-03-09T12:00",
            "2026-03-09T13:15",
            &liege,
        ),
        (
            "Rendez-vous individuels",
            "meeting",
            "2026-03-09T14:00",
            "2026-03-09T15:00",
            &liege,
        ),
        (
            "Trajet vers Wavre",
            "travel",
            "2026-03-10T08:30",
            "2026-03-10T09:15",
            &liege,
        ),
        (
            "Présentations medtech",
            "presentation",
            "2026-03-10T09:30",
            "2026-03-10T12:00",
            &wavre,
        ),
        (
            "Réception de clôture",
            "reception",
            "2026-03-11T18:00+01:00",
            "2026-03-11T20:00+01:00",
            &wavre,
        ),
    ];
    for (title, kind, start, end, site) in items {
        let out = cli(
            &db,
            &[
                "agenda",
                "add",
                "--mission",
                &mission,
                "--title",
                title,
                "--kind",
                kind,
                "--start",
                start,
                "--end",
                end,
                "--site",
                site,
                "--json",
            ],
        );
        assert!(id_of(&out).starts_with("itm_"), "{title}");
    }
    let before = instants(&db, &mission);
    assert_eq!(before.len(), 8);
    let briefing = before
        .iter()
        .find(|i| i.0 == "Briefing avant départ")
        .unwrap();
    assert_eq!(briefing.1, 1_772_755_200, "09:00 in Tokyo is 00:00 UTC");
    assert_eq!(briefing.3, "Asia/Tokyo");

    // An end before the start is refused and nothing is written.
    let items_count = count(&store, "agenda_items");
    let err = one_error_line(&cli(
        &db,
        &[
            "agenda",
            "add",
            "--mission",
            &mission,
            "--title",
            "À l'envers",
            "--kind",
            "visit",
            "--start",
            "2026-03-10T11:00",
            "--end",
            "2026-03-10T10:00",
            "--site",
            &liege,
        ],
    ));
    assert!(err.contains("end"), "{err}");
    assert_eq!(count(&store, "agenda_items"), items_count);

    // A mission that ends before it starts, an unknown zone: refused, nothing written.
    for (start, end, tz) in [
        ("2026-04-10", "2026-04-09", "Europe/Brussels"),
        ("2026-04-10", "2026-04-12", "Europe/Bruxelles"),
    ] {
        one_error_line(&cli(
            &db,
            &[
                "mission",
                "create",
                "--name",
                "X",
                "--start",
                start,
                "--end",
                end,
                "--host-tz",
                tz,
                "--home-tz",
                "Asia/Tokyo",
            ],
        ));
    }
    assert_eq!(count(&store, "missions"), 1);

    // The next mission, started from this one two months later.
    let next = id_of(&cli(
        &db,
        &[
            "mission",
            "create",
            "--name",
            "Medtech japonaise, deuxième vague",
            "--start",
            "2026-05-11",
            "--end",
            "2026-05-13",
            "--host-tz",
            "Europe/Brussels",
            "--home-tz",
            "Asia/Tokyo",
            "--from-mission",
            &mission,
            "--json",
        ],
    ));
    let sites = json(&cli(&db, &["list", "sites", "--mission", &next, "--json"]));
    let mut names: Vec<&str> = sites
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "CHU de Liège",
            "JETRO Tokyo — briefing",
            "Parc scientifique de Wavre"
        ]
    );
    let agenda = json(&cli(&db, &["list", "agenda", "--mission", &next, "--json"]));
    let copied: Vec<(String, String)> = agenda
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["title"].as_str().unwrap().to_owned(),
                i["start"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // Nine weeks later, at the same wall-clock time in each place, across the change of clocks.
    assert!(copied.contains(&(
        "Briefing avant départ".to_owned(),
        "2026-05-08T09:00:00+09:00".to_owned()
    )));
    assert!(copied.contains(&(
        "Accueil au CHU".to_owned(),
        "2026-05-11T09:00:00+02:00".to_owned()
    )));
    assert!(copied.contains(&(
        "Réception de clôture".to_owned(),
        "2026-05-13T18:00:00+02:00".to_owned()
    )));
    assert_eq!(
        copied.len(),
        8,
        "no participants, so every item is skeleton"
    );
    for item in agenda.as_array().unwrap() {
        assert_eq!(item["status"], "tentative");
        assert!(item["participants"].as_array().unwrap().is_empty());
        let site = item["site"]["id"].as_str().unwrap();
        assert!(
            sites.as_array().unwrap().iter().any(|s| s["id"] == site),
            "items point at the new mission's sites"
        );
    }
    // The first mission is untouched.
    assert_eq!(instants(&db, &mission), before);
    let detail = store.read(|c| store::missions::detail(c, &next)).unwrap();
    assert_eq!(detail.subgroups.len(), 1, "sub-groups copied");
    assert!(detail.delegation.is_empty(), "people are not copied");
}

fn demo() -> (TempDb, passerelle_core::Store) {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    let store = db.open();
    (db, store)
}

const DEMO: &str = "mis_tsha_wallonia_2025";

/// The demo mission's items as (id, start instant in seconds), sorted.
fn start_instants(store: &passerelle_core::Store) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = store
        .read(|c| store::agenda::of_mission(c, DEMO))
        .unwrap()
        .into_iter()
        .map(|i| {
            (
                i.id,
                DateTime::parse_from_rfc3339(&i.start).unwrap().timestamp(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_site_that_items_use_is_removed_only_by_moving_them() {
    let (_db, store) = demo();
    let detail = store.read(|c| store::missions::detail(c, DEMO)).unwrap();
    let used = detail.days[0].items[0].site.clone().unwrap().id;
    let other = detail
        .sites
        .iter()
        .find(|s| s.id != used)
        .unwrap()
        .id
        .clone();
    let at_used = store.read(|c| store::sites::items_at(c, &used)).unwrap();
    assert!(!at_used.is_empty());

    let before = count(&store, "sites");
    let err = store
        .write("Remove a site", |w| {
            store::sites::delete_site(w, &used, None)
        })
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains(&at_used[0].title),
        "names the items: {message}"
    );
    assert_eq!(count(&store, "sites"), before);

    let instants_before = start_instants(&store);
    store
        .write("Remove a site", |w| {
            store::sites::delete_site(w, &used, Some(&other))
        })
        .unwrap();
    assert_eq!(count(&store, "sites"), before - 1);
    let moved = store.read(|c| store::sites::items_at(c, &other)).unwrap();
    for item in &at_used {
        assert!(
            moved.iter().any(|m| m.id == item.id),
            "{} moved",
            item.title
        );
    }
    assert_eq!(instants_before, start_instants(&store), "instants kept");
}

#[test]
fn a_site_whose_zone_is_not_its_countrys_is_saved_with_a_warning() {
    let (_db, store) = demo();
    let input = SiteInput {
        mission_id: DEMO.to_owned(),
        name: "Hôtel à Liège".to_owned(),
        country: Some("BE".to_owned()),
        tz: "Asia/Taipei".to_owned(),
        ..SiteInput::default()
    };
    let saved = store
        .write("Add a site", |w| store::sites::put_site(w, &input))
        .unwrap();
    assert_eq!(saved.warnings, ["zoneNotCountry"]);
    let unknown = SiteInput {
        tz: "Europe/Bruxelles".to_owned(),
        ..input
    };
    let before = count(&store, "sites");
    let err = store
        .write("Add a site", |w| store::sites::put_site(w, &unknown))
        .unwrap_err();
    assert!(matches!(&err, passerelle_core::Error::Validation { field, .. } if field == "tz"));
    assert_eq!(count(&store, "sites"), before);
}

#[test]
fn a_mission_is_edited_archived_and_deleted_only_without_outcomes() {
    let (_db, store) = demo();
    let mission = store.read(|c| store::missions::get(c, DEMO)).unwrap();
    let edit = MissionInput {
        id: Some(DEMO.to_owned()),
        title: "TSHA en Wallonie".to_owned(),
        titles: None,
        origin_country: mission.origin_country.clone(),
        host_country: mission.host_country.clone(),
        start_date: mission.start_date.clone(),
        end_date: mission.end_date.clone(),
        home_tz: mission.home_tz.clone(),
        host_tz: mission.host_tz.clone(),
        objectives: None,
        objectives_in: None,
        notes: None,
        organisers: Vec::new(),
        from_mission_id: None,
        staff_days: None,
    };
    store
        .write("Edit the mission", |w| store::missions::put(w, &edit))
        .unwrap();
    assert_eq!(
        store.read(|c| store::missions::get(c, DEMO)).unwrap().title,
        "TSHA en Wallonie"
    );
    let backwards = MissionInput {
        end_date: "2025-06-01".to_owned(),
        ..edit.clone()
    };
    let err = store
        .write("Edit the mission", |w| store::missions::put(w, &backwards))
        .unwrap_err();
    assert!(matches!(&err, passerelle_core::Error::Validation { field, .. } if field == "endDate"));

    let now = store.now();
    store
        .write("Archive", |w| {
            store::missions::set_archived(w, DEMO, true, now)
        })
        .unwrap();
    let listed = store.read(store::missions::list).unwrap();
    assert!(listed.iter().any(|m| m.id == DEMO && m.archived));

    // The demo mission has logged outcomes: it is the agency's record, never deleted.
    if count(&store, "outcomes") > 0 {
        let err = store
            .write("Delete", |w| store::missions::delete(w, DEMO))
            .unwrap_err();
        assert!(err.to_string().contains("archive"), "{err}");
        assert_eq!(count(&store, "missions"), 1);
    }
    let blank = MissionInput {
        id: None,
        title: "Brouillon".to_owned(),
        from_mission_id: None,
        ..edit
    };
    let id = store
        .write("Create", |w| store::missions::put(w, &blank))
        .unwrap();
    store
        .write("Delete", |w| store::missions::delete(w, &id))
        .unwrap();
    assert!(store.read(|c| store::missions::get(c, &id)).is_err());
}
