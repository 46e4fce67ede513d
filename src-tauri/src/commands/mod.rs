//! Thin commands, one file per area: unpack the input, call one core function, return a view.

pub mod app;
pub mod attachments;
pub mod backups;
pub mod budget;
pub mod directory;
pub mod documents;
pub mod followups;
pub mod forms;
pub mod letters;
pub mod logistics;
pub mod mail;
pub mod matchmaking;
pub mod missions;
pub mod needs;
pub mod programme;
pub mod sync;
pub mod team;
