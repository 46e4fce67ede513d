//! A synthetic programme for the checker's benchmark (`passerelle-cli programme bench`):
//! deterministic, shaped like a large trade mission (several sites, rooms, sub-groups of a
//! delegation moving between sites, hosts with availability windows).

use super::conflicts::{
    Item, Lodging, PlanningSettings, Presence, Programme, Room, Site, Transfer, Vehicle,
};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

/// A realistic draft: `people` split into 10 sub-groups of delegates (five sixths) and hosts
/// (one sixth, with availability windows); each sub-group has 10 items a day (45 minutes, a
/// quarter of an hour apart, lunch as the fifth), at one of 8 sites in the morning and one in
/// the afternoon, in one of its 6 rooms, over as many days as `items` needs; a coach per
/// sub-group carries it to each (see below).
pub fn realistic(items: usize, people: usize, seed: u64) -> Programme {
    let mut p = synthetic(0, people, seed);
    let mut rng = Lcg(seed);
    let tz = chrono_tz::Europe::Brussels;
    let base = p.items.first().map_or_else(Utc::now, |i| i.start);
    let base = tz
        .with_ymd_and_hms(2025, 10, 20, 8, 30, 0)
        .single()
        .map_or(base, |d| d.with_timezone(&Utc));
    let delegates = people * 5 / 6;
    let hosts: Vec<String> = (delegates..people).map(|i| format!("con_{i}")).collect();
    let group_size = (delegates / 10).max(1);
    let mut site = [0usize; 10];
    // Issue 18's ground transport: a vehicle per sub-group (the fourth one too small); each
    // group's first item of a day is its transfer from the previous day's site, and its first
    // after lunch its transfer to the afternoon's site, but for the eighth group, which moves
    // with none (its delegates are flagged).
    p.transport.passengers = (0..delegates).map(|d| format!("con_{d}")).collect();
    for g in 0..10 {
        let seats = if g == 3 {
            group_size / 2 + 1
        } else {
            group_size + 2
        };
        p.transport.vehicles.insert(
            format!("veh_{g}"),
            Vehicle {
                name: format!("Coach {g}"),
                seats: u32::try_from(seats).unwrap_or(u32::MAX),
            },
        );
    }
    for i in 0..items {
        let group = i % 10;
        let n = i / 10; // the group's n-th item
        let (day, slot) = ((n / 10) as i64, (n % 10) as i64);
        if slot == 0 || slot == 5 {
            let previous = site[group];
            site[group] = rng.below(8) as usize;
            if slot == 0 || group != 7 {
                p.transport.transfers.insert(
                    format!("itm_{i}"),
                    Transfer {
                        vehicle: Some(format!("veh_{group}")),
                        from_site: Some(format!("sit_{previous}")),
                    },
                );
            }
        }
        let start = base + Duration::days(day) + Duration::minutes(60 * slot);
        let mut who: Vec<String> = (group * group_size..(group + 1) * group_size)
            .filter(|_| rng.below(10) < 8)
            .map(|d| format!("con_{d}"))
            .collect();
        if !hosts.is_empty() && slot != 4 {
            who.push(hosts[rng.below(hosts.len() as u64) as usize].clone());
        }
        who.sort();
        who.dedup();
        p.items.push(Item {
            id: format!("itm_{i}"),
            title: format!("Item {i}"),
            is_break: slot == 4,
            cancelled: false,
            start,
            end: start + Duration::minutes(45),
            site: Some(format!("sit_{}", site[group])),
            room: Some(format!("roo_{}", site[group] * 6 + group % 6)),
            people: who,
            subgroup: None,
            session: false,
            // Items with a host are meetings (the languages check reads them).
            meeting: slot != 4 && !hosts.is_empty(),
        });
    }
    let days = (items / 100 + 1) as i64;
    p.availability = hosts
        .iter()
        .map(|h| {
            let windows = (0..days)
                .map(|d| {
                    let s = base + Duration::days(d) + Duration::minutes(30);
                    (s, s + Duration::hours(8))
                })
                .collect();
            (h.clone(), windows)
        })
        .collect();
    logistics(&mut p, delegates, days, base);
    // Languages: the delegation speaks Chinese and English, the hosts French, most of them
    // English too (one in 7 only French: some meetings need an interpreter).
    for n in 0..people {
        let spoken: &[&str] = if n < delegates {
            &["zh-TW", "en"]
        } else if n % 7 == 0 {
            &["fr"]
        } else {
            &["fr", "en"]
        };
        p.languages.insert(
            format!("con_{n}"),
            spoken.iter().map(|l| (*l).to_owned()).collect(),
        );
    }
    p
}

/// Issue 18's share: every delegate arrives and leaves (one in 20 after their first items), the
/// delegation is lodged (one in 30 missing a night, one in 50 booked from the day before).
fn logistics(p: &mut Programme, delegates: usize, days: i64, base: DateTime<Utc>) {
    let tz = p.host_tz.unwrap_or(chrono_tz::Europe::Brussels);
    let first = base.with_timezone(&tz).date_naive();
    let last = first + Duration::days(days);
    p.stay = Some((first, last));
    let mut lodging = Lodging::default();
    for d in 0..delegates {
        let id = format!("con_{d}");
        let late = if d % 20 == 0 {
            Duration::hours(3)
        } else {
            -Duration::hours(3)
        };
        p.presence.insert(
            id.clone(),
            Presence {
                arrival: Some((base + late, "BRU".into())),
                departure: Some((
                    base + Duration::days(days) + Duration::hours(2),
                    "BRU".into(),
                )),
            },
        );
        let from = if d % 50 == 0 {
            first - Duration::days(1)
        } else {
            first
        };
        let nights = if d % 30 == 0 {
            vec![(from, last - Duration::days(1), "Hotel A".to_owned())]
        } else {
            vec![(from, last, "Hotel A".to_owned())]
        };
        lodging.stays.insert(id.clone(), nights);
        lodging.members.push((id, format!("Person {d}")));
    }
    p.lodging = Some(lodging);
}

/// A stress case: `items` items with random times, places and participants over 10 days at 8
/// sites of 6 rooms each (thousands of conflicts).
pub fn synthetic(items: usize, people: usize, seed: u64) -> Programme {
    let mut rng = Lcg(seed ^ 0x9e37_79b9_7f4a_7c15);
    let tz = chrono_tz::Europe::Brussels;
    let sites: Vec<Site> = (0..8)
        .map(|s| Site {
            id: format!("sit_{s}"),
            name: format!("Site {s}"),
            latitude: Some(50.0 + (s as f64) * 0.15),
            longitude: Some(4.0 + (s as f64) * 0.2),
            tz,
            opens: NaiveTime::from_hms_opt(8, 0, 0),
            closes: NaiveTime::from_hms_opt(20, 0, 0),
        })
        .collect();
    let rooms: Vec<Room> = (0..8 * 6)
        .map(|r| Room {
            id: format!("roo_{r}"),
            name: format!("Room {r}"),
            capacity: Some(10 + (r as u32 % 5) * 10),
        })
        .collect();
    let base = tz
        .with_ymd_and_hms(2025, 10, 20, 8, 0, 0)
        .single()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(Utc::now);
    let person_ids: Vec<String> = (0..people).map(|p| format!("con_{p}")).collect();
    let mut out = Vec::with_capacity(items);
    for i in 0..items {
        let day = (i * 10 / items.max(1)) as i64;
        let slot = rng.below(22) as i64; // half hours from 08:00
        let start = base + Duration::days(day) + Duration::minutes(30 * slot);
        let end = start + Duration::minutes(30 * (1 + rng.below(4) as i64));
        let site = rng.below(8) as usize;
        let room = site * 6 + rng.below(6) as usize;
        let group = rng.below(10) as usize;
        let size = 2 + rng.below(14) as usize;
        let mut who: Vec<String> = (0..size)
            .map(|_| {
                let p = (group * people / 10 + rng.below((people / 10).max(1) as u64) as usize)
                    % people.max(1);
                person_ids[p].clone()
            })
            .collect();
        who.sort();
        who.dedup();
        out.push(Item {
            id: format!("itm_{i}"),
            title: format!("Item {i}"),
            is_break: i % 17 == 0,
            cancelled: false,
            start,
            end,
            site: Some(sites[site].id.clone()),
            room: Some(rooms[room].id.clone()),
            people: who,
            subgroup: None,
            session: false,
            meeting: false,
        });
    }
    let availability = person_ids
        .iter()
        .step_by(3)
        .map(|p| {
            let windows = (0..10)
                .map(|d| {
                    let s = base + Duration::days(d) + Duration::hours(1);
                    (s, s + Duration::hours(8))
                })
                .collect();
            (p.clone(), windows)
        })
        .collect();
    Programme {
        host_tz: Some(tz),
        settings: PlanningSettings::default(),
        items: out,
        sites,
        rooms,
        people: person_ids
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), format!("Person {i}")))
            .collect(),
        availability,
        travel: Default::default(),
        stay: None,
        presence: Default::default(),
        lodging: None,
        languages: Default::default(),
        transport: Default::default(),
        members: Vec::new(),
    }
}
