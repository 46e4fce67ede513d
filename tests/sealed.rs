//! One owner of SQL, a sealed writer: every write to shared data is in the change log (a
//! merge's moved links, a new specialty, a setting), and no SQL statement stands outside
//! `src-tauri/core/src/store/`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{repo_root, TempDb};
use passerelle_core::directory::duplicates;
use passerelle_core::directory::edit::{self, DirectoryKind, NewSpecialty};
use passerelle_core::store::{self, history::LoggedChange};
use passerelle_core::Store;

fn history(store: &Store, entity: &str, id: &str) -> Vec<LoggedChange> {
    store.read(|c| store::history::of(c, entity, id)).unwrap()
}

fn json(s: &str) -> Option<String> {
    Some(serde_json::Value::String(s.into()).to_string())
}

/// A fixture row written beside the store, as another tool would (the writer is sealed).
fn raw(db: &TempDb, sql: &str, params: &[&str]) {
    common::sql(db)
        .execute(sql, rusqlite::params_from_iter(params))
        .unwrap();
}

#[test]
fn a_merge_logs_every_link_it_moves_or_drops() {
    let db = TempDb::new();
    let store = db.open();
    passerelle_core::seed::load(&store, "taiwan-wallonia-2025").unwrap();
    let (keep, item): (String, String) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT contact_id, item_id FROM agenda_participants ORDER BY item_id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    let other_item: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT id FROM agenda_items WHERE id NOT IN
                   (SELECT item_id FROM agenda_participants WHERE contact_id = ?1)
                 ORDER BY id LIMIT 1",
                [&keep],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let mut copy = store.read(|c| store::contacts::get(c, &keep)).unwrap();
    copy.id = "con_copy".into();
    copy.email = None;
    store
        .write("copy", |w| store::contacts::save(w, &copy))
        .unwrap();
    // The copy is invited to the same meeting (a link both records have) and to another one,
    // and owns a follow-up.
    for it in [&item, &other_item] {
        raw(
            &db,
            "INSERT INTO agenda_participants (item_id, contact_id) VALUES (?1, 'con_copy')",
            &[it],
        );
    }
    raw(
        &db,
        "INSERT INTO followups (id, title, contact_id, created_at, updated_at)
         VALUES ('fup_call_back', 'Call back', 'con_copy', 'x', 'x')",
        &[],
    );
    store
        .write("Merge duplicates", |w| {
            duplicates::merge(
                w,
                DirectoryKind::Contact,
                &keep,
                "con_copy",
                "2025-05-01T00:00:00Z",
            )
        })
        .unwrap();

    // A row with an id: its field, before and after.
    let moved = history(&store, "followups", "fup_call_back");
    assert!(
        moved.iter().any(|c| c.label == "Merge duplicates"
            && c.field == "contact_id"
            && c.before == json("con_copy")
            && c.after == json(&keep)),
        "{moved:?}"
    );
    // A link set's rows, as element ops of their owner (they merge on other copies): the new
    // invitation moved (removed, then added for the kept record), the repeated one dropped.
    let invited = history(&store, "agenda_items", &other_item);
    for (before, after) in [(json("con_copy"), None), (None, json(&keep))] {
        assert!(
            invited.iter().any(|c| c.label == "Merge duplicates"
                && c.field == "participants"
                && c.before == before
                && c.after == after),
            "{invited:?}"
        );
    }
    let invitation = history(&store, "agenda_items", &item);
    assert!(
        invitation.iter().any(|c| c.label == "Merge duplicates"
            && c.field == "participants"
            && c.before == json("con_copy")
            && c.after.is_none()),
        "{invitation:?}"
    );
    assert!(
        !invitation
            .iter()
            .any(|c| c.label == "Merge duplicates" && c.after == json(&keep)),
        "{invitation:?}"
    );
    // And the duplicate itself, deleted through the writer.
    let gone = history(&store, "contacts", "con_copy");
    assert!(gone
        .iter()
        .any(|c| c.field == "*" && c.before == json("deleted")));
}

#[test]
fn a_merge_of_organisations_logs_the_moved_references() {
    let db = TempDb::new();
    let store = db.open();
    passerelle_core::seed::load(&store, "taiwan-wallonia-2025").unwrap();
    let (keep, contact): (String, String) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT organisation_id, id FROM contacts WHERE organisation_id IS NOT NULL
                 ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    let mut copy = store.read(|c| store::organisations::get(c, &keep)).unwrap();
    copy.id = "org_copy".into();
    store
        .write("copy", |w| store::organisations::save(w, &copy))
        .unwrap();
    raw(
        &db,
        "UPDATE contacts SET organisation_id = 'org_copy' WHERE id = ?1",
        &[&contact],
    );
    store
        .write("Merge duplicates", |w| {
            duplicates::merge(
                w,
                DirectoryKind::Organisation,
                &keep,
                "org_copy",
                "2025-05-01T00:00:00Z",
            )
        })
        .unwrap();
    let moved = history(&store, "contacts", &contact);
    assert!(
        moved.iter().any(|c| c.field == "organisation_id"
            && c.before == json("org_copy")
            && c.after == json(&keep)),
        "{moved:?}"
    );
}

#[test]
fn a_new_specialty_and_a_changed_setting_are_in_the_change_log() {
    let db = TempDb::new();
    let store = db.open();
    let code = store
        .write("Add specialty", |w| {
            edit::add_specialty(
                w,
                &NewSpecialty {
                    label_en: "Sleep medicine".into(),
                    label_fr: Some("Médecine du sommeil".into()),
                    label_zh: Some("睡眠醫學".into()),
                },
            )
        })
        .unwrap();
    let added = history(&store, "specialties", &code);
    assert!(added
        .iter()
        .any(|c| c.field == "*" && c.after == json("created")));
    assert!(added
        .iter()
        .any(|c| c.field == "label_zh" && c.after == json("睡眠醫學")));
    assert!(store
        .read(store::specialties::list)
        .unwrap()
        .iter()
        .any(|s| s.code == code && s.label_fr == "Médecine du sommeil"));

    for locale in ["fr", "zh-TW", "zh-TW"] {
        store
            .write("Language", |w| store::settings::set(w, "locale", locale))
            .unwrap();
    }
    let changes: Vec<(Option<String>, Option<String>)> = history(&store, "settings", "locale")
        .into_iter()
        .filter(|c| c.field == "value")
        .map(|c| (c.before, c.after))
        .collect();
    assert_eq!(
        changes,
        vec![(None, json("fr")), (json("fr"), json("zh-TW"))],
        "each change once, the unchanged one not at all"
    );
    assert_eq!(
        store
            .read(|c| store::settings::get(c, "locale"))
            .unwrap()
            .as_deref(),
        Some("zh-TW")
    );
}

/// Files that still hold SQL outside `store/` while their owners move it (issue 14); must end
/// empty.
const NOT_YET_MOVED: &[&str] = &[];

/// The SQL statements in a Rust file, by line: keywords in capitals (as every statement here
/// is written), outside comments: `SELECT … FROM`, `INSERT [OR …] INTO`, `UPDATE … SET`,
/// `DELETE FROM`, `CREATE TABLE`, `PRAGMA`.
fn statements(text: &str) -> Vec<(usize, String)> {
    // (line, word) of every word of code.
    let mut words: Vec<(usize, &str)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        words.extend(
            line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .map(|w| (n + 1, w)),
        );
    }
    let within =
        |i: usize, span: usize, w: &str| words[i + 1..].iter().take(span).any(|(_, x)| *x == w);
    let mut out = Vec::new();
    for (i, (n, w)) in words.iter().enumerate() {
        let next = words.get(i + 1).map(|(_, x)| *x);
        let statement = match *w {
            "SELECT" => within(i, 80, "FROM"),
            "INSERT" => next == Some("INTO") || next == Some("OR") && within(i, 3, "INTO"),
            "UPDATE" => within(i, 6, "SET"),
            "DELETE" => next == Some("FROM"),
            "CREATE" => next == Some("TABLE"),
            "PRAGMA" => true,
            _ => false,
        };
        if statement {
            out.push((*n, (*w).to_owned()));
        }
    }
    out.dedup_by_key(|(n, _)| *n);
    out
}

/// Every `.rs` file below `dirs`, at any depth.
fn rust_files(mut dirs: Vec<std::path::PathBuf>) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn no_sql_statement_stands_outside_the_store() {
    let root = repo_root().join("src-tauri");
    let mut found = Vec::new();
    let mut stale = Vec::new();
    for path in rust_files(vec![root.join("core/src"), root.join("src")]) {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel.starts_with("core/src/store/") {
            continue;
        }
        let sql = statements(&std::fs::read_to_string(&path).unwrap());
        if NOT_YET_MOVED.contains(&rel.as_str()) {
            if sql.is_empty() {
                stale.push(rel);
            }
            continue;
        }
        for (n, keyword) in sql {
            found.push(format!("{rel}:{n}: {keyword}"));
        }
    }
    assert!(
        found.is_empty(),
        "SQL outside src-tauri/core/src/store/:\n{}",
        found.join("\n")
    );
    stale.sort();
    assert!(
        stale.is_empty(),
        "no SQL left in these files, take them off NOT_YET_MOVED: {stale:?}"
    );
}

/// Inside `store/`, a statement that writes names its table: only device-local scratch
/// (`store::local::LOCAL_TABLES`), the logs themselves and the search index (derived from the
/// records) are written without the writer's logged primitives (`store/writer/`).
#[test]
fn only_local_tables_logs_and_the_index_are_written_directly() {
    // The sync's own bookkeeping (`store/sync/`): this replica, each field's current op, the
    // tombstones and the conflicts are kept with the log rows they follow.
    let logs = [
        "change_sets",
        "change_log",
        "merge_log",
        "erasure_log",
        "sync_replica",
        "sync_heads",
        "sync_tombstones",
        "sync_conflicts",
    ];
    let dir = repo_root().join("src-tauri/core/src/store");
    let mut found = Vec::new();
    for path in rust_files(vec![dir]) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // The writer (`store/writer/`) is the logged path; migrations create the schema (and
        // their tests); the exchange file's statements write that file, a database of its own,
        // and the team server's (`store/team/server/`) write PostgreSQL, not this file.
        let in_writer = path.parent().is_some_and(|p| p.ends_with("store/writer"));
        let on_server = path
            .parent()
            .is_some_and(|p| p.ends_with("store/team/server"));
        if in_writer || on_server || name == "migrations.rs" || name == "exchange_file.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let words: Vec<&str> = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '{' || c == '}'))
            .filter(|w| !w.is_empty())
            .collect();
        for (i, w) in words.iter().enumerate() {
            let table = match (*w, words.get(i + 1).copied()) {
                ("INSERT", Some("INTO")) | ("DELETE", Some("FROM")) => words.get(i + 2),
                ("INSERT", Some("OR")) => words.get(i + 4),
                ("UPDATE", Some("OR")) => words.get(i + 3),
                // Not the upsert's `ON CONFLICT … DO UPDATE SET` of an INSERT already seen.
                ("UPDATE", _) if i == 0 || words[i - 1] != "DO" => words.get(i + 1),
                _ => None,
            };
            let Some(table) = table.copied() else {
                continue;
            };
            let allowed = store::local::LOCAL_TABLES.contains(&table)
                || logs.contains(&table)
                || table.ends_with("_fts")
                || table == "{table}" && name == "imports.rs";
            if !allowed {
                found.push(format!("{name}: {w} … {table}"));
            }
        }
    }
    assert!(found.is_empty(), "unlogged writes: {found:?}");
}
