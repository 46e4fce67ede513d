//! Responses into the mission: the dry run ([`plan`]) and the import ([`commit`], in the
//! caller's one transaction through the logged writer) do the same work, so they count alike.
//!
//! Each row is read on its own ([`AnswerReader`]); its person is matched by the contact
//! import's rules (`directory::import::People`: e-mail, then name at the same organisation,
//! among the directory and the rows before) or created. A person who answered more than once
//! counts by their latest answer (completion time, else the later row). Each delegate chosen
//! is a meeting request between the person and the delegate with the answer's priority (a
//! request the pair already has is updated, not repeated); each half-day free is an
//! availability window (one the person already has is not added again).

use super::answers::{Answer, AnswerReader, Correction, Matchers};
use super::mapping;
use super::questions::Choices;
use super::FormMapping;
use crate::directory::import::{
    FileFormat, ImportField, ImportOptions, ParsedFile, People, Person, RowProblem,
};
use crate::documents::locale::{self, Lang};
use crate::domain::{AvailabilityRecord, Contact, LawfulBasis, Organisation};
use crate::error::Result;
use crate::ids::{AvailabilityId, ContactId, MissionId};
use crate::messages::Message;
use crate::planning::requests::{save_in, RequestInput};
use crate::store::{self, Reads, Writer};
use chrono::NaiveDateTime;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// What an import of responses does (the dry run shows it; the import returns it).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FormPlan {
    pub format: FileFormat,
    pub headers: Vec<String>,
    pub mapping: FormMapping,
    /// Rows read (rejected ones included).
    pub responses: u32,
    pub people_created: u32,
    pub people_matched: u32,
    /// Requests created or changed.
    pub requests: u32,
    /// Availability windows added.
    pub availability: u32,
    /// Earlier answers of people who answered again (their latest answer counts).
    pub superseded: u32,
    pub rejected: Vec<RowProblem>,
    /// Answers read as another choice than written (misspelt names), for confirmation.
    pub corrections: Vec<Correction>,
}

/// The command line's report: exactly the contract's keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormReport {
    pub people_created: u32,
    pub people_matched: u32,
    pub requests: u32,
    pub availability: u32,
    pub rejected: Vec<Rejected>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejected {
    pub line: u64,
    pub reason: String,
}

impl FormPlan {
    pub fn report(&self) -> FormReport {
        FormReport {
            people_created: self.people_created,
            people_matched: self.people_matched,
            requests: self.requests,
            availability: self.availability,
            rejected: self
                .rejected
                .iter()
                .map(|r| Rejected {
                    line: r.line,
                    reason: r.reason.clone(),
                })
                .collect(),
        }
    }
}

/// An import of one response file into one mission.
pub struct FormImport<'a> {
    pub mission_id: &'a str,
    pub file: &'a ParsedFile,
    pub mapping: &'a FormMapping,
    /// The file's name, in the records' source and notes.
    pub file_name: &'a str,
    /// The language of the words written into records (notes, source) and of corrections.
    pub lang: Lang,
    /// `YYYY-MM-DD`: the day the answers were collected (into the directory's privacy record).
    pub today: &'a str,
}

/// What the import writes.
#[derive(Default)]
struct Work {
    organisations: Vec<Organisation>,
    contacts: Vec<Contact>,
    requests: Vec<(RequestInput, String, Option<String>)>,
    windows: Vec<AvailabilityRecord>,
}

/// The dry run: what [`commit`] would do. Writes nothing.
pub fn plan(conn: &rusqlite::Connection, input: &FormImport<'_>) -> Result<FormPlan> {
    Ok(prepare(conn, input)?.0)
}

/// Imports the responses in the caller's transaction; returns what it did.
pub fn commit(w: &mut Writer<'_>, input: &FormImport<'_>, now: &str) -> Result<FormPlan> {
    let (plan, work) = prepare(&*w, input)?;
    for org in &work.organisations {
        store::organisations::save(w, org)?;
    }
    let contacts: Vec<&Contact> = work.contacts.iter().collect();
    let mut checked = HashSet::new();
    store::contacts::create_bulk(w, &contacts, &mut checked, |_, e| e)?;
    for (request, origin, explanation) in &work.requests {
        save_in(w, request, "requested", origin, explanation.as_deref())?;
    }
    for window in &work.windows {
        store::missions::save_availability(w, window)?;
    }
    mapping::remember(
        w,
        super::FormKind::Interest,
        &input.file.headers,
        input.mapping,
        now,
    )?;
    Ok(plan)
}

fn prepare(db: &impl Reads, input: &FormImport<'_>) -> Result<(FormPlan, Work)> {
    let file = input.file;
    mapping::check(&file.headers, input.mapping)?;
    let mission = MissionId::parse("missionId", input.mission_id)?;
    let choices = Choices::load(db, mission.as_str())?;
    let matchers = Matchers::new(&choices);
    let reader = AnswerReader::new(
        &choices,
        &matchers,
        &file.headers,
        input.mapping,
        &file.rows,
        input.lang,
    );
    let source = Message::new("forms.source")
        .with("file", input.file_name)
        .render(input.lang);
    let mut people = People::load(
        db,
        file.rows.len(),
        ImportOptions {
            default_country: choices.host_country.clone(),
            source: source.clone(),
            lawful_basis: LawfulBasis::Consent,
            collected_on: input.today.to_owned(),
            lang: Some(input.lang.code().to_owned()),
        },
    )?;
    let mut plan = FormPlan {
        format: file.format,
        headers: file.headers.clone(),
        mapping: input.mapping.clone(),
        responses: count(file.rows.len() + file.unreadable.len()),
        people_created: 0,
        people_matched: 0,
        requests: 0,
        availability: 0,
        superseded: 0,
        rejected: file.unreadable.clone(),
        corrections: Vec::new(),
    };
    let mut work = Work::default();
    let mut matched: HashSet<String> = HashSet::new();
    // Each person's latest answer, by contact id.
    let mut latest: HashMap<String, Answer> = HashMap::new();
    for row in &file.rows {
        let answer = reader.read(row);
        if !answer.problems.is_empty() {
            plan.rejected
                .push(RowProblem::refused(answer.line, &answer.problems));
            continue;
        }
        let cells: Vec<(ImportField, &str)> = answer
            .person
            .iter()
            .map(|(f, v)| (*f, v.as_str()))
            .collect();
        let id = match people.resolve(answer.line, &cells) {
            Person::Refused(problems) => {
                plan.rejected
                    .push(RowProblem::refused(answer.line, &problems));
                continue;
            }
            Person::Stored(id) => {
                matched.insert(id.clone());
                id
            }
            Person::Earlier(id) => id,
            Person::New(contact) => {
                if let Some(org) = contact
                    .organisation_id
                    .as_deref()
                    .and_then(|o| people.new_organisation(o))
                {
                    work.organisations.push(org);
                }
                let id = contact.id.clone();
                work.contacts.push(*contact);
                id
            }
        };
        plan.corrections.extend(answer.corrections.iter().cloned());
        let order = |a: &Answer| (a.submitted.unwrap_or(NaiveDateTime::MIN), a.line);
        match latest.get(&id) {
            Some(earlier) if order(earlier) > order(&answer) => plan.superseded += 1,
            Some(_) => {
                plan.superseded += 1;
                latest.insert(id, answer);
            }
            None => {
                latest.insert(id, answer);
            }
        }
    }
    plan.rejected.sort_by_key(|r| r.line);
    plan.people_created = count(work.contacts.len());
    plan.people_matched = count(matched.len());

    // The latest answers, in the file's order.
    let mut answers: Vec<(String, Answer)> = latest.into_iter().collect();
    answers.sort_by_key(|(_, a)| a.line);
    let existing: HashMap<(String, String), store::forms::PairRequest> =
        store::forms::pair_requests(db, mission.as_str())?
            .into_iter()
            .map(|r| (r.pair.clone(), r))
            .collect();
    let mut windows: HashSet<(String, i64, i64)> = store::forms::windows(db, mission.as_str())?
        .into_iter()
        .map(|(c, s, e)| (c, s.timestamp(), e.timestamp()))
        .collect();
    let window_note = Message::new("forms.note.window")
        .with("source", &source)
        .render(input.lang);
    for (person, answer) in &answers {
        let notes = request_notes(&choices, answer, &source, input.lang);
        let named: Vec<&str> = answer
            .technologies
            .iter()
            .map(|t| choices.technologies[*t].id.as_str())
            .collect();
        for d in &answer.delegates {
            let delegate = &choices.delegates[*d].contact_id;
            if delegate == person {
                continue;
            }
            let pair = if person < delegate {
                (person.clone(), delegate.clone())
            } else {
                (delegate.clone(), person.clone())
            };
            let found = existing.get(&pair);
            let same = found.is_some_and(|r| {
                r.priority == answer.priority.as_str()
                    && r.status == "requested"
                    && r.notes.is_some()
                    && named.iter().all(|t| r.technologies.iter().any(|k| k == t))
            });
            if same {
                continue;
            }
            plan.requests += 1;
            // The technologies the planner or an earlier answer named are kept.
            let mut technologies: Vec<String> =
                found.map(|r| r.technologies.clone()).unwrap_or_default();
            for t in &named {
                if !technologies.iter().any(|k| k == t) {
                    technologies.push((*t).to_owned());
                }
            }
            work.requests.push((
                RequestInput {
                    id: found.map(|r| r.id.clone()),
                    mission_id: mission.to_string(),
                    title: found.and_then(|r| r.title.clone()),
                    priority: answer.priority,
                    participants: vec![person.clone(), delegate.clone()],
                    sites: None,
                    technologies: Some(technologies),
                    // A request's notes the planner or an earlier answer wrote are kept.
                    notes: found
                        .and_then(|r| r.notes.clone())
                        .or_else(|| Some(notes.clone())),
                },
                found.map_or_else(|| "planner".to_owned(), |r| r.origin.clone()),
                found.and_then(|r| r.explanation.clone()),
            ));
        }
        for s in &answer.slots {
            let slot = choices.slots[*s];
            let key = (person.clone(), slot.start.timestamp(), slot.end.timestamp());
            if !windows.insert(key) {
                continue;
            }
            plan.availability += 1;
            work.windows.push(AvailabilityRecord {
                id: AvailabilityId::new_ordered(),
                mission_id: mission.clone(),
                contact_id: ContactId::parse("contactId", person)?,
                starts_at: slot.start,
                ends_at: slot.end,
                tz: choices.host,
                note: Some(window_note.clone()),
            });
        }
    }
    Ok((plan, work))
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A request's notes: where it comes from, the technologies and topics, the department and the
/// language the person chose.
fn request_notes(choices: &Choices, answer: &Answer, source: &str, lang: Lang) -> String {
    let mut lines = vec![source.to_owned()];
    if !answer.technologies.is_empty() {
        let names: Vec<&str> = answer
            .technologies
            .iter()
            .map(|t| {
                let t = &choices.technologies[*t];
                locale::in_lang(lang, &t.names, &t.name)
            })
            .collect();
        lines.push(
            Message::new("forms.note.technologies")
                .with_list("names", &names)
                .render(lang),
        );
    }
    if !answer.topics.is_empty() {
        let topics: String = answer.topics.join(" ; ").chars().take(1500).collect();
        lines.push(
            Message::new("forms.note.topics")
                .with("text", topics)
                .render(lang),
        );
    }
    if let Some(d) = &answer.department {
        let d: String = d.chars().take(200).collect();
        lines.push(
            Message::new("forms.note.department")
                .with("value", d)
                .render(lang),
        );
    }
    if let Some(code) = answer.language {
        let name = super::questions::LANGUAGES
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code, |(_, n)| n);
        lines.push(
            Message::new("forms.note.language")
                .with("value", name)
                .render(lang),
        );
    }
    lines.join("\n")
}

/// The mapping for a file of interest form responses: the remembered one for its headers, else
/// the guess; a map file's text, if given, over it.
pub fn mapping_for(
    conn: &rusqlite::Connection,
    file: &ParsedFile,
    map_file: Option<&str>,
) -> Result<FormMapping> {
    mapping_of(conn, super::FormKind::Interest, file, map_file)
}

/// The mapping for a file of `kind`'s responses.
pub fn mapping_of(
    conn: &rusqlite::Connection,
    kind: super::FormKind,
    file: &ParsedFile,
    map_file: Option<&str>,
) -> Result<FormMapping> {
    let mut m = mapping::remembered_of(conn, kind, &file.headers)?
        .unwrap_or_else(|| mapping::guess_of(kind, &file.headers));
    if let Some(text) = map_file {
        mapping::apply_map_file(text, &file.headers, &mut m)?;
    }
    Ok(m)
}
