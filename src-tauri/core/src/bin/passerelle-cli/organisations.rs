//! Organisations without a window: `organisation add|edit|archive|delete`.

use crate::directory::{archive, delete, ArchiveArgs, DeleteArgs};
use crate::setup::{print_id, replace_text};
use passerelle_core::directory::edit::DirectoryKind;
use passerelle_core::domain::{Organisation, OrganisationKind};
use passerelle_core::ids::OrganisationId;
use passerelle_core::store;
use passerelle_core::{Error, Result, Store};

#[derive(clap::Args)]
pub struct OrganisationArgs {
    #[command(subcommand)]
    action: OrganisationAction,
}

#[derive(clap::Subcommand)]
enum OrganisationAction {
    /// Adds an organisation to the directory (a hotel, a supplier, a host); prints
    /// {"id": "org_…"}.
    Add {
        #[arg(long)]
        name: String,
        /// hospital, hospital_network, agency, company (the default), university, public_body
        /// or association.
        #[arg(long, default_value = "company")]
        kind: String,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        postal_code: Option<String>,
        #[arg(long)]
        city: Option<String>,
        /// ISO 3166 code: BE, TW…
        #[arg(long)]
        country: String,
        /// Its IANA time zone (Europe/Brussels).
        #[arg(long)]
        tz: Option<String>,
        #[arg(long)]
        website: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Edits an organisation: only the fields given change ("" empties an optional one);
    /// prints {"id": "org_…"}.
    Edit {
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        short_name: Option<String>,
        /// As for `organisation add`.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        postal_code: Option<String>,
        #[arg(long)]
        city: Option<String>,
        #[arg(long)]
        country: Option<String>,
        #[arg(long)]
        tz: Option<String>,
        #[arg(long)]
        website: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Archives an organisation (hidden from lists and search, every link kept); with --undo,
    /// brings it back. Prints {"id": "org_…", "archived": bool}.
    Archive(ArchiveArgs),
    /// Deletes an organisation: its departments go, its people and technologies stay without
    /// it. Prints {"deleted": "org_…", "links": {table: rows}}.
    Delete(DeleteArgs),
}

fn kind_of(text: &str) -> Result<OrganisationKind> {
    OrganisationKind::parse(text).ok_or_else(|| {
        Error::validation(
            "kind",
            format!("'{text}' is not one of {}", OrganisationKind::expected()),
        )
    })
}

pub fn organisation(store: &Store, args: OrganisationArgs) -> Result<()> {
    match args.action {
        OrganisationAction::Add {
            name,
            kind,
            address,
            postal_code,
            city,
            country,
            tz,
            website,
            json,
        } => {
            let org = Organisation {
                id: OrganisationId::new_random().to_string(),
                name,
                short_name: None,
                kind: kind_of(&kind)?,
                parent_id: None,
                address,
                postal_code,
                city,
                country,
                latitude: None,
                longitude: None,
                tz,
                website,
                notes: None,
                placeholder: false,
            };
            save(store, org, json)
        }
        OrganisationAction::Edit {
            id,
            name,
            short_name,
            kind,
            address,
            postal_code,
            city,
            country,
            tz,
            website,
            notes,
            json,
        } => {
            let mut org = store.read(|conn| store::organisations::get(conn, &id))?;
            if let Some(v) = name {
                org.name = v;
            }
            if let Some(k) = kind {
                org.kind = kind_of(&k)?;
            }
            if let Some(v) = country {
                org.country = v;
            }
            replace_text(short_name, &mut org.short_name);
            replace_text(address, &mut org.address);
            replace_text(postal_code, &mut org.postal_code);
            replace_text(city, &mut org.city);
            replace_text(tz, &mut org.tz);
            replace_text(website, &mut org.website);
            replace_text(notes, &mut org.notes);
            save(store, org, json)
        }
        OrganisationAction::Archive(a) => archive(store, DirectoryKind::Organisation, &a),
        OrganisationAction::Delete(a) => delete(store, DirectoryKind::Organisation, &a),
    }
}

fn save(store: &Store, org: Organisation, json: bool) -> Result<()> {
    let org = org.validate()?;
    store.write("action.saveOrganisation", |w| {
        store::organisations::save(w, &org)
    })?;
    print_id(&org.id, json)
}
