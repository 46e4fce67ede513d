//! One survey response row read on its own: who answered (the interest form's cells), the marks
//! 1–5, yes or no, the comments, and at six months the rating and "what came of it" per
//! delegate (columns `Question [Delegate]`, the delegate matched like the interest form's
//! choices, misspellings included); and why the row is refused, if it is.

use super::questions::Rating;
use crate::directory::fold;
use crate::directory::import::{ImportField, RowMessage, SourceRow};
use crate::documents::locale::Lang;
use crate::forms::answers::{day_first, parse_stamp, person_cells, single_cell, Matchers};
use crate::forms::mapping::column_choice;
use crate::forms::matching::Matcher;
use crate::forms::questions::{question_text, Choices};
use crate::forms::{FormField, FormMapping};
use crate::messages::Message;
use chrono::NaiveDateTime;
use std::sync::OnceLock;

/// A six-month answer about one delegate.
#[derive(Debug, Clone, PartialEq)]
pub struct DelegateRating {
    /// Index into [`Choices::delegates`].
    pub delegate: usize,
    pub rating: Option<Rating>,
    pub what_came: Option<String>,
}

/// One row, read.
#[derive(Debug, Clone)]
pub struct SurveyAnswer {
    pub line: u64,
    pub submitted: Option<NaiveDateTime>,
    pub person: Vec<(ImportField, String)>,
    pub satisfaction: Option<u8>,
    pub usefulness: Option<u8>,
    pub again: Option<bool>,
    pub comments: Option<String>,
    pub ratings: Vec<DelegateRating>,
    /// Why the row is refused; empty when it is not.
    pub problems: Vec<RowMessage>,
}

/// Reads the rows of one response file against one mission's delegates.
pub struct SurveyReader<'a> {
    mapping: &'a FormMapping,
    /// Per column: the delegate it asks about (`Ok`), or the words that name none (`Err`).
    column_delegates: Vec<Option<Result<usize, String>>>,
    scale: &'static Matcher,
    /// The delegates' names, as problems name them.
    names: Vec<String>,
    day_first: bool,
    lang: Lang,
}

const LANGS: [Lang; 3] = [Lang::Fr, Lang::En, Lang::ZhTw];

/// The six-month scale's answers in the three languages and as codes: built once per process,
/// not per file.
fn scale() -> &'static Matcher {
    static SCALE: OnceLock<Matcher> = OnceLock::new();
    SCALE.get_or_init(|| {
        let mut scale = Matcher::default();
        for (i, r) in Rating::ALL.iter().enumerate() {
            for l in LANGS {
                scale.add(i, &r.label(l));
            }
            scale.add(i, r.as_str());
        }
        scale
    })
}

impl<'a> SurveyReader<'a> {
    pub fn new(
        choices: &Choices,
        matchers: &Matchers,
        headers: &[String],
        mapping: &'a FormMapping,
        rows: &[SourceRow],
        lang: Lang,
    ) -> SurveyReader<'a> {
        let delegates = matchers.delegates();
        let column_delegates = headers
            .iter()
            .zip(mapping)
            .map(|(h, f)| {
                column_choice(h, *f)
                    .map(|c| delegates.find(c).map(|m| m.index()).ok_or(c.to_owned()))
            })
            .collect();
        SurveyReader {
            mapping,
            column_delegates,
            scale: scale(),
            names: choices.delegates.iter().map(|d| d.name.clone()).collect(),
            day_first: day_first(headers, mapping, rows),
            lang,
        }
    }

    pub fn read(&self, row: &SourceRow) -> SurveyAnswer {
        let single = |f: FormField| single_cell(self.mapping, row, f);
        let mut answer = SurveyAnswer {
            line: row.line,
            submitted: single(FormField::Submitted).and_then(|t| parse_stamp(t, self.day_first)),
            person: person_cells(self.mapping, row),
            satisfaction: None,
            usefulness: None,
            again: None,
            comments: single(FormField::Comments).map(|c| c.chars().take(4000).collect()),
            ratings: Vec::new(),
            problems: Vec::new(),
        };
        if !answer
            .person
            .iter()
            .any(|(f, _)| *f != ImportField::Organisation)
        {
            answer
                .problems
                .push(RowMessage::new(Message::new("forms.noIdentity")));
        }
        for field in [FormField::Satisfaction, FormField::Usefulness] {
            let Some(text) = single(field) else { continue };
            match mark(text) {
                Some(m) if field == FormField::Satisfaction => answer.satisfaction = Some(m),
                Some(m) => answer.usefulness = Some(m),
                None => answer.problems.push(RowMessage::new(
                    Message::new("surveys.badMark").with("value", text).with(
                        "question",
                        question_text(field, self.lang).unwrap_or_default(),
                    ),
                )),
            }
        }
        if let Some(text) = single(FormField::Again) {
            answer.again = yes_no(text);
            if answer.again.is_none() {
                answer.problems.push(RowMessage::new(
                    Message::new("surveys.badYesNo").with("value", text),
                ));
            }
        }
        for ((field, cell), delegate) in self
            .mapping
            .iter()
            .zip(&row.cells)
            .zip(&self.column_delegates)
        {
            let cell = cell.trim();
            if cell.is_empty() || !matches!(field, FormField::Rating | FormField::WhatCame) {
                continue;
            }
            let index = match delegate {
                Some(Ok(i)) => *i,
                Some(Err(words)) => {
                    answer.problems.push(RowMessage::new(
                        Message::new("surveys.unknownDelegate").with("value", words),
                    ));
                    continue;
                }
                // A column mapped by hand without a delegate in its header says nothing usable.
                None => continue,
            };
            let at = match answer.ratings.iter().position(|r| r.delegate == index) {
                Some(at) => at,
                None => {
                    answer.ratings.push(DelegateRating {
                        delegate: index,
                        rating: None,
                        what_came: None,
                    });
                    answer.ratings.len() - 1
                }
            };
            if *field == FormField::WhatCame {
                answer.ratings[at].what_came = Some(cell.chars().take(4000).collect());
                continue;
            }
            match self.scale.find(cell) {
                Some(m) => answer.ratings[at].rating = Some(Rating::ALL[m.index()]),
                None => answer.problems.push(RowMessage::new(
                    Message::new("surveys.unknownRating")
                        .with("value", cell)
                        .with("name", &self.names[index]),
                )),
            }
        }
        let answered = answer.satisfaction.is_some()
            || answer.usefulness.is_some()
            || answer.again.is_some()
            || answer.comments.is_some()
            || !answer.ratings.is_empty();
        if !answered && answer.problems.is_empty() {
            answer
                .problems
                .push(RowMessage::new(Message::new("surveys.noAnswer")));
        }
        answer
    }
}

/// A mark from 1 to 5: "4", "4 - Satisfait", "4/5", "4.0".
pub fn mark(text: &str) -> Option<u8> {
    let t = text.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = t[digits.len()..].trim_start();
    // "4.0" is 4; "4.5" or "4,5" is not a mark.
    if let Some(decimals) = rest.strip_prefix(['.', ',']) {
        let decimals: String = decimals.chars().take_while(char::is_ascii_digit).collect();
        if decimals.is_empty() || decimals.chars().any(|c| c != '0') {
            return None;
        }
    }
    let n: u8 = digits.parse().ok()?;
    (1..=5).contains(&n).then_some(n)
}

/// Yes or no, in the three languages and as form tools write them.
pub fn yes_no(text: &str) -> Option<bool> {
    match fold(text).as_str() {
        "yes" | "y" | "oui" | "o" | "1" | "true" | "vrai" | "是" | "會" | "会" | "願意" => {
            Some(true)
        }
        "no" | "n" | "non" | "0" | "false" | "faux" | "否" | "不" | "不會" | "不会" | "不願意" => {
            Some(false)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_yes_no() {
        assert_eq!(mark("4"), Some(4));
        assert_eq!(mark(" 5 - Très satisfait"), Some(5));
        assert_eq!(mark("3/5"), Some(3));
        assert_eq!(mark("4.0"), Some(4));
        assert_eq!(mark("4.5"), None);
        assert_eq!(mark("6"), None);
        assert_eq!(mark("bien"), None);
        assert_eq!(yes_no("Oui"), Some(true));
        assert_eq!(yes_no("否"), Some(false));
        assert_eq!(yes_no("maybe"), None);
    }
}
