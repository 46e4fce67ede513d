//! Beds (issue 18): once a mission has stays, each member of the delegation but its hosts needs
//! one for every night between the mission's first and last day while they are there (after
//! their arrival's day, before their departure's), and a stay lies within the mission's dates
//! (widened to the person's arrival and departure days).

use super::context::{push, Ctx, Out};
use super::ConflictKind;
use crate::domain::noon;
use crate::messages::Message;
use chrono::{Duration, NaiveDate};
use std::collections::HashMap;

/// What the bed check reads: the members needing a bed (id, name) and each person's stays
/// (check-in, check-out, hotel's name).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lodging {
    pub members: Vec<(String, String)>,
    pub stays: HashMap<String, Vec<(NaiveDate, NaiveDate, String)>>,
}

pub(super) fn lodging(ctx: &Ctx<'_>, out: &mut Out) {
    let (Some(lodging), Some((first, last))) = (&ctx.p.lodging, ctx.p.stay) else {
        return;
    };
    let host = ctx.host;
    let empty = Vec::new();
    for (person, name) in &lodging.members {
        let stays = lodging.stays.get(person).unwrap_or(&empty);
        let presence = ctx.p.presence.get(person);
        let arrived = presence
            .and_then(|p| p.arrival.as_ref())
            .map(|(a, _)| a.with_timezone(&host).date_naive());
        let leaves = presence
            .and_then(|p| p.departure.as_ref())
            .map(|(d, _)| d.with_timezone(&host).date_naive());
        // Nights without a bed, in runs of consecutive nights.
        let from = arrived.map_or(first, |a| a.max(first));
        let to = leaves.map_or(last, |d| d.min(last));
        let mut runs: Vec<(NaiveDate, i64)> = Vec::new();
        let mut night = from;
        while night < to {
            let bed = stays.iter().any(|(i, o, _)| *i <= night && night < *o);
            if !bed {
                match runs.last_mut() {
                    Some((start, n)) if *start + Duration::days(*n) == night => *n += 1,
                    _ => runs.push((night, 1)),
                }
            }
            night += Duration::days(1);
        }
        for (start, n) in runs {
            let message = Message::new("conflict.noBed")
                .with("person", name)
                .with("count", n)
                .with_instant("night", noon(start, host))
                .with_instant("lastNight", noon(start + Duration::days(n - 1), host))
                .with("zone", host.name());
            push(
                out,
                ConflictKind::Lodging,
                noon(start, host),
                Vec::new(),
                vec![person.clone()],
                message,
            );
        }
        // Stays outside the mission's dates (widened to the person's own).
        let earliest = arrived.map_or(first, |a| a.min(first));
        let latest = leaves.map_or(last, |d| d.max(last));
        for (check_in, check_out, hotel) in stays {
            if *check_in < earliest || *check_out > latest {
                let message = Message::new("conflict.stayOutsideMission")
                    .with("person", name)
                    .with("hotel", hotel)
                    .with_instant("checkIn", noon(*check_in, host))
                    .with_instant("checkOut", noon(*check_out, host))
                    .with_instant("first", noon(first, host))
                    .with_instant("last", noon(last, host))
                    .with("zone", host.name());
                push(
                    out,
                    ConflictKind::Lodging,
                    noon(*check_in, host),
                    Vec::new(),
                    vec![person.clone()],
                    message,
                );
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::testing::*;
    use super::super::*;
    use crate::documents::locale::Lang;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, d).unwrap()
    }

    #[test]
    fn a_member_without_a_bed_for_a_night_and_a_stay_outside_the_mission_are_flagged() {
        let mut p = programme(Vec::new());
        // The mission runs 25–28 June: nights of the 25th, 26th and 27th.
        p.stay = Some((day(25), day(28)));
        let mut lodging = Lodging {
            members: vec![
                ("con_d3".into(), "Delegate 3".into()),
                ("con_chen".into(), "陳美玲".into()),
            ],
            ..Lodging::default()
        };
        lodging.stays.insert(
            "con_d3".into(),
            vec![(day(25), day(26), "Van der Valk".into())],
        );
        lodging.stays.insert(
            "con_chen".into(),
            vec![(day(24), day(28), "Crowne Plaza".into())],
        );
        p.lodging = Some(lodging.clone());
        let c: Vec<_> = check(&p)
            .into_iter()
            .filter(|c| c.kind == ConflictKind::Lodging)
            .collect();
        assert_eq!(c.len(), 2, "{c:?}");
        let bed = c
            .iter()
            .find(|c| c.message.code == "conflict.noBed")
            .unwrap();
        assert_message(
            bed,
            "conflict.noBed",
            &[("person", "Delegate 3"), ("count", "2")],
        );
        assert!(bed.items.is_empty());
        assert_eq!(bed.people, vec!["con_d3".to_owned()]);
        assert!(
            bed.message.english().contains("26"),
            "{}",
            bed.message.english()
        );
        assert!(bed.message.render(Lang::Fr).contains("26"));
        assert!(bed.message.render(Lang::ZhTw).contains("26"));
        let outside = c
            .iter()
            .find(|c| c.message.code == "conflict.stayOutsideMission")
            .unwrap();
        assert_message(
            outside,
            "conflict.stayOutsideMission",
            &[("hotel", "Crowne Plaza")],
        );
        // Arriving on the 24th makes the night of the 24th part of her stay; Delegate 3
        // leaving on the 26th needs no bed after.
        p.presence.insert(
            "con_chen".into(),
            Presence {
                arrival: Some((at(24, 18, 0), "BRU".into())),
                departure: None,
            },
        );
        p.presence.insert(
            "con_d3".into(),
            Presence {
                arrival: None,
                departure: Some((at(26, 9, 0), "BRU".into())),
            },
        );
        assert!(
            check(&p).iter().all(|c| c.kind != ConflictKind::Lodging),
            "{:?}",
            check(&p)
        );
        // No stay at all in the mission: lodging not started, nothing said.
        p.lodging = None;
        p.presence.clear();
        assert!(check(&p).is_empty());
    }
}
