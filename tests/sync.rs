//! Two laptops, one mission (issue 15), at the model level: real database files, each a
//! replica made from one seeded copy, exchanging change sets through the store's API.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;
mod sync_support;

use common::count;
use passerelle_core::store;
use passerelle_core::sync::op::{Scope, Take, VersionVector};
use passerelle_core::Store;
use rusqlite::types::Value;
use sync_support::*;

#[test]
fn a_copied_data_folder_takes_a_new_replica_id() {
    let copies = seeded_copies(2, |_| {});
    let a = Store::open(&copies.paths[0]).unwrap();
    let b = Store::open(&copies.paths[1]).unwrap();
    let (ida, idb) = (a.replica_id().unwrap(), b.replica_id().unwrap());
    assert!(ida.starts_with("rep_") && idb.starts_with("rep_"));
    assert_ne!(ida, idb);
    drop(a);
    let again = Store::open(&copies.paths[0]).unwrap();
    assert_eq!(
        again.replica_id().unwrap(),
        ida,
        "the same file keeps its id"
    );
    // Both hold the seeded history under the base's replica; neither has anything to send.
    assert_eq!(again.held().unwrap(), b.held().unwrap());
    let sets = again
        .change_sets_for(&Scope::Directory, &b.held().unwrap())
        .unwrap();
    assert!(sets.is_empty());
}

#[test]
fn edits_made_on_two_copies_merge_both_ways_and_converge() {
    let copies = seeded_copies(2, |_| {});
    let a = Store::open(&copies.paths[0]).unwrap();
    let b = Store::open(&copies.paths[1]).unwrap();
    let mission = one(&a, "SELECT id FROM missions ORDER BY id LIMIT 1");
    let item = one(&a, "SELECT id FROM agenda_items ORDER BY starts_at LIMIT 1");
    let contact = one(&a, "SELECT id FROM contacts ORDER BY id LIMIT 1");
    a.write("action.editItem", |w| {
        w.scope_to_mission(&mission)?;
        w.save(
            "agenda_items",
            &item,
            &[("title", text("Cardiology track"))],
        )?;
        Ok(())
    })
    .unwrap();
    b.write("action.editItem", |w| {
        w.save(
            "agenda_items",
            &item,
            &[("description", text("Bring the prototypes"))],
        )?;
        w.set_links(&store::agenda::PARTICIPANTS, &item, &[vec![text(&contact)]])?;
        Ok(())
    })
    .unwrap();
    let scope = Scope::Mission(mission);
    let to_b = send(&a, &b, &scope);
    assert_eq!((to_b.applied, to_b.conflicts), (1, 0), "{to_b:?}");
    let to_a = send(&b, &a, &scope);
    assert_eq!(to_a.conflicts, 0, "{to_a:?}");
    assert_same(&a, &b);
    assert_eq!(op_ids(&a), op_ids(&b));
    // Received twice: nothing new.
    let sets = b
        .change_sets_for(&scope, &VersionVector::default())
        .unwrap();
    let again = a.apply_change_sets(&sets).unwrap();
    assert_eq!((again.applied, again.conflicts), (0, 0));
    assert!(again.already_known > 0);
    assert_same(&a, &b);
}

/// Two copies that each wrote to a mission exchange it both ways: no conflict, the same data.
fn merged_without_conflict(a: &Store, b: &Store, mission: &str) {
    let scope = Scope::Mission(mission.to_owned());
    let to_b = send(a, b, &scope);
    let to_a = send(b, a, &scope);
    assert_eq!(
        (to_b.conflicts, to_a.conflicts),
        (0, 0),
        "{to_b:?} {to_a:?}"
    );
    assert_same(a, b);
}

/// An item translated on two laptops at once, the Chinese title on one and the French on the
/// other: each is its own field, both kept, no conflict, through the window's own save.
#[test]
fn titles_written_for_two_languages_on_two_copies_are_both_kept() {
    let copies = seeded_copies(2, |_| {});
    let a = Store::open(&copies.paths[0]).unwrap();
    let b = Store::open(&copies.paths[1]).unwrap();
    let mission = one(&a, "SELECT id FROM missions ORDER BY id LIMIT 1");
    let item = one(&a, "SELECT id FROM agenda_items ORDER BY starts_at LIMIT 1");
    let translate = |store: &Store, set: &dyn Fn(&mut passerelle_core::domain::Wording)| {
        store
            .write("action.editItem", |w| {
                w.scope_to_mission(&mission)?;
                let mut record = store::agenda::record(&*w, &item)?;
                set(&mut record.titles);
                store::agenda::save(w, &record.validate()?)?;
                Ok(())
            })
            .unwrap();
    };
    translate(&a, &|t| t.zh_tw = Some("歡迎".into()));
    translate(&b, &|t| t.fr = Some("Accueil".into()));
    merged_without_conflict(&a, &b, &mission);
    let titles = a
        .read(|c| Ok(store::agenda::record(c, &item)?.titles))
        .unwrap();
    assert_eq!(titles.zh_tw.as_deref(), Some("歡迎"));
    assert_eq!(titles.fr.as_deref(), Some("Accueil"));
}

/// The same for a track's names: a Chinese name given on one laptop and a French one on the
/// other are both kept, and the name itself stays.
#[test]
fn a_track_named_in_two_languages_on_two_copies_keeps_both() {
    let copies = seeded_copies(2, |_| {});
    let a = Store::open(&copies.paths[0]).unwrap();
    let b = Store::open(&copies.paths[1]).unwrap();
    let mission = one(&a, "SELECT id FROM missions ORDER BY id LIMIT 1");
    let track = one(&a, "SELECT id FROM subgroups ORDER BY id LIMIT 1");
    let name = |store: &Store, set: &dyn Fn(&mut passerelle_core::domain::Wording)| {
        store
            .write("action.saveSubgroup", |w| {
                let stored = store::missions::subgroup(&*w, &track)?;
                let mut names = stored.names;
                set(&mut names);
                store::missions::put_subgroup(
                    w,
                    &mission,
                    Some(&track),
                    &stored.name,
                    Some(names),
                )?;
                Ok(())
            })
            .unwrap();
    };
    name(&a, &|n| n.zh_tw = Some("第一組".into()));
    name(&b, &|n| n.fr = Some("Parcours un".into()));
    merged_without_conflict(&a, &b, &mission);
    let names = b
        .read(|c| Ok(store::missions::subgroup(c, &track)?.names))
        .unwrap();
    assert_eq!(
        (names.zh_tw.as_deref(), names.fr.as_deref()),
        (Some("第一組"), Some("Parcours un"))
    );
}

/// The "Done when" of issue 15 at the model level: during the Liège hour two advisers each log
/// an outcome and a follow-up offline, one moves an item to 14:30 while the other moves it to
/// 14:45, one deletes a site the other just used; they exchange both ways, twice.
#[test]
fn the_liege_hour_merges_with_exactly_two_conflicts_settled_in_one_step_each() {
    let copies = seeded_copies(2, |store| {
        // A site no item uses yet, the one deleted on one laptop and used on the other.
        let site = one(store, "SELECT id FROM sites ORDER BY id LIMIT 1");
        copy_row(store, "sites", &site, "sit_spare");
    });
    let a = Store::open(&copies.paths[0]).unwrap();
    let b = Store::open(&copies.paths[1]).unwrap();
    let mission = one(&a, "SELECT mission_id FROM sites WHERE id = 'sit_spare'");
    let items: Vec<String> = a
        .read(|c| {
            Ok(c.prepare(
                "SELECT id FROM agenda_items WHERE mission_id = ?1 ORDER BY starts_at, id LIMIT 3",
            )?
            .query_map([&mission], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    let (met_a, met_b, moved) = (&items[0], &items[1], &items[2]);
    let day = one(
        &a,
        &format!("SELECT substr(starts_at, 1, 10) FROM agenda_items WHERE id = '{moved}'"),
    );
    let log = |store: &Store, who: &str, item: &str, at: &str| {
        store
            .write("action.recordOutcome", |w| {
                w.scope_to_mission(&mission)?;
                w.save(
                    "outcomes",
                    &format!("out_{who}"),
                    &[
                        ("item_id", text(item)),
                        ("outcome_type", text("pilot")),
                        ("notes", text(&format!("Track of {who}"))),
                    ],
                )?;
                w.save(
                    "followups",
                    &format!("fup_{who}"),
                    &[
                        ("title", text(&format!("Send the protocol ({who})"))),
                        ("mission_id", text(&mission)),
                        ("outcome_id", text(&format!("out_{who}"))),
                        ("due_on", text("2025-07-15")),
                    ],
                )?;
                w.save(
                    "agenda_items",
                    moved,
                    &[
                        ("starts_at", text(&format!("{day}T{at}:00Z"))),
                        ("ends_at", text(&format!("{day}T{}:59:00Z", &at[..2]))),
                    ],
                )?;
                Ok(())
            })
            .unwrap();
    };
    // 14:30 and 14:45 in Liège (UTC+2 in summer).
    log(&a, "cardiology", met_a, "12:30");
    log(&b, "nephrology", met_b, "12:45");
    a.write("action.removeSite", |w| {
        w.scope_to_mission(&mission)?;
        store::sites::delete_site(w, "sit_spare", None)
    })
    .unwrap();
    b.write("action.editItem", |w| {
        w.save(
            "agenda_items",
            met_b,
            &[("site_id", text("sit_spare")), ("room_id", Value::Null)],
        )?;
        Ok(())
    })
    .unwrap();

    let scope = Scope::Mission(mission.clone());
    for _ in 0..2 {
        send(&b, &a, &scope);
        send(&a, &b, &scope);
    }
    assert_same(&a, &b);
    assert_eq!(op_ids(&a), op_ids(&b), "no op lost");
    for store in [&a, &b] {
        for id in ["out_cardiology", "out_nephrology"] {
            assert_eq!(
                one(
                    store,
                    &format!("SELECT count(*) FROM outcomes WHERE id = '{id}'")
                ),
                "1"
            );
        }
        for id in ["fup_cardiology", "fup_nephrology"] {
            assert_eq!(
                one(
                    store,
                    &format!("SELECT count(*) FROM followups WHERE id = '{id}'")
                ),
                "1"
            );
        }
    }
    let open = a.sync_conflicts(Some(&mission)).unwrap();
    let mut what: Vec<(String, String, String)> = open
        .iter()
        .map(|c| (c.reason.clone(), c.entity.clone(), c.field.clone()))
        .collect();
    what.sort();
    assert_eq!(
        what,
        vec![
            (
                "sync.bothChanged".into(),
                "agenda_items".into(),
                "time".into()
            ),
            ("sync.editDeleted".into(), "sites".into(), "*".into()),
        ],
        "{open:#?}"
    );
    assert_eq!(b.sync_conflicts(Some(&mission)).unwrap().len(), 2);
    // The site is still there on both, used by the item.
    assert_eq!(
        one(
            &a,
            &format!("SELECT ifnull(site_id, '') FROM agenda_items WHERE id = '{met_b}'")
        ),
        "sit_spare"
    );

    // One click each: A keeps B's time; B confirms the deletion was not wanted (keeps the site).
    let time = open.iter().find(|c| c.field == "time").unwrap();
    let site = open.iter().find(|c| c.entity == "sites").unwrap();
    a.resolve_sync_conflict(&time.id, Take::Remote).unwrap();
    let on_b = b.sync_conflicts(None).unwrap();
    let site_on_b = on_b.iter().find(|c| c.id == site.id).unwrap();
    assert_eq!(site_on_b.local, serde_json::json!("kept"), "{site_on_b:?}");
    b.resolve_sync_conflict(&site.id, Take::Local).unwrap();
    for _ in 0..2 {
        send(&a, &b, &scope);
        send(&b, &a, &scope);
    }
    assert_same(&a, &b);
    assert!(a.sync_conflicts(None).unwrap().is_empty());
    assert!(b.sync_conflicts(None).unwrap().is_empty());
    assert_eq!(
        one(
            &a,
            &format!("SELECT substr(starts_at, 12, 5) FROM agenda_items WHERE id = '{moved}'")
        ),
        "12:45"
    );
    assert!(
        a.resolve_sync_conflict(&time.id, Take::Local).is_err(),
        "settled already"
    );
}

/// An erasure made on one copy reaches the other: no byte of the person stays in either file.
#[test]
fn an_erasure_leaves_no_trace_of_the_person_on_any_copy() {
    let copies = seeded_copies(2, |_| {});
    let a = Store::open(&copies.paths[0]).unwrap();
    let b = Store::open(&copies.paths[1]).unwrap();
    // Someone on the mission's delegation, named in many places (members, meetings…).
    let (id, name): (String, String) = a
        .read(|c| {
            Ok(c.query_row(
                "SELECT c.id, c.given_name || ' ' || c.family_name FROM contacts c
                 JOIN delegation_members d ON d.contact_id = c.id
                 WHERE c.given_name != '' AND c.family_name != '' ORDER BY c.id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    let contacts = count(&b, "contacts");
    passerelle_core::directory::privacy::erase_contact(&a, &id, None).unwrap();
    let report = send(&a, &b, &Scope::Directory);
    assert!(report.applied >= 1, "{report:?}");
    assert_eq!(count(&b, "contacts"), contacts - 1);
    // Sent again by a copy that never heard of it: nothing of the person comes back.
    send(&b, &a, &Scope::Directory);
    assert_same(&a, &b);
    let paths = [a.path().to_owned(), b.path().to_owned()];
    drop((a, b));
    for path in &paths {
        let bytes = file_bytes(path);
        for needle in [name.as_str(), id.as_str()] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} is still in {}",
                path.display()
            );
        }
    }
}

/// An edit of a record this copy does not have yet is kept, and takes effect when the record
/// arrives (received out of order: the later change set first, through another copy).
#[test]
fn an_edit_received_before_its_record_takes_effect_when_the_record_arrives() {
    let copies = seeded_copies(2, |_| {});
    let a = Store::open(&copies.paths[0]).unwrap();
    let b = Store::open(&copies.paths[1]).unwrap();
    let mission = one(&a, "SELECT id FROM missions ORDER BY id LIMIT 1");
    for (label, due) in [
        ("action.addFollowup", "2025-07-01"),
        ("action.editFollowup", "2025-07-20"),
    ] {
        a.write(label, |w| {
            w.scope_to_mission(&mission)?;
            w.save(
                "followups",
                "fup_late",
                &[
                    ("title", text("Send the trial protocol")),
                    ("mission_id", text(&mission)),
                    ("due_on", text(due)),
                ],
            )?;
            Ok(())
        })
        .unwrap();
    }
    let scope = Scope::Mission(mission);
    let sets = a.change_sets_for(&scope, &b.held().unwrap()).unwrap();
    assert_eq!(sets.len(), 2);
    let edit = b.apply_change_sets(&sets[1..]).unwrap();
    assert_eq!((edit.applied, edit.superseded), (0, 1), "{edit:?}");
    assert_eq!(
        one(&b, "SELECT count(*) FROM followups WHERE id = 'fup_late'"),
        "0"
    );
    let creation = b.apply_change_sets(&sets[..1]).unwrap();
    assert!(creation.applied >= 1, "{creation:?}");
    assert_eq!(
        one(&b, "SELECT due_on FROM followups WHERE id = 'fup_late'"),
        "2025-07-20",
        "the edit received first is replayed"
    );
    assert_same(&a, &b);
    assert_eq!(op_ids(&a), op_ids(&b));
}

/// A duplicates merge on one copy moves the duplicate's place among an item's participants as
/// element ops: the other copy receives the kept person in it, beside a participant it added
/// meanwhile, and both converge.
#[test]
fn a_duplicates_merge_moves_participants_on_every_copy() {
    use passerelle_core::directory::{duplicates, edit::DirectoryKind};
    let copies = seeded_copies(2, |_| {});
    let a = Store::open(&copies.paths[0]).unwrap();
    let b = Store::open(&copies.paths[1]).unwrap();
    let mission = one(&a, "SELECT id FROM missions ORDER BY id LIMIT 1");
    let item = one(
        &a,
        "SELECT item_id FROM agenda_participants GROUP BY item_id ORDER BY item_id LIMIT 1",
    );
    let gone = one(
        &a,
        &format!("SELECT contact_id FROM agenda_participants WHERE item_id = '{item}' ORDER BY contact_id LIMIT 1"),
    );
    let others = format!(
        "SELECT id FROM contacts WHERE id NOT IN
           (SELECT contact_id FROM agenda_participants WHERE item_id = '{item}') ORDER BY id"
    );
    let kept = one(&a, &format!("{others} LIMIT 1"));
    let added = one(&a, &format!("{others} LIMIT 1 OFFSET 1"));
    let now = "2025-06-20T09:00:00Z";
    a.write("action.mergeDuplicates", |w| {
        duplicates::merge(w, DirectoryKind::Contact, &kept, &gone, now)?;
        Ok(())
    })
    .unwrap();
    b.write("action.editItem", |w| {
        w.scope_to_mission(&mission)?;
        w.add_link(&store::agenda::PARTICIPANTS, &item, &[text(&added)])?;
        Ok(())
    })
    .unwrap();
    for (from, to) in [(&a, &b), (&b, &a)] {
        send(from, to, &Scope::Directory);
        send(from, to, &Scope::Mission(mission.clone()));
    }
    let participants = |s: &Store| {
        one(
            s,
            &format!(
                "SELECT group_concat(contact_id, ' ') FROM
                   (SELECT contact_id FROM agenda_participants WHERE item_id = '{item}' ORDER BY contact_id)"
            ),
        )
    };
    let on_b = participants(&b);
    assert!(on_b.contains(&kept), "{on_b}");
    assert!(on_b.contains(&added), "{on_b}");
    assert!(!on_b.contains(&gone), "{on_b}");
    assert_eq!(participants(&a), on_b);
    assert_same(&a, &b);
}

/// One copy merges a specialty into another while a second gives it to a new person: both
/// copies end the same, the merged holders hold the entry kept, and the specialty comes back
/// for the person the other copy named (the deletion a conflict), so nothing is lost.
#[test]
fn a_specialty_merged_on_one_copy_and_given_on_another_loses_no_one() {
    use passerelle_core::directory::edit;
    let copies = seeded_copies(2, |_| {});
    let a = Store::open(&copies.paths[0]).unwrap();
    let b = Store::open(&copies.paths[1]).unwrap();
    let holders = "SELECT group_concat(contact_id, ' ') FROM (SELECT contact_id FROM
                     contact_specialties WHERE specialty = '{}' ORDER BY contact_id)";
    let of = |s: &Store, code: &str| one(s, &holders.replace("{}", code));
    let cardiologists = of(&a, "cardiology");
    assert!(!cardiologists.is_empty());
    a.write("action.deleteSpecialty", |w| {
        edit::delete_specialty(w, "cardiology", Some("oncology"))
    })
    .unwrap();
    let newcomer = passerelle_core::domain::Contact {
        specialties: vec!["cardiology".into()],
        ..common::person("con_new_cardiologist", "Lin", "Mei")
    }
    .validate()
    .unwrap();
    b.write("action.saveContact", |w| {
        store::contacts::save(w, &newcomer)
    })
    .unwrap();
    for (from, to) in [(&a, &b), (&b, &a), (&a, &b)] {
        send(from, to, &Scope::Directory);
    }
    for s in [&a, &b] {
        let oncology = of(s, "oncology");
        for id in cardiologists.split(' ') {
            assert!(
                oncology.contains(id),
                "{id} lost the merged specialty: {oncology}"
            );
        }
        assert_eq!(of(s, "cardiology"), "con_new_cardiologist");
    }
    assert_same(&a, &b);
}

/// Two copies enter the same travel time with other minutes concurrently: one row per pair
/// of sites, the same on both, whatever order the files arrive in.
#[test]
fn concurrent_travel_times_for_the_same_sites_converge_on_one_row() {
    let copies = seeded_copies(2, |_| {});
    let a = Store::open(&copies.paths[0]).unwrap();
    let b = Store::open(&copies.paths[1]).unwrap();
    let mission = one(&a, "SELECT id FROM missions ORDER BY id LIMIT 1");
    let sites = format!("SELECT id FROM sites WHERE mission_id = '{mission}' ORDER BY id");
    let from = one(&a, &format!("{sites} LIMIT 1"));
    let to = one(&a, &format!("{sites} LIMIT 1 OFFSET 1"));
    for (store, minutes) in [(&a, 30), (&b, 45)] {
        store
            .write("action.setTravel", |w| {
                store::programme::set_travel(w, &mission, &from, &to, Some(minutes))
            })
            .unwrap();
    }
    for (x, y) in [(&a, &b), (&b, &a)] {
        send(x, y, &Scope::Mission(mission.clone()));
    }
    let minutes = |s: &Store| {
        one(
            s,
            &format!(
                "SELECT group_concat(minutes) FROM travel_times
                 WHERE mission_id = '{mission}' AND from_site_id = '{from}' AND to_site_id = '{to}'"
            ),
        )
    };
    assert_eq!(minutes(&a), minutes(&b));
    assert!(
        ["30", "45"].contains(&minutes(&a).as_str()),
        "{}",
        minutes(&a)
    );
    assert_same(&a, &b);
}
