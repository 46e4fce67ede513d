//! `passerelle-cli`: the headless command line over the core, for automation and tests.
//! Success exits 0 and prints JSON (with `--json`) on stdout; failure exits non-zero with one
//! clear line on stderr and changes nothing.

use clap::{Parser, Subcommand, ValueEnum};
use passerelle_core::{seed, store, Error, Result, Store};
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
    Seed {
        /// Seed name or path to a seed folder.
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Lists records as a JSON array.
    List {
        what: ListKind,
        /// The mission, for `agenda` and `sites`.
        #[arg(long, value_name = "ID")]
        mission: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Prints the database path, schema version and counts.
    Info {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ListKind {
    Organisations,
    Contacts,
    Technologies,
    Missions,
    Agenda,
    Sites,
    Specialties,
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
    let store = Store::open(&path)?;
    match cli.command {
        Command::Seed { name, json } => {
            let dir = PathBuf::from(&name);
            let report = if seed::names().contains(&name.as_str()) || !dir.is_dir() {
                seed::load(&store, &name)?
            } else {
                seed::load_dir(&store, &dir)?
            };
            if json {
                print_json(&report)
            } else {
                println!(
                    "{}: {} created, {} updated, {} unchanged",
                    report.seed, report.created, report.updated, report.unchanged
                );
                Ok(())
            }
        }
        Command::List {
            what,
            mission,
            json: _,
        } => store.read(|conn| {
            let need_mission = || {
                mission
                    .clone()
                    .ok_or_else(|| Error::validation("mission", "--mission ID is required"))
            };
            match what {
                ListKind::Organisations => print_json(&store::organisations::list(conn)?),
                ListKind::Contacts => print_json(&store::contacts::list(conn)?),
                ListKind::Technologies => print_json(&store::technologies::list(conn)?),
                ListKind::Missions => print_json(&store::missions::list(conn)?),
                ListKind::Specialties => print_json(&store::specialties::list(conn)?),
                ListKind::Agenda => {
                    let id = need_mission()?;
                    store::missions::get(conn, &id)?;
                    print_json(&store::agenda::of_mission(conn, &id)?)
                }
                ListKind::Sites => {
                    let id = need_mission()?;
                    store::missions::get(conn, &id)?;
                    print_json(&store::sites::of_mission(conn, &id)?)
                }
            }
        }),
        Command::Info { json } => {
            let info = store.read(|conn| {
                let count = |t: &str| -> Result<i64> {
                    Ok(conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?)
                };
                Ok(serde_json::json!({
                    "db": store.path().display().to_string(),
                    "schemaVersion": store::SCHEMA_VERSION,
                    "organisations": count("organisations")?,
                    "contacts": count("contacts")?,
                    "technologies": count("technologies")?,
                    "missions": count("missions")?,
                    "agendaItems": count("agenda_items")?,
                }))
            })?;
            if json {
                print_json(&info)
            } else {
                println!("{info:#}");
                Ok(())
            }
        }
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Conflict(format!("cannot write JSON: {e}")))?;
    println!("{text}");
    Ok(())
}
