//! Every IANA zone with its country, from tzdata's `zone.tab` (Debian tzdata 2025b-0+deb12u2), for the
//! time-zone picker (searchable, prefilled from a country) and the check that a site's zone lies
//! in its country. Generated once; regenerate when chrono-tz's zone list grows.

mod table;
pub use table::{PRIMARY, ZONES};

/// Every zone with its country, for the picker.
pub fn all() -> Vec<super::TimeZoneInfo> {
    ZONES
        .iter()
        .map(|(zone, country)| super::TimeZoneInfo {
            zone: (*zone).to_owned(),
            country: (*country).to_owned(),
            primary: PRIMARY.binary_search(zone).is_ok(),
        })
        .collect()
}

/// The country of a zone, when the zone belongs to one.
pub fn country_of(zone: &str) -> Option<&'static str> {
    ZONES
        .binary_search_by(|(z, _)| (*z).cmp(zone))
        .ok()
        .map(|i| ZONES[i].1)
}

/// The zones of a country, in `zone.tab` order of names.
pub fn of_country(country: &str) -> impl Iterator<Item = &'static str> + '_ {
    ZONES
        .iter()
        .filter(move |(_, c)| c.eq_ignore_ascii_case(country))
        .map(|(z, _)| *z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_zone_is_known_to_chrono_tz_and_sorted() {
        for pair in ZONES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
        for (zone, _) in ZONES {
            assert!(zone.parse::<chrono_tz::Tz>().is_ok(), "{zone}");
        }
        assert_eq!(country_of("Asia/Tokyo"), Some("JP"));
        assert_eq!(country_of("Europe/Brussels"), Some("BE"));
        assert_eq!(country_of("UTC"), None);
        assert_eq!(of_country("be").collect::<Vec<_>>(), ["Europe/Brussels"]);
        let us: Vec<_> = all()
            .into_iter()
            .filter(|z| z.country == "US" && z.primary)
            .collect();
        assert_eq!(us.len(), 1);
        assert_eq!(us[0].zone, "America/New_York");
        assert!(PRIMARY.windows(2).all(|p| p[0] < p[1]));
    }
}
