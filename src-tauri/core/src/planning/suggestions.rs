//! Meetings the data suggests between the delegation and the host country's contacts, from
//! overlapping specialties, technologies and tags, with why; accepting one makes it a request.

use super::requests::{get, save_in, MeetingRequest, Named, Priority, RequestInput};
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::store::profiles::{self, SpecialtyLabels};
use crate::store::requests as stored;
use crate::Store;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeSet, HashSet};

/// A meeting the data suggests, with why.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Suggestion {
    pub participants: Vec<Named>,
    pub score: f64,
    /// Why, in English (the CLI's): the reasons of `why` joined.
    pub explanation: String,
    /// Why: "both work on cardiology", in the planner's language (specialty labels come in
    /// each language, `specialties@fr`…).
    pub why: Vec<Message>,
}

/// Reasons joined in `lang`.
pub(crate) fn joined(why: &[Message], lang: crate::documents::locale::Lang) -> String {
    why.iter()
        .map(|m| m.render(lang))
        .collect::<Vec<_>>()
        .join(&Message::new("why.separator").render(lang))
}

/// A message naming specialties (a `{specialties:list}`): their labels in each language,
/// lowercase ("cardiology and medical imaging"), as `specialties` (English), `specialties@fr`
/// and `specialties@zh-TW`.
fn with_specialties(message: Message, labels: &[SpecialtyLabels]) -> Message {
    let list = |f: fn(&SpecialtyLabels) -> &String| -> Vec<String> {
        labels.iter().map(|l| f(l).to_lowercase()).collect()
    };
    message
        .with_list("specialties", &list(|l| &l.en))
        .with_list("specialties@fr", &list(|l| &l.fr))
        .with_list("specialties@zh-TW", &list(|l| &l.zh))
}

/// Meetings worth having between the delegation and the host country's contacts, ranked by
/// overlap (shared specialty 3, technology of one side on the other's specialty 2, shared
/// tag 1) and explained. Pairs already requested or rejected are left out.
pub fn suggestions(conn: &Connection, mission: &str, limit: usize) -> Result<Vec<Suggestion>> {
    let host_country = stored::mission_frame(conn, mission)?.host_country;
    let names = stored::contact_names(conn)?;
    let labels = profiles::specialty_labels(conn)?;
    let delegates = profiles::delegates(conn, mission)?;
    let hosts = profiles::hosts(conn, mission, &host_country)?;
    let mut known: HashSet<(String, String)> = HashSet::new();
    let participants = stored::participants(conn, mission)?;
    for people in participants.values() {
        for a in people {
            for b in people {
                known.insert((a.clone(), b.clone()));
            }
        }
    }
    let all: Vec<String> = delegates.iter().chain(&hosts).cloned().collect();
    let prof = profiles::profiles(conn, &all)?;
    let label = |code: &str| {
        labels
            .get(code)
            .cloned()
            .unwrap_or_else(|| SpecialtyLabels {
                en: code.to_owned(),
                fr: code.to_owned(),
                zh: code.to_owned(),
            })
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
            let shared: Vec<SpecialtyLabels> = pd
                .specialties
                .intersection(&ph.specialties)
                .map(|s| label(s))
                .collect();
            if !shared.is_empty() {
                score += 3.0 * shared.len() as f64;
                why.push(with_specialties(
                    Message::new("why.sharedSpecialties"),
                    &shared,
                ));
            }
            for (a, b, pa, pb) in [(d, h, pd, ph), (h, d, ph, pd)] {
                for (tech, spec) in &pa.technologies {
                    let hit: Vec<SpecialtyLabels> = spec
                        .intersection(&pb.specialties)
                        .map(|s| label(s))
                        .collect();
                    if !hit.is_empty() {
                        score += 2.0;
                        let message = Message::new("why.technology")
                            .with("technology", tech)
                            .with("owner", name(a))
                            .with("person", name(b));
                        why.push(with_specialties(message, &hit));
                    }
                }
            }
            let tags: Vec<&String> = pd.tags.intersection(&ph.tags).collect();
            if !tags.is_empty() {
                score += tags.len() as f64;
                let tags: Vec<&str> = tags.iter().map(|t| t.as_str()).collect();
                why.push(Message::new("why.sharedTags").with_list("tags", &tags));
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
                    explanation: joined(&why, crate::documents::locale::Lang::En),
                    why,
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
    let why = store
        .read(|c| suggestions(c, mission, usize::MAX))?
        .into_iter()
        .find(|s| {
            let ids: BTreeSet<&str> = s.participants.iter().map(|p| p.id.as_str()).collect();
            ids == participants.iter().map(String::as_str).collect()
        })
        .map(|s| s.why)
        .ok_or_else(|| Error::invalid("participants", Message::new("noSuchSuggestion")))?;
    // Stored as its messages (JSON), so that it reads in the planner's language.
    let explanation = serde_json::to_string(&why).unwrap_or_default();
    let input = RequestInput {
        id: None,
        mission_id: mission.to_owned(),
        title: None,
        priority,
        participants: participants.to_vec(),
        sites: None,
        technologies: None,
        notes: None,
    };
    let label = if accept {
        "action.acceptSuggestion"
    } else {
        "action.rejectSuggestion"
    };
    let status = if accept { "requested" } else { "rejected" };
    let id = store.write(label, |w| {
        save_in(w, &input, status, "suggestion", Some(&explanation))
    })?;
    get(store, mission, &id)
}
