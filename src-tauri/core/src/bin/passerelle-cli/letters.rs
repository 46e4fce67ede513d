//! Letters and the passport data they need (issue 17, part 3): `passport set|show|clear` (a
//! delegation member's passport for one mission) and `export letter` (invitation or thank-you
//! letters as PDF, one per person into a folder, or one file for one contact). With --json
//! `export letter` prints `{"written": [PATH…], "skipped": [{"contact": ID, "reason":
//! "noPassport"|"erased"|"objected"}]}`.

use crate::print_json;
use passerelle_core::documents::letters::{self, CostsBy, LetterKind, LetterRequest};
use passerelle_core::domain::PassportInput;
use passerelle_core::mail::MailLang;
use passerelle_core::messages::Message;
use passerelle_core::{store, Error, Result, Store};
use serde_json::json;
use std::path::Path;

#[derive(clap::Args)]
pub struct PassportArgs {
    #[command(subcommand)]
    action: PassportAction,
}

#[derive(clap::Subcommand)]
enum PassportAction {
    /// Enters or replaces a delegation member's passport for a mission (every field given
    /// again); prints {"id": "psp_…", "checks": [...]}.
    Set {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "ID")]
        contact: String,
        /// The surname as the passport writes it.
        #[arg(long)]
        surname: String,
        /// The given names as the passport writes them.
        #[arg(long = "given-names", value_name = "NAMES")]
        given_names: String,
        /// Country code, ISO 3166-1 alpha-2 (TW, BE…).
        #[arg(long, value_name = "CC")]
        nationality: String,
        #[arg(long)]
        number: String,
        /// YYYY-MM-DD.
        #[arg(long = "birth-date", value_name = "DATE")]
        birth_date: String,
        /// YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        issued: Option<String>,
        /// YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        expires: String,
        #[arg(long, value_name = "TEXT")]
        authority: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Prints a person's passport for a mission as JSON (null when none), with its checks.
    Show {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "ID")]
        contact: String,
        #[arg(long)]
        json: bool,
    },
    /// Removes a person's passport data for a mission; prints {"cleared": true|false}.
    Clear {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "ID")]
        contact: String,
        #[arg(long)]
        json: bool,
    },
}

fn print_checks(checks: &[Message]) {
    for c in checks {
        eprintln!("warning: {}", c.english());
    }
}

pub fn passport(store: &Store, args: PassportArgs) -> Result<()> {
    match args.action {
        PassportAction::Set {
            mission,
            contact,
            surname,
            given_names,
            nationality,
            number,
            birth_date,
            issued,
            expires,
            authority,
            json,
        } => {
            let input = PassportInput {
                mission_id: mission.clone(),
                contact_id: contact.clone(),
                surname,
                given_names,
                nationality,
                number,
                birth_date,
                issued_on: issued,
                expires_on: expires,
                issuing_authority: authority,
            };
            let id = store.write("action.savePassport", |w| store::passports::put(w, &input))?;
            let checks = store
                .read(|c| store::passports::get(c, &mission, &contact))?
                .map(|p| p.checks)
                .unwrap_or_default();
            if json {
                print_json(&json!({ "id": id, "checks": checks }))
            } else {
                println!("{id}");
                print_checks(&checks);
                Ok(())
            }
        }
        PassportAction::Show {
            mission,
            contact,
            json: _,
        } => print_json(&store.read(|c| store::passports::get(c, &mission, &contact))?),
        PassportAction::Clear {
            mission,
            contact,
            json,
        } => {
            let cleared = store.write("action.clearPassport", |w| {
                store::passports::clear(w, &mission, &contact)
            })?;
            if json {
                print_json(&json!({ "cleared": cleared }))
            } else {
                println!(
                    "{}",
                    if cleared {
                        "cleared"
                    } else {
                        "no passport data"
                    }
                );
                Ok(())
            }
        }
    }
}

/// `export letter`'s own flags.
#[derive(clap::Args, Default)]
pub struct LetterFlags {
    /// Letters: invitation (visa support, needs the passport data) or thank-you.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Letters and the interpreter's pack: one person (contact id); --out may then name the
    /// .pdf file.
    #[arg(long, value_name = "ID")]
    pub contact: Option<String>,
    /// Invitation letters: who covers the costs, invitee (their organisation, the default) or
    /// organiser.
    #[arg(long = "costs-by", value_name = "WHO")]
    pub costs_by: Option<String>,
    /// Letters: print the files written and the people skipped as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `export letter --mission ID --kind invitation|thank-you [--contact ID] --lang
/// fr|en|zh-TW|auto --out F.pdf|DIR [--json]`.
pub fn export_letter(
    store: &Store,
    flags: &crate::documents::DocumentFlags,
    letter: &LetterFlags,
    out: &Path,
) -> Result<()> {
    let kind = letter
        .kind
        .as_deref()
        .ok_or_else(|| Error::validation("kind", "--kind invitation|thank-you is required"))?;
    let request = LetterRequest {
        mission_id: flags.mission()?,
        kind: LetterKind::parse(kind)?,
        contact: letter.contact.clone(),
        lang: MailLang::parse(flags.lang.as_deref().unwrap_or("auto"))?,
        costs_by: match letter.costs_by.as_deref() {
            Some(c) => CostsBy::parse(c)?,
            None => CostsBy::default(),
        },
    };
    let now = store.now();
    let report = store.read(|conn| letters::write_letters(conn, &request, out, now))?;
    if letter.json {
        let skipped: Vec<_> = report
            .skipped
            .iter()
            .map(|s| json!({ "contact": s.contact_id, "reason": s.reason.code() }))
            .collect();
        return print_json(&json!({ "written": report.written, "skipped": skipped }));
    }
    for path in &report.written {
        println!("{path}");
    }
    for s in &report.skipped {
        println!(
            "skipped: {} ({}): {}",
            s.name,
            s.contact_id,
            s.reason.code()
        );
    }
    Ok(())
}
