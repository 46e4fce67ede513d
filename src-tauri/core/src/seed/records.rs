//! Seed files read into the validated records they describe, without a store: everything is
//! parsed and checked before anything is written ([`super::load_files`]), and [`check_file`]
//! is the seed files' parser on its own (the fuzz target `seed_file`). References between
//! records (an unknown organisation, a cycle of parents) are the store's to refuse.

use super::*;

/// A record and the JSON path of the entry it comes from (`[3]`, `agenda[2]`).
pub(super) type At<T> = (String, T);

/// An organisation and its departments.
pub(super) type OrganisationRecords = (At<Organisation>, Vec<At<Department>>);

/// The records of a seed's files, in the order they are written.
#[derive(Default)]
pub(super) struct SeedRecords {
    pub(super) organisations: Vec<OrganisationRecords>,
    pub(super) contacts: Vec<At<Contact>>,
    pub(super) technologies: Vec<At<Technology>>,
    pub(super) mission: Option<MissionRecords>,
    /// The display path of each kind of file, for errors found while writing.
    pub(super) files: Files,
}

#[derive(Default)]
pub(super) struct Files {
    pub(super) organisations: String,
    pub(super) contacts: String,
    pub(super) technologies: String,
    pub(super) mission: String,
}

/// A mission's records; each path is relative to the mission file.
pub(super) struct MissionRecords {
    pub(super) mission: Mission,
    pub(super) organisers: Vec<(String, String)>,
    pub(super) subgroups: Vec<At<SubgroupRecord>>,
    pub(super) sites: Vec<(At<SiteRecord>, Vec<At<RoomRecord>>)>,
    pub(super) members: Vec<At<MemberRecord>>,
    pub(super) availability: Vec<At<AvailabilityRecord>>,
    pub(super) agenda: Vec<At<AgendaItemRecord>>,
    pub(super) followups: Vec<At<FollowupRecord>>,
}

impl SeedRecords {
    /// `files` are (display path, contents); a file is recognised by its name's ending.
    pub(super) fn read(files: &[(String, String)]) -> Result<SeedRecords> {
        let find = |suffix: &str| files.iter().find(|(p, _)| p.ends_with(suffix));
        let file_of =
            |suffix: &str| find(suffix).map_or_else(|| suffix.to_owned(), |(p, _)| p.clone());
        let files_ = Files {
            organisations: file_of("organisations.json"),
            contacts: file_of("contacts.json"),
            technologies: file_of("technologies.json"),
            mission: file_of("mission.json"),
        };
        let organisations: Vec<SeedOrganisation> =
            parse_opt(find("organisations.json"))?.unwrap_or_default();
        let contacts: Vec<SeedContact> = parse_opt(find("contacts.json"))?.unwrap_or_default();
        let technologies: Vec<SeedTechnology> =
            parse_opt(find("technologies.json"))?.unwrap_or_default();
        let mission: Option<SeedMission> = parse_opt(find("mission.json"))?;
        Ok(SeedRecords {
            organisations: organisation_records(&files_.organisations, &organisations)?,
            contacts: contact_records(&files_.contacts, &contacts)?,
            technologies: technology_records(&files_.technologies, &technologies)?,
            mission: mission
                .map(|m| mission_records(&files_.mission, &m))
                .transpose()?,
            files: files_,
        })
    }
}

/// Reads one seed file from its bytes as a seed folder's would be read, and checks every record
/// it describes, writing nothing. `file_name` names its kind by its ending
/// (`organisations.json`, `contacts.json`, `technologies.json`, `mission.json`).
pub fn check_file(file_name: &str, bytes: &[u8]) -> Result<()> {
    if !FILES.iter().any(|f| file_name.ends_with(f)) {
        return Err(Error::validation(
            "seed",
            format!("'{file_name}' is none of {}", FILES.join(", ")),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Seed {
        file: file_name.to_owned(),
        path: String::new(),
        message: format!("the file is not UTF-8 text: {e}"),
    })?;
    SeedRecords::read(&[(file_name.to_owned(), text.to_owned())]).map(drop)
}

fn parse_opt<T: DeserializeOwned>(file: Option<&(String, String)>) -> Result<Option<T>> {
    let Some((path, text)) = file else {
        return Ok(None);
    };
    let de = &mut serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| Error::Seed {
        file: path.clone(),
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })?;
    // Anything after the JSON value is refused too, as the scheduler's instance files do.
    de.end().map_err(|e| Error::Seed {
        file: path.clone(),
        path: String::new(),
        message: format!("trailing characters after the JSON: {e}"),
    })?;
    Ok(Some(value))
}

/// Puts a record's validation error in the context of its seed file and JSON path.
pub(super) fn in_file(file: &str, at: &str, e: Error) -> Error {
    match e {
        Error::Validation { field, message, .. } => Error::Seed {
            file: file.to_owned(),
            path: format!("{at}.{field}"),
            message,
        },
        other => other,
    }
}

fn organisation_records(file: &str, orgs: &[SeedOrganisation]) -> Result<Vec<OrganisationRecords>> {
    let mut out = Vec::with_capacity(orgs.len());
    for (i, o) in parents_first(orgs) {
        let path = format!("[{i}]");
        let record = o.record().map_err(|e| in_file(file, &path, e))?;
        let mut departments = Vec::with_capacity(o.departments.len());
        for (j, d) in o.departments.iter().enumerate() {
            let path = format!("[{i}].departments[{j}]");
            let dep = Department {
                id: d.id.clone(),
                organisation_id: o.id.clone(),
                name: d.name.clone(),
                specialty: d.specialty.clone(),
            }
            .validate()
            .map_err(|e| in_file(file, &path, e))?;
            departments.push((path, dep));
        }
        out.push(((path, record), departments));
    }
    Ok(out)
}

fn contact_records(file: &str, contacts: &[SeedContact]) -> Result<Vec<At<Contact>>> {
    contacts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let path = format!("[{i}]");
            let record = c.record().validate().map_err(|e| in_file(file, &path, e))?;
            Ok((path, record))
        })
        .collect()
}

fn technology_records(file: &str, technologies: &[SeedTechnology]) -> Result<Vec<At<Technology>>> {
    technologies
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let path = format!("[{i}]");
            let record = t.record().validate().map_err(|e| in_file(file, &path, e))?;
            Ok((path, record))
        })
        .collect()
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

fn mission_records(file: &str, m: &SeedMission) -> Result<MissionRecords> {
    let at = |path: String| move |e| in_file(file, &path, e);
    let mission = Mission {
        id: m.id.clone(),
        title: m.title.clone(),
        titles: (&m.titles).into(),
        origin_country: m.origin_country.clone(),
        host_country: m.host_country.clone(),
        start_date: m.start_date.clone(),
        end_date: m.end_date.clone(),
        home_tz: m.home_tz.clone(),
        host_tz: m.host_tz.clone(),
        objectives: m.objectives.clone(),
        objectives_in: (&m.objectives_in).into(),
        notes: m.notes.clone(),
    }
    .validate()
    .map_err(at(String::new()))?;
    let mission_id = MissionId::parse("id", &mission.id)?;
    let host_tz = parse_zone("hostTz", &mission.host_tz)?;
    let organisers = m
        .organisers
        .iter()
        .map(|o| (o.organisation.clone(), o.role.clone()))
        .collect();

    let mut subgroups = Vec::with_capacity(m.subgroups.len());
    for (i, g) in m.subgroups.iter().enumerate() {
        let path = format!("subgroups[{i}]");
        let record = SubgroupRecord::new(
            SubgroupId::parse("id", &g.id).map_err(at(path.clone()))?,
            mission_id.clone(),
            &g.name,
            (&g.names).into(),
        )
        .map_err(at(path.clone()))?;
        subgroups.push((path, record));
    }

    let mut site_zones = std::collections::HashMap::new();
    let mut sites = Vec::with_capacity(m.sites.len());
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
        let mut rooms = Vec::with_capacity(s.rooms.len());
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
            rooms.push((path, room));
        }
        sites.push(((path, record), rooms));
    }

    let mut members = Vec::with_capacity(m.delegation.len());
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
        members.push((path, record));
    }

    let mut availability = Vec::with_capacity(m.availability.len());
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
        availability.push((path, record));
    }

    let mut agenda = Vec::with_capacity(m.agenda.len());
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
            titles: (&item.titles).into(),
            descriptions: (&item.descriptions).into(),
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
            vehicle_id: None,
            from_site_id: None,
        }
        .validate()
        .map_err(at(path.clone()))?;
        agenda.push((path, record));
    }

    let mut followups = Vec::with_capacity(m.followups.len());
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
        followups.push((path, record));
    }

    Ok(MissionRecords {
        mission,
        organisers,
        subgroups,
        sites,
        members,
        availability,
        agenda,
        followups,
    })
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
