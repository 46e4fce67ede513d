//! The results agencies report (issue 17 part 5): what an outcome led to (an agreement, its
//! value, the investment and jobs announced, the organisation's confirmation) and the mission
//! report's `kpis` (inputs, activity, outputs, outcomes at +6 and +12 months).

use super::budget::parse_eur;
use super::validate as v;
use super::{AgreementKind, Ref};
use crate::error::{Error, Result};
use crate::messages::Message;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The most jobs one outcome can announce: more is a typing slip.
const JOBS_MAX: u32 = 1_000_000;
/// The most staff days a mission can count (ten people for ten years).
const STAFF_DAYS_MAX: f64 = 36_500.0;
const EVIDENCE_MAX: usize = 500;

/// An outcome's results as the window and the CLI send them. Amounts are text as typed, in
/// euros (`parse_eur`), jobs a whole number as typed, the confirmation date `YYYY-MM-DD`;
/// `evidence` is the path of the evidence file inside the data folder (`attachments/…`), set by
/// the shell once it has copied the file there. Blank or absent is "none".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct OutcomeResultsInput {
    #[serde(default)]
    #[ts(optional)]
    pub agreement: Option<AgreementKind>,
    #[serde(default)]
    #[ts(optional)]
    pub value_eur: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub investment_eur: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub jobs: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub confirmed_on: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub evidence: Option<String>,
}

/// An outcome's results as saved and shown: amounts in euro cents. `resultsOn` is the day the
/// results were first recorded (set by the store), which with `confirmedOn` decides whether
/// they count at +6 and +12 months.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OutcomeResults {
    pub agreement: Option<AgreementKind>,
    #[ts(type = "number | null")]
    pub value_cents: Option<i64>,
    #[ts(type = "number | null")]
    pub investment_cents: Option<i64>,
    pub jobs: Option<u32>,
    pub confirmed_on: Option<String>,
    pub evidence: Option<String>,
    pub results_on: Option<String>,
}

impl OutcomeResults {
    /// Whether anything at all is recorded.
    pub fn is_empty(&self) -> bool {
        self.agreement.is_none()
            && self.value_cents.is_none()
            && self.investment_cents.is_none()
            && self.jobs.is_none()
            && self.confirmed_on.is_none()
            && self.evidence.is_none()
    }
}

impl OutcomeResultsInput {
    /// Checks the results typed for an outcome of a meeting held on `meeting_day` (its day in
    /// its place's zone); each refusal names its field: a negative or foreign amount, jobs that
    /// are not a whole number, a confirmation dated before the meeting. `resultsOn` is left to
    /// the store.
    pub fn validate(&self, meeting_day: NaiveDate) -> Result<OutcomeResults> {
        let value_cents = parse_eur("valueEur", self.value_eur.as_deref().unwrap_or(""))?;
        let investment_cents = parse_eur(
            "investmentEur",
            self.investment_eur.as_deref().unwrap_or(""),
        )?;
        let jobs = parse_jobs(self.jobs.as_deref().unwrap_or(""))?;
        let confirmed_on = v::optional_date("confirmedOn", self.confirmed_on.as_deref())?;
        if let Some(on) = confirmed_on {
            if on < meeting_day {
                return Err(Error::invalid(
                    "confirmedOn",
                    Message::new("confirmedBeforeMeeting")
                        .with("date", on)
                        .with("meeting", meeting_day),
                ));
            }
        }
        Ok(OutcomeResults {
            agreement: self.agreement,
            value_cents,
            investment_cents,
            jobs,
            confirmed_on: confirmed_on.map(|d| d.to_string()),
            evidence: v::optional_text("evidence", self.evidence.as_deref(), EVIDENCE_MAX)?,
            results_on: None,
        })
    }
}

/// Jobs as typed: a whole number, not negative (`notANumberOfJobs`); blank is none.
fn parse_jobs(text: &str) -> Result<Option<u32>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    match digits.parse::<u32>() {
        Ok(n) if n <= JOBS_MAX => Ok(Some(n)),
        _ => Err(Error::invalid(
            "jobs",
            Message::new("notANumberOfJobs").with("text", t),
        )),
    }
}

/// The staff days spent on a mission as typed ("12", "12,5", "12.5"); blank is none. Refused
/// on `staffDays`: not a number, negative or beyond a hundred years (`notANumberOfDays`).
pub fn parse_staff_days(text: &str) -> Result<Option<f64>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match v::typed_decimal(t) {
        Some(n) if (0.0..=STAFF_DAYS_MAX).contains(&n) => Ok(Some((n * 100.0).round() / 100.0)),
        _ => Err(Error::invalid(
            "staffDays",
            Message::new("notANumberOfDays").with("text", t),
        )),
    }
}

// ------------------------------------------------------------------------------------------
// The report's `kpis` (keys as agencies' spreadsheets name them: snake_case).

/// What the mission cost in money and time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct KpiInputs {
    pub cost_estimate_eur: f64,
    pub cost_actual_eur: f64,
    pub staff_days: Option<f64>,
}

/// Who was met and how many meetings: `organisations` and `people` met (not the delegation),
/// `meetings_planned` those of the programme not cancelled, `meetings_held` those held.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct KpiActivity {
    pub organisations: u32,
    pub people: u32,
    pub meetings_planned: u32,
    pub meetings_held: u32,
}

/// What came out at once: outcomes logged, follow-ups (open counts those waiting), and the
/// cost per meeting held and per outcome (each cost line's best amount known).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct KpiOutputs {
    pub outcomes: u32,
    pub followups_open: u32,
    pub followups_done: u32,
    pub cost_per_meeting_eur: Option<f64>,
    pub cost_per_outcome_eur: Option<f64>,
}

/// Agreements of one kind.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AgreementCount {
    pub kind: AgreementKind,
    pub count: u32,
}

/// The results counted by a date: agreements (and by kind, each kind that has one), their
/// value, the investment and jobs announced, and how many of the outcomes counted were
/// confirmed by the organisation by then.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ResultFigures {
    pub agreements: u32,
    pub by_kind: Vec<AgreementCount>,
    pub value_eur: f64,
    pub investment_eur: f64,
    pub jobs: u32,
    pub confirmed: u32,
}

/// The results at +6 and +12 months after the mission's last day, by `counting_rule` (a
/// message code: `kpi.countingRule`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct KpiOutcomes {
    pub counting_rule: String,
    pub at_6_months: ResultFigures,
    pub at_12_months: ResultFigures,
}

/// The results of the outcomes about one technology (each outcome counted for each of its
/// technologies), as of the report's date; `technology` is `null` on the row of the outcomes
/// that name none (the row is last).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TechnologyResults {
    pub technology: Option<Ref>,
    pub agreements: u32,
    pub value_eur: f64,
    pub investment_eur: f64,
}

/// The satisfaction survey's figures (issue 17 part 5, the surveys' half): the mean of the
/// overall satisfaction (1–5), responses, people invited and the response rate (0–1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SatisfactionKpis {
    pub score: Option<f64>,
    pub responses: u32,
    pub invited: u32,
    pub response_rate: Option<f64>,
}

/// The six-month meeting-rating survey's figures (the surveys' half): its answers and the
/// meetings rated per step of the scale (every step, in the scale's order).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RatingKpis {
    pub responses: u32,
    pub steps: Vec<crate::surveys::RatingTally>,
}

/// The report's key figures, as agencies report them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Kpis {
    pub inputs: KpiInputs,
    pub activity: KpiActivity,
    pub outputs: KpiOutputs,
    pub outcomes: KpiOutcomes,
    pub by_technology: Vec<TechnologyResults>,
    /// `null` until a satisfaction survey's responses are imported.
    pub satisfaction: Option<SatisfactionKpis>,
    /// `null` until a six-month survey's responses are imported.
    pub ratings: Option<RatingKpis>,
}

/// Cents as euros, for figures read by machines and spreadsheets.
pub fn eur_of(cents: i64) -> f64 {
    cents as f64 / 100.0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::error::validation_code as code;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn results_are_read_as_typed_and_refused_on_their_field() {
        let input = |f: fn(&mut OutcomeResultsInput)| {
            let mut i = OutcomeResultsInput::default();
            f(&mut i);
            i.validate(day("2025-06-26"))
        };
        let ok = input(|i| {
            i.agreement = Some(AgreementKind::Mou);
            i.value_eur = Some("1 250 000,50 €".into());
            i.investment_eur = Some("2.000.000".into());
            i.jobs = Some(" 12 ".into());
            i.confirmed_on = Some("2025-06-26".into());
        })
        .unwrap();
        assert_eq!(ok.value_cents, Some(125_000_050));
        assert_eq!(ok.investment_cents, Some(200_000_000));
        assert_eq!(ok.jobs, Some(12));
        assert_eq!(ok.confirmed_on.as_deref(), Some("2025-06-26"));
        assert!(input(|_| {}).unwrap().is_empty());
        let err = |f: fn(&mut OutcomeResultsInput)| code(input(f).unwrap_err());
        assert_eq!(
            err(|i| i.value_eur = Some("-5".into())),
            ("valueEur".into(), "amountNegative")
        );
        assert_eq!(
            err(|i| i.investment_eur = Some("5 USD".into())),
            ("investmentEur".into(), "amountOtherCurrency")
        );
        for jobs in ["2.5", "-1", "douze", "2000000"] {
            let e = OutcomeResultsInput {
                jobs: Some(jobs.into()),
                ..Default::default()
            }
            .validate(day("2025-06-26"))
            .unwrap_err();
            assert_eq!(code(e), ("jobs".into(), "notANumberOfJobs"), "{jobs}");
        }
        assert_eq!(
            err(|i| i.confirmed_on = Some("2025-06-25".into())),
            ("confirmedOn".into(), "confirmedBeforeMeeting")
        );
        assert_eq!(
            err(|i| i.confirmed_on = Some("26/06/2025".into())),
            ("confirmedOn".into(), "notADate")
        );
    }

    #[test]
    fn staff_days_are_a_positive_number_with_a_comma_or_a_point() {
        assert_eq!(parse_staff_days("").unwrap(), None);
        assert_eq!(parse_staff_days("12,5").unwrap(), Some(12.5));
        assert_eq!(parse_staff_days("3").unwrap(), Some(3.0));
        for bad in ["-1", "douze", "1e9", "NaN"] {
            assert_eq!(
                code(parse_staff_days(bad).unwrap_err()),
                ("staffDays".into(), "notANumberOfDays"),
                "{bad}"
            );
        }
    }
}
