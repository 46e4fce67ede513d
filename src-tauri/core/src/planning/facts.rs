//! The facts loader: what scheduling a mission needs, read through the store into plain data
//! (the mission's days and zone, sites and rooms, the programme as its checker sees it, the
//! requests with their current proposals, availability, memberships and attended items). The
//! instance builder (`instance.rs`) turns them into a scheduler instance without I/O.

use super::requests::Priority;
use crate::error::Result;
use crate::programme::conflicts::Programme;
use crate::store::schedule_facts::AttendedItem;
use crate::store::{self, requests as stored, schedule_facts};
use crate::time::parse_zone;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use std::collections::HashMap;

/// A time span [start, end) in UTC.
pub type Span = (DateTime<Utc>, DateTime<Utc>);

/// A site where meetings may be held.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteFacts {
    pub id: String,
    pub name: String,
    /// IANA zone.
    pub tz: String,
    /// Local HH:MM; 09:00 and 18:00 when not given.
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub organisation: Option<String>,
    /// Room ids.
    pub rooms: Vec<String>,
}

/// A request to place (status `requested`).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFacts {
    pub id: String,
    pub title: Option<String>,
    pub priority: Priority,
    pub participants: Vec<String>,
    /// Allowed sites; empty: the default ones.
    pub sites: Vec<String>,
    /// The item the request is placed in, if any.
    pub item: Option<String>,
    /// That item is a proposal of the scheduler (else the meeting is in the programme).
    pub proposed: bool,
    pub locked: bool,
    pub starts_at: Option<DateTime<Utc>>,
    pub site: Option<String>,
}

/// A mission as the scheduler sees it.
pub struct ScheduleFacts {
    pub mission: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub host: Tz,
    pub sites: Vec<SiteFacts>,
    /// The programme as its conflict checker sees it: the proposals must pass its checks.
    pub programme: Programme,
    pub requests: Vec<RequestFacts>,
    /// Contact id → display name.
    pub names: HashMap<String, String>,
    /// Contact id → organisation id.
    pub organisation_of: HashMap<String, String>,
    /// Contact id → availability windows, clipped to the person's arrival and departure.
    pub windows: HashMap<String, Vec<Span>>,
    /// The delegation: (contact id, sub-group id).
    pub members: Vec<(String, Option<String>)>,
    /// Items that keep their attendees busy.
    pub attended: Vec<AttendedItem>,
}

/// Reads the mission's scheduling facts.
pub fn load(conn: &Connection, mission: &str) -> Result<ScheduleFacts> {
    let frame = stored::mission_frame(conn, mission)?;
    let (start, end) = frame.dates()?;
    let host = parse_zone("hostTz", &frame.host_tz)?;
    let sites = store::sites::of_mission(conn, mission)?
        .into_iter()
        .map(|s| SiteFacts {
            rooms: s.rooms.iter().map(|r| r.id.clone()).collect(),
            id: s.id,
            name: s.name,
            tz: s.tz,
            opens_at: s.opens_at,
            closes_at: s.closes_at,
            organisation: s.organisation.map(|o| o.id),
        })
        .collect();
    let mut people = stored::participants(conn, mission)?;
    let mut allowed = stored::allowed_sites(conn, mission)?;
    let requests = schedule_facts::requests_to_place(conn, mission)?
        .into_iter()
        .map(|q| RequestFacts {
            participants: people.remove(&q.id).unwrap_or_default(),
            sites: allowed.remove(&q.id).unwrap_or_default(),
            proposed: q.item_status.as_deref() == Some("proposed"),
            locked: q.item_locked == Some(true),
            priority: Priority::parse(&q.priority),
            id: q.id,
            title: q.title,
            item: q.item_id,
            starts_at: q.item_starts_at,
            site: q.item_site,
        })
        .collect();
    let programme = store::programme::checker_input(conn, mission)?;
    // Arrivals and departures bound everyone's windows (issue 18).
    let windows = super::availability::clip_to_presence(
        schedule_facts::availability_windows(conn, mission)?,
        &programme.presence,
    );
    Ok(ScheduleFacts {
        mission: mission.to_owned(),
        start,
        end,
        host,
        sites,
        programme,
        requests,
        names: stored::contact_names(conn)?,
        organisation_of: schedule_facts::organisation_of(conn)?,
        windows,
        members: schedule_facts::members(conn, mission)?,
        attended: schedule_facts::attended_items(conn, mission)?,
    })
}
