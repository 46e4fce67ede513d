//! Seeds: demo and prospect data as JSON files (see `seeds/README.md`), embedded in the binary
//! and loaded through the same validated domain records and store write path as user edits.
//! Every record has a stable id, so loading a seed twice changes nothing.

use crate::domain::{
    AgendaItemRecord, AgendaKind, AvailabilityRecord, Contact, Department, FollowupRecord,
    FollowupStatus, ItemStatus, Maturity, MemberRecord, Mission, Organisation, OrganisationKind,
    Privacy, Regulatory, RoomRecord, SiteRecord, SubgroupRecord, Technology,
};
use crate::error::{Error, Result};
use crate::ids::*;
use crate::store::{self, Saved, Store, Writer};
use crate::time::{parse_instant, parse_zone};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::path::Path;

mod format;
use format::*;

/// A seed compiled into the binary: its name and its files' contents.
pub struct EmbeddedSeed {
    pub name: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

macro_rules! embed {
    ($dir:literal: $($file:literal),*) => {
        EmbeddedSeed {
            name: $dir,
            files: &[$(($file, include_str!(concat!("../../../../seeds/", $dir, "/", $file))),)*],
        }
    };
}

pub const EMBEDDED: &[EmbeddedSeed] = &[
    embed!("taiwan-wallonia-2025": "organisations.json", "contacts.json", "technologies.json", "mission.json"),
    embed!("belgian-ehealth": "organisations.json", "contacts.json", "technologies.json"),
];

/// The seed the app offers on first launch.
pub const DEMO: &str = "taiwan-wallonia-2025";

const FILES: [&str; 4] = [
    "organisations.json",
    "contacts.json",
    "technologies.json",
    "mission.json",
];

#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SeedReport {
    pub seed: String,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
}

impl SeedReport {
    fn count(&mut self, saved: Saved) {
        match saved {
            Saved::Created => self.created += 1,
            Saved::Updated => self.updated += 1,
            Saved::Unchanged => self.unchanged += 1,
        }
    }
}

pub fn names() -> Vec<&'static str> {
    EMBEDDED.iter().map(|s| s.name).collect()
}

/// Loads an embedded seed by name, in one transaction.
pub fn load(store: &Store, name: &str) -> Result<SeedReport> {
    let seed = EMBEDDED.iter().find(|s| s.name == name).ok_or_else(|| {
        Error::validation(
            "seed",
            format!("unknown seed '{name}'; known: {}", names().join(", ")),
        )
    })?;
    let files: Vec<(String, String)> = seed
        .files
        .iter()
        .map(|(f, text)| (format!("seeds/{name}/{f}"), (*text).to_owned()))
        .collect();
    load_files(store, name, &files)
}

/// Loads a seed folder from disk (same file names as the embedded seeds), in one transaction.
pub fn load_dir(store: &Store, dir: &Path) -> Result<SeedReport> {
    let mut files = Vec::new();
    for f in FILES {
        let path = dir.join(f);
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push((path.display().to_string(), text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Error::Io(std::io::Error::new(
                    e.kind(),
                    format!("{}: {e}", path.display()),
                )))
            }
        }
    }
    if files.is_empty() {
        return Err(Error::validation(
            "seed",
            format!("{} holds none of {}", dir.display(), FILES.join(", ")),
        ));
    }
    let name = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    load_files(store, &name, &files)
}

/// `files` are (display path, contents); a file is recognised by its name's ending.
fn load_files(store: &Store, name: &str, files: &[(String, String)]) -> Result<SeedReport> {
    let find = |suffix: &str| files.iter().find(|(p, _)| p.ends_with(suffix));
    // Parse everything before writing anything.
    let organisations: Vec<SeedOrganisation> =
        parse_opt(find("organisations.json"))?.unwrap_or_default();
    let contacts: Vec<SeedContact> = parse_opt(find("contacts.json"))?.unwrap_or_default();
    let technologies: Vec<SeedTechnology> =
        parse_opt(find("technologies.json"))?.unwrap_or_default();
    let mission: Option<SeedMission> = parse_opt(find("mission.json"))?;
    let file_of = |suffix: &str| find(suffix).map_or_else(|| suffix.to_owned(), |(p, _)| p.clone());

    store.write("action.loadSeed", |w| {
        let mut report = SeedReport {
            seed: name.to_owned(),
            ..Default::default()
        };
        let file = file_of("organisations.json");
        for (i, o) in parents_first(&organisations) {
            let at = |e| in_file(&file, &format!("[{i}]"), e);
            report.count(store::organisations::save(w, &o.record().map_err(at)?).map_err(at)?);
            for (j, d) in o.departments.iter().enumerate() {
                let at = |e| in_file(&file, &format!("[{i}].departments[{j}]"), e);
                let dep = Department {
                    id: d.id.clone(),
                    organisation_id: o.id.clone(),
                    name: d.name.clone(),
                    specialty: d.specialty.clone(),
                };
                report.count(
                    store::organisations::save_department(w, &dep.validate().map_err(at)?)
                        .map_err(at)?,
                );
            }
        }
        let file = file_of("contacts.json");
        for (i, c) in contacts.iter().enumerate() {
            let at = |e| in_file(&file, &format!("[{i}]"), e);
            report
                .count(store::contacts::save(w, &c.record().validate().map_err(at)?).map_err(at)?);
        }
        let file = file_of("technologies.json");
        for (i, t) in technologies.iter().enumerate() {
            let at = |e| in_file(&file, &format!("[{i}]"), e);
            report.count(
                store::technologies::save(w, &t.record().validate().map_err(at)?).map_err(at)?,
            );
        }
        if let Some(m) = &mission {
            load_mission(w, &file_of("mission.json"), m, &mut report)?;
        }
        Ok(report)
    })
}

fn parse_opt<T: DeserializeOwned>(file: Option<&(String, String)>) -> Result<Option<T>> {
    let Some((path, text)) = file else {
        return Ok(None);
    };
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de)
        .map(Some)
        .map_err(|e| Error::Seed {
            file: path.clone(),
            path: e.path().to_string(),
            message: e.inner().to_string(),
        })
}

/// Puts a record's validation error in the context of its seed file and JSON path.
fn in_file(file: &str, at: &str, e: Error) -> Error {
    match e {
        Error::Validation { field, message, .. } => Error::Seed {
            file: file.to_owned(),
            path: format!("{at}.{field}"),
            message,
        },
        other => other,
    }
}

/// Organisations ordered so that each parent comes before its members.
fn parents_first(orgs: &[SeedOrganisation]) -> Vec<(usize, &SeedOrganisation)> {
    let mut done: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(orgs.len());
    let mut pending: Vec<(usize, &SeedOrganisation)> = orgs.iter().enumerate().collect();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|(i, o)| {
            let ready = o
                .parent
                .as_deref()
                .is_none_or(|p| done.contains(p) || !orgs.iter().any(|x| x.id == p));
            if ready {
                done.insert(o.id.as_str());
                out.push((*i, *o));
            }
            !ready
        });
        if pending.len() == before {
            // A cycle: let the store report it on the first one.
            out.append(&mut pending);
        }
    }
    out
}

fn load_mission(
    w: &mut Writer<'_>,
    file: &str,
    m: &SeedMission,
    report: &mut SeedReport,
) -> Result<()> {
    let at = |path: String| move |e| in_file(file, &path, e);
    let mission = Mission {
        id: m.id.clone(),
        title: m.title.clone(),
        origin_country: m.origin_country.clone(),
        host_country: m.host_country.clone(),
        start_date: m.start_date.clone(),
        end_date: m.end_date.clone(),
        home_tz: m.home_tz.clone(),
        host_tz: m.host_tz.clone(),
        objectives: m.objectives.clone(),
        notes: m.notes.clone(),
    }
    .validate()
    .map_err(at(String::new()))?;
    let mission_id = MissionId::parse("id", &mission.id)?;
    let host_tz = parse_zone("hostTz", &mission.host_tz)?;
    report.count(store::missions::save(w, &mission).map_err(at(String::new()))?);

    let organisers: Vec<(String, String)> = m
        .organisers
        .iter()
        .map(|o| (o.organisation.clone(), o.role.clone()))
        .collect();
    // Organisers are part of the mission record: counted with it.
    store::missions::set_organisers(w, &mission.id, &organisers).map_err(at(String::new()))?;

    for (i, g) in m.subgroups.iter().enumerate() {
        let path = format!("subgroups[{i}]");
        let record = SubgroupRecord::new(
            SubgroupId::parse("id", &g.id).map_err(at(path.clone()))?,
            mission_id.clone(),
            &g.name,
        )
        .map_err(at(path.clone()))?;
        report.count(store::missions::save_subgroup(w, &record).map_err(at(path))?);
    }

    let mut site_zones = std::collections::HashMap::new();
    for (i, s) in m.sites.iter().enumerate() {
        let path = format!("sites[{i}]");
        let tz = match &s.tz {
            Some(tz) => parse_zone("tz", tz).map_err(at(path.clone()))?,
            None => host_tz,
        };
        let record = SiteRecord {
            id: SiteId::parse("id", &s.id).map_err(at(path.clone()))?,
            mission_id: mission_id.clone(),
            organisation_id: Some(
                OrganisationId::parse("organisation", &s.organisation).map_err(at(path.clone()))?,
            ),
            department_id: None,
            name: s.name.clone(),
            address: s.address.clone(),
            postal_code: s.postal_code.clone(),
            city: s.city.clone(),
            country: s.country.clone(),
            latitude: s.latitude,
            longitude: s.longitude,
            tz,
            opens_at: s.opens_at.clone(),
            closes_at: s.closes_at.clone(),
            access_notes: None,
        }
        .validate()
        .map_err(at(path.clone()))?;
        site_zones.insert(s.id.clone(), tz);
        report.count(store::sites::save(w, &record).map_err(at(path.clone()))?);
        for (j, r) in s.rooms.iter().enumerate() {
            let path = format!("{path}.rooms[{j}]");
            let room = RoomRecord {
                id: RoomId::parse("id", &r.id).map_err(at(path.clone()))?,
                site_id: record.id.clone(),
                name: r.name.clone(),
                capacity: r.capacity,
            }
            .validate()
            .map_err(at(path.clone()))?;
            report.count(store::sites::save_room(w, &room).map_err(at(path))?);
        }
    }

    for (i, d) in m.delegation.iter().enumerate() {
        let path = format!("delegation[{i}]");
        let contact = ContactId::parse("contact", &d.contact).map_err(at(path.clone()))?;
        let subgroup = d
            .subgroup
            .as_deref()
            .map(|g| SubgroupId::parse("subgroup", g))
            .transpose()
            .map_err(at(path.clone()))?;
        let record = MemberRecord::new(mission_id.clone(), contact, &d.role, subgroup)
            .map_err(at(path.clone()))?;
        report.count(store::missions::save_member(w, &record).map_err(at(path))?);
    }

    for (i, a) in m.availability.iter().enumerate() {
        let path = format!("availability[{i}]");
        let contact = ContactId::parse("contact", &a.contact).map_err(at(path.clone()))?;
        let starts_at = parse_instant("start", &a.start, host_tz).map_err(at(path.clone()))?;
        let ends_at = parse_instant("end", &a.end, host_tz).map_err(at(path.clone()))?;
        let id: String = format!(
            "ava_{}_{}",
            &contact.as_str()[4..],
            starts_at.format("%Y%m%d%H%M")
        )
        .chars()
        .take(80)
        .collect();
        let record = AvailabilityRecord {
            id: AvailabilityId::parse("id", &id).map_err(at(path.clone()))?,
            mission_id: mission_id.clone(),
            contact_id: contact,
            starts_at,
            ends_at,
            tz: host_tz,
            note: a.note.clone(),
        }
        .validate()
        .map_err(at(path.clone()))?;
        report.count(store::missions::save_availability(w, &record).map_err(at(path))?);
    }

    for (i, item) in m.agenda.iter().enumerate() {
        let path = format!("agenda[{i}]");
        let tz = match (&item.tz, &item.site) {
            (Some(tz), _) => parse_zone("tz", tz).map_err(at(path.clone()))?,
            (None, Some(site)) => site_zones.get(site).copied().unwrap_or(host_tz),
            (None, None) => host_tz,
        };
        let record = AgendaItemRecord {
            id: ItemId::parse("id", &item.id).map_err(at(path.clone()))?,
            mission_id: mission_id.clone(),
            kind: item.kind,
            title: item.title.clone(),
            description: item.description.clone(),
            starts_at: parse_instant("start", &item.start, tz).map_err(at(path.clone()))?,
            ends_at: parse_instant("end", &item.end, tz).map_err(at(path.clone()))?,
            tz,
            site_id: item
                .site
                .as_deref()
                .map(|s| SiteId::parse("site", s))
                .transpose()
                .map_err(at(path.clone()))?,
            room_id: item
                .room
                .as_deref()
                .map(|r| RoomId::parse("room", r))
                .transpose()
                .map_err(at(path.clone()))?,
            subgroup_id: item
                .subgroup
                .as_deref()
                .map(|g| SubgroupId::parse("subgroup", g))
                .transpose()
                .map_err(at(path.clone()))?,
            status: item.status,
            locked: false,
            participants: parse_all("participants", &item.participants, ContactId::parse)
                .map_err(at(path.clone()))?,
            technologies: parse_all("technologies", &item.technologies, TechnologyId::parse)
                .map_err(at(path.clone()))?,
            departments: parse_all("departments", &item.departments, DepartmentId::parse)
                .map_err(at(path.clone()))?,
        }
        .validate()
        .map_err(at(path.clone()))?;
        report.count(store::agenda::save(w, &record).map_err(at(path))?);
    }

    for (i, f) in m.followups.iter().enumerate() {
        let path = format!("followups[{i}]");
        let record = FollowupRecord {
            id: FollowupId::parse("id", &f.id).map_err(at(path.clone()))?,
            title: f.title.clone(),
            owner: f.owner.clone(),
            due_on: crate::domain::validate::optional_date("dueOn", f.due_on.as_deref())
                .map_err(at(path.clone()))?,
            status: f.status,
            mission_id: Some(mission_id.clone()),
            organisation_id: f
                .organisation
                .as_deref()
                .map(|o| OrganisationId::parse("organisation", o))
                .transpose()
                .map_err(at(path.clone()))?,
            contact_id: f
                .contact
                .as_deref()
                .map(|c| ContactId::parse("contact", c))
                .transpose()
                .map_err(at(path.clone()))?,
            technology_id: f
                .technology
                .as_deref()
                .map(|t| TechnologyId::parse("technology", t))
                .transpose()
                .map_err(at(path.clone()))?,
            notes: f.notes.clone(),
        }
        .validate()
        .map_err(at(path.clone()))?;
        report.count(store::followups::save(w, &record).map_err(at(path))?);
    }
    Ok(())
}

fn parse_all<T>(
    field: &str,
    values: &[String],
    parse: fn(&str, &str) -> Result<T>,
) -> Result<Vec<T>> {
    values
        .iter()
        .enumerate()
        .map(|(k, v)| parse(&format!("{field}[{k}]"), v))
        .collect()
}
