//! Contacts' tags without a window: `tag list|rename|delete`.

use crate::print_json;
use passerelle_core::directory::tags;
use passerelle_core::{store, Result, Store};

#[derive(clap::Args)]
pub struct TagArgs {
    #[command(subcommand)]
    action: TagAction,
}

#[derive(clap::Subcommand)]
enum TagAction {
    /// Prints every tag with how many contacts hold it: [{"tag", "contacts"}].
    List,
    /// Renames a tag on every contact holding it (a name already used merges the two); prints
    /// {"tag": new, "contacts": n}.
    Rename { from: String, to: String },
    /// Takes a tag off every contact holding it; prints {"deleted": tag, "contacts": n}.
    Delete { tag: String },
}

pub fn tag(store: &Store, args: TagArgs) -> Result<()> {
    match args.action {
        TagAction::List => print_json(&store.read(store::tags::list)?),
        TagAction::Rename { from, to } => {
            let n = store.write("action.renameTag", |w| tags::rename(w, &from, &to))?;
            print_json(&serde_json::json!({ "tag": to.trim().to_lowercase(), "contacts": n }))
        }
        TagAction::Delete { tag } => {
            let n = store.write("action.deleteTag", |w| tags::delete(w, &tag))?;
            print_json(&serde_json::json!({ "deleted": tag.trim().to_lowercase(), "contacts": n }))
        }
    }
}
