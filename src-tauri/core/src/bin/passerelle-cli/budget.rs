//! A mission's budget from the command line (issue 18, part 6): cost lines
//! (`cost add|list|edit|delete`) and the accountant's files (`export costs --format csv|xlsx`).

use crate::print_json;
use crate::setup::{print_id, replace_text as replace};
use passerelle_core::documents::{self, Langs};
use passerelle_core::domain::{CostCategory, CostInput};
use passerelle_core::{store, Error, Result, Store};
use std::path::Path;

#[derive(clap::Args)]
pub struct CostArgs {
    #[command(subcommand)]
    action: CostAction,
}

#[derive(clap::Subcommand)]
enum CostAction {
    /// Adds a cost line to a mission; prints {"id": "cst_…"}. Amounts in euros ("1250",
    /// "1 250,50", "80 EUR"); another currency or a negative amount is refused.
    Add {
        #[arg(long, value_name = "ID")]
        mission: String,
        /// transport, hotel, catering, venue, interpreting, gifts, printing or other.
        #[arg(long, value_name = "C")]
        category: String,
        #[arg(long, value_name = "TEXT")]
        label: String,
        #[arg(long = "estimate-eur", value_name = "N", allow_hyphen_values = true)]
        estimate_eur: String,
        #[arg(long = "committed-eur", value_name = "N", allow_hyphen_values = true)]
        committed_eur: Option<String>,
        #[arg(long = "actual-eur", value_name = "N", allow_hyphen_values = true)]
        actual_eur: Option<String>,
        /// The supplier: an organisation of the directory.
        #[arg(long, value_name = "ORG_ID")]
        supplier: Option<String>,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Lists a mission's budget as JSON: its lines, totals by category and the whole (cents).
    List {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        json: bool,
    },
    /// Changes the fields given of a cost line ("" empties an amount, the supplier or the
    /// note); prints {"id": "cst_…"}.
    Edit {
        #[arg(long, value_name = "ID")]
        id: String,
        #[arg(long, value_name = "C")]
        category: Option<String>,
        #[arg(long, value_name = "TEXT")]
        label: Option<String>,
        #[arg(long = "estimate-eur", value_name = "N", allow_hyphen_values = true)]
        estimate_eur: Option<String>,
        #[arg(long = "committed-eur", value_name = "N", allow_hyphen_values = true)]
        committed_eur: Option<String>,
        #[arg(long = "actual-eur", value_name = "N", allow_hyphen_values = true)]
        actual_eur: Option<String>,
        #[arg(long, value_name = "ORG_ID")]
        supplier: Option<String>,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Deletes a cost line.
    Delete {
        #[arg(long, value_name = "ID")]
        id: String,
    },
}

fn category(text: &str) -> Result<CostCategory> {
    CostCategory::parse(text).ok_or_else(|| {
        Error::validation(
            "category",
            format!("“{text}” is not {}", CostCategory::expected()),
        )
    })
}

pub fn cost(store: &Store, args: CostArgs) -> Result<()> {
    match args.action {
        CostAction::Add {
            mission,
            category: c,
            label,
            estimate_eur,
            committed_eur,
            actual_eur,
            supplier,
            note,
            json,
        } => {
            let input = CostInput {
                id: None,
                mission_id: mission,
                category: category(&c)?,
                label,
                supplier_id: supplier,
                estimate_eur: Some(estimate_eur),
                committed_eur,
                actual_eur,
                note,
            };
            let id = store.write("action.saveCost", |w| store::costs::put(w, &input))?;
            print_id(&id, json)
        }
        CostAction::List { mission, json: _ } => {
            print_json(&store.read(|c| store::costs::budget(c, &mission))?)
        }
        CostAction::Edit {
            id,
            category: c,
            label,
            estimate_eur,
            committed_eur,
            actual_eur,
            supplier,
            note,
            json,
        } => {
            let c = c.as_deref().map(category).transpose()?;
            let id = store.write("action.saveCost", |w| {
                let mut input = store::costs::input_of(w, &id)?;
                input.category = c.unwrap_or(input.category);
                input.label = label.unwrap_or(input.label);
                replace(estimate_eur, &mut input.estimate_eur);
                replace(committed_eur, &mut input.committed_eur);
                replace(actual_eur, &mut input.actual_eur);
                replace(supplier, &mut input.supplier_id);
                replace(note, &mut input.note);
                store::costs::put(w, &input)
            })?;
            print_id(&id, json)
        }
        CostAction::Delete { id } => {
            store.write("action.deleteCost", |w| store::costs::delete(w, &id))
        }
    }
}

/// `export costs --mission ID --format csv|xlsx [--lang L] --out F`: the cost lines as CSV,
/// or the budget as a workbook headed in `--lang` (English by default).
pub fn export_costs(
    store: &Store,
    xlsx: bool,
    flags: &crate::documents::DocumentFlags,
    out: &Path,
) -> Result<()> {
    let mission = flags.mission()?;
    let bytes = if xlsx {
        let lang = Langs::first_or_english(flags.lang.as_deref())?;
        store.read(|c| documents::costs::xlsx(c, &mission, lang))?
    } else {
        store.read(|c| documents::costs::csv(c, &mission))?
    };
    crate::documents::write_out(out, &bytes)
}
