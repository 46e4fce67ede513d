use crate::print_json;
use passerelle_core::{store, Result, Store};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, args: Args) -> Result<()> {
    let n = store.read(store::contents::of)?;
    let info = serde_json::json!({
        "db": store.path().display().to_string(),
        "schemaVersion": store::SCHEMA_VERSION,
        "organisations": n.organisations,
        "contacts": n.contacts,
        "technologies": n.technologies,
        "missions": n.missions,
        "agendaItems": n.agenda_items,
    });
    if args.json {
        print_json(&info)
    } else {
        println!("{info:#}");
        Ok(())
    }
}
