//! Passerelle's core: domain records and their validation, the SQLite store, seeds and (later)
//! planning and export. It knows nothing of Tauri or of any webview; the desktop app and the
//! `passerelle-cli` binary are thin shells over it.

pub mod aftercare;
pub mod directory;
pub mod documents;
pub mod domain;
pub mod error;
pub mod ids;
pub mod paths;
pub mod planning;
pub mod programme;
pub mod seed;
pub mod store;
pub mod time;

pub use error::{ApiError, Error, Result};
pub use store::Store;
