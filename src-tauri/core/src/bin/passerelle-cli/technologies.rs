//! Technologies without a window: `technology add|edit|archive|delete`.

use crate::directory::{archive, delete, ArchiveArgs, DeleteArgs};
use crate::setup::{print_id, replace_text, worded};
use passerelle_core::directory::edit::DirectoryKind;
use passerelle_core::domain::{Maturity, Regulatory, Technology, Wording};
use passerelle_core::ids::TechnologyId;
use passerelle_core::store;
use passerelle_core::{Error, Result, Store};

#[derive(clap::Args)]
pub struct TechnologyArgs {
    #[command(subcommand)]
    action: TechnologyAction,
}

#[derive(clap::Subcommand)]
enum TechnologyAction {
    /// Adds a technology to the directory; prints {"id": "tec_…"}.
    Add {
        #[arg(long)]
        name: String,
        /// The organisation that develops it.
        #[arg(long, value_name = "ORG_ID")]
        owner: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// A specialty code of the shared list (repeatable): cardiology, oncology…
        #[arg(long = "specialty", value_name = "CODE")]
        specialties: Vec<String>,
        /// research, prototype, clinical_validation, certified or marketed.
        #[arg(long)]
        maturity: Option<String>,
        /// The name printed in documents in LANG (fr, en or zh-TW), e.g. --name-in
        /// zh-TW=AI 心電圖心肌梗塞偵測; repeat for each language.
        #[arg(long = "name-in", value_name = "LANG=TEXT")]
        names: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Edits a technology: only the fields given change ("" empties an optional one); prints
    /// {"id": "tec_…"}.
    Edit {
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_name = "ORG_ID")]
        owner: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// Replaces the list (repeatable).
        #[arg(long = "specialty", value_name = "CODE")]
        specialties: Vec<String>,
        /// Removes every specialty.
        #[arg(long, conflicts_with = "specialties")]
        no_specialties: bool,
        /// As for `technology add`; "" empties it.
        #[arg(long)]
        maturity: Option<String>,
        /// The name printed in documents in LANG; repeat for each language; an empty TEXT
        /// removes it.
        #[arg(long = "name-in", value_name = "LANG=TEXT")]
        names: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Archives a technology (hidden from lists and search, every link kept); with --undo,
    /// brings it back. Prints {"id": "tec_…", "archived": bool}.
    Archive(ArchiveArgs),
    /// Deletes a technology; the meetings and requests that named it stay without it. Prints
    /// {"deleted": "tec_…", "links": {table: rows}}.
    Delete(DeleteArgs),
}

fn maturity_of(text: &str) -> Result<Option<Maturity>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Maturity::parse(text).map(Some).ok_or_else(|| {
        Error::validation(
            "maturity",
            format!("'{text}' is not one of {}", Maturity::expected()),
        )
    })
}

pub fn technology(store: &Store, args: TechnologyArgs) -> Result<()> {
    match args.action {
        TechnologyAction::Add {
            name,
            owner,
            description,
            specialties,
            maturity,
            names,
            json,
        } => {
            let t = Technology {
                id: TechnologyId::new_random().to_string(),
                name,
                names: worded(&names, "names", &Wording::default())?.unwrap_or_default(),
                owner_id: owner,
                description,
                specialties,
                regulatory: Regulatory::default(),
                maturity: maturity.as_deref().map(maturity_of).transpose()?.flatten(),
                placeholder: false,
            };
            save(store, t, json)
        }
        TechnologyAction::Edit {
            id,
            name,
            owner,
            description,
            specialties,
            no_specialties,
            maturity,
            names,
            json,
        } => {
            let mut t = store.read(|conn| store::technologies::get(conn, &id))?;
            if let Some(v) = name {
                t.name = v;
            }
            if let Some(names) = worded(&names, "names", &t.names)? {
                t.names = names;
            }
            replace_text(owner, &mut t.owner_id);
            replace_text(description, &mut t.description);
            if no_specialties {
                t.specialties.clear();
            } else if !specialties.is_empty() {
                t.specialties = specialties;
            }
            if let Some(m) = maturity {
                t.maturity = maturity_of(&m)?;
            }
            save(store, t, json)
        }
        TechnologyAction::Archive(a) => archive(store, DirectoryKind::Technology, &a),
        TechnologyAction::Delete(a) => delete(store, DirectoryKind::Technology, &a),
    }
}

fn save(store: &Store, t: Technology, json: bool) -> Result<()> {
    let t = t.validate()?;
    store.write("action.saveTechnology", |w| {
        store::technologies::save(w, &t)
    })?;
    print_id(&t.id, json)
}
