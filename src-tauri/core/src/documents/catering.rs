//! The caterer's sheet (issue 18, part 4): for each meal of the programme, how many eat and the
//! counts of each dietary requirement and access need among them ("3 vegetarian, 1 halal, 1
//! wheelchair access"), then one line per guest with needs, without names: what a caterer needs
//! and nothing that says whose diet it is. The only document that reads `meal_needs`.

use super::facts::MissionFacts;
use super::locale::{self, Lang, Langs};
use super::views::{header, hm, soft_wrap};
use crate::domain::{AccessNeed, AgendaKind, Diet, MealNeeds};
use crate::error::Result;
use crate::store;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One meal for the caterer: how many eat, the counts of each need, and the guests with needs
/// (each a list of needs, no name), in a stable order that says nothing of who is who.
#[derive(Debug, Clone, PartialEq)]
pub struct Meal {
    pub item_id: String,
    pub diners: usize,
    pub diets: BTreeMap<Diet, usize>,
    pub access: BTreeMap<AccessNeed, usize>,
    pub guests: Vec<Guest>,
}

/// A guest's needs at a meal, without their name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Guest {
    pub diets: Vec<Diet>,
    pub diet_other: Option<String>,
    pub access: Vec<AccessNeed>,
    pub access_other: Option<String>,
}

/// The meals of a mission (items of kind `meal`, cancelled ones left out) with their counts.
pub fn meals(f: &MissionFacts, needs: &[MealNeeds]) -> Vec<Meal> {
    let by_person: BTreeMap<&str, &MealNeeds> =
        needs.iter().map(|n| (n.contact.id.as_str(), n)).collect();
    let mut ids: Vec<&String> = f.people.keys().collect();
    ids.sort();
    f.items
        .iter()
        .filter(|i| i.kind == AgendaKind::Meal)
        .map(|item| {
            let diners: Vec<&String> = ids
                .iter()
                .copied()
                .filter(|id| f.concerns(item, id))
                .collect();
            let mut meal = Meal {
                item_id: item.id.clone(),
                diners: diners.len(),
                diets: BTreeMap::new(),
                access: BTreeMap::new(),
                guests: Vec::new(),
            };
            for id in diners {
                let Some(n) = by_person.get(id.as_str()) else {
                    continue;
                };
                for d in &n.diets {
                    *meal.diets.entry(*d).or_default() += 1;
                }
                for a in &n.access {
                    *meal.access.entry(*a).or_default() += 1;
                }
                meal.guests.push(Guest {
                    diets: n.diets.clone(),
                    diet_other: n.diet_other.clone(),
                    access: n.access.clone(),
                    access_other: n.access_other.clone(),
                });
            }
            meal.guests.sort();
            meal
        })
        .collect()
}

fn diet(lang: Lang, d: Diet) -> String {
    locale::text(lang, &format!("diet.{}", d.as_str()))
}

fn access(lang: Lang, a: AccessNeed) -> String {
    locale::text(lang, &format!("access.{}", a.as_str()))
}

/// "3 × Vegetarian, 1 × Halal, 1 × Wheelchair access", or "None" when no one has a need.
pub fn counts_line(lang: Lang, meal: &Meal) -> String {
    let parts: Vec<String> = meal
        .diets
        .iter()
        .map(|(d, n)| format!("{n} × {}", diet(lang, *d)))
        .chain(
            meal.access
                .iter()
                .map(|(a, n)| format!("{n} × {}", access(lang, *a))),
        )
        .collect();
    if parts.is_empty() {
        locale::text(lang, "catering.noNeeds")
    } else {
        parts.join(", ")
    }
}

fn guest_line(lang: Lang, g: &Guest) -> String {
    let mut parts: Vec<String> = Vec::new();
    for d in &g.diets {
        match (d, &g.diet_other) {
            (Diet::Other, Some(words)) => parts.push(format!("{} ({words})", diet(lang, *d))),
            _ => parts.push(diet(lang, *d)),
        }
    }
    for a in &g.access {
        match (a, &g.access_other) {
            (AccessNeed::Other, Some(words)) => {
                parts.push(format!("{} ({words})", access(lang, *a)))
            }
            _ => parts.push(access(lang, *a)),
        }
    }
    parts.join(", ")
}

/// The JSON the caterer's template reads.
pub fn document(conn: &Connection, f: &MissionFacts, langs: &Langs) -> Result<Value> {
    let needs = store::needs::of_mission(conn, f.mission_id())?;
    let meals = meals(f, &needs.needs);
    let mut out = header(f, langs, "doc.catering");
    let list: Vec<Value> = meals
        .iter()
        .filter_map(|m| {
            let item = f.items.iter().find(|i| i.id == m.item_id)?;
            let start = item.starts_at.with_timezone(&item.tz);
            let end = item.ends_at.with_timezone(&item.tz);
            let site = item.site.as_ref().map(|s| {
                f.sites
                    .get(&s.id)
                    .map_or(s.name.clone(), |(n, _)| n.clone())
            });
            Some(json!({
                "title": soft_wrap(locale::in_lang(langs.primary, &item.titles, &item.title)),
                "when": langs.map(|l| format!(
                    "{} · {}–{}",
                    locale::long_date(l, start.date_naive()),
                    hm(start),
                    hm(end)
                )),
                "site": site,
                "room": item.room.as_ref().map(|r| r.name.clone()),
                "diners": langs.map(|l| locale::count(l, "catering.diners", m.diners)),
                "counts": langs.map(|l| counts_line(l, m)),
                "guests": m.guests.iter().enumerate().map(|(i, g)| json!({
                    "n": i + 1,
                    "needs": langs.map(|l| guest_line(l, g)),
                })).collect::<Vec<_>>(),
            }))
        })
        .collect();
    out["meals"] = json!(list);
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_the_caterer_expects() {
        let meal = Meal {
            item_id: "itm_x".into(),
            diners: 12,
            diets: BTreeMap::from([(Diet::Vegetarian, 3), (Diet::Halal, 1)]),
            access: BTreeMap::from([(AccessNeed::Wheelchair, 1)]),
            guests: vec![],
        };
        assert_eq!(
            counts_line(Lang::En, &meal),
            "3 × Vegetarian, 1 × Halal, 1 × Wheelchair access"
        );
        let none = Meal {
            diets: BTreeMap::new(),
            access: BTreeMap::new(),
            ..meal
        };
        assert_eq!(counts_line(Lang::En, &none), "No special needs");
    }
}
