//! The merge's speed goals (`make bench-sync`, issue 15): 10,000 ops merged into the demo
//! database in under 2 s, a mission's ops exported in under 1 s. Prints the figures; asserts
//! nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails loudly

use passerelle_core::sync::op::Scope;
use passerelle_core::{seed, Store};
use rusqlite::types::Value;
use std::time::Instant;

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base/passerelle.sqlite3");
    let mission = {
        let store = Store::open(&base).unwrap();
        seed::load(&store, "taiwan-wallonia-2025").unwrap();
        store
            .read(|c| {
                Ok(c.query_row("SELECT id FROM missions LIMIT 1", [], |r| {
                    r.get::<_, String>(0)
                })?)
            })
            .unwrap()
    };
    let copy = |name: &str| {
        let path = dir.path().join(format!("{name}/passerelle.sqlite3"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::copy(&base, &path).unwrap();
        Store::open(&path).unwrap()
    };
    let (a, b) = (copy("a"), copy("b"));

    // On B: 2,500 follow-ups created (one op each), then each edited in three fields.
    let t = Instant::now();
    for i in 0..2_500 {
        let id = format!("fup_bench_{i:05}");
        b.write("action.addFollowup", |w| {
            w.scope_to_mission(&mission)?;
            w.save(
                "followups",
                &id,
                &[
                    ("title", text(&format!("Follow-up {i}"))),
                    ("mission_id", text(&mission)),
                ],
            )?;
            Ok(())
        })
        .unwrap();
        b.write("action.editFollowup", |w| {
            w.scope_to_mission(&mission)?;
            w.save(
                "followups",
                &id,
                &[
                    ("title", text(&format!("Follow-up {i}, revised"))),
                    ("due_on", text("2025-09-30")),
                    ("notes", text("Send the brochure and the trial protocol.")),
                ],
            )?;
            Ok(())
        })
        .unwrap();
    }
    let edit_ms = t.elapsed().as_secs_f64() * 1000.0;

    let scope = Scope::Mission(mission);
    let t = Instant::now();
    let sets = b.change_sets_for(&scope, &a.held().unwrap()).unwrap();
    let export_ms = t.elapsed().as_secs_f64() * 1000.0;
    let ops: usize = sets.iter().map(|s| s.ops.len()).sum();
    let t = Instant::now();
    let report = a.apply_change_sets(&sets).unwrap();
    let merge_ms = t.elapsed().as_secs_f64() * 1000.0;
    let json = serde_json::to_vec(&sets).unwrap().len();
    println!("edits on B: 5,000 change sets in {edit_ms:.0} ms");
    println!(
        "export of the mission's ops: {} change sets, {ops} ops in {export_ms:.0} ms (goal < 1000 ms)",
        sets.len()
    );
    println!(
        "merge of {ops} ops into the demo database: {merge_ms:.0} ms (goal < 2000 ms): {report:?}"
    );
    println!("as JSON: {} bytes per op", json / ops.max(1));
}
