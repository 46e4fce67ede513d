//! The surveys' questions. A week after: who you are, overall satisfaction and usefulness of the
//! meetings (1–5), would you take part again (yes/no), comments. Six months after: who you are,
//! then for each delegate of the mission where the contact stands (the scale below) and what
//! came of it. A form tool carries one template for everyone, so the six-month questions are
//! asked per delegate, `Question [Delegate]`: the way Google Forms' grids and LimeSurvey's
//! arrays export them; a respondent answers for the delegates they met and leaves the rest.

use crate::documents::locale::{self, Lang};
use crate::forms::questions::{
    choice_text, per_choice_text, question_text, Choices, Question, QuestionKind,
};
use crate::forms::{FormField, FormKind, FormTemplate};
use crate::messages::Message;
use serde::{Deserialize, Serialize};

/// The six-month scale, from nothing to an agreement.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Rating {
    /// No contact since the mission.
    NoContact,
    /// Knowledge gained.
    Knowledge,
    /// A valuable contact.
    Valuable,
    Negotiating,
    Agreement,
}

impl Rating {
    pub const ALL: [Rating; 5] = [
        Rating::NoContact,
        Rating::Knowledge,
        Rating::Valuable,
        Rating::Negotiating,
        Rating::Agreement,
    ];

    /// As the database and the report name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::NoContact => "noContact",
            Rating::Knowledge => "knowledge",
            Rating::Valuable => "valuable",
            Rating::Negotiating => "negotiating",
            Rating::Agreement => "agreement",
        }
    }

    pub fn parse(text: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The step's words (`surveys.scale.<step>`).
    pub fn label(self, lang: Lang) -> String {
        Message::new(self.key()).render(lang)
    }

    pub fn key(self) -> &'static str {
        match self {
            Rating::NoContact => "surveys.scale.noContact",
            Rating::Knowledge => "surveys.scale.knowledge",
            Rating::Valuable => "surveys.scale.valuable",
            Rating::Negotiating => "surveys.scale.negotiating",
            Rating::Agreement => "surveys.scale.agreement",
        }
    }
}

/// The marks of the 1–5 questions, as the form lists them.
pub const MARKS: [&str; 5] = ["1", "2", "3", "4", "5"];

/// The questions that say who answers: the interest form's own, so that the same headers name
/// the person in every kind's responses.
const WHO: [(FormField, QuestionKind, bool); 3] = [
    (FormField::Name, QuestionKind::Text, true),
    (FormField::Email, QuestionKind::Email, true),
    (FormField::Organisation, QuestionKind::Text, true),
];

/// The satisfaction survey's questions after [`WHO`].
pub const WEEK: [(FormField, QuestionKind, bool); 4] = [
    (FormField::Satisfaction, QuestionKind::Choice, true),
    (FormField::Usefulness, QuestionKind::Choice, true),
    (FormField::Again, QuestionKind::Choice, true),
    (FormField::Comments, QuestionKind::Text, false),
];

fn yes_no(lang: Lang) -> Vec<String> {
    ["forms.yes", "forms.no"]
        .into_iter()
        .map(|k| Message::new(k).render(lang))
        .collect()
}

fn question(field: FormField, kind: QuestionKind, required: bool, lang: Lang) -> Question {
    Question {
        field,
        text: question_text(field, lang).unwrap_or_default(),
        kind,
        required,
        choices: match field {
            FormField::Satisfaction | FormField::Usefulness => {
                MARKS.iter().map(|m| (*m).to_owned()).collect()
            }
            FormField::Again => yes_no(lang),
            _ => Vec::new(),
        },
    }
}

/// The questions of a survey: fixed for the week, per delegate at six months.
pub fn questions(kind: FormKind, choices: &Choices, lang: Lang) -> Vec<Question> {
    let mut out: Vec<Question> = WHO
        .iter()
        .map(|(f, k, r)| question(*f, *k, *r, lang))
        .collect();
    match kind {
        FormKind::Interest => {}
        FormKind::Week => out.extend(WEEK.iter().map(|(f, k, r)| question(*f, *k, *r, lang))),
        FormKind::SixMonths => {
            let scale: Vec<String> = Rating::ALL
                .iter()
                .map(|r| choice_text(&r.label(lang)))
                .collect();
            for d in &choices.delegates {
                let label = d.label();
                out.push(Question {
                    field: FormField::Rating,
                    text: per_choice_text(FormField::Rating, &label, lang),
                    kind: QuestionKind::Choice,
                    required: false,
                    choices: scale.clone(),
                });
                out.push(Question {
                    field: FormField::WhatCame,
                    text: per_choice_text(FormField::WhatCame, &label, lang),
                    kind: QuestionKind::Text,
                    required: false,
                    choices: Vec::new(),
                });
            }
        }
    }
    out
}

/// The survey of a mission in one language: what its template files hold.
pub fn template(kind: FormKind, choices: &Choices, lang: Lang) -> FormTemplate {
    let (title, intro) = match kind {
        FormKind::SixMonths => ("surveys.title.sixMonths", "surveys.intro.sixMonths"),
        _ => ("surveys.title.week", "surveys.intro.week"),
    };
    FormTemplate {
        kind,
        lang,
        title: Message::new(title)
            .with(
                "mission",
                locale::in_lang(lang, &choices.titles, &choices.title),
            )
            .render(lang),
        dates: locale::date_range(lang, choices.start, choices.end),
        intro: Message::new(intro).render(lang),
        questions: questions(kind, choices, lang),
    }
}
