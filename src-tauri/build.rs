// Declares the app's own commands so that capabilities can allow exactly them.
const COMMANDS: &[&str] = &[
    "get_app_info",
    "set_locale",
    "load_seed",
    "list_missions",
    "get_mission",
    "list_organisations",
    "get_organisation",
    "list_contacts",
    "get_contact",
    "list_technologies",
    "get_technology",
    "list_specialties",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| panic!("tauri build script failed: {e}"));
}
