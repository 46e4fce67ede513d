//! The tags contacts are filed under, tidied across the directory: renamed (a typo, or two
//! spellings merged into one) or taken off everyone.

use crate::domain::validate as v;
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::store::{self, Writer};

/// The tag as stored (trimmed, lower case) if some contact holds it.
fn held(w: &Writer<'_>, tag: &str) -> Result<(String, usize)> {
    let tag = tag.trim().to_lowercase();
    let n = store::tags::holders(w, &tag)?.len();
    if n == 0 {
        return Err(Error::NotFound {
            entity: "tag",
            id: tag,
        });
    }
    Ok((tag, n))
}

/// Renames a tag on every contact holding it; a name already used merges the two. Returns how
/// many contacts held it. The new name follows the form's rule (lower case, 60 characters) and
/// has no comma, which the form reads as a separator.
pub fn rename(w: &mut Writer<'_>, from: &str, to: &str) -> Result<usize> {
    let to = v::tag("to", to)?;
    if to.contains(',') {
        return Err(Error::invalid("to", Message::new("tagHasComma")));
    }
    let (from, n) = held(w, from)?;
    if from != to {
        store::tags::rename(w, &from, &to)?;
    }
    Ok(n)
}

/// Takes a tag off every contact holding it; the contacts stay. Returns how many held it.
pub fn delete(w: &mut Writer<'_>, tag: &str) -> Result<usize> {
    let (tag, n) = held(w, tag)?;
    store::tags::remove(w, &tag)?;
    Ok(n)
}
