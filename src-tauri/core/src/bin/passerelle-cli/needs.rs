//! Meals and access needs from the command line (issue 18, part 4): `needs set|list|clear`,
//! `needs retention` and `needs purge`. Special-category data: `set` refuses needs without
//! `--consent` and who, when and how it was given. The caterer's sheet is an `export` kind
//! (`export catering --mission ID --lang L --out F.pdf`).

use crate::print_json;
use crate::setup::print_id;
use passerelle_core::domain::{retention, AccessNeed, ConsentMethod, Diet, NeedsInput};
use passerelle_core::{store, Error, Result, Store};

#[derive(clap::Args)]
pub struct NeedsArgs {
    #[command(subcommand)]
    action: NeedsAction,
}

#[derive(clap::Subcommand)]
enum NeedsAction {
    /// Records a person's needs for a mission (replacing their previous ones); prints
    /// {"id": "ned_…"}. Refused without --consent, --consent-by, --consent-on, --consent-how.
    Set {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "ID")]
        contact: String,
        /// A dietary requirement (repeatable): vegetarian, vegan, halal, kosher, no_pork,
        /// no_alcohol, gluten_free, lactose_free, nut_allergy, shellfish_allergy, other.
        #[arg(long = "diet", value_name = "DIET")]
        diets: Vec<String>,
        /// The "other" diet in words.
        #[arg(long, value_name = "TEXT")]
        diet_other: Option<String>,
        /// An access need (repeatable): wheelchair, reduced_mobility, hearing, sight, other.
        #[arg(long = "access", value_name = "NEED")]
        access: Vec<String>,
        /// The "other" access need in words.
        #[arg(long, value_name = "TEXT")]
        access_other: Option<String>,
        /// The person gave their explicit consent to record these needs.
        #[arg(long)]
        consent: bool,
        /// Who gave the consent (the person, or who answered for them).
        #[arg(long, value_name = "TEXT")]
        consent_by: Option<String>,
        /// When, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        consent_on: Option<String>,
        /// How: form, email, in_person or phone.
        #[arg(long, value_name = "HOW")]
        consent_how: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Lists a mission's needs as JSON, with the date they are erased.
    List {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        json: bool,
    },
    /// Erases a person's needs for a mission (consent withdrawn); prints {"cleared": bool}.
    Clear {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "ID")]
        contact: String,
        #[arg(long)]
        json: bool,
    },
    /// Sets how many days after its last day a mission's needs are kept (30 by default);
    /// prints {"retentionDays", "erasedOn"}.
    Retention {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "N")]
        days: i64,
        #[arg(long)]
        json: bool,
    },
    /// Erases every need past its mission's erasure date now; prints {"erased": N}.
    Purge {
        #[arg(long)]
        json: bool,
    },
}

fn parsed<T>(
    field: &str,
    values: &[String],
    parse: fn(&str) -> Option<T>,
    expected: String,
) -> Result<Vec<T>> {
    values
        .iter()
        .map(|v| {
            parse(v.trim())
                .ok_or_else(|| Error::validation(field, format!("“{v}” is not one of {expected}")))
        })
        .collect()
}

/// Erases the needs past their date, if any: run before every command of the CLI that opens
/// the data file (the app runs it at its start).
pub fn purge_due(store: &Store) -> Result<usize> {
    store::needs::purge_if_due(store)
}

pub fn run(store: &Store, args: NeedsArgs) -> Result<()> {
    match args.action {
        NeedsAction::Set {
            mission,
            contact,
            diets,
            diet_other,
            access,
            access_other,
            consent,
            consent_by,
            consent_on,
            consent_how,
            json,
        } => {
            let how = consent_how
                .as_deref()
                .map(|h| {
                    ConsentMethod::parse(h.trim()).ok_or_else(|| {
                        Error::validation(
                            "consentHow",
                            format!("“{h}” is not one of {}", ConsentMethod::expected()),
                        )
                    })
                })
                .transpose()?;
            let input = NeedsInput {
                mission_id: mission,
                contact_id: contact,
                diets: parsed("diets", &diets, Diet::parse, Diet::expected())?,
                diet_other,
                access: parsed("access", &access, AccessNeed::parse, AccessNeed::expected())?,
                access_other,
                consent,
                consent_by,
                consent_on,
                consent_how: how,
            };
            let id = store.write("action.saveNeeds", |w| store::needs::put(w, &input))?;
            print_id(&id, json)
        }
        NeedsAction::List { mission, json: _ } => {
            print_json(&store.read(|c| store::needs::of_mission(c, &mission))?)
        }
        NeedsAction::Clear {
            mission,
            contact,
            json: _,
        } => {
            // The write compacts the file: no copy of the erased values in free pages or the WAL.
            let cleared = store.write("action.clearNeeds", |w| {
                store::needs::clear(w, &mission, &contact)
            })?;
            print_json(&serde_json::json!({ "cleared": cleared }))
        }
        NeedsAction::Retention {
            mission,
            days,
            json: _,
        } => {
            let days = retention("days", days)?;
            store.write("action.setNeedsRetention", |w| {
                store::needs::set_retention(w, &mission, days)
            })?;
            // A shorter retention may have brought the date past.
            purge_due(store)?;
            let needs = store.read(|c| store::needs::of_mission(c, &mission))?;
            print_json(&serde_json::json!({
                "retentionDays": needs.retention_days,
                "erasedOn": needs.erased_on,
            }))
        }
        NeedsAction::Purge { json: _ } => {
            let erased = purge_due(store)?;
            print_json(&serde_json::json!({ "erased": erased }))
        }
    }
}
