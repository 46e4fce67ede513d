//! `passerelle-cli`: the headless command line over the core, for automation and tests.
//! Success exits 0 and prints JSON (with `--json`) on stdout; failure exits non-zero with one
//! clear line on stderr and changes nothing. One module per area of commands.

mod availability;
mod backup;
mod budget;
mod directory;
mod documents;
mod followups;
mod forms;
mod info;
mod letters;
mod list;
mod logistics;
mod mail;
mod matchmaking;
mod needs;
mod organisations;
mod programme;
mod rules;
mod seed;
mod setup;
mod solve;
mod specialties;
mod surveys;
mod sync;
mod tags;
mod team;
mod technologies;
mod transport;

use clap::{Parser, Subcommand};
use passerelle_core::documents::locale::Lang;
use passerelle_core::{Error, Result, Store};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "passerelle-cli",
    version,
    about = "Passerelle without a window"
)]
struct Cli {
    /// The database file (default: the app's, in the OS data directory or $PASSERELLE_DATA_DIR).
    #[arg(long, global = true, value_name = "FILE")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Loads a seed: an embedded one by name (taiwan-wallonia-2025, belgian-ehealth) or a folder.
    Seed(seed::Args),
    /// Lists records as a JSON array.
    List(list::Args),
    /// Prints the database path, schema version and counts.
    Info(info::Args),
    /// Missions: mission create|archive|delete.
    Mission(setup::MissionArgs),
    /// A mission's sites: site add|edit|remove.
    Site(setup::SiteArgs),
    /// A site's rooms: room add|edit|delete.
    Room(setup::RoomArgs),
    /// A mission's sub-groups: subgroup add|rename|delete.
    Subgroup(setup::SubgroupArgs),
    /// When the people a delegation meets are free: availability list|add|edit|delete.
    Availability(availability::AvailabilityArgs),
    /// A mission's planning rules (road speed, detour, longest day, lunch): rules show|set.
    Rules(rules::RulesArgs),
    /// A mission's delegation: member add|edit|remove.
    Member(setup::MemberArgs),
    /// Edits the programme: agenda add|edit|move|lock|split|delete.
    Agenda(programme::AgendaArgs),
    /// Checks a mission's programme; prints {"conflicts": [...]}, each message in --lang.
    Check(programme::CheckArgs),
    /// The programme's history: undo, redo, publish, versions, changes; and its benchmark.
    Programme(programme::ProgrammeArgs),
    /// Solves a `passerelle.schedule/1` instance file (no database).
    Solve(solve::SolveArgs),
    /// Writes a seeded benchmark instance: --kind mission|mission-full|event|large (no database).
    BenchInstance(solve::BenchArgs),
    /// Schedules a mission's meeting requests and stores the proposals; prints the score.
    Schedule(matchmaking::ScheduleArgs),
    /// Lists a mission's meeting requests.
    Requests(matchmaking::ListArgs),
    /// Adds a meeting request to a mission.
    RequestAdd(matchmaking::AddArgs),
    /// Changes a meeting request: what is given replaces what it held.
    RequestEdit(matchmaking::EditArgs),
    /// Deletes a meeting request and its proposed (not accepted) meeting.
    RequestDelete(directory::DeleteArgs),
    /// Lists suggested meetings of a mission, ranked and explained.
    Suggest(matchmaking::ListArgs),
    /// Writes a consistent copy of the database to a file (with --encrypt: for a passphrase).
    Backup(backup::BackupArgs),
    /// Replaces the database by a backup (an encrypted one with --passphrase-file); the current
    /// file is kept aside, never overwritten.
    Restore(backup::RestoreArgs),
    /// Imports contacts from a CSV or vCard file (with --dry-run: only reports).
    Import(directory::ImportArgs),
    /// Searches organisations, contacts and technologies; prints ranked hits.
    Search(directory::SearchArgs),
    /// Exports contacts (CSV or vCard), organisations or technologies (CSV), or a mission's
    /// documents (programme, itinerary, cards, changes as PDF; ics) to a file.
    Export(directory::ExportArgs),
    /// Contacts: add|edit|archive; a contact's data-subject rights: export everything held, or
    /// erase.
    Contact(directory::ContactArgs),
    /// Organisations (hosts, hotels, suppliers): organisation add|edit|archive|delete.
    Organisation(organisations::OrganisationArgs),
    /// Technologies: technology add|edit|archive|delete.
    Technology(technologies::TechnologyArgs),
    /// The shared specialty list: specialty list|add|edit|delete.
    Specialty(specialties::SpecialtyArgs),
    /// Contacts' tags across the directory: tag list|rename|delete.
    Tag(tags::TagArgs),
    /// Meeting outcomes: outcome add|edit|delete.
    Outcome(followups::OutcomeArgs),
    /// Follow-up tasks: followup add|list|edit|done|delete|ics|remind.
    Followup(followups::FollowupArgs),
    /// The interest form: forms template (xlsx, csv, pdf) | forms import (a form tool's
    /// responses into people, meeting requests and availability).
    Forms(forms::FormsArgs),
    /// The surveys after a mission: surveys template --kind week|six-months (xlsx, csv, pdf) |
    /// surveys import (a form tool's responses onto the mission and its meetings) | surveys
    /// figures | surveys clear.
    Surveys(surveys::SurveysArgs),
    /// A mission's report at a date, as JSON, CSV or PDF.
    Report(followups::ReportArgs),
    /// Two copies of a mission: sync export|import|conflicts|resolve (`.passerelle` files).
    Sync(sync::SyncArgs),
    /// A delegation member's arrival and departure: travel add|list|edit|delete.
    Travel(logistics::TravelArgs),
    /// A delegation member's hotel nights: stay add|list|edit|delete.
    Stay(logistics::StayArgs),
    /// A delegation member's passport data for a mission (visa letters): passport
    /// set|show|clear.
    Passport(letters::PassportArgs),
    /// E-mail drafts: mail merge (one .eml draft per person of a mission, into a folder).
    Mail(mail::MailArgs),
    /// A person's meal and access needs for a mission, held with their consent:
    /// needs set|list|clear|retention|purge.
    Needs(needs::NeedsArgs),
    /// A mission's budget: cost add|list|edit|delete (amounts in euros).
    Cost(budget::CostArgs),
    /// A mission's vehicles: vehicle add|list|edit|delete (transfers: agenda add --kind transfer).
    Vehicle(transport::VehicleArgs),
    /// The agency's team server: team init-server|add-member|remove-member (administrator),
    /// team join|sync|status|leave (this data file).
    Team(team::TeamArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e.to_string().replace('\n', " "));
            ExitCode::from(match e {
                Error::Validation { .. } | Error::Seed { .. } | Error::NotFound { .. } => 2,
                _ => 1,
            })
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let path = cli
        .db
        .unwrap_or_else(passerelle_core::paths::default_db_path);
    // A command opens the file without scanning every page (the app checks it at each start,
    // and after a restore); `info`, `backup` and `restore` check it.
    // Needs past their erasure date go before any command reads the file (issue 18 part 4).
    let open = || {
        let store = Store::open_skipping_check(&path)?;
        needs::purge_due(&store)?;
        Ok::<_, Error>(store)
    };
    let open_checked = || Store::open(&path);
    match cli.command {
        Command::Seed(args) => seed::run(&open()?, args),
        Command::List(args) => list::run(&open()?, args),
        Command::Info(args) => info::run(&open_checked()?, args),
        Command::Mission(args) => setup::mission(&open()?, args),
        Command::Site(args) => setup::site(&open()?, args),
        Command::Subgroup(args) => setup::subgroup(&open()?, args),
        Command::Member(args) => setup::member(&open()?, args),
        Command::Agenda(args) => programme::run_agenda(&open()?, args),
        Command::Check(args) => programme::run_check(&open()?, args),
        Command::Programme(args) => programme::run_programme(open, args),
        Command::Solve(args) => solve::solve(args),
        Command::BenchInstance(args) => solve::bench_instance(args),
        Command::Schedule(args) => matchmaking::schedule(&open()?, args),
        Command::Requests(args) => matchmaking::list(&open()?, args),
        Command::RequestAdd(args) => matchmaking::add(&open()?, args),
        Command::RequestEdit(args) => matchmaking::edit(&open()?, args),
        Command::RequestDelete(args) => matchmaking::delete(&open()?, args),
        Command::Suggest(args) => matchmaking::suggest(&open()?, args),
        Command::Backup(args) => backup::run_backup(&open_checked()?, args),
        Command::Restore(args) => backup::run_restore(&path, args),
        Command::Import(args) => directory::import(&open()?, args),
        Command::Search(args) => directory::search(&open()?, args),
        Command::Export(args) => directory::export(&open()?, args),
        Command::Contact(args) => directory::contact(&open()?, args),
        Command::Organisation(args) => organisations::organisation(&open()?, args),
        Command::Technology(args) => technologies::technology(&open()?, args),
        Command::Specialty(args) => specialties::specialty(&open()?, args),
        Command::Tag(args) => tags::tag(&open()?, args),
        Command::Room(args) => setup::room(&open()?, args),
        Command::Availability(args) => availability::availability(&open()?, args),
        Command::Rules(args) => rules::rules(&open()?, args),
        Command::Outcome(args) => followups::outcome(&open()?, args),
        Command::Followup(args) => followups::followup(&open()?, args),
        Command::Forms(args) => forms::run(&open()?, args),
        Command::Surveys(args) => surveys::run(&open()?, args),
        Command::Report(args) => followups::report(&open()?, args),
        Command::Sync(args) => sync::run(&open()?, args),
        Command::Travel(args) => logistics::travel(&open()?, args),
        Command::Stay(args) => logistics::stay(&open()?, args),
        Command::Mail(args) => mail::run(&open()?, args),
        Command::Passport(args) => letters::passport(&open()?, args),
        Command::Cost(args) => budget::cost(&open()?, args),
        Command::Vehicle(args) => transport::vehicle(&open()?, args),
        Command::Needs(args) => needs::run(&open()?, args),
        Command::Team(args) => team::run(open, args),
    }
}

/// A `--lang` for messages: fr, en or zh-TW.
pub fn message_lang(text: &str) -> Result<Lang> {
    Lang::parse_one("lang", text)
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    use std::io::Write;
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
    match writeln!(std::io::stdout().lock(), "{text}") {
        // A reader that stopped early (`| head`) is not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
