//! Ground transport (issue 18, part 2): a transfer carries more people than its vehicle seats,
//! has no vehicle, lasts less than the journey between its two sites; a vehicle is in two
//! transfers at once, or has not the time to drive from where one ends to where the next one
//! starts; and, once the mission has a vehicle, a passenger goes from one site to another
//! between two items of a day with no transfer carrying them.

use super::context::{push, with_pair, Ctx, Out};
use super::{ConflictKind, Item};
use crate::messages::Message;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A vehicle as the checks see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Vehicle {
    pub name: String,
    pub seats: u32,
}

/// A transfer item's transport: its vehicle (`None`: none chosen, or deleted) and the site it
/// leaves from (it arrives at the item's site).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Transfer {
    pub vehicle: Option<String>,
    pub from_site: Option<String>,
}

/// The mission's vehicles and transfers (empty when it has none).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Transport {
    /// Vehicle id → vehicle.
    pub vehicles: HashMap<String, Vehicle>,
    /// Transfer item id → its transport.
    pub transfers: HashMap<String, Transfer>,
    /// The people the vehicles carry (the delegation but its hosts): those who must not go from
    /// one site to another without a transfer once the mission has a vehicle.
    pub passengers: HashSet<String>,
}

impl Transport {
    /// Where a person must be when the item starts: a transfer's departure site, else `None`
    /// (the item's own site).
    pub fn from_site(&self, item: &str) -> Option<&str> {
        self.transfers.get(item)?.from_site.as_deref()
    }

    /// Where a person is when `item` starts and when it ends: its site both times, a transfer's
    /// departure site then its site (`None` where not known).
    fn places<'a>(&'a self, item: &'a Item) -> (Option<&'a str>, Option<&'a str>) {
        match self.transfers.get(&item.id) {
            Some(t) => (t.from_site.as_deref(), item.site.as_deref()),
            None => (item.site.as_deref(), item.site.as_deref()),
        }
    }
}

/// Once the mission provides transport (it has a vehicle), a passenger's consecutive items of a
/// day at two different sites with no transfer carrying them in between: one conflict per pair
/// of items, naming everyone so moved. Items with no site are left out (a dinner not placed), a
/// transfer with no departure site is taken to leave from where its passengers are.
pub(super) fn moves(ctx: &Ctx<'_>, items: &[&Item], people: &[(&str, Vec<usize>)], out: &mut Out) {
    let t = &ctx.p.transport;
    if t.vehicles.is_empty() || t.passengers.is_empty() {
        return;
    }
    // (from item, to item) → the people moved.
    let mut moved: BTreeMap<(usize, usize), Vec<&str>> = BTreeMap::new();
    for (person, list) in people {
        if !t.passengers.contains(*person) {
            continue;
        }
        // The person's placed items (and transfers), in start order; from each, the next one
        // that starts once it has ended (overlaps are double bookings).
        let placed: Vec<usize> = list
            .iter()
            .copied()
            .filter(|&i| items[i].site.is_some() || t.transfers.contains_key(&items[i].id))
            .collect();
        for (k, &a) in placed.iter().enumerate() {
            let rest = &placed[k + 1..];
            let next = rest.partition_point(|&j| items[j].start < items[a].end);
            let Some(&b) = rest.get(next) else { continue };
            if ctx.day_of[a] != ctx.day_of[b] {
                continue;
            }
            if let ((_, Some(from)), (Some(to), _)) = (t.places(items[a]), t.places(items[b])) {
                if from != to {
                    moved.entry((a, b)).or_default().push(person);
                }
            }
        }
    }
    for ((a, b), who) in moved {
        let (x, y) = (items[a], items[b]);
        let (Some(from), (Some(to), _)) = (x.site.as_deref(), t.places(y)) else {
            continue;
        };
        let message = ctx
            .with_people(Message::new("conflict.noTransfer"), &who)
            .with("fromSite", ctx.site_name(from))
            .with_instant("leave", x.end)
            .with("first", &x.title)
            .with("toSite", ctx.site_name(to))
            .with_instant("arrive", y.start)
            .with("second", &y.title)
            .with("zone", ctx.zone(&[x, y]).name());
        push(
            out,
            ConflictKind::Transport,
            y.start,
            vec![x.id.clone(), y.id.clone()],
            who.iter().map(|s| (*s).to_owned()).collect(),
            message,
        );
    }
}

/// `attendees`: who each item carries (by index), the whole delegation or a sub-group for a
/// transfer with nobody named.
pub(super) fn transport(ctx: &Ctx<'_>, items: &[&Item], attendees: &[Vec<&str>], out: &mut Out) {
    let t = &ctx.p.transport;
    if t.transfers.is_empty() {
        return;
    }
    // Vehicle id → its transfers, in start order.
    let mut by_vehicle: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let Some(transfer) = t.transfers.get(&item.id) else {
            continue;
        };
        let zone = ctx.zone(&[item]).name();
        let vehicle = transfer
            .vehicle
            .as_deref()
            .and_then(|id| t.vehicles.get(id).map(|v| (id, v)));
        match vehicle {
            None => push(
                out,
                ConflictKind::Transport,
                item.start,
                vec![item.id.clone()],
                Vec::new(),
                Message::new("conflict.transferNoVehicle")
                    .with("title", &item.title)
                    .with_instant("start", item.start)
                    .with("zone", zone),
            ),
            Some((id, v)) => {
                by_vehicle.entry(id).or_default().push(i);
                let carried = &attendees[i];
                let n = carried.len();
                let seats = usize::try_from(v.seats).unwrap_or(usize::MAX);
                if n > seats {
                    push(
                        out,
                        ConflictKind::Transport,
                        item.start,
                        vec![item.id.clone()],
                        carried.iter().map(|p| (*p).to_owned()).collect(),
                        Message::new("conflict.seatsExceeded")
                            .with("vehicle", &v.name)
                            .with("title", &item.title)
                            .with("people", n)
                            .with("seats", v.seats)
                            .with("count", n - seats)
                            .with_instant("start", item.start)
                            .with("zone", zone),
                    );
                }
            }
        }
        if let (Some(from), Some(to)) = (transfer.from_site.as_deref(), item.site.as_deref()) {
            if from != to {
                if let Some(needed) = ctx.travel_minutes(from, to) {
                    let minutes = (item.end - item.start).num_minutes();
                    if minutes < i64::from(needed) {
                        push(
                            out,
                            ConflictKind::Transport,
                            item.start,
                            vec![item.id.clone()],
                            Vec::new(),
                            Message::new("conflict.transferTooShort")
                                .with("title", &item.title)
                                .with("fromSite", ctx.site_name(from))
                                .with("toSite", ctx.site_name(to))
                                .with("minutes", minutes)
                                .with("needed", needed)
                                .with_instant("start", item.start)
                                .with("zone", zone),
                        );
                    }
                }
            }
        }
    }
    for (id, list) in by_vehicle {
        let name = t.vehicles.get(id).map_or(id, |v| v.name.as_str());
        // The transfer that ends last so far: the next one overlaps it, or drives on from it.
        let mut last: Option<usize> = None;
        for &b in &list {
            let y = items[b];
            if let Some(a) = last {
                let x = items[a];
                let zone = ctx.zone(&[x, y]);
                if y.start < x.end {
                    push(
                        out,
                        ConflictKind::Transport,
                        y.start,
                        vec![x.id.clone(), y.id.clone()],
                        Vec::new(),
                        with_pair(Message::new("conflict.vehicleBusy"), x, y, zone)
                            .with("vehicle", name),
                    );
                } else {
                    let ends = x.site.as_deref();
                    let starts = t.from_site(&y.id).or(y.site.as_deref());
                    if let (Some(ends), Some(starts)) = (ends, starts) {
                        let needed = if ends == starts {
                            None
                        } else {
                            ctx.travel_minutes(ends, starts)
                        };
                        let gap = (y.start - x.end).num_minutes();
                        if let Some(needed) = needed.filter(|n| gap < i64::from(*n)) {
                            push(
                                out,
                                ConflictKind::Transport,
                                y.start,
                                vec![x.id.clone(), y.id.clone()],
                                Vec::new(),
                                with_pair(Message::new("conflict.vehicleNoTimeBack"), x, y, zone)
                                    .with("vehicle", name)
                                    .with("fromSite", ctx.site_name(ends))
                                    .with("toSite", ctx.site_name(starts))
                                    .with("gap", gap)
                                    .with("needed", needed),
                            );
                        }
                    }
                }
            }
            if last.is_none_or(|a| items[a].end < y.end) {
                last = Some(b);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::testing::*;
    use super::super::*;
    use super::{Transfer, Vehicle};

    fn codes(p: &Programme) -> Vec<&'static str> {
        check(p)
            .into_iter()
            .filter(|c| c.kind == ConflictKind::Transport)
            .map(|c| c.message.code)
            .collect()
    }

    fn transfer(p: &mut Programme, item: &str, vehicle: Option<&str>, from: &str) {
        p.transport.transfers.insert(
            item.into(),
            Transfer {
                vehicle: vehicle.map(Into::into),
                from_site: Some(from.into()),
            },
        );
    }

    fn vehicle(p: &mut Programme, id: &str, seats: u32) {
        p.transport.vehicles.insert(
            id.into(),
            Vehicle {
                name: format!("The {id}"),
                seats,
            },
        );
    }

    #[test]
    fn a_coach_two_seats_short_then_big_enough_then_none() {
        let people: Vec<String> = (1..=16).map(|n| format!("p{n}")).collect();
        let refs: Vec<&str> = people.iter().map(String::as_str).collect();
        let mut p = programme(vec![item(
            "t",
            Some("sit_lg"),
            at(26, 14, 0),
            at(26, 15, 30),
            &refs,
        )]);
        vehicle(&mut p, "coach", 14);
        transfer(&mut p, "t", Some("coach"), "sit_cl");
        let found = check(&p);
        let seats: Vec<_> = found
            .iter()
            .filter(|c| c.kind == ConflictKind::Transport)
            .collect();
        assert_eq!(seats.len(), 1, "{found:#?}");
        assert_message(
            seats[0],
            "conflict.seatsExceeded",
            &[("count", "2"), ("seats", "14"), ("vehicle", "The coach")],
        );
        p.transport.vehicles.get_mut("coach").unwrap().seats = 16;
        assert!(codes(&p).is_empty(), "{:?}", codes(&p));
        transfer(&mut p, "t", None, "sit_cl");
        assert_eq!(codes(&p), ["conflict.transferNoVehicle"]);
    }

    #[test]
    fn a_transfer_shorter_than_the_journey_and_a_vehicle_in_two_places() {
        // Charleroi → Liège is estimated at 75 minutes.
        let mut p = programme(vec![
            item("t1", Some("sit_lg"), at(26, 10, 0), at(26, 10, 30), &["a"]),
            item("t2", Some("sit_cl"), at(26, 10, 15), at(26, 11, 0), &["b"]),
            item("t3", Some("sit_lg"), at(26, 11, 10), at(26, 12, 30), &["c"]),
        ]);
        vehicle(&mut p, "van", 8);
        transfer(&mut p, "t1", Some("van"), "sit_cl");
        transfer(&mut p, "t2", Some("van"), "sit_lg");
        transfer(&mut p, "t3", Some("van"), "sit_lg");
        let found = codes(&p);
        // t1 lasts 30 minutes and t2 45 for a 75-minute drive; t1 and t2 overlap; t2 ends at
        // Charleroi and t3 leaves Liège 10 minutes later.
        assert_eq!(
            found
                .iter()
                .filter(|c| **c == "conflict.transferTooShort")
                .count(),
            2,
            "{found:?}"
        );
        assert!(found.contains(&"conflict.vehicleBusy"), "{found:?}");
        assert!(found.contains(&"conflict.vehicleNoTimeBack"), "{found:?}");
        // Two hours between the drives and long enough transfers: nothing to say.
        let mut p = programme(vec![
            item("t1", Some("sit_lg"), at(26, 8, 0), at(26, 9, 30), &["a"]),
            item("t2", Some("sit_cl"), at(26, 11, 0), at(26, 12, 30), &["b"]),
        ]);
        vehicle(&mut p, "van", 8);
        transfer(&mut p, "t1", Some("van"), "sit_cl");
        transfer(&mut p, "t2", Some("van"), "sit_lg");
        assert!(codes(&p).is_empty(), "{:?}", codes(&p));
    }

    #[test]
    fn a_transfer_leaving_before_its_destination_opens_is_on_the_road() {
        // Mont Légia opens at 08:00; the coach leaves Charleroi at 07:15.
        let mut p = programme(vec![item(
            "t",
            Some("sit_lg"),
            at(27, 7, 15),
            at(27, 8, 45),
            &["con_d3"],
        )]);
        vehicle(&mut p, "coach", 14);
        transfer(&mut p, "t", Some("coach"), "sit_cl");
        assert!(check(&p).is_empty(), "{:#?}", check(&p));
        // The same item as a visit is before the hours.
        p.transport.transfers.clear();
        assert!(check(&p)
            .iter()
            .any(|c| c.kind == ConflictKind::OpeningHours));
    }

    #[test]
    fn a_passenger_moved_between_sites_with_no_transfer_once_the_mission_has_a_vehicle() {
        // Delegate 3 and a host: Charleroi in the morning, Liège after lunch, nothing between.
        let items = vec![
            item(
                "cl",
                Some("sit_cl"),
                at(26, 9, 0),
                at(26, 10, 0),
                &["con_d3", "host"],
            ),
            item(
                "lg",
                Some("sit_lg"),
                at(26, 14, 0),
                at(26, 15, 0),
                &["con_d3", "host"],
            ),
            // Back at Charleroi the next day: a night between, no move owed.
            item(
                "lg2",
                Some("sit_cl"),
                at(27, 9, 0),
                at(27, 10, 0),
                &["con_d3"],
            ),
        ];
        let mut p = programme(items.clone());
        p.transport.passengers = ["con_d3".to_owned()].into();
        // No vehicle: the mission does not provide transport, nothing to say.
        assert!(codes(&p).is_empty(), "{:?}", codes(&p));
        vehicle(&mut p, "coach", 14);
        let found: Vec<_> = check(&p)
            .into_iter()
            .filter(|c| c.kind == ConflictKind::Transport)
            .collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_message(
            &found[0],
            "conflict.noTransfer",
            &[
                ("fromSite", "Hôpital civil Marie Curie"),
                ("toSite", "CHC Mont Légia"),
                ("first", "cl"),
                ("second", "lg"),
                ("count", "1"),
            ],
        );
        // Only the passenger (the host makes their own way).
        assert_eq!(found[0].people, ["con_d3"]);
        assert_eq!(found[0].items, ["cl", "lg"]);

        // A transfer carrying them from Charleroi to Liège in between clears it.
        let mut with = items.clone();
        with.push(item(
            "t",
            Some("sit_lg"),
            at(26, 11, 0),
            at(26, 12, 30),
            &["con_d3"],
        ));
        let mut p2 = programme(with.clone());
        p2.transport = p.transport.clone();
        transfer(&mut p2, "t", Some("coach"), "sit_cl");
        assert!(codes(&p2).is_empty(), "{:?}", codes(&p2));

        // A transfer that leaves from elsewhere (Liège) leaves the move to it unexplained.
        transfer(&mut p2, "t", Some("coach"), "sit_lg");
        assert_eq!(codes(&p2), ["conflict.noTransfer"]);
        // A transfer whose departure is not said leaves from where its passengers are.
        p2.transport.transfers.get_mut("t").unwrap().from_site = None;
        assert!(codes(&p2).is_empty(), "{:?}", codes(&p2));

        // A transfer the person is not on does not carry them.
        let mut other = items;
        other.push(item(
            "t",
            Some("sit_lg"),
            at(26, 11, 0),
            at(26, 12, 30),
            &["x"],
        ));
        let mut p3 = programme(other);
        p3.transport = p.transport.clone();
        transfer(&mut p3, "t", Some("coach"), "sit_cl");
        assert_eq!(codes(&p3), ["conflict.noTransfer"]);
    }
}
