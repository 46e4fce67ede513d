//! What the directory import (`directory::import`) reads and writes besides the records
//! themselves: the keys duplicates are recognised by and the search index's upkeep around a
//! bulk write. (Its remembered column mappings are device-local scratch: `store::local`.)

use super::{conn_of, Writer, PAGE_CACHE_KIB};
use crate::error::Result;
use rusqlite::OptionalExtension;

pub use super::Reads;

/// A stored contact as duplicates are recognised: by e-mail, or by name at an organisation.
pub struct ContactKey {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    pub organisation_id: Option<String>,
}

/// A stored organisation as a file names it: by its name or its short name.
pub struct OrganisationName {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
}

/// How many contacts the directory holds (to size the import's maps).
pub fn contact_count(from: &impl Reads) -> Result<usize> {
    let n: i64 = conn_of(from).query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Calls `each` with every stored contact's keys, without collecting them.
pub fn each_contact_key(from: &impl Reads, mut each: impl FnMut(ContactKey)) -> Result<()> {
    let mut stmt = conn_of(from)
        .prepare("SELECT id, given_name, family_name, email, organisation_id FROM contacts")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(ContactKey {
            id: r.get(0)?,
            given_name: r.get(1)?,
            family_name: r.get(2)?,
            email: r.get(3)?,
            organisation_id: r.get(4)?,
        });
    }
    Ok(())
}

/// Calls `each` with every stored organisation's names.
pub fn each_organisation_name(
    from: &impl Reads,
    mut each: impl FnMut(OrganisationName),
) -> Result<()> {
    let mut stmt = conn_of(from).prepare("SELECT id, name, short_name FROM organisations")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(OrganisationName {
            id: r.get(0)?,
            name: r.get(1)?,
            short_name: r.get(2)?,
        });
    }
    Ok(())
}

/// A stored contact, read where the import stands (see [`Reads`]).
pub fn contact(from: &impl Reads, id: &str) -> Result<crate::domain::Contact> {
    super::contacts::get(from, id)
}

// ------------------------------------------------------------------------ the search index

/// The search index around a bulk write: triggers set aside and a larger in-memory FTS5 buffer
/// while rows are written, the index rows of what was written rebuilt at the end.
pub struct BulkWrite {
    triggers: Vec<String>,
    hash_sizes: Vec<Option<i64>>,
    max_contact: i64,
    max_org: i64,
}

impl BulkWrite {
    pub fn begin(w: &mut Writer<'_>) -> Result<Self> {
        // With the search triggers on, every row's statement savepoint flushes the FTS5 index to
        // disk (a segment per row). For a bulk import the triggers are set aside inside this
        // transaction and the index rows of the records written are rebuilt in one statement at
        // the end, before the triggers come back: the index is never out of step once committed.
        let triggers = suspend_search_triggers(w)?;
        // FTS5 flushes its in-memory index to a new segment every `hashsize` bytes (1 MiB by
        // default) and merges segments as they pile up: for an import, one flush at the end.
        let hash_sizes = raise_fts_hash_size(w)?;
        // Room for every page the import writes (~90 MB for 100,000 contacts), so that none is
        // spilled to the WAL before the commit and read back by the reindexing.
        w.conn()
            .pragma_update(None, "cache_size", -IMPORT_PAGE_CACHE_KIB)?;
        let max_rowid = |table: &str| -> Result<i64> {
            Ok(w.conn().query_row(
                &format!("SELECT coalesce(max(rowid), 0) FROM {table}"),
                [],
                |r| r.get(0),
            )?)
        };
        Ok(BulkWrite {
            max_contact: max_rowid("contacts")?,
            max_org: max_rowid("organisations")?,
            triggers,
            hash_sizes,
        })
    }

    /// `updated`: the stored contacts rewritten, whose index rows may be out of date.
    pub fn end(self, w: &mut Writer<'_>, updated: &[String]) -> Result<()> {
        reindex(w, self.max_contact, self.max_org, updated)?;
        restore_fts_hash_size(w, &self.hash_sizes)?;
        restore_search_triggers(w, &self.triggers)?;
        // The usual cache again; pages beyond it are released once written.
        w.conn()
            .pragma_update(None, "cache_size", -PAGE_CACHE_KIB)?;
        Ok(())
    }
}

/// The page cache of an import's transaction, in KiB.
const IMPORT_PAGE_CACHE_KIB: i64 = 256 * 1024;

/// Drops the search triggers of contacts and organisations (those of [`IMPORT_FTS`]) inside the
/// caller's transaction and returns their SQL to restore them.
fn suspend_search_triggers(w: &mut Writer<'_>) -> Result<Vec<String>> {
    let mut stmt = w
        .conn()
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")?;
    let triggers: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|(name, _): &(String, String)| {
            IMPORT_FTS.iter().any(|t| {
                name.strip_prefix(t)
                    .is_some_and(|rest| rest.starts_with('_'))
            })
        })
        .collect();
    drop(stmt);
    for (name, _) in &triggers {
        w.conn()
            .execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
}

/// The search indexes an import writes. `raise_fts_hash_size` returns the `hashsize` each had
/// (`None`: the default, not stored).
const IMPORT_FTS: [&str; 4] = [
    "contacts_fts",
    "organisations_fts",
    "contacts_short_fts",
    "organisations_short_fts",
];
const IMPORT_FTS_HASH_SIZE: i64 = 64 * 1024 * 1024;
const FTS5_DEFAULT_HASH_SIZE: i64 = 1024 * 1024;

fn raise_fts_hash_size(w: &mut Writer<'_>) -> Result<Vec<Option<i64>>> {
    let mut before = Vec::new();
    for table in IMPORT_FTS {
        let size: Option<i64> = w
            .conn()
            .query_row(
                &format!("SELECT v FROM \"{table}_config\" WHERE k = 'hashsize'"),
                [],
                |r| r.get(0),
            )
            .optional()?;
        before.push(size);
        w.conn().execute(
            &format!("INSERT INTO \"{table}\" (\"{table}\", rank) VALUES ('hashsize', ?1)"),
            [IMPORT_FTS_HASH_SIZE],
        )?;
    }
    Ok(before)
}

fn restore_fts_hash_size(w: &mut Writer<'_>, before: &[Option<i64>]) -> Result<()> {
    for (table, size) in IMPORT_FTS.iter().zip(before) {
        // Through the FTS5 command, so every connection reloads its settings (a plain DELETE of
        // the setting would leave this connection on the raised size).
        w.conn().execute(
            &format!("INSERT INTO \"{table}\" (\"{table}\", rank) VALUES ('hashsize', ?1)"),
            [size.unwrap_or(FTS5_DEFAULT_HASH_SIZE)],
        )?;
    }
    Ok(())
}

fn restore_search_triggers(w: &mut Writer<'_>, sql: &[String]) -> Result<()> {
    for s in sql {
        w.conn().execute_batch(s)?;
    }
    Ok(())
}

/// Rebuilds the search rows of the contacts and organisations written by an import: updated
/// contacts whose indexed text changed, then new rows (rowid above the marks).
///
/// FTS5 keeps what is written in memory (up to `hashsize`) while rowids increase, but must write
/// it out, a new segment each time, before a rowid lower than the last one: the updated
/// contacts, whose rowids are older, go first and in rowid order, and merges that change nothing
/// the index holds (a phone, a note) are not rewritten.
fn reindex(w: &mut Writer<'_>, max_contact: i64, max_org: i64, updated: &[String]) -> Result<()> {
    let c = w.conn();
    let contact_row =
        "concat_ws(' ', nullif(c.given_name, ''), nullif(c.family_name, ''), c.native_name),
         concat_ws(' ', c.email, c.role, c.title, o.name)
         FROM contacts c LEFT JOIN organisations o ON o.id = c.organisation_id";
    type Text = (Option<String>, Option<String>);
    let mut changed: Vec<(i64, Text)> = Vec::new();
    {
        let mut now = c.prepare(&format!("SELECT c.rowid, {contact_row} WHERE c.id = ?1"))?;
        let mut indexed = c.prepare("SELECT name, body FROM contacts_fts WHERE rowid = ?1")?;
        for id in updated {
            let (rowid, text): (i64, Text) =
                now.query_row([id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
            let before: Option<Text> = indexed
                .query_row([rowid], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            if before.as_ref() != Some(&text) {
                changed.push((rowid, text));
            }
        }
    }
    changed.sort_by_key(|(rowid, _)| *rowid);
    changed.dedup_by_key(|(rowid, _)| *rowid);
    let mut delete = c.prepare("DELETE FROM contacts_fts WHERE rowid = ?1")?;
    let mut insert =
        c.prepare("INSERT INTO contacts_fts (rowid, name, body) VALUES (?1, ?2, ?3)")?;
    // The names' character pairs (migration 0015), from the view that says what they hold.
    let mut delete_short = c.prepare("DELETE FROM contacts_short_fts WHERE rowid = ?1")?;
    let mut insert_short = c.prepare(
        "INSERT INTO contacts_short_fts (rowid, pairs)
         SELECT rowid, pairs FROM contacts_short_fts_text WHERE rowid = ?1",
    )?;
    for (rowid, (name, body)) in &changed {
        delete.execute([rowid])?;
        insert.execute(rusqlite::params![rowid, name, body])?;
        delete_short.execute([rowid])?;
        insert_short.execute([rowid])?;
    }
    c.execute(
        &format!("INSERT INTO contacts_fts (rowid, name, body) SELECT c.rowid, {contact_row} WHERE c.rowid > ?1"),
        [max_contact],
    )?;
    c.execute(
        "INSERT INTO contacts_short_fts (rowid, pairs)
         SELECT rowid, pairs FROM contacts_short_fts_text WHERE rowid > ?1",
        [max_contact],
    )?;
    c.execute(
        "INSERT INTO organisations_fts (rowid, name, body)
         SELECT rowid, name, concat_ws(' ', short_name, city, country, notes)
         FROM organisations WHERE rowid > ?1",
        [max_org],
    )?;
    c.execute(
        "INSERT INTO organisations_short_fts (rowid, pairs)
         SELECT rowid, pairs FROM organisations_short_fts_text WHERE rowid > ?1",
        [max_org],
    )?;
    Ok(())
}
