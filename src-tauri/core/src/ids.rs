//! Stable text ids. Each entity's id is its type prefix followed by `[a-z0-9_]` characters:
//! a slug for seeded records (`org_awex`), a random UUID for records created by users. Ids never
//! change, so a mission can later travel between laptops and be merged.

use crate::error::{Error, Result};
use crate::messages::Message;

macro_rules! id_types {
    ($($name:ident => $prefix:literal, $entity:literal;)*) => {$(
        #[doc = concat!("Id of a ", $entity, " (`", $prefix, "_…`).")]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;
            pub const ENTITY: &'static str = $entity;

            /// A fresh random id for a record created by a user.
            pub fn new_random() -> Self {
                $name(format!("{}_{}", $prefix, uuid::Uuid::new_v4().simple()))
            }

            /// A fresh id whose text sorts after every id made before it by this process (see
            /// [`ordered_suffix`]): rows created in bulk (an import) are appended to the end
            /// of the primary-key index instead of being scattered through it.
            pub fn new_ordered() -> Self {
                $name(format!("{}_{}", $prefix, ordered_suffix()))
            }

            /// Parses and checks an id given by a user, a file or the UI.
            pub fn parse(field: &str, value: &str) -> Result<Self> {
                check_id(field, $prefix, value)?;
                Ok($name(value.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(value: String) -> std::result::Result<Self, String> {
                match check_id("id", $prefix, &value) {
                    Ok(()) => Ok($name(value)),
                    Err(e) => Err(match e {
                        Error::Validation { message, .. } => message,
                        other => other.to_string(),
                    }),
                }
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }
    )*};
}

id_types! {
    OrganisationId => "org", "organisation";
    DepartmentId => "dep", "department";
    ContactId => "con", "contact";
    TechnologyId => "tec", "technology";
    MissionId => "mis", "mission";
    SubgroupId => "grp", "sub-group";
    MemberId => "mem", "delegation member";
    SiteId => "sit", "site";
    RoomId => "roo", "room";
    AvailabilityId => "ava", "availability window";
    ItemId => "itm", "agenda item";
    FollowupId => "fup", "follow-up";
    OutcomeId => "out", "outcome";
    RequestId => "req", "meeting request";
    TravelId => "trv", "arrival or departure";
    StayId => "sty", "stay";
    CostId => "cst", "cost line";
    VehicleId => "veh", "vehicle";
    PassportId => "psp", "passport";
    SurveyAnswerId => "sva", "survey answer";
    SurveyRatingId => "svr", "survey rating";
    NeedsId => "ned", "meal and access needs";
}

const MAX_ID_LEN: usize = 80;

/// 32 lowercase hex digits, like a random UUID: 12 for the milliseconds since 1970 and 4 for a
/// sequence within the millisecond (together strictly increasing within the process, even if
/// the clock steps back), then 16 pseudo-random ones, keyed per process, so that ids made on two
/// laptops never collide.
fn ordered_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static LAST: AtomicU64 = AtomicU64::new(0);
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| {
            u64::try_from(d.as_millis()).unwrap_or(u64::MAX >> 16)
        });
    let now = (millis & 0xffff_ffff_ffff) << 16;
    let mut last = LAST.load(Ordering::Relaxed);
    let stamp = loop {
        let next = now.max(last.wrapping_add(1));
        match LAST.compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => break next,
            Err(seen) => last = seen,
        }
    };
    // The random digits: the (unique) stamp mixed with a random key drawn once per process
    // (SplitMix64's finaliser, a bijection), rather than a call to the OS per id.
    static KEY: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let key = *KEY.get_or_init(|| uuid::Uuid::new_v4().as_u64_pair().1);
    let mut random = (stamp ^ key).wrapping_add(0x9e37_79b9_7f4a_7c15);
    random = (random ^ (random >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    random = (random ^ (random >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    random ^= random >> 31;
    format!("{stamp:016x}{random:016x}")
}

fn check_id(field: &str, prefix: &str, value: &str) -> Result<()> {
    let rest = value
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('_'))
        .ok_or_else(|| {
            Error::invalid(
                field,
                Message::new("notAnId")
                    .with("value", value)
                    .with("prefix", prefix),
            )
        })?;
    if rest.is_empty()
        || value.len() > MAX_ID_LEN
        || !rest
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(Error::invalid(
            field,
            Message::new("notAnId")
                .with("value", value)
                .with("prefix", prefix),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_slugs_and_random_ids() {
        assert!(OrganisationId::parse("id", "org_awex").is_ok());
        let random = ContactId::new_random();
        assert!(ContactId::parse("id", random.as_str()).is_ok());
    }

    #[test]
    fn ordered_ids_are_valid_and_sort_in_creation_order() {
        let ids: Vec<ContactId> = (0..5000).map(|_| ContactId::new_ordered()).collect();
        for id in &ids {
            assert!(ContactId::parse("id", id.as_str()).is_ok(), "{id}");
            assert_eq!(id.as_str().len(), "con_".len() + 32);
        }
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "ids must strictly increase"
        );
    }

    #[test]
    fn rejects_wrong_prefix_and_characters() {
        assert!(OrganisationId::parse("id", "con_awex").is_err());
        assert!(OrganisationId::parse("id", "org_").is_err());
        assert!(OrganisationId::parse("id", "org_AWEX").is_err());
        assert!(OrganisationId::parse("id", "org_a b").is_err());
        assert!(OrganisationId::parse("id", "orgawex").is_err());
        let long = format!("org_{}", "a".repeat(100));
        assert!(OrganisationId::parse("id", &long).is_err());
    }

    #[test]
    fn deserialising_checks_the_id() {
        let ok: std::result::Result<MissionId, _> = serde_json::from_str("\"mis_x\"");
        assert!(ok.is_ok());
        let bad: std::result::Result<MissionId, _> = serde_json::from_str("\"org_x\"");
        assert!(bad.is_err());
    }
}
