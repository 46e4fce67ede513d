//! Crash safety, tested the way SQLite tests itself: a child process writes and reports each
//! commit; the parent kills it with SIGKILL at random moments, reopens the file and checks that
//! every reported commit is there, that no transaction is half-applied, and that
//! `PRAGMA integrity_check` is ok. `make test` runs a short version (CRASH_CYCLES, default 25);
//! `make bench-crash` runs 10,000 cycles. Each file takes CRASH_FILE_CYCLES cycles (default 200,
//! some 1,200 actions and 15 MB), then a new one starts: every cycle's check reads the whole
//! file, so on one file that grew through 10,000 cycles the run would take hours.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use passerelle_core::domain::{Department, Organisation, OrganisationKind};
use passerelle_core::{store, Store};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Departments written with each organisation, in the same transaction.
const PER_ACTION: usize = 3;

fn organisation(n: u64) -> Organisation {
    Organisation {
        id: format!("org_crash_{n}"),
        name: format!("Hôpital {n} — Liège"),
        short_name: None,
        kind: OrganisationKind::Hospital,
        parent_id: None,
        address: None,
        postal_code: None,
        city: Some("Liège".into()),
        country: "BE".into(),
        latitude: None,
        longitude: None,
        tz: Some("Europe/Brussels".into()),
        website: None,
        notes: Some("x".repeat((n % 7) as usize * 500)),
        placeholder: false,
    }
}

/// The child: when CRASH_CHILD_DB is set, writes actions forever, printing each commit.
#[test]
fn crash_child() {
    let Some(db) = std::env::var_os("CRASH_CHILD_DB") else {
        return;
    };
    let store = Store::open(std::path::Path::new(&db)).unwrap();
    let mut n: u64 = store
        .read(|c| {
            Ok(c.query_row("SELECT count(*) FROM organisations", [], |r| {
                r.get::<_, i64>(0)
            })?)
        })
        .unwrap() as u64
        + 1_000_000 * std::process::id() as u64;
    loop {
        store
            .write("crash action", |w| {
                let org = organisation(n);
                store::organisations::save(w, &org)?;
                for d in 0..PER_ACTION {
                    let dep = Department {
                        id: format!("dep_crash_{n}_{d}"),
                        organisation_id: org.id.clone(),
                        name: format!("Service {d}"),
                        specialty: None,
                    };
                    store::organisations::save_department(w, &dep)?;
                }
                Ok(())
            })
            .unwrap();
        println!("committed org_crash_{n}");
        n += 1;
    }
}

/// A number from the environment, else `default`.
fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn killed_writers_lose_no_commit_and_leave_no_half_transaction() {
    let cycles: u32 = env_or("CRASH_CYCLES", 25);
    let seed: u64 = env_or("CRASH_SEED", 0x5EED);
    let per_file: u32 = env_or("CRASH_FILE_CYCLES", 200).max(1);
    let mut rng = Rng(seed | 1);
    let mut db = common::TempDb::new();
    drop(db.open());
    let started = Instant::now();
    let (mut reported_total, mut present) = (0usize, 0usize);
    for cycle in 0..cycles {
        if cycle > 0 && cycle % per_file == 0 {
            present += common::count(&db.open(), "organisations") as usize;
            db = common::TempDb::new();
            drop(db.open());
        }
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env("CRASH_CHILD_DB", &db.path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (first_tx, first_rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(id) = line.strip_prefix("committed ") {
                    if seen.is_empty() {
                        let _ = first_tx.send(());
                    }
                    seen.push(id.to_owned());
                }
            }
            seen
        });
        // Wait until the child is writing, then kill it at a random moment of its next writes.
        let _ = first_rx.recv_timeout(Duration::from_secs(20));
        std::thread::sleep(Duration::from_micros(rng.next() % 25_000));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let reported = reader.join().unwrap();
        reported_total += reported.len();

        let store = Store::open(&db.path).unwrap_or_else(|e| panic!("cycle {cycle}: reopen: {e}"));
        store
            .read(|c| {
                let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
                assert_eq!(check, "ok", "cycle {cycle}");
                let mut stmt =
                    c.prepare("SELECT EXISTS (SELECT 1 FROM organisations WHERE id = ?1)")?;
                for id in &reported {
                    assert!(
                        stmt.query_row([id], |r| r.get::<_, bool>(0))?,
                        "cycle {cycle}: lost {id}"
                    );
                }
                let half: i64 = c.query_row(
                    "SELECT count(*) FROM organisations o WHERE o.id GLOB 'org_crash_*' AND
                     (SELECT count(*) FROM departments d WHERE d.organisation_id = o.id) <> ?1",
                    [PER_ACTION as i64],
                    |r| r.get(0),
                )?;
                assert_eq!(half, 0, "cycle {cycle}: a transaction was half-applied");
                let orphans: i64 = c.query_row(
                    "SELECT count(*) FROM change_sets s WHERE NOT EXISTS
                     (SELECT 1 FROM change_log l WHERE l.change_set_id = s.id)",
                    [],
                    |r| r.get(0),
                )?;
                assert_eq!(
                    orphans, 0,
                    "cycle {cycle}: a change set without its changes"
                );
                Ok(())
            })
            .unwrap();
    }
    present += common::count(&db.open(), "organisations") as usize;
    let files = cycles.div_ceil(per_file);
    println!(
        "crash test: {cycles} cycles on {files} file{}, {reported_total} reported commits, \
         {present} actions on disk, 0 lost, integrity ok, {:.1} s",
        if files == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    );
}
