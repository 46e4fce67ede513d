//! On the day and after: `outcome add`, `followup add|list|done|ics|remind`, `report`.

use crate::print_json;
use passerelle_core::aftercare;
use passerelle_core::domain::validate as v;
use passerelle_core::domain::{
    FollowupInput, FollowupStatus, OutcomeFollowup, OutcomeInput, OutcomeType,
};
use passerelle_core::store::{self, followups};
use passerelle_core::{Error, Result, Store};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct OutcomeArgs {
    #[command(subcommand)]
    command: OutcomeCommand,
}

#[derive(clap::Subcommand)]
enum OutcomeCommand {
    /// Records what came out of a meeting; prints {"id": "out_…"} (with --json, the outcome).
    Add {
        #[arg(long, value_name = "ID")]
        item: String,
        /// clinical_trial_interest, pilot, partnership, investment_lead, regulatory_advice or
        /// no_further_interest.
        #[arg(long = "type", value_name = "TYPE")]
        outcome_type: String,
        #[arg(long)]
        notes: Option<String>,
        #[arg(long = "next-steps")]
        next_steps: Option<String>,
        #[arg(long = "attendee", value_name = "ID")]
        attendees: Vec<String>,
        #[arg(long = "technology", value_name = "ID")]
        technologies: Vec<String>,
        /// Also make the next steps a follow-up due on this date (YYYY-MM-DD).
        #[arg(long = "followup-due", value_name = "DATE")]
        followup_due: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
pub struct FollowupArgs {
    #[command(subcommand)]
    command: FollowupCommand,
}

#[derive(clap::Subcommand)]
enum FollowupCommand {
    /// Adds a follow-up; prints it.
    Add {
        #[arg(long, value_name = "ID")]
        mission: Option<String>,
        #[arg(long)]
        title: String,
        /// A contact id (con_…) of the directory, or a name.
        #[arg(long)]
        owner: Option<String>,
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        /// open (default), waiting, done or dropped.
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_name = "ID")]
        contact: Option<String>,
        #[arg(long, value_name = "ID")]
        organisation: Option<String>,
        #[arg(long, value_name = "ID")]
        technology: Option<String>,
        #[arg(long, value_name = "ID")]
        outcome: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Lists follow-ups by due date, overdue first.
    List {
        #[arg(long, value_name = "ID")]
        mission: Option<String>,
        /// Only those open or waiting and due before --as-of.
        #[arg(long)]
        overdue: bool,
        /// The reference date (default: today).
        #[arg(long = "as-of", value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Marks a follow-up done.
    Done {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Writes follow-ups as an iCalendar file (VTODOs; no attendees).
    Ics {
        #[arg(long, value_name = "ID")]
        mission: Option<String>,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The language of the calendar's name and labels: fr, en or zh-TW.
        #[arg(long, value_name = "LANG", default_value = "en")]
        lang: String,
    },
    /// The reminder check: prints the follow-ups due on or before --as-of that were not yet
    /// notified, and marks them notified.
    Remind {
        #[arg(long = "as-of", value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
pub struct ReportArgs {
    #[arg(long, value_name = "ID")]
    mission: String,
    /// json, csv or pdf.
    #[arg(long, default_value = "json")]
    format: String,
    #[arg(long = "as-of", value_name = "DATE")]
    as_of: Option<String>,
    /// Other missions to compare with (json and csv: one report per mission).
    #[arg(long = "compare", value_name = "ID")]
    compare: Vec<String>,
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

fn as_of(store: &Store, text: Option<&str>) -> Result<chrono::NaiveDate> {
    match text {
        Some(t) => v::date("asOf", t),
        None => Ok(store.now().date_naive()),
    }
}

pub fn outcome(store: &Store, args: OutcomeArgs) -> Result<()> {
    let OutcomeCommand::Add {
        item,
        outcome_type,
        notes,
        next_steps,
        attendees,
        technologies,
        followup_due,
        json,
    } = args.command;
    let outcome_type = OutcomeType::parse(&outcome_type).ok_or_else(|| {
        Error::validation(
            "type",
            format!("'{outcome_type}' is not one of {}", OutcomeType::expected()),
        )
    })?;
    let input = OutcomeInput {
        id: None,
        item_id: item,
        outcome_type,
        notes,
        next_steps,
        attendees,
        technologies,
        followup: followup_due.map(|d| OutcomeFollowup {
            due_on: Some(d),
            ..Default::default()
        }),
    };
    let id = store.write("action.recordOutcome", |w| {
        followups::save_outcome(w, &input)
    })?;
    let mission = store
        .read(|c| store::agenda::record(c, &input.item_id))?
        .mission_id
        .to_string();
    let outcome = store
        .read(|c| followups::outcomes(c, &mission, Some(&input.item_id)))?
        .into_iter()
        .find(|o| o.id == id);
    if json {
        print_json(&outcome)
    } else {
        println!("{id}");
        Ok(())
    }
}

pub fn followup(store: &Store, args: FollowupArgs) -> Result<()> {
    match args.command {
        FollowupCommand::Add {
            mission,
            title,
            owner,
            due,
            status,
            contact,
            organisation,
            technology,
            outcome,
            notes,
            json,
        } => {
            let status = status
                .map(|s| {
                    FollowupStatus::parse(&s).ok_or_else(|| {
                        Error::validation(
                            "status",
                            format!("'{s}' is not one of {}", FollowupStatus::expected()),
                        )
                    })
                })
                .transpose()?;
            let (owner, owner_contact_id) = match owner {
                Some(o) if o.starts_with("con_") => (None, Some(o)),
                o => (o, None),
            };
            let input = FollowupInput {
                id: None,
                title,
                owner,
                owner_contact_id,
                due_on: due,
                status,
                mission_id: mission,
                outcome_id: outcome,
                organisation_id: organisation,
                contact_id: contact,
                technology_id: technology,
                notes,
            };
            let id = store.write("action.addFollowup", |w| followups::put(w, &input))?;
            let today = store.now().date_naive();
            let item = store.read(|c| followups::get(c, &id, Some(today)))?;
            if json {
                print_json(&item)
            } else {
                println!("{id}");
                Ok(())
            }
        }
        FollowupCommand::List {
            mission,
            overdue,
            as_of: date,
            json,
        } => {
            let date = as_of(store, date.as_deref())?;
            let filter = followups::Filter {
                mission_id: mission,
                overdue,
                status: None,
            };
            let list = store.read(|c| followups::list(c, &filter, date))?;
            if json {
                print_json(&list)
            } else {
                for f in &list {
                    println!(
                        "{}\t{}\t{}\t{}{}",
                        f.followup.id,
                        f.followup.due_on.as_deref().unwrap_or("-"),
                        f.followup.status.as_str(),
                        f.followup.title,
                        if f.overdue { "\t(overdue)" } else { "" }
                    );
                }
                Ok(())
            }
        }
        FollowupCommand::Done { id, json } => {
            let item = store.write("action.setFollowupStatus", |w| {
                followups::set_status(w, &id, FollowupStatus::Done)
            })?;
            if json {
                print_json(&item)
            } else {
                println!("{id}");
                Ok(())
            }
        }
        FollowupCommand::Ics { mission, out, lang } => {
            let lang = crate::message_lang(&lang)?;
            let today = store.now().date_naive();
            let filter = followups::Filter {
                mission_id: mission,
                ..Default::default()
            };
            let list = store.read(|c| followups::list(c, &filter, today))?;
            let text = aftercare::ics::followups_ics(&list, store.now(), lang)?;
            std::fs::write(&out, text)?;
            print_json(&json!({ "out": out, "followups": list.len() }))
        }
        FollowupCommand::Remind { as_of: date, json } => {
            let date = as_of(store, date.as_deref())?;
            let now = passerelle_core::time::format_utc(store.now());
            let due = store.write("action.followupReminders", |w| {
                followups::take_due(w, date, &now)
            })?;
            if json {
                print_json(&due)
            } else {
                for f in &due {
                    println!("{}\t{}", f.followup.id, f.followup.title);
                }
                Ok(())
            }
        }
    }
}

pub fn report(store: &Store, args: ReportArgs) -> Result<()> {
    let date = as_of(store, args.as_of.as_deref())?;
    let mut ids = vec![args.mission.clone()];
    ids.extend(args.compare.iter().cloned());
    let reports = store.read(|c| aftercare::compare(c, &ids, date))?;
    let bytes: Vec<u8> = match args.format.as_str() {
        "json" if reports.len() == 1 => serde_json::to_vec_pretty(&reports[0])
            .map_err(|e| Error::Conflict(format!("cannot write JSON: {e}")))?,
        "json" => serde_json::to_vec_pretty(&reports)
            .map_err(|e| Error::Conflict(format!("cannot write JSON: {e}")))?,
        "csv" => {
            let mut text = String::new();
            for (i, r) in reports.iter().enumerate() {
                let csv = aftercare::report_csv(r)?;
                // One header for all missions.
                text.push_str(if i == 0 {
                    csv.as_str()
                } else {
                    csv.split_once('\n').map_or("", |x| x.1)
                });
            }
            text.into_bytes()
        }
        "pdf" => aftercare::report_pdf(&reports[0])?,
        other => {
            return Err(Error::validation(
                "format",
                format!("'{other}' is not one of json, csv, pdf"),
            ))
        }
    };
    std::fs::write(&args.out, bytes)?;
    print_json(&json!({ "out": args.out, "mission": args.mission, "asOf": date.to_string() }))
}
