//! The mission programme on real database files: the live check on the seeded Taiwan–Wallonia
//! mission, editing through the CLI contracts, undo/redo that survives a restart, published
//! versions and change sheets, and days cut in the host zone across the October DST change.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{cli, json, TempDb};
use passerelle_core::documents::locale::Lang;
use passerelle_core::domain::{AgendaItemInput, AgendaKind, ChangeKind};
use passerelle_core::store::agenda::Reschedule;
use passerelle_core::{seed, store, Error, Store};
use serde_json::Value;

const MISSION: &str = "mis_tsha_wallonia_2025";
const LIEGE_CARDIOLOGY: &str = "itm_d2_one_to_one_cardiology";

fn seeded() -> TempDb {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    db
}

fn conflicts(db: &TempDb) -> Vec<Value> {
    let out = json(&cli(db, &["check", "--mission", MISSION, "--json"]));
    out["conflicts"]
        .as_array()
        .expect("conflicts array")
        .clone()
}

/// Adds, through the CLI contract, a Charleroi item for Délégué 3 that ends at 13:30 on the
/// Liège day, 30 minutes before the cardiology one-to-one at CHC Mont Légia.
fn add_charleroi_item(db: &TempDb) -> String {
    let out = json(&cli(
        db,
        &[
            "agenda",
            "add",
            "--mission",
            MISSION,
            "--title",
            "Cardiology demo",
            "--kind",
            "visit",
            "--start",
            "2025-06-27T12:45",
            "--end",
            "2025-06-27T13:30",
            "--site",
            "sit_marie_curie",
            "--room",
            "roo_marie_curie_meeting_room",
            "--participant",
            "con_delegate_03",
            "--json",
        ],
    ));
    let id = out["id"].as_str().expect("id").to_owned();
    assert!(id.starts_with("itm_"), "{id}");
    id
}

#[test]
fn the_seeded_mission_reports_only_real_problems() {
    let db = seeded();
    let found = conflicts(&db);
    // The seed's group photo (15:00–15:15) keeps the Liège doctors past their one hour.
    for c in &found {
        let kind = c["kind"].as_str().unwrap();
        assert!(
            [
                "double_booking",
                "availability",
                "travel",
                "capacity",
                "opening_hours",
                "day_length"
            ]
            .contains(&kind),
            "{c}"
        );
        assert!(!c["message"].as_str().unwrap().is_empty());
    }
    let availability: Vec<&Value> = found
        .iter()
        .filter(|c| c["kind"] == "availability")
        .collect();
    assert_eq!(availability.len(), 1, "{found:#?}");
    assert_eq!(availability[0]["items"][0], "itm_d2_group_photo");
    assert_eq!(availability[0]["people"].as_array().unwrap().len(), 4);
    assert!(
        availability[0]["message"]
            .as_str()
            .unwrap()
            .contains("available 14:00–15:00 only, but Photo de groupe runs 15:00–15:15"),
        "{}",
        availability[0]["message"]
    );
    assert!(found.iter().all(|c| c["kind"] != "travel"), "{found:#?}");
}

#[test]
fn check_speaks_the_language_asked_for_and_gives_codes_and_params() {
    let db = seeded();
    let out = json(&cli(
        &db,
        &["check", "--mission", MISSION, "--lang", "fr", "--json"],
    ));
    let found = out["conflicts"].as_array().expect("conflicts array");
    let photo = found
        .iter()
        .find(|c| c["kind"] == "availability")
        .expect("the group photo's availability conflict");
    assert_eq!(photo["code"], "conflict.availableOnly", "{photo:#}");
    assert_eq!(photo["params"]["count"], "4", "{photo:#}");
    assert_eq!(photo["params"]["title"], "Photo de groupe", "{photo:#}");
    assert_eq!(photo["params"]["zone"], "Europe/Brussels", "{photo:#}");
    assert_eq!(
        photo["params"]["start"], "2025-06-27T13:00:00Z",
        "{photo:#}"
    );
    let message = photo["message"].as_str().unwrap();
    assert!(
        message.ends_with(
            "ne sont disponibles que de 14:00 à 15:00, mais «\u{a0}Photo de groupe\u{a0}» a lieu de 15:00 à \
             15:15"
        ),
        "{message}"
    );
    // English by default, the same code and parameters; a language that is not one is refused.
    let english = conflicts(&db);
    let same = english
        .iter()
        .find(|c| c["kind"] == "availability")
        .unwrap();
    assert_eq!(same["params"], photo["params"]);
    assert!(same["message"]
        .as_str()
        .unwrap()
        .contains("are available 14:00–15:00 only"));
    let refused = cli(
        &db,
        &["check", "--mission", MISSION, "--lang", "de", "--json"],
    );
    assert!(!refused.status.success());
}

#[test]
fn a_charleroi_item_30_minutes_before_liege_is_a_travel_conflict_until_moved() {
    let db = seeded();
    let id = add_charleroi_item(&db);
    let found = conflicts(&db);
    let travel: Vec<&Value> = found
        .iter()
        .filter(|c| c["kind"] == "travel" && c["items"][1] == LIEGE_CARDIOLOGY)
        .collect();
    assert_eq!(travel.len(), 1, "{found:#?}");
    assert_eq!(travel[0]["items"][0], id.as_str());
    assert_eq!(travel[0]["people"], serde_json::json!(["con_delegate_03"]));
    let message = travel[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "Délégué 3 — cardiologie leaves Hôpital civil Marie Curie at 13:30 (end of Cardiology \
             demo) and must be at CHC Mont Légia at 14:00"
        ),
        "{message}"
    );
    assert!(
        message.ends_with(": 30 min, travel takes 1 h 15"),
        "{message}"
    );

    // Moving it an hour earlier leaves 1 h 30: the travel conflict into Liège is gone.
    json(&cli(
        &db,
        &[
            "agenda",
            "move",
            "--id",
            &id,
            "--start",
            "2025-06-27T11:00",
            "--end",
            "2025-06-27T12:00",
            "--json",
        ],
    ));
    let found = conflicts(&db);
    assert!(
        !found
            .iter()
            .any(|c| c["kind"] == "travel" && c["items"][1] == LIEGE_CARDIOLOGY),
        "{found:#?}"
    );
}

#[test]
fn bad_input_changes_nothing_and_says_why_on_one_line() {
    let db = seeded();
    let before = common::count(&db.open(), "agenda_items");
    for (args, needle) in [
        (vec!["--kind", "party"], "kind"),
        (vec!["--site", "sit_nowhere"], "site"),
        (vec!["--start", "2025-06-27T15:00"], "end"),
    ] {
        let mut full = vec![
            "agenda",
            "add",
            "--mission",
            MISSION,
            "--title",
            "X",
            "--kind",
            "visit",
            "--start",
            "2025-06-27T12:00",
            "--end",
            "2025-06-27T13:00",
            "--site",
            "sit_marie_curie",
            "--json",
        ];
        for pair in args.chunks(2) {
            let at = full.iter().position(|a| *a == pair[0]).unwrap();
            full[at + 1] = pair[1];
        }
        let out = cli(&db, &full);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(needle), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    assert_eq!(common::count(&db.open(), "agenda_items"), before);
    let out = cli(&db, &["check", "--mission", "mis_nope", "--json"]);
    assert!(!out.status.success());
}

#[test]
fn times_without_offset_are_read_in_the_site_zone_and_days_follow_the_host_zone() {
    let db = seeded();
    let id = add_charleroi_item(&db);
    let store = db.open();
    let r = store
        .read(|c| store::agenda::record(c, &id))
        .expect("record");
    // 12:45 in Brussels in June is 10:45 UTC.
    assert_eq!(r.starts_at.to_rfc3339(), "2025-06-27T10:45:00+00:00");

    // Across the October change: an item at 23:30 on 25 October (UTC+2) and one at 23:30 on
    // 26 October (UTC+1) fall on the two host days they say, and a 02:30 that happens twice
    // is read as the first one.
    let detail = store
        .write("Mission in October", |w| {
            let mut m = store::missions::get(w, MISSION)?;
            m.start_date = "2025-10-25".into();
            m.end_date = "2025-10-27".into();
            store::missions::save(w, &m)
        })
        .and_then(|_| {
            for (title, start, end) in [
                ("Late dinner", "2025-10-25T23:30", "2025-10-26T00:15"),
                ("Night bus", "2025-10-26T02:30", "2025-10-26T03:30"),
                ("Late talk", "2025-10-26T23:30", "2025-10-27T00:15"),
            ] {
                store.write("Add", |w| {
                    store::agenda::put(
                        w,
                        &input(
                            title,
                            start,
                            end,
                            Some("sit_marie_curie"),
                            &["con_delegate_01"],
                        ),
                    )
                })?;
            }
            store.read(|c| store::missions::detail(c, MISSION))
        })
        .expect("october");
    let day_of = |title: &str| {
        detail
            .days
            .iter()
            .find(|d| d.items.iter().any(|i| i.title == title))
            .map(|d| d.date.clone())
            .unwrap()
    };
    assert_eq!(day_of("Late dinner"), "2025-10-25");
    assert_eq!(day_of("Night bus"), "2025-10-26");
    assert_eq!(day_of("Late talk"), "2025-10-26");
    let bus = detail
        .days
        .iter()
        .flat_map(|d| &d.items)
        .find(|i| i.title == "Night bus")
        .unwrap();
    // First 02:30 (summer time), ending at 03:30 winter time: two hours.
    assert_eq!(bus.start, "2025-10-26T02:30:00+02:00");
    assert_eq!(bus.end, "2025-10-26T03:30:00+01:00");
    // 02:30 on 30 March does not exist in Brussels.
    let err = store
        .write("Add", |w| {
            store::agenda::put(
                w,
                &input("Gap", "2025-03-30T02:30", "2025-03-30T03:30", None, &[]),
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("skip"), "{err}");
}

fn input(
    title: &str,
    start: &str,
    end: &str,
    site: Option<&str>,
    people: &[&str],
) -> AgendaItemInput {
    AgendaItemInput {
        id: None,
        mission_id: MISSION.into(),
        kind: AgendaKind::Meeting,
        title: title.into(),
        description: None,
        titles: None,
        descriptions: None,
        start: start.into(),
        end: end.into(),
        site_id: site.map(Into::into),
        room_id: None,
        subgroup_id: None,
        status: None,
        locked: None,
        participants: Some(people.iter().map(|p| (*p).to_owned()).collect()),
        technologies: None,
        departments: None,
        vehicle_id: None,
        from_site_id: None,
    }
}

fn start_of(store: &Store, id: &str) -> Option<String> {
    store
        .read(|c| store::agenda::record(c, id))
        .ok()
        .map(|r| r.starts_at.to_rfc3339())
}

#[test]
fn undo_and_redo_every_edit_even_after_a_restart() {
    let db = seeded();
    let id;
    {
        let store = db.open();
        id = store
            .write("Add an item", |w| {
                store::agenda::put(
                    w,
                    &input(
                        "Cardiology demo",
                        "2025-06-27T09:00",
                        "2025-06-27T10:00",
                        Some("sit_marie_curie"),
                        &["con_delegate_01", "con_delegate_02"],
                    ),
                )
            })
            .unwrap();
        store
            .write("Move an item", |w| {
                store::agenda::reschedule(
                    w,
                    &Reschedule {
                        id: id.clone(),
                        start: Some("2025-06-27T09:30".into()),
                        end: Some("2025-06-27T10:30".into()),
                        site_id: None,
                        room_id: Some("roo_marie_curie_auditorium".into()),
                        subgroup_id: None,
                    },
                )
            })
            .unwrap();
        store
            .write("Delete an item", |w| store::agenda::delete(w, &id))
            .unwrap();
        assert_eq!(start_of(&store, &id), None);
    }
    // A restart: the history is in the file.
    let store = db.open();
    let state = store.read(|c| store::undo::state(c, MISSION)).unwrap();
    assert_eq!(state.undo.as_deref(), Some("Delete an item"));
    assert_eq!(state.redo, None);

    let undo = |s: &Store| s.write("Undo", |w| store::undo::undo(w, MISSION)).unwrap();
    let redo = |s: &Store| s.write("Redo", |w| store::undo::redo(w, MISSION)).unwrap();

    assert_eq!(undo(&store).as_deref(), Some("Delete an item"));
    let back = store.read(|c| store::agenda::record(c, &id)).unwrap();
    assert_eq!(back.starts_at.to_rfc3339(), "2025-06-27T07:30:00+00:00");
    assert_eq!(back.participants.len(), 2, "links restored");
    assert_eq!(
        back.room_id.as_ref().map(|r| r.as_str()),
        Some("roo_marie_curie_auditorium")
    );

    assert_eq!(undo(&store).as_deref(), Some("Move an item"));
    assert_eq!(
        start_of(&store, &id).as_deref(),
        Some("2025-06-27T07:00:00+00:00")
    );
    let back = store.read(|c| store::agenda::record(c, &id)).unwrap();
    assert_eq!(back.room_id, None);

    assert_eq!(undo(&store).as_deref(), Some("Add an item"));
    assert_eq!(start_of(&store, &id), None);
    // The seed itself is not a mission edit: nothing more to undo.
    assert_eq!(undo(&store), None);

    drop(store);
    let store = db.open();
    assert_eq!(redo(&store).as_deref(), Some("Add an item"));
    assert_eq!(redo(&store).as_deref(), Some("Move an item"));
    assert_eq!(
        start_of(&store, &id).as_deref(),
        Some("2025-06-27T07:30:00+00:00")
    );
    // Undo the redo, then a new edit clears what is left to redo.
    assert_eq!(undo(&store).as_deref(), Some("Move an item"));
    assert_eq!(
        start_of(&store, &id).as_deref(),
        Some("2025-06-27T07:00:00+00:00")
    );
    store
        .write("Lock", |w| store::agenda::set_locked(w, &id, true))
        .unwrap();
    let state = store.read(|c| store::undo::state(c, MISSION)).unwrap();
    assert_eq!(state.redo, None);
    assert_eq!(state.undo.as_deref(), Some("Lock"));
    // Locked: it cannot be moved or deleted.
    let err = store
        .write("Delete", |w| store::agenda::delete(w, &id))
        .unwrap_err();
    assert!(err.to_string().contains("locked"), "{err}");
    // Said in the planner's language, from the window's message files.
    let api = err.to_api();
    assert_eq!(api.code.as_deref(), Some("lockedNoDelete"));
    let Error::Refused(message) = err else {
        panic!("a refusal")
    };
    assert!(
        message.render(Lang::Fr).contains("verrouillé"),
        "{}",
        message.render(Lang::Fr)
    );
    assert!(message.render(Lang::ZhTw).contains("已鎖定"));
}

#[test]
fn undo_through_the_cli_and_travel_matrix_edits() {
    let db = seeded();
    let id = add_charleroi_item(&db);
    let out = json(&cli(
        &db,
        &["programme", "undo", "--mission", MISSION, "--json"],
    ));
    assert_eq!(out["undone"], "Add an item");
    assert!(db.open().read(|c| store::agenda::record(c, &id)).is_err());
    let out = json(&cli(
        &db,
        &["programme", "redo", "--mission", MISSION, "--json"],
    ));
    assert_eq!(out["redone"], "Add an item");

    // An entered travel time replaces the estimate, and undo brings the estimate back.
    let store = db.open();
    store
        .write("Travel time", |w| {
            store::programme::set_travel(w, MISSION, "sit_marie_curie", "sit_mont_legia", Some(25))
        })
        .unwrap();
    assert!(store
        .read(|c| store::programme::check(c, MISSION))
        .unwrap()
        .iter()
        .all(|c| !(c.kind.as_str() == "travel" && c.items[1] == LIEGE_CARDIOLOGY)));
    store
        .write("Undo", |w| store::undo::undo(w, MISSION))
        .unwrap();
    assert!(store
        .read(|c| store::programme::check(c, MISSION))
        .unwrap()
        .iter()
        .any(|c| c.kind.as_str() == "travel" && c.items[1] == LIEGE_CARDIOLOGY));
}

#[test]
fn publish_then_change_then_read_the_change_sheet() {
    let db = seeded();
    let out = json(&cli(
        &db,
        &["programme", "publish", "--mission", MISSION, "--json"],
    ));
    assert_eq!(out["version"], 1);
    let store = db.open();
    store
        .write("Move", |w| {
            store::agenda::reschedule(
                w,
                &Reschedule {
                    id: LIEGE_CARDIOLOGY.into(),
                    start: Some("2025-06-27T14:30".into()),
                    end: Some("2025-06-27T15:30".into()),
                    site_id: None,
                    room_id: Some("roo_mont_legia_room_b".into()),
                    subgroup_id: None,
                },
            )
        })
        .unwrap();
    let sheet = store
        .read(|c| store::versions::changes(c, MISSION, None, None))
        .unwrap();
    assert_eq!(sheet.from, 1);
    assert_eq!(sheet.entries.len(), 1, "{sheet:#?}");
    let e = &sheet.entries[0];
    assert_eq!(e.change, ChangeKind::Moved);
    assert_eq!(
        e.message,
        "Entretiens individuels avec les médecins liégeois — parcours cardiologie: Fri 27 Jun \
         14:00–15:00 → 14:30–15:30, Salle de réunion A, CHC Mont Légia → Salle de réunion B, CHC Mont Légia"
    );
    // Publishing is not undone by Ctrl+Z, and v2 vs v1 shows the same change.
    json(&cli(
        &db,
        &["programme", "publish", "--mission", MISSION, "--json"],
    ));
    let out = json(&cli(
        &db,
        &[
            "programme",
            "changes",
            "--mission",
            MISSION,
            "--from",
            "1",
            "--to",
            "2",
            "--json",
        ],
    ));
    assert_eq!(out["entries"].as_array().unwrap().len(), 1);
    let out = json(&cli(
        &db,
        &["programme", "versions", "--mission", MISSION, "--json"],
    ));
    assert_eq!(out.as_array().unwrap().len(), 2);
    store
        .write("Undo", |w| store::undo::undo(w, MISSION))
        .unwrap();
    let out = json(&cli(
        &db,
        &["programme", "versions", "--mission", MISSION, "--json"],
    ));
    assert_eq!(out.as_array().unwrap().len(), 2);
    let sheet = store
        .read(|c| store::versions::changes(c, MISSION, Some(2), None))
        .unwrap();
    assert_eq!(sheet.entries.len(), 1, "the undone move shows against v2");
}

#[test]
fn split_an_item_per_sub_group() {
    let db = seeded();
    let store = db.open();
    let ids = store
        .write("Split", |w| {
            store::agenda::split_by_subgroup(w, "itm_d2_obelis_regulatory")
        })
        .unwrap();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[0], "itm_d2_obelis_regulatory");
    let items = store
        .read(|c| store::agenda::of_mission(c, MISSION))
        .unwrap();
    let copies: Vec<_> = items.iter().filter(|i| ids.contains(&i.id)).collect();
    let total: usize = copies.iter().map(|i| i.participants.len()).sum();
    assert_eq!(total, 13, "12 delegates and the organiser, each once");
    assert!(copies.iter().all(|i| i.subgroup.is_some()));
    // Each copy went to its own room of CHC Mont Légia.
    let mut rooms: Vec<_> = copies.iter().map(|i| i.room.clone().unwrap().id).collect();
    rooms.sort();
    rooms.dedup();
    assert_eq!(rooms.len(), 3);
    // Undo re-joins them.
    store
        .write("Undo", |w| store::undo::undo(w, MISSION))
        .unwrap();
    let items = store
        .read(|c| store::agenda::of_mission(c, MISSION))
        .unwrap();
    let back: Vec<_> = items
        .iter()
        .filter(|i| i.title.starts_with("Obélis"))
        .collect();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].participants.len(), 13);
    assert!(back[0].subgroup.is_none());
}

#[test]
fn seeding_is_not_in_the_undo_history() {
    let db = TempDb::new();
    let store = db.open();
    seed::load(&store, "taiwan-wallonia-2025").expect("seed");
    let state = store.read(|c| store::undo::state(c, MISSION)).unwrap();
    assert_eq!(state.undo, None);
}

#[test]
fn workspace_edits_feed_the_check_and_undo_restores_them() {
    let db = seeded();
    let store = db.open();
    // A room that is too small for the cardiology track is reported...
    store
        .write("Room", |w| {
            store::sites::put_room(
                w,
                "sit_mont_legia",
                Some("roo_mont_legia_room_a"),
                "Salle de réunion A",
                Some(3),
            )
        })
        .unwrap();
    let found = store.read(|c| store::programme::check(c, MISSION)).unwrap();
    let capacity: Vec<_> = found
        .iter()
        .filter(|c| c.kind.as_str() == "capacity")
        .collect();
    assert_eq!(capacity.len(), 1, "{found:#?}");
    assert!(capacity[0]
        .message
        .english()
        .ends_with("has 4 participants but room Salle de réunion A holds 3"));
    // ...and opening hours that close at 15:00 catch the group photo.
    store
        .write("Hours", |w| {
            store::sites::set_hours(w, "sit_mont_legia", Some("08:00"), Some("15:00"))
        })
        .unwrap();
    let found = store.read(|c| store::programme::check(c, MISSION)).unwrap();
    assert!(found.iter().any(|c| c.kind.as_str() == "opening_hours"
        && c.message.english()
            == "Photo de groupe runs 15:00–15:15 at CHC Mont Légia, which is open 08:00–15:00"));

    // Deleting a track sends its members and items back to the whole delegation; undo re-splits.
    store
        .write("Delete track", |w| {
            store::missions::delete_subgroup(w, "grp_cardiology")
        })
        .unwrap();
    let d = store.read(|c| store::missions::detail(c, MISSION)).unwrap();
    assert!(d.subgroups.iter().all(|g| g.id != "grp_cardiology"));
    assert!(d
        .delegation
        .iter()
        .all(|m| m.subgroup_id.as_deref() != Some("grp_cardiology")));
    store
        .write("Undo", |w| store::undo::undo(w, MISSION))
        .unwrap();
    let d = store.read(|c| store::missions::detail(c, MISSION)).unwrap();
    assert!(d.subgroups.iter().any(|g| g.id == "grp_cardiology"));
    assert_eq!(
        d.delegation
            .iter()
            .filter(|m| m.subgroup_id.as_deref() == Some("grp_cardiology"))
            .count(),
        3
    );
    let item = store
        .read(|c| store::agenda::record(c, LIEGE_CARDIOLOGY))
        .unwrap();
    assert_eq!(
        item.subgroup_id.as_ref().map(|g| g.as_str()),
        Some("grp_cardiology")
    );

    // An availability window in the host zone, then a member moved to another track.
    store
        .write("Window", |w| {
            store::missions::put_availability(
                w,
                &store::missions::AvailabilityInput {
                    id: None,
                    mission_id: MISSION.into(),
                    contact_id: "con_delegate_03".into(),
                    start: "2025-06-27T10:00".into(),
                    end: "2025-06-27T16:00".into(),
                    note: None,
                },
            )
        })
        .unwrap();
    let found = store.read(|c| store::programme::check(c, MISSION)).unwrap();
    assert!(found.iter().any(|c| c.kind.as_str() == "availability"
        && c.people.contains(&"con_delegate_03".to_owned())
        && c.message.english().contains("available 10:00–16:00 only")));
}

#[test]
fn a_presentation_invites_departments_of_the_mission_s_organisations() {
    let db = seeded();
    let store = db.open();
    let deps = store
        .read(|c| store::programme::departments(c, MISSION))
        .unwrap();
    // The two host hospitals' departments (the organisers have none), with organisation names.
    assert_eq!(deps.len(), 10, "{deps:#?}");
    assert!(deps
        .iter()
        .all(|d| d.organisation_id == "org_chu_charleroi_chimay"
            || d.organisation_id == "org_chc_mont_legia"));
    let legia = deps
        .iter()
        .find(|d| d.id == "dep_chc_mont_legia_digital_transformation")
        .expect("Mont Légia's department");
    assert_eq!(legia.name, "Transformation numérique");
    assert_eq!(legia.organisation_name, "CHC Mont Légia");
    // Sorted by organisation: CHC Mont Légia before CHU de Charleroi-Chimay.
    assert_eq!(deps[0].organisation_name, "CHC Mont Légia");
    // An unknown mission is an error, not an empty list.
    assert!(store
        .read(|c| store::programme::departments(c, "mis_nope"))
        .is_err());

    // Saving an item with two departments, then one: the item shows exactly those.
    let mut item = input(
        "Imaging presentation",
        "2025-06-26T16:00",
        "2025-06-26T16:30",
        Some("sit_marie_curie"),
        &[],
    );
    item.kind = AgendaKind::Presentation;
    item.departments = Some(vec![
        "dep_chu_charleroi_medical_imaging".into(),
        "dep_chu_charleroi_cardiology".into(),
    ]);
    let id = store
        .write("Add", |w| store::agenda::put(w, &item))
        .unwrap();
    let shown = |store: &Store| {
        let mut v: Vec<String> = store
            .read(|c| store::agenda::of_mission(c, MISSION))
            .unwrap()
            .into_iter()
            .find(|i| i.id == id)
            .expect("the item")
            .departments
            .into_iter()
            .map(|r| r.name)
            .collect();
        v.sort();
        v
    };
    assert_eq!(shown(&store), ["Cardiologie", "Imagerie médicale"]);
    item.id = Some(id.clone());
    item.departments = Some(vec!["dep_chu_charleroi_cardiology".into()]);
    store
        .write("Edit", |w| store::agenda::put(w, &item))
        .unwrap();
    assert_eq!(shown(&store), ["Cardiologie"]);
    // Undo brings the second department back.
    store
        .write("Undo", |w| store::undo::undo(w, MISSION))
        .unwrap();
    assert_eq!(shown(&store), ["Cardiologie", "Imagerie médicale"]);
}

#[test]
fn a_scheduler_run_and_accepting_a_proposal_are_undone_like_any_edit() {
    use passerelle_core::domain::ItemStatus;
    use passerelle_core::planning::matchmaking::{self, Priority, RequestInput, ScheduleSettings};
    use std::sync::atomic::AtomicBool;

    let db = seeded();
    let store = db.open();
    let suggestions = store
        .read(|c| matchmaking::suggestions(c, MISSION, 4))
        .unwrap();
    assert!(suggestions.len() >= 2);
    // Why a meeting is suggested reads in the planner's language, specialties included.
    let why = &suggestions[0].why;
    assert_eq!(why[0].code, "why.sharedSpecialties");
    assert!(suggestions[0].explanation.starts_with("both work on "));
    let fr = why[0].render(passerelle_core::documents::locale::Lang::Fr);
    assert!(fr.starts_with("tous deux travaillent en "), "{fr}");
    assert!(!fr.contains("cardiology"), "{fr}");
    for s in &suggestions {
        matchmaking::save(
            &store,
            &RequestInput {
                id: None,
                mission_id: MISSION.into(),
                title: None,
                priority: Priority::Must,
                participants: s.participants.iter().map(|p| p.id.clone()).collect(),
                sites: None,
                technologies: None,
                notes: None,
            },
        )
        .unwrap();
    }
    let proposed = |store: &Store| -> Vec<String> {
        store
            .read(|c| store::agenda::of_mission(c, MISSION))
            .unwrap()
            .into_iter()
            .filter(|i| i.status == ItemStatus::Proposed)
            .map(|i| i.id)
            .collect()
    };
    let before = store
        .read(|c| store::agenda::of_mission(c, MISSION))
        .unwrap()
        .len();
    assert!(proposed(&store).is_empty());

    let settings = ScheduleSettings {
        time_limit: std::time::Duration::from_millis(300),
        ..ScheduleSettings::default()
    };
    let report = matchmaking::schedule(
        &store,
        MISSION,
        &settings,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    assert!(report.meetings > 0);
    let first = proposed(&store);
    assert_eq!(first.len() as u32, report.meetings);
    let undo = store.read(|c| store::undo::state(c, MISSION)).unwrap();
    assert_eq!(undo.undo.as_deref(), Some("action.schedule"));

    // Accepting a proposal is one step; Ctrl+Z makes it a proposal again.
    store
        .write("Accept", |w| {
            store::agenda::set_status(w, &first[0], ItemStatus::Tentative)
        })
        .unwrap();
    assert_eq!(proposed(&store).len(), first.len() - 1);
    store
        .write("Undo", |w| store::undo::undo(w, MISSION))
        .unwrap();
    assert_eq!(proposed(&store), first);

    // Ctrl+Z after the run takes every proposal away, and the requests are unplaced again.
    let label = store
        .write("Undo", |w| store::undo::undo(w, MISSION))
        .unwrap();
    assert_eq!(label.as_deref(), Some("action.schedule"));
    assert!(proposed(&store).is_empty());
    assert_eq!(
        store
            .read(|c| store::agenda::of_mission(c, MISSION))
            .unwrap()
            .len(),
        before
    );
    assert!(store
        .read(|c| matchmaking::list(c, MISSION))
        .unwrap()
        .iter()
        .all(|r| r.item_id.is_none()));
    // Ctrl+Shift+Z puts them back with their participants.
    store
        .write("Redo", |w| store::undo::redo(w, MISSION))
        .unwrap();
    assert_eq!(proposed(&store), first);
    assert!(store
        .read(|c| store::agenda::of_mission(c, MISSION))
        .unwrap()
        .iter()
        .filter(|i| i.status == ItemStatus::Proposed)
        .all(|i| i.participants.len() >= 2));

    // ...each linked to its request again.
    let placed: Vec<String> = store
        .read(|c| matchmaking::list(c, MISSION))
        .unwrap()
        .into_iter()
        .filter_map(|r| r.item_id)
        .collect();
    assert_eq!(placed.len(), first.len());
    assert!(placed.iter().all(|id| first.contains(id)));
}

#[test]
fn a_move_by_the_item_s_own_length_or_more_is_undone_and_redone() {
    // The group photo, 15:00–15:15 in Liège: moved a quarter of an hour later (the day view's
    // Alt+↓), earlier, then an hour later; each is undone and redone. Put back field by field,
    // start first or end first, the item would pass through an end at or before its start.
    let db = seeded();
    let store = db.open();
    let id = "itm_d2_group_photo";
    let times = |s: &Store| {
        let r = s.read(|c| store::agenda::record(c, id)).unwrap();
        (r.starts_at.to_rfc3339(), r.ends_at.to_rfc3339())
    };
    let seeded = times(&store);
    assert_eq!(seeded.0, "2025-06-27T13:00:00+00:00");
    for (start, end) in [
        ("2025-06-27T15:15", "2025-06-27T15:30"),
        ("2025-06-27T14:45", "2025-06-27T15:00"),
        ("2025-06-27T16:00", "2025-06-27T16:15"),
    ] {
        store
            .write("Move an item", |w| {
                store::agenda::reschedule(
                    w,
                    &Reschedule {
                        id: id.into(),
                        start: Some(start.into()),
                        end: Some(end.into()),
                        site_id: None,
                        room_id: None,
                        subgroup_id: None,
                    },
                )
            })
            .unwrap();
        let moved = times(&store);
        let undone = store.write("Undo", |w| store::undo::undo(w, MISSION));
        assert_eq!(undone.unwrap().as_deref(), Some("Move an item"), "{start}");
        assert_eq!(times(&store), seeded, "undo of the move to {start}");
        let redone = store.write("Redo", |w| store::undo::redo(w, MISSION));
        assert_eq!(redone.unwrap().as_deref(), Some("Move an item"), "{start}");
        assert_eq!(times(&store), moved, "redo of the move to {start}");
        store
            .write("Undo", |w| store::undo::undo(w, MISSION))
            .unwrap();
    }
}

/// The planning settings' refusals are codes with their limits, rendered in the planner's
/// language (they were English sentences: "must be between 1 and 3"), and change nothing.
#[test]
fn planning_settings_out_of_range_are_refused_in_the_planners_language() {
    let db = seeded();
    let store = db.open();
    let before = store
        .read(|c| store::programme::settings(c, MISSION))
        .unwrap();
    let refused =
        |change: &dyn Fn(&mut passerelle_core::programme::conflicts::PlanningSettings)| {
            let mut settings = before.clone();
            change(&mut settings);
            match store.write("action.savePlanningSettings", |w| {
                store::programme::save_settings(w, MISSION, &settings)
            }) {
                Err(Error::Validation {
                    field,
                    code: Some(message),
                    ..
                }) => (field, message.render(Lang::Fr), message.render(Lang::ZhTw)),
                other => panic!("{other:?}"),
            }
        };
    assert_eq!(
        refused(&|s| s.detour_factor = 5.0),
        (
            "detourFactor".into(),
            "Entre 1 et 3.".into(),
            "須介於 1 至 3。".into()
        )
    );
    let (field, fr, _) = refused(&|s| s.road_speed_kmh = 500.0);
    assert_eq!(
        (field.as_str(), fr.as_str()),
        ("roadSpeedKmh", "Entre 5 et 200 km/h.")
    );
    let (field, fr, _) = refused(&|s| s.max_day_minutes = 10);
    assert_eq!(
        (field.as_str(), fr.as_str()),
        ("maxDayMinutes", "Entre 60 et 1440 minutes.")
    );
    let (field, fr, zh) = refused(&|s| s.lunch_minutes = 300);
    assert_eq!(
        (field.as_str(), fr.as_str(), zh.as_str()),
        ("lunchMinutes", "240 minutes au plus.", "最多 240 分鐘。")
    );
    let after = store
        .read(|c| store::programme::settings(c, MISSION))
        .unwrap();
    assert_eq!(after, before, "nothing written");
}
