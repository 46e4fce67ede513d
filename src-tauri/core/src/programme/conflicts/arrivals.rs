//! Arrivals and departures (issue 18): a person attends an item that starts before they arrive
//! or ends after they leave. Items outside the stay (a briefing at home before the flight) are
//! not concerned.

use super::context::{push, Ctx, Out};
use super::{ConflictKind, Item};
use crate::messages::Message;
use chrono::{DateTime, Utc};

/// When a person arrives and leaves (each an instant and a place), as entered by the planner.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Presence {
    pub arrival: Option<(DateTime<Utc>, String)>,
    pub departure: Option<(DateTime<Utc>, String)>,
}

impl Presence {
    /// Whether `[start, end)` lies within the person's presence.
    pub fn covers(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        self.arrival.as_ref().is_none_or(|(a, _)| *a <= start)
            && self.departure.as_ref().is_none_or(|(d, _)| end <= *d)
    }
}

pub(super) fn arrivals(
    ctx: &Ctx<'_>,
    items: &[&Item],
    people: &[(&str, Vec<usize>)],
    out: &mut Out,
) {
    for (person, list) in people {
        let Some(presence) = ctx.p.presence.get(*person) else {
            continue;
        };
        for &i in list {
            let item = items[i];
            if ctx.p.outside_stay(item) {
                continue;
            }
            let found = match (&presence.arrival, &presence.departure) {
                (Some((a, place)), _) if item.start < *a => {
                    Some(("conflict.beforeArrival", "arrival", *a, place, item.start))
                }
                (_, Some((d, place))) if item.end > *d => {
                    Some(("conflict.afterDeparture", "departure", *d, place, item.end))
                }
                _ => None,
            };
            let Some((code, name, when, place, at)) = found else {
                continue;
            };
            let message = ctx
                .with_people(Message::new(code), &[person])
                .with_instant(name, when)
                .with("place", place)
                .with("title", &item.title)
                .with_instant("start", item.start)
                .with_instant("end", item.end)
                .with("zone", ctx.zone(&[item]).name());
            push(
                out,
                ConflictKind::Arrival,
                at,
                vec![item.id.clone()],
                vec![(*person).to_owned()],
                message,
            );
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::testing::*;
    use super::super::*;
    use crate::documents::locale::Lang;

    #[test]
    fn an_item_before_the_arrival_or_after_the_departure_is_flagged_in_the_site_zone() {
        let mut p = programme(vec![
            item(
                "Visit",
                Some("sit_cl"),
                at(26, 10, 0),
                at(26, 11, 30),
                &["con_d3"],
            ),
            item(
                "Lunch",
                Some("sit_cl"),
                at(26, 12, 30),
                at(26, 13, 30),
                &["con_d3"],
            ),
            item(
                "Dinner",
                Some("sit_lg"),
                at(27, 19, 0),
                at(27, 21, 0),
                &["con_d3"],
            ),
        ]);
        p.stay = Some((at(26, 12, 0).date_naive(), at(27, 12, 0).date_naive()));
        p.presence.insert(
            "con_d3".into(),
            Presence {
                arrival: Some((at(26, 11, 40), "BRU".into())),
                departure: Some((at(27, 20, 0), "BRU".into())),
            },
        );
        let c: Vec<_> = check(&p)
            .into_iter()
            .filter(|c| c.kind == ConflictKind::Arrival)
            .collect();
        assert_eq!(c.len(), 2, "{c:?}");
        assert_message(
            &c[0],
            "conflict.beforeArrival",
            &[
                ("people", "Delegate 3"),
                ("arrival", "2025-06-26T09:40:00Z"),
                ("place", "BRU"),
                ("title", "Visit"),
                ("zone", "Europe/Brussels"),
            ],
        );
        assert_eq!(c[0].items, vec!["Visit".to_owned()]);
        assert!(
            c[0].message.english().contains("11:40"),
            "{}",
            c[0].message.english()
        );
        assert!(c[0].message.render(Lang::Fr).contains("11:40"));
        assert!(c[0].message.render(Lang::ZhTw).contains("11:40"));
        assert_eq!(c[1].message.code, "conflict.afterDeparture");
        assert_eq!(c[1].items, vec!["Dinner".to_owned()]);
        // Without the legs, nothing.
        p.presence.clear();
        assert!(check(&p).iter().all(|c| c.kind != ConflictKind::Arrival));
    }

    /// An item with nobody named is the whole delegation's (or its sub-group's), as the
    /// scheduler and the itineraries read it: the late arrival is flagged on it too, the coach
    /// counts them, and the meeting's languages are theirs.
    #[test]
    fn an_item_with_nobody_named_is_checked_for_the_whole_delegation_or_its_sub_group() {
        let mut welcome = item("Welcome", Some("sit_cl"), at(26, 10, 0), at(26, 11, 0), &[]);
        welcome.meeting = true;
        let mut track = item("Track", Some("sit_lg"), at(27, 9, 0), at(27, 10, 0), &[]);
        track.meeting = true;
        track.subgroup = Some("grp_onco".into());
        let coach = item("Coach", Some("sit_lg"), at(26, 14, 0), at(26, 16, 0), &[]);
        let mut p = programme(vec![welcome, track, coach]);
        p.members = vec![
            ("con_d3".into(), Some("grp_cardio".into())),
            ("con_d4".into(), Some("grp_onco".into())),
            ("con_host".into(), None),
        ];
        p.people.insert("con_d4".into(), "Delegate 4".into());
        p.people.insert("con_host".into(), "Host".into());
        p.presence.insert(
            "con_d3".into(),
            Presence {
                arrival: Some((at(26, 11, 40), "BRU".into())),
                departure: None,
            },
        );
        for (who, spoken) in [("con_d3", "zh"), ("con_d4", "fr"), ("con_host", "fr")] {
            p.languages.insert(who.into(), vec![spoken.into()]);
        }
        p.transport.vehicles.insert(
            "veh_car".into(),
            Vehicle {
                name: "Car".into(),
                seats: 2,
            },
        );
        p.transport.transfers.insert(
            "Coach".into(),
            Transfer {
                vehicle: Some("veh_car".into()),
                from_site: Some("sit_cl".into()),
            },
        );
        let found = check(&p);
        let of = |kind: ConflictKind| -> Vec<&Conflict> {
            found.iter().filter(|c| c.kind == kind).collect()
        };
        // The welcome (everyone) starts before Delegate 3 lands; the coach leaves after.
        let arrivals = of(ConflictKind::Arrival);
        assert_eq!(arrivals.len(), 1, "{arrivals:?}");
        assert_eq!(arrivals[0].items, ["Welcome"]);
        assert_eq!(arrivals[0].people, ["con_d3"]);
        // At the welcome Delegate 3 (Chinese) shares no language with the French speakers;
        // the oncology track is Delegate 4's alone: nothing to share.
        let languages = of(ConflictKind::Language);
        assert_eq!(languages.len(), 1, "{languages:?}");
        assert_eq!(languages[0].items, ["Welcome"]);
        // The car carries the three of them in two seats.
        let seats: Vec<_> = of(ConflictKind::Transport)
            .into_iter()
            .filter(|c| c.message.code == "conflict.seatsExceeded")
            .collect();
        assert_eq!(seats.len(), 1, "{found:?}");
        assert_eq!(seats[0].people, ["con_d3", "con_d4", "con_host"]);
        // Named people are what they are: naming the welcome's guests narrows it.
        p.items[0].people = vec!["con_d4".into(), "con_host".into()];
        let found = check(&p);
        assert!(
            found.iter().all(|c| c.kind != ConflictKind::Arrival),
            "{found:?}"
        );
        assert!(
            found.iter().all(|c| c.kind != ConflictKind::Language),
            "{found:?}"
        );
    }
}
