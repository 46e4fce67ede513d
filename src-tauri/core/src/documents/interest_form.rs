//! The interest form and the surveys (issue 17) as a printable PDF through the same Typst pipeline as the other
//! documents (`templates/interest_form.typ`): the questions of `forms::FormTemplate` with boxes
//! to tick and lines to write on.

use super::engine::Engine;
use super::facts::MissionFacts;
use super::locale::{Lang, Langs};
use super::views::header;
use crate::error::Result;
use crate::forms::questions::QuestionKind;
use crate::forms::{FormField, FormKind, FormTemplate};
use crate::messages::Message;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde_json::json;

const FORM: &str = include_str!("templates/interest_form.typ");

/// The form of `mission_id` as PDF bytes, in the form's language.
pub fn pdf(
    conn: &Connection,
    mission_id: &str,
    form: &FormTemplate,
    now: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let engine = Engine::new().with_today(now.date_naive());
    engine.check_chinese(form.lang == Lang::ZhTw)?;
    let langs = Langs {
        primary: form.lang,
        secondary: None,
    };
    let facts = MissionFacts::load(conn, mission_id, now)?;
    let (doc, name) = match form.kind {
        FormKind::Interest => ("doc.form", "interest-form"),
        FormKind::Week => ("doc.surveyWeek", "survey-week"),
        FormKind::SixMonths => ("doc.surveySixMonths", "survey-six-months"),
    };
    let mut data = header(&facts, &langs, doc);
    let questions: Vec<serde_json::Value> = form
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            json!({
                "n": i + 1,
                "text": q.text,
                "kind": q.kind.label(form.lang),
                "required": q.required,
                "single": q.kind == QuestionKind::Choice,
                // Marks, yes/no and the six-month scale read across one line.
                "row": matches!(
                    q.field,
                    FormField::Satisfaction | FormField::Usefulness | FormField::Again | FormField::Rating
                ),
                "choices": q.choices,
                "lines": match q.field {
                    FormField::Topics | FormField::Comments => 3,
                    FormField::WhatCame => 2,
                    _ => 1,
                },
            })
        })
        .collect();
    data["form"] = json!({
        "title": form.title,
        "dates": form.dates,
        "intro": form.intro,
        "required": Message::new("forms.required").render(form.lang),
        "questions": questions,
    });
    engine
        .compile(FORM, &data)?
        .pdf(&format!("{mission_id}/{name}"))
}
