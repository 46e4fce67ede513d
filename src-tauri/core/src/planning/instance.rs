//! The instance builder: a mission's facts (`facts.rs`) become a `passerelle.schedule/1`
//! instance, with what is needed to map the solution back and to say why a request was left
//! out. Pure: no I/O, the same facts give the same instance.

use super::availability::{self, Availability};
use super::facts::{ScheduleFacts, SiteFacts};
use super::forbidden;
use super::schedule::format::{
    Day, Instance, Meeting, RequestIn, SiteIn, SlotIn, TravelIn, INSTANCE_FORMAT,
};
use crate::documents::locale::Lang;
use crate::domain::Wording;
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::programme::conflicts::{beyond_road, estimate_minutes, Item, Programme};
use chrono::{DateTime, Duration as ChronoDuration, NaiveTime, TimeZone, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::Duration;

/// Scheduling settings of a mission.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleSettings {
    pub slot_minutes: u32,
    pub time_limit: Duration,
    pub seed: u64,
    /// The planner's language: the items the scheduler writes are titled in it, and the
    /// report's `reason` texts are in it.
    pub lang: Lang,
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        ScheduleSettings {
            slot_minutes: 30,
            time_limit: Duration::from_secs(2),
            seed: 1,
            lang: Lang::En,
        }
    }
}

/// A request to place: its participants, the planner's title for it (none: "Meeting: …"
/// with the participants' names), and its current proposed item.
pub struct Placed {
    pub people: Vec<String>,
    pub title: Option<String>,
    pub item: Option<String>,
}

/// A mission turned into an instance, with what is needed to map the solution back.
pub struct MissionInstance {
    pub instance: Instance,
    pub(crate) slot_start: HashMap<String, DateTime<Utc>>,
    pub(crate) slot_minutes: u32,
    pub(crate) site_tz: HashMap<String, String>,
    pub(crate) site_rooms: HashMap<String, Vec<String>>,
    pub(crate) requests: BTreeMap<String, Placed>,
    /// Requests already accepted in the programme (their item is not a proposal).
    pub(crate) accepted: usize,
    pub(crate) names: HashMap<String, String>,
    pub(crate) site_names: HashMap<String, String>,
    /// (request, slot) pairs the programme's checks forbid (sessions of other sub-groups,
    /// closed sites, travel to the person's other items), with the reason; applied to the
    /// compiled problem.
    pub(crate) forbidden: HashMap<(String, String), Message>,
    /// (person, slot) → what keeps the person from a meeting then (an item they attend, the day
    /// rules).
    pub(crate) unavailable: HashMap<(String, String), Message>,
    /// (person, slot) outside the person's availability windows.
    pub(crate) away: HashSet<(String, String)>,
    /// (request, slot) inside a sub-group's session of which every participant is a member:
    /// the meeting belongs to that sub-group and may use the session's room.
    pub(crate) nested: HashMap<(String, String), (String, Option<String>)>,
    /// Rooms held by other items: (room, start, end).
    pub(crate) held: Vec<(String, DateTime<Utc>, DateTime<Utc>)>,
    /// Room capacities (None: no limit given).
    pub(crate) room_capacity: HashMap<String, Option<u32>>,
}

/// The slots of a mission: every `step` between the earliest opening and the latest closing of
/// its sites, each day of the mission (host zone), with their start instants.
pub(crate) struct Grid {
    pub slots: Vec<SlotIn>,
    pub start: HashMap<String, DateTime<Utc>>,
    pub step: ChronoDuration,
}

/// The requests to place, as the instance holds them.
pub(crate) struct Requests {
    pub input: Vec<RequestIn>,
    pub placed: BTreeMap<String, Placed>,
    pub fixed: Vec<Meeting>,
    pub previous: Vec<Meeting>,
    pub accepted: usize,
    /// Everyone in a request to place.
    pub involved: BTreeSet<String>,
}

/// Builds the mission's `passerelle.schedule/1` instance (see "Scheduling a mission" in
/// `docs/schedule-format.md`): slots of `slot_minutes` between the earliest opening and latest
/// closing of its sites, one table per room, travel by the programme checker's rule,
/// availability from the mission's windows minus the items each person attends, proposals as
/// the previous solution and locked ones as fixed meetings. What the programme's checks
/// forbid beyond the format (a sub-group's session, closed sites, travel to a person's other
/// items) is kept beside it as (request, slot) pairs, applied to the compiled problem.
pub fn build(facts: &ScheduleFacts, settings: &ScheduleSettings) -> Result<MissionInstance> {
    if !(5..=240).contains(&settings.slot_minutes) {
        return Err(Error::invalid("slotMinutes", Message::new("slotMinutes")));
    }
    if facts.sites.is_empty() {
        return Err(Error::invalid("sites", Message::new("noMeetingSite")));
    }
    let grid = grid(facts, settings.slot_minutes);
    let travel = travel(&facts.programme, &facts.sites, settings.slot_minutes, &grid);
    let requests = requests(facts, &grid);
    let Availability {
        participants,
        unavailable,
        away,
    } = availability::participants(facts, &grid, &requests);
    let live = live_items(&facts.programme, &requests);
    let (forbidden, nested) = forbidden::forbidden(facts, &grid, &requests.input, &live);
    let held = live
        .iter()
        .filter_map(|i| i.room.clone().map(|room| (room, i.start, i.end)))
        .collect();
    let sites = &facts.sites;
    let instance = Instance {
        format: INSTANCE_FORMAT.to_owned(),
        slots: grid.slots,
        sites: sites
            .iter()
            .map(|s| SiteIn {
                id: s.id.clone(),
                tables: s.rooms.len().max(1) as u32,
            })
            .collect(),
        travel,
        participants,
        requests: requests.input,
        fixed: requests.fixed,
        previous: requests.previous,
    };
    Ok(MissionInstance {
        instance,
        slot_start: grid.start,
        slot_minutes: settings.slot_minutes,
        site_tz: sites.iter().map(|s| (s.id.clone(), s.tz.clone())).collect(),
        site_rooms: sites
            .iter()
            .map(|s| (s.id.clone(), s.rooms.clone()))
            .collect(),
        requests: requests.placed,
        accepted: requests.accepted,
        names: facts.names.clone(),
        site_names: sites
            .iter()
            .map(|s| (s.id.clone(), s.name.clone()))
            .collect(),
        forbidden,
        unavailable,
        away,
        nested,
        held,
        room_capacity: facts
            .programme
            .rooms
            .iter()
            .map(|r| (r.id.clone(), r.capacity))
            .collect(),
    })
}

impl MissionInstance {
    /// The title of a request's item in `lang`: the planner's, else "Meeting: A — B".
    pub(crate) fn title(&self, request: &str, lang: Lang) -> String {
        let Some(placed) = self.requests.get(request) else {
            return String::new();
        };
        placed.title.clone().unwrap_or_else(|| {
            let names: Vec<&str> = placed
                .people
                .iter()
                .map(|p| self.names.get(p).map_or(p.as_str(), String::as_str))
                .collect();
            Message::new("item.meetingWith")
                .with("people", names.join(" — "))
                .render(lang)
        })
    }

    /// The title of a request's item for documents in each language: the generated one in each,
    /// none when the planner titled the request (that title is printed in every language).
    pub(crate) fn titles(&self, request: &str) -> Wording {
        match self.requests.get(request) {
            Some(placed) if placed.title.is_none() => {
                crate::documents::locale::every_language(|lang| self.title(request, lang))
            }
            _ => Wording::default(),
        }
    }
}

fn grid(facts: &ScheduleFacts, slot_minutes: u32) -> Grid {
    let parse_clock = |v: Option<&String>, default: &str| {
        NaiveTime::parse_from_str(v.map_or(default, |s| s.as_str()), "%H:%M")
            .unwrap_or_else(|_| NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
    };
    let opens = facts
        .sites
        .iter()
        .map(|s| parse_clock(s.opens_at.as_ref(), "09:00"))
        .min()
        .unwrap_or_default();
    let closes = facts
        .sites
        .iter()
        .map(|s| parse_clock(s.closes_at.as_ref(), "18:00"))
        .max()
        .unwrap_or_default();
    let step = ChronoDuration::minutes(i64::from(slot_minutes));
    let mut slots = Vec::new();
    let mut start = HashMap::new();
    let mut day = facts.start;
    let mut days = 0;
    while day <= facts.end && days < 60 {
        let mut t = day.and_time(opens);
        while t + step <= day.and_time(closes) {
            if let chrono::LocalResult::Single(local) = facts.host.from_local_datetime(&t) {
                let id = t.format("%Y-%m-%dT%H:%M").to_string();
                start.insert(id.clone(), local.with_timezone(&Utc));
                slots.push(SlotIn {
                    id,
                    day: Day::Text(day.to_string()),
                });
            }
            t += step;
        }
        day = day.succ_opt().unwrap_or(day);
        days += 1;
    }
    Grid { slots, start, step }
}

/// The checker's journey time between two sites: the planner's figure, else its estimate;
/// `None` when it cannot be estimated (no position, or a flight apart).
pub(crate) fn minutes_between(programme: &Programme, a: &str, b: &str) -> Option<u32> {
    if a == b {
        return Some(0);
    }
    let entered = |x: &str, y: &str| programme.travel.get(&(x.to_owned(), y.to_owned()));
    if let Some(&m) = entered(a, b).or_else(|| entered(b, a)) {
        return Some(m);
    }
    let site = |id: &str| programme.sites.iter().find(|s| s.id == id);
    let (x, y) = (site(a)?, site(b)?);
    estimate_minutes(
        &programme.settings,
        (x.latitude?, x.longitude?),
        (y.latitude?, y.longitude?),
    )
}

/// Sites a flight apart (no road estimate, no time entered) are never on one day.
fn flight_apart(programme: &Programme, a: &str, b: &str) -> bool {
    let site = |id: &str| programme.sites.iter().find(|s| s.id == id);
    minutes_between(programme, a, b).is_none()
        && site(a).zip(site(b)).is_some_and(|(x, y)| {
            matches!(
                (x.latitude, x.longitude, y.latitude, y.longitude),
                (Some(p), Some(q), Some(u), Some(v)) if beyond_road((p, q), (u, v))
            )
        })
}

/// The checker's journey time between each two sites in whole slots; a whole day (at least a
/// day's slots) for sites a flight apart; one slot when it cannot be estimated.
fn travel(
    programme: &Programme,
    sites: &[SiteFacts],
    slot_minutes: u32,
    grid: &Grid,
) -> Vec<TravelIn> {
    let whole_day = u32::try_from(grid.slots.len()).unwrap_or(u32::MAX).max(1);
    let mut travel = Vec::new();
    for (i, a) in sites.iter().enumerate() {
        for b in &sites[i + 1..] {
            let n = match minutes_between(programme, &a.id, &b.id) {
                Some(m) => m.div_ceil(slot_minutes),
                None if flight_apart(programme, &a.id, &b.id) => whole_day,
                None => 1,
            };
            if n > 0 {
                travel.push(TravelIn {
                    from: a.id.clone(),
                    to: b.id.clone(),
                    slots: n,
                });
            }
        }
    }
    travel
}

/// The sites a request may use when it names none. A site whose items all lie outside the stay
/// (the delegation's office at home, used for a briefing before leaving) is none of them.
fn meeting_sites(facts: &ScheduleFacts) -> Vec<&SiteFacts> {
    let programme = &facts.programme;
    let home: HashSet<&str> = programme
        .sites
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| {
            let mut used = programme
                .items
                .iter()
                .filter(|i| !i.cancelled && i.site.as_deref() == Some(*id))
                .peekable();
            used.peek().is_some() && used.all(|i| programme.outside_stay(i))
        })
        .collect();
    let kept: Vec<_> = facts
        .sites
        .iter()
        .filter(|s| !home.contains(s.id.as_str()))
        .collect();
    if kept.is_empty() {
        facts.sites.iter().collect()
    } else {
        kept
    }
}

/// The requests to place (two people or more, not already accepted in the programme), their
/// sites (by default those of a participant's organisation, else any of the stay's), and their
/// current proposals as the previous solution (locked ones fixed).
fn requests(facts: &ScheduleFacts, grid: &Grid) -> Requests {
    let meeting_sites = meeting_sites(facts);
    let mut out = Requests {
        input: Vec::new(),
        placed: BTreeMap::new(),
        fixed: Vec::new(),
        previous: Vec::new(),
        accepted: 0,
        involved: BTreeSet::new(),
    };
    for r in &facts.requests {
        let people = &r.participants;
        if people.len() < 2 {
            continue;
        }
        if r.item.is_some() && !r.proposed {
            out.accepted += 1; // already in the programme as a real item
            continue;
        }
        if let (true, Some(at), Some(k)) = (r.proposed, r.starts_at, r.site.as_ref()) {
            if let Some((slot, _)) = grid.start.iter().find(|(_, &t)| t == at) {
                let m = Meeting {
                    request: r.id.clone(),
                    slot: slot.clone(),
                    site: k.clone(),
                };
                if r.locked {
                    out.fixed.push(m);
                } else {
                    out.previous.push(m);
                }
            }
        }
        out.involved.extend(people.iter().cloned());
        let sites = if r.sites.is_empty() {
            let own: Vec<String> = meeting_sites
                .iter()
                .filter(|s| {
                    people.iter().any(|p| {
                        s.organisation
                            .as_ref()
                            .is_some_and(|o| facts.organisation_of.get(p) == Some(o))
                    })
                })
                .map(|s| s.id.clone())
                .collect();
            if own.is_empty() {
                meeting_sites.iter().map(|s| s.id.clone()).collect()
            } else {
                own
            }
        } else {
            r.sites.clone()
        };
        out.input.push(RequestIn {
            id: r.id.clone(),
            participants: people.clone(),
            weight: r.priority.weight(),
            sites,
        });
        out.placed.insert(
            r.id.clone(),
            Placed {
                people: people.clone(),
                title: r.title.clone(),
                item: if r.proposed { r.item.clone() } else { None },
            },
        );
    }
    out
}

/// The programme's items that stay: not cancelled, not a proposal this run replaces.
fn live_items<'a>(programme: &'a Programme, requests: &Requests) -> Vec<&'a Item> {
    let replaced: HashSet<&str> = requests
        .placed
        .values()
        .filter_map(|r| r.item.as_deref())
        .collect();
    programme
        .items
        .iter()
        .filter(|i| !i.cancelled && !replaced.contains(i.id.as_str()))
        .collect()
}

#[cfg(test)]
#[path = "instance_tests.rs"]
mod tests;
