//! One response row read into an answer: who (the cells the contact import checks), which
//! delegates and technologies (matched to the mission's choices, misspellings reported), the
//! other topics, the priority, the half-days free and the language, when it was sent; and why
//! the row is refused, if it is. A row is read on its own: nothing here looks at other rows.

use super::mapping::column_choice;
use super::matching::{Match, Matcher};
use super::questions::{priority_label, Choices, LANGUAGES, PRIORITIES};
use super::{FormField, FormMapping};
use crate::directory::import::{ImportField, RowMessage, SourceRow};
use crate::directory::{fold, folds_to};
use crate::documents::locale::Lang;
use crate::messages::Message;
use crate::planning::requests::Priority;
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// An answer read as another choice than written: shown for confirmation.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Correction {
    #[ts(type = "number")]
    pub line: u64,
    pub question: FormField,
    pub answer: String,
    pub read_as: String,
}

/// One row, read.
#[derive(Debug, Clone)]
pub struct Answer {
    pub line: u64,
    pub submitted: Option<NaiveDateTime>,
    /// The person's cells, as the contact import reads them.
    pub person: Vec<(ImportField, String)>,
    pub department: Option<String>,
    /// Indexes into [`Choices`]' lists.
    pub delegates: Vec<usize>,
    pub technologies: Vec<usize>,
    pub slots: Vec<usize>,
    /// Other topics, and technologies named that the mission does not present.
    pub topics: Vec<String>,
    pub priority: Priority,
    pub language: Option<&'static str>,
    pub corrections: Vec<Correction>,
    /// Why the row is refused; empty when it is not.
    pub problems: Vec<RowMessage>,
}

/// The keys a mission's choices and the form's fixed answers (priorities, languages) are known
/// by, folded: built once per set of choices, not per file (folding some hundred labels is
/// most of the work of reading a short file).
#[derive(Debug, Clone)]
pub struct Matchers {
    delegates: Matcher,
    technologies: Matcher,
    slots: Matcher,
    priorities: Matcher,
    languages: Matcher,
}

/// Reads the rows of one file against one mission's choices.
pub struct AnswerReader<'a> {
    choices: &'a Choices,
    matchers: &'a Matchers,
    mapping: &'a FormMapping,
    /// Per column: the choice it stands for (LimeSurvey's column per choice).
    column_choices: Vec<Option<ColumnChoice>>,
    /// Dates read day first (26/06/2025), as in most locales, or month first (6/26/2025).
    day_first: bool,
    /// The language corrections name the choices in.
    lang: Lang,
}

/// The choice a column per choice stands for, folded and matched once per file: its cells
/// only say whether it was ticked.
struct ColumnChoice {
    text: String,
    folded: String,
    found: Option<Match>,
}

const LANGS: [Lang; 3] = [Lang::Fr, Lang::En, Lang::ZhTw];

impl Matchers {
    /// The delegates, by label, name and native name (the surveys' per-delegate columns).
    pub(crate) fn delegates(&self) -> &Matcher {
        &self.delegates
    }

    pub fn new(choices: &Choices) -> Matchers {
        let mut delegates = Matcher::default();
        for (i, d) in choices.delegates.iter().enumerate() {
            delegates.add(i, &d.label());
            delegates.add(i, &d.name);
            if let Some(n) = &d.native {
                delegates.add(i, n);
            }
        }
        let mut technologies = Matcher::default();
        for (i, t) in choices.technologies.iter().enumerate() {
            technologies.add(i, &t.name);
            for name in t.names.texts() {
                technologies.add(i, name);
            }
        }
        let mut slots = Matcher::default();
        for (i, s) in choices.slots.iter().enumerate() {
            for l in LANGS {
                slots.add(i, &s.label(l));
            }
        }
        let mut priorities = Matcher::default();
        for (i, p) in PRIORITIES.iter().enumerate() {
            for l in LANGS {
                priorities.add(i, &priority_label(*p, l));
            }
            priorities.add(i, p.as_str());
        }
        for (i, words) in [
            ["high", "haute", "elevee"],
            ["medium", "moyenne", "normale"],
            ["low", "basse", "faible"],
        ]
        .iter()
        .enumerate()
        {
            for w in words {
                priorities.add(i, w);
            }
        }
        let mut languages = Matcher::default();
        for (i, (code, name)) in LANGUAGES.iter().enumerate() {
            languages.add(i, code);
            languages.add(i, name);
        }
        for (i, words) in [
            &["french", "francais", "法語", "法文"][..],
            &["anglais", "英語", "英文"][..],
            &[
                "chinese",
                "chinois",
                "mandarin",
                "繁體中文",
                "華語",
                "國語",
                "中文 繁體",
            ][..],
        ]
        .iter()
        .enumerate()
        {
            for w in *words {
                languages.add(i, w);
            }
        }
        Matchers {
            delegates,
            technologies,
            slots,
            priorities,
            languages,
        }
    }
}

impl<'a> AnswerReader<'a> {
    pub fn new(
        choices: &'a Choices,
        matchers: &'a Matchers,
        headers: &[String],
        mapping: &'a FormMapping,
        rows: &[SourceRow],
        lang: Lang,
    ) -> AnswerReader<'a> {
        let column_choices = headers
            .iter()
            .zip(mapping)
            .map(|(h, f)| {
                let text = column_choice(h, *f)?;
                let matcher = match f {
                    FormField::Delegates => Some(&matchers.delegates),
                    FormField::Technologies => Some(&matchers.technologies),
                    FormField::Availability => Some(&matchers.slots),
                    _ => None,
                };
                Some(ColumnChoice {
                    text: text.to_owned(),
                    folded: fold(text),
                    found: matcher.and_then(|m| m.find(text)),
                })
            })
            .collect();
        let day_first = day_first(headers, mapping, rows);
        AnswerReader {
            choices,
            matchers,
            mapping,
            column_choices,
            day_first,
            lang,
        }
    }

    fn single<'r>(&self, row: &'r SourceRow, field: FormField) -> Option<&'r str> {
        single_cell(self.mapping, row, field)
    }

    /// The choices a multiple question's columns hold, and the pieces that match none.
    /// `matcher` is `field`'s, the one its columns per choice were matched with.
    fn multiple(
        &self,
        row: &SourceRow,
        field: FormField,
        matcher: &Matcher,
    ) -> (Vec<(Match, String)>, Vec<String>) {
        let mut found = Vec::new();
        let mut unknown = Vec::new();
        for ((f, cell), choice) in self
            .mapping
            .iter()
            .zip(&row.cells)
            .zip(&self.column_choices)
        {
            if *f != field || cell.trim().is_empty() {
                continue;
            }
            match choice {
                Some(choice) if ticked(cell, &choice.folded) => match choice.found {
                    Some(m) => found.push((m, choice.text.clone())),
                    None => unknown.push(choice.text.clone()),
                },
                Some(_) => {}
                None => {
                    let (f, u) = matcher.find_all(cell);
                    found.extend(f);
                    unknown.extend(u);
                }
            }
        }
        (found, unknown)
    }

    pub fn read(&self, row: &SourceRow) -> Answer {
        let mut answer = Answer {
            line: row.line,
            submitted: self
                .single(row, FormField::Submitted)
                .and_then(|t| parse_stamp(t, self.day_first)),
            person: Vec::new(),
            department: self.single(row, FormField::Department).map(str::to_owned),
            delegates: Vec::new(),
            technologies: Vec::new(),
            slots: Vec::new(),
            topics: Vec::new(),
            priority: Priority::Should,
            language: None,
            corrections: Vec::new(),
            problems: Vec::new(),
        };
        answer.person = person_cells(self.mapping, row);
        if !answer
            .person
            .iter()
            .any(|(f, _)| *f != ImportField::Organisation)
        {
            answer
                .problems
                .push(RowMessage::new(Message::new("forms.noIdentity")));
        }
        if let Some(text) = self.single(row, FormField::Language) {
            if let Some(m) = self.matchers.languages.find(text) {
                let code = LANGUAGES[m.index()].0;
                answer.language = Some(code);
                answer
                    .person
                    .push((ImportField::Languages, code.to_owned()));
            }
        }
        if let Some(text) = self.single(row, FormField::Priority) {
            match self.matchers.priorities.find(text) {
                Some(m) => {
                    let p = PRIORITIES[m.index()];
                    answer.priority = p;
                    self.correct(
                        &mut answer,
                        FormField::Priority,
                        m,
                        text,
                        priority_label(p, self.lang),
                    );
                }
                None => answer.problems.push(RowMessage::new(
                    Message::new("forms.unknownPriority").with("value", text),
                )),
            }
        }
        let (found, unknown) = self.multiple(row, FormField::Delegates, &self.matchers.delegates);
        for (m, text) in found {
            let label = self.choices.delegates[m.index()].label();
            self.correct(&mut answer, FormField::Delegates, m, &text, label);
            push_new(&mut answer.delegates, m.index());
        }
        for value in unknown {
            answer.problems.push(RowMessage::new(
                Message::new("forms.unknownDelegate").with("value", value),
            ));
        }
        let (found, unknown) =
            self.multiple(row, FormField::Technologies, &self.matchers.technologies);
        for (m, text) in found {
            let name = self.choices.technologies[m.index()].name.clone();
            self.correct(&mut answer, FormField::Technologies, m, &text, name);
            push_new(&mut answer.technologies, m.index());
        }
        // A technology the mission does not present is a topic the person wrote.
        answer.topics.extend(unknown);
        if let Some(t) = self.single(row, FormField::Topics) {
            answer.topics.push(t.to_owned());
        }
        let (found, unknown) = self.multiple(row, FormField::Availability, &self.matchers.slots);
        for (m, text) in found {
            let label = self.choices.slots[m.index()].label(self.lang);
            self.correct(&mut answer, FormField::Availability, m, &text, label);
            push_new(&mut answer.slots, m.index());
        }
        for value in unknown {
            answer.problems.push(RowMessage::new(
                Message::new("forms.unknownSlot").with("value", value),
            ));
        }
        answer
    }

    fn correct(
        &self,
        answer: &mut Answer,
        question: FormField,
        m: Match,
        text: &str,
        read_as: String,
    ) {
        if let Match::Close(_) = m {
            answer.corrections.push(Correction {
                line: answer.line,
                question,
                answer: text.to_owned(),
                read_as,
            });
        }
    }
}

/// The last non-empty cell of the columns mapped to `field` (a form's own question comes after
/// the tool's column of the same field, and wins); "anonymous" is no answer.
pub fn single_cell<'r>(
    mapping: &FormMapping,
    row: &'r SourceRow,
    field: FormField,
) -> Option<&'r str> {
    mapping
        .iter()
        .zip(&row.cells)
        .filter(|(f, _)| **f == field)
        .map(|(_, c)| c.trim())
        .rfind(|c| !c.is_empty() && !folds_to(c, "anonymous") && !folds_to(c, "anonyme"))
}

/// The cells that say who answered, as the contact import reads them.
pub fn person_cells(mapping: &FormMapping, row: &SourceRow) -> Vec<(ImportField, String)> {
    let mut person = Vec::new();
    for (field, import) in [
        (FormField::Name, ImportField::FullName),
        (FormField::GivenName, ImportField::GivenName),
        (FormField::FamilyName, ImportField::FamilyName),
        (FormField::Email, ImportField::Email),
        (FormField::Organisation, ImportField::Organisation),
    ] {
        if let Some(v) = single_cell(mapping, row, field) {
            person.push((import, v.to_owned()));
        }
    }
    person
}

fn push_new(list: &mut Vec<usize>, i: usize) {
    if !list.contains(&i) {
        list.push(i);
    }
}

/// Whether a column-per-choice cell says the choice (`folded`) was ticked.
fn ticked(cell: &str, folded: &str) -> bool {
    let c = fold(cell);
    matches!(
        c.as_str(),
        "y" | "yes" | "oui" | "o" | "1" | "true" | "vrai" | "x" | "checked" | "coche" | "是"
    ) || c == folded
}

/// Whether the file's dates are day first: told by a date whose first number cannot be a month
/// (26/06/2025) or whose second cannot (6/26/2025); otherwise by the header's language (a
/// French or Chinese form's "Horodateur", "時間戳記": day first; "Timestamp": month first).
pub fn day_first(headers: &[String], mapping: &FormMapping, rows: &[SourceRow]) -> bool {
    let columns: Vec<usize> = mapping
        .iter()
        .enumerate()
        .filter(|(_, f)| **f == FormField::Submitted)
        .map(|(i, _)| i)
        .collect();
    for row in rows {
        for c in &columns {
            let Some(cell) = row.cells.get(*c) else {
                continue;
            };
            if let Some((a, b, _)) = date_numbers(cell.trim()) {
                if a > 12 {
                    return true;
                }
                if b > 12 {
                    return false;
                }
            }
        }
    }
    !columns.iter().filter_map(|c| headers.get(*c)).any(|h| {
        matches!(
            fold(h).as_str(),
            "timestamp" | "completion time" | "date submitted"
        )
    })
}

/// The three numbers of a slashed or dotted date with the year last: (a, b, year).
fn date_numbers(text: &str) -> Option<(u32, u32, i32)> {
    let date = text.split([' ', 'T']).next()?;
    let parts: Vec<&str> = date.split(['/', '.', '-']).collect();
    if parts.len() != 3 || parts[0].len() > 2 || parts[1].len() > 2 {
        return None;
    }
    let year: i32 = parts[2].parse().ok()?;
    Some((
        parts[0].parse().ok()?,
        parts[1].parse().ok()?,
        if year < 100 { 2000 + year } else { year },
    ))
}

/// A completion time as form tools write it: ISO (a workbook's date cell, LimeSurvey), or the
/// form's locale, day or month first, with or without seconds, 24-hour or AM/PM.
pub fn parse_stamp(text: &str, day_first: bool) -> Option<NaiveDateTime> {
    let text = text.trim();
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, f) {
            return Some(t);
        }
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(t.naive_local());
    }
    let (a, b, year) = date_numbers(text)?;
    let (day, month) = if day_first { (a, b) } else { (b, a) };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let rest = text.split_once([' ', 'T']).map_or("", |(_, r)| r).trim();
    let upper = rest.to_ascii_uppercase();
    let (clock, pm, am) = match (upper.strip_suffix("PM"), upper.strip_suffix("AM")) {
        (Some(c), _) => (c.trim().to_owned(), true, false),
        (_, Some(c)) => (c.trim().to_owned(), false, true),
        _ => (upper.clone(), false, false),
    };
    if clock.is_empty() {
        return date.and_hms_opt(0, 0, 0);
    }
    let mut parts = clock.split(':').map(|p| p.trim().parse::<u32>().ok());
    let mut hour = parts.next().flatten()?;
    let minute = parts.next().flatten()?;
    let second = parts.next().flatten().unwrap_or(0);
    if pm && hour < 12 {
        hour += 12;
    } else if am && hour == 12 {
        hour = 0;
    }
    date.and_hms_opt(hour, minute, second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_in_the_forms_locales() {
        let t = |s: &str, d: bool| parse_stamp(s, d).map(|t| t.to_string());
        assert_eq!(
            t("26/06/2025 14:03:11", true).as_deref(),
            Some("2025-06-26 14:03:11")
        );
        assert_eq!(
            t("6/26/2025 2:03:11 PM", false).as_deref(),
            Some("2025-06-26 14:03:11")
        );
        assert_eq!(
            t("2025-06-26 14:03:11", true).as_deref(),
            Some("2025-06-26 14:03:11")
        );
        assert_eq!(
            t("26.06.2025 14:03", true).as_deref(),
            Some("2025-06-26 14:03:00")
        );
        assert_eq!(t("not a date", true), None);
        let rows = vec![SourceRow {
            line: 2,
            cells: vec!["06/26/2025 10:00:00".into()],
        }];
        assert!(!day_first(
            &["Horodateur".into()],
            &vec![FormField::Submitted],
            &rows
        ));
        let rows = vec![SourceRow {
            line: 2,
            cells: vec!["03/04/2025 10:00:00".into()],
        }];
        assert!(day_first(
            &["Horodateur".into()],
            &vec![FormField::Submitted],
            &rows
        ));
        assert!(!day_first(
            &["Timestamp".into()],
            &vec![FormField::Submitted],
            &rows
        ));
    }
}
