//! Journeys between sites: the road estimate (none beyond [`ROAD_LIMIT_KM`]) and the check that
//! each person has the time to get from one site to the next.

use super::context::{push, Ctx, Out};
use super::{ConflictKind, Item, PlanningSettings};
use crate::messages::Message;
use std::collections::BTreeMap;

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

/// The longest straight-line distance estimated as a road journey. Beyond it (Brussels–Liège is
/// 90 km, Brussels–Paris 260, Brussels–Berlin 650, Tokyo–Liège 9,400) the journey is a flight
/// or a train whose time only the planner knows: no estimate is made.
pub const ROAD_LIMIT_KM: f64 = 500.0;

/// Whether two points are too far apart for a road estimate (see [`ROAD_LIMIT_KM`]).
pub fn beyond_road(from: (f64, f64), to: (f64, f64)) -> bool {
    let km = haversine_km(from.0, from.1, to.0, to.1);
    !km.is_finite() || km > ROAD_LIMIT_KM
}

/// Estimated road journey between two points, in minutes, rounded to the nearest 5 (at least 5);
/// `None` beyond [`ROAD_LIMIT_KM`] (or for coordinates that are not numbers).
pub fn estimate_minutes(
    settings: &PlanningSettings,
    from: (f64, f64),
    to: (f64, f64),
) -> Option<u32> {
    if beyond_road(from, to) {
        return None;
    }
    let km = haversine_km(from.0, from.1, to.0, to.1) * settings.detour_factor.max(1.0);
    let speed = if settings.road_speed_kmh > 1.0 {
        settings.road_speed_kmh
    } else {
        80.0
    };
    let minutes = km / speed * 60.0;
    let rounded = ((minutes / 5.0).round() * 5.0).max(5.0);
    Some(rounded.min(10_000.0) as u32)
}

pub(super) fn travel(ctx: &Ctx<'_>, items: &[&Item], people: &[(&str, Vec<usize>)], out: &mut Out) {
    // (from item, to item) → (people, gap, needed)
    let mut legs: BTreeMap<(usize, usize), (Vec<&str>, i64, u32)> = BTreeMap::new();
    let in_stay: Vec<bool> = items.iter().map(|i| !ctx.p.outside_stay(i)).collect();
    for (person, list) in people {
        // The person's items at a site, in start order. From each, the journey goes to the
        // first one that starts once it has ended (overlaps are double bookings); none between
        // an item of the stay and one outside it (the flight home is not the programme's).
        let sited: Vec<usize> = list
            .iter()
            .copied()
            .filter(|&i| items[i].site.is_some())
            .collect();
        for (k, &p) in sited.iter().enumerate() {
            let from = items[p];
            let rest = &sited[k + 1..];
            let next = rest.partition_point(|&j| items[j].start < from.end);
            let Some(&i) = rest.get(next) else { continue };
            // A transfer is joined where it leaves from.
            let (from_site, site) = (
                from.site.as_deref().unwrap_or_default(),
                ctx.p
                    .transport
                    .from_site(&items[i].id)
                    .or(items[i].site.as_deref())
                    .unwrap_or_default(),
            );
            if from_site == site || in_stay[p] != in_stay[i] {
                continue;
            }
            if let Some(needed) = ctx.travel_minutes(from_site, site) {
                let gap = (items[i].start - from.end).num_minutes();
                if gap < i64::from(needed) {
                    legs.entry((p, i))
                        .or_insert_with(|| (Vec::new(), gap, needed))
                        .0
                        .push(person);
                }
            }
        }
    }
    for ((a, b), (who, gap, needed)) in legs {
        let (x, y) = (items[a], items[b]);
        let from = ctx.site_name(x.site.as_deref().unwrap_or_default());
        let to = ctx.site_name(
            ctx.p
                .transport
                .from_site(&y.id)
                .or(y.site.as_deref())
                .unwrap_or_default(),
        );
        let message = ctx
            .with_people(Message::new("conflict.travel"), &who)
            .with("fromSite", from)
            .with_instant("leave", x.end)
            .with("first", &x.title)
            .with("toSite", to)
            .with_instant("arrive", y.start)
            .with("second", &y.title)
            .with("gap", gap)
            .with("needed", needed)
            .with("zone", ctx.zone(&[x, y]).name());
        push(
            out,
            ConflictKind::Travel,
            y.start,
            vec![x.id.clone(), y.id.clone()],
            who.iter().map(|s| (*s).to_owned()).collect(),
            message,
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::testing::*;
    use super::super::*;

    #[test]
    fn charleroi_to_liege_is_estimated_at_an_hour_and_a_quarter() {
        let s = PlanningSettings::default();
        assert_eq!(
            estimate_minutes(&s, (50.4325, 4.4528), (50.6296, 5.5471)),
            Some(75)
        );
    }

    #[test]
    fn no_road_estimate_beyond_the_limit() {
        let s = PlanningSettings::default();
        let (tokyo, liege) = ((35.6812, 139.7671), (50.6296, 5.5471));
        assert!(haversine_km(tokyo.0, tokyo.1, liege.0, liege.1) > 9_000.0);
        assert_eq!(estimate_minutes(&s, tokyo, liege), None);
        // Brussels–Paris (260 km) is still a drive; Brussels–Berlin (650 km) is not.
        assert!(estimate_minutes(&s, (50.8467, 4.3525), (48.8566, 2.3522)).is_some());
        assert_eq!(
            estimate_minutes(&s, (50.8467, 4.3525), (52.52, 13.405)),
            None
        );
        // Coordinates that are not numbers give no estimate (and no panic).
        assert_eq!(estimate_minutes(&s, (f64::NAN, 0.0), liege), None);
        assert_eq!(estimate_minutes(&s, (f64::INFINITY, 0.0), liege), None);
    }

    #[test]
    fn items_outside_the_stay_impose_no_journey() {
        let mut sites = sites();
        sites.push(Site {
            id: "sit_tk".into(),
            name: "Tokyo office".into(),
            latitude: Some(35.6812),
            longitude: Some(139.7671),
            tz: chrono_tz::Asia::Tokyo,
            opens: None,
            closes: None,
        });
        // A briefing in Tokyo the day before the first day (26 June), and the planner's time for
        // the journey (24 h door to door) entered: the stay starts on the 26th, so none is owed.
        let briefing = item(
            "briefing",
            Some("sit_tk"),
            at(25, 12, 0),
            at(25, 13, 0),
            &["con_d3"],
        );
        let liege = item(
            "liege",
            Some("sit_lg"),
            at(26, 9, 0),
            at(26, 10, 0),
            &["con_d3"],
        );
        let mut p = programme(vec![briefing.clone(), liege.clone()]);
        p.sites = sites;
        p.travel.insert(("sit_tk".into(), "sit_lg".into()), 24 * 60);
        let day = |d| chrono::NaiveDate::from_ymd_opt(2025, 6, d).unwrap();
        p.stay = Some((day(26), day(27)));
        assert!(p.outside_stay(&briefing));
        assert!(!p.outside_stay(&liege));
        assert!(
            check(&p).iter().all(|c| c.kind != ConflictKind::Travel),
            "{:?}",
            check(&p)
        );
        // Without the stay (or with a briefing on the first day), the flight is owed.
        let mut without = p.clone();
        without.stay = None;
        assert!(check(&without)
            .iter()
            .any(|c| c.kind == ConflictKind::Travel));
        let mut inside = p.clone();
        inside.items[0].start = at(26, 0, 30);
        inside.items[0].end = at(26, 1, 0);
        assert!(check(&inside)
            .iter()
            .any(|c| c.kind == ConflictKind::Travel));
        // With no flight time entered, Tokyo and Liège are too far apart for an estimate.
        let mut unknown = inside.clone();
        unknown.travel.clear();
        assert!(check(&unknown)
            .iter()
            .all(|c| c.kind != ConflictKind::Travel));
        // An item ending at midnight before the first day is outside the stay too.
        let mut late = briefing.clone();
        late.start = at(25, 23, 0);
        late.end = at(26, 0, 0);
        assert!(p.outside_stay(&late));
        // Two items before the stay still owe each other the journey.
        let second = item(
            "airport",
            Some("sit_lg"),
            at(25, 13, 30),
            at(25, 14, 0),
            &["con_d3"],
        );
        let mut both = p.clone();
        both.items.push(second);
        assert!(check(&both).iter().any(|c| c.kind == ConflictKind::Travel
            && c.items == vec!["briefing".to_owned(), "airport".to_owned()]));
    }

    #[test]
    fn travel_too_short_is_explained() {
        let p = programme(vec![
            item(
                "cardiology",
                Some("sit_cl"),
                at(26, 16, 30),
                at(26, 17, 30),
                &["con_d3"],
            ),
            item(
                "liege",
                Some("sit_lg"),
                at(26, 18, 0),
                at(26, 19, 0),
                &["con_d3"],
            ),
        ]);
        let c = check(&p);
        let travel: Vec<_> = c
            .iter()
            .filter(|c| c.kind == ConflictKind::Travel)
            .collect();
        assert_eq!(travel.len(), 1, "{c:?}");
        assert_eq!(
            travel[0].message.english(),
            "Delegate 3 leaves Hôpital civil Marie Curie at 17:30 (end of cardiology) and must be \
             at CHC Mont Légia at 18:00 (liege): 30 min, travel takes 1 h 15"
        );
        assert_eq!(travel[0].items, vec!["cardiology", "liege"]);
        assert_eq!(travel[0].people, vec!["con_d3"]);
        assert_message(
            travel[0],
            "conflict.travel",
            &[
                ("people", "Delegate 3"),
                ("count", "1"),
                ("fromSite", "Hôpital civil Marie Curie"),
                ("leave", "2025-06-26T15:30:00Z"),
                ("first", "cardiology"),
                ("toSite", "CHC Mont Légia"),
                ("arrive", "2025-06-26T16:00:00Z"),
                ("second", "liege"),
                ("gap", "30"),
                ("needed", "75"),
                ("zone", "Europe/Brussels"),
            ],
        );
    }

    #[test]
    fn entered_travel_time_wins_over_the_estimate() {
        let mut p = programme(vec![
            item(
                "a",
                Some("sit_cl"),
                at(26, 9, 0),
                at(26, 10, 0),
                &["con_d3"],
            ),
            item(
                "b",
                Some("sit_lg"),
                at(26, 11, 15),
                at(26, 12, 15),
                &["con_d3"],
            ),
        ]);
        assert!(check(&p).iter().all(|c| c.kind != ConflictKind::Travel));
        p.travel.insert(("sit_lg".into(), "sit_cl".into()), 90);
        let c = check(&p);
        assert!(
            c.iter().any(|c| c.kind == ConflictKind::Travel
                && c.message.english().contains("travel takes 1 h 30")),
            "{c:?}"
        );
    }
}
