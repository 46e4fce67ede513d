//! A mission's budget as files for the accountant (issue 18, part 6): a CSV of the cost lines
//! (stable English column names, amounts in euros with a decimal point, for a spreadsheet or
//! an accounting import) and an `.xlsx` workbook with the lines and the totals by category,
//! headed in the planner's language (rust_xlsxwriter, as the rooming list).

use super::locale::{self, Lang};
use crate::domain::{eur_text, CostCategory, CostLine, CostTotals, MissionBudget};
use crate::error::{Error, Result};
use crate::store;
use rusqlite::Connection;

/// The cost lines as CSV (UTF-8 with a BOM): one row per line, by category then label.
pub fn csv(conn: &Connection, mission_id: &str) -> Result<Vec<u8>> {
    let budget = store::costs::budget(conn, mission_id)?;
    let eur = |c: Option<i64>| c.map(eur_text).unwrap_or_default();
    let rows = budget
        .lines
        .iter()
        .map(|l| {
            vec![
                l.id.clone(),
                l.category.as_str().to_owned(),
                l.label.clone(),
                l.supplier
                    .as_ref()
                    .map(|s| s.id.clone())
                    .unwrap_or_default(),
                l.supplier
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                eur(l.estimate_cents),
                eur(l.committed_cents),
                eur(l.actual_cents),
                l.note.clone().unwrap_or_default(),
                invoice_name(l).to_owned(),
            ]
        })
        .collect();
    crate::directory::export::write_csv(
        &[
            "id",
            "category",
            "label",
            "supplier_id",
            "supplier",
            "estimate_eur",
            "committed_eur",
            "actual_eur",
            "note",
            "invoice",
        ],
        rows,
    )
}

/// The invoice's file name (not its place in the data folder); blank when none.
fn invoice_name(line: &CostLine) -> &str {
    line.invoice
        .as_deref()
        .and_then(|p| p.rsplit('/').next())
        .unwrap_or_default()
}

fn category_label(lang: Lang, c: CostCategory) -> String {
    locale::text(lang, &format!("costs.category.{}", c.as_str()))
}

/// The budget as an `.xlsx` workbook in `lang`: the lines (amounts as numbers in euros), then
/// the totals by category and the whole.
pub fn xlsx(conn: &Connection, mission_id: &str, lang: Lang) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mission = store::missions::get(conn, mission_id)?;
    let MissionBudget {
        lines,
        by_category,
        total,
        ..
    } = store::costs::budget(conn, mission_id)?;
    let failed =
        |e: rust_xlsxwriter::XlsxError| Error::Internal(format!("cannot write the workbook: {e}"));
    let label = |k: &str| locale::text(lang, &format!("costs.{k}"));
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let money = Format::new().set_num_format("#,##0.00");
    let money_bold = Format::new().set_num_format("#,##0.00").set_bold();
    let sheet = book.add_worksheet();
    sheet
        .set_name(sheet_title(&locale::text(lang, "doc.costs")))
        .map_err(failed)?;
    sheet
        .write_string_with_format(
            0,
            0,
            locale::in_lang(lang, &mission.titles, &mission.title),
            &title,
        )
        .map_err(failed)?;
    sheet
        .write_string(1, 0, locale::text(lang, "doc.costs"))
        .map_err(failed)?;
    let heads = [
        "category",
        "label",
        "supplier",
        "estimate",
        "committed",
        "actual",
        "known",
        "note",
        "invoice",
    ];
    for (c, k) in heads.iter().enumerate() {
        sheet
            .write_string_with_format(3, col(c), label(k), &bold)
            .map_err(failed)?;
    }
    if lines.is_empty() {
        sheet.write_string(4, 0, label("none")).map_err(failed)?;
    }
    let mut row = 4u32;
    for l in &lines {
        sheet
            .write_string(row, 0, category_label(lang, l.category))
            .map_err(failed)?;
        sheet.write_string(row, 1, &l.label).map_err(failed)?;
        if let Some(s) = &l.supplier {
            sheet.write_string(row, 2, &s.name).map_err(failed)?;
        }
        amounts(
            sheet,
            row,
            &[
                l.estimate_cents,
                l.committed_cents,
                l.actual_cents,
                Some(CostLine::known_cents(l)),
            ],
            &money,
        )?;
        if let Some(n) = &l.note {
            sheet.write_string(row, 7, n).map_err(failed)?;
        }
        if l.invoice.is_some() {
            sheet
                .write_string(row, 8, invoice_name(l))
                .map_err(failed)?;
        }
        row += 1;
    }
    row += 1;
    sheet
        .write_string_with_format(row, 0, label("byCategory"), &bold)
        .map_err(failed)?;
    row += 1;
    let sums = |t: &CostTotals| {
        [
            Some(t.estimate_cents),
            Some(t.committed_cents),
            Some(t.actual_cents),
            Some(t.known_cents),
        ]
    };
    for c in &by_category {
        sheet
            .write_string(row, 0, category_label(lang, c.category))
            .map_err(failed)?;
        sheet
            .write_number(row, 1, f64::from(c.totals.lines))
            .map_err(failed)?;
        amounts(sheet, row, &sums(&c.totals), &money)?;
        row += 1;
    }
    sheet
        .write_string_with_format(row, 0, label("total"), &bold)
        .map_err(failed)?;
    sheet
        .write_number(row, 1, f64::from(total.lines))
        .map_err(failed)?;
    amounts(sheet, row, &sums(&total), &money_bold)?;
    for (c, w) in [18.0, 36.0, 28.0, 15.0, 15.0, 15.0, 18.0, 30.0, 28.0]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(col(c), w).map_err(failed)?;
    }
    book.save_to_buffer().map_err(failed)
}

/// Euro amounts (cents) as numbers in columns 3 to 6 of `row`; a missing one stays blank.
fn amounts(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    cents: &[Option<i64>; 4],
    format: &rust_xlsxwriter::Format,
) -> Result<()> {
    for (i, c) in cents.iter().enumerate() {
        if let Some(c) = c {
            sheet
                .write_number_with_format(row, col(3 + i), *c as f64 / 100.0, format)
                .map_err(|e| Error::Internal(format!("cannot write the workbook: {e}")))?;
        }
    }
    Ok(())
}

/// A column index as the workbook's type (columns beyond its limit are clamped).
pub(crate) fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
pub(crate) fn sheet_title(name: &str) -> String {
    name.chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}
