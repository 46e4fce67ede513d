//! The directory's speed goals, measured on a generated file (`make bench-directory`):
//! importing a 100,000-row CSV (goal: under 3 s) and searching 100,000 contacts (goal: the first
//! 20 hits under 10 ms at the 95th percentile), then importing a second such file into the
//! directory the first one filled. Prints the figures, wall and CPU time; asserts nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails loudly

use passerelle_core::directory::import::{self, ImportOptions};
use passerelle_core::directory::search::{search, SearchFilters};
use passerelle_core::domain::LawfulBasis;
use passerelle_core::Store;
use std::fmt::Write as _;
use std::time::Instant;

/// A small deterministic generator, so that runs compare.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const GIVEN: &[&str] = &[
    "Amélie",
    "Hélène",
    "Jérôme",
    "François",
    "Zoë",
    "Benoît",
    "Anne-Sophie",
    "Olivier",
    "Mei-Ling",
    "Wei-Ting",
    "Chia-Hao",
    "Yu-Chen",
    "Gérard",
    "Léa",
    "Noémie",
    "Thibaut",
    "Céline",
    "Maël",
    "Hsin-Yi",
    "Po-Han",
    "Sophie",
    "Lucas",
    "Inès",
    "Chloé",
];
const FAMILY: &[&str] = &[
    "Lefèvre",
    "Lemaître",
    "Dubois",
    "Martin",
    "Van den Broeck",
    "Lambert",
    "Renard",
    "Dupont",
    "Chen",
    "Lin",
    "Wang",
    "Huang",
    "Noël",
    "Peeters",
    "Janssens",
    "Maes",
    "Claes",
    "Goossens",
    "Wouters",
    "Hermans",
    "Tsai",
    "Chang",
    "Liu",
    "Yang",
];
const CHINESE: &[&str] = &[
    "陳美玲",
    "林偉廷",
    "王家豪",
    "黃郁貞",
    "李娜",
    "周逸",
    "張志明",
    "蔡欣怡",
    "劉柏翰",
];
const ORGS: &[&str] = &[
    "CHC Mont Légia",
    "CHU de Liège",
    "Clinique Saint-Joseph",
    "Université de Liège",
    "Awex",
    "National Taiwan University Hospital",
    "Taipei Veterans General Hospital",
    "ITRI",
    "Chang Gung Memorial Hospital",
    "Taipei Medical University",
    "Hôpital Erasme",
    "CHU Charleroi",
    "Grand Hôpital de Charleroi",
    "Vivalia",
    "CHR Namur",
    "Biotech Hsinchu",
];

/// CPU seconds (user + system) this process has used so far, from `/proc/self/stat` (Linux; 0
/// elsewhere). On a machine shared with others the wall time depends on their load; the CPU
/// time much less.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces): state is the 3rd field, utime
    // and stime the 14th and 15th, in clock ticks (100 per second on Linux).
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Opening the file with and without the page scan, in this process; then `passerelle-cli
/// search` (built next to this example: `cargo build --release -p passerelle-core --bin
/// passerelle-cli`) timed from spawn to exit (goal: under 50 ms).
fn open_and_cli_timed(db: &std::path::Path, rows: usize) {
    let median = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        (times[times.len() / 2], times[0], times[times.len() - 1])
    };
    for (what, integrity) in [
        (
            "checked (app start)",
            passerelle_core::store::Integrity::Check,
        ),
        (
            "unchecked (a command)",
            passerelle_core::store::Integrity::Skip,
        ),
    ] {
        let times = (0..5)
            .map(|_| {
                let t = Instant::now();
                let store =
                    Store::open_with(db, integrity, std::sync::Arc::new(chrono::Utc::now)).unwrap();
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                drop(store);
                ms
            })
            .collect();
        let (p50, min, max) = median(times);
        println!(
            "open {what}: p50 {p50:.1} ms, min {min:.1} ms, max {max:.1} ms over {rows} contacts"
        );
    }
    let cli = std::env::current_exe()
        .ok()
        .and_then(|e| Some(e.parent()?.parent()?.join("passerelle-cli")))
        .filter(|p| p.exists());
    let Some(cli) = cli else {
        println!("cli search: passerelle-cli is not built next to this example, skipped");
        return;
    };
    for query in ["dubois", "legia", "陳美", "du", "é"] {
        let times = (0..11)
            .map(|_| {
                let t = Instant::now();
                let out = std::process::Command::new(&cli)
                    .arg("--db")
                    .arg(db)
                    .args(["search", query, "--json"])
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        let (p50, min, max) = median(times);
        println!(
            "cli search {query:?}: wall p50 {p50:.1} ms, min {min:.1} ms, max {max:.1} ms, \
             process start included, {rows} contacts (goal < 50 ms)"
        );
    }
}

/// A CSV export of `rows` contacts, e-mail addresses at `domain`.
fn generate(rng: &mut Rng, rows: usize, domain: &str) -> Vec<u8> {
    // Distinct orgs: each base name in many towns, as in a real national directory.
    let mut csv = String::from(
        "First Name,Last Name,Native name,Company,Job Title,E-mail Address,Mobile Phone,Country\n",
    );
    for i in 0..rows {
        let given = rng.pick(GIVEN);
        let family = rng.pick(FAMILY);
        let native = if rng.next().is_multiple_of(4) {
            rng.pick(CHINESE)
        } else {
            ""
        };
        let org = format!("{} {}", rng.pick(ORGS), rng.next() % 50);
        let phone = format!("+32 47{} {:02} {:02} {:02}", i % 10, i % 97, i % 89, i % 83);
        writeln!(
            csv,
            "{given},{family},{native},\"{org}\",Médecin,{}.{}.{i}@{domain},{phone},BE",
            given.to_lowercase().replace(['é', 'è', 'ë', 'ï'], "e"),
            family.to_lowercase().replace(' ', ""),
        )
        .unwrap();
    }
    csv.into_bytes()
}

/// Times the two steps of the import wizard on the file: the preview (parse + dry run) and the
/// import itself (parse + plan + write, committed), wall and CPU time; checks that the import
/// did what the preview announced.
fn import_timed(store: &Store, bytes: &[u8], what: &str) {
    let options = ImportOptions {
        default_country: "BE".into(),
        source: "benchmark".into(),
        lawful_basis: LawfulBasis::LegitimateInterests,
        collected_on: "2025-05-01".into(),
        lang: None,
    };
    let started = Instant::now();
    let file = import::parse(bytes, None).unwrap();
    let mapping = import::guess_mapping(file.format, &file.headers);
    let plan = store
        .read(|c| import::plan(c, &file, &mapping, &options))
        .unwrap();
    let previewed = started.elapsed();
    drop((file, plan.rows));

    let started = Instant::now();
    let cpu_started = cpu_seconds();
    let file = import::parse(bytes, None).unwrap();
    let parsed = started.elapsed();
    let report = store
        .write("benchmark import", |w| {
            import::commit(w, &file, &mapping, &options, "2025-05-01T00:00:00Z")
        })
        .unwrap();
    let total = started.elapsed();
    let cpu = cpu_seconds() - cpu_started;
    assert_eq!(
        (report.created, report.updated, report.duplicates),
        (plan.created, plan.updated, plan.duplicates),
        "the import did what its preview said"
    );
    println!(
        "{what}: {} created, {} updated, {} duplicates, {} rejected; preview (parse + dry run) {:.2} s; import: parse {:.2} s + plan and write {:.2} s = {:.2} s (goal < 3 s), CPU {:.2} s",
        report.created,
        report.updated,
        report.duplicates,
        report.rejected.len(),
        previewed.as_secs_f64(),
        parsed.as_secs_f64(),
        (total - parsed).as_secs_f64(),
        total.as_secs_f64(),
        cpu,
    );
}

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    // BENCH_DB=path keeps the database for a look afterwards.
    let db = std::env::var_os("BENCH_DB").map_or_else(
        || dir.path().join("bench.sqlite3"),
        std::path::PathBuf::from,
    );
    let store = Store::open(&db).unwrap();
    let mut rng = Rng(0x5eed_1234_abcd);

    let bytes = generate(&mut rng, rows, "example.be");
    println!(
        "bench-directory: {} rows, {:.1} MB of CSV",
        rows,
        bytes.len() as f64 / 1e6
    );
    import_timed(&store, &bytes, "import");
    if std::env::var_os("BENCH_FIRST_IMPORT_ONLY").is_some() {
        return; // for profiling the first import alone
    }

    // Searches: substrings people type, accents dropped, some 2-character Chinese names.
    let mut queries: Vec<String> = Vec::new();
    for _ in 0..400 {
        let name = format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY));
        let chars: Vec<char> = passerelle_core::directory::fold(&name).chars().collect();
        let len = 3 + (rng.next() % 5) as usize;
        let start = (rng.next() as usize) % chars.len().saturating_sub(len).max(1);
        queries.push(
            chars[start..(start + len).min(chars.len())]
                .iter()
                .collect(),
        );
    }
    for q in [
        "legia",
        "liege",
        "mont légia",
        "chen",
        "dupont",
        "李娜",
        "周逸",
        "陳美",
        "ab",
        "van den",
    ] {
        queries.push(q.to_owned());
    }
    let filters = SearchFilters::default();
    let mut times = Vec::new();
    let mut found = 0;
    store
        .read(|c| {
            // Warm the cache as the app does once open.
            search(c, "warm", &filters, 20)?;
            for q in &queries {
                let t = Instant::now();
                let hits = search(c, q, &filters, 20)?;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                if std::env::var_os("BENCH_VERBOSE").is_some() && t.elapsed().as_millis() > 10 {
                    println!(
                        "  slow: {q:?} {:.1} ms, {} hits",
                        t.elapsed().as_secs_f64() * 1000.0,
                        hits.len()
                    );
                }
                found += usize::from(!hits.is_empty());
            }
            Ok(())
        })
        .unwrap();
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "search: {} queries over {} contacts, {} with hits; first 20 hits p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms (goal p95 < 10 ms)",
        times.len(),
        rows,
        found,
        pct(0.5),
        pct(0.95),
        pct(1.0)
    );

    // A CLI command on this file, as a shell or a script runs it, process start included.
    drop(store);
    open_and_cli_timed(&db, rows);
    let store = Store::open(&db).unwrap();

    // A second file of other people into the directory now holding the first one's contacts.
    let held: i64 = store
        .read(|c| Ok(c.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?))
        .unwrap();
    let bytes = generate(&mut rng, rows, "example.com");
    import_timed(&store, &bytes, &format!("import into {held} contacts"));
}
