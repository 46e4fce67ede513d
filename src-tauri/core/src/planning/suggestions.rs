//! Meetings the data suggests between the delegation and the host country's contacts, from
//! overlapping specialties, technologies and tags, with why; accepting one makes it a request.

use super::requests::{get, save_in, MeetingRequest, Named, Priority, RequestInput};
use crate::error::{Error, Result};
use crate::store::profiles;
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
    pub explanation: String,
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
            .map_or_else(|| code.to_owned(), |l| l.en.clone())
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
        .ok_or_else(|| {
            Error::validation("participants", "no such suggestion (already decided?)")
        })?;
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
