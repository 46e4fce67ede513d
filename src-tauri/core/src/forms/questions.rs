//! The interest form's questions and their choices: the mission's delegates and technologies,
//! a morning and an afternoon on each of its days (in the host zone), three priorities and the
//! three languages. Their words are the message files' `forms.*` keys, so a question reads the
//! same in the template, the window and the import that recognises it.

use super::{FormField, FormKind};
use crate::documents::facts::natural_key;
use crate::documents::locale::{self, Lang};
use crate::domain::Wording;
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::planning::requests::Priority;
use crate::store::forms::TechnologyRow;
use crate::store::{self, Reads};
use crate::time::{instant_of, parse_zone};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

/// A delegate a respondent may choose.
#[derive(Debug, Clone, PartialEq)]
pub struct Delegate {
    pub contact_id: String,
    pub name: String,
    pub native: Option<String>,
    pub organisation: Option<String>,
}

impl Delegate {
    /// As the form lists them: "Chen Wei-Ting 陳維廷 (NTUH)".
    pub fn label(&self) -> String {
        let mut out = self.name.clone();
        if let Some(n) = self.native.as_deref().filter(|n| *n != self.name) {
            out = format!("{out} {n}");
        }
        if let Some(o) = &self.organisation {
            out = format!("{out} ({o})");
        }
        choice_text(&out)
    }
}

/// Half a day of the mission a respondent may be free.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    pub date: NaiveDate,
    pub afternoon: bool,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The hours of a morning and an afternoon slot, in the host zone.
const MORNING: (u32, u32, u32, u32) = (9, 0, 12, 30);
const AFTERNOON: (u32, u32, u32, u32) = (13, 30, 18, 0);

impl Slot {
    fn hours(&self) -> (NaiveTime, NaiveTime) {
        let (h1, m1, h2, m2) = if self.afternoon { AFTERNOON } else { MORNING };
        (
            NaiveTime::from_hms_opt(h1, m1, 0).unwrap_or_default(),
            NaiveTime::from_hms_opt(h2, m2, 0).unwrap_or_default(),
        )
    }

    /// "Jeudi 26 juin 2025 — matin (09:00–12:30)".
    pub fn label(&self, lang: Lang) -> String {
        let (from, to) = self.hours();
        let key = if self.afternoon {
            "forms.slot.afternoon"
        } else {
            "forms.slot.morning"
        };
        choice_text(
            &Message::new(key)
                .with("date", locale::long_date(lang, self.date))
                .with("from", from.format("%H:%M"))
                .with("to", to.format("%H:%M"))
                .render(lang),
        )
    }
}

/// The languages a respondent may choose: (code, name in that language).
pub const LANGUAGES: [(&str, &str); 3] = [("fr", "Français"), ("en", "English"), ("zh-TW", "中文")];

pub const PRIORITIES: [Priority; 3] = [Priority::Must, Priority::Should, Priority::Could];

pub fn priority_label(p: Priority, lang: Lang) -> String {
    let key = match p {
        Priority::Must => "forms.priority.must",
        Priority::Should => "forms.priority.should",
        Priority::Could => "forms.priority.could",
    };
    Message::new(key).render(lang)
}

/// What a mission offers its respondents to choose from.
#[derive(Debug, Clone)]
pub struct Choices {
    pub mission_id: String,
    pub title: String,
    /// The mission's title for the documents of each language.
    pub titles: Wording,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub host: Tz,
    pub host_country: String,
    pub delegates: Vec<Delegate>,
    /// The technologies a respondent may name, by their own name.
    pub technologies: Vec<TechnologyRow>,
    pub slots: Vec<Slot>,
}

impl Choices {
    pub fn load(db: &impl Reads, mission: &str) -> Result<Choices> {
        let m = store::missions::get(db, mission)?;
        let host = parse_zone("hostTz", &m.host_tz)?;
        let start = crate::domain::validate::date("startDate", &m.start_date)?;
        let end = crate::domain::validate::date("endDate", &m.end_date)?;
        let delegates = store::forms::delegates(db, mission)?
            .into_iter()
            .map(|d| Delegate {
                name: crate::domain::display_name(&d.given_name, &d.family_name),
                contact_id: d.contact_id,
                native: d.native_name,
                organisation: d.organisation,
            })
            .collect();
        let mut slots = Vec::new();
        for date in start.iter_days().take_while(|d| *d <= end) {
            for afternoon in [false, true] {
                let mut slot = Slot {
                    date,
                    afternoon,
                    start: DateTime::<Utc>::MIN_UTC,
                    end: DateTime::<Utc>::MIN_UTC,
                };
                let (from, to) = slot.hours();
                let at = |t: NaiveTime| {
                    instant_of(date.and_time(t), host)
                        .ok_or_else(|| Error::invalid("hostTz", Message::new("skippedHour")))
                };
                slot.start = at(from)?;
                slot.end = at(to)?;
                slots.push(slot);
            }
        }
        Ok(Choices {
            mission_id: m.id,
            title: m.title,
            titles: m.titles,
            start,
            end,
            host,
            host_country: m.host_country,
            delegates,
            technologies: store::forms::technologies(db, mission)?,
            slots,
        })
    }
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    Text,
    Email,
    /// One choice.
    Choice,
    /// Any number of choices.
    Choices,
}

impl QuestionKind {
    pub fn label(self, lang: Lang) -> String {
        let key = match self {
            QuestionKind::Text => "forms.kind.text",
            QuestionKind::Email => "forms.kind.email",
            QuestionKind::Choice => "forms.kind.choice",
            QuestionKind::Choices => "forms.kind.choices",
        };
        Message::new(key).render(lang)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub field: FormField,
    pub text: String,
    pub kind: QuestionKind,
    pub required: bool,
    pub choices: Vec<String>,
}

/// The questions of the form, in order, and what they are asked about.
pub const QUESTIONS: [(FormField, QuestionKind, bool); 10] = [
    (FormField::Name, QuestionKind::Text, true),
    (FormField::Email, QuestionKind::Email, true),
    (FormField::Organisation, QuestionKind::Text, true),
    (FormField::Department, QuestionKind::Text, false),
    (FormField::Delegates, QuestionKind::Choices, false),
    (FormField::Technologies, QuestionKind::Choices, false),
    (FormField::Topics, QuestionKind::Text, false),
    (FormField::Priority, QuestionKind::Choice, true),
    (FormField::Availability, QuestionKind::Choices, true),
    (FormField::Language, QuestionKind::Choice, false),
];

/// A question's words in `lang` (the `forms.q.<field>` key).
pub fn question_text(field: FormField, lang: Lang) -> Option<String> {
    let key = match field {
        FormField::Name => "forms.q.name",
        FormField::Email => "forms.q.email",
        FormField::Organisation => "forms.q.organisation",
        FormField::Department => "forms.q.department",
        FormField::Delegates => "forms.q.delegates",
        FormField::Technologies => "forms.q.technologies",
        FormField::Topics => "forms.q.topics",
        FormField::Priority => "forms.q.priority",
        FormField::Availability => "forms.q.availability",
        FormField::Language => "forms.q.language",
        FormField::Satisfaction => "surveys.q.satisfaction",
        FormField::Usefulness => "surveys.q.usefulness",
        FormField::Again => "surveys.q.again",
        FormField::Comments => "surveys.q.comments",
        FormField::Rating => "surveys.q.rating",
        FormField::WhatCame => "surveys.q.whatCame",
        FormField::Ignore | FormField::Submitted | FormField::GivenName | FormField::FamilyName => {
            return None
        }
    };
    Some(Message::new(key).render(lang))
}

/// A question asked once per choice (`Question [Choice]`, as Google Forms' grids and
/// LimeSurvey's arrays export them): the survey's rating and "what came of it" per delegate.
pub fn per_choice_text(field: FormField, choice: &str, lang: Lang) -> String {
    format!(
        "{} [{}]",
        question_text(field, lang).unwrap_or_default(),
        choice_text(choice)
    )
}

/// The form of a mission in one language: what the template files hold.
#[derive(Debug, Clone)]
pub struct FormTemplate {
    pub kind: FormKind,
    pub lang: Lang,
    pub title: String,
    pub dates: String,
    pub intro: String,
    pub questions: Vec<Question>,
}

impl FormTemplate {
    pub fn new(kind: FormKind, choices: &Choices, lang: Lang) -> FormTemplate {
        if kind != FormKind::Interest {
            return crate::surveys::questions::template(kind, choices, lang);
        }
        let questions = QUESTIONS
            .iter()
            .map(|(field, kind, required)| Question {
                field: *field,
                text: question_text(*field, lang).unwrap_or_default(),
                kind: *kind,
                required: *required,
                choices: match field {
                    FormField::Delegates => choices.delegates.iter().map(Delegate::label).collect(),
                    // Named as the form's language names them, in that order; any language's
                    // name is read back.
                    FormField::Technologies => {
                        let mut names: Vec<String> = choices
                            .technologies
                            .iter()
                            .map(|t| choice_text(locale::in_lang(lang, &t.names, &t.name)))
                            .collect();
                        names.sort_by_cached_key(|n| natural_key(&crate::directory::fold(n)));
                        names
                    }
                    FormField::Priority => PRIORITIES
                        .iter()
                        .map(|p| priority_label(*p, lang))
                        .collect(),
                    FormField::Availability => {
                        choices.slots.iter().map(|s| s.label(lang)).collect()
                    }
                    FormField::Language => LANGUAGES.iter().map(|(_, n)| (*n).to_owned()).collect(),
                    _ => Vec::new(),
                },
            })
            .collect();
        FormTemplate {
            kind,
            lang,
            title: Message::new("forms.title")
                .with(
                    "mission",
                    locale::in_lang(lang, &choices.titles, &choices.title),
                )
                .render(lang),
            dates: locale::date_range(lang, choices.start, choices.end),
            intro: Message::new("forms.intro").render(lang),
            questions,
        }
    }
}

/// A choice as a form tool can list it: on one line, without the `;` that separates choices
/// in Microsoft Forms' exports.
pub fn choice_text(text: &str) -> String {
    text.replace([';', '\n', '\r', '\t'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
