//! The briefing book (issue 17, part 4): one PDF per mission for everyone who meets the
//! delegation — the objectives, who's who of the delegation and of the hosts (organisation, role,
//! specialties, languages), the technologies each side presents, the programme, and the sites
//! with their addresses, hours and access notes. Put into words here, in the chosen language(s);
//! `templates/briefing.typ` lays it out.

use super::facts::{natural_key, MissionFacts, Person};
use super::locale::{self, Lang, Langs};
use super::views;
use crate::domain::AgendaItemFacts;
use crate::error::Result;
use crate::store;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// The JSON handed to `briefing.typ`.
pub fn document(conn: &Connection, f: &MissionFacts, langs: &Langs) -> Result<Value> {
    let specialties = specialty_labels(conn)?;
    let person = |p: &Person| person_with_skills(conn, f, langs, &specialties, p);

    let delegation: Vec<Value> = f
        .detail
        .delegation
        .iter()
        .filter(|m| m.role != "host")
        .filter_map(|m| f.people.get(&m.contact.id))
        .map(person)
        .collect::<Result<_>>()?;
    let mut hosts: Vec<&Person> = f
        .people
        .values()
        .filter(|p| p.member_role.as_deref().is_none_or(|r| r == "host"))
        .collect();
    hosts.sort_by_cached_key(|p| (natural_key(&p.name), p.id.clone()));
    let hosts: Vec<Value> = hosts.into_iter().map(person).collect::<Result<_>>()?;

    // The technologies the programme shows, by the side that presents them: the delegation's
    // when their owner is of the delegation's country, else the hosts'.
    let origin = f.detail.mission.origin_country.to_ascii_uppercase();
    let mut seen = HashSet::new();
    let (mut theirs, mut ours) = (Vec::new(), Vec::new());
    let shown: Vec<&AgendaItemFacts> = f.items.iter().collect();
    for item in &shown {
        for t in &item.technologies {
            if !seen.insert(t.id.clone()) {
                continue;
            }
            let tech = store::technologies::get(conn, &t.id)?;
            let owner = tech
                .owner_id
                .as_deref()
                .map(|id| store::organisations::get(conn, id))
                .transpose()?;
            let from_delegation = owner
                .as_ref()
                .is_some_and(|o| o.country.eq_ignore_ascii_case(&origin));
            let sessions: Vec<String> = shown
                .iter()
                .filter(|i| i.technologies.iter().any(|x| x.id == t.id))
                .map(|i| {
                    let at = i.starts_at.with_timezone(&f.host);
                    langs
                        .map(|l| {
                            format!(
                                "{} {}",
                                locale::short_date(l, at.date_naive()),
                                views::hm(at)
                            )
                        })
                        .joined()
                })
                .collect();
            let view = json!({
                "name": views::named(langs, &tech.names, &tech.name),
                "owner": owner.map(|o| views::soft_wrap(&o.name)),
                "description": tech.description.as_deref().map(views::soft_wrap),
                "sessions": sessions.join(", "),
            });
            if from_delegation {
                theirs.push(view);
            } else {
                ours.push(view);
            }
        }
    }
    let by_name = |v: &Value| natural_key(v["name"].as_str().unwrap_or(""));
    theirs.sort_by_cached_key(by_name);
    ours.sort_by_cached_key(by_name);

    let days: Vec<Value> = f
        .days(&shown)
        .iter()
        .map(|(d, items)| views::day_view(f, langs, *d, items, true))
        .collect();
    let sites: Vec<Value> = f
        .detail
        .sites
        .iter()
        .map(|s| {
            let hours = match (&s.opens_at, &s.closes_at) {
                (Some(a), Some(b)) => Some(format!("{a}–{b}")),
                _ => None,
            };
            json!({
                "name": views::soft_wrap(&s.name),
                "organisation": s.organisation.as_ref().map(|o| views::soft_wrap(&o.name)),
                "address": f.sites.get(&s.id).and_then(|x| x.1.clone()).map(|a| views::soft_wrap(&a)),
                "hours": hours,
                "access": s.access_notes.as_deref().map(views::soft_wrap),
                "rooms": s.rooms.iter().map(|r| views::soft_wrap(&r.name)).collect::<Vec<_>>(),
            })
        })
        .collect();

    let mut out = views::header(f, langs, "doc.briefing");
    out["delegationCount"] =
        json!(langs.fill("cover.people", &[("n", &delegation.len().to_string())]));
    out["hostsCount"] = json!(langs.fill("cover.people", &[("n", &hosts.len().to_string())]));
    out["delegation"] = json!(delegation);
    out["hosts"] = json!(hosts);
    out["technologies"] = json!({
        "delegation": theirs,
        "hosts": ours,
        "delegationLabel": langs.map(|l| locale::fill(l, "briefing.fromSide",
            &[("side", &locale::country(l, &f.detail.mission.origin_country))])),
        "hostsLabel": langs.map(|l| locale::fill(l, "briefing.fromSide",
            &[("side", &locale::country(l, &f.detail.mission.host_country))])),
    });
    out["days"] = json!(days);
    out["sites"] = json!(sites);
    Ok(out)
}

/// The directory's specialties by code (their labels in each language).
pub(super) fn specialty_labels(
    conn: &Connection,
) -> Result<HashMap<String, crate::domain::Specialty>> {
    Ok(store::specialties::list(conn)?
        .into_iter()
        .map(|s| (s.code.clone(), s))
        .collect())
}

/// A person as the briefing book and the interpreter's pack show them: who they are, with their
/// specialties and the languages they speak (`specialties`, `languages`: one line each).
pub(super) fn person_with_skills(
    conn: &Connection,
    f: &MissionFacts,
    langs: &Langs,
    specialties: &HashMap<String, crate::domain::Specialty>,
    p: &Person,
) -> Result<Value> {
    let contact = store::contacts::get(conn, &p.id)?;
    let mut view = views::person_view(f, langs, p);
    let labels: Vec<String> = contact
        .specialties
        .iter()
        .map(|code| match specialties.get(code) {
            Some(s) => langs
                .map(|l| match l {
                    Lang::Fr => s.label_fr.clone(),
                    Lang::En => s.label_en.clone(),
                    Lang::ZhTw => s.label_zh.clone(),
                })
                .joined(),
            None => code.clone(),
        })
        .collect();
    view["specialties"] = json!(labels.join(", "));
    view["languages"] = json!(contact
        .languages
        .iter()
        .map(|code| langs.map(|l| language_name(l, code)).joined())
        .collect::<Vec<_>>()
        .join(", "));
    Ok(view)
}

/// A language's name from its code, for the usual ones; else the code.
fn language_name(lang: Lang, code: &str) -> String {
    const KNOWN: &[(&str, &str, &str, &str)] = &[
        ("fr", "français", "French", "法文"),
        ("en", "anglais", "English", "英文"),
        (
            "zh-tw",
            "chinois (traditionnel)",
            "Chinese (Traditional)",
            "中文（繁體）",
        ),
        ("zh", "chinois", "Chinese", "中文"),
        ("nl", "néerlandais", "Dutch", "荷蘭文"),
        ("de", "allemand", "German", "德文"),
        ("ja", "japonais", "Japanese", "日文"),
        ("ko", "coréen", "Korean", "韓文"),
        ("es", "espagnol", "Spanish", "西班牙文"),
        ("it", "italien", "Italian", "義大利文"),
    ];
    let lower = code.trim().to_ascii_lowercase();
    match KNOWN.iter().find(|k| k.0 == lower) {
        Some((_, fr, en, zh)) => match lang {
            Lang::Fr => fr,
            Lang::En => en,
            Lang::ZhTw => zh,
        }
        .to_string(),
        None => code.to_owned(),
    }
}
