//! Seeded benchmark instances, designed to look like real missions and events (narrow host
//! windows, popular hosts, caps, travel) rather than to make the bound tight:
//!
//! - `mission`: 12 delegates, 40 hosts spread over 3 sites (2–4 rooms each), 2 days of 8 slots,
//!   travel 2 slots between sites, hosts available in narrow windows (2–4 slots, sometimes a
//!   second one), about 80 one-to-one requests plus group requests (a host with 2–4 delegates).
//! - `mission-full`: the mission of issue 19 at full size: 12 delegates, 40 hosts at 3 sites,
//!   2 days of 8 slots, travel 2 slots, 240 requests of which 30 % are group meetings (a host
//!   with 2–4 delegates), hosts available in windows of 1–4 slots (sometimes a second one).
//! - `event`: 300 participants (100 buyers, 200 sellers with skewed popularity), 2,500 requests,
//!   one site with 60 tables, one day of 18 slots, caps of 6–12 meetings, some half-day people.
//! - `large`: 3,000 participants (1,000 visitors, 2,000 hosts at 6 sites), 20,000 requests
//!   (10 % group meetings), 2 days × 16 slots, travel 1–3 slots from the sites' distances.
//!
//! Weights follow the priorities: must 10, should 3, could 1.

use super::format::{Day, Instance, ParticipantIn, RequestIn, SiteIn, SlotIn, TravelIn};
use super::rng::Rng;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Mission,
    MissionFull,
    Event,
    Large,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "mission" => Some(Kind::Mission),
            "mission-full" => Some(Kind::MissionFull),
            "event" => Some(Kind::Event),
            "large" => Some(Kind::Large),
            _ => None,
        }
    }
}

fn priority(rng: &mut Rng, must: f64, should: f64) -> f64 {
    let u = rng.unit();
    if u < must {
        10.0
    } else if u < must + should {
        3.0
    } else {
        1.0
    }
}

fn slots(days: usize, per_day: usize) -> Vec<SlotIn> {
    let mut out = Vec::new();
    for d in 0..days {
        for s in 0..per_day {
            out.push(SlotIn {
                id: format!("d{}s{:02}", d + 1, s + 1),
                day: Day::Number(d as i64 + 1),
            });
        }
    }
    out
}

/// One window of `len` consecutive slots on a random day, as slot ids.
fn window(rng: &mut Rng, days: usize, per_day: usize, len: usize) -> Vec<String> {
    let d = rng.below(days);
    let start = rng.below(per_day - len + 1);
    (start..start + len)
        .map(|s| format!("d{}s{:02}", d + 1, s + 1))
        .collect()
}

/// Everything but a few random slots.
fn mostly(rng: &mut Rng, days: usize, per_day: usize, blocked: usize) -> Vec<String> {
    let mut all: Vec<String> = (0..days)
        .flat_map(|d| (0..per_day).map(move |s| format!("d{}s{:02}", d + 1, s + 1)))
        .collect();
    for _ in 0..blocked {
        if !all.is_empty() {
            let i = rng.below(all.len());
            all.remove(i);
        }
    }
    all
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// Picks an index with probability roughly proportional to 1/(rank+1)^0.8 (popular hosts).
fn skewed(rng: &mut Rng, n: usize) -> usize {
    let u = rng.unit();
    ((n as f64).powf(u) - 1.0)
        .floor()
        .clamp(0.0, (n - 1) as f64) as usize
}

pub fn generate(kind: Kind, seed: u64) -> Instance {
    let mut rng = Rng::new(seed ^ 0x5CED_u64.wrapping_mul(kind as u64 + 1));
    match kind {
        Kind::Mission => mission(&mut rng),
        Kind::MissionFull => mission_full(&mut rng),
        Kind::Event => event(&mut rng),
        Kind::Large => large(&mut rng),
    }
}

/// The two mission kinds' people and places: three sites of 2–4 tables two slots of travel
/// apart, 12 delegates mostly available with a cap drawn from `delegate_cap`, 40 hosts each
/// with a window of `host_window` slots (three in ten a second one of `second_window`), each
/// at one site. The random draws come in one order, so that an instance of a given seed (and
/// the exact references kept for it, bench/schedule-references.json) never changes.
struct MissionBase {
    site_names: [&'static str; 3],
    sites: Vec<SiteIn>,
    travel: Vec<TravelIn>,
    participants: Vec<ParticipantIn>,
    /// Each host's site, by index.
    host_site: Vec<usize>,
}

const MISSION_DAYS: (usize, usize) = (2, 8);

/// A request's sites: its host's, and one time in ten the next one too.
fn allowed(rng: &mut Rng, site_names: &[&str; 3], home: usize) -> Vec<String> {
    let mut s = vec![site_names[home].to_owned()];
    if rng.chance(0.1) {
        s.push(site_names[(home + 1) % 3].to_owned());
    }
    s
}

fn mission_base(
    rng: &mut Rng,
    delegate_cap: (usize, usize),
    host_window: (usize, usize),
    second_window: (usize, usize),
) -> MissionBase {
    let (days, per_day) = MISSION_DAYS;
    let site_names = ["site_a", "site_b", "site_c"];
    let sites: Vec<SiteIn> = site_names
        .iter()
        .map(|s| SiteIn {
            id: (*s).to_owned(),
            tables: rng.range(2, 4) as u32,
        })
        .collect();
    let mut travel = Vec::new();
    for a in 0..3 {
        for b in a + 1..3 {
            travel.push(TravelIn {
                from: site_names[a].to_owned(),
                to: site_names[b].to_owned(),
                slots: 2,
            });
        }
    }
    let mut participants = Vec::new();
    for d in 0..12 {
        let blocked = rng.range(1, 3);
        participants.push(ParticipantIn {
            id: format!("del{:02}", d + 1),
            available: mostly(rng, days, per_day, blocked),
            max_meetings: Some(rng.range(delegate_cap.0, delegate_cap.1) as u32),
        });
    }
    let mut host_site = Vec::new();
    for h in 0..40 {
        let len = rng.range(host_window.0, host_window.1);
        let mut avail = window(rng, days, per_day, len);
        if rng.chance(0.3) {
            let len = rng.range(second_window.0, second_window.1);
            avail.extend(window(rng, days, per_day, len));
        }
        participants.push(ParticipantIn {
            id: format!("host{:02}", h + 1),
            available: dedup(avail),
            max_meetings: None,
        });
        host_site.push(rng.below(3));
    }
    MissionBase {
        site_names,
        sites,
        travel,
        participants,
        host_site,
    }
}

fn mission(rng: &mut Rng) -> Instance {
    let MissionBase {
        site_names,
        sites,
        travel,
        participants,
        host_site,
    } = mission_base(rng, (7, 10), (2, 4), (2, 3));
    let (days, per_day) = MISSION_DAYS;
    let mut requests = Vec::new();
    let mut pairs = HashSet::new();
    for d in 0..12 {
        let n = rng.range(5, 8);
        for _ in 0..n {
            let h = skewed(rng, 40);
            if pairs.insert((d, h)) {
                requests.push(RequestIn {
                    id: format!("r{:03}", requests.len() + 1),
                    participants: vec![format!("del{:02}", d + 1), format!("host{:02}", h + 1)],
                    weight: priority(rng, 0.2, 0.4),
                    sites: allowed(rng, &site_names, host_site[h]),
                });
            }
        }
    }
    for _ in 0..8 {
        let h = rng.below(40);
        let size = rng.range(2, 4);
        let mut people = vec![format!("host{:02}", h + 1)];
        let mut ds: Vec<usize> = (0..12).collect();
        rng.shuffle(&mut ds);
        for &d in &ds[..size] {
            people.push(format!("del{:02}", d + 1));
        }
        requests.push(RequestIn {
            id: format!("r{:03}", requests.len() + 1),
            participants: people,
            weight: if rng.chance(0.5) { 10.0 } else { 3.0 },
            sites: allowed(rng, &site_names, host_site[h]),
        });
    }
    Instance {
        format: super::INSTANCE_FORMAT.to_owned(),
        slots: slots(days, per_day),
        sites,
        travel,
        participants,
        requests,
        fixed: Vec::new(),
        previous: Vec::new(),
    }
}

fn mission_full(rng: &mut Rng) -> Instance {
    let MissionBase {
        site_names,
        sites,
        travel,
        participants,
        host_site,
    } = mission_base(rng, (9, 12), (1, 4), (1, 4));
    let (days, per_day) = MISSION_DAYS;
    let total = 240;
    let mut requests = Vec::new();
    let mut pairs = HashSet::new();
    while requests.len() < total {
        let r = requests.len();
        let id = format!("r{:03}", r + 1);
        // Three requests in ten are group meetings: 72 of 240.
        if r % 10 < 3 {
            let h = skewed(rng, 40);
            let size = rng.range(2, 4);
            let mut people = vec![format!("host{:02}", h + 1)];
            let mut ds: Vec<usize> = (0..12).collect();
            rng.shuffle(&mut ds);
            let mut chosen = ds[..size].to_vec();
            chosen.sort_unstable();
            people.extend(chosen.iter().map(|d| format!("del{:02}", d + 1)));
            requests.push(RequestIn {
                id,
                participants: people,
                weight: priority(rng, 0.3, 0.4),
                sites: allowed(rng, &site_names, host_site[h]),
            });
        } else {
            let d = rng.below(12);
            let h = skewed(rng, 40);
            if pairs.insert((d, h)) {
                requests.push(RequestIn {
                    id,
                    participants: vec![format!("del{:02}", d + 1), format!("host{:02}", h + 1)],
                    weight: priority(rng, 0.2, 0.4),
                    sites: allowed(rng, &site_names, host_site[h]),
                });
            }
        }
    }
    Instance {
        format: super::INSTANCE_FORMAT.to_owned(),
        slots: slots(days, per_day),
        sites,
        travel,
        participants,
        requests,
        fixed: Vec::new(),
        previous: Vec::new(),
    }
}

fn event(rng: &mut Rng) -> Instance {
    let (days, per_day) = (1, 18);
    let mut participants = Vec::new();
    for i in 0..300 {
        let available = if rng.chance(0.3) {
            // Half a day, morning or afternoon.
            let morning = rng.chance(0.5);
            let range = if morning { 0..9 } else { 9..18 };
            range.map(|s| format!("d1s{:02}", s + 1)).collect()
        } else {
            let blocked = rng.range(0, 3);
            mostly(rng, days, per_day, blocked)
        };
        participants.push(ParticipantIn {
            id: if i < 100 {
                format!("buyer{:03}", i + 1)
            } else {
                format!("seller{:03}", i - 99)
            },
            available,
            max_meetings: Some(rng.range(6, 12) as u32),
        });
    }
    let mut requests = Vec::new();
    let mut pairs = HashSet::new();
    while requests.len() < 2500 {
        let b = rng.below(100);
        let s = skewed(rng, 200);
        if pairs.insert((b, s)) {
            requests.push(RequestIn {
                id: format!("r{:04}", requests.len() + 1),
                participants: vec![format!("buyer{:03}", b + 1), format!("seller{:03}", s + 1)],
                weight: priority(rng, 0.15, 0.35),
                sites: vec!["hall".to_owned()],
            });
        }
    }
    Instance {
        format: super::INSTANCE_FORMAT.to_owned(),
        slots: slots(days, per_day),
        sites: vec![SiteIn {
            id: "hall".to_owned(),
            tables: 60,
        }],
        travel: Vec::new(),
        participants,
        requests,
        fixed: Vec::new(),
        previous: Vec::new(),
    }
}

fn large(rng: &mut Rng) -> Instance {
    let (days, per_day) = (2, 16);
    let n_sites = 6;
    let coords: Vec<(f64, f64)> = (0..n_sites)
        .map(|_| (rng.unit() * 60.0, rng.unit() * 60.0))
        .collect();
    let sites: Vec<SiteIn> = (0..n_sites)
        .map(|k| SiteIn {
            id: format!("site{}", k + 1),
            tables: rng.range(30, 120) as u32,
        })
        .collect();
    let mut travel = Vec::new();
    for a in 0..n_sites {
        for b in a + 1..n_sites {
            let km =
                ((coords[a].0 - coords[b].0).powi(2) + (coords[a].1 - coords[b].1).powi(2)).sqrt();
            // 70 km/h, 30-minute slots, at least one slot.
            let slots = ((km / 35.0).ceil() as u32).clamp(1, 3);
            travel.push(TravelIn {
                from: format!("site{}", a + 1),
                to: format!("site{}", b + 1),
                slots,
            });
        }
    }
    let mut participants = Vec::new();
    for v in 0..1000 {
        let blocked = rng.range(2, 8);
        participants.push(ParticipantIn {
            id: format!("v{:04}", v + 1),
            available: mostly(rng, days, per_day, blocked),
            max_meetings: Some(rng.range(10, 14) as u32),
        });
    }
    let mut host_site = Vec::new();
    for h in 0..2000 {
        let len = rng.range(4, 8);
        let mut avail = window(rng, days, per_day, len);
        if rng.chance(0.5) {
            let len = rng.range(4, 8);
            avail.extend(window(rng, days, per_day, len));
        }
        participants.push(ParticipantIn {
            id: format!("h{:04}", h + 1),
            available: dedup(avail),
            max_meetings: Some(rng.range(6, 10) as u32),
        });
        host_site.push(rng.below(n_sites));
    }
    let mut requests = Vec::new();
    let mut pairs = HashSet::new();
    while requests.len() < 20_000 {
        let h = skewed(rng, 2000);
        let home = host_site[h];
        let mut allowed = vec![format!("site{}", home + 1)];
        if rng.chance(0.15) {
            allowed.push(format!("site{}", (home + 1) % n_sites + 1));
        }
        let weight = priority(rng, 0.15, 0.35);
        if rng.chance(0.1) {
            let size = rng.range(2, 3);
            let mut people = vec![format!("h{:04}", h + 1)];
            let mut seen = HashSet::new();
            while seen.len() < size {
                seen.insert(rng.below(1000));
            }
            let mut seen: Vec<usize> = seen.into_iter().collect();
            seen.sort_unstable();
            people.extend(seen.iter().map(|v| format!("v{:04}", v + 1)));
            requests.push(RequestIn {
                id: format!("r{:05}", requests.len() + 1),
                participants: people,
                weight,
                sites: allowed,
            });
        } else {
            let v = rng.below(1000);
            if pairs.insert((v, h)) {
                requests.push(RequestIn {
                    id: format!("r{:05}", requests.len() + 1),
                    participants: vec![format!("v{:04}", v + 1), format!("h{:04}", h + 1)],
                    weight,
                    sites: allowed,
                });
            }
        }
    }
    Instance {
        format: super::INSTANCE_FORMAT.to_owned(),
        slots: slots(days, per_day),
        sites,
        travel,
        participants,
        requests,
        fixed: Vec::new(),
        previous: Vec::new(),
    }
}
