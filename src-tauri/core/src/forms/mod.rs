//! The interest form of a mission (issue 17): a template of questions for a form tool (who
//! you are, which delegates and technologies, priority, when you are free, language) written as
//! `.xlsx`, `.csv` or a printable PDF, and its responses read back from the tools' exports
//! (Microsoft Forms `.xlsx`, Google Forms and LimeSurvey `.csv`) into the directory, meeting
//! requests and availability windows, in one transaction.
//!
//! - [`questions`]: the questions and their choices, taken from the mission, in fr/en/zh-TW.
//! - [`template`]: the template's files (`rust_xlsxwriter`, `csv`, the Typst document engine).
//! - [`read`]: a response file read into rows (`calamine` for workbooks, the contact import's
//!   decoding and CSV reader for text).
//! - [`mapping`]: which question each column answers: the template's questions in any of its
//!   languages and the tools' own columns need no map; a map file or the wizard says the rest,
//!   remembered per set of headers.
//! - [`matching`]: answers matched to the choices, exactly or, when misspelt, fuzzily.
//! - [`answers`]: one row read into an answer, with its problems.
//! - [`import`]: the dry run and the import: people matched by the contact import's rules
//!   (`directory::import::People`), the latest answer of each person, requests and windows.

pub mod answers;
mod cell_refs;
pub mod import;
pub mod mapping;
pub mod matching;
pub mod questions;
pub mod read;
pub mod template;

pub use import::{commit, mapping_for, mapping_of, plan, FormImport, FormPlan, FormReport};
pub use mapping::FormMapping;
pub use questions::FormTemplate;
pub use read::read_responses;

use crate::directory::import::{ParsedFile, RowProblem, SourceRow};
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// A response file as the window's wizard first shows it: its columns, a few rows, and the
/// mapping remembered for its headers (or guessed).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FormSource {
    pub file_name: String,
    pub headers: Vec<String>,
    pub sample: Vec<SourceRow>,
    pub row_count: u32,
    pub unreadable: Vec<RowProblem>,
    pub mapping: FormMapping,
    pub remembered: bool,
}

pub fn describe(
    conn: &rusqlite::Connection,
    kind: FormKind,
    file_name: &str,
    file: &ParsedFile,
) -> Result<FormSource> {
    let remembered = mapping::remembered_of(conn, kind, &file.headers)?;
    Ok(FormSource {
        file_name: file_name.to_owned(),
        headers: file.headers.clone(),
        sample: file.rows.iter().take(5).cloned().collect(),
        row_count: u32::try_from(file.rows.len()).unwrap_or(u32::MAX),
        unreadable: file.unreadable.clone(),
        remembered: remembered.is_some(),
        mapping: remembered.unwrap_or_else(|| mapping::guess_of(kind, &file.headers)),
    })
}

/// What a column of a response file answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FormField {
    Ignore,
    /// When the answer was sent (completion time, timestamp): the latest answer counts.
    Submitted,
    Name,
    GivenName,
    FamilyName,
    Email,
    Organisation,
    Department,
    Delegates,
    Technologies,
    /// Other topics, in free text.
    Topics,
    Priority,
    Availability,
    Language,
    /// A survey's overall satisfaction, 1–5.
    Satisfaction,
    /// A survey's usefulness of the meetings, 1–5.
    Usefulness,
    /// Would take part again: yes or no.
    Again,
    /// A survey's comments, in free text.
    Comments,
    /// The six-month rating of the meeting with one delegate (a column per delegate).
    Rating,
    /// What came of the meeting with one delegate, in free text (a column per delegate).
    WhatCame,
}

impl FormField {
    /// The fields a map file names, as it names them.
    pub const ALL: [FormField; 20] = [
        FormField::Ignore,
        FormField::Submitted,
        FormField::Name,
        FormField::GivenName,
        FormField::FamilyName,
        FormField::Email,
        FormField::Organisation,
        FormField::Department,
        FormField::Delegates,
        FormField::Technologies,
        FormField::Topics,
        FormField::Priority,
        FormField::Availability,
        FormField::Language,
        FormField::Satisfaction,
        FormField::Usefulness,
        FormField::Again,
        FormField::Comments,
        FormField::Rating,
        FormField::WhatCame,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FormField::Ignore => "ignore",
            FormField::Submitted => "submitted",
            FormField::Name => "name",
            FormField::GivenName => "givenName",
            FormField::FamilyName => "familyName",
            FormField::Email => "email",
            FormField::Organisation => "organisation",
            FormField::Department => "department",
            FormField::Delegates => "delegates",
            FormField::Technologies => "technologies",
            FormField::Topics => "topics",
            FormField::Priority => "priority",
            FormField::Availability => "availability",
            FormField::Language => "language",
            FormField::Satisfaction => "satisfaction",
            FormField::Usefulness => "usefulness",
            FormField::Again => "again",
            FormField::Comments => "comments",
            FormField::Rating => "rating",
            FormField::WhatCame => "whatCame",
        }
    }

    pub fn parse(text: &str) -> Option<FormField> {
        FormField::ALL.into_iter().find(|f| f.as_str() == text)
    }

    /// Answers that may hold several choices (one column, or one column per choice).
    pub fn is_multiple(self) -> bool {
        matches!(
            self,
            FormField::Delegates | FormField::Technologies | FormField::Availability
        )
    }

    /// Answers given once per choice, in a column of their own (`Question [Choice]`): the
    /// multiple questions' ticks, and a survey's rating and "what came of it" per delegate.
    pub fn is_per_choice(self) -> bool {
        self.is_multiple() || matches!(self, FormField::Rating | FormField::WhatCame)
    }
}

/// Which form of a mission: the interest form before it, or one of the surveys after it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FormKind {
    #[default]
    Interest,
    /// The satisfaction survey, a week after the mission.
    Week,
    /// The meeting-rating survey, six months after the mission.
    SixMonths,
}

impl FormKind {
    /// As the command line and the database name it.
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Interest => "interest",
            FormKind::Week => "week",
            FormKind::SixMonths => "six-months",
        }
    }

    pub fn parse(text: &str) -> Option<FormKind> {
        [FormKind::Interest, FormKind::Week, FormKind::SixMonths]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}
