// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! Passerelle's desktop shell: opens the store, registers the commands, shows the window.
//! It is the only crate that knows Tauri; every rule lives in `passerelle-core`.

mod commands;
mod ipc;
mod logging;
mod recovery;
mod single_instance;
mod team_sync;

use passerelle_core::store::backup;
use passerelle_core::{paths, Store};
use std::sync::Arc;
use tauri::Manager;

fn main() {
    logging::note_start();
    paint_without_compositing();
    let db_path = paths::default_db_path();
    let context = tauri::generate_context!();
    // One window per database: a second launch focuses the first and exits.
    let (_lock, context) = single_instance::claim_or_hand_over(&paths::data_dir(), context);
    // Opening the store may refuse a damaged, foreign or newer file: then the window opens on
    // the recovery screen, which explains and offers the latest good backup. The file itself is
    // never overwritten. The page scan runs after the open, while the first screen is shown
    // (`recovery::watch`).
    match Store::open_checking_in_background(&db_path) {
        Ok(store) => run(Arc::new(store), context),
        Err(e) => recovery::run(db_path, e, context),
    }
}

/// WebKitGTK's compositing mode is left off (issue 19, memory): composited, the web page keeps
/// a buffer for every layer its sticky bars, scrolling boxes and calendar make (without a GPU,
/// in Mesa's software renderer); painted without it, the app on the demo mission takes much less
/// memory (`make bench-memory`, figures in the commit that set it). Set before GTK or WebKit
/// start (they read it once), unless the environment already says
/// (`WEBKIT_DISABLE_COMPOSITING_MODE=0` turns it back on).
fn paint_without_compositing() {
    const NO_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(NO_COMPOSITING).is_none() {
        std::env::set_var(NO_COMPOSITING, "1");
    }
}

fn run(store: Arc<Store>, context: tauri::Context<tauri::Wry>) {
    let for_backup = Arc::clone(&store);
    let watched = Arc::clone(&store);
    let recovering = recovery::Recovering::none(store.path().to_owned());
    let result = single_instance::plugin(tauri::Builder::default(), &paths::data_dir())
        .plugin(logging::plugin())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .manage(store)
        .manage(recovering)
        .invoke_handler(tauri::generate_handler![
            commands::app::get_app_info,
            commands::app::first_screen_shown,
            commands::followups::get_today,
            commands::followups::save_outcome_draft,
            commands::followups::discard_outcome_draft,
            commands::followups::save_outcome,
            commands::followups::attach_evidence,
            commands::followups::delete_outcome,
            commands::followups::list_followups,
            commands::followups::save_followup,
            commands::followups::set_followup_status,
            commands::followups::delete_followup,
            commands::followups::get_report,
            commands::followups::compare_reports,
            commands::followups::export_report,
            commands::followups::export_followups_ics,
            commands::documents::preview_document,
            commands::documents::save_document,
            commands::documents::export_mission_ics,
            commands::documents::list_printers,
            commands::documents::print_document,
            commands::mail::preview_mail_merge,
            commands::mail::write_mail_drafts,
            commands::letters::list_passports,
            commands::letters::save_passport,
            commands::letters::clear_passport,
            commands::letters::preview_letters,
            commands::letters::write_letters,
            commands::app::set_locale,
            commands::app::load_seed,
            commands::missions::list_missions,
            commands::missions::get_mission,
            commands::missions::save_mission,
            commands::missions::set_mission_archived,
            commands::missions::set_staff_days,
            commands::missions::delete_mission,
            commands::missions::save_site,
            commands::missions::site_items,
            commands::missions::delete_site,
            commands::missions::list_time_zones,
            commands::missions::add_member,
            commands::matchmaking::list_requests,
            commands::matchmaking::save_request,
            commands::matchmaking::delete_request,
            commands::matchmaking::list_suggestions,
            commands::matchmaking::decide_suggestion,
            commands::matchmaking::run_schedule,
            commands::matchmaking::cancel_schedule,
            commands::programme::get_programme_state,
            commands::programme::list_mission_departments,
            commands::programme::save_agenda_item,
            commands::programme::move_agenda_item,
            commands::programme::delete_agenda_item,
            commands::programme::lock_agenda_item,
            commands::programme::set_agenda_item_status,
            commands::programme::split_agenda_item,
            commands::programme::undo_programme,
            commands::programme::redo_programme,
            commands::programme::publish_programme,
            commands::programme::get_change_sheet,
            commands::programme::save_subgroup,
            commands::programme::delete_subgroup,
            commands::programme::save_member,
            commands::programme::remove_member,
            commands::programme::save_availability,
            commands::programme::delete_availability,
            commands::logistics::get_logistics,
            commands::logistics::list_travel,
            commands::logistics::save_travel,
            commands::logistics::delete_travel,
            commands::logistics::save_stay,
            commands::logistics::delete_stay,
            commands::logistics::save_rooming_xlsx,
            commands::logistics::list_vehicles,
            commands::logistics::save_vehicle,
            commands::logistics::delete_vehicle,
            commands::budget::get_budget,
            commands::budget::save_cost,
            commands::budget::attach_invoice,
            commands::attachments::open_attachment,
            commands::attachments::release_attachment,
            commands::budget::delete_cost,
            commands::budget::save_costs_file,
            commands::needs::get_needs,
            commands::needs::save_needs,
            commands::needs::clear_needs,
            commands::needs::set_needs_retention,
            commands::programme::save_room,
            commands::programme::delete_room,
            commands::programme::set_site_hours,
            commands::programme::set_travel_time,
            commands::programme::save_planning_settings,
            commands::directory::list_organisations,
            commands::directory::get_organisation,
            commands::directory::list_contacts,
            commands::directory::get_contact,
            commands::directory::list_technologies,
            commands::directory::get_technology,
            commands::directory::list_specialties,
            commands::directory::save_organisation,
            commands::directory::save_department,
            commands::directory::save_contact,
            commands::directory::save_technology,
            commands::directory::set_archived,
            commands::directory::get_delete_impact,
            commands::directory::delete_record,
            commands::directory::add_specialty,
            commands::directory::edit_specialty,
            commands::directory::get_specialty_impact,
            commands::directory::delete_specialty,
            commands::directory::list_tags,
            commands::directory::rename_tag,
            commands::directory::delete_tag,
            commands::directory::search_directory,
            commands::directory::import_choose_file,
            commands::directory::import_preview,
            commands::directory::import_commit,
            commands::forms::save_form_template,
            commands::forms::choose_form_responses,
            commands::forms::preview_form_import,
            commands::forms::import_form_responses,
            commands::forms::preview_survey_import,
            commands::forms::import_survey_responses,
            commands::forms::get_survey_figures,
            commands::forms::clear_survey,
            commands::directory::export_directory,
            commands::directory::export_contact_data,
            commands::directory::erase_contact,
            commands::directory::list_duplicates,
            commands::directory::merge_records,
            commands::directory::mark_not_duplicates,
            commands::directory::similar_contacts,
            commands::backups::list_backups,
            commands::backups::backup_now,
            commands::backups::restore_backup,
            commands::backups::get_backup_dir,
            commands::backups::choose_backup_dir,
            commands::sync::share_mission,
            commands::sync::receive_file,
            commands::sync::list_sync_conflicts,
            commands::sync::resolve_sync_conflict,
            commands::sync::list_exchanges,
            commands::team::team_status,
            commands::team::team_join,
            commands::team::team_sync,
            commands::team::team_leave,
            recovery::recover_from_backup,
        ])
        .setup(move |app| {
            logging::log_start();
            // The page scan's verdict, then a backup at every start, off the UI thread at the
            // lowest priority, rotated (7 daily, 4 weekly). A damaged file is not backed up: its
            // copy would fail its check, and the rotation must keep the good ones.
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                passerelle_core::background::lower_this_threads_priority();
                if !recovery::watch(&handle, &for_backup) {
                    return;
                }
                // Meal and access needs past their erasure date go first (issue 18 part 4), so
                // that the backup below does not keep them.
                if let Err(e) = passerelle_core::store::needs::purge_if_due(&for_backup) {
                    tracing::error!("the purge of needs past their date failed: {e}");
                }
                let made = backup::dir_of(&for_backup)
                    .and_then(|dir| backup::auto_backup(&for_backup, &dir));
                if let Err(e) = made {
                    tracing::error!("the start-up backup failed: {e}");
                }
            });
            // The team server's background sync, woken by this app's own commits.
            let syncer = team_sync::TeamSync::start(app.handle(), &watched);
            app.manage(syncer.clone());
            // Every commit reaches the windows: this app's, and those of `passerelle-cli` or
            // another program.
            ipc::announce_changes(app.handle(), watched, move || syncer.after_commit());
            // Reminders of due follow-ups: at start-up, then every few minutes.
            commands::followups::start_reminders(app.handle());
            Ok(())
        })
        .run(context);
    if let Err(e) = result {
        eprintln!("Passerelle stopped: {e}");
        std::process::exit(1);
    }
}
