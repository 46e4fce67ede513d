//! The report's key figures (issue 17 part 5): inputs, activity, outputs, the results counted
//! at +6 and +12 months, and agreements and euros by technology. Pure: the facts come from the
//! report's own reads.
//!
//! The counting rule (`kpi.countingRule`): an outcome's results count at +N months when they
//! were recorded (`results_on`) or confirmed (`confirmed_on`) on or before the mission's last
//! day plus N months, and on or before the report's date (`as_of`): a report made at +3 months
//! shows what is known then under both horizons.

use crate::domain::{
    eur_of, AgreementCount, AgreementKind, CostFigures, FollowupFigures, KpiActivity, KpiInputs,
    KpiOutcomes, KpiOutputs, Kpis, MeetingFigures, Outcome, OutcomeResults, Ref, ResultFigures,
    TechnologyResults,
};
use chrono::{Months, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// The code of the counting rule, rendered in fr/en/zh-TW.
pub const COUNTING_RULE: &str = "kpi.countingRule";

/// What the key figures are computed from.
pub struct Facts<'a> {
    pub end_date: NaiveDate,
    pub as_of: NaiveDate,
    pub staff_days: Option<f64>,
    pub costs: &'a CostFigures,
    pub meetings: &'a MeetingFigures,
    /// The organisation of each person met ("" when none).
    pub organisations_met: Vec<&'a str>,
    pub followups: &'a FollowupFigures,
    pub outcomes: &'a [Outcome],
}

/// The day an outcome's results count from: the earlier of their recording and their
/// confirmation; `None` when there are none.
pub fn counted_from(r: &OutcomeResults) -> Option<NaiveDate> {
    if r.is_empty() {
        return None;
    }
    let day = |s: &Option<String>| {
        s.as_deref()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
    };
    match (day(&r.results_on), day(&r.confirmed_on)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The last day counted at `months` after the mission's end, as of `as_of`.
pub fn horizon(end_date: NaiveDate, months: u32, as_of: NaiveDate) -> NaiveDate {
    end_date
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
        .min(as_of)
}

fn confirmed_by(r: &OutcomeResults, cutoff: NaiveDate) -> bool {
    r.confirmed_on
        .as_deref()
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .is_some_and(|d| d <= cutoff)
}

/// The results of the outcomes that count by `cutoff`.
pub fn figures(outcomes: &[Outcome], cutoff: NaiveDate) -> ResultFigures {
    let mut f = ResultFigures::default();
    let mut kinds: BTreeMap<AgreementKind, u32> = BTreeMap::new();
    let (mut value, mut investment) = (0i64, 0i64);
    for o in outcomes {
        let r = &o.results;
        if counted_from(r).is_none_or(|d| d > cutoff) {
            continue;
        }
        if let Some(k) = r.agreement {
            f.agreements += 1;
            *kinds.entry(k).or_default() += 1;
        }
        value += r.value_cents.unwrap_or(0);
        investment += r.investment_cents.unwrap_or(0);
        f.jobs += r.jobs.unwrap_or(0);
        f.confirmed += u32::from(confirmed_by(r, cutoff));
    }
    f.by_kind = AgreementKind::ALL
        .iter()
        .filter_map(|k| {
            kinds
                .get(k)
                .map(|&count| AgreementCount { kind: *k, count })
        })
        .collect();
    f.value_eur = eur_of(value);
    f.investment_eur = eur_of(investment);
    f
}

/// Agreements, value and investment by technology, of the results counted by `as_of` (an
/// outcome about two technologies counts for each), most value first; the outcomes naming no
/// technology on a last row of their own (`technology: None`), so that none is left out.
pub fn by_technology(outcomes: &[Outcome], as_of: NaiveDate) -> Vec<TechnologyResults> {
    let mut by: BTreeMap<(String, String), (u32, i64, i64)> = BTreeMap::new();
    let mut none = (0u32, 0i64, 0i64);
    for o in outcomes {
        let r = &o.results;
        if counted_from(r).is_none_or(|d| d > as_of) {
            continue;
        }
        let add = |e: &mut (u32, i64, i64)| {
            e.0 += u32::from(r.agreement.is_some());
            e.1 += r.value_cents.unwrap_or(0);
            e.2 += r.investment_cents.unwrap_or(0);
        };
        if o.technologies.is_empty() {
            add(&mut none);
        }
        for t in &o.technologies {
            add(by.entry((t.id.clone(), t.name.clone())).or_default());
        }
    }
    let some = |(a, v, i): &(u32, i64, i64)| *a > 0 || *v > 0 || *i > 0;
    let mut list: Vec<(Option<Ref>, (u32, i64, i64))> = by
        .into_iter()
        .filter(|(_, f)| some(f))
        .map(|((id, name), figures)| (Some(Ref { id, name }), figures))
        .collect();
    list.sort_by(|(ta, a), (tb, b)| {
        let name = |t: &Option<Ref>| t.as_ref().map(|t| t.name.clone());
        (b.1 + b.2)
            .cmp(&(a.1 + a.2))
            .then(b.0.cmp(&a.0))
            .then(name(ta).cmp(&name(tb)))
    });
    if some(&none) {
        list.push((None, none));
    }
    list.into_iter()
        .map(
            |(technology, (agreements, value, investment))| TechnologyResults {
                technology,
                agreements,
                value_eur: eur_of(value),
                investment_eur: eur_of(investment),
            },
        )
        .collect()
}

/// The report's key figures. `satisfaction` and `ratings` are left for the surveys to fill.
pub fn kpis(f: &Facts<'_>) -> Kpis {
    let organisations: BTreeSet<&str> = f
        .organisations_met
        .iter()
        .copied()
        .filter(|o| !o.is_empty())
        .collect();
    Kpis {
        inputs: KpiInputs {
            cost_estimate_eur: eur_of(f.costs.totals.estimate_cents),
            cost_actual_eur: eur_of(f.costs.totals.actual_cents),
            staff_days: f.staff_days,
        },
        activity: KpiActivity {
            organisations: u32::try_from(organisations.len()).unwrap_or(u32::MAX),
            people: u32::try_from(f.organisations_met.len()).unwrap_or(u32::MAX),
            meetings_planned: f.meetings.total - f.meetings.cancelled,
            meetings_held: f.meetings.held,
        },
        outputs: KpiOutputs {
            outcomes: u32::try_from(f.outcomes.len()).unwrap_or(u32::MAX),
            followups_open: f.followups.open + f.followups.waiting,
            followups_done: f.followups.done,
            cost_per_meeting_eur: f.costs.per_meeting_held_cents.map(eur_of),
            cost_per_outcome_eur: f.costs.per_outcome_cents.map(eur_of),
        },
        outcomes: KpiOutcomes {
            counting_rule: COUNTING_RULE.to_owned(),
            at_6_months: figures(f.outcomes, horizon(f.end_date, 6, f.as_of)),
            at_12_months: figures(f.outcomes, horizon(f.end_date, 12, f.as_of)),
        },
        by_technology: by_technology(f.outcomes, f.as_of),
        satisfaction: None,
        ratings: None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::OutcomeType;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn outcome(recorded: &str, confirmed: Option<&str>, kind: AgreementKind, eur: i64) -> Outcome {
        Outcome {
            id: "out_x".into(),
            item_id: "itm_x".into(),
            item_title: "x".into(),
            outcome_type: OutcomeType::Partnership,
            notes: None,
            next_steps: None,
            attendees: vec![],
            technologies: vec![Ref {
                id: "tec_a".into(),
                name: "A".into(),
            }],
            followups: vec![],
            results: OutcomeResults {
                agreement: Some(kind),
                value_cents: Some(eur * 100),
                results_on: Some(recorded.into()),
                confirmed_on: confirmed.map(Into::into),
                ..Default::default()
            },
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn an_agreement_counts_at_six_months_up_to_the_day_and_not_the_day_after() {
        let end = day("2025-06-27");
        let as_of = day("2026-12-31");
        assert_eq!(horizon(end, 6, as_of), day("2025-12-27"));
        assert_eq!(horizon(end, 12, as_of), day("2026-06-27"));
        // An early report caps both horizons at its date.
        assert_eq!(horizon(end, 12, day("2025-09-01")), day("2025-09-01"));
        let on_the_day = outcome("2025-12-27", None, AgreementKind::Mou, 10);
        let day_after = outcome("2025-12-28", None, AgreementKind::Contract, 20);
        // Recorded late but confirmed in time: counts from its confirmation.
        let confirmed_early = outcome(
            "2026-01-15",
            Some("2025-12-01"),
            AgreementKind::ClinicalTrialProtocol,
            40,
        );
        let all = [on_the_day, day_after, confirmed_early];
        let six = figures(&all, horizon(end, 6, as_of));
        assert_eq!(six.agreements, 2);
        assert_eq!(six.value_eur, 50.0);
        assert_eq!(six.confirmed, 1);
        assert_eq!(
            six.by_kind,
            vec![
                AgreementCount {
                    kind: AgreementKind::Mou,
                    count: 1
                },
                AgreementCount {
                    kind: AgreementKind::ClinicalTrialProtocol,
                    count: 1
                }
            ]
        );
        let twelve = figures(&all, horizon(end, 12, as_of));
        assert_eq!(twelve.agreements, 3);
        assert_eq!(twelve.value_eur, 70.0);
        let tech = by_technology(&all, as_of);
        assert_eq!(tech.len(), 1);
        assert_eq!((tech[0].agreements, tech[0].value_eur), (3, 70.0));
    }

    #[test]
    fn outcomes_naming_no_technology_have_a_last_row_of_their_own_so_the_totals_add_up() {
        let as_of = day("2026-12-31");
        let small = outcome("2025-07-01", None, AgreementKind::Mou, 10);
        let mut unnamed = outcome("2025-07-01", None, AgreementKind::Contract, 500);
        unnamed.technologies.clear();
        let mut investment = outcome("2025-07-02", None, AgreementKind::Investment, 0);
        investment.technologies.clear();
        investment.results.investment_cents = Some(7_000);
        // Counted later than the report: on no row.
        let mut late = outcome("2027-01-01", None, AgreementKind::Mou, 900);
        late.technologies.clear();
        let all = [small, unnamed, investment, late];
        let tech = by_technology(&all, as_of);
        assert_eq!(tech.len(), 2);
        assert_eq!(
            tech[0].technology.as_ref().map(|t| t.id.as_str()),
            Some("tec_a")
        );
        // The unnamed row is last though it holds the most euros.
        assert_eq!(tech[1].technology, None);
        assert_eq!(
            (
                tech[1].agreements,
                tech[1].value_eur,
                tech[1].investment_eur
            ),
            (2, 500.0, 70.0)
        );
        let agreements: u32 = tech.iter().map(|t| t.agreements).sum();
        let value: f64 = tech.iter().map(|t| t.value_eur).sum();
        let at = figures(&all, as_of);
        assert_eq!((agreements, value), (at.agreements, at.value_eur));
    }
}
