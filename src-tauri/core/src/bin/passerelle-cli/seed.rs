use crate::print_json;
use passerelle_core::{seed, Result, Store};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Seed name or path to a seed folder.
    name: String,
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, args: Args) -> Result<()> {
    let dir = PathBuf::from(&args.name);
    let report = if seed::names().contains(&args.name.as_str()) || !dir.is_dir() {
        seed::load(store, &args.name)?
    } else {
        seed::load_dir(store, &dir)?
    };
    if args.json {
        print_json(&report)
    } else {
        println!(
            "{}: {} created, {} updated, {} unchanged",
            report.seed, report.created, report.updated, report.unchanged
        );
        Ok(())
    }
}
