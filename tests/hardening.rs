//! Hardening checks that need no window: the webview's CSP and capabilities stay strict, every
//! command the app registers is declared and permitted, the UI never renders HTML from data,
//! and random input never panics the validation or the seed loader.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::repo_root;
use passerelle_core::domain::{Contact, Mission, Organisation, Technology};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;

fn read(path: &str) -> String {
    std::fs::read_to_string(repo_root().join(path)).unwrap()
}

#[test]
fn the_csp_allows_no_remote_source_and_no_eval() {
    let conf: Value = serde_json::from_str(&read("src-tauri/tauri.conf.json")).unwrap();
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .expect("a CSP object");
    assert_eq!(csp["default-src"], "'self'");
    for (directive, sources) in csp {
        for source in sources.as_str().unwrap().split_whitespace() {
            let allowed = matches!(
                source,
                "'self'" | "'none'" | "data:" | "ipc:" | "http://ipc.localhost"
            ) || (source == "'unsafe-inline'" && directive == "style-src");
            assert!(allowed, "{directive} allows {source}");
        }
    }
    let script = csp["script-src"].as_str().unwrap();
    assert!(!script.contains("unsafe"), "script-src: {script}");
}

#[test]
fn capabilities_grant_only_the_apps_commands_and_events() {
    let caps: Value = serde_json::from_str(&read("src-tauri/capabilities/default.json")).unwrap();
    for permission in caps["permissions"].as_array().unwrap() {
        let p = permission
            .as_str()
            .expect("plain permission identifiers, no scopes");
        let ok = p.starts_with("allow-")
            || matches!(p, "core:event:allow-listen" | "core:event:allow-unlisten")
            // The window's console errors, written to the app's one log file.
            || p == "log:allow-log"
            || p.starts_with("dialog:allow-open")
            || p.starts_with("dialog:allow-save")
            || p.starts_with("notification:");
        assert!(ok, "unexpected permission {p}");
        for broad in [
            "fs:",
            "shell:",
            "http:",
            "opener:",
            "core:webview",
            "core:window:allow-create",
        ] {
            assert!(!p.starts_with(broad), "broad permission {p}");
        }
    }
}

/// The three lists that must agree: `generate_handler!` in main.rs, `COMMANDS` in build.rs and
/// the capability's `allow-…` entries. A command missing from one is unusable at run time.
#[test]
fn every_registered_command_is_declared_and_permitted() {
    let build = read("src-tauri/build.rs");
    let declared: BTreeSet<String> = build
        .split_once("COMMANDS: &[&str] = &[")
        .unwrap()
        .1
        .split_once("];")
        .unwrap()
        .0
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    let mut registered = BTreeSet::new();
    for file in ["src-tauri/src/main.rs", "src-tauri/src/recovery.rs"] {
        let text = read(file);
        for block in text.split("generate_handler![").skip(1) {
            for entry in block.split(']').next().unwrap().split(',') {
                let name = entry.trim().rsplit("::").next().unwrap().trim();
                if !name.is_empty() {
                    registered.insert(name.to_owned());
                }
            }
        }
    }
    let caps: Value = serde_json::from_str(&read("src-tauri/capabilities/default.json")).unwrap();
    let permitted: BTreeSet<String> = caps["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            p.as_str()?
                .strip_prefix("allow-")
                .map(|c| c.replace('-', "_"))
        })
        .collect();
    for command in &registered {
        assert!(
            declared.contains(command),
            "{command} is registered but not in build.rs COMMANDS"
        );
        assert!(
            permitted.contains(command),
            "{command} is registered but not allowed by the capability"
        );
    }
    for command in &declared {
        assert!(
            registered.contains(command),
            "{command} is declared in build.rs but never registered"
        );
    }
}

#[test]
fn the_ui_never_renders_data_as_html() {
    fn walk(dir: &std::path::Path, hits: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, hits);
            } else if path.extension().is_some_and(|e| e == "svelte" || e == "ts") {
                let text = std::fs::read_to_string(&path).unwrap();
                for needle in [
                    "{@html",
                    ".innerHTML",
                    "outerHTML",
                    "insertAdjacentHTML",
                    "eval(",
                ] {
                    if text.contains(needle) {
                        hits.push(format!("{}: {needle}", path.display()));
                    }
                }
            }
        }
    }
    let mut hits = Vec::new();
    walk(&repo_root().join("ui/src"), &mut hits);
    let hits: Vec<_> = hits
        .into_iter()
        .filter(|h| !h.contains(".test.ts"))
        .collect();
    assert!(hits.is_empty(), "{hits:#?}");
}

/// Arbitrary JSON values, biased towards the shapes of records.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
        prop_oneof![
            Just("org_x"),
            Just("con_x"),
            Just("BE"),
            Just("Europe/Brussels"),
            Just("2025-06-26")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(3, 40, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("id".to_owned()),
                    Just("name".to_owned()),
                    Just("kind".to_owned()),
                    Just("country".to_owned()),
                    Just("latitude".to_owned()),
                    Just("givenName".to_owned()),
                    Just("familyName".to_owned()),
                    Just("email".to_owned()),
                    Just("privacy".to_owned()),
                    Just("title".to_owned()),
                    "[a-zA-Z]{1,10}",
                ],
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_records_never_panic_the_validation(value in json_value()) {
        if let Ok(o) = serde_json::from_value::<Organisation>(value.clone()) { let _ = o.validate(); }
        if let Ok(c) = serde_json::from_value::<Contact>(value.clone()) { let _ = c.validate(); }
        if let Ok(t) = serde_json::from_value::<Technology>(value.clone()) { let _ = t.validate(); }
        if let Ok(m) = serde_json::from_value::<Mission>(value) { let _ = m.validate(); }
    }

    #[test]
    fn random_times_never_panic(text in ".{0,40}") {
        let _ = passerelle_core::time::parse_instant("start", &text, chrono_tz::Europe::Brussels);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn random_seed_files_are_refused_cleanly(orgs in json_value(), contacts in json_value(), mission in json_value()) {
        let db = common::TempDb::new();
        let store = db.open();
        let dir = db.dir.path().join("seed");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("organisations.json"), orgs.to_string()).unwrap();
        std::fs::write(dir.join("contacts.json"), contacts.to_string()).unwrap();
        std::fs::write(dir.join("mission.json"), mission.to_string()).unwrap();
        if passerelle_core::seed::load_dir(&store, &dir).is_err() {
            prop_assert_eq!(common::count(&store, "organisations"), 0);
            prop_assert_eq!(common::count(&store, "change_sets"), 0);
        }
    }
}

/// The app opens its file without waiting for the page scan, which runs after on a thread of
/// its own (`Integrity::Background`): a damaged page is reported by that scan, every write is
/// then refused in the planner's language, and the file is left exactly as it was, even when
/// the store closes (no checkpoint into it).
#[test]
fn the_background_check_reports_damage_and_refuses_every_write() {
    use passerelle_core::{store, Error, Store};
    let db = common::TempDb::new();
    passerelle_core::seed::load(&db.open(), "taiwan-wallonia-2025").unwrap();
    common::damage_table(&db.path, "contacts");
    let bytes = std::fs::read(&db.path).unwrap();

    let store = Store::open_checking_in_background(&db.path).expect("opened before the scan");
    let err = store.checked().expect_err("the scan found no damage");
    assert!(matches!(err, Error::NotADatabase { .. }), "{err}");
    assert!(err.to_string().contains("damaged"), "{err}");
    assert!(store.found_damage());
    let write = store.write("action.setLanguage", |w| {
        store::settings::set(w, "locale", "fr")
    });
    let refused = write.expect_err("a write on a damaged file");
    let api = refused.to_api();
    assert_eq!(
        (api.kind, api.code.as_deref()),
        ("conflict", Some("fileDamaged")),
        "{refused}"
    );
    let message = passerelle_core::messages::Message::new("fileDamaged");
    assert!(message
        .render(passerelle_core::documents::locale::Lang::Fr)
        .contains("endommagé"));
    drop(store);
    assert_eq!(std::fs::read(&db.path).unwrap(), bytes, "left untouched");
}

/// The background scan waits for the window's first screen (`Store::start_check`) so as not to
/// share the cores with the start (issue 14), and starts on its own 3 s after the open when no
/// window says so.
#[test]
fn the_background_check_starts_after_the_first_screen_or_on_its_own() {
    use passerelle_core::Store;
    use std::time::{Duration, Instant};
    let db = common::TempDb::new();
    passerelle_core::seed::load(&db.open(), "taiwan-wallonia-2025").unwrap();
    common::damage_table(&db.path, "contacts");
    let found_within = |store: &Store, limit: Duration| {
        let until = Instant::now() + limit;
        while Instant::now() < until {
            if store.found_damage() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    };

    let opened = Instant::now();
    let store = std::sync::Arc::new(Store::open_checking_in_background(&db.path).unwrap());
    // A thread waiting for the verdict, as the app's start-up backup does, does not hasten it.
    let watcher = std::thread::spawn({
        let store = std::sync::Arc::clone(&store);
        move || store.checked().is_err()
    });
    std::thread::sleep(Duration::from_millis(300));
    // Not started yet (unless this machine stalled for seconds since the open).
    if opened.elapsed() < Duration::from_secs(2) {
        assert!(
            !store.found_damage(),
            "the scan ran before the first screen"
        );
    }
    store.start_check();
    assert!(
        found_within(&store, Duration::from_secs(30)),
        "started, the scan found the damage"
    );
    assert!(
        watcher.join().unwrap(),
        "the watcher was told of the damage"
    );
    drop(store);

    let opened = Instant::now();
    let store = Store::open_checking_in_background(&db.path).unwrap();
    assert!(
        found_within(&store, Duration::from_secs(30)),
        "the scan started on its own"
    );
    assert!(
        opened.elapsed() >= Duration::from_secs(3),
        "{:?}",
        opened.elapsed()
    );
}

/// A sound file passes the background scan, and a write made before its verdict waits for it.
#[test]
fn the_background_check_passes_a_sound_file() {
    use passerelle_core::{store, Store};
    let db = common::TempDb::new();
    passerelle_core::seed::load(&db.open(), "taiwan-wallonia-2025").unwrap();
    let store = Store::open_checking_in_background(&db.path).unwrap();
    store
        .write("action.setLanguage", |w| {
            store::settings::set(w, "locale", "fr")
        })
        .expect("a write on a sound file");
    store.checked().expect("a sound file");
    assert!(!store.found_damage());
    let locale = store.read(|c| store::settings::get(c, "locale")).unwrap();
    assert_eq!(locale.as_deref(), Some("fr"));
}
