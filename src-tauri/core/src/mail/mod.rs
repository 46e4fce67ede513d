//! E-mail drafts, one per person (issue 17, part 2): invitations (with the person's visa
//! invitation letter attached when their passport data is entered), confirmations with the
//! person's itinerary PDF and calendar file attached, the thank-you and the survey, written as
//! `.eml` files marked `X-Unsent: 1` into a folder, for the planner's own mail client to send.
//! No SMTP, no network.
//!
//! - [`recipients`]: who gets a draft, in which language, and who is skipped and why (no
//!   address, erased, objected to contact): a draft never goes to a person who objected or was
//!   erased.
//! - [`templates`]: the template files (fr/en/zh-TW) and their placeholders.
//! - [`eml`]: the MIME message, built by `mail-builder`.
//!
//! [`prepare`] reads the mission once and puts every draft into words (cheap: what the window's
//! preview shows); [`render`] then makes the attachments and the messages' bytes, the PDFs on
//! every core; [`write`] puts them in a folder.

pub mod eml;
pub mod recipients;
pub mod templates;

use crate::documents::facts::{MissionFacts, Person};
use crate::documents::ics::{self, IcsOptions};
use crate::documents::locale::{self, Lang};
use crate::documents::{self, Engine};
use crate::domain::AgendaItemFacts;
use crate::error::{Error, Result};
use crate::messages::Message;
use chrono::{DateTime, Utc};
use recipients::SkipReason;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The kinds of e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum MailTemplate {
    Invitation,
    /// With the person's itinerary (PDF) and calendar file (.ics) attached.
    Confirmation,
    ThankYou,
    Survey,
}

impl MailTemplate {
    pub const ALL: [MailTemplate; 4] = [
        MailTemplate::Invitation,
        MailTemplate::Confirmation,
        MailTemplate::ThankYou,
        MailTemplate::Survey,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MailTemplate::Invitation => "invitation",
            MailTemplate::Confirmation => "confirmation",
            MailTemplate::ThankYou => "thank-you",
            MailTemplate::Survey => "survey",
        }
    }

    pub fn parse(text: &str) -> Result<MailTemplate> {
        MailTemplate::ALL
            .into_iter()
            .find(|t| t.as_str() == text)
            .ok_or_else(|| {
                Error::invalid(
                    "template",
                    Message::new("mailUnknownTemplate").with("value", text),
                )
            })
    }
}

/// Whom the drafts are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Audience {
    /// The delegation's members (not its organisers, who send, nor its hosts).
    Delegation,
    /// The delegation's hosts and everyone else taking part in the programme.
    Hosts,
    All,
}

impl Audience {
    pub fn parse(text: &str) -> Result<Audience> {
        match text {
            "delegation" => Ok(Audience::Delegation),
            "hosts" => Ok(Audience::Hosts),
            "all" => Ok(Audience::All),
            _ => Err(Error::invalid(
                "to",
                Message::new("mailUnknownAudience").with("value", text),
            )),
        }
    }
}

/// A draft's language: one for everyone, or each person's own (`auto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailLang {
    Auto,
    Fixed(Lang),
}

impl MailLang {
    /// `auto`, `fr`, `en` or `zh-TW`.
    pub fn parse(text: &str) -> Result<MailLang> {
        if text.eq_ignore_ascii_case("auto") {
            return Ok(MailLang::Auto);
        }
        Lang::parse_one("lang", text).map(MailLang::Fixed)
    }
}

/// What to write.
#[derive(Debug, Clone)]
pub struct MergeRequest {
    pub mission_id: String,
    pub template: MailTemplate,
    pub to: Audience,
    pub lang: MailLang,
}

/// One person's draft, in words (the attachments are made by [`render`]).
#[derive(Debug, Clone)]
pub struct Draft {
    pub contact_id: String,
    pub name: String,
    pub email: String,
    pub lang: Lang,
    pub subject: String,
    pub body: String,
    /// The `.eml` file's name, unique in the merge.
    pub file_name: String,
    /// The attachments' file names (confirmations: the itinerary PDF, then the .ics).
    pub attachments: Vec<String>,
}

/// A person who gets no draft, and why.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Skipped {
    pub contact_id: String,
    pub name: String,
    pub reason: SkipReason,
    /// The reason as a message (`mail.skip.*`), for the window.
    pub message: Message,
}

/// A merge put into words.
pub struct Merge {
    pub template: MailTemplate,
    pub drafts: Vec<Draft>,
    pub skipped: Vec<Skipped>,
    /// Invitations: the visa-support letters of the people with passport data, attached.
    letters: Option<documents::letters::Letters>,
    facts: MissionFacts,
    from: Option<(String, String)>,
    now: DateTime<Utc>,
}

/// Reads the mission and puts every draft into words.
pub fn prepare(conn: &Connection, request: &MergeRequest, now: DateTime<Utc>) -> Result<Merge> {
    let facts = MissionFacts::load(conn, &request.mission_id, now)?;
    let recipients::Choice {
        drafts: chosen,
        skipped,
    } = recipients::choose(conn, &facts, request.to, request.lang)?;
    let from =
        recipients::sender(&facts).and_then(|p| p.email.as_ref().map(|e| (p.full(), e.clone())));
    let signature = signature(&facts);
    // An invitation carries the person's invitation letter when their passport data is entered
    // (the letters' own choice of people and languages, from the same rules).
    let letters = match request.template {
        MailTemplate::Invitation => Some(documents::letters::prepare(
            conn,
            &documents::letters::LetterRequest {
                mission_id: request.mission_id.clone(),
                kind: documents::letters::LetterKind::Invitation,
                contact: None,
                lang: request.lang,
                costs_by: documents::letters::CostsBy::default(),
            },
            now,
        )?),
        _ => None,
    };
    let mut used = std::collections::HashSet::new();
    let drafts = chosen
        .into_iter()
        .map(|c| {
            let person = c.person;
            let lang = c.lang;
            let text = words(&facts, request.template, &c, &signature);
            let file_name = unique_name(&mut used, &slug(&person.name, &person.id), "eml");
            let stem = file_name.trim_end_matches(".eml");
            let attachments = match request.template {
                MailTemplate::Confirmation => {
                    let base = locale::text(lang, "doc.itinerary");
                    vec![
                        format!("{base} - {stem}.pdf"),
                        format!("{base} - {stem}.ics"),
                    ]
                }
                MailTemplate::Invitation => letters
                    .as_ref()
                    .and_then(|l| l.plan.letters.iter().find(|t| t.contact_id == person.id))
                    .map(|t| vec![t.file_name.clone()])
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            Draft {
                contact_id: person.id.clone(),
                name: person.full(),
                email: c.email.clone(),
                lang,
                subject: text.0,
                body: text.1,
                file_name,
                attachments,
            }
        })
        .collect();
    Ok(Merge {
        template: request.template,
        drafts,
        skipped,
        letters,
        facts,
        from,
        now,
    })
}

/// The subject and body of one person's draft.
fn words(
    f: &MissionFacts,
    template: MailTemplate,
    c: &recipients::Chosen<'_>,
    signature: &str,
) -> (String, String) {
    let (p, lang) = (c.person, c.lang);
    let (given, family) = (&c.given, &c.family);
    let m = &f.detail.mission;
    let text = templates::template(template, lang);
    let native = p.native.clone().unwrap_or_else(|| p.name.clone());
    let title = p.title.clone().unwrap_or_default();
    let person_values = [
        ("name", p.name.as_str()),
        ("given", given.as_str()),
        ("family", family.as_str()),
        ("title", title.as_str()),
        ("native", native.as_str()),
    ];
    let salutation_key = if title.is_empty() || family.is_empty() {
        "salutation.plain"
    } else {
        "salutation.titled"
    };
    let salutation = templates::fill(&templates::phrase(lang, salutation_key), &person_values);
    let organisation = p
        .organisation
        .clone()
        .unwrap_or_else(|| templates::phrase(lang, "organisation.none"));
    let meetings = meetings(f, p, lang);
    let dates = locale::date_range(lang, f.start, f.end);
    let route = format!(
        "{} → {}",
        locale::country(lang, &m.origin_country),
        locale::country(lang, &m.host_country)
    );
    let host_city = locale::zone_city(lang, &m.host_tz);
    let values = [
        ("salutation", salutation.as_str()),
        ("name", p.name.as_str()),
        ("organisation", organisation.as_str()),
        ("mission", locale::in_lang(lang, &m.titles, &m.title)),
        ("dates", dates.as_str()),
        ("route", route.as_str()),
        ("hostCity", host_city.as_str()),
        ("meetings", meetings.as_str()),
        ("signature", signature),
    ];
    (
        templates::fill(text.subject, &values),
        templates::fill(text.body, &values),
    )
}

/// The person's items, one line each: "jeu. 26 juin 10:00–11:00 · Title · Place".
fn meetings(f: &MissionFacts, p: &Person, lang: Lang) -> String {
    let mine: Vec<&AgendaItemFacts> = f.items.iter().filter(|i| f.concerns(i, &p.id)).collect();
    if mine.is_empty() {
        return format!("- {}", templates::phrase(lang, "meetings.none"));
    }
    mine.iter()
        .map(|i| {
            let (s, e) = (
                i.starts_at.with_timezone(&f.host),
                i.ends_at.with_timezone(&f.host),
            );
            let mut parts = vec![
                format!(
                    "{} {}–{}",
                    locale::short_date(lang, s.date_naive()),
                    s.format("%H:%M"),
                    e.format("%H:%M")
                ),
                locale::in_lang(lang, &i.titles, &i.title).to_owned(),
            ];
            if let Some(site) = &i.site {
                let name = f
                    .sites
                    .get(&site.id)
                    .map(|s| s.0.clone())
                    .unwrap_or_else(|| site.name.clone());
                parts.push(match &i.room {
                    Some(room) => format!("{name}, {}", room.name),
                    None => name,
                });
            }
            format!("- {}", parts.join(" · "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The organiser's signature block: name, organisation, e-mail and phone, one per line; else
/// the mission's organising organisations.
fn signature(f: &MissionFacts) -> String {
    match recipients::sender(f) {
        Some(p) => [
            Some(p.name.clone()),
            p.organisation.clone(),
            p.email.clone(),
            p.phone.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n"),
        None => f
            .detail
            .organisers
            .iter()
            .map(|o| o.organisation.name.clone())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// A file-name stem from a person's Latin name: letters and digits, words joined by '-'
/// ("Wei-Ting Chen" → "wei-ting-chen"); the contact id when nothing is left.
pub(crate) fn slug(name: &str, id: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in name.nfd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '\'' || c == '.')
            && !out.is_empty()
            && !out.ends_with('-')
        {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        id.to_owned()
    } else {
        out
    }
}

pub(crate) fn unique_name(
    used: &mut std::collections::HashSet<String>,
    stem: &str,
    ext: &str,
) -> String {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        if used.insert(name.clone()) {
            return name;
        }
        n += 1;
    }
}

/// One draft's `.eml` bytes.
pub struct Rendered {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Makes the attachments (the itinerary PDFs laid out on every core) and each draft's bytes.
pub fn render(conn: &Connection, merge: &Merge) -> Result<Vec<Rendered>> {
    let mut attachments: Vec<Vec<eml::Attachment>> = vec![Vec::new(); merge.drafts.len()];
    if merge.template == MailTemplate::Confirmation {
        // The calendar files need the database (each item's revision count); the PDFs do not.
        for (draft, files) in merge.drafts.iter().zip(attachments.iter_mut()) {
            let options = IcsOptions {
                participant: Some(draft.contact_id.clone()),
                alarm_minutes: None,
                lang: draft.lang,
            };
            let ics = ics::calendar(conn, &merge.facts, &options)?;
            files.push(eml::Attachment {
                file_name: draft.attachments.get(1).cloned().unwrap_or_default(),
                content_type: "text/calendar",
                bytes: ics.into_bytes(),
            });
        }
        let pdfs = itineraries(merge)?;
        for (files, (name, pdf)) in attachments.iter_mut().zip(
            merge
                .drafts
                .iter()
                .map(|d| d.attachments[0].clone())
                .zip(pdfs),
        ) {
            files.insert(
                0,
                eml::Attachment {
                    file_name: name,
                    content_type: "application/pdf",
                    bytes: pdf,
                },
            );
        }
    }
    if let Some(letters) = &merge.letters {
        let mut pdfs: std::collections::HashMap<String, Vec<u8>> = letters
            .plan
            .letters
            .iter()
            .map(|t| t.contact_id.clone())
            .zip(
                documents::letters::render(letters)?
                    .into_iter()
                    .map(|r| r.bytes),
            )
            .collect();
        for (draft, files) in merge.drafts.iter().zip(attachments.iter_mut()) {
            if let (Some(name), Some(pdf)) =
                (draft.attachments.first(), pdfs.remove(&draft.contact_id))
            {
                files.push(eml::Attachment {
                    file_name: name.clone(),
                    content_type: "application/pdf",
                    bytes: pdf,
                });
            }
        }
    }
    let stamp = merge.now.timestamp_millis();
    merge
        .drafts
        .iter()
        .zip(attachments)
        .map(|(d, files)| {
            let id = format!(
                "{stamp}.{}.{}.{}@passerelle.invalid",
                merge.template.as_str(),
                d.contact_id,
                merge.facts.mission_id()
            );
            let bytes = eml::build(&eml::Message {
                from: merge.from.as_ref().map(|(n, e)| (n.as_str(), e.as_str())),
                to: (d.name.as_str(), d.email.as_str()),
                subject: &d.subject,
                body: &d.body,
                attachments: &files,
                date: merge.now,
                message_id: &id,
            })?;
            Ok(Rendered {
                file_name: d.file_name.clone(),
                bytes,
            })
        })
        .collect()
}

/// Each draft's itinerary as PDF, in the draft's language, laid out on every core.
fn itineraries(merge: &Merge) -> Result<Vec<Vec<u8>>> {
    let engine = Engine::new().with_today(merge.now.date_naive());
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let chunk = merge.drafts.len().div_ceil(threads).max(1);
    let results: Vec<Result<Vec<Vec<u8>>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = merge
            .drafts
            .chunks(chunk)
            .map(|drafts| {
                scope.spawn(move || {
                    drafts
                        .iter()
                        .map(|d| {
                            documents::itinerary_pdf(&engine, &merge.facts, d.lang, &d.contact_id)
                        })
                        .collect::<Result<Vec<_>>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::Internal("an itinerary could not be laid out".into()))
                })
            })
            .collect()
    });
    let mut out = Vec::with_capacity(merge.drafts.len());
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}

/// Writes the drafts into `dir` (made if missing), each next to its place then renamed, so no
/// half file is left; a draft of the same name is replaced. Returns how many were written.
pub fn write(dir: &Path, rendered: &[Rendered]) -> Result<usize> {
    std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))?;
    for r in rendered {
        let path = dir.join(&r.file_name);
        crate::files::write_whole(&path, &r.bytes).map_err(|e| cannot_write(dir, &e))?;
    }
    Ok(rendered.len())
}

fn cannot_write(dir: &Path, e: &std::io::Error) -> Error {
    Error::invalid(
        "out",
        Message::new("mailCannotWrite")
            .with("path", dir.display())
            .with("reason", e),
    )
}

/// What the window shows before writing: who gets a draft, who is skipped and why, and one
/// draft as its text.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MailPreview {
    pub recipients: Vec<MailRecipient>,
    pub skipped: Vec<Skipped>,
    /// The draft of the person asked for, else the first one; none when nobody gets one.
    pub sample: Option<MailSample>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MailRecipient {
    pub contact_id: String,
    pub name: String,
    pub email: String,
    pub lang: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MailSample {
    pub contact_id: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<String>,
    pub lang: String,
}

/// The preview of a merge, showing `sample`'s draft (a contact id) or the first.
pub fn preview(merge: &Merge, sample: Option<&str>) -> MailPreview {
    let shown = sample
        .and_then(|id| merge.drafts.iter().find(|d| d.contact_id == id))
        .or(merge.drafts.first());
    MailPreview {
        recipients: merge
            .drafts
            .iter()
            .map(|d| MailRecipient {
                contact_id: d.contact_id.clone(),
                name: d.name.clone(),
                email: d.email.clone(),
                lang: d.lang.code().to_owned(),
            })
            .collect(),
        skipped: merge.skipped.clone(),
        sample: shown.map(|d| MailSample {
            contact_id: d.contact_id.clone(),
            to: format!("{} <{}>", d.name, d.email),
            subject: d.subject.clone(),
            body: d.body.clone(),
            attachments: d.attachments.clone(),
            lang: d.lang.code().to_owned(),
        }),
    }
}

/// What a merge wrote.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MailReport {
    pub drafts: u32,
    pub folder: String,
    pub skipped: Vec<Skipped>,
}

/// Prepares, renders and writes a merge into `dir`.
pub fn merge_into(
    conn: &Connection,
    request: &MergeRequest,
    dir: &Path,
    now: DateTime<Utc>,
) -> Result<MailReport> {
    let merge = prepare(conn, request, now)?;
    let rendered = render(conn, &merge)?;
    let written = write(dir, &rendered)?;
    Ok(MailReport {
        drafts: u32::try_from(written).unwrap_or(u32::MAX),
        folder: dir.display().to_string(),
        skipped: merge.skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_and_never_empty() {
        assert_eq!(slug("Wei-Ting Chen", "con_x"), "wei-ting-chen");
        assert_eq!(slug("Anne-Laure Cadji", "con_x"), "anne-laure-cadji");
        assert_eq!(slug("Françoise D'Hoore", "con_x"), "francoise-d-hoore");
        assert_eq!(slug("陳維廷", "con_chen"), "con_chen");
    }

    #[test]
    fn names_are_unique_in_a_merge() {
        let mut used = std::collections::HashSet::new();
        assert_eq!(unique_name(&mut used, "chen", "eml"), "chen.eml");
        assert_eq!(unique_name(&mut used, "chen", "eml"), "chen-2.eml");
    }

    #[test]
    fn choices_parse() {
        assert!(matches!(MailLang::parse("auto"), Ok(MailLang::Auto)));
        assert!(matches!(
            MailLang::parse("zh-TW"),
            Ok(MailLang::Fixed(Lang::ZhTw))
        ));
        assert!(MailLang::parse("de").is_err());
        assert_eq!(
            MailTemplate::parse("thank-you").ok(),
            Some(MailTemplate::ThankYou)
        );
        assert!(MailTemplate::parse("letter").is_err());
        assert_eq!(Audience::parse("hosts").ok(), Some(Audience::Hosts));
    }
}
