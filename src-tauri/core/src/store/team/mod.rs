//! The agency's team server (issue 16): a PostgreSQL database that keeps and relays the change
//! sets and ops every laptop makes (`crate::sync::op`); each laptop keeps its own merge
//! (`Store::apply_change_sets`). `server/` holds every statement sent to PostgreSQL (the
//! connection and its TLS, the shipped schema, members, push and pull); `local.rs` this data
//! file's side: the connection it joined and the pull's cursors (device-local tables). The
//! client's logic, which puts them together, is `crate::team`.

pub mod local;
pub mod server;
