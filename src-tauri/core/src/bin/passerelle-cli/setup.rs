//! Setting a mission up without a window: `mission create|archive|delete`, `site add|remove`,
//! `subgroup add`, `member add|remove` and `contact add` (in `directory.rs`, beside the contact's
//! other commands). Each creation prints `{"id": …}` (JSON is the only output; `--json` is
//! accepted for explicitness, as elsewhere).

use crate::print_json;
use passerelle_core::documents::locale::Lang;
use passerelle_core::domain::{MissionInput, OrganiserInput, SiteInput, Wording};
use passerelle_core::{store, Result, Store};

#[derive(clap::Args)]
pub struct MissionArgs {
    #[command(subcommand)]
    action: MissionAction,
}

#[derive(clap::Subcommand)]
enum MissionAction {
    /// Creates a mission; prints {"id": "mis_…"}. Countries default to those of the zones.
    Create(Box<CreateArgs>),
    /// Archives a mission (with --undo: brings it back).
    Archive {
        id: String,
        #[arg(long)]
        undo: bool,
    },
    /// Deletes a mission that has no logged outcome or follow-up.
    Delete { id: String },
    /// Edits a mission's figures and the title and objectives its documents print in each
    /// language; prints {"id", "staffDays", "titles", "objectivesIn"}.
    Edit {
        id: String,
        /// The staff days spent on the mission ("12", "12,5"; "" clears).
        #[arg(long = "staff-days", value_name = "N", allow_hyphen_values = true)]
        staff_days: Option<String>,
        /// The title printed in documents in LANG (fr, en or zh-TW), e.g. --title-in
        /// zh-TW=臺灣智慧醫療聯盟訪問團; repeat for each language; an empty TEXT removes it.
        #[arg(long = "title-in", value_name = "LANG=TEXT")]
        titles: Vec<String>,
        /// The objectives printed in documents in LANG; repeat for each language; an empty TEXT
        /// removes them.
        #[arg(long = "objectives-in", value_name = "LANG=TEXT")]
        objectives: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
struct CreateArgs {
    #[arg(long)]
    name: String,
    #[arg(long, value_name = "DATE")]
    start: String,
    #[arg(long, value_name = "DATE")]
    end: String,
    /// The host country's zone (day boundaries follow it), e.g. Europe/Brussels.
    #[arg(long, value_name = "IANA")]
    host_tz: String,
    /// The delegation's home zone, e.g. Asia/Tokyo.
    #[arg(long, value_name = "IANA")]
    home_tz: String,
    /// The delegation's country (ISO 3166 code).
    #[arg(long, value_name = "CC")]
    from_country: Option<String>,
    /// The host country (ISO 3166 code).
    #[arg(long, value_name = "CC")]
    to_country: Option<String>,
    /// Copies this mission's sites, rooms, travel times, sub-groups and programme skeleton.
    #[arg(long, value_name = "ID")]
    from_mission: Option<String>,
    #[arg(long)]
    objectives: Option<String>,
    #[arg(long)]
    notes: Option<String>,
    /// An organising organisation (repeatable).
    #[arg(long = "organiser", value_name = "ORG_ID")]
    organisers: Vec<String>,
    /// The title printed in documents in LANG (fr, en or zh-TW); repeat for each language.
    #[arg(long = "title-in", value_name = "LANG=TEXT")]
    titles: Vec<String>,
    /// The objectives printed in documents in LANG; repeat for each language.
    #[arg(long = "objectives-in", value_name = "LANG=TEXT")]
    objectives_in: Vec<String>,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct SiteArgs {
    #[command(subcommand)]
    action: SiteAction,
}

#[derive(clap::Subcommand)]
enum SiteAction {
    /// Adds a site to a mission; prints {"id": "sit_…"}.
    Add {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_name = "IANA")]
        tz: String,
        #[arg(long, value_name = "ORG_ID")]
        organisation: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        city: Option<String>,
        #[arg(long, value_name = "CC")]
        country: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Changes the fields given of a site ("" empties an optional one); prints {"id": "sit_…"}.
    Edit {
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_name = "IANA")]
        tz: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        city: Option<String>,
        #[arg(long, value_name = "CC")]
        country: Option<String>,
        /// Opening hours, e.g. 08:00 and 18:00.
        #[arg(long, value_name = "HH:MM")]
        opens: Option<String>,
        #[arg(long, value_name = "HH:MM")]
        closes: Option<String>,
        #[arg(long)]
        access_notes: Option<String>,
    },
    /// Removes a site; items held there move to --move-to (required when there are some).
    Remove {
        id: String,
        #[arg(long, value_name = "SITE_ID")]
        move_to: Option<String>,
    },
}

#[derive(clap::Args)]
pub struct MemberArgs {
    #[command(subcommand)]
    action: MemberAction,
}

#[derive(clap::Subcommand)]
enum MemberAction {
    /// Adds a person to a mission's delegation; prints {"id": "mem_…"}.
    Add {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "ID")]
        contact: String,
        /// head, delegate, organiser, interpreter or host.
        #[arg(long)]
        role: String,
        #[arg(long, value_name = "ID")]
        subgroup: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Changes a member's role or sub-group ("" for the whole delegation); prints
    /// {"contact": "con_…", "role", "subgroup"}.
    Edit {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "ID")]
        contact: String,
        /// head, delegate, organiser, interpreter or host.
        #[arg(long)]
        role: Option<String>,
        #[arg(long, value_name = "ID")]
        subgroup: Option<String>,
    },
    /// Takes a person out of a mission's delegation.
    Remove {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "ID")]
        contact: String,
    },
}

#[derive(clap::Args)]
pub struct RoomArgs {
    #[command(subcommand)]
    action: RoomAction,
}

#[derive(clap::Subcommand)]
enum RoomAction {
    /// Adds a room to a site; prints {"id": "roo_…"}.
    Add {
        #[arg(long, value_name = "ID")]
        site: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        capacity: Option<u32>,
    },
    /// Renames a room or changes its capacity; prints {"id": "roo_…"}.
    Edit {
        #[arg(long, value_name = "ID")]
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        capacity: Option<u32>,
        /// The room's capacity is not known.
        #[arg(long, conflicts_with = "capacity")]
        no_capacity: bool,
    },
    /// Deletes a room; the items held in it stay at the site, without a room. Prints
    /// {"deleted": "roo_…", "items": n}.
    Delete {
        #[arg(long, value_name = "ID")]
        id: String,
    },
}

pub fn room(store: &Store, args: RoomArgs) -> Result<()> {
    match args.action {
        RoomAction::Add {
            site,
            name,
            capacity,
        } => {
            let id = store.write("action.saveRoom", |w| {
                store::sites::put_room(w, &site, None, &name, capacity)
            })?;
            print_id(&id, true)
        }
        RoomAction::Edit {
            id,
            name,
            capacity,
            no_capacity,
        } => {
            store.write("action.saveRoom", |w| {
                let (site, old) = store::sites::room(&*w, &id)?;
                let capacity = if no_capacity {
                    None
                } else {
                    capacity.or(old.capacity)
                };
                let name = name.unwrap_or(old.name);
                store::sites::put_room(w, &site, Some(&id), &name, capacity)
            })?;
            print_id(&id, true)
        }
        RoomAction::Delete { id } => {
            let items =
                store.read(|c| store::references::count(c, "agenda_items", "room_id", &id))?;
            store.write("action.deleteRoom", |w| store::sites::delete_room(w, &id))?;
            print_json(&serde_json::json!({ "deleted": id, "items": items }))
        }
    }
}

#[derive(clap::Args)]
pub struct SubgroupArgs {
    #[command(subcommand)]
    action: SubgroupAction,
}

#[derive(clap::Subcommand)]
enum SubgroupAction {
    /// Adds a sub-group (a track of the delegation) to a mission; prints {"id": "grp_…"}.
    Add {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        name: String,
        /// The name printed in documents in LANG (fr, en or zh-TW), e.g. --name-in
        /// zh-TW=心臟科組; repeat for each language.
        #[arg(long = "name-in", value_name = "LANG=TEXT")]
        names: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Renames a sub-group, or gives its name in a language's documents; prints {"id": "grp_…"}.
    Rename {
        #[arg(long, value_name = "ID")]
        id: String,
        /// Its new name (absent: kept).
        #[arg(long)]
        name: Option<String>,
        /// The name printed in documents in LANG (fr, en or zh-TW); repeat for each language;
        /// an empty TEXT removes it.
        #[arg(long = "name-in", value_name = "LANG=TEXT")]
        names: Vec<String>,
    },
    /// Deletes a sub-group: its members and items go to the whole delegation; prints
    /// {"deleted": "grp_…", "members": n, "items": n}.
    Delete {
        #[arg(long, value_name = "ID")]
        id: String,
    },
}

/// Prints a created record's id as `{"id": …}`.
pub fn print_id(id: &str, _json: bool) -> Result<()> {
    print_json(&serde_json::json!({ "id": id }))
}

/// An edit's optional text flag: absent keeps the field, given as "" (or blanks) empties it.
/// `--title-in LANG=TEXT` flags applied to a stored wording (an empty TEXT removes that
/// language's); None when no flag was given.
pub fn worded(flags: &[String], field: &str, stored: &Wording) -> Result<Option<Wording>> {
    if flags.is_empty() {
        return Ok(None);
    }
    let mut wording = stored.clone();
    for flag in flags {
        let (lang, text) = flag.split_once('=').unwrap_or((flag, ""));
        let text = Some(text.to_owned()).filter(|t| !t.trim().is_empty());
        match Lang::parse_one(field, lang)? {
            Lang::Fr => wording.fr = text,
            Lang::En => wording.en = text,
            Lang::ZhTw => wording.zh_tw = text,
        }
    }
    Ok(Some(wording))
}

pub fn replace_text(flag: Option<String>, field: &mut Option<String>) {
    if let Some(v) = flag {
        *field = Some(v).filter(|v| !v.trim().is_empty());
    }
}

pub fn subgroup(store: &Store, args: SubgroupArgs) -> Result<()> {
    match args.action {
        SubgroupAction::Add {
            mission,
            name,
            names,
            json,
        } => {
            let names = worded(&names, "names", &Wording::default())?;
            let id = store.write("action.saveSubgroup", |w| {
                store::missions::get(w, &mission)?;
                store::missions::put_subgroup(w, &mission, None, &name, names)
            })?;
            print_id(&id, json)
        }
        SubgroupAction::Rename { id, name, names } => {
            store.write("action.saveSubgroup", |w| {
                let mission = store::missions::subgroup_mission(w, &id)?;
                let stored = store::missions::subgroup(w, &id)?;
                let names = worded(&names, "names", &stored.names)?;
                let name = name.as_deref().unwrap_or(&stored.name);
                store::missions::put_subgroup(w, &mission, Some(&id), name, names)
            })?;
            print_id(&id, true)
        }
        SubgroupAction::Delete { id } => {
            let (members, items) = store.read(|c| {
                let held = |table| store::references::count(c, table, "subgroup_id", &id);
                Ok((held("delegation_members")?, held("agenda_items")?))
            })?;
            store.write("action.deleteSubgroup", |w| {
                store::missions::delete_subgroup(w, &id)
            })?;
            print_json(&serde_json::json!({ "deleted": id, "members": members, "items": items }))
        }
    }
}

pub fn mission(store: &Store, args: MissionArgs) -> Result<()> {
    match args.action {
        MissionAction::Create(args) => {
            let CreateArgs {
                name,
                start,
                end,
                host_tz,
                home_tz,
                from_country,
                to_country,
                from_mission,
                objectives,
                objectives_in,
                notes,
                organisers,
                titles,
                json,
            } = *args;
            let input = MissionInput {
                id: None,
                title: name,
                titles: worded(&titles, "titles", &Wording::default())?,
                origin_country: from_country.unwrap_or_default(),
                host_country: to_country.unwrap_or_default(),
                start_date: start,
                end_date: end,
                home_tz,
                host_tz,
                objectives,
                objectives_in: worded(&objectives_in, "objectivesIn", &Wording::default())?,
                notes,
                organisers: organisers
                    .into_iter()
                    .map(|organisation_id| OrganiserInput {
                        organisation_id,
                        role: "organiser".to_owned(),
                    })
                    .collect(),
                from_mission_id: from_mission,
                staff_days: None,
            };
            let id = store.write("action.createMission", |w| store::missions::put(w, &input))?;
            print_id(&id, json)
        }
        MissionAction::Archive { id, undo } => {
            let now = store.now();
            store.write("action.archiveMission", |w| {
                store::missions::set_archived(w, &id, !undo, now)
            })
        }
        MissionAction::Delete { id } => {
            store.write("action.deleteMission", |w| store::missions::delete(w, &id))
        }
        MissionAction::Edit {
            id,
            staff_days,
            titles,
            objectives,
            json: _,
        } => {
            if let Some(typed) = staff_days {
                store.write("action.setStaffDays", |w| {
                    store::missions::set_staff_days(w, &id, &typed)
                })?;
            }
            if !titles.is_empty() || !objectives.is_empty() {
                store.write("action.editMission", |w| {
                    let stored = store::missions::get(&*w, &id)?;
                    let titles = worded(&titles, "titles", &stored.titles)?;
                    let objectives = worded(&objectives, "objectivesIn", &stored.objectives_in)?;
                    store::missions::set_words(w, &id, titles, objectives)
                })?;
            }
            let (days, mission) = store.read(|c| {
                Ok((
                    store::missions::staff_days(c, &id)?,
                    store::missions::get(c, &id)?,
                ))
            })?;
            print_json(&serde_json::json!({
                "id": id, "staffDays": days, "titles": mission.titles,
                "objectivesIn": mission.objectives_in,
            }))
        }
    }
}

pub fn site(store: &Store, args: SiteArgs) -> Result<()> {
    match args.action {
        SiteAction::Add {
            mission,
            name,
            tz,
            organisation,
            address,
            city,
            country,
            json,
        } => {
            let input = SiteInput {
                mission_id: mission,
                name,
                tz,
                organisation_id: organisation,
                address,
                city,
                country,
                ..SiteInput::default()
            };
            let saved = store.write("action.addSite", |w| store::sites::put_site(w, &input))?;
            for warning in &saved.warnings {
                eprintln!("warning: {}", site_warning(warning));
            }
            print_id(&saved.id, json)
        }
        SiteAction::Edit {
            id,
            name,
            tz,
            address,
            city,
            country,
            opens,
            closes,
            access_notes,
        } => {
            let saved = store.write("action.editSite", |w| {
                let mut input = store::sites::input_of(&*w, &id)?;
                if let Some(name) = name {
                    input.name = name;
                }
                if let Some(tz) = tz {
                    input.tz = tz;
                }
                replace_text(address, &mut input.address);
                replace_text(city, &mut input.city);
                replace_text(country, &mut input.country);
                replace_text(opens, &mut input.opens_at);
                replace_text(closes, &mut input.closes_at);
                replace_text(access_notes, &mut input.access_notes);
                store::sites::put_site(w, &input)
            })?;
            for warning in &saved.warnings {
                eprintln!("warning: {}", site_warning(warning));
            }
            print_id(&saved.id, true)
        }
        SiteAction::Remove { id, move_to } => store.write("action.removeSite", |w| {
            store::sites::delete_site(w, &id, move_to.as_deref())
        }),
    }
}

fn site_warning(code: &str) -> &str {
    match code {
        "zoneNotCountry" => "the time zone is not one of the site's country",
        other => other,
    }
}

pub fn member(store: &Store, args: MemberArgs) -> Result<()> {
    match args.action {
        MemberAction::Add {
            mission,
            contact,
            role,
            subgroup,
            json,
        } => {
            let id = store.write("action.addMember", |w| {
                store::missions::add_member(w, &mission, &contact, &role, subgroup.as_deref())
            })?;
            print_id(&id, json)
        }
        MemberAction::Edit {
            mission,
            contact,
            role,
            subgroup,
        } => {
            let (role, subgroup) = store.write("action.editMember", |w| {
                let (old_role, old_group) = store::missions::member(&*w, &mission, &contact)?;
                let role = role.map_or(old_role, |r| r.trim().to_owned());
                let subgroup = match subgroup {
                    Some(g) => Some(g.trim().to_owned()).filter(|g| !g.is_empty()),
                    None => old_group,
                };
                store::missions::set_member(w, &mission, &contact, &role, subgroup.as_deref())?;
                Ok((role, subgroup))
            })?;
            print_json(
                &serde_json::json!({ "contact": contact, "role": role, "subgroup": subgroup }),
            )
        }
        MemberAction::Remove { mission, contact } => store.write("action.removeMember", |w| {
            store::missions::remove_member(w, &mission, &contact)
        }),
    }
}
