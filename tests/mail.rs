//! E-mail drafts (issue 17, part 2) on a real database file, through the command line, read
//! back as a mail client would: each `.eml` parsed by the `mail-parser` crate and by Python's
//! `email` package (headers, `X-Unsent`, the text, the attachments), the attached itinerary
//! opened by poppler's `pdfinfo`/`pdftotext`, the calendar file read back. A draft never goes to
//! a person who objected to contact or was erased.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::{cli, json, one_error_line, TempDb};
use mail_parser::{MessageParser, MimeHeaders};
use passerelle_core::directory::privacy;
use passerelle_core::mail::{self, Audience, MailLang, MailTemplate, MergeRequest};
use passerelle_core::{seed, store, Store};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const MISSION: &str = "mis_tsha_wallonia_2025";
const OBJECTED: &str = "con_liege_doctor_2";
const NO_ADDRESS: &str = "con_liege_doctor_3";
const ERASED: &str = "con_delegate_12";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 20, 9, 0, 0).unwrap()
}

fn address(id: &str) -> String {
    format!(
        "{}@example.org",
        id.trim_start_matches("con_").replace('_', ".")
    )
}

/// The demo mission, every person with an address but one; one who objected to contact; one
/// erased and then brought back under the same id (as a list of people loaded again would:
/// loading the seed again no longer does).
fn prepared() -> (TempDb, Store) {
    let db = TempDb::new();
    let store = Store::open_with_clock(&db.path, Arc::new(now)).unwrap();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    let person = store.read(|c| store::contacts::get(c, ERASED)).unwrap();
    privacy::erase_contact(&store, ERASED, Some("asked on 2025-06-01")).unwrap();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    assert_eq!(
        store.read(|c| store::contacts::get(c, ERASED)).ok(),
        None,
        "the seed loaded again leaves the erased person out"
    );
    store
        .write("action.saveContact", |w| {
            store::contacts::save(w, &person)?;
            store::missions::add_member(w, MISSION, ERASED, "delegate", None).map(|_| ())
        })
        .unwrap();
    let ids: Vec<String> = store
        .read(|c| {
            let mut stmt = c.prepare("SELECT id FROM contacts")?;
            let ids = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(ids)
        })
        .unwrap();
    store
        .write("action.saveContact", |w| {
            for id in &ids {
                let mut c = store::contacts::get(w, id)?;
                if id != NO_ADDRESS {
                    c.email = Some(address(id));
                }
                c.privacy.do_not_contact = id == OBJECTED;
                store::contacts::save(w, &c)?;
            }
            Ok(())
        })
        .unwrap();
    (db, store)
}

fn eml_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} (make apt): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn merge_cli(db: &TempDb, template: &str, to: &str, lang: &str, out: &Path) -> Value {
    json(&cli(
        db,
        &[
            "mail",
            "merge",
            "--mission",
            MISSION,
            "--template",
            template,
            "--to",
            to,
            "--lang",
            lang,
            "--out",
            out.to_str().unwrap(),
            "--json",
        ],
    ))
}

#[test]
fn confirmations_go_to_everyone_but_the_objector_the_erased_and_the_addressless() {
    let (db, store) = prepared();
    let out = db.dir.path().join("drafts");
    let result = merge_cli(&db, "confirmation", "all", "auto", &out);

    // The contract: exactly {"drafts", "skipped": [{"contact", "reason"}]}.
    let keys: Vec<&String> = result.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["drafts", "skipped"]);
    let skipped: BTreeMap<String, String> = result["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let keys: Vec<&String> = s.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["contact", "reason"]);
            (
                s["contact"].as_str().unwrap().to_owned(),
                s["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        BTreeMap::from([
            (ERASED.to_owned(), "erased".to_owned()),
            (OBJECTED.to_owned(), "objected".to_owned()),
            (NO_ADDRESS.to_owned(), "noAddress".to_owned()),
        ])
    );

    let files = eml_files(&out);
    let drafts = result["drafts"].as_u64().unwrap() as usize;
    assert_eq!(files.len(), drafts);
    // The delegation but the erased delegate and the organiser (who sends), and the hosts.
    let people = store
        .read(|c| passerelle_core::documents::facts::MissionFacts::load(c, MISSION, now()))
        .unwrap()
        .people
        .len();
    assert_eq!(
        drafts,
        people - 1 - 3,
        "everyone but the sender and the 3 skipped"
    );

    // Nothing written names the objector or the erased person.
    for bytes in files.values() {
        let text = String::from_utf8_lossy(bytes);
        for never in [address(OBJECTED), address(ERASED)] {
            assert!(!text.contains(&never), "{never} in a draft");
        }
    }

    let pdf_dir = db.dir.path().join("attachments");
    std::fs::create_dir_all(&pdf_dir).unwrap();
    let parser = MessageParser::default();
    let mut chinese = 0;
    let mut french = 0;
    for (name, bytes) in &files {
        let m = parser.parse(bytes.as_slice()).expect(name);
        assert_eq!(
            m.header_raw("X-Unsent").map(str::trim),
            Some("1"),
            "{name}: X-Unsent"
        );
        let to = m.to().and_then(|a| a.first()).unwrap();
        let to_address = to.address().unwrap().to_owned();
        assert!(to_address.ends_with("@example.org"), "{name}");
        let from = m.from().and_then(|a| a.first()).unwrap();
        assert_eq!(from.address(), Some(address("con_philippe_tzou").as_str()));
        assert!(m.date().is_some() && m.message_id().is_some(), "{name}");
        let subject = m.subject().unwrap();
        let body = m.body_text(0).unwrap();
        assert!(!body.contains('{'), "{name}: a placeholder left: {body}");
        if to_address.starts_with("delegate") {
            // The delegates read Traditional Chinese first: the mission and their meetings
            // under the titles written for Chinese documents.
            assert!(subject.starts_with("行程確認"), "{name}: {subject}");
            assert!(body.contains("您好"), "{name}: {body}");
            assert!(
                body.contains("臺灣智慧醫療聯盟") && body.contains("大合照"),
                "{name}: {body}"
            );
            chinese += 1;
        } else {
            assert!(subject.starts_with("Confirmation"), "{name}: {subject}");
            assert!(body.starts_with("Bonjour"), "{name}: {body}");
            assert!(!body.contains("大合照"), "{name}: {body}");
            french += 1;
        }

        // Two attachments, intact: the itinerary as a PDF that poppler opens, the calendar.
        let parts: Vec<_> = m.attachments().collect();
        assert_eq!(parts.len(), 2, "{name}");
        let pdf = parts[0].contents();
        assert!(pdf.starts_with(b"%PDF-"), "{name}");
        assert_eq!(
            parts[0].content_type().map(|c| c.ctype()),
            Some("application")
        );
        assert!(parts[0].attachment_name().unwrap().ends_with(".pdf"));
        let path = pdf_dir.join(name.replace(".eml", ".pdf"));
        std::fs::write(&path, pdf).unwrap();
        let info = tool("pdfinfo", &[path.to_str().unwrap()]);
        assert!(info.contains("Pages:"), "{name}: {info}");
        let ics = String::from_utf8_lossy(parts[1].contents()).into_owned();
        assert!(ics.starts_with("BEGIN:VCALENDAR"), "{name}");
        assert!(ics.contains("BEGIN:VEVENT"), "{name}: no event");
        assert!(parts[1].attachment_name().unwrap().ends_with(".ics"));
    }
    assert!(chinese >= 10 && french >= 3, "{chinese} zh-TW, {french} fr");

    // A delegate's itinerary is in Chinese and is theirs.
    let first_delegate = files
        .keys()
        .find(|n| {
            let m = parser.parse(files[*n].as_slice()).unwrap();
            m.to().and_then(|a| a.first()).and_then(|a| a.address())
                == Some(&address("con_delegate_01"))
        })
        .unwrap();
    let text = tool(
        "pdftotext",
        &[
            pdf_dir
                .join(first_delegate.replace(".eml", ".pdf"))
                .to_str()
                .unwrap(),
            "-",
        ],
    );
    assert!(text.contains("個人行程"), "{text}");
    assert!(text.contains("大合照"), "{text}");

    // Python's email package reads the same files (what the issue's user checks).
    let script = r#"
import email, email.policy, pathlib, sys
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.eml")):
    m = email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
    assert m["X-Unsent"] == "1", p
    assert "@" in str(m["To"]), p
    atts = list(m.iter_attachments())
    assert [a.get_content_type() for a in atts] == ["application/pdf", "text/calendar"], (p, [a.get_content_type() for a in atts])
    assert atts[0].get_content().startswith(b"%PDF-"), p
    body = m.get_body(preferencelist=("plain",)).get_content()
    assert "{" not in body, p
    n += 1
print(n)
"#;
    let parsed = tool("python3", &["-c", script, out.to_str().unwrap()]);
    assert_eq!(parsed.trim(), drafts.to_string());
}

#[test]
fn invitations_in_one_language_and_the_preview_the_window_shows() {
    let (db, store) = prepared();
    let out = db.dir.path().join("invitations");
    let result = merge_cli(&db, "invitation", "hosts", "en", &out);
    let files = eml_files(&out);
    assert_eq!(result["drafts"].as_u64().unwrap() as usize, files.len());
    assert!(!files.is_empty());
    let parser = MessageParser::default();
    for (name, bytes) in &files {
        let m = parser.parse(bytes.as_slice()).unwrap();
        assert!(m.subject().unwrap().starts_with("Invitation: "), "{name}");
        assert_eq!(m.attachments().count(), 0, "{name}");
        let body = m.body_text(0).unwrap();
        assert!(body.starts_with("Dear "), "{name}: {body}");
        assert!(!body.contains('{'), "{name}");
    }
    // Hosts only: no delegate, and the erased delegate is not even considered.
    let skipped: Vec<&str> = result["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["contact"].as_str().unwrap())
        .collect();
    assert!(!skipped.contains(&ERASED));
    assert!(skipped.contains(&OBJECTED));

    // The window's preview: the same people, one draft in words, reasons as messages.
    let request = MergeRequest {
        mission_id: MISSION.into(),
        template: MailTemplate::ThankYou,
        to: Audience::All,
        lang: MailLang::Auto,
    };
    let merge = store.read(|c| mail::prepare(c, &request, now())).unwrap();
    let preview = mail::preview(&merge, Some("con_delegate_03"));
    let sample = preview.sample.unwrap();
    assert_eq!(sample.contact_id, "con_delegate_03");
    assert_eq!(sample.lang, "zh-TW");
    assert!(
        sample.subject.starts_with("感謝您參與"),
        "{}",
        sample.subject
    );
    assert!(
        sample.body.contains("- "),
        "their meetings listed: {}",
        sample.body
    );
    assert!(sample.attachments.is_empty());
    let reasons: BTreeMap<&str, &str> = preview
        .skipped
        .iter()
        .map(|s| (s.contact_id.as_str(), s.message.code))
        .collect();
    assert_eq!(reasons.get(OBJECTED), Some(&"mail.skip.objected"));
    assert_eq!(reasons.get(ERASED), Some(&"mail.skip.erased"));
}

#[test]
fn bad_input_is_one_line_and_writes_nothing() {
    let (db, _store) = prepared();
    let out: PathBuf = db.dir.path().join("never");
    for (template, to, lang) in [
        ("letter", "all", "auto"),
        ("invitation", "everyone", "auto"),
        ("invitation", "all", "de"),
    ] {
        let res = cli(
            &db,
            &[
                "mail",
                "merge",
                "--mission",
                MISSION,
                "--template",
                template,
                "--to",
                to,
                "--lang",
                lang,
                "--out",
                out.to_str().unwrap(),
                "--json",
            ],
        );
        let line = one_error_line(&res);
        assert!(line.contains("error:"), "{line}");
        assert!(!out.exists(), "{template} {to} {lang}: a folder was made");
    }
    let res = cli(
        &db,
        &[
            "mail",
            "merge",
            "--mission",
            "mis_nope",
            "--template",
            "survey",
            "--to",
            "all",
            "--out",
            out.to_str().unwrap(),
            "--json",
        ],
    );
    one_error_line(&res);
    assert!(!out.exists());
}
