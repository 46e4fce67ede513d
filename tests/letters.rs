//! Letters and passport data (issue 17, part 3) on a real database file: passport data entered
//! per mission and person (bad input refused with codes, nothing saved; a passport expiring
//! within three months of the mission said), invitation and thank-you letters written as PDFs
//! by the command line and read back with poppler's `pdftotext` in French and Chinese, the
//! people skipped and why, the erasure that removes the passport data and scrubs its ops, and
//! no passport data in any other document (programme, itineraries, cards, calendar, rooming
//! list, briefing book).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::{cli, count, json, one_error_line, TempDb};
use passerelle_core::directory::privacy;
use passerelle_core::documents::locale::Lang;
use passerelle_core::documents::{self, DocumentKind, DocumentRequest, Langs};
use passerelle_core::domain::PassportInput;
use passerelle_core::{seed, store, Store};
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

const MISSION: &str = "mis_tsha_wallonia_2025";
const OBJECTED: &str = "con_delegate_03";
const ERASED: &str = "con_delegate_12";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 20, 9, 0, 0).unwrap()
}

fn passport(contact: &str, surname: &str, number: &str, expires: &str) -> PassportInput {
    PassportInput {
        mission_id: MISSION.into(),
        contact_id: contact.into(),
        surname: surname.into(),
        given_names: "WEI-TING".into(),
        nationality: "TW".into(),
        number: number.into(),
        birth_date: "1975-03-14".into(),
        issued_on: Some("2020-01-10".into()),
        expires_on: expires.into(),
        issuing_authority: Some("Bureau of Consular Affairs".into()),
    }
}

/// The demo mission on a clock a week before it: passports for delegates 1 and 2 (and for
/// one who objected to contact and one erased then brought back under the same id).
fn prepared() -> (TempDb, Store) {
    let db = TempDb::new();
    let store = Store::open_with_clock(&db.path, Arc::new(now)).unwrap();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    store
        .write("action.savePassport", |w| {
            store::passports::put(
                w,
                &passport("con_delegate_01", "CHEN", "312345678", "2030-01-09"),
            )?;
            store::passports::put(
                w,
                &passport("con_delegate_02", "LIN", "398765432", "2031-09-01"),
            )?;
            store::passports::put(w, &passport(OBJECTED, "WU", "300000003", "2031-09-01"))?;
            store::passports::put(w, &passport(ERASED, "HSU", "300000012", "2031-09-01"))?;
            Ok(())
        })
        .unwrap();
    let person = store.read(|c| store::contacts::get(c, ERASED)).unwrap();
    privacy::erase_contact(&store, ERASED, Some("asked on 2025-06-01")).unwrap();
    // Loading the seed again leaves the erased person out; a list loaded again under the same
    // id brings them back, and they are still skipped.
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    assert!(store.read(|c| store::contacts::get(c, ERASED)).is_err());
    store
        .write("action.saveContact", |w| {
            store::contacts::save(w, &person)?;
            store::missions::add_member(w, MISSION, ERASED, "delegate", None).map(|_| ())
        })
        .unwrap();
    store
        .write("action.saveContact", |w| {
            let mut c = store::contacts::get(w, OBJECTED)?;
            c.privacy.do_not_contact = true;
            store::contacts::save(w, &c).map(|_| ())
        })
        .unwrap();
    (db, store)
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (make apt)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn letters(db: &TempDb, kind: &str, lang: &str, out: &Path, contact: Option<&str>) -> Value {
    let mut args = vec![
        "export",
        "letter",
        "--mission",
        MISSION,
        "--kind",
        kind,
        "--lang",
        lang,
        "--out",
        out.to_str().unwrap(),
        "--json",
    ];
    if let Some(c) = contact {
        args.extend(["--contact", c]);
    }
    json(&cli(db, &args))
}

fn reasons(report: &Value) -> Vec<(String, String)> {
    report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["contact"].as_str().unwrap().to_owned(),
                s["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn invitation_letters_carry_the_visa_fields_in_chinese_and_french() {
    let (db, store) = prepared();
    drop(store);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("letters");
    let report = letters(&db, "invitation", "auto", &out, None);
    let written: Vec<&str> = report["written"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(written.len(), 2, "{report}");
    let skipped = reasons(&report);
    assert!(
        skipped.contains(&(OBJECTED.into(), "objected".into())),
        "{skipped:?}"
    );
    assert!(
        skipped.contains(&(ERASED.into(), "erased".into())),
        "{skipped:?}"
    );
    assert!(skipped.contains(&("con_delegate_04".into(), "noPassport".into())));
    assert_eq!(skipped.len(), 10, "{skipped:?}");
    // Organisers and hosts get no invitation.
    assert!(!skipped.iter().any(|(c, _)| c == "con_philippe_tzou"));

    // The delegates read Chinese: their own language.
    let chen = written.iter().find(|p| p.contains("delegue-1")).unwrap();
    // Typst sets a thin space between Chinese and Latin letters or digits: compare without.
    let text: String = pdftotext(Path::new(chen))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for needle in [
        "邀請函",
        "CHENWEI-TING",
        "護照號碼",
        "312345678",
        "1975年3月14日",
        "2030年1月9日",
        "臺灣",
        "BureauofConsularAffairs",
        "Agencewallonneàl’Exportation",
        "PhilippeTzou",
        "Conseilleréconomiqueetcommercial",
        "比利時",
        "HôpitalcivilMarieCurie",
        "費用負擔",
        // The mission's objectives as written for Chinese documents.
        "讓比利時（特別是瓦隆區）醫院認識臺灣醫院",
    ] {
        assert!(text.contains(needle), "{needle} missing in:\n{text}");
    }
    assert!(Command::new("pdfinfo")
        .arg(chen)
        .output()
        .unwrap()
        .status
        .success());

    // One person, in French, into the file named.
    let one = dir.path().join("chen-fr.pdf");
    let report = letters(&db, "invitation", "fr", &one, Some("con_delegate_01"));
    assert_eq!(report["written"][0].as_str(), Some(one.to_str().unwrap()));
    let text = pdftotext(&one);
    for needle in [
        "LETTRE D’INVITATION",
        "Passeport n°",
        "312345678",
        "14 mars 1975",
        "9 janvier 2030",
        "Taïwan",
        "Du 26 juin 2025 au 27 juin 2025",
        "Lodelinsart",
        "Philippe Tzou",
        "Hôpital membre de la TSHA 1",
    ] {
        assert!(text.contains(needle), "{needle} missing in:\n{text}");
    }
    // Lin's passport is not in Chen's letter.
    assert!(!text.contains("398765432"));

    // A person without passport data, asked alone: skipped with the reason, nothing written.
    let none = dir.path().join("none.pdf");
    let report = letters(&db, "invitation", "fr", &none, Some("con_delegate_04"));
    assert_eq!(report["written"], serde_json::json!([]));
    assert_eq!(
        reasons(&report),
        vec![("con_delegate_04".into(), "noPassport".into())]
    );
    assert!(!none.exists());
    // A host is sent no invitation.
    let out = cli(
        &db,
        &[
            "export",
            "letter",
            "--mission",
            MISSION,
            "--kind",
            "invitation",
            "--contact",
            "con_maxime_rossi",
            "--lang",
            "fr",
            "--out",
            none.to_str().unwrap(),
        ],
    );
    assert!(one_error_line(&out).contains("contact"));
    let out = cli(
        &db,
        &[
            "export",
            "letter",
            "--mission",
            MISSION,
            "--kind",
            "visa",
            "--lang",
            "fr",
            "--out",
            none.to_str().unwrap(),
        ],
    );
    assert!(one_error_line(&out).contains("invitation, thank-you"));
}

#[test]
fn thank_you_letters_go_to_delegates_and_hosts_in_their_language() {
    let (db, store) = prepared();
    drop(store);
    let dir = tempfile::tempdir().unwrap();
    let report = letters(&db, "thank-you", "auto", dir.path(), None);
    let written: Vec<String> = report["written"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    let skipped = reasons(&report);
    assert_eq!(
        skipped,
        vec![
            (OBJECTED.into(), "objected".into()),
            (ERASED.into(), "erased".into())
        ]
    );
    // Ten delegates (no passport needed) and the hosts.
    assert!(written.len() > 12, "{written:?}");
    let host = written.iter().find(|p| p.contains("maxime-rossi")).unwrap();
    let text = pdftotext(Path::new(host));
    assert!(text.contains("LETTRE DE REMERCIEMENT"), "{text}");
    assert!(text.contains("accueil que vous avez réservé"), "{text}");
    let delegate = written.iter().find(|p| p.contains("delegue-1-")).unwrap();
    let text: String = pdftotext(Path::new(delegate))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("感謝函"), "{text}");
    assert!(text.contains("2025年6月26日"), "{text}");
    // A thank-you carries no passport data.
    assert!(!text.contains("312345678"));
}

#[test]
fn bad_passport_data_is_refused_on_its_field_and_nothing_is_saved() {
    let db = TempDb::new();
    let store = db.open();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    drop(store);
    let base = |field: &str, value: &str| {
        let mut args: Vec<String> = [
            "passport",
            "set",
            "--mission",
            MISSION,
            "--contact",
            "con_delegate_01",
            "--surname",
            "CHEN",
            "--given-names",
            "WEI-TING",
            "--nationality",
            "TW",
            "--number",
            "312345678",
            "--birth-date",
            "1975-03-14",
            "--issued",
            "2020-01-10",
            "--expires",
            "2099-01-09",
            "--json",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let i = args.iter().position(|a| a == field).unwrap();
        args[i + 1] = value.to_owned();
        args
    };
    let run = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        cli(&db, &refs)
    };
    for (field, value, said) in [
        ("--expires", "2024-01-01", "expiresOn: "),
        ("--expires", "2019-01-01", "expiresOn: "),
        ("--surname", " ", "surname: "),
        ("--nationality", "Taiwan", "nationality: "),
        ("--birth-date", "14/03/1975", "birthDate: "),
        ("--issued", "1970-01-01", "issuedOn: "),
        ("--number", "312 345", "number: "),
    ] {
        let line = one_error_line(&run(base(field, value)));
        assert!(line.contains(said), "{field}={value}: {line}");
    }
    // The expired passport's message says when, as a date is typed.
    let line = one_error_line(&run(base("--expires", "2024-01-01")));
    assert!(
        line.contains("01/01/2024") && line.contains("expired"),
        "{line}"
    );
    // Someone outside the delegation.
    let line = one_error_line(&run(base("--contact", "con_maxime_rossi")));
    assert!(line.contains("contactId: "), "{line}");
    let store = db.open();
    assert_eq!(count(&store, "passports"), 0);
    let logged: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM change_log WHERE entity = 'passports'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(logged, 0);
    drop(store);
    // Good data is saved, shown, and cleared.
    let saved = json(&run(base("--expires", "2099-01-09")));
    assert!(saved["id"].as_str().unwrap().starts_with("psp_"));
    let shown = json(&cli(
        &db,
        &[
            "passport",
            "show",
            "--mission",
            MISSION,
            "--contact",
            "con_delegate_01",
            "--json",
        ],
    ));
    assert_eq!(shown["number"], "312345678");
    assert_eq!(shown["issuingAuthority"], Value::Null);
    let cleared = json(&cli(
        &db,
        &[
            "passport",
            "clear",
            "--mission",
            MISSION,
            "--contact",
            "con_delegate_01",
            "--json",
        ],
    ));
    assert_eq!(cleared["cleared"], true);
    let shown = json(&cli(
        &db,
        &[
            "passport",
            "show",
            "--mission",
            MISSION,
            "--contact",
            "con_delegate_01",
            "--json",
        ],
    ));
    assert_eq!(shown, Value::Null);
}

#[test]
fn a_passport_expiring_within_three_months_of_the_mission_is_said_in_each_language() {
    let db = TempDb::new();
    let store = Store::open_with_clock(&db.path, Arc::new(now)).unwrap();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    store
        .write("action.savePassport", |w| {
            store::passports::put(
                w,
                &passport("con_delegate_01", "CHEN", "312345678", "2025-08-01"),
            )
        })
        .unwrap();
    let p = store
        .read(|c| store::passports::get(c, MISSION, "con_delegate_01"))
        .unwrap()
        .unwrap();
    assert_eq!(p.checks.len(), 1);
    assert_eq!(p.checks[0].code, "passport.expiresSoon");
    let fr = p.checks[0].render(Lang::Fr);
    assert!(
        fr.contains("le 01/08/2025") && fr.contains("3 mois") && fr.contains("27/09/2025"),
        "{fr}"
    );
    let zh = p.checks[0].render(Lang::ZhTw);
    assert!(zh.contains("申根") && zh.contains("2025/08/01"), "{zh}");
    // Expiring before the mission ends is refused.
    let e = store
        .write("action.savePassport", |w| {
            store::passports::put(
                w,
                &passport("con_delegate_02", "LIN", "398765432", "2025-06-27"),
            )
        })
        .unwrap_err();
    assert!(e.to_string().contains("expiresOn"), "{e}");
}

#[test]
fn erasing_the_person_removes_their_passport_data_and_scrubs_its_ops() {
    let (db, store) = prepared();
    // The erased delegate's passport (entered before the erasure) is gone, ops scrubbed.
    let (rows, values): (i64, i64) = store
        .read(|c| {
            Ok((
                c.query_row("SELECT count(*) FROM passports WHERE contact_id = ?1", [ERASED], |r| r.get(0))?,
                c.query_row(
                    "SELECT count(*) FROM change_log WHERE entity = 'passports'
                       AND (kind <> 'scrubbed' OR before IS NOT NULL OR after IS NOT NULL)
                       AND (instr(coalesce(after, ''), 'HSU') > 0 OR instr(coalesce(after, ''), '300000012') > 0
                         OR instr(coalesce(before, ''), '300000012') > 0)",
                    [],
                    |r| r.get(0),
                )?,
            ))
        })
        .unwrap();
    assert_eq!((rows, values), (0, 0));
    // Another person's: erased now.
    privacy::erase_contact(&store, "con_delegate_01", None).unwrap();
    let left: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM passports WHERE contact_id = 'con_delegate_01'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(left, 0);
    drop(store);
    let bytes = std::fs::read(&db.path).unwrap();
    for gone in ["312345678", "300000012"] {
        assert!(
            !bytes.windows(gone.len()).any(|w| w == gone.as_bytes()),
            "{gone} still in the file"
        );
    }
    // Lin's stays.
    assert!(bytes.windows(9).any(|w| w == b"398765432"));
    // Leaving the delegation clears the passport too.
    let out = cli(
        &db,
        &[
            "member",
            "remove",
            "--mission",
            MISSION,
            "--contact",
            "con_delegate_02",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = db.open();
    assert_eq!(count(&store, "passports"), 1, "only the objector's is left");
}

#[test]
fn passport_data_appears_in_no_other_document() {
    let (_db, store) = prepared();
    store
        .write("action.savePassport", |w| {
            let mut p = passport("con_delegate_02", "QUETZALCOATL", "ZQ9876543", "2031-09-01");
            p.given_names = "XIPETOTEC".into();
            p.issuing_authority = Some("Zyzzyva Passport Office".into());
            store::passports::put(w, &p)
        })
        .unwrap();
    let needles = ["QUETZALCOATL", "ZQ9876543", "XIPETOTEC", "Zyzzyva"];
    let dir = tempfile::tempdir().unwrap();
    let langs = Langs::parse("fr+zh-TW").unwrap();
    let kinds = [
        DocumentKind::Programme,
        DocumentKind::Itinerary,
        DocumentKind::Cards,
        DocumentKind::Rooming,
        DocumentKind::Briefing,
    ];
    for kind in kinds {
        let request = DocumentRequest {
            kind,
            mission_id: MISSION.into(),
            participant: None,
            versions: None,
            langs,
        };
        let pdf = store
            .read(|c| documents::render(c, &request, now()))
            .unwrap();
        let path = dir.path().join(format!("{}.pdf", kind.as_str()));
        std::fs::write(&path, pdf).unwrap();
        let text = pdftotext(&path);
        for n in needles {
            assert!(!text.contains(n), "{n} in the {}", kind.as_str());
        }
    }
    let ics = store
        .read(|c| {
            documents::calendar(
                c,
                MISSION,
                &documents::ics::IcsOptions {
                    participant: None,
                    alarm_minutes: None,
                    lang: Lang::Fr,
                },
                now(),
            )
        })
        .unwrap();
    for n in needles {
        assert!(!ics.contains(n), "{n} in the calendar");
    }
    // The rule holds by construction: only `letters.rs` (and the data-subject export) read the
    // table.
    let src = common::repo_root().join("src-tauri/core/src/documents");
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("letters.rs") {
            let code = std::fs::read_to_string(&path).unwrap();
            assert!(
                !code.contains("passports"),
                "{} reads passports",
                path.display()
            );
        }
    }
}

#[test]
fn an_invitation_draft_carries_the_invitation_letter_when_passport_data_is_entered() {
    let (db, store) = prepared();
    store
        .write("action.saveContact", |w| {
            for id in ["con_delegate_01", "con_delegate_04"] {
                let mut c = store::contacts::get(w, id)?;
                c.email = Some(format!("{}@example.org", &id[4..]));
                store::contacts::save(w, &c)?;
            }
            Ok(())
        })
        .unwrap();
    drop(store);
    let dir = tempfile::tempdir().unwrap();
    let report = json(&cli(
        &db,
        &[
            "mail",
            "merge",
            "--mission",
            MISSION,
            "--template",
            "invitation",
            "--to",
            "delegation",
            "--lang",
            "auto",
            "--out",
            dir.path().to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(report["drafts"], 2, "{report}");
    let parser = mail_parser::MessageParser::default();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let m = parser.parse(bytes.as_slice()).unwrap();
        let parts: Vec<_> = m.attachments().collect();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("delegue-1-") {
            // Chen has passport data: the letter, a PDF that poppler reads, is attached.
            assert_eq!(parts.len(), 1, "{name}");
            let pdf = dir.path().join("chen.pdf");
            std::fs::write(&pdf, parts[0].contents()).unwrap();
            let text: String = pdftotext(&pdf)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            assert!(
                text.contains("312345678") && text.contains("邀請函"),
                "{text}"
            );
        } else {
            assert!(parts.is_empty(), "{name}: no passport data, no letter");
        }
    }
}

#[test]
fn deleting_the_mission_deletes_its_passport_data() {
    let db = TempDb::new();
    let id = |out: &std::process::Output| json(out)["id"].as_str().unwrap().to_owned();
    let mission = id(&cli(
        &db,
        &[
            "mission",
            "create",
            "--name",
            "Medtech japonaise",
            "--start",
            "2027-03-09",
            "--end",
            "2027-03-11",
            "--host-tz",
            "Europe/Brussels",
            "--home-tz",
            "Asia/Tokyo",
            "--json",
        ],
    ));
    let contact = id(&cli(
        &db,
        &[
            "contact",
            "add",
            "--given",
            "Haruki",
            "--family",
            "Sato",
            "--language",
            "ja",
            "--json",
        ],
    ));
    json(&cli(
        &db,
        &[
            "member",
            "add",
            "--mission",
            &mission,
            "--contact",
            &contact,
            "--role",
            "delegate",
            "--json",
        ],
    ));
    let set = json(&cli(
        &db,
        &[
            "passport",
            "set",
            "--mission",
            &mission,
            "--contact",
            &contact,
            "--surname",
            "SATO",
            "--given-names",
            "HARUKI",
            "--nationality",
            "JP",
            "--number",
            "TK1234567",
            "--birth-date",
            "1980-05-05",
            "--expires",
            "2027-05-01",
            "--json",
        ],
    ));
    // Valid through the mission but not three months after it: saved, and said.
    assert_eq!(set["checks"][0]["code"], "passport.expiresSoon", "{set}");
    assert_eq!(count(&db.open(), "passports"), 1);
    let out = cli(&db, &["mission", "delete", &mission]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&db.open(), "passports"), 0);
}
