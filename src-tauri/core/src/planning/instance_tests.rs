//! The instance builder on hand-made facts, without a database.

use super::*;
use crate::planning::facts::RequestFacts;
use crate::planning::requests::Priority;
use crate::programme::conflicts::{Room, Site};
use crate::store::schedule_facts::AttendedItem;
use chrono::NaiveDate;
use chrono_tz::Europe::Brussels;

fn at(hm: &str) -> DateTime<Utc> {
    let t = NaiveDate::from_ymd_opt(2025, 6, 26)
        .unwrap()
        .and_time(NaiveTime::parse_from_str(hm, "%H:%M").unwrap());
    Brussels
        .from_local_datetime(&t)
        .unwrap()
        .with_timezone(&Utc)
}

fn site(id: &str, name: &str, rooms: &[&str], organisation: Option<&str>) -> SiteFacts {
    SiteFacts {
        id: id.into(),
        name: name.into(),
        tz: "Europe/Brussels".into(),
        opens_at: Some("09:00".into()),
        closes_at: Some("11:00".into()),
        organisation: organisation.map(Into::into),
        rooms: rooms.iter().map(|r| (*r).into()).collect(),
    }
}

fn request(id: &str, people: &[&str], priority: Priority, sites: &[&str]) -> RequestFacts {
    RequestFacts {
        id: id.into(),
        title: None,
        priority,
        participants: people.iter().map(|p| (*p).into()).collect(),
        sites: sites.iter().map(|s| (*s).into()).collect(),
        item: None,
        proposed: false,
        locked: false,
        starts_at: None,
        site: None,
    }
}

/// One morning, 09:00–11:00 in Brussels, at a hospital (site A, one room) and a company (site
/// B) 45 minutes apart; Ann is at a briefing at B until 10:00; Chen is available from 10:00.
fn facts() -> ScheduleFacts {
    let day = NaiveDate::from_ymd_opt(2025, 6, 26).unwrap();
    let checker_site = |id: &str, name: &str| Site {
        id: id.into(),
        name: name.into(),
        latitude: None,
        longitude: None,
        tz: Brussels,
        opens: NaiveTime::from_hms_opt(9, 0, 0),
        closes: NaiveTime::from_hms_opt(11, 0, 0),
    };
    let briefing = Item {
        id: "itm_briefing".into(),
        title: "Briefing".into(),
        is_break: false,
        cancelled: false,
        start: at("09:00"),
        end: at("10:00"),
        site: Some("sit_b".into()),
        room: None,
        people: vec!["con_ann".into()],
        subgroup: None,
        session: false,
        meeting: false,
    };
    let programme = Programme {
        host_tz: Some(Brussels),
        items: vec![briefing],
        sites: vec![
            checker_site("sit_a", "Hospital"),
            checker_site("sit_b", "Company"),
        ],
        rooms: vec![Room {
            id: "roo_1".into(),
            name: "Room 1".into(),
            capacity: Some(4),
        }],
        travel: [(("sit_a".to_owned(), "sit_b".to_owned()), 45)].into(),
        stay: Some((day, day)),
        ..Programme::default()
    };
    let mut locked = request(
        "req_2",
        &["con_bob", "con_chen"],
        Priority::Could,
        &["sit_b"],
    );
    locked.item = Some("itm_2".into());
    locked.proposed = true;
    locked.locked = true;
    locked.starts_at = Some(at("10:00"));
    locked.site = Some("sit_b".into());
    ScheduleFacts {
        mission: "mis_x".into(),
        start: day,
        end: day,
        host: Brussels,
        sites: vec![
            site("sit_a", "Hospital", &["roo_1"], Some("org_h")),
            site("sit_b", "Company", &[], None),
        ],
        programme,
        requests: vec![
            request("req_1", &["con_ann", "con_bob"], Priority::Must, &[]),
            locked,
            request("req_3", &["con_ann"], Priority::Must, &[]),
        ],
        names: [
            ("con_ann", "Ann Lee"),
            ("con_bob", "Bob Roy"),
            ("con_chen", "Chen Wei"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .into(),
        organisation_of: [("con_bob".to_owned(), "org_h".to_owned())].into(),
        windows: [("con_chen".to_owned(), vec![(at("10:00"), at("11:00"))])].into(),
        members: Vec::new(),
        attended: vec![AttendedItem {
            title: "Briefing".into(),
            start: at("09:00"),
            end: at("10:00"),
            subgroup: None,
            participants: vec!["con_ann".into()],
        }],
    }
}

#[test]
fn facts_become_an_instance() {
    let mi = build(&facts(), &ScheduleSettings::default()).unwrap();
    let instance = &mi.instance;
    let slots: Vec<&str> = instance.slots.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        slots,
        [
            "2025-06-26T09:00",
            "2025-06-26T09:30",
            "2025-06-26T10:00",
            "2025-06-26T10:30"
        ]
    );
    assert_eq!(mi.slot_start["2025-06-26T10:00"], at("10:00"));
    // One table per room, at least one; 45 minutes apart is two 30-minute slots.
    let tables: Vec<(&str, u32)> = instance
        .sites
        .iter()
        .map(|s| (s.id.as_str(), s.tables))
        .collect();
    assert_eq!(tables, [("sit_a", 1), ("sit_b", 1)]);
    assert_eq!(instance.travel.len(), 1);
    assert_eq!(instance.travel[0].slots, 2);

    // A request of one person is no meeting; the others weigh by priority, a locked proposal
    // is fixed, and a request without sites goes to its participants' organisation's site.
    let requests: Vec<(&str, f64, Vec<String>)> = instance
        .requests
        .iter()
        .map(|r| (r.id.as_str(), r.weight, r.sites.clone()))
        .collect();
    assert_eq!(
        requests,
        [
            ("req_1", 10.0, vec!["sit_a".to_owned()]),
            ("req_2", 1.0, vec!["sit_b".to_owned()])
        ]
    );
    assert_eq!(instance.fixed.len(), 1);
    assert_eq!(instance.fixed[0].slot, "2025-06-26T10:00");

    // Ann is at the briefing until 10:00; Chen is away before 10:00.
    let available = |who: &str| -> Vec<&str> {
        instance
            .participants
            .iter()
            .find(|p| p.id == who)
            .unwrap()
            .available
            .iter()
            .map(|s| &s[11..])
            .collect()
    };
    assert_eq!(available("con_ann"), ["10:00", "10:30"]);
    assert_eq!(available("con_chen"), ["10:00", "10:30"]);
    assert_eq!(available("con_bob").len(), 4);
    let busy = &mi.unavailable[&("con_ann".to_owned(), "2025-06-26T09:00".to_owned())];
    assert_eq!(busy.code, "reason.atItem");
    assert_eq!(busy.params["item"], "Briefing");
    assert!(mi
        .away
        .contains(&("con_chen".to_owned(), "2025-06-26T09:30".to_owned())));

    // From the briefing at the company, Ann cannot reach the hospital before 10:45.
    let far = &mi.forbidden[&("req_1".to_owned(), "2025-06-26T10:00".to_owned())];
    assert_eq!(far.code, "reason.travel");
    assert_eq!(far.params["site"], "Company");
    assert!(mi
        .forbidden
        .contains_key(&("req_1".to_owned(), "2025-06-26T10:30".to_owned())));
    assert_eq!(
        mi.title("req_1", Lang::Fr),
        "Rencontre\u{a0}: Ann Lee — Bob Roy"
    );
}

#[test]
fn a_mission_without_sites_or_with_odd_slots_is_refused_with_a_code() {
    let mut no_sites = facts();
    no_sites.sites.clear();
    let e = build(&no_sites, &ScheduleSettings::default())
        .err()
        .unwrap();
    assert_eq!(e.to_api().code.as_deref(), Some("noMeetingSite"));
    let settings = ScheduleSettings {
        slot_minutes: 3,
        ..ScheduleSettings::default()
    };
    let e = build(&facts(), &settings).err().unwrap();
    assert_eq!(e.to_api().code.as_deref(), Some("slotMinutes"));
}

#[test]
fn arrivals_and_departures_clip_the_windows_the_scheduler_sees() {
    use crate::planning::availability::clip_to_presence;
    use crate::programme::conflicts::Presence;
    let mut f = facts();
    // Bob lands at 09:40 (no windows of his own); Chen, available 10:00–11:00, leaves at 10:30.
    let presence = [
        (
            "con_bob".to_owned(),
            Presence {
                arrival: Some((at("09:40"), "BRU".into())),
                departure: None,
            },
        ),
        (
            "con_chen".to_owned(),
            Presence {
                arrival: None,
                departure: Some((at("10:30"), "BRU".into())),
            },
        ),
    ]
    .into();
    f.windows = clip_to_presence(f.windows, &presence);
    assert_eq!(f.windows["con_chen"], vec![(at("10:00"), at("10:30"))]);
    let mi = build(&f, &ScheduleSettings::default()).unwrap();
    let available = |who: &str| -> Vec<String> {
        mi.instance
            .participants
            .iter()
            .find(|p| p.id == who)
            .unwrap()
            .available
            .iter()
            .map(|s| s[11..].to_owned())
            .collect()
    };
    assert_eq!(available("con_bob"), ["10:00", "10:30"]);
    assert_eq!(available("con_chen"), ["10:00"]);
    assert!(mi
        .away
        .contains(&("con_bob".to_owned(), "2025-06-26T09:30".to_owned())));
}
