//! The interchange format (`passerelle.schedule/1` instance, `passerelle.schedule-solution/1`
//! solution) and strict parsing into the compact, indexed [`Problem`] the solver works on.
//!
//! Parsing never panics and names the bad entry: `requests[3]: request 'r7': unknown
//! participant 'p9'`. Sizes are capped so that a hostile file cannot make the solver allocate
//! without bound (the CLI also refuses files over 64 MB before reading them).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const INSTANCE_FORMAT: &str = "passerelle.schedule/1";
pub const SOLUTION_FORMAT: &str = "passerelle.schedule-solution/1";

/// At most this many slots (positions are kept in `u16`).
pub const MAX_SLOTS: usize = 4096;
/// At most this many sites.
pub const MAX_SITES: usize = 1024;
/// At most this many site × slot cells (tables are counted densely).
pub const MAX_SITE_SLOTS: usize = 1_000_000;
/// At most this many participants in one request.
pub const MAX_GROUP: usize = 64;
/// At most this many (request, slot) options in total, the size of the search space's index.
pub const MAX_OPTIONS: usize = 20_000_000;

/// A day key: a number or a text (such as an ISO date); all days of an instance are of one kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Day {
    Number(i64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotIn {
    pub id: String,
    pub day: Day,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteIn {
    pub id: String,
    pub tables: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TravelIn {
    pub from: String,
    pub to: String,
    pub slots: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantIn {
    pub id: String,
    pub available: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_meetings: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestIn {
    pub id: String,
    pub participants: Vec<String>,
    pub weight: f64,
    pub sites: Vec<String>,
}

/// A scheduled meeting: one request in one slot at one site.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub request: String,
    pub slot: String,
    pub site: String,
}

/// A `passerelle.schedule/1` instance as written in the file.
///
/// `fixed` (meetings that must be kept as they are: locked or past) and `previous` (an earlier
/// solution to stay close to: the solver moves as few of its meetings as it can) are optional
/// extensions for re-planning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub format: String,
    pub slots: Vec<SlotIn>,
    pub sites: Vec<SiteIn>,
    #[serde(default)]
    pub travel: Vec<TravelIn>,
    pub participants: Vec<ParticipantIn>,
    pub requests: Vec<RequestIn>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixed: Vec<Meeting>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous: Vec<Meeting>,
}

/// A request left out and the constraint that kept it out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Unscheduled {
    pub request: String,
    pub reason: String,
    /// The reason as data, for the caller to word (not part of the format).
    #[serde(skip)]
    #[ts(skip)]
    pub cause: Option<super::reasons::Reason>,
}

/// A `passerelle.schedule-solution/1` solution. `unscheduled` (the reason each request was
/// left out) and `moved` (meetings of `previous` that moved or were dropped) are extensions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Solution {
    pub format: String,
    pub meetings: Vec<Meeting>,
    pub objective: f64,
    pub upper_bound: f64,
    pub bound_kind: String,
    pub optimal: bool,
    pub seconds: f64,
    #[serde(default)]
    pub unscheduled: Vec<Unscheduled>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved: Option<usize>,
}

/// The instance compiled to indices. Slot indices are global positions; the travel rule only
/// compares slots of the same day, where the difference of global indices equals the
/// difference of positions within the day.
#[derive(Debug, Clone)]
pub struct Problem {
    pub slot_ids: Vec<String>,
    pub slot_day: Vec<u32>,
    pub site_ids: Vec<String>,
    pub tables: Vec<u32>,
    /// `travel[a * n_sites + b]`, symmetric, 0 on the diagonal.
    pub travel: Vec<u32>,
    pub person_ids: Vec<String>,
    /// Sorted available slots of each person.
    pub person_avail: Vec<Vec<u16>>,
    /// `u32::MAX` when unbounded.
    pub person_max: Vec<u32>,
    pub req_ids: Vec<String>,
    pub req_people: Vec<Vec<u32>>,
    pub req_weight: Vec<f64>,
    pub req_sites: Vec<Vec<u16>>,
    /// Slots where every participant of the request is available, sorted.
    pub req_slots: Vec<Vec<u16>>,
    /// Requests of each person.
    pub person_reqs: Vec<Vec<u32>>,
    /// Meetings that must be kept: (request, slot, site).
    pub fixed: Vec<(u32, u16, u16)>,
    /// Placement in the previous solution, per request.
    pub previous: Vec<Option<(u16, u16)>>,
    /// Every weight is an integer: the bound may then be rounded down.
    pub integral_weights: bool,
}

impl Problem {
    pub fn n_slots(&self) -> usize {
        self.slot_ids.len()
    }
    pub fn n_sites(&self) -> usize {
        self.site_ids.len()
    }
    pub fn n_people(&self) -> usize {
        self.person_ids.len()
    }
    pub fn n_requests(&self) -> usize {
        self.req_ids.len()
    }
    pub fn travel(&self, a: u16, b: u16) -> u32 {
        self.travel[a as usize * self.n_sites() + b as usize]
    }
    pub fn total_weight(&self) -> f64 {
        self.req_weight.iter().fold(0.0, |total, w| total + w)
    }
    /// The lightest request's weight (infinite without requests).
    pub fn min_weight(&self) -> f64 {
        self.req_weight
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min)
    }
}

fn err(field: impl Into<String>, message: impl Into<String>) -> Error {
    Error::validation(field, message)
}

/// Parses an instance from JSON text: checks the JSON shape, then every entry.
pub fn parse_instance(text: &str) -> Result<(Instance, Problem)> {
    let mut de = serde_json::Deserializer::from_str(text);
    let instance: Instance = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "instance".to_owned()
        } else {
            path
        };
        err(field, e.inner().to_string())
    })?;
    de.end().map_err(|e| {
        err(
            "instance",
            format!("trailing characters after the JSON: {e}"),
        )
    })?;
    let problem = compile(&instance)?;
    Ok((instance, problem))
}

fn check_id(field: &str, what: &str, id: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(err(field, format!("the {what} id is empty")));
    }
    if id.len() > 200 {
        return Err(err(
            field,
            format!("the {what} id is longer than 200 characters"),
        ));
    }
    Ok(())
}

/// Checks every entry of an instance and builds the indexed problem.
pub fn compile(inst: &Instance) -> Result<Problem> {
    if inst.format != INSTANCE_FORMAT {
        return Err(err(
            "format",
            format!("is '{}', expected '{INSTANCE_FORMAT}'", inst.format),
        ));
    }
    // Slots: grouped by day, days in non-decreasing order, ids unique.
    if inst.slots.len() > MAX_SLOTS {
        return Err(err("slots", format!("more than {MAX_SLOTS} slots")));
    }
    let mut slot_index: HashMap<&str, u16> = HashMap::new();
    let mut slot_day = Vec::with_capacity(inst.slots.len());
    let mut day_no: u32 = 0;
    for (i, slot) in inst.slots.iter().enumerate() {
        let field = format!("slots[{i}]");
        check_id(&field, "slot", &slot.id)?;
        if slot_index.insert(&slot.id, i as u16).is_some() {
            return Err(err(field, format!("slot '{}' is listed twice", slot.id)));
        }
        if let Some(prev) = i.checked_sub(1).map(|p| &inst.slots[p]) {
            let same_kind = matches!(
                (&prev.day, &slot.day),
                (Day::Number(_), Day::Number(_)) | (Day::Text(_), Day::Text(_))
            );
            if !same_kind {
                return Err(err(
                    field,
                    format!("slot '{}': days must all be numbers or all texts", slot.id),
                ));
            }
            if slot.day < prev.day {
                return Err(err(
                    field,
                    format!(
                        "slot '{}' is out of order: its day comes before the day of slot '{}' \
                         (slots must be grouped by day, days in increasing order)",
                        slot.id, prev.id
                    ),
                ));
            }
            if slot.day != prev.day {
                day_no += 1;
            }
        }
        slot_day.push(day_no);
    }

    // Sites.
    if inst.sites.is_empty() {
        return Err(err("sites", "an instance needs at least one site"));
    }
    if inst.sites.len() > MAX_SITES {
        return Err(err("sites", format!("more than {MAX_SITES} sites")));
    }
    if inst.sites.len() * inst.slots.len().max(1) > MAX_SITE_SLOTS {
        return Err(err(
            "sites",
            format!("more than {MAX_SITE_SLOTS} site × slot cells"),
        ));
    }
    let mut site_index: HashMap<&str, u16> = HashMap::new();
    for (i, site) in inst.sites.iter().enumerate() {
        let field = format!("sites[{i}]");
        check_id(&field, "site", &site.id)?;
        if site_index.insert(&site.id, i as u16).is_some() {
            return Err(err(field, format!("site '{}' is listed twice", site.id)));
        }
    }
    let n_sites = inst.sites.len();

    // Travel: symmetric; a pair given both ways must agree.
    let mut travel = vec![0u32; n_sites * n_sites];
    let mut given = vec![false; n_sites * n_sites];
    for (i, t) in inst.travel.iter().enumerate() {
        let field = format!("travel[{i}]");
        let a = *site_index
            .get(t.from.as_str())
            .ok_or_else(|| err(&field, format!("unknown site '{}' in 'from'", t.from)))?;
        let b = *site_index
            .get(t.to.as_str())
            .ok_or_else(|| err(&field, format!("unknown site '{}' in 'to'", t.to)))?;
        if a == b {
            return Err(err(
                field,
                format!("travel from site '{}' to itself", t.from),
            ));
        }
        let (a, b) = (a as usize, b as usize);
        if given[a * n_sites + b] && travel[a * n_sites + b] != t.slots {
            return Err(err(
                field,
                format!(
                    "travel between '{}' and '{}' is given twice with different times",
                    t.from, t.to
                ),
            ));
        }
        travel[a * n_sites + b] = t.slots;
        travel[b * n_sites + a] = t.slots;
        given[a * n_sites + b] = true;
        given[b * n_sites + a] = true;
    }

    // Participants.
    let mut person_index: HashMap<&str, u32> = HashMap::new();
    let mut person_avail = Vec::with_capacity(inst.participants.len());
    let mut person_max = Vec::with_capacity(inst.participants.len());
    for (i, p) in inst.participants.iter().enumerate() {
        let field = format!("participants[{i}]");
        check_id(&field, "participant", &p.id)?;
        if person_index.insert(&p.id, i as u32).is_some() {
            return Err(err(
                field,
                format!("participant '{}' is listed twice", p.id),
            ));
        }
        let mut avail = Vec::with_capacity(p.available.len());
        for s in &p.available {
            let idx = *slot_index.get(s.as_str()).ok_or_else(|| {
                err(
                    &field,
                    format!("participant '{}': unknown slot '{s}' in 'available'", p.id),
                )
            })?;
            avail.push(idx);
        }
        avail.sort_unstable();
        let before = avail.len();
        avail.dedup();
        if avail.len() != before {
            return Err(err(
                field,
                format!(
                    "participant '{}': a slot is listed twice in 'available'",
                    p.id
                ),
            ));
        }
        person_avail.push(avail);
        person_max.push(p.max_meetings.unwrap_or(u32::MAX));
    }

    // Requests.
    let mut req_index: HashMap<&str, u32> = HashMap::new();
    let mut req_people = Vec::with_capacity(inst.requests.len());
    let mut req_weight = Vec::with_capacity(inst.requests.len());
    let mut req_sites = Vec::with_capacity(inst.requests.len());
    let mut req_slots = Vec::with_capacity(inst.requests.len());
    let mut person_reqs: Vec<Vec<u32>> = vec![Vec::new(); inst.participants.len()];
    let mut options = 0usize;
    let mut integral = true;
    for (i, r) in inst.requests.iter().enumerate() {
        let field = format!("requests[{i}]");
        check_id(&field, "request", &r.id)?;
        let name = &r.id;
        if req_index.insert(&r.id, i as u32).is_some() {
            return Err(err(field, format!("request '{name}' is listed twice")));
        }
        if !r.weight.is_finite() || r.weight <= 0.0 {
            return Err(err(
                field,
                format!(
                    "request '{name}': the weight must be a number > 0, not {}",
                    r.weight
                ),
            ));
        }
        if r.weight > 1e9 {
            return Err(err(
                field,
                format!("request '{name}': the weight must be at most 1e9"),
            ));
        }
        if r.weight.fract() != 0.0 {
            integral = false;
        }
        if r.participants.is_empty() {
            return Err(err(field, format!("request '{name}' has no participants")));
        }
        if r.participants.len() < 2 {
            return Err(err(
                field,
                format!("request '{name}' needs two participants or more"),
            ));
        }
        if r.participants.len() > MAX_GROUP {
            return Err(err(
                field,
                format!("request '{name}' has more than {MAX_GROUP} participants"),
            ));
        }
        let mut people = Vec::with_capacity(r.participants.len());
        for p in &r.participants {
            let idx = *person_index.get(p.as_str()).ok_or_else(|| {
                err(
                    &field,
                    format!("request '{name}': unknown participant '{p}'"),
                )
            })?;
            if people.contains(&idx) {
                return Err(err(
                    &field,
                    format!("request '{name}': participant '{p}' is listed twice"),
                ));
            }
            people.push(idx);
        }
        if r.sites.is_empty() {
            return Err(err(field, format!("request '{name}' allows no site")));
        }
        let mut sites = Vec::with_capacity(r.sites.len());
        for s in &r.sites {
            let idx = *site_index
                .get(s.as_str())
                .ok_or_else(|| err(&field, format!("request '{name}': unknown site '{s}'")))?;
            if sites.contains(&idx) {
                return Err(err(
                    &field,
                    format!("request '{name}': site '{s}' is listed twice"),
                ));
            }
            sites.push(idx);
        }
        // Common available slots.
        let mut common: Vec<u16> = person_avail[people[0] as usize].clone();
        for &p in &people[1..] {
            let other = &person_avail[p as usize];
            common.retain(|s| other.binary_search(s).is_ok());
        }
        options += common.len() * sites.len();
        if options > MAX_OPTIONS {
            return Err(err(
                field,
                format!("the instance has more than {MAX_OPTIONS} (request, slot, site) options"),
            ));
        }
        for &p in &people {
            person_reqs[p as usize].push(i as u32);
        }
        req_people.push(people);
        req_weight.push(r.weight);
        req_sites.push(sites);
        req_slots.push(common);
    }

    let resolve = |list: &str, i: usize, m: &Meeting| -> Result<(u32, u16, u16)> {
        let field = format!("{list}[{i}]");
        let r = *req_index
            .get(m.request.as_str())
            .ok_or_else(|| err(&field, format!("unknown request '{}'", m.request)))?;
        let s = *slot_index
            .get(m.slot.as_str())
            .ok_or_else(|| err(&field, format!("unknown slot '{}'", m.slot)))?;
        let k = *site_index
            .get(m.site.as_str())
            .ok_or_else(|| err(&field, format!("unknown site '{}'", m.site)))?;
        Ok((r, s, k))
    };
    let mut fixed = Vec::with_capacity(inst.fixed.len());
    let mut seen = vec![false; inst.requests.len()];
    for (i, m) in inst.fixed.iter().enumerate() {
        let (r, s, k) = resolve("fixed", i, m)?;
        if std::mem::replace(&mut seen[r as usize], true) {
            return Err(err(
                format!("fixed[{i}]"),
                format!("request '{}' is fixed twice", m.request),
            ));
        }
        fixed.push((r, s, k));
    }
    let mut previous = vec![None; inst.requests.len()];
    for (i, m) in inst.previous.iter().enumerate() {
        let (r, s, k) = resolve("previous", i, m)?;
        if previous[r as usize].replace((s, k)).is_some() {
            return Err(err(
                format!("previous[{i}]"),
                format!("request '{}' appears twice", m.request),
            ));
        }
    }

    Ok(Problem {
        slot_ids: inst.slots.iter().map(|s| s.id.clone()).collect(),
        slot_day,
        site_ids: inst.sites.iter().map(|s| s.id.clone()).collect(),
        tables: inst.sites.iter().map(|s| s.tables).collect(),
        travel,
        person_ids: inst.participants.iter().map(|p| p.id.clone()).collect(),
        person_avail,
        person_max,
        req_ids: inst.requests.iter().map(|r| r.id.clone()).collect(),
        req_people,
        req_weight,
        req_sites,
        req_slots,
        person_reqs,
        fixed,
        previous,
        integral_weights: integral,
    })
}
