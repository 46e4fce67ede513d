//! When the people a delegation meets are free, without a window: `availability
//! list|add|edit|delete`. Times without an offset are read in the mission's host zone.

use crate::print_json;
use crate::setup::replace_text;
use passerelle_core::store::missions::AvailabilityInput;
use passerelle_core::{store, Result, Store};

#[derive(clap::Args)]
pub struct AvailabilityArgs {
    #[command(subcommand)]
    action: AvailabilityAction,
}

#[derive(clap::Subcommand)]
enum AvailabilityAction {
    /// Prints a mission's windows by start: [{"id", "contact", "start", "end", "tz", "note"}].
    List {
        #[arg(long, value_name = "ID")]
        mission: String,
    },
    /// Adds a window for a person; prints {"id": "ava_…"}.
    Add {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "ID")]
        contact: String,
        #[arg(long, value_name = "ISO")]
        start: String,
        #[arg(long, value_name = "ISO")]
        end: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Changes the times or note given of a window ("" empties the note); prints {"id": "ava_…"}.
    Edit {
        #[arg(long, value_name = "ID")]
        id: String,
        #[arg(long, value_name = "ISO")]
        start: Option<String>,
        #[arg(long, value_name = "ISO")]
        end: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Deletes a window; prints {"deleted": "ava_…"}.
    Delete {
        #[arg(long, value_name = "ID")]
        id: String,
    },
}

pub fn availability(store: &Store, args: AvailabilityArgs) -> Result<()> {
    match args.action {
        AvailabilityAction::List { mission } => print_json(&store.read(|c| {
            store::missions::get(c, &mission)?;
            store::missions::availability(c, &mission)
        })?),
        AvailabilityAction::Add {
            mission,
            contact,
            start,
            end,
            note,
        } => {
            let input = AvailabilityInput {
                id: None,
                mission_id: mission,
                contact_id: contact,
                start,
                end,
                note: note.filter(|n| !n.trim().is_empty()),
            };
            let id = store.write("action.saveAvailability", |w| {
                store::missions::put_availability(w, &input)
            })?;
            print_json(&serde_json::json!({ "id": id }))
        }
        AvailabilityAction::Edit {
            id,
            start,
            end,
            note,
        } => {
            store.write("action.saveAvailability", |w| {
                let (mission, old) = store::missions::availability_window(&*w, &id)?;
                let mut text = old.note.clone();
                replace_text(note, &mut text);
                let input = AvailabilityInput {
                    id: Some(id.clone()),
                    mission_id: mission,
                    contact_id: old.contact.id.clone(),
                    start: start.unwrap_or(old.start),
                    end: end.unwrap_or(old.end),
                    note: text,
                };
                store::missions::put_availability(w, &input)
            })?;
            print_json(&serde_json::json!({ "id": id }))
        }
        AvailabilityAction::Delete { id } => {
            store.write("action.deleteAvailability", |w| {
                store::missions::delete_availability(w, &id)
            })?;
            print_json(&serde_json::json!({ "deleted": id }))
        }
    }
}
