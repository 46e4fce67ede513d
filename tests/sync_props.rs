//! Random edit histories on 2–5 replicas of one seeded file, exchanged in random orders with
//! duplicates and skewed clocks, always converge to the same content with no op lost.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod sync_support;

use chrono::{Duration, Utc};
use passerelle_core::store::{self, Integrity};
use passerelle_core::sync::op::{Scope, VersionVector};
use passerelle_core::Store;
use proptest::prelude::*;
use rusqlite::types::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use sync_support::*;

/// One seeded file for every case (copied per case), with the ids the edits pick from.
struct Base {
    _copies: Copies,
    path: PathBuf,
    mission: String,
    items: Vec<String>,
    contacts: Vec<String>,
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let copies = seeded_copies(1, |_| {});
        let path = copies.paths[0].clone();
        let store = Store::open(&path).unwrap();
        let mission = one(&store, "SELECT id FROM missions ORDER BY id LIMIT 1");
        let list = |sql: &str| -> Vec<String> {
            store
                .read(|c| {
                    Ok(c.prepare(sql)?
                        .query_map([], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?)
                })
                .unwrap()
        };
        let items = list("SELECT id FROM agenda_items ORDER BY starts_at, id LIMIT 3");
        let contacts = list("SELECT id FROM contacts ORDER BY id LIMIT 3");
        drop(store);
        Base {
            _copies: copies,
            path,
            mission,
            items,
            contacts,
        }
    })
}

#[derive(Debug, Clone)]
enum Step {
    /// Replica, item, a title number (last writer wins).
    Title(usize, usize, u8),
    /// Replica, item, an hour: the item moves (start and end: one conflict).
    Move(usize, usize, u8),
    /// Replica, item, contact, add or remove the participant.
    Participant(usize, usize, usize, bool),
    /// Replica, follow-up number: created, or its due date changed if it exists.
    Followup(usize, u8, u8),
    /// Replica, follow-up number: deleted.
    DeleteFollowup(usize, u8),
    /// From, to, and whether everything is sent again (duplicates).
    Send(usize, usize, bool),
}

fn step(replicas: usize) -> impl Strategy<Value = Step> {
    let r = 0..replicas;
    prop_oneof![
        (r.clone(), 0..3usize, 0..4u8).prop_map(|(r, i, n)| Step::Title(r, i, n)),
        (r.clone(), 0..3usize, 6..18u8).prop_map(|(r, i, h)| Step::Move(r, i, h)),
        (r.clone(), 0..3usize, 0..3usize, any::<bool>())
            .prop_map(|(r, i, c, add)| Step::Participant(r, i, c, add)),
        (r.clone(), 0..3u8, 1..28u8).prop_map(|(r, f, d)| Step::Followup(r, f, d)),
        (r.clone(), 0..3u8).prop_map(|(r, f)| Step::DeleteFollowup(r, f)),
        (r.clone(), r, any::<bool>()).prop_map(|(a, b, all)| Step::Send(a, b, all)),
    ]
}

fn case() -> impl Strategy<Value = (Vec<i64>, Vec<Step>)> {
    (2..=5usize).prop_flat_map(|n| {
        (
            // Each replica's clock: right, minutes ahead, an hour behind, a year ahead.
            proptest::collection::vec(
                prop_oneof![Just(0i64), Just(7), Just(-60), Just(525_600)],
                n,
            ),
            proptest::collection::vec(step(n), 4..24),
        )
    })
}

fn open(path: &Path, skew_minutes: i64) -> Store {
    let clock = Arc::new(move || Utc::now() + Duration::minutes(skew_minutes));
    Store::open_with(path, Integrity::Skip, clock).unwrap()
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn apply(stores: &[Store], step: &Step, base: &Base) {
    let scope = Scope::Mission(base.mission.clone());
    match *step {
        Step::Title(r, i, n) => {
            stores[r]
                .write("action.editItem", |w| {
                    w.save(
                        "agenda_items",
                        &base.items[i],
                        &[("title", text(&format!("Title {n}")))],
                    )?;
                    Ok(())
                })
                .unwrap();
        }
        Step::Move(r, i, h) => {
            stores[r]
                .write("action.moveItem", |w| {
                    w.scope_to_mission(&base.mission)?;
                    w.save(
                        "agenda_items",
                        &base.items[i],
                        &[
                            ("starts_at", text(&format!("2025-06-26T{h:02}:00:00Z"))),
                            ("ends_at", text(&format!("2025-06-26T{:02}:00:00Z", h + 1))),
                        ],
                    )?;
                    Ok(())
                })
                .unwrap();
        }
        Step::Participant(r, i, c, add) => {
            stores[r]
                .write("action.editItem", |w| {
                    let row = [text(&base.contacts[c])];
                    if add {
                        w.add_link(&store::agenda::PARTICIPANTS, &base.items[i], &row)?;
                    } else {
                        w.remove_link(&store::agenda::PARTICIPANTS, &base.items[i], &row)?;
                    }
                    Ok(())
                })
                .unwrap();
        }
        Step::Followup(r, f, d) => {
            let mission = base.mission.clone();
            stores[r]
                .write("action.addFollowup", |w| {
                    w.save(
                        "followups",
                        &format!("fup_prop{f}"),
                        &[
                            ("title", text(&format!("Follow-up {f}"))),
                            ("mission_id", text(&mission)),
                            ("due_on", text(&format!("2025-07-{d:02}"))),
                        ],
                    )?;
                    Ok(())
                })
                .unwrap();
        }
        Step::DeleteFollowup(r, f) => {
            stores[r]
                .write("action.deleteFollowup", |w| {
                    w.delete("followups", &format!("fup_prop{f}"))?;
                    Ok(())
                })
                .unwrap();
        }
        Step::Send(a, b, all) => {
            if a != b {
                let peer_has = if all {
                    VersionVector::default()
                } else {
                    stores[b].held().unwrap()
                };
                let sets = stores[a].change_sets_for(&scope, &peer_has).unwrap();
                stores[b].apply_change_sets(&sets).unwrap();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    // Finds divergences still (follow-ups created, deleted and re-created under one id on
    // two copies): run with `--ignored` while they are fixed (issue 15, see the report).
    #[test]
    #[ignore = "known divergence: delete and re-create of one id on two copies"]
    fn random_histories_converge_with_no_op_lost((skews, steps) in case()) {
        let base = base();
        let dir = tempfile::tempdir().unwrap();
        let stores: Vec<Store> = skews
            .iter()
            .enumerate()
            .map(|(i, skew)| {
                let path = dir.path().join(format!("laptop{i}/passerelle.sqlite3"));
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::copy(&base.path, &path).unwrap();
                open(&path, *skew)
            })
            .collect();
        for s in &steps {
            apply(&stores, s, base);
        }
        // Everyone tells everyone, twice round, in both directions.
        let n = stores.len();
        for _ in 0..2 {
            for a in 0..n {
                for b in 0..n {
                    apply(&stores, &Step::Send(a, b, false), base);
                }
            }
        }
        let mut first = content(&stores[0]);
        first.remove("(open conflicts)");
        let ops = op_ids(&stores[0]);
        for other in &stores[1..] {
            let mut c = content(other);
            c.remove("(open conflicts)");
            for (table, rows) in &first {
                prop_assert_eq!(Some(rows), c.get(table), "table {} differs after {:?}", table, steps);
            }
            prop_assert_eq!(&ops, &op_ids(other), "ops lost");
        }
    }
}
