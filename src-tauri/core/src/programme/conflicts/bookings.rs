//! Double bookings: a person, or a room, in two items that overlap, except a sub-group's
//! meeting inside that sub-group's session.

use super::context::{push, with_pair, Ctx, Out};
use super::{ConflictKind, Item};
use crate::messages::Message;
use std::collections::{BTreeMap, HashMap};

/// One item is a session and the other an item of the same sub-group strictly inside it.
pub(super) fn nested(x: &Item, y: &Item) -> bool {
    // Strictly inside: two items of one sub-group over the same time are a double booking.
    let inside = |session: &Item, m: &Item| {
        session.session
            && session.subgroup.is_some()
            && session.subgroup == m.subgroup
            && session.start <= m.start
            && m.end <= session.end
            && (m.start, m.end) != (session.start, session.end)
    };
    inside(x, y) || inside(y, x)
}

/// Overlapping pairs in a start-sorted list: each item is compared with the one of the
/// previous items that ends last (a sweep), plus every earlier item still running, which is
/// bounded by how many items overlap at once.
fn overlaps(items: &[&Item], list: &[usize], mut found: impl FnMut(usize, usize)) {
    let mut running: Vec<usize> = Vec::new();
    for &i in list {
        let start = items[i].start;
        running.retain(|&j| items[j].end > start);
        for &j in &running {
            found(j, i);
        }
        running.push(i);
    }
}

pub(super) fn double_bookings(
    ctx: &Ctx<'_>,
    items: &[&Item],
    people: &[(&str, Vec<usize>)],
    by_room: &HashMap<&str, Vec<usize>>,
    out: &mut Out,
) {
    let mut pairs: BTreeMap<(usize, usize), Vec<&str>> = BTreeMap::new();
    for (person, list) in people {
        overlaps(items, list, |a, b| {
            if !nested(items[a], items[b]) {
                pairs.entry((a, b)).or_default().push(person)
            }
        });
    }
    for ((a, b), who) in pairs {
        let (x, y) = (items[a], items[b]);
        let message = ctx.with_people(Message::new("conflict.personBusy"), &who);
        let message = with_pair(message, x, y, ctx.zone(&[x, y]));
        push(
            out,
            ConflictKind::DoubleBooking,
            y.start,
            vec![x.id.clone(), y.id.clone()],
            who.iter().map(|s| (*s).to_owned()).collect(),
            message,
        );
    }
    let mut rooms: Vec<(&&str, &Vec<usize>)> = by_room.iter().collect();
    rooms.sort();
    for (room, list) in rooms {
        overlaps(items, list, |a, b| {
            let (x, y) = (items[a], items[b]);
            if nested(x, y) {
                return;
            }
            let room_name = ctx.rooms.get(*room).map_or(*room, |r| r.name.as_str());
            let message = match x.site.as_deref() {
                Some(site) => Message::new("conflict.roomBusyAt").with("site", ctx.site_name(site)),
                None => Message::new("conflict.roomBusy"),
            };
            let message = with_pair(message.with("room", room_name), x, y, ctx.zone(&[x, y]));
            push(
                out,
                ConflictKind::DoubleBooking,
                y.start,
                vec![x.id.clone(), y.id.clone()],
                Vec::new(),
                message,
            );
        });
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::testing::*;
    use super::super::*;

    #[test]
    fn a_meeting_of_a_sub_group_inside_its_session_is_not_a_double_booking() {
        let mut session = item(
            "one_to_ones",
            Some("sit_lg"),
            at(27, 14, 0),
            at(27, 15, 0),
            &["con_d3", "con_doc"],
        );
        session.subgroup = Some("grp_cardio".into());
        session.session = true;
        session.room = Some("roo_a".into());
        let mut meeting = item(
            "pair",
            Some("sit_lg"),
            at(27, 14, 30),
            at(27, 15, 0),
            &["con_d3", "con_doc"],
        );
        meeting.subgroup = Some("grp_cardio".into());
        meeting.room = Some("roo_a".into());
        assert!(check(&programme(vec![session.clone(), meeting.clone()])).is_empty());
        // An unlocked proposal is itself a session of its sub-group: still inside.
        let mut proposal = meeting.clone();
        proposal.session = true;
        assert!(check(&programme(vec![session.clone(), proposal.clone()])).is_empty());
        // Two items of the sub-group over the same time are a double booking.
        let mut twin = session.clone();
        twin.id = "twin".into();
        assert_eq!(check(&programme(vec![session.clone(), twin])).len(), 2);

        // Another sub-group's meeting, or one running past the session, is a double booking.
        let mut other = meeting.clone();
        other.subgroup = Some("grp_onco".into());
        let found = check(&programme(vec![session.clone(), other]));
        assert_eq!(found.len(), 2, "{found:?}"); // the people and the room
        let mut late = meeting.clone();
        late.end = at(27, 15, 30);
        late.start = at(27, 14, 30);
        let found = check(&programme(vec![session.clone(), late]));
        assert!(found.iter().all(|c| c.kind == ConflictKind::DoubleBooking));
        assert_eq!(found.len(), 2);
        // A locked meeting of a sub-group is no session.
        session.session = false;
        assert_eq!(check(&programme(vec![session, meeting])).len(), 2);
    }

    #[test]
    fn double_booking_of_people_and_rooms() {
        let mut a = item(
            "a",
            Some("sit_cl"),
            at(26, 9, 0),
            at(26, 10, 0),
            &["con_d3", "con_x"],
        );
        let mut b = item(
            "b",
            Some("sit_cl"),
            at(26, 9, 30),
            at(26, 10, 30),
            &["con_d3"],
        );
        let c2 = item(
            "c",
            Some("sit_cl"),
            at(26, 10, 0),
            at(26, 11, 0),
            &["con_x"],
        );
        a.room = Some("roo_1".into());
        b.room = Some("roo_1".into());
        let mut p = programme(vec![a, b, c2]);
        p.rooms = vec![Room {
            id: "roo_1".into(),
            name: "B".into(),
            capacity: Some(1),
        }];
        let c = check(&p);
        let db: Vec<_> = c
            .iter()
            .filter(|c| c.kind == ConflictKind::DoubleBooking)
            .collect();
        assert_eq!(db.len(), 2, "{c:?}");
        assert!(db.iter().any(|c| c.people == vec!["con_d3"]
            && c.message
                .english()
                .starts_with("Delegate 3 is booked twice")));
        assert!(db.iter().any(|c| c.people.is_empty()
            && c.message
                .english()
                .starts_with("Room B at Hôpital civil Marie Curie")));
        // Touching items (10:00 end, 10:00 start) are not a double booking.
        assert!(!db.iter().any(|c| c.items.contains(&"c".to_owned())));
        let cap: Vec<_> = c
            .iter()
            .filter(|c| c.kind == ConflictKind::Capacity)
            .collect();
        assert_eq!(cap.len(), 1);
        assert_eq!(
            cap[0].message.english(),
            "a has 2 participants but room B holds 1"
        );
        assert_message(
            cap[0],
            "conflict.capacity",
            &[
                ("title", "a"),
                ("count", "2"),
                ("room", "B"),
                ("capacity", "1"),
            ],
        );
        let person = db.iter().find(|c| !c.people.is_empty()).unwrap();
        assert_message(
            person,
            "conflict.personBusy",
            &[
                ("people", "Delegate 3"),
                ("count", "1"),
                ("first", "a"),
                ("firstStart", "2025-06-26T07:00:00Z"),
                ("firstEnd", "2025-06-26T08:00:00Z"),
                ("second", "b"),
                ("secondStart", "2025-06-26T07:30:00Z"),
                ("secondEnd", "2025-06-26T08:30:00Z"),
                ("zone", "Europe/Brussels"),
            ],
        );
        let room = db.iter().find(|c| c.people.is_empty()).unwrap();
        assert_message(
            room,
            "conflict.roomBusyAt",
            &[
                ("room", "B"),
                ("site", "Hôpital civil Marie Curie"),
                ("first", "a"),
                ("second", "b"),
            ],
        );
    }
}
