//! What each document shows, gathered from the store and put into words: the JSON handed to the
//! Typst templates. All wording, dates and times are decided here, in the document's language(s);
//! the templates only lay them out.

use super::locale::{self, Bi, Lang, Langs};
use crate::domain::{
    validate, AgendaItemFacts, AgendaKind, ChangeKind, ItemStatus, MissionDetail, SnapshotItem,
};
use crate::error::{Error, Result};
use crate::store;
use crate::time::parse_zone;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A person as documents name them.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub id: String,
    /// Given and family name, in Latin script.
    pub name: String,
    /// The name in the person's own script (e.g. 陳維廷), when known.
    pub native: Option<String>,
    /// The honorific: "Dr.", "Prof."…
    pub title: Option<String>,
    /// The job: "Directeur innovation".
    pub job: Option<String>,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The role in the delegation ("delegate", "organiser"…), if a member.
    #[serde(skip)]
    pub member_role: Option<String>,
    #[serde(skip)]
    pub subgroup_id: Option<String>,
}

impl Person {
    /// "Maxime Rossi" or "Chen Wei-Ting 陳維廷".
    pub fn full(&self) -> String {
        match &self.native {
            Some(n) if !n.is_empty() => format!("{} {n}", self.name),
            _ => self.name.clone(),
        }
    }
}

/// Everything about one mission that documents need, read once.
pub struct MissionFacts {
    /// The mission, its delegation, organisers and sites (its `days` are not read: the items
    /// below are, with their stored instants).
    pub detail: MissionDetail,
    pub host: Tz,
    pub home: Tz,
    /// The mission's first and last days.
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub people: HashMap<String, Person>,
    /// Items that belong on paper (not proposals, not cancelled), in start order.
    pub items: Vec<AgendaItemFacts>,
    /// Every item, cancelled ones included (the calendar file announces cancellations).
    pub all_items: Vec<AgendaItemFacts>,
    pub latest_version: Option<u32>,
    pub changed_since_version: bool,
    pub sites: HashMap<String, (String, Option<String>)>,
    pub now: DateTime<Utc>,
}

impl MissionFacts {
    pub fn load(conn: &Connection, mission_id: &str, now: DateTime<Utc>) -> Result<MissionFacts> {
        let mut detail = store::missions::detail(conn, mission_id)?;
        // Delegates first, then the others; "Delegate 2" before "Delegate 10".
        detail
            .delegation
            .sort_by_cached_key(|m| (m.role != "delegate", natural_key(&m.contact.display_name)));
        let host = parse_zone("hostTz", &detail.mission.host_tz)?;
        let home = parse_zone("homeTz", &detail.mission.home_tz)?;
        let start = validate::date("startDate", &detail.mission.start_date)?;
        let end = validate::date("endDate", &detail.mission.end_date)?;
        let all_items: Vec<AgendaItemFacts> = store::agenda::facts_of_mission(conn, mission_id)?
            .into_iter()
            .filter(|i| i.status != ItemStatus::Proposed)
            .collect();
        let items = all_items
            .iter()
            .filter(|i| i.status != ItemStatus::Cancelled)
            .cloned()
            .collect();

        let mut ids: Vec<String> = detail
            .delegation
            .iter()
            .map(|m| m.contact.id.clone())
            .collect();
        for item in &all_items {
            ids.extend(item.participants.iter().map(|p| p.id.clone()));
        }
        let mut people = HashMap::new();
        for id in ids {
            if people.contains_key(&id) {
                continue;
            }
            let summary = store::contacts::summary_of(conn, &id)?;
            let contact = store::contacts::get(conn, &id)?;
            let member = detail.delegation.iter().find(|m| m.contact.id == id);
            people.insert(
                id.clone(),
                Person {
                    id,
                    name: summary.display_name,
                    native: contact.native_name,
                    title: contact.title,
                    job: contact.role,
                    organisation: summary.organisation.map(|o| o.name),
                    email: contact.email,
                    phone: contact.phone,
                    member_role: member.map(|m| m.role.clone()),
                    subgroup_id: member.and_then(|m| m.subgroup_id.clone()),
                },
            );
        }

        let versions = store::versions::versions(conn, mission_id)?;
        let latest_version = versions.last().map(|v| v.number);
        let changed_since_version = match latest_version {
            Some(_) => !store::versions::changes(conn, mission_id, None, None)?
                .entries
                .is_empty(),
            None => false,
        };
        let sites = detail
            .sites
            .iter()
            .map(|s| {
                let address = join_address(
                    s.address.as_deref(),
                    s.postal_code.as_deref(),
                    s.city.as_deref(),
                );
                (s.id.clone(), (s.name.clone(), address))
            })
            .collect();
        Ok(MissionFacts {
            detail,
            host,
            home,
            start,
            end,
            people,
            items,
            all_items,
            latest_version,
            changed_since_version,
            sites,
            now,
        })
    }

    pub fn mission_id(&self) -> &str {
        &self.detail.mission.id
    }

    /// Delegation members whose role is "delegate".
    fn delegates(&self) -> Vec<&str> {
        self.detail
            .delegation
            .iter()
            .filter(|m| m.role == "delegate")
            .map(|m| m.contact.id.as_str())
            .collect()
    }

    /// Whether an item is on this person's itinerary: they take part, or nobody is named and
    /// the item is for the whole delegation or their sub-group (a break, a bus).
    pub fn concerns(&self, item: &AgendaItemFacts, contact_id: &str) -> bool {
        if item.participants.iter().any(|p| p.id == contact_id) {
            return true;
        }
        if !item.participants.is_empty() {
            return false;
        }
        let Some(person) = self.people.get(contact_id) else {
            return false;
        };
        if person.member_role.is_none() {
            return false;
        }
        match &item.subgroup {
            None => true,
            Some(g) => person.subgroup_id.as_deref() == Some(g.id.as_str()),
        }
    }

    /// The people a participant's itinerary may be printed for: the delegation, then anyone
    /// else taking part in an item.
    pub fn itinerary_people(&self) -> Vec<&Person> {
        let mut out: Vec<&Person> = self
            .detail
            .delegation
            .iter()
            .filter_map(|m| self.people.get(&m.contact.id))
            .collect();
        let mut others: Vec<&Person> = self
            .people
            .values()
            .filter(|p| p.member_role.is_none())
            .collect();
        others.sort_by_cached_key(|p| natural_key(&p.name));
        out.extend(others);
        out
    }

    pub fn person(&self, contact_id: &str) -> Result<&Person> {
        self.people.get(contact_id).ok_or_else(|| {
            Error::validation(
                "participant",
                format!(
                    "'{contact_id}' is neither in the delegation nor in any item of mission '{}'",
                    self.mission_id()
                ),
            )
        })
    }

    fn host_date(&self, item: &AgendaItemFacts) -> NaiveDate {
        item.starts_at.with_timezone(&self.host).date_naive()
    }

    /// The mission's days, each with the given items: every day of the mission (empty ones
    /// too), plus any day outside it that has an item.
    fn days<'a>(
        &self,
        items: &[&'a AgendaItemFacts],
    ) -> Vec<(NaiveDate, Vec<&'a AgendaItemFacts>)> {
        let mut days: BTreeMap<NaiveDate, Vec<&AgendaItemFacts>> = BTreeMap::new();
        let (start, end) = (self.start, self.end);
        let mut d = start;
        while d <= end && days.len() < 400 {
            days.insert(d, Vec::new());
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
        }
        for item in items {
            days.entry(self.host_date(item)).or_default().push(item);
        }
        days.into_iter().collect()
    }
}

/// A sort key that orders the numbers inside names by value ("Delegate 2" < "Delegate 10").
pub fn natural_key(text: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut word = String::new();
    let mut number: Option<u64> = None;
    for c in text.chars() {
        match c.to_digit(10) {
            Some(d) => {
                number = Some(
                    number
                        .unwrap_or(0)
                        .saturating_mul(10)
                        .saturating_add(u64::from(d)),
                );
            }
            None => {
                if let Some(n) = number.take() {
                    key.push((std::mem::take(&mut word), n));
                }
                word.extend(c.to_lowercase());
            }
        }
    }
    key.push((word, number.unwrap_or(0)));
    key
}

fn join_address(address: Option<&str>, postal: Option<&str>, city: Option<&str>) -> Option<String> {
    let town = [postal, city]
        .iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let parts: Vec<&str> = [address.map(str::trim), Some(town.as_str())]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

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

fn wrap_opt(text: Option<&str>) -> Option<String> {
    text.map(soft_wrap)
}

/// The header common to every document.
fn header(f: &MissionFacts, langs: &Langs, doc_key: &str) -> Value {
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
            "title": soft_wrap(&m.title),
            "dates": langs.map(|l| locale::date_range(l, f.start, f.end)),
            "route": langs.map(|l| format!("{} → {}",
                locale::country(l, &m.origin_country), locale::country(l, &m.host_country))),
            "organisers": f.detail.organisers.iter().map(|o| soft_wrap(&o.organisation.name))
                .collect::<Vec<_>>(),
            "objectives": wrap_opt(m.objectives.as_deref()),
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

fn hm(t: DateTime<Tz>) -> String {
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
    let (place, address) = match &item.site {
        Some(site) => {
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
        None => (item.room.as_ref().map(|r| soft_wrap(&r.name)), None),
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
    let status = matches!(item.status, ItemStatus::Tentative | ItemStatus::Cancelled)
        .then(|| langs.label(&format!("status.{}", item.status.as_str())));
    json!({
        "id": item.id,
        "kind": langs.label(&format!("kind.{}", item.kind.as_str())),
        "kindCode": item.kind.as_str(),
        "travel": item.kind == AgendaKind::Travel,
        "status": status,
        "cancelled": item.status == ItemStatus::Cancelled,
        "title": soft_wrap(&item.title),
        "description": wrap_opt(item.description.as_deref()),
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
        "group": item.subgroup.as_ref().map(|g| soft_wrap(&g.name)),
        "wholeDelegation": whole.then(|| langs.fill("item.wholeDelegation",
            &[("n", &delegates.len().to_string())])),
        "participants": if names { listed } else { Vec::new() },
        "participantCount": item.participants.len(),
        "technologies": item.technologies.iter().map(|t| soft_wrap(&t.name)).collect::<Vec<_>>(),
    })
}

fn day_view(
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

fn person_view(f: &MissionFacts, langs: &Langs, p: &Person) -> Value {
    let group = p.subgroup_id.as_ref().and_then(|g| {
        f.detail
            .subgroups
            .iter()
            .find(|s| &s.id == g)
            .map(|s| soft_wrap(&s.name))
    });
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
        "count": langs.map(|l| locale::count(l, "itinerary.items", mine.len())),
        "days": days,
        "with": with,
        "contacts": contacts.iter().map(|c| person_view(f, langs, c)).collect::<Vec<_>>(),
    })
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

/// Which two versions a change sheet compares: `to == None` is the current draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionRange {
    pub from: u32,
    pub to: Option<u32>,
}

impl VersionRange {
    /// `A..B`, or `A..` / `A..draft` for the current draft.
    pub fn parse(text: &str) -> Result<VersionRange> {
        let bad = || {
            Error::validation(
                "versions",
                format!("'{text}' is not a version range (e.g. 1..2, or 2.. for the draft)"),
            )
        };
        let (a, b) = text.split_once("..").ok_or_else(bad)?;
        let num = |s: &str| s.trim().trim_start_matches('v').parse::<u32>().ok();
        let from = num(a).ok_or_else(bad)?;
        let to = match b.trim() {
            "" | "draft" => None,
            s => Some(num(s).ok_or_else(bad)?),
        };
        if to.is_some_and(|t| t <= from) {
            return Err(Error::validation(
                "versions",
                format!("'{text}': the second version must come after the first"),
            ));
        }
        Ok(VersionRange { from, to })
    }

    /// The default: the last two published versions, or the last one against the draft.
    pub fn default_for(conn: &Connection, mission_id: &str) -> Result<VersionRange> {
        let versions = store::versions::versions(conn, mission_id)?;
        match versions.as_slice() {
            [] => Err(Error::validation(
                "versions",
                "no version of this programme has been published yet: publish one first",
            )),
            [only] => Ok(VersionRange {
                from: only.number,
                to: None,
            }),
            [.., a, b] => Ok(VersionRange {
                from: a.number,
                to: Some(b.number),
            }),
        }
    }
}

/// The change sheet between two published versions (or a version and the draft).
pub fn changes(
    conn: &Connection,
    f: &MissionFacts,
    langs: &Langs,
    range: VersionRange,
) -> Result<Value> {
    let before = store::versions::version_items(conn, f.mission_id(), range.from)?;
    let after = store::versions::items(conn, f.mission_id(), range.to)?;
    let entries = crate::programme::changes::diff(&before, &after, f.host);
    let old: HashMap<&str, &SnapshotItem> = before.iter().map(|i| (i.id.as_str(), i)).collect();
    let new: HashMap<&str, &SnapshotItem> = after.iter().map(|i| (i.id.as_str(), i)).collect();

    let slot = |i: &SnapshotItem| -> Value {
        let (start, end) = (i.starts_at, i.ends_at);
        let (hs, he) = (start.with_timezone(&f.host), end.with_timezone(&f.host));
        let (ms, me) = (start.with_timezone(&f.home), end.with_timezone(&f.home));
        let place = match (&i.room, &i.site) {
            (Some(r), Some(s)) => Some(format!("{r} — {s}")),
            (None, Some(s)) => Some(s.clone()),
            (Some(r), None) => Some(r.clone()),
            (None, None) => None,
        };
        let plus = |d: NaiveDate| (d - hs.date_naive()).num_days();
        json!({
            "date": langs.map(|l| locale::short_date(l, hs.date_naive())),
            "time": format!("{}–{}", hm(hs), hm(he)),
            "endPlus": plus(he.date_naive()),
            "home": format!("{}–{}", hm(ms), hm(me)),
            "homeStartPlus": plus(ms.date_naive()),
            "homeEndPlus": plus(me.date_naive()),
            "place": place.map(|p| soft_wrap(&p)).map(Bi::same)
                .unwrap_or_else(|| langs.label("place.none")),
        })
    };

    // Each entry under the host-zone day of the item (after the change; before, if removed).
    let mut by_day: BTreeMap<NaiveDate, Vec<Value>> = BTreeMap::new();
    for e in &entries {
        let o = old.get(e.item_id.as_str()).copied();
        let n = new.get(e.item_id.as_str()).copied();
        // The notes are the diff's own entries (group, title, status, participants) in the
        // document's language(s); times and places are the before/after slots.
        let notes: Vec<Bi> = e
            .details
            .iter()
            .filter(|m| crate::programme::changes::is_note(m))
            .map(|m| langs.map(|l| m.render(l)))
            .collect();
        let kind = match e.change {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Moved => "moved",
            ChangeKind::Changed => "changed",
        };
        let show_before = matches!(e.change, ChangeKind::Removed | ChangeKind::Moved)
            || o.zip(n)
                .is_some_and(|(o, n)| o.room != n.room || o.site != n.site);
        let Some(day) = n
            .or(o)
            .map(|i| i.starts_at.with_timezone(&f.host).date_naive())
        else {
            continue;
        };
        by_day.entry(day).or_default().push(json!({
            "kind": langs.label(&format!("change.{kind}")),
            "kindCode": kind,
            "title": soft_wrap(&e.title),
            "before": if show_before { o.map(slot) } else { None },
            "after": n.map(slot),
            "notes": notes,
        }));
    }
    let days: Vec<Value> = by_day
        .into_iter()
        .map(|(date, entries)| {
            json!({
                "date": langs.map(|l| locale::long_date(l, date)),
                "entries": entries,
            })
        })
        .collect();
    let mut out = header(f, langs, "doc.changes");
    out["range"] = json!(match range.to {
        Some(b) => langs.fill(
            "changes.range",
            &[("a", &range.from.to_string()), ("b", &b.to_string())]
        ),
        None => langs.fill("changes.rangeDraft", &[("a", &range.from.to_string())]),
    });
    out["count"] = json!(langs.map(|l| locale::count(l, "changes.count", entries.len())));
    out["days"] = json!(days);
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

    #[test]
    fn version_ranges() {
        assert_eq!(
            VersionRange::parse("1..2").ok(),
            Some(VersionRange {
                from: 1,
                to: Some(2)
            })
        );
        assert_eq!(
            VersionRange::parse("v2..").ok(),
            Some(VersionRange { from: 2, to: None })
        );
        assert!(VersionRange::parse("2..1").is_err());
        assert!(VersionRange::parse("x").is_err());
    }
}
