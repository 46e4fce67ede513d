//! A mission's budget (issue 18, part 6): cost lines in euros (estimate, committed, actual),
//! their totals by category, and the amounts as the planner types them ("1 250,50", "€ 80",
//! "1,200.00 EUR"); another currency or a negative amount is refused on its field.

use super::validate as v;
use super::{CostCategory, Ref};
use crate::error::{Error, Result};
use crate::ids::{CostId, MissionId, OrganisationId};
use crate::messages::Message;
use serde::{Deserialize, Serialize};

const LABEL_MAX: usize = 200;
const NOTE_MAX: usize = 2000;
/// A billion euros, in cents: more than any mission spends, far from i64's limit when summed.
const MAX_CENTS: i64 = 100_000_000_000;

/// A cost line as saved: amounts in euro cents, each optional (an estimate first, the
/// committed amount once ordered, the actual one once invoiced).
#[derive(Debug, Clone, PartialEq)]
pub struct CostRecord {
    pub id: CostId,
    pub mission_id: MissionId,
    pub category: CostCategory,
    pub label: String,
    pub supplier_id: Option<OrganisationId>,
    pub estimate_cents: Option<i64>,
    pub committed_cents: Option<i64>,
    pub actual_cents: Option<i64>,
    pub note: Option<String>,
    /// The invoice file's path inside the data folder (`attachments/…`).
    pub invoice: Option<String>,
}

impl CostRecord {
    pub fn validate(self) -> Result<Self> {
        Ok(CostRecord {
            label: v::required_text("label", &self.label, LABEL_MAX)?,
            note: v::optional_text("note", self.note.as_deref(), NOTE_MAX)?,
            invoice: crate::attachments::checked("invoice", self.invoice.as_deref())?,
            ..self
        })
    }
}

/// Reads an amount in euros as typed, into cents; `None` when blank. Accepted: digits with a
/// decimal comma or point (two decimals at most), spaces, non-breaking spaces or the other
/// separator between thousands, and "€" or "EUR" before or after. Refused on `field`: another
/// currency (`amountOtherCurrency`), a negative amount (`amountNegative`), anything else that
/// is not an amount (`notAnAmount`), more than a billion (`amountTooLarge`).
pub fn parse_eur(field: &str, text: &str) -> Result<Option<i64>> {
    let raw = text.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let not_an_amount = || Error::invalid(field, Message::new("notAnAmount").with("text", raw));
    let mut s = raw.to_owned();
    // The euro, before or after.
    for mark in ["€", "EUR", "eur", "Eur"] {
        if let Some(rest) = s.strip_prefix(mark) {
            s = rest.to_owned();
        } else if let Some(rest) = s.strip_suffix(mark) {
            s = rest.to_owned();
        }
    }
    let s = s.trim();
    // Another currency: letters or a currency sign left once the euro is taken off.
    let foreign: String = s
        .chars()
        .filter(|c| c.is_alphabetic() || "$£¥₩₹₽₺¤".contains(*c))
        .collect();
    if !foreign.is_empty() {
        return Err(Error::invalid(
            field,
            Message::new("amountOtherCurrency")
                .with("text", raw)
                .with("currency", foreign),
        ));
    }
    let (negative, s) = match s.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(not_an_amount());
    }
    let (whole, cents) = split_decimal(&digits).ok_or_else(not_an_amount)?;
    if whole.is_empty() && cents.is_empty() {
        return Err(not_an_amount());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else if whole.len() > 12 {
        return Err(Error::invalid(field, Message::new("amountTooLarge")));
    } else {
        whole.parse().map_err(|_| not_an_amount())?
    };
    let cents: i64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<i64>().map_err(|_| not_an_amount())? * 10,
        2 => cents.parse().map_err(|_| not_an_amount())?,
        _ => return Err(not_an_amount()),
    };
    let total = whole * 100 + cents;
    if negative && total > 0 {
        return Err(Error::invalid(
            field,
            Message::new("amountNegative").with("text", raw),
        ));
    }
    if total > MAX_CENTS {
        return Err(Error::invalid(field, Message::new("amountTooLarge")));
    }
    Ok(Some(total))
}

/// Splits "1.250,50" / "1,250.50" / "1250,5" / "1 250" (spaces gone) into whole digits and
/// decimal digits. With both separators the last is the decimal one; with one kind only, a
/// single one followed by one or two digits is decimal, else they group thousands by three.
fn split_decimal(s: &str) -> Option<(String, String)> {
    let last_comma = s.rfind(',');
    let last_point = s.rfind('.');
    let decimal = match (last_comma, last_point) {
        (Some(c), Some(p)) => Some(c.max(p)),
        (Some(i), None) | (None, Some(i)) => {
            let sep = &s[i..=i];
            let after = s.len() - i - 1;
            if s.matches(sep).count() == 1 && after != 3 {
                Some(i)
            } else {
                None
            }
        }
        (None, None) => None,
    };
    let (whole, cents) = match decimal {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    if cents.contains([',', '.']) {
        return None;
    }
    // Thousands separators: groups of three after the first group.
    let groups: Vec<&str> = whole.split([',', '.']).collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    Some((groups.concat(), cents.to_owned()))
}

/// A cost line as the window and the CLI send it: created when `id` is absent. Amounts are
/// text as typed, in euros (`parse_eur`); blank or absent is "not known yet".
#[derive(Debug, Clone, PartialEq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct CostInput {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    pub mission_id: String,
    pub category: CostCategory,
    pub label: String,
    #[serde(default)]
    #[ts(optional)]
    pub supplier_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub estimate_eur: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub committed_eur: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub actual_eur: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
    /// The invoice file: its path inside the data folder (`attachments/…`), as the window's
    /// attach command or the CLI's `--invoice` copied it there; absent or blank: none.
    #[serde(default)]
    #[ts(optional)]
    pub invoice: Option<String>,
}

/// A cost line as shown; amounts in euro cents.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CostLine {
    pub id: String,
    pub mission_id: String,
    pub category: CostCategory,
    pub label: String,
    pub supplier: Option<Ref>,
    #[ts(type = "number | null")]
    pub estimate_cents: Option<i64>,
    #[ts(type = "number | null")]
    pub committed_cents: Option<i64>,
    #[ts(type = "number | null")]
    pub actual_cents: Option<i64>,
    pub note: Option<String>,
    /// The invoice file's path inside the data folder (`attachments/…`).
    pub invoice: Option<String>,
}

impl CostLine {
    /// The best amount known: the actual one, else the committed one, else the estimate.
    pub fn known_cents(&self) -> i64 {
        self.actual_cents
            .or(self.committed_cents)
            .or(self.estimate_cents)
            .unwrap_or(0)
    }
}

/// Sums of a set of cost lines, in euro cents (a missing amount counts as nothing; `known`
/// takes each line's best amount known).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CostTotals {
    #[ts(type = "number")]
    pub estimate_cents: i64,
    #[ts(type = "number")]
    pub committed_cents: i64,
    #[ts(type = "number")]
    pub actual_cents: i64,
    #[ts(type = "number")]
    pub known_cents: i64,
    pub lines: u32,
}

impl CostTotals {
    pub fn add(&mut self, line: &CostLine) {
        self.estimate_cents += line.estimate_cents.unwrap_or(0);
        self.committed_cents += line.committed_cents.unwrap_or(0);
        self.actual_cents += line.actual_cents.unwrap_or(0);
        self.known_cents += line.known_cents();
        self.lines += 1;
    }

    pub fn of<'a>(lines: impl IntoIterator<Item = &'a CostLine>) -> Self {
        let mut t = CostTotals::default();
        for l in lines {
            t.add(l);
        }
        t
    }
}

/// One category's totals.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CategoryTotals {
    pub category: CostCategory,
    pub totals: CostTotals,
}

/// A mission's budget: its lines (by category, then label), the totals of each category used
/// (in the vocabulary's order) and the whole.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissionBudget {
    pub mission_id: String,
    pub lines: Vec<CostLine>,
    pub by_category: Vec<CategoryTotals>,
    pub total: CostTotals,
}

impl MissionBudget {
    pub fn of(mission_id: &str, lines: Vec<CostLine>) -> Self {
        let by_category = CostCategory::ALL
            .iter()
            .filter(|c| lines.iter().any(|l| l.category == **c))
            .map(|c| CategoryTotals {
                category: *c,
                totals: CostTotals::of(lines.iter().filter(|l| l.category == *c)),
            })
            .collect();
        MissionBudget {
            mission_id: mission_id.to_owned(),
            total: CostTotals::of(&lines),
            by_category,
            lines,
        }
    }
}

/// The budget in the mission report: what the mission cost (each line's best amount known)
/// per meeting held and per outcome logged; `None` when there is none to divide by.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CostFigures {
    pub totals: CostTotals,
    #[ts(type = "number | null")]
    pub per_meeting_held_cents: Option<i64>,
    #[ts(type = "number | null")]
    pub per_outcome_cents: Option<i64>,
}

impl CostFigures {
    pub fn of(totals: CostTotals, meetings_held: u32, outcomes: u32) -> Self {
        let per = |n: u32| {
            (n > 0 && totals.lines > 0).then(|| {
                let n = i64::from(n);
                (totals.known_cents + n / 2) / n
            })
        };
        CostFigures {
            per_meeting_held_cents: per(meetings_held),
            per_outcome_cents: per(outcomes),
            totals,
        }
    }
}

/// Cents as euros with two decimals and a point ("1250.50"), for files read by machines.
pub fn eur_text(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::error::validation_code as code;

    #[test]
    fn amounts_are_read_as_typed_in_euros() {
        let ok = |t: &str| parse_eur("x", t).unwrap();
        assert_eq!(ok(""), None);
        assert_eq!(ok("  "), None);
        assert_eq!(ok("12"), Some(1200));
        assert_eq!(ok("12,5"), Some(1250));
        assert_eq!(ok("12.50"), Some(1250));
        assert_eq!(ok("1 250,50"), Some(125_050));
        assert_eq!(ok("1\u{202f}250,50 €"), Some(125_050));
        assert_eq!(ok("€1,250.50"), Some(125_050));
        assert_eq!(ok("1.250,50"), Some(125_050));
        assert_eq!(ok("1,200"), Some(120_000));
        assert_eq!(ok("1.200.000"), Some(120_000_000));
        assert_eq!(ok("80 EUR"), Some(8000));
        assert_eq!(ok("0"), Some(0));
        assert_eq!(ok("-0"), Some(0));
        assert_eq!(ok(",5"), Some(50));
    }

    #[test]
    fn another_currency_a_negative_or_a_wrong_amount_is_refused_on_its_field() {
        let err = |t: &str| code(parse_eur("actualEur", t).unwrap_err());
        assert_eq!(err("12 USD"), ("actualEur".into(), "amountOtherCurrency"));
        assert_eq!(err("$12").1, "amountOtherCurrency");
        assert_eq!(err("£12").1, "amountOtherCurrency");
        assert_eq!(err("12 TWD").1, "amountOtherCurrency");
        assert_eq!(err("-5").1, "amountNegative");
        assert_eq!(err("− 5,00 €").1, "amountNegative");
        assert_eq!(err("12,345,6").1, "notAnAmount");
        assert_eq!(err("1.2.3").1, "notAnAmount");
        assert_eq!(err("12.345.67").1, "notAnAmount");
        assert_eq!(err("1,2345").1, "notAnAmount");
        assert_eq!(err("€").1, "notAnAmount");
        assert_eq!(err("12 - 3").1, "notAnAmount");
        assert_eq!(err("9999999999999").1, "amountTooLarge");
        assert_eq!(err("1000000001").1, "amountTooLarge");
        let m = parse_eur("estimateEur", "12 USD").unwrap_err().to_string();
        assert!(m.contains("USD") && m.contains("euro"), "{m}");
    }

    #[test]
    fn totals_take_each_lines_best_amount_known_and_divide_by_meetings_and_outcomes() {
        let line = |c: CostCategory, e: Option<i64>, k: Option<i64>, a: Option<i64>| CostLine {
            id: "cst_x".into(),
            mission_id: "mis_x".into(),
            category: c,
            label: "x".into(),
            supplier: None,
            estimate_cents: e,
            committed_cents: k,
            actual_cents: a,
            note: None,
            invoice: None,
        };
        let budget = MissionBudget::of(
            "mis_x",
            vec![
                line(CostCategory::Hotel, Some(100_000), Some(90_000), None),
                line(CostCategory::Transport, Some(50_000), None, Some(55_000)),
                line(CostCategory::Hotel, Some(10_000), None, None),
            ],
        );
        assert_eq!(
            budget
                .by_category
                .iter()
                .map(|c| c.category)
                .collect::<Vec<_>>(),
            vec![CostCategory::Transport, CostCategory::Hotel]
        );
        assert_eq!(budget.by_category[1].totals.known_cents, 100_000);
        assert_eq!(budget.total.estimate_cents, 160_000);
        assert_eq!(budget.total.committed_cents, 90_000);
        assert_eq!(budget.total.actual_cents, 55_000);
        assert_eq!(budget.total.known_cents, 155_000);
        let f = CostFigures::of(budget.total.clone(), 3, 0);
        assert_eq!(f.per_meeting_held_cents, Some(51_667));
        assert_eq!(f.per_outcome_cents, None);
        assert_eq!(eur_text(51_667), "516.67");
        assert_eq!(eur_text(5), "0.05");
    }
}
