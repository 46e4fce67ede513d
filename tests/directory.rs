//! The directory on real files: imports of each family of contact files written for the repo
//! (tests/fixtures/contacts), search, duplicates and merge, exports, and the data-subject rights
//! down to the bytes of the database file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::{cli, count, json, repo_root, TempDb};
use passerelle_core::directory::edit::DirectoryKind;
use passerelle_core::directory::import::{self, ImportOptions, ImportReport};
use passerelle_core::directory::search::{search, HitKind, SearchFilters};
use passerelle_core::directory::{duplicates, export, privacy};
use passerelle_core::documents::locale::Lang;
use passerelle_core::domain::{Contact, LawfulBasis};
use passerelle_core::{store, Store};
use proptest::prelude::*;
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("tests/fixtures/contacts").join(name)).unwrap()
}

fn options() -> ImportOptions {
    ImportOptions {
        default_country: "BE".into(),
        source: "test".into(),
        lawful_basis: LawfulBasis::LegitimateInterests,
        collected_on: "2025-05-01".into(),
        lang: None,
    }
}

fn import_file(store: &Store, name: &str) -> ImportReport {
    import_bytes(store, &fixture(name))
}

/// Dry run then commit, as the wizard does; the commit reports what the dry run announced.
fn import_bytes(store: &Store, bytes: &[u8]) -> ImportReport {
    let file = import::parse(bytes, None).unwrap();
    let mapping = import::guess_mapping(file.format, &file.headers);
    let plan = store
        .read(|c| import::plan(c, &file, &mapping, &options()))
        .unwrap();
    let report = store
        .write("import", |w| {
            import::commit(w, &file, &mapping, &options(), "2025-05-01T00:00:00Z")
        })
        .unwrap();
    assert_eq!(
        report,
        plan.report(),
        "the import did what its dry run said"
    );
    report
}

fn contact_by_email(store: &Store, email: &str) -> Contact {
    let id: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT id FROM contacts WHERE lower(email) = lower(?1)",
                [email],
                |r| r.get(0),
            )?)
        })
        .unwrap_or_else(|e| panic!("{email}: {e}"));
    store.read(|c| store::contacts::get(c, &id)).unwrap()
}

fn names(hits: &[passerelle_core::directory::search::SearchHit]) -> Vec<String> {
    hits.iter().map(|h| h.name.clone()).collect()
}

#[test]
fn each_file_family_imports_with_accents_and_chinese_intact() {
    let db = TempDb::new();
    let store = db.open();
    // Android phone export: vCard 2.1, quoted-printable UTF-8, a soft line break.
    let r = import_file(&store, "android-2.1.vcf");
    assert_eq!((r.created, r.rejected.len()), (3, 0), "{r:?}");
    let chen = contact_by_email(&store, "meiling.chen@ntuh.gov.tw");
    assert_eq!(chen.native_name.as_deref(), Some("陳美玲"));
    let amelie = contact_by_email(&store, "amelie.lefevre@chc.be");
    assert_eq!(
        (amelie.given_name.as_str(), amelie.family_name.as_str()),
        ("Amélie", "Lefèvre")
    );
    assert!(
        amelie.notes.unwrap().contains("Rencontrée à Liège."),
        "QP soft break joined"
    );

    // Outlook, French Windows: semicolons and Windows-1252.
    let r = import_file(&store, "outlook-fr-windows1252.csv");
    assert_eq!((r.created, r.duplicates, r.updated), (3, 1, 1), "{r:?}");
    let helene = contact_by_email(&store, "helene.lemaitre@chc.be");
    assert_eq!(helene.family_name, "Lemaître");
    assert_eq!(helene.role.as_deref(), Some("Infirmière en chef"));
    let zoe = contact_by_email(&store, "zoe.vandenbroeck@awex-wallonia.com");
    assert!(zoe.notes.unwrap().contains("12 000 €"));
    // The same Amélie (e-mail in capitals) was merged, not inserted twice.
    assert_eq!(
        store
            .read(|c| Ok(c.query_row(
                "SELECT count(*) FROM contacts WHERE family_name = 'Lefèvre'",
                [],
                |r| r.get::<_, i64>(0)
            )?))
            .unwrap(),
        1
    );

    // Google Contacts CSV: multi-line quoted cells; a row without a name is rejected on its line.
    let r = import_file(&store, "google.csv");
    assert_eq!(r.rejected.len(), 1, "{r:?}");
    assert_eq!(r.rejected[0].line, 8);
    assert!(r.rejected[0].reason.contains("name"));
    // Mei-Ling, known by her Chinese name only, gets her Latin name from the duplicate.
    let chen = contact_by_email(&store, "meiling.chen@ntuh.gov.tw");
    assert_eq!(
        (
            chen.given_name.as_str(),
            chen.family_name.as_str(),
            chen.native_name.as_deref()
        ),
        ("Mei-Ling", "Chen", Some("陳美玲"))
    );

    // Apple vCard 3.0: item1.EMAIL groups, folded NOTE.
    let r = import_file(&store, "apple-3.0.vcf");
    assert_eq!((r.created, r.duplicates), (1, 1), "{r:?}");
    let huang = contact_by_email(&store, "yuchen.huang@tmu.edu.tw");
    assert!(
        huang.notes.unwrap().contains("remote monitoring"),
        "folded line unfolded"
    );
    assert_eq!(huang.role.as_deref(), Some("Professor of public health"));

    // Outlook vCard 2.1 in Windows-1252 quoted-printable.
    import_file(&store, "outlook-2.1.vcf");
    let gerard = contact_by_email(&store, "gerard.noel@liege.be");
    assert_eq!(
        (gerard.given_name.as_str(), gerard.family_name.as_str()),
        ("Gérard", "Noël")
    );
    assert_eq!(gerard.role.as_deref(), Some("Échevin"));

    // vCard 4.0 with a native-script FN; tab-separated spreadsheet with a BOM.
    import_file(&store, "v4.0.vcf");
    let wang = contact_by_email(&store, "ch.wang@itri.org.tw");
    assert_eq!(wang.native_name.as_deref(), Some("王家豪"));
    assert_eq!(wang.phone.as_deref(), Some("+886-3-582-0100"));
    let r = import_file(&store, "spreadsheet-tab.tsv");
    assert_eq!(r.duplicates, 2, "Wang and Huang again: {r:?}");
    let huang = contact_by_email(&store, "yuchen.huang@tmu.edu.tw");
    assert_eq!(
        huang.native_name.as_deref(),
        Some("黃郁貞"),
        "filled by the merge"
    );

    // Semicolon spreadsheet, UTF-8 without BOM, national phone with a country column.
    import_file(&store, "spreadsheet-semicolon.csv");
    let li = contact_by_email(&store, "li.na@cgmh.org.tw");
    assert_eq!(li.native_name.as_deref(), Some("李娜"));
    let noel = contact_by_email(&store, "gerard.noel@liege.be");
    assert_eq!(noel.family_name, "Noël");

    // Outlook English with BOM; Google vCard 3.0.
    import_file(&store, "outlook-en.csv");
    import_file(&store, "google-3.0.vcf");
    let lin = contact_by_email(&store, "wt.lin@vghtpe.gov.tw");
    assert_eq!(lin.title.as_deref(), Some("Dr."));
    let sophie = contact_by_email(&store, "sophie.hermans@wallonie.be");
    assert_eq!(sophie.phone.as_deref(), Some("+32 478 11 22 33"));
}

#[test]
fn dry_run_writes_nothing_and_a_failing_commit_writes_nothing() {
    let db = TempDb::new();
    let store = db.open();
    let file = import::parse(&fixture("google.csv"), None).unwrap();
    let before = count(&store, "contacts");
    let mapping = import::guess_mapping(file.format, &file.headers);
    let plan = store
        .read(|c| import::plan(c, &file, &mapping, &options()))
        .unwrap();
    assert!(plan.created > 0);
    assert_eq!(count(&store, "contacts"), before);
    // A commit that fails half-way (here: a forced error after the rows) leaves nothing.
    let err = store.write("import", |w| {
        import::commit(w, &file, &mapping, &options(), "2025-05-01T00:00:00Z")?;
        Err::<(), _>(passerelle_core::Error::Internal("disk full".into()))
    });
    assert!(err.is_err());
    assert_eq!(count(&store, "contacts"), before);
    assert_eq!(count(&store, "import_mappings"), 0);
}

#[test]
fn bad_files_are_reported_by_line_and_never_half_imported() {
    assert!(import::parse(&fixture("bad-binary.bin"), None).is_err());
    let f = import::parse(&fixture("bad-no-end.vcf"), None).unwrap();
    assert_eq!(f.rows.len(), 1);
    assert_eq!(f.unreadable[0].line, 6);
    assert!(f.unreadable[0].reason.contains("END:VCARD"));
    let f = import::parse(&fixture("bad-unbalanced-quote.csv"), None).unwrap();
    assert_eq!(f.rows.len(), 1);
    assert_eq!(f.unreadable[0].line, 3);
    // A 1 MB line: read, then rejected by the field's length, not a panic.
    let mut big = b"First Name,Last Name\n".to_vec();
    big.extend(std::iter::repeat_n(b'a', 1 << 20));
    big.extend(b",Peeters\nAnna,Claes\n");
    let f = import::parse(&big, None).unwrap();
    let db = TempDb::new();
    let store = db.open();
    let plan = store
        .read(|c| {
            import::plan(
                c,
                &f,
                &import::guess_mapping(f.format, &f.headers),
                &options(),
            )
        })
        .unwrap();
    assert_eq!(plan.created, 1);
    assert_eq!(plan.rejected[0].line, 2);
    // Windows-1252 without a BOM is detected; an empty file is an error.
    let f = import::parse(b"Pr\xe9nom;Nom\nH\xe9l\xe8ne;Lema\xeetre\n", None).unwrap();
    assert_eq!(f.headers[0], "Prénom");
    assert_eq!(f.rows[0].cells[1], "Lemaître");
    assert!(import::parse(b"", None).is_err());
}

/// A row's problems are codes with parameters, said in the planner's language; the CLI's report
/// keeps its English `reason` and carries the code beside it.
#[test]
fn row_problems_are_coded_and_said_in_french() {
    let csv = "First Name,Last Name,E-mail Address,Phone\n\
               Hélène,Lemaître,helene@chc.be,071 92 00 00\n\
               ,,nobody@chc.be,\n\
               Marc,Dubois,marc.dubois(at)chc.be,\n\
               Anna,Claes,anna@chc.be\n";
    let file = import::parse(csv.as_bytes(), None).unwrap();
    let db = TempDb::new();
    let store = db.open();
    let mapping = import::guess_mapping(file.format, &file.headers);
    let plan = store
        .read(|c| import::plan(c, &file, &mapping, &options()))
        .unwrap();
    let coded: Vec<(u64, Option<&str>, &str)> = plan
        .rejected
        .iter()
        .map(|p| (p.line, p.problem.field.as_deref(), p.problem.message.code))
        .collect();
    assert_eq!(
        coded,
        [
            (3, Some("familyName"), "nameRequired"),
            (4, Some("email"), "notAnEmail"),
            (5, None, "import.cellCount"),
        ]
    );
    let fr: Vec<String> = plan
        .rejected
        .iter()
        .map(|p| p.problem.render(Lang::Fr))
        .collect();
    assert_eq!(
        fr,
        [
            "Nom\u{a0}: Un prénom ou un nom de famille est requis.",
            "Courriel\u{a0}: «\u{a0}marc.dubois(at)chc.be\u{a0}» n’est pas une adresse e-mail.",
            "3 cellules alors que l’en-tête en a 4 (un guillemet non fermé ou une ligne coupée\u{a0}?).",
        ]
    );
    // The message alone, as the window renders it from its code and parameters.
    assert_eq!(
        plan.rejected[1].problem.message.render(Lang::Fr),
        "«\u{a0}marc.dubois(at)chc.be\u{a0}» n’est pas une adresse e-mail."
    );
    assert_eq!(
        plan.rejected[1].reason,
        "E-mail: “marc.dubois(at)chc.be” is not an e-mail address."
    );
    // A warning on a row that is imported: the phone kept in the notes, in Chinese too.
    let warning = &plan.rows[0].problems[0];
    assert_eq!(
        (warning.field.as_deref(), warning.message.code),
        (Some("phone"), "import.phoneKeptInNotes")
    );
    assert_eq!(
        warning.render(Lang::ZhTw),
        "電話：「071 92 00 00」不是國際格式，已保留在備註中。"
    );

    // The CLI's report: the contract's keys, and the code and parameters beside the reason.
    let path = db.dir.path().join("problems.csv");
    std::fs::write(&path, csv).unwrap();
    let out = cli(
        &db,
        &[
            "import",
            "contacts",
            path.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    );
    let report = json(&out);
    let refused = &report["rejected"][1];
    assert_eq!(refused["line"], 4);
    assert_eq!(refused["field"], "email");
    assert_eq!(refused["code"], "notAnEmail");
    assert_eq!(refused["params"]["value"], "marc.dubois(at)chc.be");
    assert!(refused["reason"]
        .as_str()
        .unwrap()
        .contains("not an e-mail"));

    // The words the import writes into records are in the planner's language.
    let fr = ImportOptions {
        lang: Some("fr".into()),
        ..options()
    };
    store
        .write("import", |w| {
            import::commit(w, &file, &mapping, &fr, "2025-05-01T00:00:00Z")
        })
        .unwrap();
    assert_eq!(
        stored(&store, "helene@chc.be", "notes"),
        "Téléphone\u{a0}: 071 92 00 00"
    );
    let klingon = ImportOptions {
        lang: Some("tlh".into()),
        ..options()
    };
    assert!(store
        .read(|c| import::plan(c, &file, &mapping, &klingon))
        .is_err());

    // A file that cannot be read at all says so with a code too.
    match import::parse(b"", None) {
        Err(passerelle_core::Error::Validation { code: Some(m), .. }) => {
            assert_eq!(m.render(Lang::Fr), "Le fichier est vide.")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn search_is_accent_and_case_insensitive_and_finds_short_chinese_names() {
    let db = TempDb::new();
    let store = db.open();
    passerelle_core::seed::load(&store, "taiwan-wallonia-2025").unwrap();
    import_file(&store, "spreadsheet-semicolon.csv");
    import_file(&store, "android-2.1.vcf");
    let all = SearchFilters::default();
    let hits = store.read(|c| search(c, "legia", &all, 20)).unwrap();
    assert!(
        names(&hits).iter().any(|n| n == "CHC Mont Légia"),
        "{hits:?}"
    );
    assert_eq!(hits[0].kind, HitKind::Organisation);
    let hits = store.read(|c| search(c, "LIÈGE", &all, 20)).unwrap();
    assert!(!hits.is_empty());
    let hits = store.read(|c| search(c, "李娜", &all, 20)).unwrap();
    assert_eq!(
        names(&hits),
        vec!["Na Li".to_owned()],
        "two characters: LIKE fallback"
    );
    let hits = store.read(|c| search(c, "陳美", &all, 20)).unwrap();
    assert_eq!(hits.len(), 1);
    let only_contacts = SearchFilters {
        kinds: vec![HitKind::Contact],
        ..Default::default()
    };
    let hits = store
        .read(|c| search(c, "legia", &only_contacts, 20))
        .unwrap();
    assert!(hits.iter().all(|h| h.kind == HitKind::Contact));
    let tw = SearchFilters {
        country: Some("TW".into()),
        ..Default::default()
    };
    let hits = store.read(|c| search(c, "hospital", &tw, 50)).unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| !h.name.contains("Légia")));
    // Renaming updates the index in the same transaction; archiving hides the record.
    let id = contact_by_email(&store, "li.na@cgmh.org.tw").id;
    store
        .write("rename", |w| {
            let mut c = store::contacts::get(w, &id)?;
            c.family_name = "Lì-Nàzhé".into();
            store::contacts::save(w, &c)
        })
        .unwrap();
    let hits = store.read(|c| search(c, "nazhe", &all, 20)).unwrap();
    assert_eq!(hits.len(), 1);
    store
        .write("archive", |w| {
            passerelle_core::directory::edit::set_archived(
                w,
                DirectoryKind::Contact,
                &id,
                true,
                chrono::Utc::now(),
            )
        })
        .unwrap();
    assert!(store
        .read(|c| search(c, "nazhe", &all, 20))
        .unwrap()
        .is_empty());
    // FTS syntax in the user's text is plain text.
    assert!(store.read(|c| search(c, "\"AND (", &all, 20)).is_ok());
}

/// Chinese names written in Traditional and in Simplified characters, and a company whose notes
/// mention a hospital.
fn hanzi_seed(dir: &std::path::Path) {
    let privacy = serde_json::json!({"lawfulBasis": "legitimate_interests", "source": "test",
                                     "collectedOn": "2026-01-05"});
    let contacts = serde_json::json!([
        {"id": "con_zou_traditional", "givenName": "Ming-Hua", "familyName": "Zou",
         "nativeName": "鄒明華", "organisation": "org_huang_hospital", "privacy": privacy},
        {"id": "con_zou_simplified", "givenName": "Jianguo", "familyName": "Zou",
         "nativeName": "邹建国", "privacy": privacy},
    ]);
    let organisations = serde_json::json!([
        {"id": "org_huang_hospital", "name": "黃氏紀念醫院", "kind": "hospital", "country": "TW"},
        {"id": "org_legia_partner", "name": "Partner Medtech",
         "kind": "company", "country": "BE",
         "notes": "Works with CHC Mont Légia on remote monitoring (Légia pilot)."},
    ]);
    std::fs::write(dir.join("contacts.json"), contacts.to_string()).unwrap();
    std::fs::write(dir.join("organisations.json"), organisations.to_string()).unwrap();
}

#[test]
fn search_finds_an_organisation_by_its_own_name_first_and_chinese_in_either_script() {
    let db = TempDb::new();
    let store = db.open();
    passerelle_core::seed::load(&store, "taiwan-wallonia-2025").unwrap();
    passerelle_core::seed::load(&store, "belgian-ehealth").unwrap();
    let dir = db.dir.path().join("hanzi");
    std::fs::create_dir(&dir).unwrap();
    hanzi_seed(&dir);
    passerelle_core::seed::load_dir(&store, &dir).unwrap();
    let all = SearchFilters::default();
    let organisations = SearchFilters {
        kinds: vec![HitKind::Organisation],
        ..Default::default()
    };

    // "legia", however typed (accents, case, a hyphen, a combining accent, two words): the
    // hospital named so first, then the companies that only mention it.
    for query in [
        "legia",
        "Légia",
        "LEGIA",
        "Le\u{301}gia",
        "Mont-Légia",
        "mont legia",
        "chc legia",
    ] {
        for filters in [&all, &organisations] {
            let hits = store.read(|c| search(c, query, filters, 20)).unwrap();
            assert_eq!(
                hits.first().map(|h| h.name.as_str()),
                Some("CHC Mont Légia"),
                "{query}: {hits:#?}"
            );
            if query.split(' ').count() == 1 {
                // The companies that mention it are found too, after it.
                assert!(
                    names(&hits).iter().any(|n| n == "Partner Medtech"),
                    "{query}: {hits:#?}"
                );
            }
        }
    }

    // Traditional and Simplified forms of a name find each other: 3+ characters (the index),
    // 1 or 2 (the records' names, under each form), and with a filter (LIKE).
    let contact_ids = |query: &str, filters: &SearchFilters| -> Vec<String> {
        let mut ids: Vec<String> = store
            .read(|c| search(c, query, filters, 20))
            .unwrap()
            .into_iter()
            .filter(|h| h.kind == HitKind::Contact)
            .map(|h| h.id)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(contact_ids("邹明华", &all), vec!["con_zou_traditional"]);
    assert_eq!(contact_ids("鄒明華", &all), vec!["con_zou_traditional"]);
    assert_eq!(contact_ids("鄒建國", &all), vec!["con_zou_simplified"]);
    assert_eq!(contact_ids("邹明", &all), vec!["con_zou_traditional"]);
    assert_eq!(
        contact_ids("邹", &all),
        vec!["con_zou_simplified", "con_zou_traditional"]
    );
    assert_eq!(
        contact_ids("鄒", &all),
        vec!["con_zou_simplified", "con_zou_traditional"]
    );
    let tw = SearchFilters {
        country: Some("TW".into()),
        ..Default::default()
    };
    assert_eq!(contact_ids("邹明", &tw), vec!["con_zou_traditional"]);
    let hits = store.read(|c| search(c, "黄氏纪念", &all, 20)).unwrap();
    assert_eq!(
        hits.first().map(|h| h.name.as_str()),
        Some("黃氏紀念醫院"),
        "{hits:#?}"
    );
    // Two characters (looked for in the records' names by SQLite): an organisation too.
    let hits = store.read(|c| search(c, "黄氏", &all, 20)).unwrap();
    assert_eq!(
        hits.first().map(|h| h.name.as_str()),
        Some("黃氏紀念醫院"),
        "{hits:#?}"
    );
    // Bad input never fails: FTS syntax, lone marks, only punctuation.
    for query in ["\"AND (", "\u{301}", "--", "'", "鄒\"OR", "(((((", "*"] {
        assert!(
            store.read(|c| search(c, query, &all, 20)).is_ok(),
            "{query}"
        );
    }
}

#[test]
fn duplicates_merge_keeps_every_link_and_is_logged() {
    let db = TempDb::new();
    let store = db.open();
    passerelle_core::seed::load(&store, "taiwan-wallonia-2025").unwrap();
    // A seeded delegate, entered a second time by hand with links of its own.
    let (keep, mission, item): (String, String, String) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT d.contact_id, d.mission_id, (SELECT item_id FROM agenda_participants LIMIT 1)
                 FROM delegation_members d LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    let original = store.read(|c| store::contacts::get(c, &keep)).unwrap();
    let mut copy = original.clone();
    copy.id = "con_copy_of_delegate".into();
    copy.email = None;
    copy.phone = Some("+32 470 00 00 01".into());
    store
        .write("copy", |w| store::contacts::save(w, &copy))
        .unwrap();
    let raw = common::sql(&db);
    raw.execute(
        "INSERT OR IGNORE INTO agenda_participants (item_id, contact_id) VALUES (?1, ?2)",
        [&item, &copy.id],
    )
    .unwrap();
    raw.execute(
        "INSERT INTO followups (id, title, contact_id, created_at, updated_at)
         VALUES ('fup_call_back', 'Call back', ?1, 'x', 'x')",
        [&copy.id],
    )
    .unwrap();
    raw.execute(
        "INSERT INTO delegation_members (id, mission_id, contact_id, role, created_at, updated_at)
         VALUES ('mem_copy', ?1, ?2, 'delegate', 'x', 'x')",
        [&mission, &copy.id],
    )
    .unwrap();
    let groups = store.read(duplicates::find).unwrap();
    let group = groups
        .iter()
        .find(|g| g.records.iter().any(|r| r.id == copy.id))
        .expect("the copy is listed as a duplicate");
    assert!(group.records.iter().any(|r| r.id == keep));
    let report = store
        .write("merge", |w| {
            duplicates::merge(
                w,
                DirectoryKind::Contact,
                &keep,
                &copy.id,
                "2025-05-01T00:00:00Z",
            )
        })
        .unwrap();
    assert!(report
        .moved
        .iter()
        .any(|(t, _)| t == "followups.contact_id"));
    let merged = store.read(|c| store::contacts::get(c, &keep)).unwrap();
    assert_eq!(
        merged.phone.as_deref(),
        Some("+32 470 00 00 01"),
        "empty field filled"
    );
    let follow: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT contact_id FROM followups WHERE id = 'fup_call_back'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(follow, keep);
    assert_eq!(
        store
            .read(|c| Ok(c.query_row(
                "SELECT count(*) FROM delegation_members WHERE contact_id = ?1 AND mission_id = ?2",
                [&keep, &mission],
                |r| r.get::<_, i64>(0)
            )?))
            .unwrap(),
        1,
        "one membership, not two"
    );
    assert!(store.read(|c| store::contacts::get(c, &copy.id)).is_err());
    assert_eq!(count(&store, "merge_log"), 1);
    assert!(store
        .read(duplicates::find)
        .unwrap()
        .iter()
        .all(|g| g.records.iter().all(|r| r.id != copy.id)));
}

#[test]
fn exports_escape_formulas_and_vcard_reads_back() {
    let db = TempDb::new();
    let store = db.open();
    import_file(&store, "spreadsheet-semicolon.csv");
    let id = contact_by_email(&store, "li.na@cgmh.org.tw").id;
    store
        .write("evil", |w| {
            let mut c = store::contacts::get(w, &id)?;
            c.role = Some("=HYPERLINK(\"http://evil\")".into());
            c.notes = Some("@SUM(1)".into());
            store::contacts::save(w, &c)
        })
        .unwrap();
    let csv = store.read(export::contacts_csv).unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(text.contains("'@SUM(1)"));
    assert!(text.contains("'+886 3 328 1200"));
    assert!(text.contains("李娜"));
    // The CSV reads back with the same people (the guard is stripped).
    let back = import::parse(&csv, None).unwrap();
    assert_eq!(back.rows.len(), 3);
    let vcf = store.read(|c| export::contacts_vcard(c, None)).unwrap();
    assert!(vcf.contains("VERSION:4.0"));
    assert!(vcf.contains("李娜"));
    let back = import::parse(vcf.as_bytes(), None).unwrap();
    assert_eq!(back.rows.len(), 3);
    let db2 = TempDb::new();
    let store2 = db2.open();
    let plan = store2
        .read(|c| {
            import::plan(
                c,
                &back,
                &import::guess_mapping(back.format, &back.headers),
                &options(),
            )
        })
        .unwrap();
    assert_eq!(plan.created, 3);
    assert!(plan
        .rows
        .iter()
        .any(|r| r.native_name.as_deref() == Some("李娜")));
    let orgs = String::from_utf8(store.read(export::organisations_csv).unwrap()).unwrap();
    assert!(orgs.contains("Chang Gung Memorial Hospital"));
    assert!(store.read(export::technologies_csv).is_ok());
}

fn file_bytes(path: &std::path::Path) -> Vec<u8> {
    let mut all = std::fs::read(path).unwrap_or_default();
    for suffix in ["-wal", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        all.extend(std::fs::read(std::path::PathBuf::from(p)).unwrap_or_default());
    }
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn subject_export_then_erasure_leaves_no_trace_in_the_file() {
    let db = TempDb::new();
    let store = db.open();
    passerelle_core::seed::load(&store, "taiwan-wallonia-2025").unwrap();
    import_file(&store, "outlook-fr-windows1252.csv");
    let zoe = contact_by_email(&store, "zoe.vandenbroeck@awex-wallonia.com");
    // Edits leave old values in the change log and in freed pages.
    store
        .write("edit", |w| {
            let mut c = store::contacts::get(w, &zoe.id)?;
            c.notes = Some("Zoë Van den Broeck moved to the Taipei office".into());
            c.role = Some("Attachée économique et commerciale".into());
            store::contacts::save(w, &c)
        })
        .unwrap();
    let raw = common::sql(&db);
    let item: Option<String> = raw
        .query_row("SELECT id FROM agenda_items LIMIT 1", [], |r| r.get(0))
        .ok();
    if let Some(item) = item {
        raw.execute(
            "INSERT INTO agenda_participants (item_id, contact_id) VALUES (?1, ?2)",
            [&item, &zoe.id],
        )
        .unwrap();
    }
    drop(raw);
    // The data-subject export holds everything, as JSON and HTML.
    let export = store
        .read(|c| privacy::subject_export(c, &zoe.id, "2025-05-02T00:00:00Z"))
        .unwrap();
    let json = serde_json::to_string(&export).unwrap();
    assert!(json.contains("zoe.vandenbroeck@awex-wallonia.com"));
    assert!(json.contains("Taipei office"));
    assert!(!export.data["history"].as_array().unwrap().is_empty());
    let html = privacy::subject_export_html(&export);
    assert!(html.contains("Van den Broeck") && !html.contains("<script"));

    let before = file_bytes(&db.path);
    assert!(
        contains(&before, "zoe.vandenbroeck@awex-wallonia.com")
            || contains(&before, "Van den Broeck")
    );
    let report = privacy::erase_contact(&store, &zoe.id, Some("request of 2025-05-02")).unwrap();
    assert!(report.rows_removed >= 1);
    drop(store);
    let after = file_bytes(&db.path);
    for needle in [
        "Van den Broeck",
        "zoe.vandenbroeck",
        "Vandenbroeck",
        "Taipei office",
        &zoe.id,
    ] {
        assert!(!contains(&after, needle), "'{needle}' is still in the file");
    }
    let store = db.open();
    assert_eq!(count(&store, "erasure_log"), 1);
    let log: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT json_object('e', entity, 'n', rows_removed, 'r', reason) FROM erasure_log",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert!(!log.contains("Zo"), "{log}");
    // Other people are untouched.
    assert_eq!(
        contact_by_email(&store, "helene.lemaitre@chc.be").family_name,
        "Lemaître"
    );
    let hits = store
        .read(|c| search(c, "broeck", &SearchFilters::default(), 20))
        .unwrap();
    assert!(hits.is_empty());
}

#[test]
fn cli_contracts() {
    let db = TempDb::new();
    let fixture_path = |n: &str| repo_root().join("tests/fixtures/contacts").join(n);
    let p = fixture_path("outlook-fr-windows1252.csv");
    let out = cli(
        &db,
        &[
            "import",
            "contacts",
            p.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    );
    let report = json(&out);
    assert_eq!(report["created"], 4);
    for key in ["updated", "duplicates", "rejected"] {
        assert!(report.get(key).is_some());
    }
    let out = cli(&db, &["import", "contacts", p.to_str().unwrap(), "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["created"], 4);
    let out = cli(&db, &["import", "contacts", p.to_str().unwrap(), "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (report["created"].as_u64(), report["duplicates"].as_u64()),
        (Some(0), Some(4))
    );

    // A file that cannot be parsed at all: non-zero, one line, nothing written.
    let bin = fixture_path("bad-binary.bin");
    let out = cli(
        &db,
        &["import", "contacts", bin.to_str().unwrap(), "--json"],
    );
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr)
            .trim_end()
            .lines()
            .count(),
        1
    );

    let out = cli(&db, &["search", "legia", "--json"]);
    let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &hits.as_array().unwrap()[0];
    assert!(first["name"].as_str().unwrap().contains("Légia"), "{hits}");
    assert!(first["kind"].is_string() && first["id"].is_string());

    let dir = tempfile::tempdir().unwrap();
    for (what, format, file) in [
        ("contacts", "csv", "c.csv"),
        ("contacts", "vcf", "c.vcf"),
        ("organisations", "csv", "o.csv"),
        ("technologies", "csv", "t.csv"),
    ] {
        let out_path = dir.path().join(file);
        let out = cli(
            &db,
            &[
                "export",
                what,
                "--format",
                format,
                "--out",
                out_path.to_str().unwrap(),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(std::fs::metadata(&out_path).unwrap().len() > 0);
    }
    let id: String = {
        let s = db.open();
        contact_by_email(&s, "helene.lemaitre@chc.be").id
    };
    let json_path = dir.path().join("helene.json");
    let out = cli(
        &db,
        &[
            "contact",
            "export",
            &id,
            "--out",
            json_path.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let exported: Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    assert_eq!(exported["data"]["contact"]["family_name"], "Lemaître");
    let out = cli(&db, &["contact", "erase", &id]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cli(&db, &["contact", "erase", &id]);
    assert!(!out.status.success(), "a second erase: not found");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any bytes: the parsers return a file or an error, never panic.
    #[test]
    fn parse_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = import::parse(&bytes, None);
    }

    /// CSV-ish text with quotes, delimiters and line breaks in any order.
    #[test]
    fn csv_never_panics(text in "[a-zé李\",;\t\r\n ]{0,400}") {
        let _ = import::parse_csv(&format!("First Name,Last Name\n{text}"), "UTF-8".into());
    }

    /// vCard-ish text: properties, groups, parameters, QP, folds, missing ENDs.
    #[test]
    fn vcard_never_panics(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("BEGIN:VCARD".to_owned()),
                Just("END:VCARD".to_owned()),
                Just("VERSION:2.1".to_owned()),
                "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:[=A-F0-9;]{0,30}",
                "item[0-9].EMAIL;type=INTERNET:[a-z@.]{0,20}",
                "FN;CHARSET=[A-Za-z0-9-]{0,12}:[a-zé陳 ]{0,20}",
                " [a-z=]{0,20}",
                "[A-Z;=:\"]{0,20}",
            ],
            0..30,
        )
    ) {
        let text = format!("BEGIN:VCARD\n{}", lines.join("\r\n"));
        if let Ok(f) = import::parse_vcards(&text, "UTF-8".into()) {
            // Every card is either read or reported on a real line.
            let n = text.lines().count() as u64;
            prop_assert!(f.unreadable.iter().all(|p| p.line >= 1 && p.line <= n + 1));
        }
    }

    /// Planning any parsed rows never panics either, and counts every row once.
    #[test]
    fn planning_accounts_for_every_row(rows in proptest::collection::vec(
        ("[A-Za-zé李 ]{0,12}", "[A-Za-z李]{0,12}", "[a-z@.]{0,16}", "[+0-9 ]{0,14}"), 0..20)
    ) {
        let mut text = "First Name,Last Name,E-mail Address,Mobile Phone\n".to_owned();
        for (a, b, c, d) in &rows {
            text.push_str(&format!("{a},{b},{c},{d}\n"));
        }
        let f = import::parse_csv(&text, "UTF-8".into()).unwrap();
        let db = TempDb::new();
        let store = db.open();
        let plan = store.read(|c| import::plan(c, &f, &import::guess_mapping(f.format, &f.headers), &options())).unwrap();
        prop_assert_eq!(
            plan.created as usize + plan.duplicates as usize + plan.rejected.len(),
            f.rows.len() + f.unreadable.len()
        );
    }
}

/// A bulk import logs one change-log row per created record, "created" (the values are in the
/// record; later changes log what they replace), keeps the search index in step (triggers set
/// aside during the import come back) and lets a later edit be logged field by field as usual.
#[test]
fn an_import_logs_each_created_record_once_and_keeps_the_index_in_step() {
    let db = TempDb::new();
    let store = db.open();
    let triggers = |store: &Store| -> i64 {
        store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%fts%'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap()
    };
    let before = triggers(&store);
    let contacts_before = count(&store, "contacts");
    let r = import_file(&store, "android-2.1.vcf");
    assert_eq!(r.created, 3);
    assert_eq!(triggers(&store), before, "search triggers restored");
    assert_eq!(count(&store, "contacts"), contacts_before + 3);
    assert_eq!(count(&store, "contacts_fts"), count(&store, "contacts"));

    let chen = contact_by_email(&store, "meiling.chen@ntuh.gov.tw");
    let rows: Vec<(String, Option<String>, Option<String>)> = store
        .read(|c| {
            let mut s = c.prepare(
                "SELECT field, before, after FROM change_log WHERE entity = 'contacts' AND entity_id = ?1",
            )?;
            let rows = s
                .query_map([&chen.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let (field, before, after) = &rows[0];
    assert_eq!(
        (field.as_str(), before.as_deref(), after.as_deref()),
        ("*", None, Some("\"created\""))
    );
    assert_eq!(chen.native_name.as_deref(), Some("陳美玲"));

    // Found by the index right after the import, and still after an edit (triggers back).
    let all = SearchFilters::default();
    let hits = store.read(|c| search(c, "陳美玲", &all, 20)).unwrap();
    assert!(hits.iter().any(|h| h.id == chen.id), "{hits:?}");
    let mut edited = chen.clone();
    edited.native_name = Some("陳美齡".into());
    store
        .write("edit", |w| store::contacts::save(w, &edited).map(|_| ()))
        .unwrap();
    let indexed: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT name FROM contacts_fts WHERE rowid = (SELECT rowid FROM contacts WHERE id = ?1)",
                [&chen.id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    // The family name is 陳美玲 too; the native name is the new one.
    assert_eq!(indexed, "陳美玲 陳美齡");
    assert_eq!(
        store.read(|c| search(c, "陳美齡", &all, 20)).unwrap().len(),
        1
    );
    let logged: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM change_log WHERE entity_id = ?1 AND field = 'native_name'",
                [&chen.id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(logged, 1);
}

/// A file large enough to be read on two threads (the dry run splits it in halves): duplicates
/// are still found across the halves, against the earlier row, rows keep the file's order and
/// lines, a bad row is rejected on its line, and the written contacts' ids follow the file's
/// order. The search index is in step and its settings are back to normal after the commit.
#[test]
fn a_large_import_finds_duplicates_across_the_whole_file_and_keeps_its_order() {
    let db = TempDb::new();
    let store = db.open();
    let contacts_before = count(&store, "contacts");
    let mut csv = String::from("First Name,Last Name,Company,E-mail Address,Mobile Phone\n");
    for i in 1..=6000 {
        let (given, email, phone) = match i {
            // Same e-mail as row 10, in the other half: merged into it, its phone kept.
            5000 => (
                "Given10".to_owned(),
                "p10@example.be".to_owned(),
                "+32 470 10 10 10",
            ),
            // Same name at the same organisation as row 20, no e-mail: merged.
            4500 => ("Given20".to_owned(), String::new(), ""),
            3500 => ("Given3500".to_owned(), "not an e-mail".to_owned(), ""),
            _ => (format!("Given{i}"), format!("p{i}@example.be"), ""),
        };
        let org = if i == 4500 { 20 % 7 } else { i % 7 };
        csv.push_str(&format!(
            "{given},Lefèvre,Hôpital Saint-{org},{email},{phone}\n"
        ));
    }
    let file = import::parse(csv.as_bytes(), None).unwrap();
    let mapping = import::guess_mapping(file.format, &file.headers);
    let plan = store
        .read(|c| import::plan(c, &file, &mapping, &options()))
        .unwrap();
    assert_eq!((plan.created, plan.duplicates, plan.updated), (5997, 2, 0));
    assert_eq!(plan.rejected.len(), 1, "{:?}", plan.rejected);
    assert_eq!(plan.rejected[0].line, 3501, "{:?}", plan.rejected);
    assert_eq!(plan.new_organisations.len(), 7);
    let lines: Vec<u64> = plan.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, (2..=6001).collect::<Vec<u64>>());

    let report = store
        .write("import", |w| {
            import::commit(w, &file, &mapping, &options(), "2025-05-01T00:00:00Z")
        })
        .unwrap();
    assert_eq!(report, plan.report());
    assert_eq!(count(&store, "contacts"), contacts_before + 5997);
    assert_eq!(count(&store, "contacts_fts"), count(&store, "contacts"));
    let ten = contact_by_email(&store, "p10@example.be");
    assert_eq!(ten.phone.as_deref(), Some("+32 470 10 10 10"));

    // The new contacts' ids sort in the order of the file's rows.
    let ids: Vec<String> = store
        .read(|c| {
            let mut s = c.prepare(
                "SELECT id FROM contacts WHERE email LIKE 'p%@example.be' ORDER BY rowid",
            )?;
            let ids = s
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(ids)
        })
        .unwrap();
    assert_eq!(ids.len(), 5997);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids out of order");

    // The import's larger FTS5 buffer is not left behind, and the index answers.
    let hash_size: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT v FROM contacts_fts_config WHERE k = 'hashsize'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(hash_size, 1024 * 1024);
    let hits = store
        .read(|c| search(c, "given5999", &SearchFilters::default(), 20))
        .unwrap();
    assert_eq!(names(&hits), vec!["Given5999 Lefèvre".to_owned()]);
}

/// A contact completed by a duplicate row far below it (written by then) is updated once, takes
/// the organisation only that row names (created for it), and the change log says what the
/// update added; a new organisation named by a duplicate whose contact keeps its own is created
/// only when a later row's contact needs it. The import reports what its dry run said (checked
/// by `import_bytes`).
#[test]
fn a_contact_completed_by_a_later_row_takes_its_fields_and_new_organisation() {
    let db = TempDb::new();
    let store = db.open();
    let orgs_before = count(&store, "organisations");
    let mut csv = String::from("First Name,Last Name,Native name,Company,E-mail Address\n");
    csv.push_str("Anne,Martin,,,anne.martin@example.be\n");
    csv.push_str("Luc,Peeters,,Clinique Ancienne,luc.peeters@example.be\n");
    for i in 0..3000 {
        csv.push_str(&format!(
            "Given{i},Dupont,,Clinique Ancienne,g{i}@example.be\n"
        ));
    }
    csv.push_str("Anne,Martin,安妮,Clinique Neuve,anne.martin@example.be\n");
    csv.push_str("Luc,Peeters,,Clinique Autre,luc.peeters@example.be\n");
    // A later row at the organisation only that duplicate named.
    csv.push_str("Marie,Lambert,,Clinique Autre,marie.lambert@example.be\n");
    let r = import_bytes(&store, csv.as_bytes());
    assert_eq!((r.created, r.duplicates, r.updated), (3003, 2, 0), "{r:?}");

    let anne = contact_by_email(&store, "anne.martin@example.be");
    assert_eq!(anne.native_name.as_deref(), Some("安妮"));
    let org_name = |id: &str| -> String {
        store
            .read(|c| {
                Ok(
                    c.query_row("SELECT name FROM organisations WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })?,
                )
            })
            .unwrap()
    };
    assert_eq!(
        org_name(anne.organisation_id.as_deref().unwrap()),
        "Clinique Neuve"
    );
    let luc = contact_by_email(&store, "luc.peeters@example.be");
    assert_eq!(
        org_name(luc.organisation_id.as_deref().unwrap()),
        "Clinique Ancienne"
    );
    let marie = contact_by_email(&store, "marie.lambert@example.be");
    assert_eq!(
        org_name(marie.organisation_id.as_deref().unwrap()),
        "Clinique Autre"
    );
    // Clinique Ancienne, Neuve and Autre, once each.
    assert_eq!(count(&store, "organisations"), orgs_before + 3);
    let logged: Vec<String> = store
        .read(|c| {
            let mut s =
                c.prepare("SELECT field FROM change_log WHERE entity_id = ?1 ORDER BY id")?;
            let rows = s
                .query_map([&anne.id], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(rows)
        })
        .unwrap();
    assert_eq!(logged, vec!["*", "native_name", "organisation_id"]);
    // Found by what the later row added.
    let hits = store
        .read(|c| search(c, "安妮", &SearchFilters::default(), 20))
        .unwrap();
    assert_eq!(names(&hits), vec!["Anne Martin".to_owned()]);
}

/// A bulk import commits to the WAL and its pages are copied into the database file by the
/// background checkpoint, with the store still open; closing it then leaves no WAL behind.
#[test]
fn an_import_reaches_the_database_file_without_closing_the_store() {
    let db = TempDb::new();
    let store = db.open();
    let before = count(&store, "contacts");
    let mut csv = String::from("First Name,Last Name,E-mail Address\n");
    for i in 0..5000 {
        csv.push_str(&format!("Given{i},Claes,c{i}@example.be\n"));
    }
    assert_eq!(import_bytes(&store, csv.as_bytes()).created, 5000);
    let size: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let started = std::time::Instant::now();
    let in_file = || std::fs::metadata(&db.path).map_or(0, |m| m.len());
    while in_file() < u64::try_from(size).unwrap() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the database file holds {} of {size} bytes",
            in_file()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    drop(store);
    let wal = db.path.with_extension("sqlite3-wal");
    assert!(!wal.exists(), "the WAL is removed when the store closes");
    assert_eq!(count(&db.open(), "contacts"), before + 5000);
}

/// A second file that completes stored contacts (merged by e-mail) updates their search entries:
/// each is found by what the merge added (a Chinese name, an organisation), once, and a merge
/// that adds nothing searchable (a phone) leaves the entry as it was.
#[test]
fn a_merge_into_stored_contacts_updates_their_search_entries() {
    let db = TempDb::new();
    let store = db.open();
    let import_csv = |csv: &str| import_bytes(&store, csv.as_bytes());
    let r = import_csv(
        "First Name,Last Name,Native name,Company,E-mail Address,Mobile Phone\n\
         Wei-Ting,Lin,,,wt.lin@itri.org.tw,\n\
         Po-Han,Chang,,,ph.chang@ntuh.gov.tw,\n\
         Yu-Chen,Huang,,,yc.huang@tmu.edu.tw,\n",
    );
    assert_eq!(r.created, 3, "{r:?}");
    // Later rows first: the updated entries are rewritten in the order of the stored rows.
    let r = import_csv(
        "First Name,Last Name,Native name,Company,E-mail Address,Mobile Phone\n\
         Yu-Chen,Huang,,,yc.huang@tmu.edu.tw,+886 2 2736 1661\n\
         Po-Han,Chang,張柏翰,National Taiwan University Hospital,ph.chang@ntuh.gov.tw,\n\
         Wei-Ting,Lin,林偉廷,ITRI,wt.lin@itri.org.tw,\n\
         Hsin-Yi,Tsai,蔡欣怡,,hy.tsai@cgmh.org.tw,\n",
    );
    assert_eq!((r.created, r.duplicates, r.updated), (1, 3, 3), "{r:?}");
    assert_eq!(count(&store, "contacts_fts"), count(&store, "contacts"));
    let all = SearchFilters::default();
    let found = |q: &str| names(&store.read(|c| search(c, q, &all, 20)).unwrap());
    assert_eq!(found("張柏翰"), vec!["Po-Han Chang"]);
    assert_eq!(found("林偉廷"), vec!["Wei-Ting Lin"]);
    assert!(found("itri").contains(&"Wei-Ting Lin".to_owned()));
    assert_eq!(found("yu-chen"), vec!["Yu-Chen Huang"]);
    assert_eq!(found("蔡欣怡"), vec!["Hsin-Yi Tsai"]);
    let huang = contact_by_email(&store, "yc.huang@tmu.edu.tw");
    assert_eq!(huang.phone.as_deref(), Some("+886 2 2736 1661"));
}

/// The text of a contact's column as the database file holds it.
fn stored(store: &Store, email: &str, column: &str) -> String {
    store
        .read(|c| {
            Ok(c.query_row(
                &format!("SELECT {column} FROM contacts WHERE lower(email) = lower(?1)"),
                [email],
                |r| r.get(0),
            )?)
        })
        .unwrap_or_else(|e| panic!("{email}.{column}: {e}"))
}

/// A phone's vCard 2.1 whose quoted-printable values name no charset: UTF-8 bytes are read as
/// UTF-8 (not as ISO-8859-1, "RencontrÃ©e"), soft line break and `=0D=0A` included; bytes that
/// are not UTF-8 stay ISO-8859-1.
#[test]
fn quoted_printable_without_a_charset_is_utf8_when_its_bytes_are() {
    let db = TempDb::new();
    let store = db.open();
    let r = import_file(&store, "phone-2.1-no-charset.vcf");
    assert_eq!((r.created, r.rejected.len()), (2, 0), "{r:?}");
    let helene = contact_by_email(&store, "helene.lemaitre@chuliege.be");
    assert_eq!(
        (helene.given_name.as_str(), helene.family_name.as_str()),
        ("Hélène", "Lemaître")
    );
    assert_eq!(
        stored(&store, "helene.lemaitre@chuliege.be", "notes"),
        "Rencontrée à Liège.\nSuivi en septembre."
    );
    let zoe = contact_by_email(&store, "zoe.vandenbroeck@example.be");
    assert_eq!(zoe.given_name, "Zoë");
    assert_eq!(
        stored(&store, "zoe.vandenbroeck@example.be", "notes"),
        "Café après la visite"
    );
}

#[test]
fn line_breaks_in_notes_and_addresses_are_kept_on_every_path() {
    let db = TempDb::new();
    let store = db.open();

    // Outlook vCard 2.1: quoted-printable `=0D=0A` breaks, a soft line break, a bare LF and a
    // bare CR; a vertical tab and a BEL in a note are removed with a warning, not a refusal.
    let file = import::parse(&fixture("outlook-2.1-notes.vcf"), None).unwrap();
    let mapping = import::guess_mapping(file.format, &file.headers);
    let plan = store
        .read(|c| import::plan(c, &file, &mapping, &options()))
        .unwrap();
    let warned: Vec<Vec<(Option<&str>, &str)>> = plan
        .rows
        .iter()
        .map(|r| {
            r.problems
                .iter()
                .map(|p| (p.field.as_deref(), p.message.code))
                .collect()
        })
        .collect();
    assert_eq!(
        warned,
        [
            vec![],
            vec![(Some("notes"), "import.controlCharactersRemoved")],
            vec![]
        ],
        "{plan:?}"
    );
    assert_eq!(
        plan.rows[1].problems[0].render(Lang::Fr),
        "Notes\u{a0}: Caractères de contrôle supprimés."
    );
    let r = import_file(&store, "outlook-2.1-notes.vcf");
    assert_eq!((r.created, r.rejected.len()), (3, 0), "{r:?}");
    assert_eq!(
        stored(&store, "helene.lemaitre@ghdc.be", "notes"),
        "Rencontrée au salon Medica 2024.\nPréfère le téléphone le matin.\n\nAllergie : arachides."
    );
    assert_eq!(
        stored(&store, "zoe.vandenbroeck@awex-wallonia.com", "notes"),
        "Budget salon : 12 000 €\nContact Word copié avec un saut de ligne"
    );
    assert_eq!(
        stored(&store, "marc.dubois@example.be", "notes"),
        "Ligne un\nLigne deux\nLigne trois"
    );
    let helene = contact_by_email(&store, "helene.lemaitre@ghdc.be");
    assert_eq!(
        (helene.given_name.as_str(), helene.family_name.as_str()),
        ("Hélène", "Lemaître")
    );

    // vCard 4.0 with FN only (N is optional in 4.0): Korean and Chinese names are filed whole
    // under the family name, a Latin one split at its last space.
    let r = import_file(&store, "fn-only-4.0.vcf");
    assert_eq!((r.created, r.rejected.len()), (3, 0), "{r:?}");
    let choi = contact_by_email(&store, "yurim.choi@snuh.org");
    assert_eq!(
        (
            choi.given_name.as_str(),
            choi.family_name.as_str(),
            choi.native_name.as_deref(),
            choi.display_name()
        ),
        ("", "최유림", Some("최유림"), "최유림".to_owned())
    );
    let chen = contact_by_email(&store, "meiling.chen@ntu.edu.tw");
    assert_eq!(
        (chen.family_name.as_str(), chen.native_name.as_deref()),
        ("陳美玲", Some("陳美玲"))
    );
    assert_eq!(
        stored(&store, "meiling.chen@ntu.edu.tw", "notes"),
        "第一行\n第二行"
    );
    let dehaene = contact_by_email(&store, "jl.dehaene@example.be");
    assert_eq!(
        (dehaene.given_name.as_str(), dehaene.family_name.as_str()),
        ("Jean-Luc", "Dehaene")
    );
    let all = SearchFilters::default();
    let hits = store.read(|c| search(c, "최유림", &all, 20)).unwrap();
    assert!(hits.iter().any(|h| h.id == choi.id), "{hits:?}");

    // CSV with quoted multi-line addresses (CRLF, old Mac CR, LF) mapped to the notes, as the
    // wizard lets the planner map them.
    let file = import::parse(&fixture("multiline-address.csv"), None).unwrap();
    let mut mapping = import::guess_mapping(file.format, &file.headers);
    let address = file
        .headers
        .iter()
        .position(|h| h == "Business Address")
        .unwrap();
    mapping[address] = import::ImportField::Notes;
    let report = store
        .write("import", |w| {
            import::commit(w, &file, &mapping, &options(), "2025-05-01T00:00:00Z")
        })
        .unwrap();
    assert_eq!(
        (report.created, report.rejected.len()),
        (3, 0),
        "{report:?}"
    );
    assert_eq!(
        stored(&store, "amelie.lefevre@chc.be", "notes"),
        "Boulevard Patience et Beaujonc 2\n4000 Liège\nBelgique\nDeux lignes\nde notes"
    );
    assert_eq!(
        stored(&store, "wt.lin@vghtpe.gov.tw", "notes"),
        "No. 201, Sec. 2, Shipai Rd.\nBeitou District\nTaipei 112\nAncien format Mac"
    );
    assert_eq!(
        stored(&store, "jan.peeters@uzleuven.be", "notes"),
        "Herestraat 49\n3000 Leuven\nUne ligne"
    );

    // A form save: the window's textarea may send CRLF; the note keeps its lines.
    let mut form = contact_by_email(&store, "jan.peeters@uzleuven.be");
    form.notes = Some("Premier contact.\r\nSuite :\r\n- visite\r- devis\n".into());
    let checked = form.validate().unwrap();
    assert_eq!(
        checked.notes.as_deref(),
        Some("Premier contact.\nSuite :\n- visite\n- devis")
    );
    store
        .write("edit", |w| store::contacts::save(w, &checked).map(|_| ()))
        .unwrap();
    assert_eq!(
        stored(&store, "jan.peeters@uzleuven.be", "notes"),
        "Premier contact.\nSuite :\n- visite\n- devis"
    );
    // An organisation's address too.
    let org_id: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT organisation_id FROM contacts WHERE email = 'jan.peeters@uzleuven.be'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let mut org = store
        .read(|c| store::organisations::get(c, &org_id))
        .unwrap();
    org.address = Some("Herestraat 49\r\nGebouw O&N".into());
    let org = org.validate().unwrap();
    assert_eq!(org.address.as_deref(), Some("Herestraat 49\nGebouw O&N"));
    // Other control characters are still refused by a form, naming the field.
    let mut bad = contact_by_email(&store, "jan.peeters@uzleuven.be");
    bad.notes = Some("a\u{7}b".into());
    assert!(bad.validate().unwrap_err().to_string().contains("notes"));
}

#[test]
fn a_pair_marked_not_duplicates_leaves_the_review_and_look_alikes_are_found_before_saving() {
    use passerelle_core::directory::duplicates;
    use passerelle_core::directory::edit::DirectoryKind;
    let db = common::TempDb::new();
    let store = db.open();
    let add = |id: &str, given: &str, family: &str, email: Option<&str>| {
        let contact = passerelle_core::domain::Contact {
            email: email.map(str::to_owned),
            ..common::person(id, given, family)
        }
        .validate()
        .unwrap();
        store
            .write("Save contact", |w| {
                passerelle_core::store::contacts::save(w, &contact)
            })
            .unwrap();
    };
    add("con_claire_a", "Claire", "Dupont", Some("claire@chu.be"));
    add("con_claire_b", "Claire", "Dupont", None);

    // Before a third is saved, the window can say who it looks like.
    let alike = store
        .read(|c| duplicates::similar_contacts(c, "claire", "DUPONT", None, None, None))
        .unwrap();
    assert_eq!(alike.len(), 2);
    let by_email = store
        .read(|c| {
            duplicates::similar_contacts(c, "C.", "Dupont-X", None, Some("Claire@CHU.be"), None)
        })
        .unwrap();
    assert_eq!(by_email.len(), 1);
    assert_eq!(by_email[0].id, "con_claire_a");
    let none = store
        .read(|c| duplicates::similar_contacts(c, "Claire", "Durand", None, None, None))
        .unwrap();
    assert!(none.is_empty());

    let groups = store.read(duplicates::find).unwrap();
    assert_eq!(groups.len(), 1);
    store
        .write("Not duplicates", |w| {
            duplicates::mark_distinct(w, DirectoryKind::Contact, "con_claire_b", "con_claire_a")
        })
        .unwrap();
    assert!(store.read(duplicates::find).unwrap().is_empty());
    // Marked again in the other order: the same pair, nothing new.
    store
        .write("Not duplicates", |w| {
            duplicates::mark_distinct(w, DirectoryKind::Contact, "con_claire_a", "con_claire_b")
        })
        .unwrap();
    assert_eq!(common::count(&store, "distinct_records"), 1);
    let err = store
        .write("Not duplicates", |w| {
            duplicates::mark_distinct(w, DirectoryKind::Contact, "con_claire_a", "con_nobody")
        })
        .unwrap_err();
    assert!(matches!(err, passerelle_core::Error::Validation { .. }));
}

/// The old reading of a short query, kept as the test's reference: the text folded (accents,
/// case, punctuation) and in Simplified characters, held by the record's folded names.
fn short_reference(store: &Store, q: &str) -> Vec<String> {
    use passerelle_core::directory::{fold, hanzi};
    let q = hanzi::simplified(&fold(q));
    let mut ids: Vec<String> = store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT id, given_name || ' ' || family_name || ' ' || coalesce(native_name, '')
                 FROM contacts WHERE archived_at IS NULL
                 UNION ALL SELECT id, name || ' ' || coalesce(short_name, '') FROM organisations
                 WHERE archived_at IS NULL
                 UNION ALL SELECT id, name FROM technologies WHERE archived_at IS NULL",
            )?;
            let rows =
                stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap()
        .into_iter()
        .filter(|(_, text)| hanzi::simplified(&fold(text)).contains(&q))
        .map(|(id, _)| id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn short_queries_find_every_name_holding_their_one_or_two_characters() {
    let db = TempDb::new();
    let store = db.open();
    passerelle_core::seed::load(&store, "taiwan-wallonia-2025").unwrap();
    passerelle_core::seed::load(&store, "belgian-ehealth").unwrap();
    let dir = db.dir.path().join("short");
    std::fs::create_dir(&dir).unwrap();
    let privacy = serde_json::json!({"lawfulBasis": "legitimate_interests", "source": "test",
                                     "collectedOn": "2026-01-05"});
    let contacts = serde_json::json!([
        {"id": "con_elisabeth", "givenName": "Élisabeth", "familyName": "Dupont-Légia", "privacy": privacy},
        {"id": "con_obrien", "givenName": "Ann", "familyName": "O'Brien", "nativeName": "陳美玲", "privacy": privacy},
        {"id": "con_choi", "givenName": "", "familyName": "최유림", "privacy": privacy},
        {"id": "con_sato", "givenName": "はると", "familyName": "さとう", "nativeName": "佐藤陽翔", "privacy": privacy},
        {"id": "con_zoe", "givenName": "Zoë", "familyName": "Müller-Lüdenscheidt", "privacy": privacy},
        {"id": "con_nunez", "givenName": "JOSÉ", "familyName": "Núñez", "privacy": privacy},
        {"id": "con_decomposed", "givenName": "Jose\u{301}", "familyName": "Vie\u{323}\u{302}t-Nun\u{303}ez",
         "privacy": privacy},
        {"id": "con_zou", "givenName": "Jianguo", "familyName": "Zou", "nativeName": "邹建国", "privacy": privacy},
    ]);
    let organisations = serde_json::json!([
        {"id": "org_uz_short", "name": "Universitair Ziekenhuis Brussel", "shortName": "UZ Brussel",
         "kind": "hospital", "country": "BE"},
    ]);
    std::fs::write(dir.join("contacts.json"), contacts.to_string()).unwrap();
    std::fs::write(dir.join("organisations.json"), organisations.to_string()).unwrap();
    passerelle_core::seed::load_dir(&store, &dir).unwrap();
    let all = SearchFilters::default();
    let found = |q: &str| -> Vec<String> {
        let mut ids: Vec<String> = store
            .read(|c| search(c, q, &all, 1000))
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect();
        ids.sort();
        ids
    };

    // Accents and case aside, in either direction; a word's last letter; an organisation's
    // short name; Hangul, kana and a native name in Chinese beside Latin names.
    for (query, id) in [
        ("é", "con_elisabeth"),
        ("E", "con_elisabeth"),
        ("lé", "con_elisabeth"),
        ("LE", "con_elisabeth"),
        ("h", "con_elisabeth"),
        ("ü", "con_zoe"),
        ("lu", "con_zoe"),
        ("ë", "con_zoe"),
        ("ñe", "con_nunez"),
        ("se", "con_nunez"),
        ("ñe", "con_decomposed"),
        ("ệt", "con_decomposed"),
        ("é", "con_decomposed"),
        ("uz", "org_uz_short"),
        ("최", "con_choi"),
        ("유림", "con_choi"),
        ("とう", "con_sato"),
        ("さ", "con_sato"),
        ("美玲", "con_obrien"),
        ("玲", "con_obrien"),
        ("鄒", "con_zou"),
        ("佐藤", "con_sato"),
    ] {
        assert!(
            found(query).contains(&id.to_owned()),
            "{query} finds {id}: {:?}",
            found(query)
        );
    }
    // Not across the marks that join words: "O'Brien" holds no "ob".
    assert!(!found("ob").contains(&"con_obrien".to_owned()));

    // Archived records are not found.
    store
        .write("archive", |w| {
            passerelle_core::directory::edit::set_archived(
                w,
                DirectoryKind::Contact,
                "con_zoe",
                true,
                chrono::Utc::now(),
            )
        })
        .unwrap();
    assert!(!found("ü").contains(&"con_zoe".to_owned()));

    // Every 1- and 2-character piece of every name, and a few absent ones: the same records as
    // the names folded and held in memory, as short queries were searched before.
    let texts: Vec<String> = store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT given_name || ' ' || family_name || ' ' || coalesce(native_name, '') FROM contacts
                 UNION ALL SELECT name || ' ' || coalesce(short_name, '') FROM organisations
                 UNION ALL SELECT name FROM technologies",
            )?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap();
    let mut queries = std::collections::BTreeSet::new();
    for text in &texts {
        let chars: Vec<char> = text.chars().collect();
        for i in 0..chars.len() {
            queries.insert(chars[i].to_string());
            if i + 1 < chars.len() {
                queries.insert(chars[i..i + 2].iter().collect::<String>());
            }
        }
    }
    queries.extend(["zq", "x", "ÿ", "한"].map(String::from));
    let mut checked = 0;
    for q in &queries {
        let q = q.trim();
        if q.is_empty() || passerelle_core::directory::fold(q).is_empty() {
            continue;
        }
        assert_eq!(found(q), short_reference(&store, q), "{q:?}");
        checked += 1;
    }
    assert!(checked > 300, "{checked} queries checked");
}

/// Before a deletion the window says what goes with the record and what stays without it, in
/// words: every table that can name a contact, an organisation, a department or a technology has its own
/// (a table a migration adds without them fails here), and the counts follow the schema's
/// ON DELETE: CHC Mont Légia takes its sites' link along, keeps its contacts unlinked.
#[test]
fn a_deletion_says_what_goes_and_what_stays_in_the_planners_words() {
    use passerelle_core::directory::edit::{delete_impact, impact_code};
    let db = TempDb::new();
    let store = db.open();
    passerelle_core::seed::load(&store, "taiwan-wallonia-2025").unwrap();
    let mut said = std::collections::BTreeSet::new();
    for kind in [
        DirectoryKind::Contact,
        DirectoryKind::Organisation,
        DirectoryKind::Department,
        DirectoryKind::Technology,
    ] {
        let refs = store
            .read(|c| store::references::to_table(c, kind.table()))
            .unwrap();
        assert!(!refs.is_empty());
        for (table, column) in refs {
            assert_ne!(
                impact_code(&table),
                "impact.records",
                "{table}.{column} names a {kind:?} without words for it"
            );
            said.insert(impact_code(&table));
        }
    }
    // And every impact.* code written in the catalogues is one a deletion can say.
    let listed: std::collections::BTreeSet<&str> = passerelle_core::messages::CODES
        .iter()
        .copied()
        .filter(|c| c.starts_with("impact.") && *c != "impact.records")
        .collect();
    assert_eq!(said, listed);

    let org = store
        .read(|c| delete_impact(c, DirectoryKind::Organisation, "org_chc_mont_legia"))
        .unwrap();
    let people: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM contacts WHERE organisation_id = 'org_chc_mont_legia'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert!(people > 0);
    let contacts = org
        .unlinked
        .iter()
        .find(|m| m.code == "impact.contacts")
        .expect("its contacts stay, unlinked");
    assert_eq!(contacts.params["count"], people.to_string());
    assert!(org.removed.iter().all(|m| m.code != "impact.contacts"));
    assert_eq!(
        org.links.iter().find(|(t, _)| t == "contacts").map(|l| l.1),
        Some(people)
    );
    let fr = contacts.render(Lang::Fr);
    assert_eq!(fr, format!("{people} contacts"), "{fr}");

    // A delegate: their place in the delegation and their programme go with them.
    let person = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT contact_id FROM delegation_members ORDER BY contact_id LIMIT 1",
                [],
                |r| r.get::<_, String>(0),
            )?)
        })
        .unwrap();
    let impact = store
        .read(|c| delete_impact(c, DirectoryKind::Contact, &person))
        .unwrap();
    let place = impact
        .removed
        .iter()
        .find(|m| m.code == "impact.delegationPlaces")
        .expect("the place in the delegation goes");
    assert_eq!(place.render(Lang::Fr), "1 place dans une délégation");
    assert_eq!(place.render(Lang::ZhTw), "1 個代表團名額");
    assert!(impact
        .unlinked
        .iter()
        .all(|m| m.code != "impact.delegationPlaces"));
}
