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

fn pdf_text(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn an_interpreter_gets_a_briefing_pack_of_their_items_people_and_technologies() {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    // An interpreter joins the delegation and is booked on the cardiology track (`agenda edit`).
    let interpreter = json(&cli(
        &db,
        &[
            "contact",
            "add",
            "--given",
            "Mei-Hua",
            "--family",
            "Lin",
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
    json(&cli(
        &db,
        &[
            "member",
            "add",
            "--mission",
            MISSION,
            "--contact",
            &interpreter,
            "--role",
            "interpreter",
            "--json",
        ],
    ));
    let mut args = vec!["agenda", "edit", "--id", TRACK, "--json"];
    let people = [
        "con_delegate_01",
        "con_delegate_02",
        "con_delegate_03",
        "con_liege_doctor_1",
        interpreter.as_str(),
    ];
    for p in &people {
        args.extend(["--participant", p]);
    }
    json(&cli(&db, &args));

    let export = |lang: &str, contact: Option<&str>| {
        let pdf = db.dir.path().join(format!("pack-{lang}.pdf"));
        let mut args = vec![
            "export",
            "interpreter",
            "--mission",
            MISSION,
            "--lang",
            lang,
            "--out",
            pdf.to_str().unwrap(),
        ];
        if let Some(c) = contact {
            args.extend(["--contact", c]);
        }
        let out = cli(&db, &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        pdf_text(&pdf).replace('\u{200B}', "")
    };
    let fr = export("fr", Some(&interpreter));
    let flat = fr.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Dossier de l’interprète"), "{flat}");
    assert!(
        flat.contains("Mei-Hua Lin") && flat.contains("Interprète"),
        "{flat}"
    );
    // Their track, with whom and in which languages, and what is presented there.
    // (a track is tagged in capitals, named in an item's title in lower case)
    let lower = flat.to_lowercase();
    assert!(lower.contains("parcours cardiologie"), "{flat}");
    assert!(
        !lower.contains("oncologie, imagerie"),
        "a track they are not booked on: {flat}"
    );
    assert!(flat.contains("Technologies à interpréter"), "{flat}");
    // As French documents name it.
    assert!(
        flat.contains("Détection de l’infarctus du myocarde par ECG et IA")
            || flat.contains("Détection de l’infarctus du myocarde par ECG et IA"),
        "{flat}"
    );
    assert!(
        flat.contains("Électrocardiogramme capable de détecter automatiquement l’infarctus")
            || flat.contains("Électrocardiogramme capable de détecter automatiquement l’infarctus"),
        "the technology described: {flat}"
    );
    assert!(flat.contains("chinois (traditionnel)"), "languages: {flat}");
    // Whole-delegation items list the delegation they interpret for.
    assert!(flat.contains("POUR"), "{flat}");

    let zh = export("zh-TW", Some(&interpreter));
    assert!(zh.contains("口譯員簡報資料"), "{zh}");
    assert!(zh.contains("需口譯的技術"), "{zh}");

    // Without --contact: every interpreter of the delegation (here the one).
    let all = export("en", None);
    assert!(all.contains("Mei-Hua Lin"), "{all}");
    assert!(all.contains("Interpreter’s briefing"), "{all}");

    // Someone outside the mission: one line, no file.
    let out = cli(
        &db,
        &[
            "export",
            "interpreter",
            "--mission",
            MISSION,
            "--contact",
            "con_nowhere",
            "--lang",
            "fr",
            "--out",
            db.dir.path().join("x.pdf").to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(!db.dir.path().join("x.pdf").exists());
}
