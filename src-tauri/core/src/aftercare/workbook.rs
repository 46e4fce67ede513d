//! The mission report as an `.xlsx` workbook (issue 17 part 5), headed in the planner's
//! language (rust_xlsxwriter, as the budget's and the rooming list's workbooks): a sheet of the
//! key figures (inputs, activity, outputs, results at +6 and +12 months with their counting
//! rule, satisfaction), a sheet of agreements and euros by technology, and a sheet of every
//! figure in the CSV's rows (`section,key,label,value`) for formulas that need stable keys.

use super::figures::{lines, Line};
use crate::documents::costs::{col, sheet_title};
use crate::documents::locale::Lang;
use crate::domain::MissionReport;
use crate::error::{Error, Result};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn failed(e: XlsxError) -> Error {
    Error::Internal(format!("cannot write the workbook: {e}"))
}

/// The report as an `.xlsx` workbook in `lang`.
pub fn report_xlsx(r: &MissionReport, lang: Lang) -> Result<Vec<u8>> {
    let t = |k: &str| crate::messages::text(lang, k);
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let money = Format::new().set_num_format("#,##0.00");
    let number = Format::new().set_num_format("0.##");

    let sheet = book.add_worksheet();
    sheet
        .set_name(sheet_title(&t("kpi.results")))
        .map_err(failed)?;
    sheet
        .write_string_with_format(0, 0, &r.mission.name, &title)
        .map_err(failed)?;
    sheet
        .write_string(1, 0, format!("{} {}", t("report.asOf"), r.as_of))
        .map_err(failed)?;
    let mut row = 3u32;
    for line in lines(r, lang) {
        match line {
            Line::Heading(h) => {
                row += u32::from(row > 3);
                sheet
                    .write_string_with_format(row, 0, h, &bold)
                    .map_err(failed)?;
            }
            Line::Figure(label, value, eur) => {
                sheet.write_string(row, 0, label).map_err(failed)?;
                if let Some(v) = value {
                    let f = if eur { &money } else { &number };
                    sheet
                        .write_number_with_format(row, 1, v, f)
                        .map_err(failed)?;
                }
            }
            Line::Text(text) => {
                row += 1;
                sheet.write_string(row, 0, text).map_err(failed)?;
            }
        }
        row += 1;
    }
    sheet.set_column_width(0, 42.0).map_err(failed)?;
    sheet.set_column_width(1, 18.0).map_err(failed)?;

    let sheet = book.add_worksheet();
    sheet
        .set_name(sheet_title(&t("kpi.byTechnologySheet")))
        .map_err(failed)?;
    for (c, k) in [
        "kpi.technology",
        "kpi.agreements",
        "kpi.value",
        "kpi.investment",
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string_with_format(0, col(c), t(k), &bold)
            .map_err(failed)?;
    }
    for (i, tr) in r.kpis.by_technology.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        sheet
            .write_string(
                row,
                0,
                tr.technology
                    .as_ref()
                    .map_or_else(|| t("kpi.noTechnology"), |t| t.name.clone()),
            )
            .map_err(failed)?;
        sheet
            .write_number(row, 1, f64::from(tr.agreements))
            .map_err(failed)?;
        sheet
            .write_number_with_format(row, 2, tr.value_eur, &money)
            .map_err(failed)?;
        sheet
            .write_number_with_format(row, 3, tr.investment_eur, &money)
            .map_err(failed)?;
    }
    sheet.set_column_width(0, 40.0).map_err(failed)?;
    for c in 1..4 {
        sheet.set_column_width(c, 18.0).map_err(failed)?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name("data").map_err(failed)?;
    write_rows(sheet, r, lang)?;
    book.save_to_buffer().map_err(failed)
}

/// Every figure of the CSV, `section,key,label,value`, numbers as numbers.
fn write_rows(sheet: &mut Worksheet, r: &MissionReport, lang: Lang) -> Result<()> {
    let csv = super::report_csv(r, lang)?;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for (c, h) in ["section", "key", "label", "value"].iter().enumerate() {
        sheet.write_string(0, col(c), *h).map_err(failed)?;
    }
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| Error::Internal(format!("cannot read the CSV: {e}")))?;
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (c, cell) in rec.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(v) if c == 3 => sheet.write_number(row, col(c), v),
                _ => sheet.write_string(row, col(c), cell),
            }
            .map_err(failed)?;
        }
    }
    Ok(())
}
