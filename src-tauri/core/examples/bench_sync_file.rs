//! The exchange file's size and speed (`make bench-sync`, issue 15): the demo mission edited
//! many times (items moved back and forth), exported whole and `--since` a peer's file, then
//! read back. Prints the bytes per op (goal: at most 200 before compression) and the times
//! (export of a mission's ops: under 1 s). Asserts nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails loudly

use passerelle_core::store::{self, agenda::Reschedule, exchange_file};
use passerelle_core::sync::{exchange, op::Scope};
use passerelle_core::{seed, Store};
use std::time::Instant;

const MISSION: &str = "mis_tsha_wallonia_2025";

fn main() {
    let edits: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5_000);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a/passerelle.sqlite3")).unwrap();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    let items: Vec<(String, String, String)> = store
        .read(|c| store::agenda::of_mission(c, MISSION))
        .unwrap()
        .into_iter()
        .map(|i| (i.id, i.start, i.end))
        .collect();

    // A peer that copied the seeded file and wrote a file back: the `--since` export sends
    // only what was made after.
    let peer = dir.path().join("peer.passerelle");
    {
        let copy = dir.path().join("b/passerelle.sqlite3");
        store::backup::backup_to(&store, &copy).unwrap();
        let b = Store::open(&copy).unwrap();
        exchange::export(&b, &Scope::Directory, None, &peer).unwrap();
    }
    let full = dir.path().join("seeded.passerelle");
    let seeded = exchange::export(&store, &Scope::Mission(MISSION.into()), None, &full).unwrap();

    let t = Instant::now();
    for n in 0..edits {
        let (id, start, end) = &items[n % items.len()];
        // Every other edit moves the item back: each is a real change of two fields.
        let (start, end) = if (n / items.len()).is_multiple_of(2) {
            (shift(start), shift(end))
        } else {
            (start.clone(), end.clone())
        };
        let change = Reschedule {
            id: id.clone(),
            start: Some(start),
            end: Some(end),
            site_id: None,
            room_id: None,
            subgroup_id: None,
        };
        store
            .write("action.moveItem", |w| store::agenda::reschedule(w, &change))
            .unwrap();
    }
    let edit_s = t.elapsed().as_secs_f64();

    let out = dir.path().join("mission.passerelle");
    let t = Instant::now();
    let report = exchange::export(&store, &Scope::Mission(MISSION.into()), None, &out).unwrap();
    let export_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let read = exchange_file::read(&out).unwrap();
    let read_s = t.elapsed().as_secs_f64();
    let since_out = dir.path().join("since.passerelle");
    let t = Instant::now();
    let since = exchange::export(
        &store,
        &Scope::Mission(MISSION.into()),
        Some(&peer),
        &since_out,
    )
    .unwrap();
    let since_s = t.elapsed().as_secs_f64();

    println!(
        "demo mission as seeded: {} ops, {} bytes, {:.1} bytes per op",
        seeded.ops,
        seeded.bytes,
        seeded.bytes as f64 / seeded.ops.max(1) as f64
    );
    println!("{edits} moves made in {edit_s:.2} s");
    println!(
        "export of the mission: {} change sets, {} ops, {} bytes, {:.1} bytes per op, {:.3} s (goal: under 1 s)",
        report.change_sets,
        report.ops,
        report.bytes,
        report.bytes as f64 / report.ops.max(1) as f64,
        export_s
    );
    println!(
        "  read back and checked (SHA-256): {} ops in {read_s:.3} s",
        read.op_count()
    );
    println!(
        "export --since a peer's file: {} ops, {} bytes, {since_s:.3} s",
        since.ops, since.bytes
    );
}

/// An RFC 3339 instant a quarter of an hour later.
fn shift(at: &str) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(at).unwrap() + chrono::Duration::minutes(15);
    t.to_rfc3339()
}
