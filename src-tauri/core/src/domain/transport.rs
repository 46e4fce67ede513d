//! Ground transport of a mission (issue 18, part 2): its vehicles (a coach, a minibus, a car;
//! seats, driver, company, a phone number on the day). A transfer is an agenda item of kind
//! `transfer` that carries its participants in one of them from one site to its own.

use super::validate as v;
use super::{Ref, VehicleKind};
use crate::error::{Error, Result};
use crate::ids::{MissionId, OrganisationId, VehicleId};
use crate::messages::Message;
use serde::{Deserialize, Serialize};

const NAME_MAX: usize = 120;
const DRIVER_MAX: usize = 120;
/// More seats than any road vehicle has: a typing mistake.
const SEATS_MAX: u32 = 99;

/// A vehicle as saved.
#[derive(Debug, Clone, PartialEq)]
pub struct VehicleRecord {
    pub id: VehicleId,
    pub mission_id: MissionId,
    pub name: String,
    pub kind: VehicleKind,
    pub seats: u32,
    pub driver: Option<String>,
    pub company_id: Option<OrganisationId>,
    pub phone: Option<String>,
}

impl VehicleRecord {
    /// Checks the fields: a name, 1 to 99 passenger seats, a phone in international form.
    pub fn validate(self) -> Result<Self> {
        if self.seats == 0 {
            return Err(Error::invalid("seats", Message::new("noSeats")));
        }
        if self.seats > SEATS_MAX {
            return Err(Error::invalid(
                "seats",
                Message::new("tooManySeats").with("max", SEATS_MAX),
            ));
        }
        Ok(VehicleRecord {
            name: v::required_text("name", &self.name, NAME_MAX)?,
            driver: v::optional_text("driver", self.driver.as_deref(), DRIVER_MAX)?,
            phone: v::phone("phone", self.phone.as_deref())?,
            ..self
        })
    }
}

/// A vehicle as the window and the CLI send it: created when `id` is absent; a coach when the
/// kind is not said. `seats` is text as typed ("14"), so that "0" or "fourteen" is refused on
/// its field like any other wrong value.
#[derive(Debug, Clone, PartialEq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct VehicleInput {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    pub mission_id: String,
    pub name: String,
    #[serde(default)]
    #[ts(optional)]
    pub kind: Option<VehicleKind>,
    pub seats: String,
    #[serde(default)]
    #[ts(optional)]
    pub driver: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub company_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub phone: Option<String>,
}

/// Reads a number of seats as typed.
pub fn parse_seats(field: &str, text: &str) -> Result<u32> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::invalid(field, Message::new("noSeats")));
    }
    match t.parse::<i64>() {
        Ok(n) if n <= 0 => Err(Error::invalid(field, Message::new("noSeats"))),
        Ok(n) => Ok(u32::try_from(n).unwrap_or(u32::MAX)),
        Err(_) => Err(Error::invalid(
            field,
            Message::new("notANumberOfSeats").with("text", t),
        )),
    }
}

/// A vehicle as shown.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Vehicle {
    pub id: String,
    pub mission_id: String,
    pub name: String,
    pub kind: VehicleKind,
    pub seats: u32,
    pub driver: Option<String>,
    pub company: Option<Ref>,
    pub phone: Option<String>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::error::validation_code as code;

    #[test]
    fn a_vehicle_needs_seats_and_a_phone_in_international_form() {
        assert_eq!(parse_seats("seats", " 14 ").unwrap(), 14);
        assert_eq!(code(parse_seats("seats", "0").unwrap_err()).1, "noSeats");
        assert_eq!(code(parse_seats("seats", "-3").unwrap_err()).1, "noSeats");
        assert_eq!(
            code(parse_seats("seats", "fourteen").unwrap_err()).1,
            "notANumberOfSeats"
        );
        let coach = VehicleRecord {
            id: VehicleId::new_random(),
            mission_id: MissionId::parse("m", "mis_x").unwrap(),
            name: " Coach 1 ".into(),
            kind: VehicleKind::Coach,
            seats: 14,
            driver: Some("Marc".into()),
            company_id: None,
            phone: Some("+32 475 12 34 56".into()),
        };
        assert_eq!(coach.clone().validate().unwrap().name, "Coach 1");
        let many = VehicleRecord {
            seats: 120,
            ..coach.clone()
        };
        assert_eq!(code(many.validate().unwrap_err()).1, "tooManySeats");
        let phone = VehicleRecord {
            phone: Some("0475".into()),
            ..coach
        };
        assert_eq!(code(phone.validate().unwrap_err()).0, "phone");
    }
}
