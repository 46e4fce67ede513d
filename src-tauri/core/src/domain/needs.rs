//! Meals and access needs (issue 18, part 4): a person's dietary requirements and accessibility
//! needs for one mission. Special-category data (GDPR art. 9): held only with a recorded
//! explicit consent (who gave it, when, how), never in the directory, and erased a set number
//! of days after the mission ends. The input the window and the CLI send, its checks, and the
//! views.

use super::validate as v;
use super::{AccessNeed, ConsentMethod, Diet, Ref};
use crate::error::{Error, Result};
use crate::messages::Message;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const OTHER_MAX: usize = 200;
const CONSENT_BY_MAX: usize = 200;
/// The longest retention a mission may ask (ten years).
pub const RETENTION_MAX_DAYS: u32 = 3650;
/// The retention of a new mission.
pub const RETENTION_DEFAULT_DAYS: u32 = 30;

/// A person's needs for a mission as the window and the CLI send them: saved over the
/// person's previous ones for that mission. `consent` must be ticked, with who gave it, the
/// date and how; without it nothing is saved.
#[derive(Debug, Clone, PartialEq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct NeedsInput {
    pub mission_id: String,
    pub contact_id: String,
    #[serde(default)]
    pub diets: Vec<Diet>,
    #[serde(default)]
    #[ts(optional)]
    pub diet_other: Option<String>,
    #[serde(default)]
    pub access: Vec<AccessNeed>,
    #[serde(default)]
    #[ts(optional)]
    pub access_other: Option<String>,
    pub consent: bool,
    #[serde(default)]
    #[ts(optional)]
    pub consent_by: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[ts(optional)]
    pub consent_on: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub consent_how: Option<ConsentMethod>,
}

/// The needs once checked: lists sorted without repeats, "other" with its words.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedsRecord {
    pub diets: Vec<Diet>,
    pub diet_other: Option<String>,
    pub access: Vec<AccessNeed>,
    pub access_other: Option<String>,
    pub consent_by: String,
    pub consent_on: NaiveDate,
    pub consent_how: ConsentMethod,
}

impl NeedsInput {
    /// Checks the needs and the consent, `today` being the date of the save (a consent cannot
    /// be dated later). The consent is checked first: without it nothing else matters.
    pub fn validate(&self, today: NaiveDate) -> Result<NeedsRecord> {
        if !self.consent {
            return Err(Error::invalid(
                "consent",
                Message::new("needsConsentRequired"),
            ));
        }
        let consent_by = v::required_text(
            "consentBy",
            self.consent_by.as_deref().unwrap_or_default(),
            CONSENT_BY_MAX,
        )?;
        let consent_on = match self.consent_on.as_deref().map(str::trim) {
            None | Some("") => return Err(Error::invalid("consentOn", Message::new("required"))),
            Some(d) => v::date("consentOn", d)?,
        };
        if consent_on > today {
            return Err(Error::invalid(
                "consentOn",
                Message::new("needsConsentInFuture"),
            ));
        }
        let Some(consent_how) = self.consent_how else {
            return Err(Error::invalid("consentHow", Message::new("required")));
        };
        let (diets, diet_other) = with_other(
            &self.diets,
            Diet::Other,
            self.diet_other.as_deref(),
            "dietOther",
        )?;
        let (access, access_other) = with_other(
            &self.access,
            AccessNeed::Other,
            self.access_other.as_deref(),
            "accessOther",
        )?;
        if diets.is_empty() && access.is_empty() {
            return Err(Error::invalid("diets", Message::new("needsEmpty")));
        }
        Ok(NeedsRecord {
            diets,
            diet_other,
            access,
            access_other,
            consent_by,
            consent_on,
            consent_how,
        })
    }
}

/// A list sorted in its vocabulary's order without repeats; words for "other" bring "other"
/// in, and "other" needs its words (error on `field`).
fn with_other<T: Copy + PartialEq + Ord>(
    list: &[T],
    other: T,
    words: Option<&str>,
    field: &str,
) -> Result<(Vec<T>, Option<String>)> {
    let mut out: Vec<T> = list.to_vec();
    let words = v::optional_text(field, words, OTHER_MAX)?;
    if words.is_some() && !out.contains(&other) {
        out.push(other);
    }
    out.sort();
    out.dedup();
    if out.contains(&other) && words.is_none() {
        return Err(Error::invalid(field, Message::new("required")));
    }
    Ok((out, words))
}

/// A person's needs for a mission as shown.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MealNeeds {
    pub id: String,
    pub contact: Ref,
    pub diets: Vec<Diet>,
    pub diet_other: Option<String>,
    pub access: Vec<AccessNeed>,
    pub access_other: Option<String>,
    pub consent_by: String,
    pub consent_on: String,
    pub consent_how: ConsentMethod,
}

/// A mission's needs, with how long they are kept: erased on `erasedOn` (`YYYY-MM-DD`), the
/// mission's last day plus `retentionDays`.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissionNeeds {
    pub mission_id: String,
    pub retention_days: u32,
    pub erased_on: String,
    pub needs: Vec<MealNeeds>,
}

/// The date a mission's needs are erased: its last day plus the retention.
pub fn erasure_date(last_day: NaiveDate, retention_days: u32) -> NaiveDate {
    last_day + chrono::Duration::days(i64::from(retention_days))
}

/// Checks a retention typed by the planner (days after the mission's last day).
pub fn retention(field: &str, days: i64) -> Result<u32> {
    u32::try_from(days)
        .ok()
        .filter(|d| *d <= RETENTION_MAX_DAYS)
        .ok_or_else(|| {
            Error::invalid(
                field,
                Message::new("needsRetentionRange").with("max", RETENTION_MAX_DAYS),
            )
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn input() -> NeedsInput {
        NeedsInput {
            mission_id: "mis_x".into(),
            contact_id: "con_x".into(),
            diets: vec![Diet::Halal, Diet::Vegetarian, Diet::Halal],
            diet_other: None,
            access: vec![],
            access_other: None,
            consent: true,
            consent_by: Some(" Chen Wei-Ting ".into()),
            consent_on: Some("2025-06-01".into()),
            consent_how: Some(ConsentMethod::Form),
        }
    }

    fn field(e: Error) -> String {
        match e {
            Error::Validation { field, .. } => field,
            other => panic!("{other}"),
        }
    }

    #[test]
    fn needs_without_consent_are_refused_on_the_consent() {
        let today = NaiveDate::from_ymd_opt(2025, 6, 10).unwrap();
        let ok = input().validate(today).unwrap();
        assert_eq!(ok.diets, vec![Diet::Vegetarian, Diet::Halal]);
        assert_eq!(ok.consent_by, "Chen Wei-Ting");
        let no = NeedsInput {
            consent: false,
            ..input()
        };
        assert_eq!(field(no.validate(today).unwrap_err()), "consent");
        let nobody = NeedsInput {
            consent_by: Some(" ".into()),
            ..input()
        };
        assert_eq!(field(nobody.validate(today).unwrap_err()), "consentBy");
        let later = NeedsInput {
            consent_on: Some("2025-06-11".into()),
            ..input()
        };
        assert_eq!(field(later.validate(today).unwrap_err()), "consentOn");
        let how = NeedsInput {
            consent_how: None,
            ..input()
        };
        assert_eq!(field(how.validate(today).unwrap_err()), "consentHow");
    }

    #[test]
    fn other_needs_its_words_and_nothing_at_all_is_refused() {
        let today = NaiveDate::from_ymd_opt(2025, 6, 10).unwrap();
        let other = NeedsInput {
            diets: vec![Diet::Other],
            ..input()
        };
        assert_eq!(field(other.validate(today).unwrap_err()), "dietOther");
        let words = NeedsInput {
            diets: vec![],
            access_other: Some("guide dog".into()),
            ..input()
        };
        let ok = words.validate(today).unwrap();
        assert_eq!(ok.access, vec![AccessNeed::Other]);
        let none = NeedsInput {
            diets: vec![],
            ..input()
        };
        assert_eq!(field(none.validate(today).unwrap_err()), "diets");
        assert!(retention("days", 3651).is_err());
        assert_eq!(retention("days", 30).unwrap(), 30);
    }
}
