//! Meeting requests of a mission: who wants to meet whom, with a priority, the allowed
//! sites and the technologies it is about. The views the window and the CLI show, and the checks a request passes before the
//! store saves it (`store::requests`).
//!
//! Priorities weigh **must 10, should 3, could 1**: one must-meeting is worth more than three
//! should-meetings, and a should more than any two coulds — the order planners use.

use crate::documents::locale::Lang;
use crate::domain::ItemStatus;
use crate::error::{Error, Result};
use crate::ids::{ContactId, MissionId, RequestId, SiteId, TechnologyId};
use crate::messages::Message;
use crate::store::requests::{self as stored, RequestRecord};
use crate::store::Writer;
use crate::time::{format_in, parse_stored, parse_zone};
use crate::Store;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

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
    pub(crate) fn parse(s: &str) -> Priority {
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
    /// Why it was suggested, in English (the CLI's); `why` holds the reasons as messages.
    pub explanation: Option<String>,
    pub why: Vec<Message>,
    pub notes: Option<String>,
    pub participants: Vec<Named>,
    /// Allowed sites; empty means any site of the mission.
    pub sites: Vec<Named>,
    /// The technologies the meeting is about; the meeting the scheduler places inherits them.
    pub technologies: Vec<Named>,
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
    /// Technology ids; none or empty: no technology named.
    #[serde(default)]
    #[ts(optional)]
    pub technologies: Option<Vec<String>>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
}

/// A stored explanation: the suggestion's reasons as JSON messages, or an English sentence
/// (requests accepted before the reasons were codes). Returns (English text, messages).
fn explanation(stored: Option<String>) -> (Option<String>, Vec<Message>) {
    #[derive(Deserialize)]
    struct Stored {
        code: String,
        #[serde(default)]
        params: BTreeMap<String, String>,
    }
    let Some(text) = stored else {
        return (None, Vec::new());
    };
    match serde_json::from_str::<Vec<Stored>>(&text) {
        Ok(list) => {
            let why: Vec<Message> = list
                .into_iter()
                .filter_map(|m| Message::known(&m.code, m.params))
                .collect();
            (Some(super::suggestions::joined(&why, Lang::En)), why)
        }
        Err(_) => (Some(text), Vec::new()),
    }
}

/// Every request of a mission, requested ones first, then by priority.
pub fn list(conn: &rusqlite::Connection, mission: &str) -> Result<Vec<MeetingRequest>> {
    stored::mission_frame(conn, mission)?;
    let names = stored::contact_names(conn)?;
    let rows = stored::of_mission(conn, mission)?;
    let participants = stored::participants(conn, mission)?;
    let sites = stored::allowed_sites(conn, mission)?;
    let site_names = stored::site_names(conn, mission)?;
    let technologies = stored::technologies(conn, mission)?;
    let technology_names = stored::technology_names(conn)?;
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
    for row in rows {
        let (explanation, why) = explanation(row.explanation);
        let item_status = row.item_status.as_deref().and_then(ItemStatus::parse);
        let item_start = match (row.item_starts_at, row.item_tz) {
            (Some(s), Some(z)) => Some(format_in(parse_stored(&s)?, parse_zone("tz", &z)?)),
            _ => None,
        };
        out.push(MeetingRequest {
            participants: named(participants.get(&row.id), &names),
            sites: named(sites.get(&row.id), &site_names),
            technologies: named(technologies.get(&row.id), &technology_names),
            id: row.id,
            mission_id: mission.to_owned(),
            title: row.title,
            priority: Priority::parse(&row.priority),
            status: row.status,
            origin: row.origin,
            explanation,
            why,
            notes: row.notes,
            item_id: row.item_id,
            item_status,
            item_start,
            item_site: row.item_site,
        });
    }
    Ok(out)
}

/// Checks a request's input against the mission and saves it through the writer.
pub(crate) fn save_in(
    w: &mut Writer<'_>,
    input: &RequestInput,
    status: &str,
    origin: &str,
    explanation: Option<&str>,
) -> Result<String> {
    let mission = MissionId::parse("missionId", &input.mission_id)?;
    stored::ensure_mission(w, &mission)?;
    let id = match &input.id {
        Some(id) => {
            let id = RequestId::parse("id", id)?;
            match stored::mission_of(w, id.as_str())? {
                None => {
                    return Err(Error::NotFound {
                        entity: "meeting request",
                        id: id.to_string(),
                    })
                }
                Some(m) if m != mission.as_str() => {
                    return Err(Error::invalid(
                        "id",
                        Message::new("requestOfAnotherMission"),
                    ))
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
        stored::ensure_contact(w, &field, &c)?;
        if !people.contains(&c) {
            people.push(c);
        }
    }
    if people.len() < 2 {
        return Err(Error::invalid(
            "participants",
            Message::new("meetingNeedsTwo"),
        ));
    }
    let mut sites: Vec<SiteId> = Vec::new();
    for (i, s) in input.sites.iter().flatten().enumerate() {
        let field = format!("sites[{i}]");
        let site = SiteId::parse(&field, s)?;
        if stored::mission_of_site(w, site.as_str())?.as_deref() != Some(mission.as_str()) {
            return Err(Error::invalid(field, Message::new("siteOfAnotherMission")));
        }
        if !sites.contains(&site) {
            sites.push(site);
        }
    }
    let mut technologies: Vec<TechnologyId> = Vec::new();
    for (i, t) in input.technologies.iter().flatten().enumerate() {
        let field = format!("technologies[{i}]");
        let technology = TechnologyId::parse(&field, t)?;
        stored::ensure_technology(w, &field, &technology)?;
        if !technologies.contains(&technology) {
            technologies.push(technology);
        }
    }
    people.sort();
    sites.sort();
    technologies.sort();
    stored::save(
        w,
        &RequestRecord {
            id: &id,
            mission: &mission,
            title: title.as_deref(),
            priority: input.priority.as_str(),
            status,
            origin,
            explanation,
            notes: notes.as_deref(),
            participants: &people,
            sites: &sites,
            technologies: &technologies,
        },
    )?;
    Ok(id.to_string())
}

/// Creates or updates a request (status `requested`).
pub fn save(store: &Store, input: &RequestInput) -> Result<MeetingRequest> {
    let (origin, explanation) = match &input.id {
        Some(id) => store
            .read(|c| stored::origin(c, id))?
            .unwrap_or(("planner".to_owned(), None)),
        None => ("planner".to_owned(), None),
    };
    let id = store.write("action.saveRequest", |w| {
        save_in(w, input, "requested", &origin, explanation.as_deref())
    })?;
    get(store, &input.mission_id, &id)
}

pub(crate) fn get(store: &Store, mission: &str, id: &str) -> Result<MeetingRequest> {
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
    store.write("action.deleteRequest", |w| stored::delete(w, &id))
}
