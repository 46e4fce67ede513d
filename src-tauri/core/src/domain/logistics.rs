//! Logistics of a mission (issue 18): a delegation member's arrival and departure, and their
//! stays (hotel nights). Records with their validation, the inputs the window and the CLI send,
//! and the views they show.

use super::validate as v;
use super::{Ref, RoomType, TravelKind, TravelMode};
use crate::error::{Error, Result};
use crate::ids::{ContactId, MissionId, OrganisationId, StayId, TravelId};
use crate::messages::Message;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

const PLACE_MAX: usize = 200;
const REFERENCE_MAX: usize = 100;

/// The mission's dates as its planner sees them: first and last day in the host zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MissionDays {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub host: Tz,
}

impl MissionDays {
    /// The instant the first day starts (host zone midnight).
    pub fn start(&self) -> DateTime<Utc> {
        midnight(self.first, self.host)
    }

    /// The instant the last day ends (host zone midnight after it).
    pub fn end(&self) -> DateTime<Utc> {
        midnight(self.last + Duration::days(1), self.host)
    }
}

/// Noon of a day in a zone: an instant that names that day in messages (`{x:date}`).
pub fn noon(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let wall = day.and_hms_opt(12, 0, 0).unwrap_or_default();
    crate::time::instant_of(wall, tz).unwrap_or_else(|| wall.and_utc())
}

fn midnight(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let wall = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    // A midnight skipped by a clock change: the first instant of that day is an hour later.
    crate::time::instant_of(wall, tz)
        .or_else(|| crate::time::instant_of(wall + Duration::hours(1), tz))
        .unwrap_or_else(|| wall.and_utc())
}

/// A person's arrival in, or departure from, the mission's host country.
#[derive(Debug, Clone, PartialEq)]
pub struct TravelRecord {
    pub id: TravelId,
    pub mission_id: MissionId,
    pub contact_id: ContactId,
    pub kind: TravelKind,
    pub mode: TravelMode,
    pub at: DateTime<Utc>,
    pub tz: Tz,
    pub place: String,
    pub reference: Option<String>,
}

impl TravelRecord {
    /// Checks the fields and that the leg fits the mission: an arrival no later than the end
    /// of its last day, a departure no earlier than the start of its first (errors on `at`).
    pub fn validate(self, days: &MissionDays) -> Result<Self> {
        let place = v::required_text("place", &self.place, PLACE_MAX)?;
        let reference = v::optional_text("reference", self.reference.as_deref(), REFERENCE_MAX)?;
        match self.kind {
            TravelKind::Arrival if self.at >= days.end() => {
                return Err(Error::invalid(
                    "at",
                    Message::new("arrivalAfterMission")
                        .with_instant("last", noon(days.last, days.host))
                        .with("zone", days.host.name()),
                ));
            }
            TravelKind::Departure if self.at <= days.start() => {
                return Err(Error::invalid(
                    "at",
                    Message::new("departureBeforeMission")
                        .with_instant("first", noon(days.first, days.host))
                        .with("zone", days.host.name()),
                ));
            }
            _ => {}
        }
        Ok(TravelRecord {
            place,
            reference,
            ..self
        })
    }
}

/// An arrival or departure as the window and the CLI send it: created when `id` is absent.
/// `at` is an RFC 3339 instant, or a wall-clock time (`2025-06-26T11:40`) read in the
/// mission's host zone.
#[derive(Debug, Clone, PartialEq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct TravelInput {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    pub mission_id: String,
    pub contact_id: String,
    pub kind: TravelKind,
    #[serde(default)]
    #[ts(optional)]
    pub mode: Option<TravelMode>,
    pub at: String,
    pub place: String,
    #[serde(default)]
    #[ts(optional)]
    pub reference: Option<String>,
}

/// An arrival or departure as shown.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TravelLeg {
    pub id: String,
    pub mission_id: String,
    pub contact: Ref,
    pub kind: TravelKind,
    pub mode: TravelMode,
    /// RFC 3339 with the offset of `tz`.
    pub at: String,
    pub tz: String,
    pub place: String,
    pub reference: Option<String>,
}

/// A person's nights at a hotel: from the check-in date to the check-out date (the morning
/// after the last night).
#[derive(Debug, Clone, PartialEq)]
pub struct StayRecord {
    pub id: StayId,
    pub mission_id: MissionId,
    pub contact_id: ContactId,
    pub hotel_id: OrganisationId,
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    pub room_type: RoomType,
    pub sharing_with: Option<ContactId>,
    pub reference: Option<String>,
}

impl StayRecord {
    pub fn validate(self) -> Result<Self> {
        if self.check_out <= self.check_in {
            return Err(Error::invalid(
                "checkOut",
                Message::new("stayEndsBeforeStart"),
            ));
        }
        if (self.check_out - self.check_in).num_days() > 366 {
            return Err(Error::invalid("checkOut", Message::new("stayTooLong")));
        }
        if self.sharing_with.as_ref() == Some(&self.contact_id) {
            return Err(Error::invalid(
                "sharingWith",
                Message::new("sharesWithSelf"),
            ));
        }
        Ok(StayRecord {
            reference: v::optional_text("reference", self.reference.as_deref(), REFERENCE_MAX)?,
            ..self
        })
    }

    /// The number of nights.
    pub fn nights(&self) -> i64 {
        (self.check_out - self.check_in).num_days()
    }
}

/// A stay as the window and the CLI send it: created when `id` is absent. Dates are
/// `YYYY-MM-DD`; the room is single when not said.
#[derive(Debug, Clone, PartialEq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct StayInput {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    pub mission_id: String,
    pub contact_id: String,
    pub hotel_id: String,
    pub check_in: String,
    pub check_out: String,
    #[serde(default)]
    #[ts(optional)]
    pub room_type: Option<RoomType>,
    #[serde(default)]
    #[ts(optional)]
    pub sharing_with: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub reference: Option<String>,
}

/// A stay as shown.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Stay {
    pub id: String,
    pub mission_id: String,
    pub contact: Ref,
    pub hotel: Ref,
    pub check_in: String,
    pub check_out: String,
    pub nights: u32,
    pub room_type: RoomType,
    pub sharing_with: Option<Ref>,
    pub reference: Option<String>,
}

/// A mission's logistics as the window's delegation screen shows them.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissionLogistics {
    pub mission_id: String,
    pub travel: Vec<TravelLeg>,
    pub stays: Vec<Stay>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    trait FieldName {
        fn field_name(&self) -> Option<&str>;
    }
    impl FieldName for Error {
        fn field_name(&self) -> Option<&str> {
            match self {
                Error::Validation { field, .. } => Some(field),
                _ => None,
            }
        }
    }

    fn days() -> MissionDays {
        MissionDays {
            first: NaiveDate::from_ymd_opt(2025, 6, 26).unwrap(),
            last: NaiveDate::from_ymd_opt(2025, 6, 27).unwrap(),
            host: chrono_tz::Europe::Brussels,
        }
    }

    fn leg(kind: TravelKind, h: u32) -> TravelRecord {
        TravelRecord {
            id: TravelId::new_random(),
            mission_id: MissionId::parse("m", "mis_x").unwrap(),
            contact_id: ContactId::parse("c", "con_x").unwrap(),
            kind,
            mode: TravelMode::Flight,
            at: chrono_tz::Europe::Brussels
                .with_ymd_and_hms(2025, 6, 26, 0, 0, 0)
                .unwrap()
                .with_timezone(&Utc)
                + Duration::hours(i64::from(h)),
            tz: chrono_tz::Europe::Brussels,
            place: " BRU ".into(),
            reference: None,
        }
    }

    #[test]
    fn an_arrival_after_the_mission_and_a_departure_before_it_are_refused_on_at() {
        let ok = leg(TravelKind::Arrival, 11).validate(&days()).unwrap();
        assert_eq!(ok.place, "BRU");
        // 26 June 00:00 + 48 h = 28 June 00:00: the mission is over.
        let late = leg(TravelKind::Arrival, 48).validate(&days()).unwrap_err();
        assert_eq!(late.field_name(), Some("at"));
        assert!(late.to_string().contains("27"), "{late}");
        let early = leg(TravelKind::Departure, 0).validate(&days()).unwrap_err();
        assert_eq!(early.field_name(), Some("at"));
        assert!(leg(TravelKind::Departure, 47).validate(&days()).is_ok());
        let mut blank = leg(TravelKind::Arrival, 11);
        blank.place = "  ".into();
        assert_eq!(
            blank.validate(&days()).unwrap_err().field_name(),
            Some("place")
        );
    }

    #[test]
    fn a_stay_ending_before_it_starts_or_shared_with_oneself_is_refused() {
        let d = |day| NaiveDate::from_ymd_opt(2025, 6, day).unwrap();
        let stay = StayRecord {
            id: StayId::new_random(),
            mission_id: MissionId::parse("m", "mis_x").unwrap(),
            contact_id: ContactId::parse("c", "con_x").unwrap(),
            hotel_id: OrganisationId::parse("h", "org_h").unwrap(),
            check_in: d(26),
            check_out: d(28),
            room_type: RoomType::Single,
            sharing_with: None,
            reference: None,
        };
        assert_eq!(stay.clone().validate().unwrap().nights(), 2);
        let backwards = StayRecord {
            check_out: d(26),
            ..stay.clone()
        };
        assert_eq!(
            backwards.validate().unwrap_err().field_name(),
            Some("checkOut")
        );
        let own = StayRecord {
            sharing_with: Some(ContactId::parse("c", "con_x").unwrap()),
            ..stay
        };
        assert_eq!(
            own.validate().unwrap_err().field_name(),
            Some("sharingWith")
        );
    }
}
