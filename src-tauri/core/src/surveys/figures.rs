//! The surveys' figures for the mission report: the satisfaction score (the mean of the overall
//! satisfaction marks, 1–5), the answers, the people invited (those outside the delegation who
//! took part in a meeting of the mission that was not cancelled), the response rate, and the
//! six-month ratings per step of the scale.

use super::questions::Rating;
use crate::domain::{RatingKpis, SatisfactionKpis};
use crate::error::Result;
use crate::store::{self, Reads};
use serde::Serialize;

/// On the wire and in `surveys figures --json` in snake_case, as the report's `kpis`.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SurveyFigures {
    /// The mean of the overall satisfaction marks, to two decimals; none without a mark.
    pub score: Option<f64>,
    /// Answers to the satisfaction survey (+1 week).
    pub responses: u32,
    pub invited: u32,
    /// `responses / invited`, to three decimals; none when nobody was invited.
    pub response_rate: Option<f64>,
    /// Answers to the meeting-rating survey (+6 months).
    pub six_month_responses: u32,
    /// Meetings rated at six months, per step of the scale (every step, in the scale's order).
    pub ratings: Vec<RatingTally>,
    /// Each rating with its meeting, in the programme's order: the respondent's word beside the
    /// meeting's outcome.
    pub rated: Vec<RatedMeeting>,
    /// Meetings rated "agreement" whose outcome records no agreement (kind): to confirm.
    pub agreements_to_confirm: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RatedMeeting {
    pub item_id: String,
    pub item_title: String,
    pub respondent: String,
    pub delegate: String,
    pub rating: Option<Rating>,
    pub what_came: Option<String>,
    /// Rated "agreement" while the meeting's outcome records no agreement: to confirm.
    pub to_confirm: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RatingTally {
    pub rating: Rating,
    pub count: u32,
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// The report's satisfaction figures (`kpis.satisfaction`): none until the satisfaction
/// survey has answers.
pub fn satisfaction_kpis(db: &impl Reads, mission: &str) -> Result<Option<SatisfactionKpis>> {
    let (responses, marked, sum) = store::surveys::satisfaction(db, mission)?;
    if responses == 0 {
        return Ok(None);
    }
    let invited = store::surveys::invited(db, mission)?;
    Ok(Some(SatisfactionKpis {
        score: (marked > 0).then(|| round(sum as f64 / f64::from(marked), 2)),
        responses,
        invited,
        response_rate: (invited > 0).then(|| round(f64::from(responses) / f64::from(invited), 3)),
    }))
}

/// The report's six-month rating figures (`kpis.ratings`): none until the meeting-rating
/// survey has answers.
pub fn rating_kpis(db: &impl Reads, mission: &str) -> Result<Option<RatingKpis>> {
    let (counts, responses) = store::surveys::rating_counts(db, mission)?;
    Ok((responses > 0).then(|| RatingKpis {
        responses,
        steps: tallies(&counts),
    }))
}

/// Every step of the scale with its count, in the scale's order.
fn tallies(counts: &[(String, u32)]) -> Vec<RatingTally> {
    Rating::ALL
        .iter()
        .map(|r| RatingTally {
            rating: *r,
            count: counts
                .iter()
                .find(|(k, _)| k == r.as_str())
                .map_or(0, |(_, n)| *n),
        })
        .collect()
}

pub fn figures(db: &impl Reads, mission: &str) -> Result<SurveyFigures> {
    let (responses, marked, sum) = store::surveys::satisfaction(db, mission)?;
    let invited = store::surveys::invited(db, mission)?;
    let (counts, six_month_responses) = store::surveys::rating_counts(db, mission)?;
    let rated: Vec<RatedMeeting> = store::surveys::meeting_ratings(db, mission)?
        .into_iter()
        .map(|m| RatedMeeting {
            item_id: m.item_id,
            item_title: m.item_title,
            respondent: m.respondent,
            delegate: m.delegate,
            rating: m.rating.as_deref().and_then(Rating::parse),
            what_came: m.what_came,
            to_confirm: m.to_confirm,
        })
        .collect();
    Ok(SurveyFigures {
        score: (marked > 0).then(|| round(sum as f64 / f64::from(marked), 2)),
        responses,
        invited,
        response_rate: (invited > 0).then(|| round(f64::from(responses) / f64::from(invited), 3)),
        six_month_responses,
        ratings: tallies(&counts),
        agreements_to_confirm: u32::try_from(rated.iter().filter(|m| m.to_confirm).count())
            .unwrap_or(u32::MAX),
        rated,
    })
}
