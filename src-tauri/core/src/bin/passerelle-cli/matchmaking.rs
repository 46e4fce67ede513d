//! `schedule`, `requests`, `request-add|edit|delete` and `suggest`: matchmaking in a mission.

use crate::directory::DeleteArgs;
use crate::print_json;
use passerelle_core::messages::Message;
use passerelle_core::planning::matchmaking::{self, Priority, RequestInput, ScheduleSettings};
use passerelle_core::{Error, Result, Store};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

#[derive(clap::Args)]
pub struct ScheduleArgs {
    #[arg(long, value_name = "ID")]
    mission: String,
    /// Seconds the solver may run.
    #[arg(long, value_name = "SECONDS", default_value_t = 2.0)]
    time_limit: f64,
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
    /// Length of a meeting slot.
    #[arg(long, value_name = "MINUTES", default_value_t = 30)]
    slot_minutes: u32,
    /// The planner's language (fr, en or zh-TW): the proposed items' titles and the reasons
    /// a request is left out are in it.
    #[arg(long, value_name = "LANG", default_value = "en")]
    lang: String,
    /// JSON is the only output format; the flag is accepted for explicitness.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ListArgs {
    #[arg(long, value_name = "ID")]
    mission: String,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct AddArgs {
    #[arg(long, value_name = "ID")]
    mission: String,
    /// Contact ids, comma-separated (two or more).
    #[arg(long, value_name = "CON,CON", value_delimiter = ',')]
    participants: Vec<String>,
    /// must, should or could.
    #[arg(long, default_value = "should")]
    priority: String,
    /// Allowed site ids, comma-separated (default: any site of the mission).
    #[arg(long, value_name = "SIT,SIT", value_delimiter = ',')]
    sites: Vec<String>,
    /// A technology the meeting is about (repeatable); the meeting the scheduler places
    /// inherits them.
    #[arg(long = "technology", value_name = "ID")]
    technologies: Vec<String>,
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct EditArgs {
    #[arg(long, value_name = "ID")]
    mission: String,
    /// The request's id (`requests --mission … --json` lists them).
    #[arg(long, value_name = "ID")]
    id: String,
    /// Contact ids, comma-separated (two or more).
    #[arg(long, value_name = "CON,CON", value_delimiter = ',')]
    participants: Option<Vec<String>>,
    /// must, should or could.
    #[arg(long)]
    priority: Option<String>,
    /// Allowed site ids, comma-separated; an empty value: any site of the mission.
    #[arg(long, value_name = "SIT,SIT", value_delimiter = ',')]
    sites: Option<Vec<String>>,
    /// The technologies the meeting is about (repeatable; replaces the request's).
    #[arg(long = "technology", value_name = "ID")]
    technologies: Option<Vec<String>>,
    /// No technology named any more.
    #[arg(long, conflicts_with = "technologies")]
    no_technology: bool,
    /// An empty title removes it.
    #[arg(long)]
    title: Option<String>,
    /// Empty notes remove them.
    #[arg(long)]
    notes: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn schedule(store: &Store, args: ScheduleArgs) -> Result<()> {
    if !args.time_limit.is_finite() || args.time_limit <= 0.0 || args.time_limit > 3600.0 {
        return Err(Error::validation(
            "time-limit",
            "must be between 0 and 3600 seconds",
        ));
    }
    let settings = ScheduleSettings {
        slot_minutes: args.slot_minutes,
        time_limit: Duration::from_secs_f64(args.time_limit),
        seed: args.seed,
        lang: crate::message_lang(&args.lang)?,
    };
    let report = matchmaking::schedule(
        store,
        &args.mission,
        &settings,
        &AtomicBool::new(false),
        &mut |_| {},
    )?;
    print_json(&report)
}

pub fn list(store: &Store, args: ListArgs) -> Result<()> {
    print_json(&store.read(|c| matchmaking::list(c, &args.mission))?)
}

pub fn suggest(store: &Store, args: ListArgs) -> Result<()> {
    print_json(&store.read(|c| matchmaking::suggestions(c, &args.mission, 50))?)
}

fn priority(value: &str) -> Result<Priority> {
    match value {
        "must" => Ok(Priority::Must),
        "should" => Ok(Priority::Should),
        "could" => Ok(Priority::Could),
        other => Err(Error::invalid(
            "priority",
            Message::new("notAPriority").with("value", other),
        )),
    }
}

pub fn add(store: &Store, args: AddArgs) -> Result<()> {
    let priority = priority(&args.priority)?;
    let input = RequestInput {
        id: None,
        mission_id: args.mission,
        title: args.title,
        priority,
        participants: args.participants,
        sites: (!args.sites.is_empty()).then_some(args.sites),
        technologies: Some(args.technologies),
        notes: None,
    };
    print_json(&matchmaking::save(store, &input)?)
}

/// The request as it is, with what the arguments give in place of what it held: one logged
/// write, the same as the window's; prints the request.
pub fn edit(store: &Store, args: EditArgs) -> Result<()> {
    let current = store
        .read(|c| matchmaking::list(c, &args.mission))?
        .into_iter()
        .find(|r| r.id == args.id)
        .ok_or_else(|| Error::NotFound {
            entity: "meeting request",
            id: args.id.clone(),
        })?;
    let ids = |named: &[matchmaking::Named]| named.iter().map(|n| n.id.clone()).collect();
    let text = |given: Option<String>, held: Option<String>| match given {
        Some(t) if t.trim().is_empty() => None,
        Some(t) => Some(t),
        None => held,
    };
    // No site named: any site of the mission.
    let sites: Vec<String> = match args.sites {
        Some(given) => given.into_iter().filter(|s| !s.is_empty()).collect(),
        None => ids(&current.sites),
    };
    let input = RequestInput {
        id: Some(current.id.clone()),
        mission_id: args.mission,
        title: text(args.title, current.title),
        priority: match args.priority {
            Some(p) => priority(&p)?,
            None => current.priority,
        },
        participants: args
            .participants
            .unwrap_or_else(|| ids(&current.participants)),
        sites: (!sites.is_empty()).then_some(sites),
        technologies: Some(if args.no_technology {
            Vec::new()
        } else {
            args.technologies
                .unwrap_or_else(|| ids(&current.technologies))
        }),
        notes: text(args.notes, current.notes),
    };
    print_json(&matchmaking::save(store, &input)?)
}

/// Prints {"deleted": id}.
pub fn delete(store: &Store, args: DeleteArgs) -> Result<()> {
    matchmaking::delete(store, &args.id)?;
    print_json(&serde_json::json!({ "deleted": args.id }))
}
