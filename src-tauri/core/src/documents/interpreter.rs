//! The interpreter's briefing pack (issue 18, part 5): for an interpreter (a person booked on
//! items like any other, usually a delegation member with the role "interpreter"), the items
//! they work at day by day — times in the host zone, the place —, under each item the people
//! they will interpret for (name, organisation, the languages they speak) and the technologies
//! presented, then those technologies with their owner and description, to prepare the
//! vocabulary. Put into words here; `templates/interpreter.typ` lays it out.

use super::briefing::{person_with_skills, specialty_labels};
use super::facts::{MissionFacts, Person};
use super::locale::{self, Langs};
use super::views;
use crate::domain::AgendaItemFacts;
use crate::error::Result;
use crate::store;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// The JSON handed to `interpreter.typ`: one pack for `who`, or one after another for every
/// member of the delegation whose role is "interpreter" (`None`).
pub fn document(
    conn: &Connection,
    f: &MissionFacts,
    langs: &Langs,
    who: Option<&str>,
) -> Result<Value> {
    let people: Vec<&Person> = match who {
        Some(id) => vec![f.person(id)?],
        None => f
            .detail
            .delegation
            .iter()
            .filter(|m| m.role == "interpreter")
            .filter_map(|m| f.people.get(&m.contact.id))
            .collect(),
    };
    let specialties = specialty_labels(conn)?;
    let mut known: HashMap<String, Value> = HashMap::new();
    let mut packs = Vec::new();
    for p in people {
        packs.push(pack(conn, f, langs, &specialties, &mut known, p)?);
    }
    let mut out = views::header(f, langs, "doc.interpreter");
    out["packs"] = json!(packs);
    Ok(out)
}

fn pack(
    conn: &Connection,
    f: &MissionFacts,
    langs: &Langs,
    specialties: &HashMap<String, crate::domain::Specialty>,
    known: &mut HashMap<String, Value>,
    p: &Person,
) -> Result<Value> {
    let mine: Vec<&AgendaItemFacts> = f.items.iter().filter(|i| f.concerns(i, &p.id)).collect();
    let days: Vec<Value> = f
        .days(&mine)
        .iter()
        .map(|(d, items)| views::day_view(f, langs, *d, items, false))
        .collect();
    let mut extras = Vec::new();
    let mut technologies: Vec<Value> = Vec::new();
    let mut seen_technologies = HashSet::new();
    for item in &mine {
        // Whom they interpret for: the people named on the item, else those the item is for
        // (the delegation or its sub-group); never the interpreter.
        let ids: Vec<&str> = if item.participants.is_empty() {
            f.detail
                .delegation
                .iter()
                .map(|m| m.contact.id.as_str())
                .filter(|id| f.concerns(item, id))
                .collect()
        } else {
            item.participants.iter().map(|r| r.id.as_str()).collect()
        };
        let mut people = Vec::new();
        for id in ids.into_iter().filter(|id| *id != p.id) {
            let Some(person) = f.people.get(id) else {
                continue;
            };
            if !known.contains_key(id) {
                let view = person_with_skills(conn, f, langs, specialties, person)?;
                known.insert(id.to_owned(), view);
            }
            let view = &known[id];
            people.push(json!({
                "name": views::soft_wrap(&person.full()),
                "organisation": view["organisation"],
                "languages": view["languages"],
            }));
        }
        let names: Vec<String> = item
            .technologies
            .iter()
            .map(|t| views::technology_name(f, langs, t))
            .collect();
        for t in &item.technologies {
            if !seen_technologies.insert(t.id.clone()) {
                continue;
            }
            let tech = store::technologies::get(conn, &t.id)?;
            let owner = tech
                .owner_id
                .as_deref()
                .map(|id| store::organisations::get(conn, id))
                .transpose()?;
            technologies.push(json!({
                "name": views::named(langs, &tech.names, &tech.name),
                "owner": owner.map(|o| views::soft_wrap(&o.name)),
                "description": tech.description.as_deref().map(views::soft_wrap),
            }));
        }
        extras.push(json!({ "id": item.id, "people": people, "technologies": names.join(", ") }));
    }
    let mut view = person_with_skills(conn, f, langs, specialties, p)?;
    view["count"] = json!(langs.map(|l| locale::count(l, "itinerary.items", mine.len())));
    Ok(json!({
        "person": view,
        "days": days,
        "extras": extras,
        "technologies": technologies,
    }))
}
