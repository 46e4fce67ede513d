//! The e-mail drafts' speed goal (`make bench-mail`, issue 17): 500 personalised drafts, each
//! with two attachments (the person's itinerary PDF and calendar file), written as `.eml` files
//! in under 10 s. The people read French, English or Traditional Chinese. Prints the figures;
//! asserts nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails loudly

use passerelle_core::mail::{self, Audience, MailLang, MailTemplate, MergeRequest};
use passerelle_core::{seed, Store};
use serde_json::json;
use std::time::Instant;

const PEOPLE: usize = 500;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.sqlite3")).unwrap();
    let seed_dir = dir.path().join("seed");
    std::fs::create_dir_all(&seed_dir).unwrap();
    write_seed(&seed_dir);
    seed::load_dir(&store, &seed_dir).unwrap();
    let now = store.now();
    let request = MergeRequest {
        mission_id: "mis_bench".into(),
        template: MailTemplate::Confirmation,
        to: Audience::All,
        lang: MailLang::Auto,
    };
    // The fonts are searched once per process, before the first document: counted apart.
    let t = Instant::now();
    let fonts = passerelle_core::documents::Engine::new().fonts().len();
    let fonts_ms = t.elapsed().as_secs_f64() * 1000.0;

    let mut runs = Vec::new();
    for run in 0..3 {
        let out = dir.path().join(format!("drafts-{run}"));
        let t = Instant::now();
        let merge = store.read(|c| mail::prepare(c, &request, now)).unwrap();
        let prepared = t.elapsed().as_secs_f64();
        let rendered = store.read(|c| mail::render(c, &merge)).unwrap();
        let made = t.elapsed().as_secs_f64();
        let written = mail::write(&out, &rendered).unwrap();
        let total = t.elapsed().as_secs_f64();
        let bytes: usize = rendered.iter().map(|r| r.bytes.len()).sum();
        println!(
            "run {run}: {written} drafts ({} MB, {} skipped): words {:.2} s, attachments and MIME {:.2} s, files {:.2} s = {total:.2} s (goal < 10 s)",
            bytes / 1_000_000,
            merge.skipped.len(),
            prepared,
            made - prepared,
            total - made,
        );
        runs.push(total);
    }
    runs.sort_by(f64::total_cmp);
    println!(
        "median {:.2} s for {PEOPLE} drafts with 2 attachments each, on {} threads (goal < 10 s); fonts: {fonts} faces in {fonts_ms:.0} ms, once per process",
        runs[1],
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
}

fn write_seed(dir: &std::path::Path) {
    let langs = [["fr", "en"], ["en", "fr"], ["zh-TW", "en"]];
    let groups = ["grp_bench_a", "grp_bench_b", "grp_bench_c"];
    let mut contacts = Vec::new();
    let mut delegation = Vec::new();
    for n in 0..PEOPLE {
        let id = format!("con_bench_{n:03}");
        contacts.push(json!({
            "id": id, "givenName": format!("Wei-Ting {n}"), "familyName": "Chen",
            "nativeName": "陳維廷", "title": "Dr.", "role": "Specialist physician",
            "organisation": "org_bench", "email": format!("wei-ting.chen.{n}@example.org"),
            "languages": langs[n % 3],
            "privacy": {"lawfulBasis": "legitimate_interests", "source": "benchmark",
                        "collectedOn": "2025-01-01"}
        }));
        delegation.push(json!({"contact": id, "role": "delegate", "subgroup": groups[n % 3]}));
    }
    let everyone: Vec<String> = (0..PEOPLE).map(|n| format!("con_bench_{n:03}")).collect();
    let mut agenda = Vec::new();
    for (day, date) in ["2025-06-26", "2025-06-27"].iter().enumerate() {
        for slot in 0..8 {
            let hour = 8 + slot;
            let (participants, group): (Vec<String>, Option<&str>) = if slot % 4 == 3 {
                let g = slot % 3;
                (
                    everyone.iter().skip(g).step_by(3).cloned().collect(),
                    Some(groups[g]),
                )
            } else {
                (everyone.clone(), None)
            };
            agenda.push(json!({
                "id": format!("itm_bench_{day}_{slot}"), "kind": "presentation",
                "title": format!("Session {slot} of day {}: medical AI in clinical practice", day + 1),
                "start": format!("{date}T{hour:02}:00"), "end": format!("{date}T{hour:02}:50"),
                "site": "sit_bench", "room": "roo_bench", "status": "confirmed",
                "subgroup": group, "participants": participants,
            }));
        }
    }
    let mission = json!({
        "id": "mis_bench", "title": "Benchmark mission", "originCountry": "TW",
        "hostCountry": "BE", "startDate": "2025-06-26", "endDate": "2025-06-27",
        "homeTz": "Asia/Taipei", "hostTz": "Europe/Brussels",
        "subgroups": groups.iter().map(|g| json!({"id": g, "name": format!("Track {g}")})).collect::<Vec<_>>(),
        "delegation": delegation,
        "sites": [{"id": "sit_bench", "organisation": "org_bench", "name": "CHC Mont Légia",
                   "address": "Boulevard Patience et Beaujonc 2", "postalCode": "4000",
                   "city": "Liège", "country": "BE", "tz": "Europe/Brussels",
                   "rooms": [{"id": "roo_bench", "name": "Salle polyvalente", "capacity": 600}]}],
        "agenda": agenda,
    });
    let organisations = json!([{"id": "org_bench", "name": "Benchmark hospital", "kind": "hospital", "country": "TW"}]);
    std::fs::write(dir.join("mission.json"), mission.to_string()).unwrap();
    std::fs::write(dir.join("contacts.json"), json!(contacts).to_string()).unwrap();
    std::fs::write(dir.join("organisations.json"), organisations.to_string()).unwrap();
}
