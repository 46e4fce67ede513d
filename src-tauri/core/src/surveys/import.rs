//! Survey responses into the mission: the dry run ([`plan`]) and the import ([`commit`], in the
//! caller's one transaction through the logged writer) do the same [`prepare`], so they count
//! alike.
//!
//! Each row is read on its own ([`SurveyReader`]); its person is matched by the contact
//! import's rules (`directory::import::People`: e-mail, then name at the same organisation) and
//! never created: someone the directory does not know is a problem of the row. A person who
//! answered more than once counts by their latest answer (completion time, else the later
//! row), in the file and against an answer already stored. A six-month rating lands on the
//! meeting between the respondent and that delegate (the latest not cancelled, a meeting
//! proper before a presentation, visit or reception they both attended); a
//! rating of a delegate the respondent never met refuses the row. A rating does not create or
//! change the meeting's outcome, which is the planner's record of what was said and agreed: a
//! survey answer is the respondent's word, kept beside it on the same meeting.

use super::answers::{SurveyAnswer, SurveyReader};
use crate::directory::import::{
    FileFormat, ImportField, ImportOptions, ParsedFile, People, Person, RowMessage, RowProblem,
};
use crate::documents::locale::Lang;
use crate::domain::LawfulBasis;
use crate::error::{Error, Result};
use crate::forms::answers::Matchers;
use crate::forms::import::Rejected;
use crate::forms::mapping;
use crate::forms::questions::Choices;
use crate::forms::{FormKind, FormMapping};
use crate::ids::{MissionId, SurveyAnswerId, SurveyRatingId};
use crate::messages::Message;
use crate::store::{self, Reads, Writer};
use chrono::NaiveDateTime;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// What an import of survey responses does (the dry run shows it; the import returns it).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SurveyPlan {
    pub kind: FormKind,
    pub format: FileFormat,
    pub headers: Vec<String>,
    pub mapping: FormMapping,
    /// Rows read (rejected ones included).
    pub responses: u32,
    /// Respondents found in the directory whose answer is recorded.
    pub matched: u32,
    /// Six-month ratings written onto meetings.
    pub ratings: u32,
    /// Earlier answers of people who answered again, in the file or already stored (the latest
    /// counts).
    pub superseded: u32,
    pub rejected: Vec<RowProblem>,
}

/// The command line's report: exactly the contract's keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyReport {
    pub responses: u32,
    pub matched: u32,
    pub ratings: u32,
    pub rejected: Vec<Rejected>,
}

impl SurveyPlan {
    pub fn report(&self) -> SurveyReport {
        SurveyReport {
            responses: self.responses,
            matched: self.matched,
            ratings: self.ratings,
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

/// An import of one response file of one survey into one mission.
pub struct SurveyImport<'a> {
    pub mission_id: &'a str,
    pub kind: FormKind,
    pub file: &'a ParsedFile,
    pub mapping: &'a FormMapping,
    /// The file's name, kept as the answers' source.
    pub file_name: &'a str,
    /// The language of the problems' words (a question named in a problem).
    pub lang: Lang,
    /// `YYYY-MM-DD`.
    pub today: &'a str,
}

/// An answer to write, with its ratings: (delegate id, item id, rating, what came).
struct Work {
    id: String,
    contact: String,
    answer: SurveyAnswer,
    ratings: Vec<(String, String)>,
}

/// The dry run: what [`commit`] would do. Writes nothing.
pub fn plan(conn: &rusqlite::Connection, input: &SurveyImport<'_>) -> Result<SurveyPlan> {
    Ok(prepare(conn, input)?.0)
}

/// Imports the responses in the caller's transaction, scoped to the mission (undone as one
/// action, shared in its exchange files); returns what it did.
pub fn commit(w: &mut Writer<'_>, input: &SurveyImport<'_>, now: &str) -> Result<SurveyPlan> {
    let (plan, work, stored_ratings) = prepare(&*w, input)?;
    w.scope_to_mission(input.mission_id)?;
    for job in &work {
        let a = &job.answer;
        store::surveys::save_answer(
            w,
            &store::surveys::AnswerRow {
                id: &job.id,
                mission_id: input.mission_id,
                contact_id: &job.contact,
                kind: input.kind.as_str(),
                submitted_at: a
                    .submitted
                    .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()),
                satisfaction: a.satisfaction,
                usefulness: a.usefulness,
                again: a.again,
                comments: a.comments.as_deref(),
                source: input.file_name,
            },
        )?;
        // The answer's ratings: the stored one of the same meeting and delegate is replaced,
        // the others it had are removed (the later answer wins whole).
        let mut kept = HashSet::new();
        for (r, (delegate, item)) in a.ratings.iter().zip(&job.ratings) {
            let id = stored_ratings
                .get(&(job.id.clone(), item.clone(), delegate.clone()))
                .cloned()
                .unwrap_or_else(|| SurveyRatingId::new_ordered().to_string());
            kept.insert(id.clone());
            store::surveys::save_rating(
                w,
                &store::surveys::RatingRow {
                    id: &id,
                    answer_id: &job.id,
                    mission_id: input.mission_id,
                    item_id: item,
                    contact_id: &job.contact,
                    delegate_id: delegate,
                    rating: r.rating.map(|r| r.as_str()),
                    what_came: r.what_came.as_deref(),
                },
            )?;
        }
        for ((answer, _, _), id) in &stored_ratings {
            if *answer == job.id && !kept.contains(id) {
                store::surveys::delete_rating(w, id)?;
            }
        }
    }
    mapping::remember(w, input.kind, &input.file.headers, input.mapping, now)?;
    Ok(plan)
}

type StoredRatings = HashMap<(String, String, String), String>;

/// A person's latest answer, with the (delegate, meeting) each of its ratings lands on.
type Latest = (SurveyAnswer, Vec<(String, String)>);

fn prepare(
    db: &impl Reads,
    input: &SurveyImport<'_>,
) -> Result<(SurveyPlan, Vec<Work>, StoredRatings)> {
    if input.kind == FormKind::Interest {
        return Err(Error::Internal(
            "a survey import needs a survey kind".into(),
        ));
    }
    let file = input.file;
    mapping::check(&file.headers, input.mapping)?;
    let mission = MissionId::parse("missionId", input.mission_id)?;
    let choices = Choices::load(db, mission.as_str())?;
    let matchers = Matchers::new(&choices);
    let reader = SurveyReader::new(
        &choices,
        &matchers,
        &file.headers,
        input.mapping,
        &file.rows,
        input.lang,
    );
    let mut people = People::load(
        db,
        file.rows.len(),
        ImportOptions {
            default_country: choices.host_country.clone(),
            source: input.file_name.to_owned(),
            lawful_basis: LawfulBasis::Consent,
            collected_on: input.today.to_owned(),
            lang: Some(input.lang.code().to_owned()),
        },
    )?;
    // The latest meeting of each (person, delegate): a meeting proper rather than a
    // presentation or reception they both attended.
    let mut met: HashMap<(String, String), String> = HashMap::new();
    for (item, person, delegate) in store::surveys::encounters(db, mission.as_str())? {
        met.insert((person, delegate), item);
    }
    let mut plan = SurveyPlan {
        kind: input.kind,
        format: file.format,
        headers: file.headers.clone(),
        mapping: input.mapping.clone(),
        responses: count(file.rows.len() + file.unreadable.len()),
        matched: 0,
        ratings: 0,
        superseded: 0,
        rejected: file.unreadable.clone(),
    };
    // Each person's latest answer, with the meetings its ratings land on.
    let mut latest: HashMap<String, Latest> = HashMap::new();
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
        let person = match people.resolve(answer.line, &cells) {
            Person::Stored(id) => id,
            Person::Refused(problems) => {
                plan.rejected
                    .push(RowProblem::refused(answer.line, &problems));
                continue;
            }
            Person::New(_) | Person::Earlier(_) => {
                plan.rejected.push(RowProblem::refused(
                    answer.line,
                    &[RowMessage::new(Message::new("surveys.unknownPerson"))],
                ));
                continue;
            }
        };
        let mut meetings = Vec::new();
        let mut problems = Vec::new();
        for r in &answer.ratings {
            let delegate = &choices.delegates[r.delegate];
            match met.get(&(person.clone(), delegate.contact_id.clone())) {
                Some(item) => meetings.push((delegate.contact_id.clone(), item.clone())),
                None => problems.push(RowMessage::new(
                    Message::new("surveys.noMeeting").with("name", &delegate.name),
                )),
            }
        }
        if !problems.is_empty() {
            plan.rejected
                .push(RowProblem::refused(answer.line, &problems));
            continue;
        }
        let order = |a: &SurveyAnswer| (a.submitted.unwrap_or(NaiveDateTime::MIN), a.line);
        match latest.get(&person) {
            Some((earlier, _)) if order(earlier) > order(&answer) => plan.superseded += 1,
            Some(_) => {
                plan.superseded += 1;
                latest.insert(person, (answer, meetings));
            }
            None => {
                latest.insert(person, (answer, meetings));
            }
        }
    }
    plan.rejected.sort_by_key(|r| r.line);

    // Against the answers already stored: a later one stays.
    let stored: HashMap<String, store::surveys::StoredAnswer> =
        store::surveys::answers(db, mission.as_str(), input.kind.as_str())?
            .into_iter()
            .map(|a| (a.contact_id.clone(), a))
            .collect();
    let mut work = Vec::new();
    let mut answers: Vec<(String, Latest)> = latest.into_iter().collect();
    answers.sort_by_key(|(_, (a, _))| a.line);
    for (contact, (answer, ratings)) in answers {
        let id = match stored.get(&contact) {
            Some(s) => {
                plan.superseded += 1;
                let theirs = s
                    .submitted_at
                    .as_deref()
                    .and_then(|t| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").ok());
                if theirs.is_some() && theirs > answer.submitted {
                    continue;
                }
                s.id.clone()
            }
            None => SurveyAnswerId::new_ordered().to_string(),
        };
        plan.matched += 1;
        plan.ratings += count(answer.ratings.len());
        work.push(Work {
            id,
            contact,
            answer,
            ratings,
        });
    }
    let stored_ratings = store::surveys::ratings_of_mission(db, mission.as_str())?
        .into_iter()
        .map(|(id, answer, item, delegate)| ((answer, item, delegate), id))
        .collect();
    Ok((plan, work, stored_ratings))
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
