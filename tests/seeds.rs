//! The seeds load through the domain API into a real file, completely, once, and bad seeds are
//! refused with the file and field named and nothing written.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{count, repo_root, TempDb};
use passerelle_core::seed;
use passerelle_core::store;
use passerelle_core::Error;
use serde_json::Value;

const MISSION: &str = "mis_tsha_wallonia_2025";

fn seed_file(seed: &str, file: &str) -> Value {
    let path = repo_root().join("seeds").join(seed).join(file);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn ids(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect()
}

const TABLES: &[&str] = &[
    "organisations",
    "departments",
    "contacts",
    "technologies",
    "missions",
    "subgroups",
    "delegation_members",
    "sites",
    "rooms",
    "availabilities",
    "agenda_items",
    "agenda_participants",
    "followups",
    "change_log",
];

#[test]
fn each_seed_loads_and_a_second_load_duplicates_nothing() {
    for name in seed::names() {
        let db = TempDb::new();
        let store = db.open();
        let first = seed::load(&store, name).unwrap();
        assert!(first.created > 10, "{name}: {first:?}");
        let counts: Vec<i64> = TABLES.iter().map(|t| count(&store, t)).collect();
        let second = seed::load(&store, name).unwrap();
        assert_eq!(
            (second.created, second.updated),
            (0, 0),
            "{name}: {second:?}"
        );
        let again: Vec<i64> = TABLES.iter().map(|t| count(&store, t)).collect();
        assert_eq!(counts, again, "{name}: a second load changed the database");
    }
}

#[test]
fn both_seeds_load_into_one_database() {
    let db = TempDb::new();
    let store = db.open();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    let report = seed::load(&store, "belgian-ehealth").unwrap();
    // Records present in both seeds (e.g. CHU de Charleroi-Chimay) are the same record.
    assert_eq!(report.updated, 0, "{report:?}");
    assert!(report.unchanged >= 2, "{report:?}");
}

#[test]
fn every_seeded_record_is_reachable_through_the_api() {
    let db = TempDb::new();
    let store = db.open();
    for name in seed::names() {
        seed::load(&store, name).unwrap();
    }
    store
        .read(|c| {
            for name in seed::names() {
                for id in ids(&seed_file(name, "organisations.json")) {
                    store::organisations::detail(c, &id)?;
                }
                for org in seed_file(name, "organisations.json").as_array().unwrap() {
                    let departments =
                        store::organisations::departments(c, org["id"].as_str().unwrap())?;
                    let expected = org
                        .get("departments")
                        .and_then(Value::as_array)
                        .map_or(0, Vec::len);
                    assert_eq!(departments.len(), expected, "departments of {}", org["id"]);
                }
                for id in ids(&seed_file(name, "contacts.json")) {
                    store::contacts::detail(c, &id)?;
                }
                for id in ids(&seed_file(name, "technologies.json")) {
                    store::technologies::detail(c, &id)?;
                }
            }
            let mission = seed_file("taiwan-wallonia-2025", "mission.json");
            let detail = store::missions::detail(c, MISSION)?;
            let item_ids: Vec<&str> = detail
                .days
                .iter()
                .flat_map(|d| d.items.iter().map(|i| i.id.as_str()))
                .collect();
            let mut expected = ids(&mission["agenda"]);
            expected.sort();
            let mut got: Vec<String> = item_ids.iter().map(|s| s.to_string()).collect();
            got.sort();
            assert_eq!(got, expected);
            assert_eq!(
                detail.sites.len(),
                mission["sites"].as_array().unwrap().len()
            );
            assert_eq!(
                detail.subgroups.len(),
                mission["subgroups"].as_array().unwrap().len()
            );
            assert_eq!(
                detail.delegation.len(),
                mission["delegation"].as_array().unwrap().len()
            );
            assert_eq!(
                detail.followups.len(),
                mission["followups"].as_array().unwrap().len()
            );
            assert_eq!(
                detail.availability.len(),
                mission["availability"].as_array().unwrap().len()
            );
            assert_eq!(detail.organisers.len(), 2);
            Ok(())
        })
        .unwrap();
}

#[test]
fn the_taiwan_mission_has_its_two_days_in_brussels_time() {
    let db = TempDb::new();
    let store = db.open();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    let detail = store.read(|c| store::missions::detail(c, MISSION)).unwrap();
    let dates: Vec<&str> = detail.days.iter().map(|d| d.date.as_str()).collect();
    assert_eq!(dates, ["2025-06-26", "2025-06-27"]);
    assert_eq!(detail.mission.home_tz, "Asia/Taipei");
    assert_eq!(detail.mission.host_tz, "Europe/Brussels");
    // Day 1 in Charleroi (Lodelinsart), day 2 in Liège.
    let cities = |day: usize| -> Vec<String> {
        detail.days[day]
            .items
            .iter()
            .filter_map(|i| i.site.as_ref())
            .map(|s| {
                detail
                    .sites
                    .iter()
                    .find(|x| x.id == s.id)
                    .unwrap()
                    .city
                    .clone()
                    .unwrap_or_default()
            })
            .collect()
    };
    assert!(
        cities(0).iter().all(|c| c == "Lodelinsart"),
        "{:?}",
        cities(0)
    );
    assert!(cities(1).iter().any(|c| c == "Liège"), "{:?}", cities(1));
    // The Liège doctors' one hour: 14:00–15:00 in Brussels, summer time.
    let liege_hour: Vec<_> = detail.days[1]
        .items
        .iter()
        .filter(|i| i.kind == passerelle_core::domain::AgendaKind::Meeting)
        .collect();
    assert!(!liege_hour.is_empty());
    for item in liege_hour {
        assert!(item.start.ends_with("+02:00"), "{}", item.start);
    }
    // Times the article does not give are visibly tentative.
    assert!(detail.days.iter().flat_map(|d| &d.items).all(|i| i.status
        != passerelle_core::domain::ItemStatus::Confirmed
        || i.description.is_some()));
}

#[test]
fn placeholders_are_marked_and_real_people_have_no_invented_details() {
    let contacts = seed_file("taiwan-wallonia-2025", "contacts.json");
    let contacts = contacts.as_array().unwrap();
    let delegates: Vec<_> = contacts
        .iter()
        .filter(|c| {
            c["tags"]
                .as_array()
                .is_some_and(|t| t.iter().any(|x| x == "délégué"))
        })
        .collect();
    assert_eq!(delegates.len(), 12, "twelve delegates");
    assert!(delegates.iter().all(|d| d["placeholder"] == true));
    for c in contacts {
        assert!(
            c.get("email").is_none_or(Value::is_null),
            "{}: e-mail invented",
            c["id"]
        );
        assert!(
            c.get("phone").is_none_or(Value::is_null),
            "{}: phone invented",
            c["id"]
        );
        assert!(c["privacy"]["lawfulBasis"].is_string());
    }
    let technologies = seed_file("taiwan-wallonia-2025", "technologies.json");
    let taiwanese = technologies
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["owner"] == "org_tsha")
        .count();
    assert_eq!(taiwanese, 8, "the eight technologies of the Taiwanese side");
}

fn write_seed(dir: &std::path::Path, file: &str, text: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(file), text).unwrap();
}

#[test]
fn a_malformed_seed_names_file_and_field_and_writes_nothing() {
    let db = TempDb::new();
    let store = db.open();
    let dir = db.dir.path().join("bad-seed");
    write_seed(
        &dir,
        "organisations.json",
        r#"[{"id":"org_ok","name":"Fine","kind":"hospital","country":"BE"},
            {"id":"org_bad","name":"Bad","kind":"hospital","country":"Belgium"}]"#,
    );
    let err = seed::load_dir(&store, &dir).unwrap_err();
    match &err {
        Error::Seed { file, path, .. } => {
            assert!(file.ends_with("organisations.json"), "{file}");
            assert_eq!(path, "[1].country");
        }
        other => panic!("expected a seed error, got {other}"),
    }
    assert_eq!(count(&store, "organisations"), 0, "nothing half-written");

    write_seed(
        &dir,
        "organisations.json",
        r#"[{"id":"org_ok","name":"Fine","kind":"castle","country":"BE"}]"#,
    );
    let err = seed::load_dir(&store, &dir).unwrap_err();
    assert!(err.to_string().contains("[0].kind"), "{err}");

    write_seed(
        &dir,
        "organisations.json",
        r#"[{"id":"org_ok","name":"Fine","kind":"hospital","country":"BE","colour":"red"}]"#,
    );
    let err = seed::load_dir(&store, &dir).unwrap_err();
    assert!(
        err.to_string().contains("colour"),
        "unknown fields are refused: {err}"
    );

    write_seed(
        &dir,
        "organisations.json",
        r#"[{"id":"org_ok","name":"Fine","kind":"hospital","country":"BE"}]"#,
    );
    write_seed(
        &dir,
        "contacts.json",
        r#"[{"id":"con_a","givenName":"A","familyName":"B","organisation":"org_nowhere",
             "privacy":{"lawfulBasis":"consent"}}]"#,
    );
    let err = seed::load_dir(&store, &dir).unwrap_err();
    assert!(
        err.to_string().contains("contacts.json") && err.to_string().contains("organisationId"),
        "{err}"
    );
    assert_eq!(
        count(&store, "organisations"),
        0,
        "the valid organisation was rolled back too"
    );
    assert_eq!(count(&store, "contacts"), 0);
}

#[test]
fn a_seed_file_is_checked_from_its_bytes_without_a_store() {
    // The seed files' parser on its own (the fuzz target `seed_file`): every embedded file passes.
    for s in seed::EMBEDDED {
        for (file, text) in s.files {
            seed::check_file(file, text.as_bytes()).unwrap_or_else(|e| panic!("{file}: {e}"));
        }
    }
    let bad = br#"[{"id":"org_ok","name":"Fine","kind":"hospital","country":"BE"},
                   {"id":"org_bad","name":"Bad","kind":"hospital","country":"Belgium"}]"#;
    match seed::check_file("organisations.json", bad).unwrap_err() {
        Error::Seed { file, path, .. } => {
            assert_eq!(file, "organisations.json");
            assert_eq!(path, "[1].country");
        }
        other => panic!("expected a seed error, got {other}"),
    }
    let err = seed::check_file("contacts.json", b"[{\"id\":\"con_\xff\"}]").unwrap_err();
    assert!(err.to_string().contains("UTF-8"), "{err}");
    let err = seed::check_file("technologies.json", b"[] []").unwrap_err();
    assert!(err.to_string().contains("trailing characters"), "{err}");
    let err = seed::check_file("notes.txt", b"[]").unwrap_err();
    assert!(err.to_string().contains("organisations.json"), "{err}");
}

/// A person erased in this file is not brought back by loading the seed again: not in the
/// directory, the delegation, the availability or any meeting's participants; the file keeps
/// only the erasure's token (a hash of the seed's id), which is what the load compares.
#[test]
fn loading_a_seed_again_after_an_erasure_leaves_the_erased_person_out() {
    const ERASED: &str = "con_delegate_12";
    let db = TempDb::new();
    let store = db.open();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    let people = count(&store, "contacts");
    passerelle_core::directory::privacy::erase_contact(&store, ERASED, None).unwrap();
    let again = seed::load(&store, "taiwan-wallonia-2025").unwrap();
    assert_eq!(again.created, 0, "{again:?}");
    let (contacts, members, availability, participants): (i64, i64, i64, i64) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM contacts WHERE id = ?1),
                        (SELECT count(*) FROM delegation_members WHERE contact_id = ?1),
                        (SELECT count(*) FROM availabilities WHERE contact_id = ?1),
                        (SELECT count(*) FROM agenda_participants WHERE contact_id = ?1)",
                [ERASED],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        (contacts, members, availability, participants),
        (0, 0, 0, 0)
    );
    let logged: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM change_log WHERE entity_id = ?1
                   OR instr(coalesce(after, ''), ?1) > 0 OR instr(coalesce(data, ''), ?1) > 0",
                [ERASED],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(logged, 0, "the file names the erased person again");
    // The others are all there.
    assert_eq!(count(&store, "contacts"), people - 1);
}
