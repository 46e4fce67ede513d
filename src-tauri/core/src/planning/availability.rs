//! When each person in a request may meet: the slots inside their availability windows, minus
//! the items they attend and the spans the programme checker's day rules keep free (the
//! longest day, the lunch break), each with why in words. Pure, part of the instance builder.

use super::facts::{ScheduleFacts, Span};
use super::instance::{Grid, Requests};
use super::schedule::format::{ParticipantIn, SlotIn};
use crate::messages::Message;
use crate::programme::conflicts::{Item, Presence};
use chrono::{DateTime, Duration as ChronoDuration, NaiveDate, NaiveTime, TimeZone, Utc};
use std::collections::{BTreeSet, HashMap, HashSet};

pub(crate) struct Availability {
    pub participants: Vec<ParticipantIn>,
    /// (person, slot) → what keeps the person from a meeting then.
    pub unavailable: HashMap<(String, String), Message>,
    /// (person, slot) outside the person's availability windows.
    pub away: HashSet<(String, String)>,
}

/// Availability windows cut to each person's presence (issue 18): a person's windows to
/// [arrival, departure]; a person with an arrival or departure but no windows is available from
/// one to the other. People without either keep their windows (or none: always available).
pub(crate) fn clip_to_presence(
    mut windows: HashMap<String, Vec<Span>>,
    presence: &HashMap<String, Presence>,
) -> HashMap<String, Vec<Span>> {
    for (person, p) in presence {
        let from = p.arrival.as_ref().map_or(DateTime::<Utc>::MIN_UTC, |a| a.0);
        let to = p
            .departure
            .as_ref()
            .map_or(DateTime::<Utc>::MAX_UTC, |d| d.0);
        let list = windows
            .entry(person.clone())
            .or_insert_with(|| vec![(from, to)]);
        *list = list
            .iter()
            .map(|&(a, b)| (a.max(from), b.min(to)))
            .filter(|(a, b)| a < b)
            .collect();
        // An empty list: present at no moment of their windows, never available.
    }
    windows
}

/// A span kept free by a day rule, with the rule.
type Blocked = (DateTime<Utc>, DateTime<Utc>, Message);

/// Person → the items they attend: (span, title). An item of a sub-group is attended by its
/// members; an item with nobody named, by the whole delegation.
fn busy(facts: &ScheduleFacts) -> HashMap<String, Vec<(Span, String)>> {
    let mut busy: HashMap<String, Vec<(Span, String)>> = HashMap::new();
    for item in &facts.attended {
        let mut who = item.participants.clone();
        let members = facts.members.iter();
        match &item.subgroup {
            Some(g) => who.extend(
                members
                    .filter(|m| m.1.as_ref() == Some(g))
                    .map(|m| m.0.clone()),
            ),
            None if who.is_empty() => who.extend(members.map(|m| m.0.clone())),
            None => {}
        }
        for c in who {
            busy.entry(c)
                .or_default()
                .push(((item.start, item.end), item.title.clone()));
        }
    }
    busy
}

/// The available slots of everyone involved in a request to place.
pub(crate) fn participants(
    facts: &ScheduleFacts,
    grid: &Grid,
    requests: &Requests,
) -> Availability {
    let busy = busy(facts);
    // The checker's items of each person, but the proposals this run replaces.
    let replaced: HashSet<&str> = requests
        .placed
        .values()
        .filter_map(|r| r.item.as_deref())
        .collect();
    let mut items_of: HashMap<&str, Vec<&Item>> = HashMap::new();
    for item in &facts.programme.items {
        if !item.cancelled && !replaced.contains(item.id.as_str()) {
            for person in &item.people {
                items_of.entry(person.as_str()).or_default().push(item);
            }
        }
    }
    let mut out = Availability {
        participants: Vec::new(),
        unavailable: HashMap::new(),
        away: HashSet::new(),
    };
    for c in &requests.involved {
        let name = facts.names.get(c).map_or(c.as_str(), String::as_str);
        let base: Vec<&SlotIn> = grid
            .slots
            .iter()
            .filter(|s| {
                let from = grid.start[&s.id];
                let to = from + grid.step;
                let inside = facts
                    .windows
                    .get(c)
                    .is_none_or(|w| w.iter().any(|&(a, b)| a <= from && to <= b));
                let item = busy.get(c).and_then(|w| {
                    w.iter()
                        .find(|((a, b), _)| *a < to && from < *b)
                        .map(|(_, title)| title)
                });
                if !inside {
                    out.away.insert((c.clone(), s.id.clone()));
                }
                if let Some(title) = item {
                    let cause = Message::new("reason.atItem")
                        .with("person", name)
                        .with("item", title);
                    out.unavailable.insert((c.clone(), s.id.clone()), cause);
                }
                inside && item.is_none()
            })
            .collect();
        let mine = items_of.get(c.as_str()).map_or(&[][..], Vec::as_slice);
        let blocked = day_rules(facts, grid, name, &base, mine);
        let available = base
            .iter()
            .filter(|s| {
                let from = grid.start[&s.id];
                let to = from + grid.step;
                match blocked.iter().find(|(a, b, _)| *a < to && from < *b) {
                    Some((_, _, rule)) => {
                        out.unavailable
                            .insert((c.clone(), s.id.clone()), rule.clone());
                        false
                    }
                    None => true,
                }
            })
            .map(|s| s.id.clone())
            .collect();
        out.participants.push(ParticipantIn {
            id: c.clone(),
            available,
            max_meetings: None,
        });
    }
    out
}

/// The checker's day rules, per person and day: the day (first start to last end of their
/// other items) stays within the longest day, and a person without a meal in the lunch window
/// who could be busy on both sides of it keeps a lunch-long block free.
fn day_rules(
    facts: &ScheduleFacts,
    grid: &Grid,
    name: &str,
    base: &[&SlotIn],
    mine: &[&Item],
) -> Vec<Blocked> {
    let host = facts.host;
    let rules = &facts.programme.settings;
    let clock = |t: &str, h: u32, m: u32| {
        NaiveTime::parse_from_str(t, "%H:%M")
            .unwrap_or_else(|_| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default())
    };
    let (lunch_from, lunch_to) = (
        clock(&rules.lunch_from, 11, 30),
        clock(&rules.lunch_to, 14, 30),
    );
    let lunch = ChronoDuration::minutes(i64::from(rules.lunch_minutes));
    let longest = ChronoDuration::minutes(i64::from(rules.max_day_minutes));
    let step = grid.step;
    let slot_start = &grid.start;
    let day_of = |t: DateTime<Utc>| t.with_timezone(&host).date_naive();
    let at = |day: NaiveDate, t: NaiveTime| {
        host.from_local_datetime(&day.and_time(t))
            .earliest()
            .map(|d| d.with_timezone(&Utc))
    };
    let mut blocked: Vec<Blocked> = Vec::new();
    let long_day = Message::new("reason.longDay")
        .with("person", name)
        .with("minutes", longest.num_minutes());
    let days: BTreeSet<NaiveDate> = base.iter().map(|s| day_of(slot_start[&s.id])).collect();
    for day in days {
        let today: Vec<_> = mine.iter().filter(|i| day_of(i.start) == day).collect();
        // The person's day stays inside one window of the longest day's length that holds
        // their other items: the one that keeps most of their available slots.
        let span = (
            today.iter().map(|i| i.start).min(),
            today.iter().map(|i| i.end).max(),
        );
        let todays_slots: Vec<DateTime<Utc>> = base
            .iter()
            .map(|s| slot_start[&s.id])
            .filter(|&t| day_of(t) == day)
            .collect();
        let fits = |lo: DateTime<Utc>| match span {
            (Some(first), Some(last)) => lo <= first && last <= lo + longest,
            _ => true,
        };
        let window = todays_slots
            .iter()
            .copied()
            .chain(span.0)
            .chain(span.1.map(|last| last - longest))
            .filter(|&lo| fits(lo))
            .map(|lo| {
                let kept = todays_slots
                    .iter()
                    .filter(|&&t| lo <= t && t + step <= lo + longest)
                    .count();
                (std::cmp::Reverse(kept), lo)
            })
            .min()
            .map(|(_, lo)| lo);
        if let (Some(lo), Some(a), Some(b)) = (
            window,
            at(day, NaiveTime::MIN),
            at(day.succ_opt().unwrap_or(day), NaiveTime::MIN),
        ) {
            blocked.push((a, lo, long_day.clone()));
            blocked.push((lo + longest, b, long_day.clone()));
        }
        let (Some(w0), Some(w1)) = (at(day, lunch_from), at(day, lunch_to)) else {
            continue;
        };
        let meal = today
            .iter()
            .any(|i| i.is_break && i.start < w1 && i.end > w0);
        let slot_today = |t: &&&SlotIn| day_of(slot_start[&t.id]) == day;
        let before = today.iter().any(|i| i.start < w0)
            || base
                .iter()
                .filter(slot_today)
                .any(|s| slot_start[&s.id] < w0);
        let after = today.iter().any(|i| i.end > w1)
            || base
                .iter()
                .filter(slot_today)
                .any(|s| slot_start[&s.id] + step > w1);
        if meal || !(before && after) {
            continue;
        }
        // The first lunch-long block of the window, from a slot boundary, that none of the
        // person's other items overlaps.
        let block = grid
            .slots
            .iter()
            .map(|s| slot_start[&s.id])
            .filter(|&t| w0 <= t && t + lunch <= w1)
            .chain(std::iter::once(w0))
            .find(|&t| today.iter().all(|i| i.end <= t || t + lunch <= i.start));
        if let Some(t) = block {
            blocked.push((
                t,
                t + lunch,
                Message::new("reason.lunch").with("person", name),
            ));
        }
    }
    blocked
}
