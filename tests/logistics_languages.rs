//! Languages and interpreters (issue 18, part 5) on real files: the Liège cardiology track
//! where the doctor speaks only French and the delegates only Chinese is flagged by
//! `passerelle-cli check` in the planner's language; an interpreter booked on the item clears it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{cli, json, TempDb};
use passerelle_core::store;
use rusqlite::types::Value as Sql;
use serde_json::Value;

const MISSION: &str = "mis_tsha_wallonia_2025";
const TRACK: &str = "itm_d2_one_to_one_cardiology";

fn language_conflicts(db: &TempDb, lang: &str) -> Vec<Value> {
    let out = json(&cli(
        db,
        &["check", "--mission", MISSION, "--lang", lang, "--json"],
    ));
    out["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "language")
        .cloned()
        .collect()
}

#[test]
fn a_meeting_with_no_shared_language_is_flagged_until_an_interpreter_is_booked() {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    assert!(
        language_conflicts(&db, "en").is_empty(),
        "the demo shares English"
    );

    let store = db.open();
    let speaks = |id: &str, langs: &str| {
        store
            .write("action.editContact", |w| {
                w.save("contacts", id, &[("languages", Sql::Text(langs.into()))])?;
                Ok(())
            })
            .unwrap();
    };
    speaks("con_liege_doctor_1", r#"["fr"]"#);
    for d in ["con_delegate_01", "con_delegate_02", "con_delegate_03"] {
        speaks(d, r#"["zh-TW"]"#);
    }
    let found = language_conflicts(&db, "fr");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["code"], "conflict.noSharedLanguage");
    assert_eq!(found[0]["items"][0], TRACK);
    let text = found[0]["message"].as_str().unwrap();
    assert!(
        text.contains("aucune langue en commun") && text.contains("interprète"),
        "{text}"
    );
    let zh = language_conflicts(&db, "zh-TW");
    assert!(
        zh[0]["message"].as_str().unwrap().contains("口譯"),
        "{zh:?}"
    );

    // An interpreter, added to the directory and booked on the track, speaks both.
    let interpreter = json(&cli(
        &db,
        &[
            "contact",
            "add",
            "--given",
            "Lin",
            "--family",
            "Interprète",
            "--language",
            "fr",
            "--language",
            "zh-TW",
            "--json",
        ],
    ))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    store
        .write("action.editItem", |w| {
            w.scope_to_mission(MISSION)?;
            w.add_link(
                &store::agenda::PARTICIPANTS,
                TRACK,
                &[Sql::Text(interpreter.clone())],
            )?;
            Ok(())
        })
        .unwrap();
    assert!(language_conflicts(&db, "en").is_empty());
}
