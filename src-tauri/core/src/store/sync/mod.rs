//! The store's side of merging copies (issue 15): this file as a replica (`replica`), each
//! field's current op (`heads`), the ops the schema's cascades would hide (`cascade`), the link
//! sets (`links`), what a peer lacks (`export`), applying what a peer made (`apply`) and the
//! conflicts left for the planner (`conflicts`). The rules themselves are in `crate::sync`.

pub(crate) mod apply;
pub(crate) mod cascade;
pub(crate) mod conflicts;
pub(crate) mod export;
mod fields;
mod forward;
pub(crate) mod heads;
pub(crate) mod history;
pub(crate) mod links;
mod records;
pub(crate) mod replay;
pub(crate) mod replica;
pub(crate) mod rules;
pub(crate) mod schema;
