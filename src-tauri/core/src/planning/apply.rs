//! Scheduling a mission: its facts are read (`facts.rs`), turned into an instance
//! (`instance.rs`), the solver places the requests, and the proposals are written as `proposed`
//! meeting items through the logged writer, in one transaction.

use super::facts;
use super::instance::{self, ScheduleSettings};
use super::left_out::{self, LeftOut};
use super::schedule::format::compile;
use super::schedule::search::{solve_with, Options, Progress};
use crate::documents::locale;
use crate::domain::{AgendaItemRecord, AgendaKind, ItemStatus};
use crate::error::Result;
use crate::ids::{ContactId, ItemId, MissionId, RoomId, SiteId, SubgroupId, TechnologyId};
use crate::messages::Message;
use crate::store::{self, requests as stored};
use crate::time::parse_zone;
use crate::Store;
use chrono::Duration as ChronoDuration;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

/// The result of scheduling a mission (`schedule --mission … --json` prints it).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ScheduleReport {
    /// Proposed meetings placed by this run.
    pub meetings: u32,
    /// Requests of the mission (status requested).
    pub requests: u32,
    /// Requests met: placed now, or already accepted in the programme.
    pub met: u32,
    pub objective: f64,
    pub upper_bound: f64,
    /// (bound − objective) / bound, 0 when the bound is 0.
    pub gap: f64,
    pub optimal: bool,
    pub bound_kind: String,
    pub seconds: f64,
    pub cancelled: bool,
    pub unscheduled: Vec<LeftOut>,
}

/// Schedules the mission's requests and stores the proposals (replacing earlier ones) in one
/// transaction. Reports progress; `cancel` stops the solver with the best schedule so far.
/// The run is one step of the mission's undo history: Ctrl+Z takes its proposals away and
/// brings back the ones it replaced.
pub fn schedule(
    store: &Store,
    mission: &str,
    settings: &ScheduleSettings,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
) -> Result<ScheduleReport> {
    let facts = store.read(|c| facts::load(c, mission))?;
    // A placed request's meeting is about the technologies the request names.
    let technologies = store.read(|c| stored::technologies(c, mission))?;
    let mi = instance::build(&facts, settings)?;
    let mut problem = compile(&mi.instance)?;
    // What the programme's checks forbid (fixed meetings stay where they are).
    for r in 0..problem.n_requests() {
        let fixed: Vec<u16> = problem
            .fixed
            .iter()
            .filter(|f| f.0 as usize == r)
            .map(|f| f.1)
            .collect();
        let id = problem.req_ids[r].clone();
        let slot_ids = &problem.slot_ids;
        problem.req_slots[r].retain(|&x| {
            fixed.contains(&x)
                || !mi
                    .forbidden
                    .contains_key(&(id.clone(), slot_ids[x as usize].clone()))
        });
    }
    let options = Options {
        time_limit: settings.time_limit,
        seed: settings.seed,
        ..Options::default()
    };
    let outcome = solve_with(&problem, &options, cancel, progress)?;
    let sol = &outcome.solution;
    let placed: HashMap<&str, (&str, &str)> = sol
        .meetings
        .iter()
        .map(|m| (m.request.as_str(), (m.slot.as_str(), m.site.as_str())))
        .collect();
    let mission_id = MissionId::parse("mission", mission)?;
    let mut room_use: HashMap<(&str, &str), Vec<String>> = HashMap::new();
    store.write("action.schedule", |w| {
        w.scope_to_mission(mission)?;
        let descriptions =
            locale::every_language(|lang| Message::new("item.proposedByScheduler").render(lang));
        let description = locale::in_lang(settings.lang, &descriptions, "").to_owned();
        for (req, q) in &mi.requests {
            let (people, old_item) = (&q.people, &q.item);
            match (placed.get(req.as_str()), old_item) {
                (Some(&(slot, site)), old) => {
                    let start = mi.slot_start[slot];
                    let end = start + ChronoDuration::minutes(i64::from(mi.slot_minutes));
                    let inside = mi.nested.get(&(req.clone(), slot.to_owned()));
                    // The session's room for its own meetings, else a room no other item
                    // holds then and large enough; none when all are taken.
                    let taken = room_use.entry((slot, site)).or_default();
                    let free = |room: &String| {
                        !taken.contains(room)
                            && mi
                                .room_capacity
                                .get(room)
                                .copied()
                                .flatten()
                                .is_none_or(|c| c as usize >= people.len())
                    };
                    let room = inside
                        .and_then(|(_, r)| r.clone())
                        .filter(|r| mi.site_rooms[site].contains(r) && free(r))
                        .or_else(|| {
                            mi.site_rooms[site]
                                .iter()
                                .find(|r| {
                                    free(r)
                                        && !mi
                                            .held
                                            .iter()
                                            .any(|(h, a, b)| h == *r && *a < end && start < *b)
                                })
                                .cloned()
                        });
                    if let Some(r) = &room {
                        taken.push(r.clone());
                    }
                    let item_id = match old {
                        Some(id) => ItemId::parse("item", id)?,
                        None => ItemId::new_random(),
                    };
                    let record = AgendaItemRecord {
                        id: item_id.clone(),
                        mission_id: mission_id.clone(),
                        kind: AgendaKind::Meeting,
                        title: mi.title(req, settings.lang),
                        description: Some(description.clone()),
                        titles: mi.titles(req),
                        descriptions: descriptions.clone(),
                        starts_at: start,
                        ends_at: end,
                        tz: parse_zone("tz", &mi.site_tz[site])?,
                        site_id: Some(SiteId::parse("site", site)?),
                        room_id: room.map(|r| RoomId::parse("room", &r)).transpose()?,
                        subgroup_id: inside
                            .map(|(g, _)| SubgroupId::parse("subgroup", g))
                            .transpose()?,
                        status: ItemStatus::Proposed,
                        locked: false,
                        participants: people
                            .iter()
                            .map(|p| ContactId::parse("participant", p))
                            .collect::<Result<_>>()?,
                        technologies: technologies
                            .get(req)
                            .into_iter()
                            .flatten()
                            .map(|t| TechnologyId::parse("technologies", t))
                            .collect::<Result<_>>()?,
                        departments: Vec::new(),
                        vehicle_id: None,
                        from_site_id: None,
                    }
                    .validate()?;
                    // A locked proposal is kept as it is.
                    if !stored::item_locked(w, item_id.as_str())? {
                        store::agenda::save(w, &record)?;
                    }
                    stored::place(w, req, item_id.as_str())?;
                }
                (None, Some(old)) => stored::unplace(w, req, old)?,
                (None, None) => {}
            }
        }
        Ok(())
    })?;
    let gap = if sol.upper_bound > 0.0 {
        (sol.upper_bound - sol.objective) / sol.upper_bound
    } else {
        0.0
    };
    let unscheduled = sol
        .unscheduled
        .iter()
        .map(|u| left_out::left_out(&mi, u, settings.lang))
        .collect();
    Ok(ScheduleReport {
        meetings: sol.meetings.len() as u32,
        requests: (mi.requests.len() + mi.accepted) as u32,
        met: (sol.meetings.len() + mi.accepted) as u32,
        objective: sol.objective,
        upper_bound: sol.upper_bound,
        gap: (gap * 10_000.0).round() / 10_000.0,
        optimal: sol.optimal,
        bound_kind: sol.bound_kind.clone(),
        seconds: sol.seconds,
        cancelled: outcome.cancelled,
        unscheduled,
    })
}
