//! The programme from the command line: `agenda add|edit|move|lock|split|delete`, `check`, and
//! `programme undo|redo|publish|changes|versions|bench`.

use crate::{print_json, setup};
use passerelle_core::documents::locale::Lang;
use passerelle_core::domain::{AgendaItemInput, AgendaKind, ItemStatus, Wording};
use passerelle_core::messages::label_text;
use passerelle_core::programme::{bench, conflicts};
use passerelle_core::store::agenda::Reschedule;
use passerelle_core::{store, Error, Result, Store};
use serde_json::json;

#[derive(clap::Args)]
pub struct AgendaArgs {
    #[command(subcommand)]
    command: AgendaCommand,
}

/// The title and description written for documents in another language.
#[derive(clap::Args)]
struct WordingArgs {
    /// The title printed in documents in LANG (fr, en or zh-TW), e.g. --title-in zh-TW=合照;
    /// repeat for each language; an empty TEXT removes it.
    #[arg(long = "title-in", value_name = "LANG=TEXT")]
    titles: Vec<String>,
    /// The description printed in documents in LANG, as --title-in.
    #[arg(long = "description-in", value_name = "LANG=TEXT")]
    descriptions: Vec<String>,
}

impl WordingArgs {
    /// The stored wording with the flags given applied; None when no flag was given.
    fn applied(
        &self,
        titles: &Wording,
        descriptions: &Wording,
    ) -> Result<(Option<Wording>, Option<Wording>)> {
        Ok((
            setup::worded(&self.titles, "titles", titles)?,
            setup::worded(&self.descriptions, "descriptions", descriptions)?,
        ))
    }
}

#[derive(clap::Subcommand)]
enum AgendaCommand {
    /// Adds an item; prints {"id": "itm_…"}. Times without an offset are read in the site's zone.
    Add {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        title: String,
        /// presentation, meeting, visit, travel, meal, reception, break or transfer.
        #[arg(long)]
        kind: String,
        #[arg(long, value_name = "ISO")]
        start: String,
        #[arg(long, value_name = "ISO")]
        end: String,
        #[arg(long, value_name = "ID")]
        site: Option<String>,
        #[arg(long, value_name = "ID")]
        room: Option<String>,
        #[arg(long, value_name = "ID")]
        subgroup: Option<String>,
        #[arg(long = "participant", value_name = "ID")]
        participants: Vec<String>,
        /// proposed, tentative (default), confirmed, held or cancelled.
        #[arg(long)]
        status: Option<String>,
        /// A transfer's vehicle (`vehicle add`); required with --kind transfer.
        #[arg(long, value_name = "ID")]
        vehicle: Option<String>,
        /// The site a transfer leaves from (it arrives at --site).
        #[arg(long, value_name = "ID")]
        from_site: Option<String>,
        #[command(flatten)]
        wording: WordingArgs,
        #[arg(long)]
        json: bool,
    },
    /// Changes the fields given of an item, as the window's item form does; prints {"id": "itm_…"}.
    /// Times without an offset are read in the (new) site's zone; an empty value empties an
    /// optional field (site, room, sub-group, vehicle, departure site, description).
    Edit {
        #[arg(long, value_name = "ID")]
        id: String,
        #[arg(long)]
        title: Option<String>,
        /// presentation, meeting, visit, travel, meal, reception, break or transfer.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long, value_name = "ISO")]
        start: Option<String>,
        #[arg(long, value_name = "ISO")]
        end: Option<String>,
        #[arg(long, value_name = "ID")]
        site: Option<String>,
        #[arg(long, value_name = "ID")]
        room: Option<String>,
        #[arg(long, value_name = "ID")]
        subgroup: Option<String>,
        /// The participants, replacing the stored ones (repeat the flag for each).
        #[arg(
            long = "participant",
            value_name = "ID",
            conflicts_with = "no_participants"
        )]
        participants: Vec<String>,
        /// Removes every named participant (the item is then for its group or the delegation).
        #[arg(long)]
        no_participants: bool,
        /// proposed, tentative, confirmed, held or cancelled.
        #[arg(long)]
        status: Option<String>,
        /// A transfer's vehicle.
        #[arg(long, value_name = "ID")]
        vehicle: Option<String>,
        /// The site a transfer leaves from.
        #[arg(long, value_name = "ID")]
        from_site: Option<String>,
        #[command(flatten)]
        wording: WordingArgs,
        #[arg(long)]
        json: bool,
    },
    /// Copies an item as a new tentative item with its kind, title, place, track, people,
    /// technologies and departments, as the window's Duplicate does; the flags given change the
    /// copy (times without an offset are read in its site's zone). Prints {"id": "itm_…"}.
    Copy {
        #[arg(long, value_name = "ID")]
        id: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_name = "ISO")]
        start: Option<String>,
        #[arg(long, value_name = "ISO")]
        end: Option<String>,
        /// Another sub-group for the copy ("" for the whole delegation).
        #[arg(long, value_name = "ID")]
        subgroup: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Moves or resizes an item (and optionally puts it in another room).
    Move {
        #[arg(long, value_name = "ID")]
        id: String,
        #[arg(long, value_name = "ISO")]
        start: Option<String>,
        #[arg(long, value_name = "ISO")]
        end: Option<String>,
        #[arg(long, value_name = "ID")]
        room: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Locks an item (or unlocks it with --unlock).
    Lock {
        #[arg(long, value_name = "ID")]
        id: String,
        #[arg(long)]
        unlock: bool,
        #[arg(long)]
        json: bool,
    },
    /// Splits an item into one per sub-group of its participants.
    Split {
        #[arg(long, value_name = "ID")]
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Deletes an item.
    Delete {
        #[arg(long, value_name = "ID")]
        id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
pub struct CheckArgs {
    #[arg(long, value_name = "ID")]
    mission: String,
    /// The language of each conflict's `message`: fr, en or zh-TW.
    #[arg(long, default_value = "en")]
    lang: String,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ProgrammeArgs {
    #[command(subcommand)]
    command: ProgrammeCommand,
}

#[derive(clap::Subcommand)]
enum ProgrammeCommand {
    /// Undoes the mission's latest edit.
    Undo {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        json: bool,
    },
    /// Redoes the latest undone edit.
    Redo {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        json: bool,
    },
    /// Freezes the programme as the next numbered version; prints {"version": N}.
    Publish {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Lists the published versions.
    Versions {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        json: bool,
    },
    /// The change sheet from version --from (default: the latest) to --to (default: the draft).
    Changes {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "N")]
        from: Option<u32>,
        #[arg(long, value_name = "N")]
        to: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Times the conflict checker on a synthetic mission and prints the figures.
    Bench {
        #[arg(long, default_value_t = 2000)]
        items: usize,
        #[arg(long, default_value_t = 300)]
        people: usize,
        #[arg(long, default_value_t = 30)]
        runs: usize,
    },
}

pub fn run_agenda(store: &Store, args: AgendaArgs) -> Result<()> {
    match args.command {
        AgendaCommand::Add {
            mission,
            title,
            kind,
            start,
            end,
            site,
            room,
            subgroup,
            participants,
            status,
            vehicle,
            from_site,
            wording,
            json: _,
        } => {
            let kind = parse_kind(&kind)?;
            let status = status.as_deref().map(parse_status).transpose()?;
            let (titles, descriptions) =
                wording.applied(&Wording::default(), &Wording::default())?;
            let input = AgendaItemInput {
                id: None,
                mission_id: mission,
                kind,
                title,
                description: None,
                titles,
                descriptions,
                start,
                end,
                site_id: site,
                room_id: room,
                subgroup_id: subgroup,
                status,
                locked: None,
                participants: Some(participants),
                technologies: None,
                departments: None,
                vehicle_id: vehicle,
                from_site_id: from_site,
            };
            let id = store.write("action.addItem", |w| store::agenda::put(w, &input))?;
            print_json(&json!({ "id": id }))
        }
        AgendaCommand::Edit {
            id,
            title,
            kind,
            description,
            start,
            end,
            site,
            room,
            subgroup,
            participants,
            no_participants,
            status,
            vehicle,
            from_site,
            wording,
            json: _,
        } => {
            let kind = kind.as_deref().map(parse_kind).transpose()?;
            let status = status.as_deref().map(parse_status).transpose()?;
            let id = store.write("action.editItem", |w| {
                let old = store::agenda::record(&*w, &id)?;
                let at = |t: chrono::DateTime<chrono::Utc>| {
                    t.with_timezone(&old.tz)
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
                };
                let keep = |v: Option<String>, old: Option<String>| match v {
                    Some(v) => Some(v.trim().to_owned()),
                    None => old,
                };
                let mut text = old.description.clone();
                setup::replace_text(description, &mut text);
                let (titles, descriptions) = wording.applied(&old.titles, &old.descriptions)?;
                let input = AgendaItemInput {
                    id: Some(id.clone()),
                    mission_id: old.mission_id.to_string(),
                    kind: kind.unwrap_or(old.kind),
                    title: title.unwrap_or(old.title.clone()),
                    description: text,
                    titles,
                    descriptions,
                    start: start.unwrap_or(at(old.starts_at)),
                    end: end.unwrap_or(at(old.ends_at)),
                    site_id: keep(site, old.site_id.map(|x| x.to_string())),
                    room_id: keep(room, old.room_id.map(|x| x.to_string())),
                    subgroup_id: keep(subgroup, old.subgroup_id.map(|x| x.to_string())),
                    status,
                    locked: None,
                    participants: if no_participants {
                        Some(Vec::new())
                    } else if participants.is_empty() {
                        None
                    } else {
                        Some(participants)
                    },
                    technologies: None,
                    departments: None,
                    vehicle_id: keep(vehicle, old.vehicle_id.map(|x| x.to_string())),
                    from_site_id: keep(from_site, old.from_site_id.map(|x| x.to_string())),
                };
                store::agenda::put(w, &input)
            })?;
            print_json(&json!({ "id": id }))
        }
        AgendaCommand::Copy {
            id,
            title,
            start,
            end,
            subgroup,
            json: _,
        } => {
            let id = store.write("action.addItem", |w| {
                let old = store::agenda::record(&*w, &id)?;
                let at = |t: chrono::DateTime<chrono::Utc>| {
                    t.with_timezone(&old.tz)
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
                };
                let input = AgendaItemInput {
                    id: None,
                    mission_id: old.mission_id.to_string(),
                    kind: old.kind,
                    // A copy under a new title leaves the old title's translations behind.
                    titles: Some(if title.is_some() {
                        Wording::default()
                    } else {
                        old.titles.clone()
                    }),
                    title: title.map_or(old.title.clone(), |t| t.trim().to_owned()),
                    description: old.description.clone(),
                    descriptions: Some(old.descriptions.clone()),
                    start: start.unwrap_or(at(old.starts_at)),
                    end: end.unwrap_or(at(old.ends_at)),
                    site_id: old.site_id.map(|x| x.to_string()),
                    room_id: old.room_id.map(|x| x.to_string()),
                    subgroup_id: match subgroup {
                        Some(g) => Some(g.trim().to_owned()),
                        None => old.subgroup_id.map(|x| x.to_string()),
                    },
                    status: Some(ItemStatus::Tentative),
                    locked: None,
                    participants: Some(old.participants.iter().map(ToString::to_string).collect()),
                    technologies: Some(old.technologies.iter().map(ToString::to_string).collect()),
                    departments: Some(old.departments.iter().map(ToString::to_string).collect()),
                    vehicle_id: old.vehicle_id.map(|x| x.to_string()),
                    from_site_id: old.from_site_id.map(|x| x.to_string()),
                };
                store::agenda::put(w, &input)
            })?;
            print_json(&json!({ "id": id }))
        }
        AgendaCommand::Move {
            id,
            start,
            end,
            room,
            json: _,
        } => {
            let change = Reschedule {
                id: id.clone(),
                start,
                end,
                site_id: None,
                room_id: room,
                subgroup_id: None,
            };
            store.write("action.moveItem", |w| store::agenda::reschedule(w, &change))?;
            print_json(&json!({ "id": id }))
        }
        AgendaCommand::Lock {
            id,
            unlock,
            json: _,
        } => {
            let label = if unlock {
                "action.unlockItem"
            } else {
                "action.lockItem"
            };
            store.write(label, |w| store::agenda::set_locked(w, &id, !unlock))?;
            print_json(&json!({ "id": id, "locked": !unlock }))
        }
        AgendaCommand::Split { id, json: _ } => {
            let ids = store.write("action.splitItem", |w| {
                store::agenda::split_by_subgroup(w, &id)
            })?;
            print_json(&json!({ "ids": ids }))
        }
        AgendaCommand::Delete { id, json: _ } => {
            store.write("action.deleteItem", |w| store::agenda::delete(w, &id))?;
            print_json(&json!({ "deleted": id }))
        }
    }
}

fn parse_kind(kind: &str) -> Result<AgendaKind> {
    AgendaKind::parse(kind).ok_or_else(|| {
        Error::validation(
            "kind",
            format!("'{kind}' is not one of {}", AgendaKind::expected()),
        )
    })
}

fn parse_status(status: &str) -> Result<ItemStatus> {
    ItemStatus::parse(status).ok_or_else(|| {
        Error::validation(
            "status",
            format!("'{status}' is not one of {}", ItemStatus::expected()),
        )
    })
}

/// Each conflict as the window gets it (`code`, `params`) plus its `message` rendered in the
/// language asked for.
pub fn run_check(store: &Store, args: CheckArgs) -> Result<()> {
    #[derive(serde::Serialize)]
    struct Shown<'a> {
        #[serde(flatten)]
        conflict: &'a conflicts::Conflict,
        message: String,
    }
    let lang = crate::message_lang(&args.lang)?;
    let found = store.read(|c| store::programme::check(c, &args.mission))?;
    let shown: Vec<Shown> = found
        .iter()
        .map(|conflict| Shown {
            conflict,
            message: conflict.message.render(lang),
        })
        .collect();
    print_json(&json!({ "conflicts": shown }))
}

pub fn run_programme(store: impl Fn() -> Result<Store>, args: ProgrammeArgs) -> Result<()> {
    match args.command {
        ProgrammeCommand::Undo { mission, json: _ } => {
            let s = store()?;
            s.read(|c| store::missions::get(c, &mission))?;
            let done = s.write("action.undo", |w| store::undo::undo(w, &mission))?;
            print_json(&json!({ "undone": done.map(|l| label_text(&l, Lang::En)) }))
        }
        ProgrammeCommand::Redo { mission, json: _ } => {
            let s = store()?;
            s.read(|c| store::missions::get(c, &mission))?;
            let done = s.write("action.redo", |w| store::undo::redo(w, &mission))?;
            print_json(&json!({ "redone": done.map(|l| label_text(&l, Lang::En)) }))
        }
        ProgrammeCommand::Publish {
            mission,
            note,
            json: _,
        } => {
            let n = store()?.write("action.publish", |w| {
                store::versions::publish(w, &mission, note.as_deref())
            })?;
            print_json(&json!({ "version": n }))
        }
        ProgrammeCommand::Versions { mission, json: _ } => {
            let v = store()?.read(|c| store::versions::versions(c, &mission))?;
            print_json(&v)
        }
        ProgrammeCommand::Changes {
            mission,
            from,
            to,
            json: _,
        } => {
            let sheet = store()?.read(|c| store::versions::changes(c, &mission, from, to))?;
            print_json(&sheet)
        }
        ProgrammeCommand::Bench {
            items,
            people,
            runs,
        } => {
            for (shape, p) in [
                ("realistic draft", bench::realistic(items, people, 42)),
                ("random stress", bench::synthetic(items, people, 42)),
            ] {
                let participations: usize = p.items.iter().map(|i| i.people.len()).sum();
                let mut times = Vec::with_capacity(runs.max(1));
                let (mut found, mut transport) = (0, 0);
                for _ in 0..runs.max(1) {
                    let t = std::time::Instant::now();
                    let all = conflicts::check(&p);
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                    found = all.len();
                    transport = all
                        .iter()
                        .filter(|c| c.kind == conflicts::ConflictKind::Transport)
                        .count();
                }
                times.sort_by(f64::total_cmp);
                let median = times[times.len() / 2];
                let worst = times[times.len() - 1];
                println!(
                    "conflict check, {shape}: {items} items, {people} people, {participations} \
                     participations, {} transfers in {} vehicles, {found} conflicts ({transport} \
                     of transport): median {median:.2} ms, worst {worst:.2} ms over {} runs \
                     (goal: under 50 ms)",
                    p.transport.transfers.len(),
                    p.transport.vehicles.len(),
                    times.len()
                );
            }
            Ok(())
        }
    }
}
