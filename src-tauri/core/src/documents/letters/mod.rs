//! Letters (issue 17, part 3), one PDF per person through the same Typst pipeline
//! (`templates/letter.typ`), in the person's language or one chosen:
//! - the official invitation letter a delegate joins to a Schengen visa application: the
//!   inviting organisation with its address, the invitee as in their passport (full name, date
//!   of birth, nationality, passport number, issue and expiry), the purpose of the visit, the
//!   dates and places of stay (arrival, departure, hotels, the towns of the programme), who
//!   covers the costs, the person's programme in brief and the organiser's signature block;
//! - the thank-you letter to a delegate or a host after the mission.
//!
//! Who gets one follows the e-mail drafts' privacy rules (`mail::recipients`: never a person
//! erased or who objected to contact); an invitation also needs the person's passport data
//! for the mission (`store::passports`), else they are skipped with `noPassport`. Passport data
//! is read here and nowhere else among the documents.

use crate::documents::engine::Engine;
use crate::documents::facts::MissionFacts;
use crate::documents::locale::{self, Lang};
use crate::domain::Passport;
use crate::error::{Error, Result};
use crate::mail::recipients::{self, SkipReason};
use crate::mail::{Audience, MailLang, Skipped};
use crate::messages::Message;
use crate::store;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod content;

use content::{invitation, thank_you, Context};

const LETTER: &str = include_str!("../templates/letter.typ");

/// The kinds of letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum LetterKind {
    /// The visa-support invitation, to each delegate (not the organisers nor the hosts).
    Invitation,
    /// After the mission, to each delegate and host.
    ThankYou,
}

impl LetterKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::Invitation => "invitation",
            LetterKind::ThankYou => "thank-you",
        }
    }

    pub fn parse(text: &str) -> Result<LetterKind> {
        match text {
            "invitation" => Ok(LetterKind::Invitation),
            "thank-you" => Ok(LetterKind::ThankYou),
            _ => Err(Error::invalid(
                "kind",
                Message::new("letterUnknownKind").with("value", text),
            )),
        }
    }

    fn doc_key(self) -> &'static str {
        match self {
            LetterKind::Invitation => "doc.invitationLetter",
            LetterKind::ThankYou => "doc.thankYouLetter",
        }
    }
}

/// Who covers the invitee's costs, as the invitation says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CostsBy {
    /// The invitee's own organisation (or the invitee).
    #[default]
    Invitee,
    /// The inviting organisation.
    Organiser,
}

impl CostsBy {
    pub fn parse(text: &str) -> Result<CostsBy> {
        match text {
            "invitee" => Ok(CostsBy::Invitee),
            "organiser" => Ok(CostsBy::Organiser),
            _ => Err(Error::invalid(
                "costsBy",
                Message::new("letterUnknownCostsBy").with("value", text),
            )),
        }
    }
}

/// Which letters to write.
#[derive(Debug, Clone)]
pub struct LetterRequest {
    pub mission_id: String,
    pub kind: LetterKind,
    /// One person (contact id); `None`: everyone the kind is for.
    pub contact: Option<String>,
    pub lang: MailLang,
    pub costs_by: CostsBy,
}

/// One letter to write.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LetterTarget {
    pub contact_id: String,
    pub name: String,
    pub lang: String,
    /// The PDF's file name, unique among the letters.
    pub file_name: String,
}

/// Who gets a letter and who does not, and why.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LetterPlan {
    pub letters: Vec<LetterTarget>,
    pub skipped: Vec<Skipped>,
}

/// The letters of a request, in words, with the facts they are laid out from.
pub struct Letters {
    pub plan: LetterPlan,
    data: Vec<Value>,
    langs: Vec<Lang>,
    now: DateTime<Utc>,
    mission_id: String,
}

/// Reads the mission once and puts each letter into words.
pub fn prepare(conn: &Connection, request: &LetterRequest, now: DateTime<Utc>) -> Result<Letters> {
    let f = MissionFacts::load(conn, &request.mission_id, now)?;
    let audience = match request.kind {
        LetterKind::Invitation => Audience::Delegation,
        LetterKind::ThankYou => Audience::All,
    };
    let choice = recipients::choose_for_letters(conn, &f, audience, request.lang)?;
    let passports: HashMap<String, Passport> = store::passports::of_mission(conn, f.mission_id())?
        .into_iter()
        .map(|p| (p.contact_id.clone(), p))
        .collect();
    let wanted = |id: &str| request.contact.as_deref().is_none_or(|c| c == id);
    if let Some(c) = &request.contact {
        let known = choice.drafts.iter().any(|d| d.person.id == *c)
            || choice.skipped.iter().any(|s| s.contact_id == *c);
        if !known {
            return Err(Error::invalid(
                "contact",
                Message::new("letterNotForPerson")
                    .with("id", c)
                    .with("kind", request.kind.as_str()),
            ));
        }
    }
    let context = Context::load(conn, &f)?;
    let mut skipped: Vec<Skipped> = choice
        .skipped
        .into_iter()
        .filter(|s| wanted(&s.contact_id))
        .collect();
    let mut plan = LetterPlan {
        letters: Vec::new(),
        skipped: Vec::new(),
    };
    let (mut data, mut langs) = (Vec::new(), Vec::new());
    let mut used = std::collections::HashSet::new();
    for chosen in choice.drafts.iter().filter(|c| wanted(&c.person.id)) {
        let person = chosen.person;
        let passport = passports.get(&person.id);
        if request.kind == LetterKind::Invitation && passport.is_none() {
            skipped.push(Skipped {
                contact_id: person.id.clone(),
                name: person.full(),
                reason: SkipReason::NoPassport,
                message: SkipReason::NoPassport.message(),
            });
            continue;
        }
        let lang = chosen.lang;
        let doc = match (request.kind, passport) {
            (LetterKind::Invitation, Some(passport)) => {
                invitation(&f, &context, person, passport, lang, request.costs_by)
            }
            _ => thank_you(&f, &context, chosen, lang),
        };
        let stem = format!(
            "{} - {}",
            locale::text(lang, request.kind.doc_key()),
            crate::mail::slug(&person.name, &person.id)
        );
        plan.letters.push(LetterTarget {
            contact_id: person.id.clone(),
            name: person.full(),
            lang: lang.code().to_owned(),
            file_name: crate::mail::unique_name(&mut used, &stem, "pdf"),
        });
        data.push(doc);
        langs.push(lang);
    }
    plan.skipped = skipped;
    Ok(Letters {
        plan,
        data,
        langs,
        now,
        mission_id: f.mission_id().to_owned(),
    })
}

/// One letter's PDF.
pub struct RenderedLetter {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Lays out every letter as PDF.
pub fn render(letters: &Letters) -> Result<Vec<RenderedLetter>> {
    let engine = Engine::new().with_today(letters.now.date_naive());
    engine.check_chinese(letters.langs.contains(&Lang::ZhTw))?;
    letters
        .plan
        .letters
        .iter()
        .zip(&letters.data)
        .map(|(target, data)| {
            let ident = format!("{}/letter/{}", letters.mission_id, target.contact_id);
            Ok(RenderedLetter {
                file_name: target.file_name.clone(),
                bytes: engine.compile(LETTER, data)?.pdf(&ident)?,
            })
        })
        .collect()
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LetterReport {
    /// The files written, as paths.
    pub written: Vec<String>,
    pub skipped: Vec<Skipped>,
}

/// Prepares, lays out and writes the letters: into `out` as a folder (made if missing), or,
/// for one person (`request.contact`), into `out` as a `.pdf` file when it names one. A file is
/// written beside its place then renamed, so no half file is left.
pub fn write_letters(
    conn: &Connection,
    request: &LetterRequest,
    out: &Path,
    now: DateTime<Utc>,
) -> Result<LetterReport> {
    let letters = prepare(conn, request, now)?;
    let rendered = render(&letters)?;
    let one_file = request.contact.is_some()
        && out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let mut written = Vec::new();
    for r in &rendered {
        let path: PathBuf = if one_file {
            out.to_path_buf()
        } else {
            out.join(&r.file_name)
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))?;
        }
        crate::files::write_whole(&path, &r.bytes).map_err(|e| cannot_write(&path, &e))?;
        written.push(path.display().to_string());
    }
    Ok(LetterReport {
        written,
        skipped: letters.plan.skipped,
    })
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Error {
    Error::invalid(
        "out",
        Message::new("mailCannotWrite")
            .with("path", path.display())
            .with("reason", e),
    )
}
