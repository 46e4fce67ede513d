//! Contacts' tags: the words planners file people under, counted, renamed (two tags merged when
//! the new name is already used) or taken off everyone, each change a logged link op.

use super::contacts::TAGS;
use super::{conn_of, Reads, Writer};
use crate::domain::TagCount;
use crate::error::Result;
use rusqlite::types::Value;

/// Every tag with how many contacts hold it, in order.
pub fn list(db: &impl Reads) -> Result<Vec<TagCount>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT tag, count(*) FROM contact_tags GROUP BY tag ORDER BY tag COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(TagCount {
            tag: r.get(0)?,
            contacts: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The contacts holding `tag`, in order.
pub fn holders(db: &impl Reads, tag: &str) -> Result<Vec<String>> {
    let mut stmt = conn_of(db)
        .prepare_cached("SELECT contact_id FROM contact_tags WHERE tag = ?1 ORDER BY contact_id")?;
    let rows = stmt.query_map([tag], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Files everyone holding `from` under `to` instead (already under `to`: they keep it once).
pub fn rename(w: &mut Writer<'_>, from: &str, to: &str) -> Result<()> {
    for contact in holders(w, from)? {
        w.remove_link(&TAGS, &contact, &[Value::Text(from.to_owned())])?;
        w.add_link(&TAGS, &contact, &[Value::Text(to.to_owned())])?;
    }
    Ok(())
}

/// Takes `tag` off everyone holding it.
pub fn remove(w: &mut Writer<'_>, tag: &str) -> Result<()> {
    for contact in holders(w, tag)? {
        w.remove_link(&TAGS, &contact, &[Value::Text(tag.to_owned())])?;
    }
    Ok(())
}
