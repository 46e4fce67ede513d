//! `passerelle-cli` as automation uses it: JSON on stdout, exit codes, one clear error line.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{assert_unchanged, cli, file_bytes, json, one_error_line, sql, TempDb};

/// The demo mission's items, as `list agenda --json` prints them.
fn demo_agenda(db: &TempDb) -> serde_json::Value {
    json(&cli(
        db,
        &[
            "list",
            "agenda",
            "--mission",
            "mis_tsha_wallonia_2025",
            "--json",
        ],
    ))
}

#[test]
fn seed_then_list_everything_as_json() {
    let db = TempDb::new();
    let report = json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    assert!(report["created"].as_u64().unwrap() > 50);

    for what in ["organisations", "contacts", "technologies", "missions"] {
        let list = json(&cli(&db, &["list", what, "--json"]));
        assert!(!list.as_array().unwrap().is_empty(), "{what}");
    }
    let missions = json(&cli(&db, &["list", "missions", "--json"]));
    assert_eq!(missions[0]["id"], "mis_tsha_wallonia_2025");
    assert_eq!(missions[0]["startDate"], "2025-06-26");

    let orgs = json(&cli(&db, &["list", "organisations", "--json"]));
    let names: Vec<&str> = orgs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert!(
        names.iter().any(|n| n.contains("Mont Légia")),
        "accents intact: {names:?}"
    );

    let agenda = demo_agenda(&db);
    let items = agenda.as_array().unwrap();
    assert!(items.len() >= 8);
    for item in items {
        let start = item["start"].as_str().unwrap();
        let parsed = chrono::DateTime::parse_from_rfc3339(start).expect("ISO-8601 with offset");
        assert_eq!(
            parsed.offset().local_minus_utc(),
            2 * 3600,
            "{start}: Brussels summer time"
        );
        assert!(item["end"].as_str().unwrap() > start);
    }
    let first_days: Vec<&str> = items
        .iter()
        .map(|i| &i["start"].as_str().unwrap()[..10])
        .collect();
    assert!(first_days.contains(&"2025-06-26") && first_days.contains(&"2025-06-27"));
}

#[test]
fn bad_input_exits_non_zero_with_one_line_and_changes_nothing() {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    let before = file_bytes(&db);

    let err = one_error_line(&cli(&db, &["seed", "atlantis-2030"]));
    assert!(err.contains("unknown seed 'atlantis-2030'"), "{err}");

    let err = one_error_line(&cli(&db, &["list", "agenda", "--json"]));
    assert!(err.contains("--mission"), "{err}");

    let err = one_error_line(&cli(
        &db,
        &["list", "agenda", "--mission", "mis_nowhere", "--json"],
    ));
    assert!(err.contains("mis_nowhere"), "{err}");

    assert_unchanged(&db, &before);
}

#[test]
fn a_newer_database_is_refused_by_the_cli() {
    let db = TempDb::new();
    json(&cli(&db, &["list", "missions", "--json"]));
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let err = one_error_line(&cli(&db, &["list", "missions", "--json"]));
    assert!(err.contains("newer"), "{err}");
}

#[test]
fn a_contact_is_edited_field_by_field_and_bad_input_changes_nothing() {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    let id = "con_liege_doctor_1";
    let held = |db: &TempDb| {
        let out = db.dir.path().join("held.json");
        let done = cli(
            db,
            &["contact", "export", id, "--out", out.to_str().unwrap()],
        );
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        v["data"]["contact"].clone()
    };
    let before = held(&db);

    let edited = json(&cli(
        &db,
        &[
            "contact",
            "edit",
            "--id",
            id,
            "--email",
            "dr.one@chuliege.be",
            "--language",
            "fr",
            "--language",
            "zh",
            "--json",
        ],
    ));
    assert_eq!(edited["id"], id);
    let after = held(&db);
    assert_eq!(after["email"], "dr.one@chuliege.be");
    assert_eq!(after["languages"], serde_json::json!(["fr", "zh"]));
    // What was not given is kept.
    assert_eq!(after["family_name"], before["family_name"]);
    assert_eq!(after["organisation_id"], before["organisation_id"]);

    // "" empties an optional field; --no-languages clears the list.
    json(&cli(
        &db,
        &[
            "contact",
            "edit",
            "--id",
            id,
            "--phone",
            "",
            "--no-languages",
            "--json",
        ],
    ));
    let cleared = held(&db);
    assert!(cleared["phone"].is_null(), "{cleared}");
    assert_eq!(cleared["languages"], serde_json::json!([]));

    // A malformed address or an unknown lawful basis: one line, nothing written.
    let file = file_bytes(&db);
    let err = one_error_line(&cli(
        &db,
        &["contact", "edit", "--id", id, "--email", "not an address"],
    ));
    assert!(err.contains("email"), "{err}");
    let err = one_error_line(&cli(
        &db,
        &["contact", "edit", "--id", id, "--lawful-basis", "whim"],
    ));
    assert!(err.contains("whim"), "{err}");
    assert_unchanged(&db, &file);
    assert_eq!(held(&db)["email"], "dr.one@chuliege.be");
}

#[test]
fn organisations_and_technologies_have_a_whole_life_in_the_cli() {
    let db = TempDb::new();
    let id_of = |out: &std::process::Output| json(out)["id"].as_str().unwrap().to_owned();
    let listed = |db: &TempDb, what: &str, id: &str| {
        json(&cli(db, &["list", what, "--json"]))
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
    };
    let org = id_of(&cli(
        &db,
        &[
            "organisation",
            "add",
            "--name",
            "Clinique Saint-Luc",
            "--kind",
            "hospital",
            "--country",
            "BE",
            "--website",
            "https://slbo.be",
            "--json",
        ],
    ));
    json(&cli(
        &db,
        &[
            "organisation",
            "edit",
            "--id",
            &org,
            "--city",
            "Namur",
            "--short-name",
            "CSL",
            "--website",
            "",
            "--json",
        ],
    ));
    let shown = listed(&db, "organisations", &org).expect("listed");
    assert_eq!(
        (
            &shown["name"],
            &shown["city"],
            &shown["shortName"],
            &shown["kind"]
        ),
        (
            &serde_json::json!("Clinique Saint-Luc"),
            &serde_json::json!("Namur"),
            &serde_json::json!("CSL"),
            &serde_json::json!("hospital")
        )
    );

    let tec = id_of(&cli(
        &db,
        &[
            "technology",
            "add",
            "--name",
            "ECG à distance",
            "--owner",
            &org,
            "--specialty",
            "cardiology",
            "--maturity",
            "prototype",
            "--name-in",
            "zh-TW=遠距心電圖",
            "--json",
        ],
    ));
    json(&cli(
        &db,
        &[
            "technology",
            "edit",
            "--id",
            &tec,
            "--maturity",
            "certified",
            "--name-in",
            "en=Remote ECG",
            "--json",
        ],
    ));
    // Its names for each language's documents: the Chinese given on creation kept by an edit
    // that gives the English.
    let names: (Option<String>, Option<String>) = sql(&db)
        .query_row(
            "SELECT name_en, name_zh_tw FROM technologies WHERE id = ?1",
            [&tec],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        names,
        (Some("Remote ECG".into()), Some("遠距心電圖".into()))
    );
    let shown = listed(&db, "technologies", &tec).expect("listed");
    assert_eq!(shown["owner"]["id"], org.as_str());
    assert_eq!(shown["maturity"], "certified");
    assert_eq!(shown["specialties"], serde_json::json!(["cardiology"]));

    // Bad input: one line, the file unchanged.
    let file = file_bytes(&db);
    let err = one_error_line(&cli(
        &db,
        &["organisation", "edit", "--id", &org, "--kind", "castle"],
    ));
    assert!(err.contains("castle"), "{err}");
    let err = one_error_line(&cli(
        &db,
        &["technology", "edit", "--id", &tec, "--maturity", "ripe"],
    ));
    assert!(err.contains("ripe"), "{err}");
    let err = one_error_line(&cli(&db, &["organisation", "delete", "org_nobody"]));
    assert!(err.contains("org_nobody"), "{err}");
    assert_unchanged(&db, &file);

    // Archived: out of the lists, every link kept; --undo brings it back.
    let person = id_of(&cli(
        &db,
        &[
            "contact",
            "add",
            "--given",
            "Anne",
            "--family",
            "Dubois",
            "--organisation",
            &org,
            "--json",
        ],
    ));
    for (what, kind, id) in [
        ("technologies", "technology", &tec),
        ("organisations", "organisation", &org),
        ("contacts", "contact", &person),
    ] {
        let done = json(&cli(&db, &[kind, "archive", id, "--json"]));
        assert_eq!(done["archived"], true);
        assert!(listed(&db, what, id).is_none(), "{kind} still listed");
        json(&cli(&db, &[kind, "archive", id, "--undo", "--json"]));
        assert!(listed(&db, what, id).is_some(), "{kind} not back");
    }
    assert_eq!(
        listed(&db, "contacts", &person).unwrap()["organisation"]["id"],
        org.as_str()
    );

    // Deleted: the person and the technology stay, without it; the counts say so.
    let done = json(&cli(&db, &["organisation", "delete", &org, "--json"]));
    assert_eq!(done["deleted"], org.as_str());
    assert_eq!(done["links"]["contacts"], 1, "{done}");
    assert_eq!(done["links"]["technologies"], 1, "{done}");
    assert!(listed(&db, "organisations", &org).is_none());
    assert!(listed(&db, "contacts", &person).unwrap()["organisation"].is_null());
    assert!(listed(&db, "technologies", &tec).unwrap()["owner"].is_null());
    let done = json(&cli(&db, &["technology", "delete", &tec, "--json"]));
    assert_eq!(done["deleted"], tec.as_str());
    assert!(listed(&db, "technologies", &tec).is_none());
}

/// The shared specialty list has its whole life beside the window: listed, added, renamed in
/// its three languages (the code the records hold stays, and so do the records' links), and a
/// rename to another specialty's label or of an unknown code is refused, the file unchanged.
#[test]
fn specialties_are_listed_added_and_renamed_from_the_cli() {
    let db = TempDb::new();
    assert!(cli(&db, &["seed", "taiwan-wallonia-2025"]).status.success());
    let listed = json(&cli(&db, &["specialty", "list"]));
    let cardiology = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "cardiology")
        .expect("cardiology is in the list");
    assert_eq!(cardiology["labelFr"], "Cardiologie");
    let holders: i64 = sql(&db)
        .query_row(
            "SELECT count(*) FROM contact_specialties WHERE specialty = 'cardiology'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(holders > 0);

    let added = json(&cli(
        &db,
        &[
            "specialty",
            "add",
            "--en",
            "Tele-ICU",
            "--fr",
            "Télé-réanimation",
        ],
    ));
    assert_eq!(added["code"], "tele_icu");

    let done = json(&cli(
        &db,
        &[
            "specialty",
            "edit",
            "cardiology",
            "--en",
            "Cardiology and vascular medicine",
            "--fr",
            "Cardiologie et médecine vasculaire",
            "--zh",
            "心臟血管科",
        ],
    ));
    assert_eq!(done["code"], "cardiology");
    let (en, fr, zh, still): (String, String, String, i64) = sql(&db)
        .query_row(
            "SELECT label_en, label_fr, label_zh,
                    (SELECT count(*) FROM contact_specialties WHERE specialty = 'cardiology')
               FROM specialties WHERE code = 'cardiology'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (en.as_str(), fr.as_str(), zh.as_str()),
        (
            "Cardiology and vascular medicine",
            "Cardiologie et médecine vasculaire",
            "心臟血管科"
        )
    );
    assert_eq!(still, holders, "the people keep their specialty");

    // Refused, nothing changed: another specialty's label, an unknown code, an empty label.
    let file = file_bytes(&db);
    let err = one_error_line(&cli(
        &db,
        &["specialty", "edit", "cardiology", "--en", "oncology"],
    ));
    assert!(err.contains("oncology"), "{err}");
    let err = one_error_line(&cli(
        &db,
        &["specialty", "edit", "astrology", "--en", "Astrology"],
    ));
    assert!(err.contains("astrology"), "{err}");
    let err = one_error_line(&cli(&db, &["specialty", "edit", "cardiology", "--en", " "]));
    assert!(!err.is_empty());
    assert_unchanged(&db, &file);
}

/// A specialty taken out of the list from the CLI: merged into another (its holders hold that
/// one instead, contacts, technologies and departments alike), or dropped (they keep their
/// records, without it); an unknown code, a merge into itself or into an unknown code is
/// refused with the file unchanged.
#[test]
fn a_specialty_is_merged_into_another_or_dropped_from_the_cli() {
    let db = TempDb::new();
    assert!(cli(&db, &["seed", "taiwan-wallonia-2025"]).status.success());
    let count = |sql_text: &str| -> i64 { sql(&db).query_row(sql_text, [], |r| r.get(0)).unwrap() };
    let holding = |code: &str| {
        (
            count(&format!(
                "SELECT count(*) FROM contact_specialties WHERE specialty = '{code}'"
            )),
            count(&format!(
                "SELECT count(*) FROM technology_specialties WHERE specialty = '{code}'"
            )),
            count(&format!(
                "SELECT count(*) FROM departments WHERE specialty = '{code}'"
            )),
        )
    };
    let (contacts, technologies, departments) = holding("cardiology");
    assert!(contacts > 0 && technologies + departments > 0);
    let people = count("SELECT count(*) FROM contacts");

    // Refused, nothing changed.
    let file = file_bytes(&db);
    let err = one_error_line(&cli(&db, &["specialty", "delete", "astrology"]));
    assert!(err.contains("astrology"), "{err}");
    let err = one_error_line(&cli(
        &db,
        &["specialty", "delete", "cardiology", "--into", "cardiology"],
    ));
    assert!(!err.is_empty());
    let err = one_error_line(&cli(
        &db,
        &["specialty", "delete", "cardiology", "--into", "astrology"],
    ));
    assert!(err.contains("astrology"), "{err}");
    assert_unchanged(&db, &file);

    // A duplicate entered by hand, merged into the entry kept.
    let added = json(&cli(&db, &["specialty", "add", "--en", "Heart medicine"]));
    assert_eq!(added["code"], "heart_medicine");
    let done = json(&cli(
        &db,
        &[
            "specialty",
            "delete",
            "cardiology",
            "--into",
            "heart_medicine",
        ],
    ));
    assert_eq!(done["deleted"], "cardiology");
    assert_eq!(done["into"], "heart_medicine");
    assert_eq!(done["links"]["contact_specialties"], contacts);
    assert_eq!(holding("cardiology"), (0, 0, 0));
    assert_eq!(
        holding("heart_medicine"),
        (contacts, technologies, departments)
    );
    assert_eq!(
        count("SELECT count(*) FROM specialties WHERE code = 'cardiology'"),
        0
    );

    // Dropped: the holders stay, without it; the deletion is on the record.
    let done = json(&cli(&db, &["specialty", "delete", "heart_medicine"]));
    assert!(done["into"].is_null());
    assert_eq!(holding("heart_medicine"), (0, 0, 0));
    assert_eq!(count("SELECT count(*) FROM contacts"), people);
    assert_eq!(
        count(
            "SELECT count(*) FROM change_log
              WHERE entity = 'specialties' AND entity_id = 'heart_medicine' AND field = '*'"
        ),
        2,
        "created and deleted, both logged"
    );
}

/// `agenda copy` makes a new tentative item from another: its people, technologies, place and
/// track, at the times given (in the site's zone), the original untouched; an unknown item is
/// refused with the file unchanged.
#[test]
fn an_item_is_copied_from_the_cli_with_its_people_at_another_time() {
    let db = TempDb::new();
    assert!(cli(&db, &["seed", "taiwan-wallonia-2025"]).status.success());
    let one = |q: &str| -> String { sql(&db).query_row(q, [], |r| r.get(0)).unwrap() };
    let original = one(
        "SELECT item_id FROM agenda_participants GROUP BY item_id HAVING count(*) > 1
          ORDER BY item_id LIMIT 1",
    );
    let people = |id: &str| {
        one(&format!(
            "SELECT ifnull(group_concat(contact_id, ' '), '') FROM
               (SELECT contact_id FROM agenda_participants WHERE item_id = '{id}' ORDER BY 1)"
        ))
    };
    let fields = |id: &str| {
        one(&format!(
            "SELECT kind || '|' || title || '|' || ifnull(site_id, '') || '|' || ifnull(subgroup_id, '')
               FROM agenda_items WHERE id = '{id}'"
        ))
    };
    let day = one(&format!(
        "SELECT substr(starts_at, 1, 10) FROM agenda_items WHERE id = '{original}'"
    ));
    let before = (fields(&original), people(&original));

    let file = file_bytes(&db);
    let err = one_error_line(&cli(
        &db,
        &["agenda", "copy", "--id", "itm_nowhere", "--json"],
    ));
    assert!(err.contains("itm_nowhere"), "{err}");
    assert_unchanged(&db, &file);

    let copied = json(&cli(
        &db,
        &[
            "agenda",
            "copy",
            "--id",
            &original,
            "--start",
            &format!("{day}T18:00"),
            "--end",
            &format!("{day}T18:30"),
            "--json",
        ],
    ));
    let copy = copied["id"].as_str().unwrap().to_owned();
    assert_ne!(copy, original);
    assert_eq!(fields(&copy), before.0);
    // 18:00 in Brussels in June is 16:00 UTC.
    assert_eq!(
        one(&format!(
            "SELECT starts_at FROM agenda_items WHERE id = '{copy}'"
        )),
        format!("{day}T16:00:00Z")
    );
    assert_eq!(people(&copy), before.1);
    assert_eq!(
        one(&format!(
            "SELECT status FROM agenda_items WHERE id = '{copy}'"
        )),
        "tentative"
    );
    assert_eq!(
        (fields(&original), people(&original)),
        before,
        "the original changed"
    );
}

/// Tags are tidied across the directory from the CLI: listed with their counts, renamed (into
/// a tag already used: merged, each person filed once), taken off everyone (the people stay);
/// an unknown tag or a name with a comma is refused with the file unchanged.
#[test]
fn tags_are_listed_renamed_merged_and_removed_from_the_cli() {
    let db = TempDb::new();
    assert!(cli(&db, &["seed", "taiwan-wallonia-2025"]).status.success());
    let count = |q: &str| -> i64 { sql(&db).query_row(q, [], |r| r.get(0)).unwrap() };
    let holding = |tag: &str| {
        count(&format!(
            "SELECT count(*) FROM contact_tags WHERE tag = '{tag}'"
        ))
    };
    let listed = json(&cli(&db, &["tag", "list"]));
    let of = |tag: &str| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["tag"] == tag)
            .map(|t| t["contacts"].as_i64().unwrap())
    };
    let (hosts, doctors) = (holding("hôte"), holding("médecin liégeois"));
    assert_eq!(of("hôte"), Some(hosts));
    assert_eq!(of("médecin liégeois"), Some(doctors));
    // Both tags on one person: after the merge they hold it once.
    let both = count(
        "SELECT count(*) FROM contact_tags a JOIN contact_tags b ON a.contact_id = b.contact_id
          WHERE a.tag = 'hôte' AND b.tag = 'médecin liégeois'",
    );
    let people = count("SELECT count(*) FROM contacts");

    let file = file_bytes(&db);
    let err = one_error_line(&cli(&db, &["tag", "rename", "astrologer", "x"]));
    assert!(err.contains("astrologer"), "{err}");
    let err = one_error_line(&cli(&db, &["tag", "rename", "hôte", "hôte, invité"]));
    assert!(!err.is_empty());
    let err = one_error_line(&cli(&db, &["tag", "delete", "astrologer"]));
    assert!(err.contains("astrologer"), "{err}");
    assert_unchanged(&db, &file);

    let done = json(&cli(&db, &["tag", "rename", "Médecin Liégeois", "Hôte"]));
    assert_eq!(done["tag"], "hôte");
    assert_eq!(done["contacts"], doctors);
    assert_eq!(holding("médecin liégeois"), 0);
    assert_eq!(holding("hôte"), hosts + doctors - both);

    let done = json(&cli(&db, &["tag", "delete", "hôte"]));
    assert_eq!(done["deleted"], "hôte");
    assert_eq!(holding("hôte"), 0);
    assert_eq!(
        count("SELECT count(*) FROM contacts"),
        people,
        "the people stay"
    );
    assert!(json(&cli(&db, &["tag", "list"]))
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["tag"] != "hôte" && t["tag"] != "médecin liégeois"));
}

/// The delegation's tracks and the hosts' availability windows have their life beside the
/// window: a track renamed, then deleted (its members and items said, and given to the whole
/// delegation); a window added in the host zone, listed, edited (a later end, a note), refused
/// when it ends before it starts (the file unchanged), deleted.
#[test]
fn tracks_and_availability_windows_are_kept_from_the_cli() {
    let db = TempDb::new();
    assert!(cli(&db, &["seed", "taiwan-wallonia-2025"]).status.success());
    let mission = "mis_tsha_wallonia_2025";
    let one = |q: &str| -> String { sql(&db).query_row(q, [], |r| r.get(0)).unwrap() };
    let count = |q: &str| -> i64 { sql(&db).query_row(q, [], |r| r.get(0)).unwrap() };

    let track = one(&format!(
        "SELECT id FROM subgroups WHERE mission_id = '{mission}' ORDER BY id LIMIT 1"
    ));
    json(&cli(
        &db,
        &["subgroup", "rename", "--id", &track, "--name", "Parcours A"],
    ));
    assert_eq!(
        one(&format!("SELECT name FROM subgroups WHERE id = '{track}'")),
        "Parcours A"
    );
    // Its names in the documents' languages: the seed's English and Chinese ones kept by the
    // rename, then the French one changed and the Chinese removed, the name kept; a language the documents do not
    // have is refused with the file unchanged.
    let names = || -> (Option<String>, Option<String>, Option<String>) {
        sql(&db)
            .query_row(
                &format!("SELECT name, name_fr, name_zh_tw FROM subgroups WHERE id = '{track}'"),
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    assert_eq!(names().2.as_deref(), Some("心臟科組"));
    // The CLI lists the tracks with their names, and the delegation with each person's track.
    let listed = |what: &str| json(&cli(&db, &["list", what, "--mission", mission, "--json"]));
    let tracks = listed("subgroups");
    let listed_track = tracks
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == track.as_str())
        .cloned()
        .expect("the track listed");
    assert_eq!(listed_track["name"], "Parcours A");
    assert_eq!(
        listed_track["names"],
        serde_json::json!({"en": "Cardiology track", "zhTw": "心臟科組"})
    );
    let delegation = listed("delegation");
    let in_track = delegation
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["subgroupId"] == track.as_str())
        .count();
    assert_eq!(
        in_track as i64,
        count(&format!(
            "SELECT count(*) FROM delegation_members WHERE subgroup_id = '{track}'"
        ))
    );
    assert_eq!(
        delegation.as_array().unwrap().len() as i64,
        count(&format!(
            "SELECT count(*) FROM delegation_members WHERE mission_id = '{mission}'"
        ))
    );
    let named = [
        "subgroup",
        "rename",
        "--id",
        &track,
        "--name-in",
        "fr=Parcours A, cardiologie",
        "--name-in",
        "zh-TW=",
    ];
    json(&cli(&db, &named));
    assert_eq!(
        names(),
        (
            Some("Parcours A".into()),
            Some("Parcours A, cardiologie".into()),
            None
        )
    );
    let before = file_bytes(&db);
    let err = one_error_line(&cli(
        &db,
        &[
            "subgroup",
            "rename",
            "--id",
            &track,
            "--name-in",
            "de=Kardiologie",
        ],
    ));
    assert!(err.contains("de"), "{err}");
    assert_unchanged(&db, &before);
    let added = json(&cli(
        &db,
        &[
            "subgroup",
            "add",
            "--mission",
            mission,
            "--name",
            "Pharmacy track",
            "--name-in",
            "zh-TW=藥學分組",
        ],
    ));
    assert_eq!(
        one(&format!(
            "SELECT name_zh_tw FROM subgroups WHERE id = '{}'",
            added["id"].as_str().unwrap()
        )),
        "藥學分組"
    );
    let members = count(&format!(
        "SELECT count(*) FROM delegation_members WHERE subgroup_id = '{track}'"
    ));
    let items = count(&format!(
        "SELECT count(*) FROM agenda_items WHERE subgroup_id = '{track}'"
    ));
    assert!(members + items > 0);
    let done = json(&cli(&db, &["subgroup", "delete", "--id", &track]));
    assert_eq!(done["deleted"], track.as_str());
    assert_eq!(
        (done["members"].as_i64(), done["items"].as_i64()),
        (Some(members), Some(items))
    );
    assert_eq!(
        count(&format!(
            "SELECT count(*) FROM subgroups WHERE id = '{track}'"
        )),
        0
    );

    let host = one("SELECT id FROM contacts WHERE id = 'con_liege_doctor_1'");
    let added = json(&cli(
        &db,
        &[
            "availability",
            "add",
            "--mission",
            mission,
            "--contact",
            &host,
            "--start",
            "2025-06-27T09:00",
            "--end",
            "2025-06-27T10:00",
            "--note",
            "Before the ward round",
        ],
    ));
    let id = added["id"].as_str().unwrap().to_owned();
    let listed = json(&cli(&db, &["availability", "list", "--mission", mission]));
    let window = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == id.as_str())
        .unwrap();
    assert_eq!(window["contact"]["id"], host.as_str());
    assert!(
        window["start"]
            .as_str()
            .unwrap()
            .starts_with("2025-06-27T09:00"),
        "{window}"
    );
    assert_eq!(window["note"], "Before the ward round");

    let file = file_bytes(&db);
    let err = one_error_line(&cli(
        &db,
        &[
            "availability",
            "edit",
            "--id",
            &id,
            "--end",
            "2025-06-27T08:00",
        ],
    ));
    assert!(!err.is_empty());
    let err = one_error_line(&cli(
        &db,
        &["availability", "delete", "--id", "ava_nowhere"],
    ));
    assert!(err.contains("ava_nowhere"), "{err}");
    assert_unchanged(&db, &file);

    json(&cli(
        &db,
        &[
            "availability",
            "edit",
            "--id",
            &id,
            "--end",
            "2025-06-27T11:00",
            "--note",
            "",
        ],
    ));
    // 11:00 in Brussels in June is 09:00 UTC; the note emptied.
    assert_eq!(
        one(&format!(
            "SELECT ends_at || '|' || ifnull(note, '') FROM availabilities WHERE id = '{id}'"
        )),
        "2025-06-27T09:00:00Z|"
    );
    let done = json(&cli(&db, &["availability", "delete", "--id", &id]));
    assert_eq!(done["deleted"], id.as_str());
    assert_eq!(
        count(&format!(
            "SELECT count(*) FROM availabilities WHERE id = '{id}'"
        )),
        0
    );

    // A member given another role and track, then the whole delegation; only the flags given
    // change, and someone outside the delegation is refused.
    let other = one(&format!(
        "SELECT id FROM subgroups WHERE mission_id = '{mission}' ORDER BY id LIMIT 1"
    ));
    let done = json(&cli(
        &db,
        &[
            "member",
            "edit",
            "--mission",
            mission,
            "--contact",
            "con_delegate_01",
            "--role",
            "interpreter",
            "--subgroup",
            &other,
        ],
    ));
    assert_eq!(
        (done["role"].as_str(), done["subgroup"].as_str()),
        (Some("interpreter"), Some(other.as_str()))
    );
    let membership = || {
        one(&format!(
            "SELECT role || '|' || ifnull(subgroup_id, '') FROM delegation_members
              WHERE mission_id = '{mission}' AND contact_id = 'con_delegate_01'"
        ))
    };
    assert_eq!(membership(), format!("interpreter|{other}"));
    json(&cli(
        &db,
        &[
            "member",
            "edit",
            "--mission",
            mission,
            "--contact",
            "con_delegate_01",
            "--subgroup",
            "",
        ],
    ));
    assert_eq!(membership(), "interpreter|");
    let file = file_bytes(&db);
    let err = one_error_line(&cli(
        &db,
        &[
            "member",
            "edit",
            "--mission",
            mission,
            "--contact",
            "con_nobody",
            "--role",
            "host",
        ],
    ));
    assert!(err.contains("con_nobody"), "{err}");
    assert_unchanged(&db, &file);
}

/// A mission's sites and rooms have their life beside the window: a site renamed and given
/// opening hours (the fields not given kept), a room added, its capacity changed then unknown,
/// deleted with the items held in it counted (they stay at the site); a bad zone or an unknown
/// room refused with the file unchanged.
#[test]
fn sites_and_rooms_are_kept_from_the_cli() {
    let db = TempDb::new();
    assert!(cli(&db, &["seed", "taiwan-wallonia-2025"]).status.success());
    let one = |q: &str| -> String { sql(&db).query_row(q, [], |r| r.get(0)).unwrap() };
    let site = "sit_mont_legia";
    let before = one(&format!(
        "SELECT tz || '|' || ifnull(city, '') FROM sites WHERE id = '{site}'"
    ));

    json(&cli(
        &db,
        &[
            "site",
            "edit",
            site,
            "--name",
            "CHC Mont Légia (Liège)",
            "--opens",
            "08:00",
            "--closes",
            "18:00",
        ],
    ));
    assert_eq!(
        one(&format!(
            "SELECT name || '|' || opens_at || '|' || closes_at FROM sites WHERE id = '{site}'"
        )),
        "CHC Mont Légia (Liège)|08:00|18:00"
    );
    assert_eq!(
        one(&format!(
            "SELECT tz || '|' || ifnull(city, '') FROM sites WHERE id = '{site}'"
        )),
        before,
        "the fields not given changed"
    );

    let file = file_bytes(&db);
    let err = one_error_line(&cli(&db, &["site", "edit", site, "--tz", "Mars/Olympus"]));
    assert!(err.contains("Mars/Olympus"), "{err}");
    let err = one_error_line(&cli(
        &db,
        &["room", "edit", "--id", "roo_nowhere", "--capacity", "3"],
    ));
    assert!(err.contains("roo_nowhere"), "{err}");
    assert_unchanged(&db, &file);

    let added = json(&cli(
        &db,
        &[
            "room",
            "add",
            "--site",
            site,
            "--name",
            "Salle B",
            "--capacity",
            "12",
        ],
    ));
    let room = added["id"].as_str().unwrap().to_owned();
    json(&cli(
        &db,
        &["room", "edit", "--id", &room, "--capacity", "20"],
    ));
    assert_eq!(
        one(&format!(
            "SELECT name || '|' || capacity FROM rooms WHERE id = '{room}'"
        )),
        "Salle B|20"
    );
    json(&cli(&db, &["room", "edit", "--id", &room, "--no-capacity"]));
    assert_eq!(
        one(&format!(
            "SELECT ifnull(capacity, 'none') FROM rooms WHERE id = '{room}'"
        )),
        "none"
    );

    let held = one(
        "SELECT room_id FROM agenda_items WHERE room_id IS NOT NULL GROUP BY room_id ORDER BY room_id LIMIT 1",
    );
    let items: i64 = one(&format!(
        "SELECT CAST(count(*) AS TEXT) FROM agenda_items WHERE room_id = '{held}'"
    ))
    .parse()
    .unwrap();
    let done = json(&cli(&db, &["room", "delete", "--id", &held]));
    assert_eq!(done["deleted"], held.as_str());
    assert_eq!(done["items"], items);
    assert_eq!(
        one(&format!(
            "SELECT CAST(count(*) AS TEXT) FROM agenda_items WHERE room_id = '{held}'"
        )),
        "0"
    );
}

#[test]
fn a_missions_planning_rules_are_shown_and_set_from_the_cli() {
    let db = TempDb::new();
    assert!(cli(&db, &["seed", "taiwan-wallonia-2025"]).status.success());
    let mission = "mis_tsha_wallonia_2025";
    let before = json(&cli(&db, &["rules", "show", "--mission", mission]));
    assert_eq!(before["lunchFrom"], "11:30", "{before}");

    // A decimal comma as the window takes it; the rules not given stay.
    let set = json(&cli(
        &db,
        &[
            "rules",
            "set",
            "--mission",
            mission,
            "--detour",
            "1,3",
            "--road-speed",
            "70",
        ],
    ));
    assert_eq!(set["detourFactor"], 1.3);
    assert_eq!(set["roadSpeedKmh"], 70.0);
    assert_eq!(set["maxDayMinutes"], before["maxDayMinutes"]);
    assert_eq!(
        json(&cli(&db, &["rules", "show", "--mission", mission])),
        set
    );

    // Refused, with the file unchanged: out of range, not a number, an unknown mission.
    let file = file_bytes(&db);
    let err = one_error_line(&cli(
        &db,
        &["rules", "set", "--mission", mission, "--max-day", "2000"],
    ));
    assert!(err.contains("1440"), "{err}");
    let out = cli(
        &db,
        &["rules", "set", "--mission", mission, "--detour", "beaucoup"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("beaucoup"));
    let err = one_error_line(&cli(&db, &["rules", "show", "--mission", "mis_nowhere"]));
    assert!(err.contains("mis_nowhere"), "{err}");
    assert_unchanged(&db, &file);
}

/// An item's words for the documents of each language, from the command line: the seed's
/// English and Chinese titles, a French one added, the Chinese one removed, the item's own
/// (French) title kept.
#[test]
fn an_item_has_its_words_for_each_document_language() {
    let db = TempDb::new();
    json(&cli(&db, &["seed", "taiwan-wallonia-2025", "--json"]));
    let photo = |db: &TempDb| {
        demo_agenda(db)
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "itm_d2_group_photo")
            .cloned()
            .expect("the group photo")
    };
    assert_eq!(
        photo(&db)["titles"],
        serde_json::json!({"en": "Group photo", "zhTw": "大合照"})
    );
    let seeded_description = photo(&db)["descriptions"]["zhTw"].clone();
    let seeded_english = photo(&db)["descriptions"]["en"].clone();
    assert!(seeded_english.as_str().unwrap().starts_with("Group photo"));
    assert!(seeded_description.as_str().unwrap().contains("合影"));

    let edit = |args: &[&str]| {
        let mut all = vec!["agenda", "edit", "--id", "itm_d2_group_photo"];
        all.extend_from_slice(args);
        cli(&db, &all)
    };
    json(&edit(&[
        "--title-in",
        "fr=Photo de groupe sur le perron",
        "--title-in",
        "zh-TW=",
        "--description-in",
        "fr=Sur le perron",
        "--json",
    ]));
    let edited = photo(&db);
    assert_eq!(edited["title"], "Photo de groupe");
    assert_eq!(
        edited["titles"],
        serde_json::json!({"fr": "Photo de groupe sur le perron", "en": "Group photo"})
    );
    assert_eq!(
        edited["descriptions"],
        serde_json::json!({"fr": "Sur le perron", "en": seeded_english, "zhTw": seeded_description})
    );
    // An edit that names no language keeps them.
    json(&edit(&[
        "--start",
        "2025-06-27T15:15",
        "--end",
        "2025-06-27T15:30",
    ]));
    assert_eq!(photo(&db)["titles"], edited["titles"]);

    // The mission's title for French documents; the seed's Chinese one kept.
    let mission_edit = |flag: &str, value: &str| {
        json(&cli(
            &db,
            &["mission", "edit", "mis_tsha_wallonia_2025", flag, value],
        ))
    };
    let mission = mission_edit("--title-in", "fr=L’Alliance taïwanaise en Wallonie");
    assert_eq!(
        mission["titles"]["fr"], "L’Alliance taïwanaise en Wallonie",
        "{mission}"
    );
    assert!(mission["titles"]["zhTw"]
        .as_str()
        .unwrap()
        .starts_with("臺灣"));
    // Its objectives for French documents; the seed's Chinese ones and the titles kept.
    let mission = mission_edit(
        "--objectives-in",
        "fr=Faire connaître les hôpitaux taïwanais",
    );
    assert_eq!(
        mission["objectivesIn"]["fr"], "Faire connaître les hôpitaux taïwanais",
        "{mission}"
    );
    assert!(mission["objectivesIn"]["zhTw"]
        .as_str()
        .unwrap()
        .starts_with("1. 讓比利時"));
    assert_eq!(mission["titles"]["fr"], "L’Alliance taïwanaise en Wallonie");

    // Refused, the file unchanged: a language the documents do not have, a title too long.
    let file = file_bytes(&db);
    let err = one_error_line(&edit(&["--title-in", "de=Gruppenfoto"]));
    assert!(err.contains("de"), "{err}");
    let long = format!("fr={}", "é".repeat(301));
    let err = one_error_line(&edit(&["--title-in", &long]));
    assert!(err.contains("300"), "{err}");
    let err = one_error_line(&cli(
        &db,
        &[
            "mission",
            "edit",
            "mis_tsha_wallonia_2025",
            "--title-in",
            "klingon=Qapla'",
        ],
    ));
    assert!(err.contains("klingon"), "{err}");
    assert_unchanged(&db, &file);
}
