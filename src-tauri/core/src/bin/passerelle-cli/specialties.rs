//! The shared specialty list without a window: `specialty list|add|edit|delete`.

use crate::print_json;
use passerelle_core::directory::edit::{self, NewSpecialty};
use passerelle_core::{store, Result, Store};

#[derive(clap::Args)]
pub struct SpecialtyArgs {
    #[command(subcommand)]
    action: SpecialtyAction,
}

#[derive(clap::Subcommand)]
enum SpecialtyAction {
    /// Prints the list: [{"code", "labelEn", "labelFr", "labelZh"}], by English label.
    List,
    /// Adds a specialty; its code is made from the English label; prints {"code": …}.
    Add {
        #[command(flatten)]
        labels: Labels,
    },
    /// Renames a specialty in its three languages (its code stays); prints {"code": …}.
    Edit {
        code: String,
        #[command(flatten)]
        labels: Labels,
    },
    /// Takes a specialty out of the list; the contacts, technologies and departments holding it
    /// lose it, or hold `--into` instead (a duplicate merged into the entry kept). Prints
    /// {"deleted": code, "into": code|null, "links": {table: rows}}.
    Delete {
        code: String,
        #[arg(long)]
        into: Option<String>,
    },
}

#[derive(clap::Args)]
struct Labels {
    #[arg(long = "en")]
    label_en: String,
    /// Defaults to the English label.
    #[arg(long = "fr")]
    label_fr: Option<String>,
    /// Defaults to the English label.
    #[arg(long = "zh")]
    label_zh: Option<String>,
}

impl From<Labels> for NewSpecialty {
    fn from(l: Labels) -> Self {
        NewSpecialty {
            label_en: l.label_en,
            label_fr: l.label_fr,
            label_zh: l.label_zh,
        }
    }
}

pub fn specialty(store: &Store, args: SpecialtyArgs) -> Result<()> {
    match args.action {
        SpecialtyAction::List => print_json(&store.read(store::specialties::list)?),
        SpecialtyAction::Add { labels } => {
            let input = NewSpecialty::from(labels);
            let code = store.write("action.addSpecialty", |w| edit::add_specialty(w, &input))?;
            print_json(&serde_json::json!({ "code": code }))
        }
        SpecialtyAction::Edit { code, labels } => {
            let input = NewSpecialty::from(labels);
            store.write("action.editSpecialty", |w| {
                edit::edit_specialty(w, &code, &input)
            })?;
            print_json(&serde_json::json!({ "code": code }))
        }
        SpecialtyAction::Delete { code, into } => {
            let impact = store.read(|c| edit::specialty_impact(c, &code))?;
            store.write("action.deleteSpecialty", |w| {
                edit::delete_specialty(w, &code, into.as_deref())
            })?;
            let links: serde_json::Map<String, serde_json::Value> = impact
                .links
                .into_iter()
                .map(|(table, n)| (table, n.into()))
                .collect();
            print_json(&serde_json::json!({ "deleted": code, "into": into, "links": links }))
        }
    }
}
