//! Domain records, their validation, and the views sent to the UI and the CLI.
//!
//! A record type (e.g. [`Organisation`]) is both what the store saves and what the UI edits:
//! `validate` trims and checks every field and returns the clean record, or a validation error
//! naming the field in its wire (camelCase) form. Views (`…Summary`, `…Detail`) are read-only.

pub mod agenda;
pub mod budget;
pub mod contact;
pub mod enums;
pub mod followup;
pub mod logistics;
pub mod mission;
pub mod needs;
pub mod organisation;
pub mod passport;
pub mod results;
pub mod search;
pub mod technology;
pub mod transport;
pub mod validate;
pub mod wording;
pub mod zones;

pub use agenda::*;
pub use budget::*;
pub use contact::*;
pub use enums::*;
pub use followup::*;
pub use logistics::*;
pub use mission::*;
pub use needs::*;
pub use organisation::*;
pub use passport::*;
pub use results::*;
pub use search::*;
pub use technology::*;
pub use transport::*;
pub use wording::Wording;

use serde::Serialize;

/// A link to another record, with the name to show for it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Ref {
    pub id: String,
    pub name: String,
}

/// One entry of the shared list of medical specialties.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Specialty {
    pub code: String,
    pub label_en: String,
    pub label_fr: String,
    pub label_zh: String,
}

pub(crate) const NAME_MAX: usize = 300;
pub(crate) const NOTE_MAX: usize = 20_000;

/// What the app tells its UI at start-up.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub db_path: String,
    pub schema_version: u32,
    /// No mission and no organisation yet: the UI offers the demo mission.
    pub is_empty: bool,
    pub locale: Option<String>,
    pub seeds: Vec<String>,
    /// Set when the database could not be opened: the UI shows the recovery screen.
    pub recovery: Option<Recovery>,
}

/// Why the database could not be opened, or must be replaced, and the backups that can replace
/// it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Recovery {
    /// "damaged" (or foreign), "newer" (written by a newer Passerelle), "other", or
    /// "damagedFound" (opened, then found damaged by the page scan that runs after the open).
    #[ts(type = "\"damaged\" | \"newer\" | \"other\" | \"damagedFound\"")]
    pub problem: &'static str,
    pub message: String,
    pub db_path: String,
    pub backups: Vec<BackupInfo>,
}

/// What a backup file holds, for the "Restore from backup" preview. An encrypted backup listed
/// without its passphrase shows only its file's facts (zero counts, no titles).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupInfo {
    pub file_name: String,
    pub path: String,
    /// RFC 3339, from the file name (or its modification time).
    pub created_at: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub schema_version: u32,
    pub missions: u32,
    pub organisations: u32,
    pub contacts: u32,
    pub technologies: u32,
    pub agenda_items: u32,
    pub mission_titles: Vec<String>,
    /// Encrypted with a passphrase (the age format): restoring it asks for the passphrase.
    pub encrypted: bool,
}

/// The payload of the `store-changed` event sent after every commit (`store::Changes`): which
/// kinds of records changed (tables as the change log names them), and which records of each
/// kind when they are few, so that the UI refetches only what shows them.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StoreChanged {
    pub entities: Vec<String>,
    /// The ids touched, by kind; a kind of `entities` missing here touched too many to list.
    #[ts(type = "Record<string, Array<string>>")]
    pub ids: std::collections::BTreeMap<String, Vec<String>>,
}
