//! `mail merge`: one e-mail draft (`.eml`, `X-Unsent: 1`) per person of a mission, written into
//! a folder for the planner's mail client (issue 17). The JSON printed is a contract:
//! `{"drafts": N, "skipped": [{"contact": ID, "reason": "noAddress"|"erased"|"objected"}]}`.

use crate::print_json;
use passerelle_core::mail::{self, Audience, MailLang, MailTemplate, MergeRequest};
use passerelle_core::{Result, Store};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct MailArgs {
    #[command(subcommand)]
    command: MailCommand,
}

#[derive(clap::Subcommand)]
enum MailCommand {
    /// Writes one draft per person into a folder; prints how many and who was skipped, why.
    Merge(MergeArgs),
}

#[derive(clap::Args)]
struct MergeArgs {
    #[arg(long, value_name = "ID")]
    mission: String,
    /// invitation, confirmation (with the itinerary PDF and .ics attached), thank-you, survey.
    #[arg(long, value_name = "TEMPLATE")]
    template: String,
    /// delegation, hosts or all.
    #[arg(long, value_name = "WHO")]
    to: String,
    /// fr, en, zh-TW, or auto: each person's own language (else their side's country's).
    #[arg(long, value_name = "LANG", default_value = "auto")]
    lang: String,
    /// The folder the drafts are written into (made if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, args: MailArgs) -> Result<()> {
    match args.command {
        MailCommand::Merge(args) => merge(store, args),
    }
}

fn merge(store: &Store, args: MergeArgs) -> Result<()> {
    let request = MergeRequest {
        mission_id: args.mission,
        template: MailTemplate::parse(&args.template)?,
        to: Audience::parse(&args.to)?,
        lang: MailLang::parse(&args.lang)?,
    };
    let now = store.now();
    let report = store.read(|conn| mail::merge_into(conn, &request, &args.out, now))?;
    if args.json {
        let skipped: Vec<_> = report
            .skipped
            .iter()
            .map(|s| json!({ "contact": s.contact_id, "reason": s.reason.code() }))
            .collect();
        print_json(&json!({ "drafts": report.drafts, "skipped": skipped }))
    } else {
        println!(
            "{} drafts written to {}; {} skipped",
            report.drafts,
            report.folder,
            report.skipped.len()
        );
        for s in &report.skipped {
            println!("  {} ({}): {}", s.name, s.contact_id, s.reason.code());
        }
        Ok(())
    }
}
