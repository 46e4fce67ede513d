//! On the day and after: `outcome add|edit` (with the results agencies report),
//! `followup add|list|done|ics|remind`, `report`.

use crate::print_json;
use crate::setup::replace_text;
use passerelle_core::aftercare;
use passerelle_core::attachments;
use passerelle_core::domain::validate as v;
use passerelle_core::domain::{
    eur_text, AgreementKind, FollowupInput, FollowupStatus, OutcomeFollowup, OutcomeInput,
    OutcomeResults, OutcomeResultsInput, OutcomeType,
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
        #[command(flatten)]
        results: ResultFlags,
        #[arg(long)]
        json: bool,
    },
    /// Deletes a recorded outcome (its follow-ups stay, no longer linked to it); prints
    /// {"deleted": "out_…"}.
    Delete { id: String },
    /// Edits an outcome's results (absent flags keep, "" clears one, --clear-results all; no
    /// flag shows the outcome);
    /// prints the outcome with --json.
    Edit {
        id: String,
        #[command(flatten)]
        results: ResultFlags,
        /// Clears every result of the outcome (before the flags given, if any).
        #[arg(long = "clear-results")]
        clear_results: bool,
        #[arg(long)]
        json: bool,
    },
}

/// The results agencies report, on an outcome (issue 17 part 5).
#[derive(clap::Args, Default)]
struct ResultFlags {
    /// mou, letter_of_intent, contract, clinical_trial_protocol or investment.
    #[arg(long, value_name = "KIND")]
    agreement: Option<String>,
    /// The agreement's value in euros ("1 250 000", "1250000,50").
    #[arg(long = "value-eur", value_name = "N", allow_hyphen_values = true)]
    value_eur: Option<String>,
    /// The investment announced, in euros.
    #[arg(long = "investment-eur", value_name = "N", allow_hyphen_values = true)]
    investment_eur: Option<String>,
    /// The jobs announced (a whole number).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    jobs: Option<String>,
    /// The day the organisation confirmed the results (YYYY-MM-DD).
    #[arg(long = "confirmed-on", value_name = "DATE")]
    confirmed_on: Option<String>,
    /// The evidence file, copied into the data folder's attachments/.
    #[arg(long, value_name = "FILE")]
    evidence: Option<PathBuf>,
}

impl ResultFlags {
    fn given(&self) -> bool {
        self.agreement.is_some()
            || self.value_eur.is_some()
            || self.investment_eur.is_some()
            || self.jobs.is_some()
            || self.confirmed_on.is_some()
            || self.evidence.is_some()
    }

    /// The results once these flags are applied over `current`: absent keeps, blank clears.
    /// The evidence file is copied by the caller (`attachments::attach`) and given as its path.
    fn apply(
        &self,
        mut current: OutcomeResultsInput,
        evidence: Option<String>,
    ) -> Result<OutcomeResultsInput> {
        if let Some(kind) = &self.agreement {
            current.agreement = if kind.trim().is_empty() {
                None
            } else {
                Some(AgreementKind::parse(kind.trim()).ok_or_else(|| {
                    Error::validation(
                        "agreement",
                        format!("'{kind}' is not one of {}", AgreementKind::expected()),
                    )
                })?)
            };
        }
        replace_text(self.value_eur.clone(), &mut current.value_eur);
        replace_text(self.investment_eur.clone(), &mut current.investment_eur);
        replace_text(self.jobs.clone(), &mut current.jobs);
        replace_text(self.confirmed_on.clone(), &mut current.confirmed_on);
        replace_text(evidence, &mut current.evidence);
        Ok(current)
    }
}

/// An outcome's recorded results as the input that would record them again.
fn as_input(r: &OutcomeResults) -> OutcomeResultsInput {
    OutcomeResultsInput {
        agreement: r.agreement,
        value_eur: r.value_cents.map(eur_text),
        investment_eur: r.investment_cents.map(eur_text),
        jobs: r.jobs.map(|j| j.to_string()),
        confirmed_on: r.confirmed_on.clone(),
        evidence: r.evidence.clone(),
    }
}

/// Copies the evidence file given (if any) into the data folder, under the meeting's item;
/// `Some("")` when the flag asks to clear it.
fn copy_evidence(store: &Store, item_id: &str, flag: Option<&PathBuf>) -> Result<Option<String>> {
    match flag {
        None => Ok(None),
        Some(p) if p.as_os_str().is_empty() => Ok(Some(String::new())),
        Some(p) => attachments::attach(store.path(), item_id, p, "evidence").map(Some),
    }
}

/// Removes an evidence file copied for a save that was refused (nothing else changed).
fn forget_copy(store: &Store, copied: Option<&str>) {
    if let Some(rel) = copied.filter(|r| !r.is_empty()) {
        attachments::forget(store.path(), rel);
    }
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
    /// Changes the fields given of a follow-up ("" empties the due date, owner or notes);
    /// prints it with --json.
    Edit {
        id: String,
        #[arg(long)]
        title: Option<String>,
        /// A contact id (con_…) of the directory, or a name.
        #[arg(long)]
        owner: Option<String>,
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        /// open, waiting, done or dropped.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Deletes a follow-up; prints {"deleted": "fol_…"}.
    Delete { id: String },
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
    /// json, csv, xlsx or pdf.
    #[arg(long, default_value = "json")]
    format: String,
    #[arg(long = "as-of", value_name = "DATE")]
    as_of: Option<String>,
    /// Other missions to compare with (json and csv: one report per mission).
    #[arg(long = "compare", value_name = "ID")]
    compare: Vec<String>,
    /// The file to write; without it, --json prints the JSON report on stdout.
    #[arg(long, value_name = "FILE", required_unless_present = "json")]
    out: Option<PathBuf>,
    /// The language of the PDF, the workbook and the CSV's counting rule: fr, en or zh-TW.
    #[arg(long, value_name = "LANG", default_value = "en")]
    lang: String,
    /// Prints the JSON report (with its `kpis`) on stdout instead of writing a file.
    #[arg(long)]
    json: bool,
}

fn as_of(store: &Store, text: Option<&str>) -> Result<chrono::NaiveDate> {
    match text {
        Some(t) => v::date("asOf", t),
        None => Ok(store.now().date_naive()),
    }
}

pub fn outcome(store: &Store, args: OutcomeArgs) -> Result<()> {
    let (
        item,
        outcome_type,
        notes,
        next_steps,
        attendees,
        technologies,
        followup_due,
        results,
        json,
    ) = match args.command {
        OutcomeCommand::Add {
            item,
            outcome_type,
            notes,
            next_steps,
            attendees,
            technologies,
            followup_due,
            results,
            json,
        } => (
            item,
            outcome_type,
            notes,
            next_steps,
            attendees,
            technologies,
            followup_due,
            results,
            json,
        ),
        OutcomeCommand::Delete { id } => {
            store.write("action.deleteOutcome", |w| {
                followups::delete_outcome(w, &id)
            })?;
            return print_json(&serde_json::json!({ "deleted": id }));
        }
        OutcomeCommand::Edit {
            id,
            results,
            clear_results,
            json,
        } => return edit_outcome(store, &id, &results, clear_results, json),
    };
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
        results: None,
    };
    let mut input = input;
    let copied = copy_evidence(store, &input.item_id, results.evidence.as_ref())?;
    if results.given() {
        input.results = Some(results.apply(OutcomeResultsInput::default(), copied.clone())?);
    }
    let id = store
        .write("action.recordOutcome", |w| {
            followups::save_outcome(w, &input)
        })
        .inspect_err(|_| forget_copy(store, copied.as_deref()))?;
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

fn edit_outcome(
    store: &Store,
    id: &str,
    flags: &ResultFlags,
    clear: bool,
    json: bool,
) -> Result<()> {
    let current = store.read(|c| followups::outcome(c, id))?;
    if !flags.given() && !clear {
        // Nothing to change: shows the outcome.
        return if json {
            print_json(&current)
        } else {
            println!("{id}");
            Ok(())
        };
    }
    let base = if clear {
        OutcomeResultsInput::default()
    } else {
        as_input(&current.results)
    };
    let copied = copy_evidence(store, &current.item_id, flags.evidence.as_ref())?;
    let saved = flags.apply(base, copied.clone()).and_then(|input| {
        store.write("action.setOutcomeResults", |w| {
            followups::set_results(w, id, &input)
        })
    });
    if saved.is_err() && copied != current.results.evidence {
        forget_copy(store, copied.as_deref());
    }
    saved?;
    let outcome = store.read(|c| followups::outcome(c, id))?;
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
            let status = status.map(|s| parse_followup_status(&s)).transpose()?;
            let (owner, owner_contact_id) = owner.map_or((None, None), |o| owner_fields(&o));
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
        FollowupCommand::Edit {
            id,
            title,
            owner,
            due,
            status,
            notes,
            json,
        } => {
            let status = status.map(|s| parse_followup_status(&s)).transpose()?;
            let item = store.write("action.editFollowup", |w| {
                let old = followups::get(w, &id, None)?;
                let f = &old.followup;
                let (mut owner_name, mut owner_contact_id) = match &old.owner_contact {
                    Some(c) => (None, Some(c.id.clone())),
                    None => (f.owner.clone(), None),
                };
                if let Some(o) = owner {
                    (owner_name, owner_contact_id) = owner_fields(&o);
                }
                let mut due_on = f.due_on.clone();
                crate::setup::replace_text(due, &mut due_on);
                let mut text = f.notes.clone();
                crate::setup::replace_text(notes, &mut text);
                let input = FollowupInput {
                    id: Some(id.clone()),
                    title: title.unwrap_or_else(|| f.title.clone()),
                    owner: owner_name,
                    owner_contact_id,
                    due_on,
                    status: status.or(Some(f.status)),
                    mission_id: f.mission.as_ref().map(|r| r.id.clone()),
                    outcome_id: old.outcome_id.clone(),
                    organisation_id: f.organisation.as_ref().map(|r| r.id.clone()),
                    contact_id: f.contact.as_ref().map(|r| r.id.clone()),
                    technology_id: f.technology.as_ref().map(|r| r.id.clone()),
                    notes: text,
                };
                followups::put(w, &input)?;
                followups::get(w, &id, None)
            })?;
            if json {
                print_json(&item)
            } else {
                println!("{id}");
                Ok(())
            }
        }
        FollowupCommand::Delete { id } => {
            store.write("action.deleteFollowup", |w| followups::delete(w, &id))?;
            print_json(&serde_json::json!({ "deleted": id }))
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
    let lang = crate::message_lang(&args.lang)?;
    let Some(out) = args.out.filter(|_| !args.json) else {
        return if reports.len() == 1 {
            print_json(&reports[0])
        } else {
            print_json(&reports)
        };
    };
    let bytes: Vec<u8> = match args.format.as_str() {
        "json" if reports.len() == 1 => serde_json::to_vec_pretty(&reports[0])
            .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?,
        "json" => serde_json::to_vec_pretty(&reports)
            .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?,
        "csv" => {
            let mut text = String::new();
            for (i, r) in reports.iter().enumerate() {
                let csv = aftercare::report_csv(r, lang)?;
                // One header for all missions.
                text.push_str(if i == 0 {
                    csv.as_str()
                } else {
                    csv.split_once('\n').map_or("", |x| x.1)
                });
            }
            text.into_bytes()
        }
        "xlsx" => aftercare::workbook::report_xlsx(&reports[0], lang)?,
        "pdf" => aftercare::report_pdf(&reports[0], lang)?,
        other => {
            return Err(Error::validation(
                "format",
                format!("'{other}' is not one of json, csv, xlsx, pdf"),
            ))
        }
    };
    std::fs::write(&out, bytes)?;
    print_json(&json!({ "out": out, "mission": args.mission, "asOf": date.to_string() }))
}

/// A follow-up status as typed on the command line.
fn parse_followup_status(s: &str) -> Result<FollowupStatus> {
    FollowupStatus::parse(s).ok_or_else(|| {
        Error::validation(
            "status",
            format!("'{s}' is not one of {}", FollowupStatus::expected()),
        )
    })
}

/// A follow-up's owner as typed: a contact id of the directory (con_…) or a name, as the
/// (name, contact id) pair the input holds; blank is no owner.
fn owner_fields(typed: &str) -> (Option<String>, Option<String>) {
    let o = typed.trim();
    if o.is_empty() {
        (None, None)
    } else if o.starts_with("con_") {
        (None, Some(o.to_owned()))
    } else {
        (Some(o.to_owned()), None)
    }
}
