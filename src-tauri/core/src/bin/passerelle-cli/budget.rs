//! A mission's budget from the command line (issue 18, part 6): cost lines
//! (`cost add|list|edit|delete`, an invoice file attached with `--invoice`) and the accountant's files (`export costs --format csv|xlsx`).

use crate::print_json;
use crate::setup::{print_id, replace_text as replace};
use passerelle_core::documents::{self, Langs};
use passerelle_core::domain::{CostCategory, CostInput};
use passerelle_core::{attachments, store, Error, Result, Store};
use std::path::{Path, PathBuf};

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
        /// The invoice file, copied into the data folder's attachments/.
        #[arg(long, value_name = "FILE")]
        invoice: Option<PathBuf>,
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
        /// Attaches or replaces the invoice file (copied into the data folder's attachments/).
        #[arg(long, value_name = "FILE", conflicts_with = "no_invoice")]
        invoice: Option<PathBuf>,
        /// Removes the invoice file.
        #[arg(long = "no-invoice")]
        no_invoice: bool,
        #[arg(long)]
        json: bool,
    },
    /// Deletes a cost line (and its invoice file).
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

/// Copies the invoice file given (if any) into the data folder, under the mission.
fn copy_invoice(store: &Store, mission: &str, file: Option<&Path>) -> Result<Option<String>> {
    file.map(|f| attachments::attach(store.path(), mission, f, "invoice"))
        .transpose()
}

/// Saves the line; a refused save removes the invoice copied for it (nothing else changed).
fn saved(store: &Store, input: &CostInput, copied: Option<&str>) -> Result<String> {
    store::costs::save(store, input).inspect_err(|_| {
        if let Some(rel) = copied {
            attachments::forget(store.path(), rel);
        }
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
            invoice,
            json,
        } => {
            let copied = copy_invoice(store, &mission, invoice.as_deref())?;
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
                invoice: copied.clone(),
            };
            let id = saved(store, &input, copied.as_deref())?;
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
            invoice,
            no_invoice,
            json,
        } => {
            let c = c.as_deref().map(category).transpose()?;
            let mut input = store.read(|r| store::costs::input_of(r, &id))?;
            let copied = copy_invoice(store, &input.mission_id, invoice.as_deref())?;
            input.category = c.unwrap_or(input.category);
            input.label = label.unwrap_or(input.label);
            replace(estimate_eur, &mut input.estimate_eur);
            replace(committed_eur, &mut input.committed_eur);
            replace(actual_eur, &mut input.actual_eur);
            replace(supplier, &mut input.supplier_id);
            replace(note, &mut input.note);
            if no_invoice {
                input.invoice = None;
            } else if copied.is_some() {
                input.invoice = copied.clone();
            }
            let id = saved(store, &input, copied.as_deref())?;
            print_id(&id, json)
        }
        CostAction::Delete { id } => store::costs::remove(store, &id),
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
