//! Passerelle's core: domain records and their validation, the SQLite store, seeds and (later)
//! planning and export. It knows nothing of Tauri or of any webview; the desktop app and the
//! `passerelle-cli` binary are thin shells over it.

pub mod aftercare;
pub mod attachments;
pub mod background;
pub mod directory;
pub mod documents;
pub mod domain;
pub mod error;
pub mod files;
pub mod forms;
pub mod ids;
pub mod mail;
pub mod messages;
pub mod paths;
pub mod planning;
pub mod programme;
pub mod seed;
pub mod store;
pub mod surveys;
pub mod sync;
pub mod team;
pub mod time;

pub use error::{ApiError, Error, Result};
pub use store::Store;

/// The memory allocator of every binary built on the core (the app, the CLI, the benchmarks):
/// mimalloc. An import allocates a million small strings on its planning thread and frees them
/// on the writing one; glibc's allocator spent about 15 % of a 100,000-row import on that
/// (`make bench-directory`: median 3.2 s with it, 2.7 s with mimalloc).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
