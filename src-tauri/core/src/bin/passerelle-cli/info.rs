use crate::print_json;
use passerelle_core::{store, Result, Store};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, args: Args) -> Result<()> {
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
    if args.json {
        print_json(&info)
    } else {
        println!("{info:#}");
        Ok(())
    }
}
