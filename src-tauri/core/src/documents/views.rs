//! What the programme, the itineraries and the name cards show, put into words: the JSON handed
//! to the Typst templates. All wording, dates and times are decided here, in the document's
//! language(s); the templates only lay them out.

use super::facts::{MissionFacts, Person};
use super::locale::{self, Bi, Lang, Langs};
use crate::domain::{AgendaItemFacts, AgendaKind, ItemStatus, Ref, Wording};
use crate::error::Result;
use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Lets a long unbroken run (a URL, a 60-letter word) wrap: a zero-width space every 16
/// characters of any run longer than 28. Ordinary words are left alone.
pub fn soft_wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0usize;
    let long_runs: HashSet<usize> = {
        let mut set = HashSet::new();
        let mut start = None;
        let chars: Vec<char> = text.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if c.is_whitespace() {
                if let Some(s) = start.take() {
                    if i - s > 28 {
                        set.insert(s);
                    }
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start {
            if chars.len() - s > 28 {
                set.insert(s);
            }
        }
        set
    };
    let mut in_long = false;
    for (i, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            run = 0;
            in_long = false;
        } else {
            if run == 0 {
                in_long = long_runs.contains(&i);
            }
            if in_long && run > 0 && run.is_multiple_of(16) {
                out.push('\u{200B}');
            }
            run += 1;
        }
        out.push(c);
    }
    out
}

/// A text in a document's language(s): the primary's, and the secondary's when it differs.
pub(super) struct Worded<'a> {
    pub a: Option<&'a str>,
    pub b: Option<&'a str>,
}

/// A record's text as each language of the document prints it: the wording written for that
/// language, else the record's own `text`.
pub(super) fn worded<'a>(langs: &Langs, wording: &'a Wording, text: Option<&'a str>) -> Worded<'a> {
    let one = |lang| locale::worded(lang, wording).or(text);
    let a = one(langs.primary);
    let b = langs.secondary.and_then(one).filter(|b| Some(*b) != a);
    Worded { a, b }
}

/// A name as the document's language(s) print it: the primary's, and the secondary's after a
/// slash when it differs ("Cardiology track / 心臟科組").
pub(super) fn named(langs: &Langs, names: &Wording, own: &str) -> String {
    let name = worded(langs, names, Some(own));
    let a = name.a.unwrap_or(own);
    soft_wrap(&match name.b {
        Some(b) => format!("{a} / {b}"),
        None => a.to_owned(),
    })
}

/// A sub-group's name as the document's language(s) print it.
pub(super) fn group_name(f: &MissionFacts, langs: &Langs, id: &str) -> Option<String> {
    let g = f.detail.subgroups.iter().find(|g| g.id == id)?;
    Some(named(langs, &g.names, &g.name))
}

/// A technology an item shows, named as the document's language(s) print it.
pub(super) fn technology_name(f: &MissionFacts, langs: &Langs, t: &Ref) -> String {
    match f.technology_names.get(&t.id) {
        Some(names) => named(langs, names, &t.name),
        None => soft_wrap(&t.name),
    }
}

fn wrap_opt(text: Option<&str>) -> Option<String> {
    text.map(soft_wrap)
}

/// The header common to every document.
pub(super) fn header(f: &MissionFacts, langs: &Langs, doc_key: &str) -> Value {
    let m = &f.detail.mission;
    let today = f.now.with_timezone(&f.host).date_naive();
    let version = langs.map(|l| {
        let date = locale::plain_date(l, today);
        match f.latest_version {
            None => locale::fill(l, "version.draft", &[("date", &date)]),
            Some(n) if f.changed_since_version => locale::fill(
                l,
                "version.draftAfter",
                &[("n", &n.to_string()), ("date", &date)],
            ),
            Some(n) => locale::fill(
                l,
                "version.published",
                &[("n", &n.to_string()), ("date", &date)],
            ),
        }
    });
    let labels: BTreeMap<String, Bi> = label_keys()
        .into_iter()
        .map(|k| (k.clone(), langs.label(&k)))
        .collect();
    let title = worded(langs, &m.titles, Some(&m.title));
    let objectives = worded(langs, &m.objectives_in, m.objectives.as_deref());
    let (typst_lang, region) = match langs.primary {
        Lang::Fr => ("fr", None),
        Lang::En => ("en", None),
        Lang::ZhTw => ("zh", Some("TW")),
    };
    json!({
        "lang": {
            "code": langs.code(),
            "typst": typst_lang,
            "region": region,
            "bilingual": langs.secondary.is_some(),
            "secondaryChinese": langs.secondary == Some(Lang::ZhTw),
            "primaryChinese": langs.primary == Lang::ZhTw,
        },
        "labels": labels,
        "doc": langs.label(doc_key),
        "mission": {
            "id": m.id,
            "title": soft_wrap(title.a.unwrap_or(&m.title)),
            "titleB": title.b.map(soft_wrap),
            "dates": langs.map(|l| locale::date_range(l, f.start, f.end)),
            "route": langs.map(|l| format!("{} → {}",
                locale::country(l, &m.origin_country), locale::country(l, &m.host_country))),
            "organisers": f.detail.organisers.iter().map(|o| soft_wrap(&o.organisation.name))
                .collect::<Vec<_>>(),
            "objectives": objectives.a.map(soft_wrap),
            "objectivesB": objectives.b.map(soft_wrap),
            "times": langs.map(|l| locale::fill(l, "cover.times", &[
                ("host", &locale::zone_city(l, &m.host_tz)),
                ("home", &locale::zone_city(l, &m.home_tz)),
            ])),
            "hostCity": langs.map(|l| locale::zone_city(l, &m.host_tz)),
            "homeCity": langs.map(|l| locale::zone_city(l, &m.home_tz)),
        },
        "version": version,
    })
}

fn label_keys() -> Vec<String> {
    let table: HashMap<String, HashMap<String, String>> =
        serde_json::from_str(include_str!("labels.json")).unwrap_or_default();
    let mut keys: Vec<String> = table
        .get("en")
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

pub(super) fn hm(t: DateTime<Tz>) -> String {
    t.format("%H:%M").to_string()
}

/// One item as printed.
fn item_view(f: &MissionFacts, langs: &Langs, item: &AgendaItemFacts, names: bool) -> Value {
    let (start, end) = (item.starts_at, item.ends_at);
    let (hs, he) = (start.with_timezone(&f.host), end.with_timezone(&f.host));
    let (ms, me) = (start.with_timezone(&f.home), end.with_timezone(&f.home));
    let day = hs.date_naive();
    let plus = |d: NaiveDate| (d - day).num_days();
    let item_tz = item.tz;
    let other_zone = (item_tz != f.host).then(|| {
        let (ls, le) = (start.with_timezone(&item_tz), end.with_timezone(&item_tz));
        langs.map(|l| {
            format!(
                "{}–{} {}",
                hm(ls),
                hm(le),
                locale::fill(
                    l,
                    "item.otherZone",
                    &[("city", &locale::zone_city(l, item_tz.name()))]
                )
            )
        })
    });
    // A transfer: from its departure site (the pick-up's address) to its site.
    let from = item
        .from_site
        .as_ref()
        .filter(|_| item.kind == AgendaKind::Transfer);
    let (place, address) = match (from, &item.site) {
        (Some(from), to) => {
            let (name, address) = f
                .sites
                .get(&from.id)
                .cloned()
                .unwrap_or((from.name.clone(), None));
            let place = match to {
                Some(to) => format!("{name} → {}", to.name),
                None => name,
            };
            (Some(soft_wrap(&place)), wrap_opt(address.as_deref()))
        }
        (None, Some(site)) => {
            let (name, address) = f
                .sites
                .get(&site.id)
                .cloned()
                .unwrap_or((site.name.clone(), None));
            let place = match &item.room {
                Some(room) => format!("{} — {name}", room.name),
                None => name,
            };
            (Some(soft_wrap(&place)), wrap_opt(address.as_deref()))
        }
        (None, None) => (item.room.as_ref().map(|r| soft_wrap(&r.name)), None),
    };

    // The whole delegation is named once rather than person by person.
    let delegates = f.delegates();
    let ids: HashSet<&str> = item.participants.iter().map(|p| p.id.as_str()).collect();
    let whole = delegates.len() >= 2 && delegates.iter().all(|d| ids.contains(d));
    let listed: Vec<String> = item
        .participants
        .iter()
        .filter(|p| !(whole && delegates.contains(&p.id.as_str())))
        .map(|p| {
            f.people
                .get(&p.id)
                .map(|x| soft_wrap(&x.full()))
                .unwrap_or_else(|| soft_wrap(&p.name))
        })
        .collect();
    let title = worded(langs, &item.titles, Some(&item.title));
    let description = worded(langs, &item.descriptions, item.description.as_deref());
    let status = matches!(item.status, ItemStatus::Tentative | ItemStatus::Cancelled)
        .then(|| langs.label(&format!("status.{}", item.status.as_str())));
    json!({
        "id": item.id,
        "kind": langs.label(&format!("kind.{}", item.kind.as_str())),
        "kindCode": item.kind.as_str(),
        "travel": matches!(item.kind, AgendaKind::Travel | AgendaKind::Transfer),
        "status": status,
        "cancelled": item.status == ItemStatus::Cancelled,
        "title": soft_wrap(title.a.unwrap_or(&item.title)),
        "titleB": title.b.map(soft_wrap),
        "description": description.a.map(soft_wrap),
        "descriptionB": description.b.map(soft_wrap),
        "start": hm(hs),
        "end": hm(he),
        "endPlus": plus(he.date_naive()),
        "homeStart": hm(ms),
        "homeEnd": hm(me),
        "homeStartPlus": plus(ms.date_naive()),
        "homeEndPlus": plus(me.date_naive()),
        "otherZone": other_zone,
        "place": place,
        "address": address,
        "vehicle": f.vehicle_line(item).map(|v| soft_wrap(&v)),
        "group": item.subgroup.as_ref().and_then(|g| group_name(f, langs, &g.id)),
        "wholeDelegation": whole.then(|| langs.fill("item.wholeDelegation",
            &[("n", &delegates.len().to_string())])),
        "participants": if names { listed } else { Vec::new() },
        "participantCount": item.participants.len(),
        "technologies": item.technologies.iter().map(|t| technology_name(f, langs, t)).collect::<Vec<_>>(),
    })
}

pub(super) fn day_view(
    f: &MissionFacts,
    langs: &Langs,
    date: NaiveDate,
    items: &[&AgendaItemFacts],
    names: bool,
) -> Value {
    let mut venues: Vec<String> = Vec::new();
    for i in items {
        if let Some(site) = &i.site {
            let name = soft_wrap(&site.name);
            if !venues.contains(&name) {
                venues.push(name);
            }
        }
    }
    json!({
        "iso": date.to_string(),
        "venues": venues,
        "date": langs.map(|l| locale::long_date(l, date)),
        "count": langs.map(|l| locale::count(l, "day.count", items.len())),
        "items": items.iter().map(|i| item_view(f, langs, i, names)).collect::<Vec<_>>(),
    })
}

pub(super) fn person_view(f: &MissionFacts, langs: &Langs, p: &Person) -> Value {
    let group = p.subgroup_id.as_ref().and_then(|g| group_name(f, langs, g));
    json!({
        "id": p.id,
        "name": soft_wrap(&p.name),
        "native": p.native,
        "title": p.title,
        "job": wrap_opt(p.job.as_deref()),
        "organisation": wrap_opt(p.organisation.as_deref()),
        "email": p.email,
        "phone": p.phone,
        "role": p.member_role.as_ref().map(|r| langs.map(|l| locale::role(l, r))),
        "group": group,
    })
}

/// The mission programme: cover, delegation, one section per day.
pub fn programme(f: &MissionFacts, langs: &Langs) -> Value {
    let items: Vec<&AgendaItemFacts> = f.items.iter().collect();
    let days: Vec<Value> = f
        .days(&items)
        .iter()
        .map(|(d, items)| day_view(f, langs, *d, items, true))
        .collect();
    let delegation: Vec<Value> = f
        .detail
        .delegation
        .iter()
        .filter_map(|m| f.people.get(&m.contact.id))
        .map(|p| person_view(f, langs, p))
        .collect();
    let venues: Vec<Value> = f
        .detail
        .sites
        .iter()
        .map(|s| {
            json!({
                "name": soft_wrap(&s.name),
                "organisation": s.organisation.as_ref().map(|o| soft_wrap(&o.name)),
                "address": f.sites.get(&s.id).and_then(|x| x.1.clone()).map(|a| soft_wrap(&a)),
            })
        })
        .collect();
    let mut out = header(f, langs, "doc.programme");
    out["days"] = json!(days);
    out["delegation"] = json!(delegation);
    out["delegationCount"] =
        json!(langs.fill("cover.people", &[("n", &delegation.len().to_string())]));
    out["venues"] = json!(venues);
    out
}

/// Personal itineraries: one person, or everyone in one document (`None`).
pub fn itineraries(f: &MissionFacts, langs: &Langs, who: Option<&str>) -> Result<Value> {
    let people: Vec<&Person> = match who {
        Some(id) => vec![f.person(id)?],
        None => f
            .detail
            .delegation
            .iter()
            .filter_map(|m| f.people.get(&m.contact.id))
            .collect(),
    };
    let mut out = header(
        f,
        langs,
        if people.len() == 1 {
            "doc.itinerary"
        } else {
            "doc.itineraries"
        },
    );
    let list: Vec<Value> = people.iter().map(|p| itinerary(f, langs, p)).collect();
    out["people"] = json!(list);
    Ok(out)
}

fn itinerary(f: &MissionFacts, langs: &Langs, p: &Person) -> Value {
    let mine: Vec<&AgendaItemFacts> = f.items.iter().filter(|i| f.concerns(i, &p.id)).collect();
    let days: Vec<Value> = f
        .days(&mine)
        .iter()
        .map(|(d, items)| day_view(f, langs, *d, items, false))
        .collect();
    // Whom they meet: everyone else in their items who is not a fellow delegate, then the
    // mission's organisers; each once.
    let mut seen: HashSet<&str> = HashSet::new();
    seen.insert(p.id.as_str());
    let mut contacts: Vec<&Person> = Vec::new();
    for m in &f.detail.delegation {
        if m.role != "delegate" && seen.insert(m.contact.id.as_str()) {
            if let Some(x) = f.people.get(&m.contact.id) {
                contacts.push(x);
            }
        }
    }
    for item in &mine {
        for r in &item.participants {
            if let Some(x) = f.people.get(&r.id) {
                if x.member_role.is_none() && seen.insert(r.id.as_str()) {
                    contacts.push(x);
                }
            }
        }
    }
    let mut with: Vec<Value> = Vec::new();
    for item in &mine {
        let names: Vec<String> = item
            .participants
            .iter()
            .filter_map(|r| f.people.get(&r.id))
            .filter(|x| x.member_role.is_none())
            .map(|x| soft_wrap(&x.full()))
            .collect();
        with.push(json!({ "id": item.id, "names": names }));
    }
    json!({
        "person": person_view(f, langs, p),
        "logistics": logistics_view(f, langs, p),
        "count": langs.map(|l| locale::count(l, "itinerary.items", mine.len())),
        "days": days,
        "with": with,
        "contacts": contacts.iter().map(|c| person_view(f, langs, c)).collect::<Vec<_>>(),
    })
}

/// A person's arrival, departure and hotel nights (issue 18), each a label and a line: a leg's
/// time in its place's zone, the place and the flight or train; a stay's hotel, its address and
/// the check-in and check-out dates.
fn logistics_view(f: &MissionFacts, langs: &Langs, p: &Person) -> Vec<Value> {
    let mut out = Vec::new();
    for leg in f.travel.iter().filter(|l| l.contact.id == p.id) {
        let Ok(at) = chrono::DateTime::parse_from_rfc3339(&leg.at) else {
            continue;
        };
        let zone = leg.tz.parse::<Tz>().unwrap_or(f.host);
        let at = at.with_timezone(&zone);
        let key = match leg.kind {
            crate::domain::TravelKind::Arrival => "itinerary.arrival",
            crate::domain::TravelKind::Departure => "itinerary.departure",
        };
        let text = langs.map(|l| {
            let mut parts = vec![
                format!("{} {}", locale::short_date(l, at.date_naive()), hm(at)),
                soft_wrap(&leg.place),
            ];
            parts.extend(leg.reference.iter().map(|r| soft_wrap(r)));
            parts.join(" · ")
        });
        out.push(json!({ "label": langs.label(key), "text": text }));
    }
    for stay in f.stays.iter().filter(|s| s.contact.id == p.id) {
        let (Ok(from), Ok(to)) = (
            NaiveDate::parse_from_str(&stay.check_in, "%Y-%m-%d"),
            NaiveDate::parse_from_str(&stay.check_out, "%Y-%m-%d"),
        ) else {
            continue;
        };
        let hotel = f.hotels.get(&stay.hotel.id);
        let text = langs.map(|l| {
            let mut parts = vec![soft_wrap(&stay.hotel.name)];
            parts.extend(
                hotel
                    .map(|h| super::rooming::address(h, l))
                    .filter(|a| !a.is_empty())
                    .map(|a| soft_wrap(&a)),
            );
            parts.push(format!(
                "{} {} – {} {}",
                locale::text(l, "rooming.checkIn"),
                locale::short_date(l, from),
                locale::text(l, "rooming.checkOut"),
                locale::short_date(l, to)
            ));
            parts.join(" · ")
        });
        out.push(json!({ "label": langs.label("itinerary.hotel"), "text": text }));
    }
    out
}

/// Table tents: the delegation, then everyone else taking part (or one person).
pub fn cards(f: &MissionFacts, langs: &Langs, who: Option<&str>) -> Result<Value> {
    let people: Vec<&Person> = match who {
        Some(id) => vec![f.person(id)?],
        None => f.itinerary_people(),
    };
    let mut out = header(f, langs, "doc.cards");
    out["cards"] = json!(people
        .iter()
        .map(|p| person_view(f, langs, p))
        .collect::<Vec<_>>());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_runs_get_break_opportunities_and_words_do_not() {
        assert_eq!(soft_wrap("Mont Légia"), "Mont Légia");
        let long = "a".repeat(40);
        let wrapped = soft_wrap(&format!("x {long} y"));
        assert!(wrapped.contains('\u{200B}'));
        assert_eq!(wrapped.replace('\u{200B}', ""), format!("x {long} y"));
    }
}
