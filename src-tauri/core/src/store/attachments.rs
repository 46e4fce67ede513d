//! Which records refer to an attached file (`crate::attachments`): an outcome's evidence, a
//! cost line's invoice. A file none refers to is removed.

use super::{conn_of, Reads};
use crate::error::Result;

/// Whether any record still refers to the attached file at `relative`.
pub fn referenced(db: &impl Reads, relative: &str) -> Result<bool> {
    Ok(conn_of(db).query_row(
        "SELECT EXISTS (SELECT 1 FROM cost_lines WHERE invoice_path = ?1)
             OR EXISTS (SELECT 1 FROM outcomes WHERE evidence_path = ?1)",
        [relative],
        |r| r.get(0),
    )?)
}
