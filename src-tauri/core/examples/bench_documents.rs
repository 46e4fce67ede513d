//! The documents' speed goals (`make bench-documents`): the full programme of a 2-day mission
//! plus 30 personal itineraries in under 2 s, and a preview in under 500 ms after an edit.
//! Prints the figures; asserts nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails loudly

use passerelle_core::documents::{self, DocumentKind, DocumentRequest, Engine, Langs};
use passerelle_core::{seed, Store};
use serde_json::json;
use std::time::Instant;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.sqlite3")).unwrap();
    let seed_dir = dir.path().join("seed");
    std::fs::create_dir_all(&seed_dir).unwrap();
    write_seed(&seed_dir);
    seed::load_dir(&store, &seed_dir).unwrap();
    let now = store.now();
    let req = |kind, participant: Option<String>, lang: &str| DocumentRequest {
        kind,
        mission_id: "mis_bench".into(),
        participant,
        versions: None,
        langs: Langs::parse(lang).unwrap(),
    };

    let t = Instant::now();
    let fonts = Engine::new().fonts().len();
    let font_ms = t.elapsed().as_secs_f64() * 1000.0;

    for lang in ["fr", "en+zh-TW"] {
        let t = Instant::now();
        let programme = store
            .read(|c| documents::render(c, &req(DocumentKind::Programme, None, lang), now))
            .unwrap();
        let programme_ms = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let mut bytes = 0;
        for n in 0..30 {
            let who = Some(format!("con_bench_{n:02}"));
            bytes += store
                .read(|c| documents::render(c, &req(DocumentKind::Itinerary, who, lang), now))
                .unwrap()
                .len();
        }
        let itineraries_ms = t.elapsed().as_secs_f64() * 1000.0;
        println!(
            "{lang:9} programme {programme_ms:7.0} ms ({} KB) + 30 itineraries {itineraries_ms:7.0} ms ({} KB) = {:7.0} ms (goal < 2000 ms)",
            programme.len() / 1024,
            bytes / 1024,
            programme_ms + itineraries_ms
        );
    }
    let t = Instant::now();
    let preview = store
        .read(|c| documents::preview(c, &req(DocumentKind::Programme, None, "fr"), now, 4, 1.5))
        .unwrap();
    println!(
        "preview   programme, first 4 of {} pages as PNG: {:.0} ms (goal < 500 ms)",
        preview.page_count,
        t.elapsed().as_secs_f64() * 1000.0
    );
    // What the planner sees: an edit (through the one write path), then the preview redrawn.
    let mut after_edit = Vec::new();
    for n in 0..10 {
        let t = Instant::now();
        store
            .write("retitle", |w| {
                let mut item = passerelle_core::store::agenda::record(w, "itm_bench_0_3")?;
                item.title = format!("Session 3, revised {n}: medical AI in clinical practice");
                passerelle_core::store::agenda::save(w, &item)
            })
            .unwrap();
        store
            .read(|c| documents::preview(c, &req(DocumentKind::Programme, None, "fr"), now, 4, 1.5))
            .unwrap();
        after_edit.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    after_edit.sort_by(f64::total_cmp);
    println!(
        "edit → preview: median {:.0} ms, worst {:.0} ms of 10 (goal < 500 ms)",
        after_edit[5], after_edit[9]
    );
    println!("fonts     {fonts} faces found in {font_ms:.0} ms (once per process)");
}

fn write_seed(dir: &std::path::Path) {
    let mut contacts = Vec::new();
    let mut delegation = Vec::new();
    let groups = ["grp_bench_a", "grp_bench_b", "grp_bench_c"];
    for n in 0..30 {
        let id = format!("con_bench_{n:02}");
        contacts.push(json!({
            "id": id, "givenName": format!("Wei-Ting {n}"), "familyName": "Chen",
            "nativeName": "陳維廷", "title": "Dr.", "role": "Specialist physician",
            "organisation": "org_bench",
            "privacy": {"lawfulBasis": "legitimate_interests", "source": "benchmark",
                        "collectedOn": "2025-01-01"}
        }));
        delegation.push(json!({"contact": id, "role": "delegate", "subgroup": groups[n % 3]}));
    }
    let everyone: Vec<String> = (0..30).map(|n| format!("con_bench_{n:02}")).collect();
    let mut agenda = Vec::new();
    for (day, date) in ["2025-06-26", "2025-06-27"].iter().enumerate() {
        for slot in 0..8 {
            let hour = 8 + slot;
            let sub = slot % 4 == 3;
            let (participants, group): (Vec<String>, Option<&str>) = if sub {
                let g = slot % 3;
                (
                    everyone.iter().skip(g).step_by(3).cloned().collect(),
                    Some(groups[g]),
                )
            } else {
                (everyone.clone(), None)
            };
            agenda.push(json!({
                "id": format!("itm_bench_{day}_{slot}"), "kind": if slot == 0 { "travel" } else { "presentation" },
                "title": format!("Session {slot} of day {}: medical AI in clinical practice", day + 1),
                "description": "Presentations by the delegation's specialists, then questions from the host hospital's physicians and data engineers.",
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
                   "rooms": [{"id": "roo_bench", "name": "Salle polyvalente", "capacity": 60}]}],
        "agenda": agenda,
    });
    let organisations = json!([{"id": "org_bench", "name": "Benchmark hospital", "kind": "hospital", "country": "TW"}]);
    std::fs::write(dir.join("mission.json"), mission.to_string()).unwrap();
    std::fs::write(dir.join("contacts.json"), json!(contacts).to_string()).unwrap();
    std::fs::write(dir.join("organisations.json"), organisations.to_string()).unwrap();
}
