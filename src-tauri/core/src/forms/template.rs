//! The template's files: a workbook (`rust_xlsxwriter`: the questions with their kind and
//! choices, and a sheet headed by the questions to collect answers in), a CSV file of the same
//! questions for a form tool, or a printable PDF (`documents::interest_form`).

use super::questions::{Choices, FormTemplate};
use super::FormKind;
use crate::documents::locale::Lang;
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::store::Reads;
use chrono::{DateTime, Utc};
use rusqlite::Connection;

/// The template's file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum TemplateFormat {
    Xlsx,
    Csv,
    Pdf,
}

impl TemplateFormat {
    /// The format a file name asks for by its extension.
    pub fn of_path(path: &std::path::Path) -> Option<TemplateFormat> {
        match path
            .extension()?
            .to_string_lossy()
            .to_ascii_lowercase()
            .as_str()
        {
            "xlsx" => Some(TemplateFormat::Xlsx),
            "csv" => Some(TemplateFormat::Csv),
            "pdf" => Some(TemplateFormat::Pdf),
            _ => None,
        }
    }
}

/// The form of a mission of `kind` (the interest form, a survey) in `lang`.
pub fn form(db: &impl Reads, mission_id: &str, kind: FormKind, lang: Lang) -> Result<FormTemplate> {
    let choices = Choices::load(db, mission_id)?;
    Ok(FormTemplate::new(kind, &choices, lang))
}

/// The template file's bytes.
pub fn write(
    conn: &Connection,
    mission_id: &str,
    kind: FormKind,
    lang: Lang,
    format: TemplateFormat,
    now: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let form = form(conn, mission_id, kind, lang)?;
    match format {
        TemplateFormat::Xlsx => xlsx(&form),
        TemplateFormat::Csv => csv(&form),
        TemplateFormat::Pdf => crate::documents::interest_form::pdf(conn, mission_id, &form, now),
    }
}

fn label(key: &'static str, lang: Lang) -> String {
    Message::new(key).render(lang)
}

fn yes_no(b: bool, lang: Lang) -> String {
    label(if b { "forms.yes" } else { "forms.no" }, lang)
}

const COLUMNS: [&str; 5] = [
    "forms.column.number",
    "forms.column.question",
    "forms.column.kind",
    "forms.column.required",
    "forms.column.choices",
];

/// The questions as CSV: number, question, kind, required, choices (one a line in the cell).
pub fn csv(form: &FormTemplate) -> Result<Vec<u8>> {
    let failed = |e: csv::Error| Error::Internal(format!("cannot write the CSV file: {e}"));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(COLUMNS.map(|k| label(k, form.lang)))
        .map_err(failed)?;
    for (i, q) in form.questions.iter().enumerate() {
        out.write_record([
            (i + 1).to_string(),
            q.text.clone(),
            q.kind.label(form.lang),
            yes_no(q.required, form.lang),
            q.choices.join("\n"),
        ])
        .map_err(failed)?;
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec(); // a BOM: Excel then reads it as UTF-8
    bytes.extend(
        out.into_inner()
            .map_err(|e| Error::Internal(format!("cannot write the CSV file: {e}")))?,
    );
    Ok(bytes)
}

/// The workbook: the questions sheet, and a responses sheet headed by the questions (a file
/// with these headers imports without a map).
pub fn xlsx(form: &FormTemplate) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed =
        |e: rust_xlsxwriter::XlsxError| Error::Internal(format!("cannot write the workbook: {e}"));
    let lang = form.lang;
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let sheet = book.add_worksheet();
    sheet
        .set_name(label("forms.sheet.questions", lang))
        .map_err(failed)?;
    sheet
        .write_string_with_format(0, 0, &form.title, &title)
        .map_err(failed)?;
    sheet.write_string(1, 0, &form.dates).map_err(failed)?;
    sheet.write_string(2, 0, &form.intro).map_err(failed)?;
    for (c, k) in COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(4, col(c), label(k, lang), &bold)
            .map_err(failed)?;
    }
    for (i, q) in form.questions.iter().enumerate() {
        let row = u32::try_from(5 + i).unwrap_or(u32::MAX);
        sheet
            .write_number_with_format(row, 0, (i + 1) as f64, &wrap)
            .map_err(failed)?;
        sheet
            .write_string_with_format(row, 1, &q.text, &wrap)
            .map_err(failed)?;
        sheet
            .write_string_with_format(row, 2, q.kind.label(lang), &wrap)
            .map_err(failed)?;
        sheet
            .write_string_with_format(row, 3, yes_no(q.required, lang), &wrap)
            .map_err(failed)?;
        sheet
            .write_string_with_format(row, 4, q.choices.join("\n"), &wrap)
            .map_err(failed)?;
    }
    for (c, w) in [5.0, 48.0, 22.0, 10.0, 60.0].into_iter().enumerate() {
        sheet.set_column_width(col(c), w).map_err(failed)?;
    }
    let answers = book.add_worksheet();
    answers
        .set_name(label("forms.sheet.responses", lang))
        .map_err(failed)?;
    for (c, q) in form.questions.iter().enumerate() {
        answers
            .write_string_with_format(0, col(c), &q.text, &bold)
            .map_err(failed)?;
        answers.set_column_width(col(c), 28.0).map_err(failed)?;
    }
    book.save_to_buffer().map_err(failed)
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
