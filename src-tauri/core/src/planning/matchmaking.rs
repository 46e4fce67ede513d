//! Matchmaking in a mission: meeting requests (who wants to meet whom, with a priority and the
//! allowed sites), suggestions computed from overlapping specialties, technologies and tags,
//! and scheduling: the mission becomes a `passerelle.schedule/1` instance, the solver places
//! the requests, and the proposals are stored as `proposed` meeting items in one transaction.
//!
//! Priorities weigh **must 10, should 3, could 1**: one must-meeting is worth more than three
//! should-meetings, and a should more than any two coulds — the order planners use.

use super::schedule::format::{
    compile, Day, Instance, ParticipantIn, RequestIn, SiteIn, SlotIn, TravelIn, INSTANCE_FORMAT,
};
use super::schedule::search::{solve_with, Options, Progress};
use crate::domain::{AgendaItemRecord, AgendaKind, ItemStatus};
use crate::error::{Error, Result};
use crate::ids::{ContactId, ItemId, MissionId, RequestId, RoomId, SiteId, SubgroupId};
use crate::store::{self, Link, Writer};
use crate::time::{format_in, parse_stored, parse_zone};
use crate::Store;
use chrono::{DateTime, Duration as ChronoDuration, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// A time span [start, end) in UTC.
type Span = (DateTime<Utc>, DateTime<Utc>);

const PARTICIPANTS: Link = Link {
    table: "meeting_request_participants",
    owner_column: "request_id",
    value_columns: &["contact_id"],
    entity: "meeting_requests",
    field: "participants",
};
const SITES: Link = Link {
    table: "meeting_request_sites",
    owner_column: "request_id",
    value_columns: &["site_id"],
    entity: "meeting_requests",
    field: "sites",
};

/// How much a planner wants a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Priority {
    Must,
    Should,
    Could,
}

impl Priority {
    pub fn weight(self) -> f64 {
        match self {
            Priority::Must => 10.0,
            Priority::Should => 3.0,
            Priority::Could => 1.0,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Must => "must",
            Priority::Should => "should",
            Priority::Could => "could",
        }
    }
    fn parse(s: &str) -> Priority {
        match s {
            "must" => Priority::Must,
            "could" => Priority::Could,
            _ => Priority::Should,
        }
    }
}

/// A person or place as shown: id and display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// A meeting request as shown in the Requests tab.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MeetingRequest {
    pub id: String,
    pub mission_id: String,
    pub title: Option<String>,
    pub priority: Priority,
    /// `requested` or `rejected` (a suggestion turned down).
    pub status: String,
    /// `planner` or `suggestion`.
    pub origin: String,
    pub explanation: Option<String>,
    pub notes: Option<String>,
    pub participants: Vec<Named>,
    /// Allowed sites; empty means any site of the mission.
    pub sites: Vec<Named>,
    /// The agenda item the request is placed in, if any.
    pub item_id: Option<String>,
    pub item_status: Option<ItemStatus>,
    /// RFC 3339 start of that item, in its zone.
    pub item_start: Option<String>,
    pub item_site: Option<String>,
}

/// What the UI and the CLI send to create or change a request.
#[derive(Debug, Clone, PartialEq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct RequestInput {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    pub mission_id: String,
    #[serde(default)]
    #[ts(optional)]
    pub title: Option<String>,
    pub priority: Priority,
    pub participants: Vec<String>,
    #[serde(default)]
    #[ts(optional)]
    pub sites: Option<Vec<String>>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
}

/// A meeting the data suggests, with why.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Suggestion {
    pub participants: Vec<Named>,
    pub score: f64,
    pub explanation: String,
}

/// A request left out by the scheduler, and why.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LeftOut {
    pub request: String,
    pub title: String,
    pub reason: String,
}

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

/// Scheduling settings of a mission.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleSettings {
    pub slot_minutes: u32,
    pub time_limit: Duration,
    pub seed: u64,
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        ScheduleSettings {
            slot_minutes: 30,
            time_limit: Duration::from_secs(2),
            seed: 1,
        }
    }
}

fn err(field: impl Into<String>, message: impl Into<String>) -> Error {
    Error::validation(field, message)
}

fn mission_row(conn: &Connection, mission: &str) -> Result<(NaiveDate, NaiveDate, String, String)> {
    conn.query_row(
        "SELECT start_date, end_date, host_tz, host_country FROM missions WHERE id = ?1",
        [mission],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
            ))
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "mission",
        id: mission.to_owned(),
    })
    .and_then(|(s, e, tz, c)| {
        let parse = |f: &str, v: &str| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map_err(|_| err(f, format!("'{v}' is not a date")))
        };
        Ok((parse("startDate", &s)?, parse("endDate", &e)?, tz, c))
    })
}

fn contact_names(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, trim(given_name || ' ' || family_name) FROM contacts")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every request of a mission, requested ones first, then by priority.
pub fn list(conn: &Connection, mission: &str) -> Result<Vec<MeetingRequest>> {
    mission_row(conn, mission)?;
    let names = contact_names(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT q.id, q.title, q.priority, q.status, q.origin, q.explanation, q.notes, q.item_id,
                i.status, i.starts_at, i.tz, s.name
         FROM meeting_requests q
         LEFT JOIN agenda_items i ON i.id = q.item_id
         LEFT JOIN sites s ON s.id = i.site_id
         WHERE q.mission_id = ?1
         ORDER BY q.status = 'rejected', CASE q.priority WHEN 'must' THEN 0 WHEN 'should' THEN 1 ELSE 2 END,
                  q.created_at, q.id",
    )?;
    let rows = stmt
        .query_map([mission], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, Option<String>>(11)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let participants = links(conn, mission, "meeting_request_participants", "contact_id")?;
    let sites = links(conn, mission, "meeting_request_sites", "site_id")?;
    let site_names: HashMap<String, String> = conn
        .prepare_cached("SELECT id, name FROM sites WHERE mission_id = ?1")?
        .query_map([mission], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let named = |ids: Option<&Vec<String>>, names: &HashMap<String, String>| -> Vec<Named> {
        ids.map(|v| {
            v.iter()
                .map(|id| Named {
                    id: id.clone(),
                    name: names.get(id).cloned().unwrap_or_else(|| id.clone()),
                })
                .collect()
        })
        .unwrap_or_default()
    };
    let mut out = Vec::with_capacity(rows.len());
    for (
        id,
        title,
        priority,
        status,
        origin,
        explanation,
        notes,
        item,
        istatus,
        starts,
        tz,
        site,
    ) in rows
    {
        let item_status = istatus.as_deref().and_then(ItemStatus::parse);
        let item_start = match (starts, tz) {
            (Some(s), Some(z)) => Some(format_in(parse_stored(&s)?, parse_zone("tz", &z)?)),
            _ => None,
        };
        out.push(MeetingRequest {
            participants: named(participants.get(&id), &names),
            sites: named(sites.get(&id), &site_names),
            id,
            mission_id: mission.to_owned(),
            title,
            priority: Priority::parse(&priority),
            status,
            origin,
            explanation,
            notes,
            item_id: item,
            item_status,
            item_start,
            item_site: site,
        });
    }
    Ok(out)
}

fn links(
    conn: &Connection,
    mission: &str,
    table: &str,
    column: &str,
) -> Result<HashMap<String, Vec<String>>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT l.request_id, l.{column} FROM {table} l
         JOIN meeting_requests q ON q.id = l.request_id WHERE q.mission_id = ?1
         ORDER BY l.{column}"
    ))?;
    for row in stmt.query_map([mission], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })? {
        let (q, v) = row?;
        map.entry(q).or_default().push(v);
    }
    Ok(map)
}

/// Checks a request's input against the mission and saves it through the writer.
fn save_in(
    w: &mut Writer<'_>,
    input: &RequestInput,
    status: &str,
    origin: &str,
    explanation: Option<&str>,
) -> Result<String> {
    let mission = MissionId::parse("missionId", &input.mission_id)?;
    store::ensure_exists(w.conn(), "missions", "missionId", Some(mission.as_str()))?;
    let id = match &input.id {
        Some(id) => {
            let id = RequestId::parse("id", id)?;
            let owner: Option<String> = w
                .conn()
                .query_row(
                    "SELECT mission_id FROM meeting_requests WHERE id = ?1",
                    [id.as_str()],
                    |r| r.get(0),
                )
                .optional()?;
            match owner {
                None => {
                    return Err(Error::NotFound {
                        entity: "meeting request",
                        id: id.to_string(),
                    })
                }
                Some(m) if m != mission.as_str() => {
                    return Err(err("id", "the request belongs to another mission"))
                }
                Some(_) => id,
            }
        }
        None => RequestId::new_random(),
    };
    let title = crate::domain::validate::optional_text("title", input.title.as_deref(), 200)?;
    let notes = crate::domain::validate::optional_text("notes", input.notes.as_deref(), 4000)?;
    let mut people: Vec<ContactId> = Vec::new();
    for (i, p) in input.participants.iter().enumerate() {
        let field = format!("participants[{i}]");
        let c = ContactId::parse(&field, p)?;
        store::ensure_exists(w.conn(), "contacts", &field, Some(c.as_str()))?;
        if !people.contains(&c) {
            people.push(c);
        }
    }
    if people.len() < 2 {
        return Err(err(
            "participants",
            "a meeting needs two participants or more",
        ));
    }
    let mut sites: Vec<SiteId> = Vec::new();
    for (i, s) in input.sites.iter().flatten().enumerate() {
        let field = format!("sites[{i}]");
        let site = SiteId::parse(&field, s)?;
        let owner: Option<String> = w
            .conn()
            .query_row(
                "SELECT mission_id FROM sites WHERE id = ?1",
                [site.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        if owner.as_deref() != Some(mission.as_str()) {
            return Err(err(
                field,
                format!("'{site}' is not a site of this mission"),
            ));
        }
        if !sites.contains(&site) {
            sites.push(site);
        }
    }
    people.sort();
    sites.sort();
    let opt = |v: Option<&str>| v.map_or(Value::Null, |s| Value::Text(s.to_owned()));
    w.save(
        "meeting_requests",
        id.as_str(),
        &[
            ("mission_id", Value::Text(mission.to_string())),
            ("title", opt(title.as_deref())),
            ("priority", Value::Text(input.priority.as_str().to_owned())),
            ("status", Value::Text(status.to_owned())),
            ("origin", Value::Text(origin.to_owned())),
            ("explanation", opt(explanation)),
            ("notes", opt(notes.as_deref())),
        ],
    )?;
    let rows = |v: Vec<String>| {
        v.into_iter()
            .map(|s| vec![Value::Text(s)])
            .collect::<Vec<_>>()
    };
    w.set_links(
        &PARTICIPANTS,
        id.as_str(),
        &rows(people.iter().map(|c| c.to_string()).collect()),
    )?;
    w.set_links(
        &SITES,
        id.as_str(),
        &rows(sites.iter().map(|s| s.to_string()).collect()),
    )?;
    Ok(id.to_string())
}

/// Creates or updates a request (status `requested`).
pub fn save(store: &Store, input: &RequestInput) -> Result<MeetingRequest> {
    let (origin, explanation) = match &input.id {
        Some(id) => store.read(|c| {
            Ok(c.query_row(
                "SELECT origin, explanation FROM meeting_requests WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
            )
            .optional()?
            .unwrap_or(("planner".to_owned(), None)))
        })?,
        None => ("planner".to_owned(), None),
    };
    let id = store.write("Save a meeting request", |w| {
        save_in(w, input, "requested", &origin, explanation.as_deref())
    })?;
    get(store, &input.mission_id, &id)
}

fn get(store: &Store, mission: &str, id: &str) -> Result<MeetingRequest> {
    store
        .read(|c| list(c, mission))?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| Error::NotFound {
            entity: "meeting request",
            id: id.to_owned(),
        })
}

/// Deletes a request and its proposed (not accepted) meeting.
pub fn delete(store: &Store, id: &str) -> Result<()> {
    let id = RequestId::parse("id", id)?;
    store.write("Delete a meeting request", |w| {
        let item: Option<Option<String>> = w
            .conn()
            .query_row(
                "SELECT q.item_id FROM meeting_requests q WHERE q.id = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        let Some(item) = item else {
            return Err(Error::NotFound {
                entity: "meeting request",
                id: id.to_string(),
            });
        };
        w.set_links(&PARTICIPANTS, id.as_str(), &[])?;
        w.set_links(&SITES, id.as_str(), &[])?;
        w.delete("meeting_requests", id.as_str())?;
        if let Some(item) = item {
            let proposed: bool = w
                .conn()
                .query_row(
                    "SELECT status = 'proposed' AND locked = 0 FROM agenda_items WHERE id = ?1",
                    [&item],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(false);
            if proposed {
                w.delete("agenda_items", &item)?;
            }
        }
        Ok(())
    })
}

// ---------------------------------------------------------------- suggestions

struct Profile {
    specialties: BTreeSet<String>,
    tags: BTreeSet<String>,
    /// Technologies of the person's organisation: (name, specialties).
    technologies: Vec<(String, BTreeSet<String>)>,
}

fn profiles(conn: &Connection, ids: &[String]) -> Result<HashMap<String, Profile>> {
    let mut out = HashMap::new();
    let mut spec = conn.prepare_cached(
        "SELECT specialty FROM contact_specialties WHERE contact_id = ?1
         UNION SELECT d.specialty FROM contacts c JOIN departments d ON d.id = c.department_id
               WHERE c.id = ?1 AND d.specialty IS NOT NULL",
    )?;
    let mut tags = conn.prepare_cached("SELECT tag FROM contact_tags WHERE contact_id = ?1")?;
    let mut techs = conn.prepare_cached(
        "SELECT t.id, t.name FROM technologies t JOIN contacts c
           ON c.organisation_id = t.owner_organisation_id
         WHERE c.id = ?1 AND t.archived_at IS NULL ORDER BY t.name",
    )?;
    let mut tech_spec = conn
        .prepare_cached("SELECT specialty FROM technology_specialties WHERE technology_id = ?1")?;
    for id in ids {
        let specialties = spec
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<BTreeSet<_>>>()?;
        let tag_set = tags
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<BTreeSet<_>>>()?;
        let list = techs
            .query_map([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut technologies = Vec::new();
        for (tid, name) in list {
            let s = tech_spec
                .query_map([&tid], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<BTreeSet<_>>>()?;
            technologies.push((name, s));
        }
        out.insert(
            id.clone(),
            Profile {
                specialties,
                tags: tag_set,
                technologies,
            },
        );
    }
    Ok(out)
}

/// Meetings worth having between the delegation and the host country's contacts, ranked by
/// overlap (shared specialty 3, technology of one side on the other's specialty 2, shared
/// tag 1) and explained. Pairs already requested or rejected are left out.
pub fn suggestions(conn: &Connection, mission: &str, limit: usize) -> Result<Vec<Suggestion>> {
    let (_, _, _, host_country) = mission_row(conn, mission)?;
    let names = contact_names(conn)?;
    let labels: HashMap<String, String> = conn
        .prepare_cached("SELECT code, label_en FROM specialties")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let delegates: Vec<String> = conn
        .prepare_cached(
            "SELECT m.contact_id FROM delegation_members m JOIN contacts c ON c.id = m.contact_id
             WHERE m.mission_id = ?1 AND c.archived_at IS NULL ORDER BY m.contact_id",
        )?
        .query_map([mission], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let hosts: Vec<String> = conn
        .prepare_cached(
            "SELECT c.id FROM contacts c JOIN organisations o ON o.id = c.organisation_id
             WHERE o.country = ?2 AND c.archived_at IS NULL
               AND c.id NOT IN (SELECT contact_id FROM delegation_members WHERE mission_id = ?1)
             ORDER BY c.id",
        )?
        .query_map([mission, host_country.as_str()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut known: HashSet<(String, String)> = HashSet::new();
    let participants = links(conn, mission, "meeting_request_participants", "contact_id")?;
    for people in participants.values() {
        for a in people {
            for b in people {
                known.insert((a.clone(), b.clone()));
            }
        }
    }
    let all: Vec<String> = delegates.iter().chain(&hosts).cloned().collect();
    let prof = profiles(conn, &all)?;
    let label = |code: &str| {
        labels
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
            .to_lowercase()
    };
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let mut out = Vec::new();
    for d in &delegates {
        for h in &hosts {
            if known.contains(&(d.clone(), h.clone())) {
                continue;
            }
            let (pd, ph) = (&prof[d], &prof[h]);
            let mut score = 0.0;
            let mut why = Vec::new();
            let shared: Vec<String> = pd
                .specialties
                .intersection(&ph.specialties)
                .map(|s| label(s))
                .collect();
            if !shared.is_empty() {
                score += 3.0 * shared.len() as f64;
                why.push(format!("both work on {}", shared.join(", ")));
            }
            for (a, b, pa, pb) in [(d, h, pd, ph), (h, d, ph, pd)] {
                for (tech, spec) in &pa.technologies {
                    let hit: Vec<String> = spec
                        .intersection(&pb.specialties)
                        .map(|s| label(s))
                        .collect();
                    if !hit.is_empty() {
                        score += 2.0;
                        why.push(format!(
                            "{tech} ({}'s organisation) is about {}, {}'s field",
                            name(a),
                            hit.join(", "),
                            name(b)
                        ));
                    }
                }
            }
            let tags: Vec<&String> = pd.tags.intersection(&ph.tags).collect();
            if !tags.is_empty() {
                score += tags.len() as f64;
                why.push(format!(
                    "shared interests: {}",
                    tags.iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if score > 0.0 {
                out.push(Suggestion {
                    participants: vec![
                        Named {
                            id: d.clone(),
                            name: name(d),
                        },
                        Named {
                            id: h.clone(),
                            name: name(h),
                        },
                    ],
                    score,
                    explanation: why.join("; "),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.participants[0].id.cmp(&b.participants[0].id))
            .then_with(|| a.participants[1].id.cmp(&b.participants[1].id))
    });
    out.truncate(limit);
    Ok(out)
}

/// Accepts a suggestion (it becomes a request, origin `suggestion`, with its explanation) or
/// rejects it (kept as `rejected` so that it is not suggested again).
pub fn decide_suggestion(
    store: &Store,
    mission: &str,
    participants: &[String],
    accept: bool,
    priority: Priority,
) -> Result<MeetingRequest> {
    let explanation = store
        .read(|c| suggestions(c, mission, usize::MAX))?
        .into_iter()
        .find(|s| {
            let ids: BTreeSet<&str> = s.participants.iter().map(|p| p.id.as_str()).collect();
            ids == participants.iter().map(String::as_str).collect()
        })
        .map(|s| s.explanation)
        .ok_or_else(|| err("participants", "no such suggestion (already decided?)"))?;
    let input = RequestInput {
        id: None,
        mission_id: mission.to_owned(),
        title: None,
        priority,
        participants: participants.to_vec(),
        sites: None,
        notes: None,
    };
    let label = if accept {
        "Accept a suggested meeting"
    } else {
        "Reject a suggested meeting"
    };
    let status = if accept { "requested" } else { "rejected" };
    let id = store.write(label, |w| {
        save_in(w, &input, status, "suggestion", Some(&explanation))
    })?;
    get(store, mission, &id)
}

// ---------------------------------------------------------------- scheduling

/// A mission turned into an instance, with what is needed to map the solution back.
pub struct MissionInstance {
    pub instance: Instance,
    slot_start: HashMap<String, DateTime<Utc>>,
    slot_minutes: u32,
    site_tz: HashMap<String, String>,
    site_rooms: HashMap<String, Vec<String>>,
    /// Request id → (participants, title for the item, current proposed item id).
    requests: BTreeMap<String, (Vec<String>, String, Option<String>)>,
    /// Requests already accepted in the programme (their item is not a proposal).
    accepted: usize,
    names: HashMap<String, String>,
    site_names: HashMap<String, String>,
    mission: String,
    /// (request, slot) pairs the programme's checks forbid (sessions of other sub-groups,
    /// closed sites, travel to the person's other items), with the reason in words; applied to
    /// the compiled problem.
    forbidden: HashMap<(String, String), String>,
    /// (person, slot) → what keeps the person from a meeting then (an item they attend, the day
    /// rules), in words.
    unavailable: HashMap<(String, String), String>,
    /// (person, slot) outside the person's availability windows.
    away: HashSet<(String, String)>,
    /// (request, slot) inside a sub-group's session of which every participant is a member:
    /// the meeting belongs to that sub-group and may use the session's room.
    nested: HashMap<(String, String), (String, Option<String>)>,
    /// Rooms held by other items: (room, start, end).
    held: Vec<(String, DateTime<Utc>, DateTime<Utc>)>,
    /// Room capacities (None: no limit given).
    room_capacity: HashMap<String, Option<u32>>,
}

/// Builds the mission's `passerelle.schedule/1` instance (see "Scheduling a mission" in
/// `docs/schedule-format.md`): slots of `slot_minutes` between the earliest opening and latest
/// closing of its sites, one table per room, travel by the programme checker's rule,
/// availability from the mission's windows minus the items each person attends, proposals as
/// the previous solution and locked ones as fixed meetings. What the programme's checks
/// forbid beyond the format (a sub-group's session, closed sites, travel to a person's other
/// items) is kept beside it as (request, slot) pairs, applied to the compiled problem.
pub fn build_instance(
    conn: &Connection,
    mission: &str,
    settings: &ScheduleSettings,
) -> Result<MissionInstance> {
    let (start, end, host_tz, _) = mission_row(conn, mission)?;
    let host = parse_zone("hostTz", &host_tz)?;
    if !(5..=240).contains(&settings.slot_minutes) {
        return Err(err("slotMinutes", "a slot lasts 5 to 240 minutes"));
    }
    let sites = store::sites::of_mission(conn, mission)?;
    if sites.is_empty() {
        return Err(err("sites", "the mission has no site to hold meetings"));
    }
    let parse_clock = |v: Option<&String>, default: &str| {
        NaiveTime::parse_from_str(v.map_or(default, |s| s.as_str()), "%H:%M")
            .unwrap_or_else(|_| NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
    };
    let opens = sites
        .iter()
        .map(|s| parse_clock(s.opens_at.as_ref(), "09:00"))
        .min()
        .unwrap_or_default();
    let closes = sites
        .iter()
        .map(|s| parse_clock(s.closes_at.as_ref(), "18:00"))
        .max()
        .unwrap_or_default();
    let step = ChronoDuration::minutes(i64::from(settings.slot_minutes));
    let mut slots = Vec::new();
    let mut slot_start = HashMap::new();
    let mut day = start;
    let mut days = 0;
    while day <= end && days < 60 {
        let mut t = day.and_time(opens);
        while t + step <= day.and_time(closes) {
            if let chrono::LocalResult::Single(local) = host.from_local_datetime(&t) {
                let id = t.format("%Y-%m-%dT%H:%M").to_string();
                slot_start.insert(id.clone(), local.with_timezone(&Utc));
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
    // The programme as its conflict checker sees it: the proposals must pass its checks.
    let programme = store::programme::checker_input(conn, mission)?;
    let minutes_between = |a: &str, b: &str| -> Option<u32> {
        if a == b {
            return Some(0);
        }
        let entered = |x: &str, y: &str| programme.travel.get(&(x.to_owned(), y.to_owned()));
        if let Some(&m) = entered(a, b).or_else(|| entered(b, a)) {
            return Some(m);
        }
        let site = |id: &str| programme.sites.iter().find(|s| s.id == id);
        let (x, y) = (site(a)?, site(b)?);
        crate::programme::conflicts::estimate_minutes(
            &programme.settings,
            (x.latitude?, x.longitude?),
            (y.latitude?, y.longitude?),
        )
    };
    // Sites a flight apart (no road estimate, no time entered) are never on one day.
    let flight_apart = |a: &str, b: &str| {
        let site = |id: &str| programme.sites.iter().find(|s| s.id == id);
        minutes_between(a, b).is_none()
            && site(a).zip(site(b)).is_some_and(|(x, y)| {
                matches!(
                    (x.latitude, x.longitude, y.latitude, y.longitude),
                    (Some(p), Some(q), Some(u), Some(v))
                        if crate::programme::conflicts::beyond_road((p, q), (u, v))
                )
            })
    };
    // At least a day's slots: never two such sites on one day.
    let whole_day = u32::try_from(slots.len()).unwrap_or(u32::MAX).max(1);
    let mut travel = Vec::new();
    for (i, a) in sites.iter().enumerate() {
        for b in &sites[i + 1..] {
            // The checker's journey time (the planner's figure, else its estimate), in whole
            // slots; a whole day for sites a flight apart; one slot when it cannot be estimated.
            let n = match minutes_between(&a.id, &b.id) {
                Some(m) => m.div_ceil(settings.slot_minutes),
                None if flight_apart(&a.id, &b.id) => whole_day,
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

    // Requests to schedule.
    let mut stmt = conn.prepare_cached(
        "SELECT q.id, q.title, q.priority, q.item_id, i.status, i.locked, i.starts_at, i.site_id
         FROM meeting_requests q LEFT JOIN agenda_items i ON i.id = q.item_id
         WHERE q.mission_id = ?1 AND q.status = 'requested' ORDER BY q.id",
    )?;
    let rows = stmt
        .query_map([mission], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<bool>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let people_of = links(conn, mission, "meeting_request_participants", "contact_id")?;
    let sites_of = links(conn, mission, "meeting_request_sites", "site_id")?;
    let names = contact_names(conn)?;
    let org_of: HashMap<String, String> = conn
        .prepare_cached(
            "SELECT id, organisation_id FROM contacts WHERE organisation_id IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // A site whose items all lie outside the stay (the delegation's office at home, used for a
    // briefing before leaving) is no default place for the stay's meetings.
    let meeting_sites: Vec<&crate::domain::Site> = {
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
        let kept: Vec<_> = sites
            .iter()
            .filter(|s| !home.contains(s.id.as_str()))
            .collect();
        if kept.is_empty() {
            sites.iter().collect()
        } else {
            kept
        }
    };
    let mut requests_in = Vec::new();
    let mut requests = BTreeMap::new();
    let mut fixed = Vec::new();
    let mut previous = Vec::new();
    let mut accepted = 0;
    let mut involved: BTreeSet<String> = BTreeSet::new();
    for (id, title, priority, item, status, locked, starts, site) in rows {
        let people = people_of.get(&id).cloned().unwrap_or_default();
        if people.len() < 2 {
            continue;
        }
        let proposed = status.as_deref() == Some("proposed");
        if item.is_some() && !proposed {
            accepted += 1; // already in the programme as a real item
            continue;
        }
        let title = title.unwrap_or_else(|| {
            format!(
                "Meeting: {}",
                people
                    .iter()
                    .map(|p| names.get(p).cloned().unwrap_or_else(|| p.clone()))
                    .collect::<Vec<_>>()
                    .join(" — ")
            )
        });
        if let (true, Some(s), Some(k)) = (proposed, starts.as_ref(), site.as_ref()) {
            let at = parse_stored(s)?;
            if let Some((slot, _)) = slot_start.iter().find(|(_, &t)| t == at) {
                let m = super::schedule::Meeting {
                    request: id.clone(),
                    slot: slot.clone(),
                    site: k.clone(),
                };
                if locked == Some(true) {
                    fixed.push(m);
                } else {
                    previous.push(m);
                }
            }
        }
        involved.extend(people.iter().cloned());
        requests_in.push(RequestIn {
            id: id.clone(),
            participants: people.clone(),
            weight: Priority::parse(&priority).weight(),
            sites: sites_of.get(&id).cloned().unwrap_or_else(|| {
                // By default, the sites of a participant's organisation (the host's hospital),
                // else any site of the mission (of the stay's).
                let own: Vec<String> = meeting_sites
                    .iter()
                    .filter(|s| {
                        people.iter().any(|p| {
                            s.organisation
                                .as_ref()
                                .is_some_and(|o| org_of.get(p) == Some(&o.id))
                        })
                    })
                    .map(|s| s.id.clone())
                    .collect();
                if own.is_empty() {
                    meeting_sites.iter().map(|s| s.id.clone()).collect()
                } else {
                    own
                }
            }),
        });
        requests.insert(id, (people, title, if proposed { item } else { None }));
    }

    // Availability: windows, minus the items each person already attends.
    let windows = {
        let mut map: HashMap<String, Vec<Span>> = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT contact_id, starts_at, ends_at FROM availabilities WHERE mission_id = ?1",
        )?;
        for row in stmt.query_map([mission], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (c, s, e) = row?;
            map.entry(c)
                .or_default()
                .push((parse_stored(&s)?, parse_stored(&e)?));
        }
        map
    };
    let members: Vec<(String, Option<String>)> = conn
        .prepare_cached(
            "SELECT contact_id, subgroup_id FROM delegation_members WHERE mission_id = ?1",
        )?
        .query_map([mission], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // Person → the items they attend: (span, title).
    let mut busy: HashMap<String, Vec<(Span, String)>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT i.title, i.starts_at, i.ends_at, i.subgroup_id,
                    (SELECT group_concat(contact_id, ' ') FROM agenda_participants p WHERE p.item_id = i.id)
             FROM agenda_items i
             WHERE i.mission_id = ?1 AND i.status <> 'cancelled'
               AND NOT (i.status = 'proposed' AND i.id IN (SELECT item_id FROM meeting_requests WHERE item_id IS NOT NULL))
               AND NOT (i.kind = 'meeting' AND i.subgroup_id IS NOT NULL AND i.locked = 0)",
        )?;
        let rows = stmt
            .query_map([mission], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (title, s, e, group, parts) in rows {
            let span = (parse_stored(&s)?, parse_stored(&e)?);
            let mut who: Vec<String> = parts
                .map(|p| p.split(' ').map(str::to_owned).collect())
                .unwrap_or_default();
            match &group {
                Some(g) => who.extend(
                    members
                        .iter()
                        .filter(|m| m.1.as_ref() == Some(g))
                        .map(|m| m.0.clone()),
                ),
                None if who.is_empty() => who.extend(members.iter().map(|m| m.0.clone())),
                None => {}
            }
            for c in who {
                busy.entry(c).or_default().push((span, title.clone()));
            }
        }
    }
    // The checker's day rules, per person and day: the day (first start to last end of their
    // other items) stays within the longest day, and a person without a meal in the lunch
    // window who could be busy on both sides of it keeps a lunch-long block free.
    let replaced_items: HashSet<&str> = requests.values().filter_map(|r| r.2.as_deref()).collect();
    let mut items_of: HashMap<&str, Vec<&crate::programme::conflicts::Item>> = HashMap::new();
    for item in &programme.items {
        if !item.cancelled && !replaced_items.contains(item.id.as_str()) {
            for person in &item.people {
                items_of.entry(person.as_str()).or_default().push(item);
            }
        }
    }
    let day_rules = &programme.settings;
    let clock = |t: &str, h: u32, m: u32| {
        NaiveTime::parse_from_str(t, "%H:%M")
            .unwrap_or_else(|_| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default())
    };
    let (lunch_from, lunch_to) = (
        clock(&day_rules.lunch_from, 11, 30),
        clock(&day_rules.lunch_to, 14, 30),
    );
    let lunch = ChronoDuration::minutes(i64::from(day_rules.lunch_minutes));
    let longest = ChronoDuration::minutes(i64::from(day_rules.max_day_minutes));
    let day_of = |t: DateTime<Utc>| t.with_timezone(&host).date_naive();
    let at = |day: NaiveDate, t: NaiveTime| {
        host.from_local_datetime(&day.and_time(t))
            .earliest()
            .map(|d| d.with_timezone(&Utc))
    };
    // (person, slot) → what keeps the person from a meeting then, in words.
    let mut unavailable: HashMap<(String, String), String> = HashMap::new();
    let mut away: HashSet<(String, String)> = HashSet::new();
    let participants = involved
        .iter()
        .map(|c| {
            let name = names.get(c).map_or(c.as_str(), String::as_str);
            let base: Vec<&SlotIn> = slots
                .iter()
                .filter(|s| {
                    let from = slot_start[&s.id];
                    let to = from + step;
                    let inside = windows
                        .get(c)
                        .is_none_or(|w| w.iter().any(|&(a, b)| a <= from && to <= b));
                    let item = busy.get(c).and_then(|w| {
                        w.iter()
                            .find(|((a, b), _)| *a < to && from < *b)
                            .map(|(_, title)| title)
                    });
                    if !inside {
                        away.insert((c.clone(), s.id.clone()));
                    }
                    if let Some(title) = item {
                        let cause = format!("{name} is at “{title}”");
                        unavailable.insert((c.clone(), s.id.clone()), cause);
                    }
                    inside && item.is_none()
                })
                .collect();
            let mine = items_of.get(c.as_str()).map_or(&[][..], Vec::as_slice);
            // Spans kept free by the day rules, with the rule in words.
            let mut blocked: Vec<(DateTime<Utc>, DateTime<Utc>, String)> = Vec::new();
            let long_day = format!(
                "{name}'s day would last over {}",
                crate::programme::conflicts::duration_text(longest.num_minutes())
            );
            let days: BTreeSet<NaiveDate> =
                base.iter().map(|s| day_of(slot_start[&s.id])).collect();
            for day in days {
                let today: Vec<_> = mine.iter().filter(|i| day_of(i.start) == day).collect();
                // The person's day stays inside one window of the longest day's length that
                // holds their other items: the one that keeps most of their available slots.
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
                // The first lunch-long block of the window, from a slot boundary, that none of
                // the person's other items overlaps.
                let block = slots
                    .iter()
                    .map(|s| slot_start[&s.id])
                    .filter(|&t| w0 <= t && t + lunch <= w1)
                    .chain(std::iter::once(w0))
                    .find(|&t| today.iter().all(|i| i.end <= t || t + lunch <= i.start));
                if let Some(t) = block {
                    blocked.push((t, t + lunch, format!("{name}'s lunch break")));
                }
            }
            let available = base
                .iter()
                .filter(|s| {
                    let from = slot_start[&s.id];
                    let to = from + step;
                    match blocked.iter().find(|(a, b, _)| *a < to && from < *b) {
                        Some((_, _, rule)) => {
                            unavailable.insert((c.clone(), s.id.clone()), rule.clone());
                            false
                        }
                        None => true,
                    }
                })
                .map(|s| s.id.clone())
                .collect();
            ParticipantIn {
                id: c.clone(),
                available,
                max_meetings: None,
            }
        })
        .collect();
    // What the programme's checks forbid, per request and slot.
    let replaced: HashSet<&str> = requests.values().filter_map(|r| r.2.as_deref()).collect();
    let live: Vec<&crate::programme::conflicts::Item> = programme
        .items
        .iter()
        .filter(|i| !i.cancelled && !replaced.contains(i.id.as_str()))
        .collect();
    let sessions: Vec<&&crate::programme::conflicts::Item> =
        live.iter().filter(|i| i.session).collect();
    let mut forbidden = HashMap::new();
    let mut nested = HashMap::new();
    for r in &requests_in {
        for slot in &slots {
            let from = slot_start[&slot.id];
            let to = from + step;
            let key = (r.id.clone(), slot.id.clone());
            // A person in a session is there for the sub-group's meetings only: a meeting in
            // that time must lie inside it with every participant a member.
            let mut inside: Option<&crate::programme::conflicts::Item> = None;
            let mut refused: Option<String> = None;
            for session in &sessions {
                if session.end <= from || to <= session.start {
                    continue;
                }
                if !r.participants.iter().any(|p| session.people.contains(p)) {
                    continue;
                }
                let members = r.participants.iter().all(|p| session.people.contains(p));
                if members && session.start <= from && to <= session.end && inside.is_none() {
                    inside = Some(session);
                } else if refused.is_none() {
                    let who = r
                        .participants
                        .iter()
                        .find(|p| session.people.contains(p))
                        .map_or("", |p| names.get(p).map_or(p.as_str(), String::as_str));
                    refused = Some(format!(
                        "{who} is in the session “{}” of another sub-group",
                        session.title
                    ));
                }
            }
            // Every allowed site open for the whole slot (in the site's zone).
            let closed = r.sites.iter().find_map(|k| {
                programme
                    .sites
                    .iter()
                    .find(|x| &x.id == k)
                    .filter(|site| {
                        let (a, b) = (from.with_timezone(&site.tz), to.with_timezone(&site.tz));
                        site.opens.is_some_and(|o| a.time() < o)
                            || site
                                .closes
                                .is_some_and(|c| b.date_naive() > a.date_naive() || b.time() > c)
                    })
                    .map(|site| format!("{} is closed", site.name))
            });
            // Time to travel from and to each participant's other items at another site, during
            // the stay (an item before the delegation's arrival or after its departure, such as
            // a briefing at home, owes no journey to the mission's meetings).
            let far = || {
                r.participants.iter().find_map(|p| {
                    live.iter().find_map(|item| {
                        let there = item.site.as_deref()?;
                        if !item.people.contains(p)
                            || inside.is_some_and(|x| x.id == item.id)
                            || programme.outside_stay(item)
                        {
                            return None;
                        }
                        let tight = r.sites.iter().any(|k| {
                            let need = ChronoDuration::minutes(i64::from(
                                minutes_between(k, there).unwrap_or(0),
                            ));
                            k != there
                                && ((item.end <= from && from - item.end < need)
                                    || (to <= item.start && item.start - to < need))
                        });
                        tight.then(|| {
                            let site = programme
                                .sites
                                .iter()
                                .find(|x| x.id == there)
                                .map_or(there, |x| x.name.as_str());
                            let who = names.get(p).map_or(p.as_str(), String::as_str);
                            format!(
                                "{who} cannot travel in time to or from “{}” at {site}",
                                item.title
                            )
                        })
                    })
                })
            };
            if let Some(why) = refused.or(closed).or_else(far) {
                forbidden.insert(key, why);
            } else if let (Some(session), Some(group)) =
                (inside, inside.and_then(|x| x.subgroup.clone()))
            {
                nested.insert(key, (group, session.room.clone()));
            }
        }
    }
    let held = live
        .iter()
        .filter_map(|i| i.room.clone().map(|room| (room, i.start, i.end)))
        .collect();
    let room_capacity = programme
        .rooms
        .iter()
        .map(|r| (r.id.clone(), r.capacity))
        .collect();

    let instance = Instance {
        format: INSTANCE_FORMAT.to_owned(),
        slots,
        sites: sites
            .iter()
            .map(|s| SiteIn {
                id: s.id.clone(),
                tables: s.rooms.len().max(1) as u32,
            })
            .collect(),
        travel,
        participants,
        requests: requests_in,
        fixed,
        previous,
    };
    Ok(MissionInstance {
        instance,
        slot_start,
        slot_minutes: settings.slot_minutes,
        site_tz: sites.iter().map(|s| (s.id.clone(), s.tz.clone())).collect(),
        site_rooms: sites
            .iter()
            .map(|s| (s.id.clone(), s.rooms.iter().map(|r| r.id.clone()).collect()))
            .collect(),
        requests,
        accepted,
        names,
        site_names: sites
            .iter()
            .map(|s| (s.id.clone(), s.name.clone()))
            .collect(),
        mission: mission.to_owned(),
        forbidden,
        unavailable,
        away,
        nested,
        held,
        room_capacity,
    })
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
    let mi = store.read(|c| build_instance(c, mission, settings))?;
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
    store.write("Schedule meetings", |w| {
        w.scope_to_mission(mission)?;
        for (req, (people, title, old_item)) in &mi.requests {
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
                        title: title.clone(),
                        description: Some("Proposed by the scheduler.".to_owned()),
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
                        technologies: Vec::new(),
                        departments: Vec::new(),
                    }
                    .validate()?;
                    // A locked proposal is kept as it is.
                    let locked: bool = w
                        .conn()
                        .query_row(
                            "SELECT locked FROM agenda_items WHERE id = ?1",
                            [item_id.as_str()],
                            |r| r.get(0),
                        )
                        .optional()?
                        .unwrap_or(false);
                    if !locked {
                        store::agenda::save(w, &record)?;
                    }
                    w.save(
                        "meeting_requests",
                        req,
                        &[("item_id", Value::Text(item_id.to_string()))],
                    )?;
                }
                (None, Some(old)) => {
                    w.save("meeting_requests", req, &[("item_id", Value::Null)])?;
                    // Links cleared through the log first, so that undo restores them too.
                    for link in store::agenda::LINKS {
                        w.set_links(link, old, &[])?;
                    }
                    w.delete("agenda_items", old)?;
                }
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
        .map(|u| LeftOut {
            request: u.request.clone(),
            title: mi
                .requests
                .get(&u.request)
                .map(|r| r.1.clone())
                .unwrap_or_default(),
            reason: mi
                .no_slot(&u.request)
                .unwrap_or_else(|| humanise(&u.reason, &mi)),
        })
        .collect();
    let _ = &mi.mission;
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

impl MissionInstance {
    /// Why a request fits in no slot at all; `None` when some slot is open to it (then the
    /// solver's own reason stands). Among the slots when every participant is available (their
    /// windows), it names what rules them out (an item a participant attends, the day rules, a
    /// session of another sub-group, a closed site, the journey to or from an item): first the
    /// causes of the slots with the fewest (the nearest misses), then the others.
    fn no_slot(&self, request: &str) -> Option<String> {
        let people = &self.requests.get(request)?.0;
        let key = |p: &String, slot: &SlotIn| (p.clone(), slot.id.clone());
        let mut per_slot: Vec<Vec<&str>> = Vec::new();
        for slot in &self.instance.slots {
            if people.iter().any(|p| self.away.contains(&key(p, slot))) {
                continue;
            }
            let causes: Vec<&str> = people
                .iter()
                .filter_map(|p| self.unavailable.get(&key(p, slot)))
                .chain(self.forbidden.get(&(request.to_owned(), slot.id.clone())))
                .map(String::as_str)
                .collect();
            if causes.is_empty() {
                return None;
            }
            per_slot.push(causes);
        }
        if per_slot.is_empty() {
            let names: Vec<&str> = people
                .iter()
                .map(|p| self.names.get(p).map_or(p.as_str(), String::as_str))
                .collect();
            return Some(format!(
                "{} are never all available at once (their availability)",
                names.join(", ")
            ));
        }
        fn tally<'a>(list: &mut Vec<(&'a str, usize)>, cause: &'a str) {
            match list.iter_mut().find(|(c, _)| *c == cause) {
                Some((_, n)) => *n += 1,
                None => list.push((cause, 1)),
            }
        }
        let fewest = per_slot.iter().map(Vec::len).min().unwrap_or(0);
        let (mut nearest, mut others) = (Vec::new(), Vec::new());
        for causes in &per_slot {
            for &cause in causes {
                tally(
                    if causes.len() == fewest {
                        &mut nearest
                    } else {
                        &mut others
                    },
                    cause,
                );
            }
        }
        others.retain(|(c, _)| !nearest.iter().any(|(n, _)| n == c));
        let within = (per_slot.len() < self.instance.slots.len()).then_some(per_slot.len());
        Some(super::schedule::reasons::no_slot(within, &nearest, &others))
    }
}

/// Replaces contact and site ids in a reason by their names.
fn humanise(reason: &str, mi: &MissionInstance) -> String {
    reason
        .split(' ')
        .map(|word| {
            let (core, tail) = match word.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                Some(i) => word.split_at(i),
                None => (word, ""),
            };
            match mi.names.get(core).or_else(|| mi.site_names.get(core)) {
                Some(n) => format!("{n}{tail}"),
                None => word.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
