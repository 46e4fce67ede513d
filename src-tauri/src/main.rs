// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! Passerelle's desktop shell: opens the store, registers the commands, shows the window.
//! It is the only crate that knows Tauri; every rule lives in `passerelle-core`.

mod commands;
mod ipc;

use passerelle_core::{paths, Store};
use std::sync::Arc;

fn main() {
    let db_path = paths::default_db_path();
    // Opening the store is the one start-up step that may refuse (damaged file, newer schema):
    // say why on stderr and in a native dialog-free way, and stop without touching the file.
    let store = match Store::open(&db_path) {
        Ok(store) => Arc::new(store),
        Err(e) => {
            eprintln!("Passerelle cannot open its database: {e}");
            std::process::exit(1);
        }
    };

    let result = tauri::Builder::default()
        .manage(store)
        .invoke_handler(tauri::generate_handler![
            commands::app::get_app_info,
            commands::app::set_locale,
            commands::app::load_seed,
            commands::missions::list_missions,
            commands::missions::get_mission,
            commands::directory::list_organisations,
            commands::directory::get_organisation,
            commands::directory::list_contacts,
            commands::directory::get_contact,
            commands::directory::list_technologies,
            commands::directory::get_technology,
            commands::directory::list_specialties,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Passerelle stopped: {e}");
        std::process::exit(1);
    }
}
