//! Seeds: demo and prospect data as JSON files (see `seeds/README.md`), embedded in the binary
//! and loaded through the same validated domain records and store write path as user edits.
//! Every record has a stable id, so loading a seed twice changes nothing, and a person erased
//! here is never brought back by loading it again: the erasure's token (`sync::merge::
//! erasure_token`, a hash of the id; all the file keeps of them) is matched against the seed's
//! ids, and their records and the links naming them are left out.

use crate::domain::{
    AgendaItemRecord, AgendaKind, AvailabilityRecord, Contact, Department, FollowupRecord,
    FollowupStatus, ItemStatus, Maturity, MemberRecord, Mission, Organisation, OrganisationKind,
    Privacy, Regulatory, RoomRecord, SiteRecord, SubgroupRecord, Technology, Wording,
};
use crate::error::{Error, Result};
use crate::ids::*;
use crate::store::{self, Saved, Store, Writer};
use crate::time::{parse_instant, parse_zone};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::path::Path;

mod format;
mod records;
use format::*;
pub use records::check_file;
use records::{in_file, MissionRecords, SeedRecords};

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

/// `files` are (display path, contents); a file is recognised by its name's ending. Every file
/// is read and every record checked before anything is written.
fn load_files(store: &Store, name: &str, files: &[(String, String)]) -> Result<SeedReport> {
    let records = SeedRecords::read(files)?;
    store.write("action.loadSeed", |w| {
        let mut report = SeedReport {
            seed: name.to_owned(),
            ..Default::default()
        };
        let tokens = store::privacy::erased_tokens(&*w)?;
        let erased = |id: &str| tokens.contains(&crate::sync::merge::erasure_token(id));
        let files = &records.files;
        for ((path, o), departments) in &records.organisations {
            let file = &files.organisations;
            report.count(store::organisations::save(w, o).map_err(at(file, path))?);
            for (path, d) in departments {
                report.count(store::organisations::save_department(w, d).map_err(at(file, path))?);
            }
        }
        for (path, c) in records
            .contacts
            .iter()
            .filter(|(_, c)| !erased(c.id.as_str()))
        {
            report.count(store::contacts::save(w, c).map_err(at(&files.contacts, path))?);
        }
        for (path, t) in &records.technologies {
            report.count(store::technologies::save(w, t).map_err(at(&files.technologies, path))?);
        }
        if let Some(m) = &records.mission {
            save_mission(w, &files.mission, m, &erased, &mut report)?;
        }
        Ok(report)
    })
}

/// A store's error on a record, put in the context of its seed file and JSON path.
fn at<'a>(file: &'a str, path: &'a str) -> impl Fn(Error) -> Error + 'a {
    move |e| in_file(file, path, e)
}

fn save_mission(
    w: &mut Writer<'_>,
    file: &str,
    m: &MissionRecords,
    erased: &dyn Fn(&str) -> bool,
    report: &mut SeedReport,
) -> Result<()> {
    report.count(store::missions::save(w, &m.mission).map_err(at(file, ""))?);
    // Organisers are part of the mission record: counted with it.
    store::missions::set_organisers(w, &m.mission.id, &m.organisers).map_err(at(file, ""))?;
    for (path, g) in &m.subgroups {
        report.count(store::missions::save_subgroup(w, g).map_err(at(file, path))?);
    }
    for ((path, s), rooms) in &m.sites {
        report.count(store::sites::save(w, s).map_err(at(file, path))?);
        for (path, r) in rooms {
            report.count(store::sites::save_room(w, r).map_err(at(file, path))?);
        }
    }
    for (path, d) in m
        .members
        .iter()
        .filter(|(_, d)| !erased(d.contact_id.as_str()))
    {
        report.count(store::missions::save_member(w, d).map_err(at(file, path))?);
    }
    for (path, a) in m
        .availability
        .iter()
        .filter(|(_, a)| !erased(a.contact_id.as_str()))
    {
        report.count(store::missions::save_availability(w, a).map_err(at(file, path))?);
    }
    for (path, item) in &m.agenda {
        let mut item = item.clone();
        item.participants.retain(|p| !erased(p.as_str()));
        report.count(store::agenda::save(w, &item).map_err(at(file, path))?);
    }
    for (path, f) in &m.followups {
        let mut f = f.clone();
        if f.contact_id.as_ref().is_some_and(|c| erased(c.as_str())) {
            f.contact_id = None;
        }
        report.count(store::followups::save(w, &f).map_err(at(file, path))?);
    }
    Ok(())
}
