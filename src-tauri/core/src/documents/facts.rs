//! What documents and calendar files know about a mission, read once through `store/`: the
//! mission and its delegation, the people named, and the items as stored (instants and zones).

use crate::domain::{validate, AgendaItemFacts, ItemStatus, MissionDetail};
use crate::error::{Error, Result};
use crate::store;
use crate::time::parse_zone;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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
    /// The delegation's arrivals, departures and hotel stays (issue 18), for the itineraries.
    pub travel: Vec<crate::domain::TravelLeg>,
    pub stays: Vec<crate::domain::Stay>,
    /// The hotels of those stays by id, with their addresses.
    pub hotels: HashMap<String, store::stays::Hotel>,
    /// The mission's vehicles by id (issue 18), for a transfer's vehicle, driver and phone.
    pub vehicles: HashMap<String, crate::domain::Vehicle>,
    /// The names for each language of the technologies the items show, by id.
    pub technology_names: HashMap<String, crate::domain::Wording>,
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
            travel: store::travel::of_mission(conn, mission_id)?,
            stays: store::stays::of_mission(conn, mission_id)?,
            hotels: store::stays::hotels(conn, mission_id)?
                .into_iter()
                .map(|h| (h.id.clone(), h))
                .collect(),
            vehicles: store::vehicles::of_mission(conn, mission_id)?
                .into_iter()
                .map(|v| (v.id.clone(), v))
                .collect(),
            technology_names: store::technologies::names_of_mission(conn, mission_id)?,
        })
    }

    pub fn mission_id(&self) -> &str {
        &self.detail.mission.id
    }

    /// A transfer's vehicle as a passenger needs it: "Coach 1 · Marc Dubois · +32 475 12 34 56"
    /// (what is known); `None` for other items or a transfer without a vehicle.
    pub(super) fn vehicle_line(&self, item: &AgendaItemFacts) -> Option<String> {
        let v = self.vehicles.get(&item.vehicle.as_ref()?.id)?;
        let parts: Vec<&str> = [
            Some(v.name.as_str()),
            v.driver.as_deref(),
            v.phone.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        Some(parts.join(" · "))
    }

    /// Delegation members whose role is "delegate".
    pub(super) fn delegates(&self) -> Vec<&str> {
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
    pub(super) fn days<'a>(
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
