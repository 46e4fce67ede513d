//! Passport data for visa-support letters (issue 17, part 3): one record per person and
//! mission, never on the directory's contact. The record with its validation, the input the
//! window and the CLI send, and the view they show with its checks.

use super::logistics::MissionDays;
use super::validate as v;
use crate::error::{Error, Result};
use crate::ids::{ContactId, MissionId, PassportId};
use crate::messages::Message;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

const NAME_MAX: usize = 200;
const NUMBER_MAX: usize = 30;
const AUTHORITY_MAX: usize = 200;

/// How long a passport must stay valid after the mission's last day (the Schengen rule: three
/// months after the intended departure).
pub const VALID_AFTER_MONTHS: u32 = 3;

/// A person's passport, as kept for one mission.
#[derive(Debug, Clone, PartialEq)]
pub struct PassportRecord {
    pub id: PassportId,
    pub mission_id: MissionId,
    pub contact_id: ContactId,
    /// Surname and given names as the passport writes them.
    pub surname: String,
    pub given_names: String,
    /// ISO 3166-1 alpha-2.
    pub nationality: String,
    pub number: String,
    pub birth_date: NaiveDate,
    pub issued_on: Option<NaiveDate>,
    pub expires_on: NaiveDate,
    pub issuing_authority: Option<String>,
}

impl PassportRecord {
    /// Checks each field (the error names it): the names, nationality, number, birth and expiry
    /// dates required; a birth date in the past, an issue date after the birth and not in the
    /// future, an expiry after the issue; a passport still valid today and on the mission's last
    /// day. Expiring within three months of the mission is not refused: [`passport_checks`]
    /// says it.
    pub fn validate(self, days: &MissionDays, today: NaiveDate) -> Result<Self> {
        let surname = v::required_text("surname", &self.surname, NAME_MAX)?;
        let given_names = v::required_text("givenNames", &self.given_names, NAME_MAX)?;
        let nationality = v::country("nationality", &self.nationality)?;
        let number = v::required_text("number", &self.number, NUMBER_MAX)?;
        if number.chars().any(char::is_whitespace) {
            return Err(Error::invalid(
                "number",
                Message::new("passportNumberSpaces"),
            ));
        }
        let number = number.to_uppercase();
        let issuing_authority = v::optional_text(
            "issuingAuthority",
            self.issuing_authority.as_deref(),
            AUTHORITY_MAX,
        )?;
        if self.birth_date >= today {
            return Err(Error::invalid(
                "birthDate",
                Message::new("passportBornInFuture"),
            ));
        }
        if let Some(issued) = self.issued_on {
            if issued <= self.birth_date {
                return Err(Error::invalid(
                    "issuedOn",
                    Message::new("passportIssuedBeforeBirth"),
                ));
            }
            if issued > today {
                return Err(Error::invalid(
                    "issuedOn",
                    Message::new("passportIssuedInFuture"),
                ));
            }
            if self.expires_on <= issued {
                return Err(Error::invalid(
                    "expiresOn",
                    Message::new("passportExpiresBeforeIssue"),
                ));
            }
        }
        if self.expires_on <= self.birth_date {
            return Err(Error::invalid(
                "expiresOn",
                Message::new("passportExpiresBeforeIssue"),
            ));
        }
        if self.expires_on < today {
            return Err(Error::invalid(
                "expiresOn",
                Message::new("passportExpired").with("expiry", self.expires_on),
            ));
        }
        if self.expires_on <= days.last {
            return Err(Error::invalid(
                "expiresOn",
                Message::new("passportExpiresDuringMission")
                    .with("expiry", self.expires_on)
                    .with("last", days.last),
            ));
        }
        Ok(PassportRecord {
            surname,
            given_names,
            nationality,
            number,
            issuing_authority,
            ..self
        })
    }
}

/// What is said about a saved passport: expiring less than three months after the mission's
/// last day (a Schengen visa needs that margin).
pub fn passport_checks(expires_on: NaiveDate, days: &MissionDays) -> Vec<Message> {
    let needed = days
        .last
        .checked_add_months(Months::new(VALID_AFTER_MONTHS))
        .unwrap_or(days.last);
    if expires_on < needed {
        vec![Message::new("passport.expiresSoon")
            .with("expiry", expires_on)
            .with("needed", needed)
            .with("months", VALID_AFTER_MONTHS)]
    } else {
        Vec::new()
    }
}

/// A passport as the window and the CLI send it: the one of `contact_id` in `mission_id` is
/// created or replaced. Dates are `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PassportInput {
    pub mission_id: String,
    pub contact_id: String,
    pub surname: String,
    pub given_names: String,
    pub nationality: String,
    pub number: String,
    pub birth_date: String,
    #[serde(default)]
    #[ts(optional)]
    pub issued_on: Option<String>,
    pub expires_on: String,
    #[serde(default)]
    #[ts(optional)]
    pub issuing_authority: Option<String>,
}

/// A passport as shown, with what is said about it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Passport {
    pub id: String,
    pub mission_id: String,
    pub contact_id: String,
    pub surname: String,
    pub given_names: String,
    pub nationality: String,
    pub number: String,
    pub birth_date: String,
    pub issued_on: Option<String>,
    pub expires_on: String,
    pub issuing_authority: Option<String>,
    /// `passport.expiresSoon` when it expires less than three months after the mission.
    pub checks: Vec<Message>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn days() -> MissionDays {
        MissionDays {
            first: d(2025, 6, 26),
            last: d(2025, 6, 27),
            host: chrono_tz::Europe::Brussels,
        }
    }

    fn record() -> PassportRecord {
        PassportRecord {
            id: PassportId::new_random(),
            mission_id: MissionId::parse("m", "mis_x").unwrap(),
            contact_id: ContactId::parse("c", "con_x").unwrap(),
            surname: " CHEN ".into(),
            given_names: "WEI-TING".into(),
            nationality: "tw".into(),
            number: "p12345678".into(),
            birth_date: d(1975, 3, 14),
            issued_on: Some(d(2020, 1, 10)),
            expires_on: d(2030, 1, 9),
            issuing_authority: None,
        }
    }

    fn field(e: Error) -> String {
        match e {
            Error::Validation { field, .. } => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_passport_is_cleaned_and_its_dates_checked_in_order() {
        let today = d(2025, 5, 1);
        let ok = record().validate(&days(), today).unwrap();
        assert_eq!(
            (ok.surname.as_str(), ok.nationality.as_str()),
            ("CHEN", "TW")
        );
        assert_eq!(ok.number, "P12345678");
        let e = |r: PassportRecord| field(r.validate(&days(), today).unwrap_err());
        assert_eq!(
            e(PassportRecord {
                surname: " ".into(),
                ..record()
            }),
            "surname"
        );
        assert_eq!(
            e(PassportRecord {
                nationality: "XX".into(),
                ..record()
            }),
            "nationality"
        );
        assert_eq!(
            e(PassportRecord {
                number: "P 1".into(),
                ..record()
            }),
            "number"
        );
        assert_eq!(
            e(PassportRecord {
                birth_date: d(2026, 1, 1),
                ..record()
            }),
            "birthDate"
        );
        assert_eq!(
            e(PassportRecord {
                issued_on: Some(d(1970, 1, 1)),
                ..record()
            }),
            "issuedOn"
        );
        assert_eq!(
            e(PassportRecord {
                expires_on: d(2019, 1, 1),
                ..record()
            }),
            "expiresOn"
        );
        // Expired before today, and expiring during the mission.
        assert_eq!(
            e(PassportRecord {
                issued_on: None,
                expires_on: d(2025, 4, 1),
                ..record()
            }),
            "expiresOn"
        );
        assert_eq!(
            e(PassportRecord {
                expires_on: d(2025, 6, 27),
                ..record()
            }),
            "expiresOn"
        );
    }

    #[test]
    fn a_passport_expiring_within_three_months_of_the_mission_is_said() {
        assert!(passport_checks(d(2025, 9, 27), &days()).is_empty());
        let soon = passport_checks(d(2025, 9, 26), &days());
        assert_eq!(soon.len(), 1);
        assert_eq!(soon[0].code, "passport.expiresSoon");
    }
}
