//! The team server under load (`make bench-team`, issue 16), on a throwaway PostgreSQL
//! cluster on 127.0.0.1 (tests/pg_cluster.rs):
//! 1. N data folders (default 10) each make R edits a second (default 10) for S seconds
//!    (default 60), each folder syncing in a loop on a kept connection, woken by the server's
//!    NOTIFY; prints the latency from an edit's commit on one folder to its being visible on
//!    each other folder (p50, p95, max; goal p95 ≤ 2 s with 10 folders, ≤ 5 s with 50) and the
//!    ops lost (goal 0: every edit seen by every folder, every change set on the server).
//! 2. A new laptop joining an agency whose server holds J ops (default 100,000): join and
//!    first sync, timed (goal ≤ 30 s).
//!
//! Shorter runs: BENCH_TEAM_FOLDERS, BENCH_TEAM_RATE, BENCH_TEAM_SECS, BENCH_TEAM_JOIN_OPS.
//! Asserts nothing but prints figures.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails loudly

#[path = "../../../tests/pg_cluster.rs"]
mod pg_cluster;

use passerelle_core::domain::contact::Contact;
use passerelle_core::store::team::server::{members, schema, Endpoint};
use passerelle_core::store::{self};
use passerelle_core::team::{self, Session};
use passerelle_core::Store;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const DB: &str = "agency";

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn person(id: &str, notes: Option<String>) -> Contact {
    Contact {
        notes,
        ..Contact::named(id, "Bench", id)
    }
}

fn add_member(cluster: &pg_cluster::Cluster, name: &str) {
    let endpoint = Endpoint::parse(&cluster.admin_url(DB)).unwrap();
    let mut admin = endpoint
        .connect("postgres", Some(&cluster.admin_password))
        .unwrap();
    members::add(
        &mut admin,
        &endpoint.display,
        "postgres",
        name,
        Some(&format!("pw-{name}")),
        &["directory".to_owned()],
    )
    .unwrap();
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let folders = env("BENCH_TEAM_FOLDERS", 10) as usize;
    let rate = env("BENCH_TEAM_RATE", 10);
    let secs = env("BENCH_TEAM_SECS", 60);
    let join_ops = env("BENCH_TEAM_JOIN_OPS", 100_000) as usize;
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!("bench-team ({build} build): {folders} folders × {rate} edits/s × {secs} s; join of {join_ops} ops");

    let cluster = pg_cluster::Cluster::start();
    cluster.create_db(DB);
    {
        let endpoint = Endpoint::parse(&cluster.admin_url(DB)).unwrap();
        let mut admin = endpoint
            .connect("postgres", Some(&cluster.admin_password))
            .unwrap();
        schema::init(&mut admin, &endpoint.display, "postgres").unwrap();
    }
    let dir = tempfile::tempdir().unwrap();

    // ---------------------------------------------------------------- 1. load and latency
    // One base file holding each folder's record, copied into every folder (each copy takes
    // its own replica id); folder i edits only `con_bench_i`'s notes, 0, 1, 2… so a folder
    // sees edit k of folder i once that record's notes read k or more.
    let base = dir.path().join("base.sqlite3");
    {
        let store = Store::open(&base).unwrap();
        store
            .write("action.saveContact", |w| {
                for i in 0..folders {
                    store::contacts::save(w, &person(&format!("con_bench_{i}"), None))?;
                }
                Ok(())
            })
            .unwrap();
    }
    let stores: Vec<Arc<Store>> = (0..folders)
        .map(|i| {
            let path = dir.path().join(format!("f{i}/passerelle.sqlite3"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::copy(&base, &path).unwrap();
            let store = Store::open(&path).unwrap();
            let name = format!("adviser_{i}");
            add_member(&cluster, &name);
            team::join(&store, &cluster.url(DB), &name, &format!("pw-{name}")).unwrap();
            team::sync(&store).unwrap();
            Arc::new(store)
        })
        .collect();
    for s in &stores {
        team::sync(s).unwrap();
    }

    let commits: Arc<Vec<Mutex<Vec<Instant>>>> =
        Arc::new((0..folders).map(|_| Mutex::new(Vec::new())).collect());
    let latencies: Arc<Mutex<Vec<f64>>> = Arc::new(Mutex::new(Vec::new()));
    let editing = Arc::new(AtomicBool::new(true));
    let syncing = Arc::new(AtomicBool::new(true));
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let syncs = Arc::new(AtomicUsize::new(0));
    let cpu_at_start = (pg_cluster::own_cpu_secs(), cluster.server_cpu_secs());
    let mut editors = Vec::new();
    let mut syncers = Vec::new();
    let started = Instant::now();
    for i in 0..folders {
        // The editor: R edits a second, paced.
        let (store, made, editing) = (stores[i].clone(), commits.clone(), editing.clone());
        editors.push(std::thread::spawn(move || {
            let id = format!("con_bench_{i}");
            let period = Duration::from_secs_f64(1.0 / rate as f64);
            let mut k = 0usize;
            let t0 = Instant::now();
            while editing.load(Ordering::Relaxed) {
                let mut c = store.read(|c| store::contacts::get(c, &id)).unwrap();
                c.notes = Some(k.to_string());
                store
                    .write("action.saveContact", |w| store::contacts::save(w, &c))
                    .unwrap();
                made[i].lock().unwrap().push(Instant::now());
                k += 1;
                let next = t0 + period * k as u32;
                if let Some(wait) = next.checked_duration_since(Instant::now()) {
                    std::thread::sleep(wait);
                }
            }
        }));
        // The syncer: a kept connection, woken by the server's NOTIFY (or every 500 ms).
        let (store, made, latencies, syncing, errors, syncs) = (
            stores[i].clone(),
            commits.clone(),
            latencies.clone(),
            syncing.clone(),
            errors.clone(),
            syncs.clone(),
        );
        syncers.push(std::thread::spawn(move || {
            let mut session = Session::open(&store).unwrap();
            let mut seen: Vec<i64> = vec![-1; folders];
            loop {
                let last_round = !syncing.load(Ordering::Relaxed);
                if let Err(e) = session.sync(&store) {
                    errors.lock().unwrap().push(e.to_string());
                }
                syncs.fetch_add(1, Ordering::Relaxed);
                let now = Instant::now();
                for (j, seen_j) in seen.iter_mut().enumerate() {
                    if j == i {
                        continue;
                    }
                    let c = store
                        .read(|c| store::contacts::get(c, &format!("con_bench_{j}")))
                        .unwrap();
                    let k: i64 = c.notes.and_then(|n| n.parse().ok()).unwrap_or(-1);
                    if k > *seen_j {
                        let times = made[j].lock().unwrap();
                        let mut l = latencies.lock().unwrap();
                        for edit in (*seen_j + 1)..=k {
                            if let Some(t) = times.get(edit as usize) {
                                l.push(now.duration_since(*t).as_secs_f64());
                            }
                        }
                        *seen_j = k;
                    }
                }
                if last_round {
                    break;
                }
                session.wait_for_push(Duration::from_millis(500));
            }
        }));
    }
    std::thread::sleep(Duration::from_secs(secs));
    editing.store(false, Ordering::Relaxed);
    std::thread::sleep(Duration::from_secs(3));
    syncing.store(false, Ordering::Relaxed);
    for t in editors {
        t.join().unwrap();
    }
    for t in syncers {
        t.join().unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = (
        pg_cluster::own_cpu_secs() - cpu_at_start.0,
        cluster.server_cpu_secs() - cpu_at_start.1,
    );
    let syncs = syncs.load(Ordering::Relaxed);
    // Final rounds, so that every folder has everything: what is still missing then is lost.
    for _ in 0..2 {
        for s in &stores {
            team::sync(s).unwrap();
        }
    }
    let made: Vec<usize> = commits.iter().map(|c| c.lock().unwrap().len()).collect();
    let total: usize = made.iter().sum();
    let mut missing = 0usize;
    for s in &stores {
        for (j, n) in made.iter().enumerate() {
            let c = s
                .read(|c| store::contacts::get(c, &format!("con_bench_{j}")))
                .unwrap();
            let k: usize = c
                .notes
                .and_then(|n| n.parse().ok())
                .map_or(0, |k: usize| k + 1);
            missing += n.saturating_sub(k);
        }
    }
    let mut on_server = 0i64;
    let mut client = cluster.admin(DB);
    for s in &stores {
        let replica = s.replica_id().unwrap();
        let held = s.held().unwrap().max(&replica);
        let n: i64 = client
            .query_one(
                "SELECT count(*) FROM passerelle.change_sets WHERE replica = $1",
                &[&replica],
            )
            .unwrap()
            .get(0);
        on_server += n;
        missing += (held as usize).saturating_sub(n as usize);
    }
    let mut l = latencies.lock().unwrap().clone();
    l.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let errors = errors.lock().unwrap();
    println!(
        "load: {total} edits over {secs} s ({:.1}/s; run and drain {elapsed:.1} s), {} change sets on the server",
        total as f64 / secs as f64,
        on_server
    );
    // The goals: p95 ≤ 2 s with 10 folders, ≤ 5 s with 50.
    let goal = if folders > 10 { 5 } else { 2 };
    println!(
        "latency commit → visible on another folder: {} observations, p50 {:.3} s, p95 {:.3} s, max {:.3} s (goal p95 ≤ {goal} s)",
        l.len(),
        percentile(&l, 0.5),
        percentile(&l, 0.95),
        l.last().copied().unwrap_or(f64::NAN)
    );
    println!(
        "ops lost: {missing} (goal 0); sync errors during the run: {}",
        errors.len()
    );
    if let Some(e) = errors.first() {
        println!("  first error: {e}");
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "CPU over the run and drain ({elapsed:.1} s × {cores} cores = {:.0} s): folders (edits and syncs) {:.1} s, PostgreSQL {:.1} s ({:.0} % of the machine); {syncs} syncs ({:.1} per folder per second), {:.1} ms of CPU per sync",
        elapsed * cores as f64,
        cpu.0,
        cpu.1,
        100.0 * (cpu.0 + cpu.1) / (elapsed * cores as f64),
        syncs as f64 / folders as f64 / elapsed,
        1000.0 * (cpu.0 + cpu.1) / syncs.max(1) as f64
    );

    // ---------------------------------------------------------------- 2. a new laptop joins
    if join_ops > 0 {
        let seeder = Store::open(&dir.path().join("seeder/passerelle.sqlite3")).unwrap();
        add_member(&cluster, "seeder");
        team::join(&seeder, &cluster.url(DB), "seeder", "pw-seeder").unwrap();
        let t = Instant::now();
        let per_set = 1_000usize;
        let mut n = 0usize;
        while n < join_ops {
            let upto = (n + per_set).min(join_ops);
            seeder
                .write("action.saveContact", |w| {
                    for k in n..upto {
                        store::contacts::save(w, &person(&format!("con_agency_{k:06}"), None))?;
                    }
                    Ok(())
                })
                .unwrap();
            n = upto;
        }
        let made = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let pushed = team::sync(&seeder).unwrap();
        let push_time = t.elapsed().as_secs_f64();
        println!(
            "agency of {join_ops} ops: made in {made:.1} s, pushed ({} ops) in {push_time:.1} s",
            pushed.pushed
        );
        add_member(&cluster, "newcomer");
        let t = Instant::now();
        let laptop = Store::open(&dir.path().join("newcomer/passerelle.sqlite3")).unwrap();
        team::join(&laptop, &cluster.url(DB), "newcomer", "pw-newcomer").unwrap();
        let got = team::sync(&laptop).unwrap();
        let join_time = t.elapsed().as_secs_f64();
        let people = laptop.read(store::contacts::list).unwrap().len();
        println!(
            "new laptop joins: {} ops pulled, {} applied, {people} people, ready in {join_time:.1} s (goal ≤ 30 s)",
            got.pulled, got.applied
        );
    }
}
