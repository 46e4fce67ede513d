//! The import itself: rows planned on a second thread while this one writes them, in the
//! caller's one transaction, with the search index rebuilt for what was written.

use super::fast_map::FastMap;
use super::mapping::remember_mapping;
use super::merge::Merges;
use super::plan::{
    build_row, check_inputs, load_known, ImportOptions, ImportReport, PlannedRow, RowAction,
};
use super::row::prepare_row;
use super::{Mapping, ParsedFile, RowProblem};
use crate::domain::{Contact, Organisation};
use crate::error::{Error, Result};
use crate::store::{self, Writer};
use rusqlite::OptionalExtension;

/// Imports a file in the caller's transaction: plans every row as [`plan`] does and writes new
/// organisations, new contacts and merged contacts; returns the report the dry run gives.
///
/// The rows are read, checked and matched (the dry run's work) on a second thread, in chunks,
/// while this one writes the chunks already planned: a laptop's two cores overlap the two
/// halves of an import. A contact created by one row and completed by a later duplicate row is
/// written when created and updated once at the end (logged field by field).
pub fn commit(
    w: &mut Writer<'_>,
    file: &ParsedFile,
    mapping: &Mapping,
    options: &ImportOptions,
    now: &str,
) -> Result<ImportReport> {
    check_inputs(file, mapping, options)?;
    let known = load_known(w.conn(), file.rows.len())?;
    let bulk = BulkWrite::begin(w)?;
    w.defer_checkpoint();
    let mut import = Import::default();
    std::thread::scope(|scope| -> Result<()> {
        // A few chunks ahead at most: the planner waits for the writer, not memory.
        let (chunks, planned) = std::sync::mpsc::sync_channel::<Vec<PlannedStep>>(4);
        let planner = std::thread::Builder::new().name("passerelle-import-plan".into());
        planner.spawn_scoped(scope, move || {
            let mut known = known;
            for chunk in file.rows.chunks(PLAN_CHUNK) {
                let steps = chunk
                    .iter()
                    .map(|row| build_row(prepare_row(row, mapping, options), options, &mut known))
                    .collect();
                if chunks.send(steps).is_err() {
                    return; // the writer stopped on an error
                }
            }
        })?;
        for steps in planned {
            for (row, into_created) in steps {
                import.take(w, row, into_created)?;
            }
        }
        Ok(())
    })?;
    let updated_ids = import.finish(w)?;
    bulk.end(w, &updated_ids)?;
    remember_mapping(w, &file.headers, mapping, now)?;
    let mut rejected = file.unreadable.clone();
    rejected.append(&mut import.report.rejected);
    rejected.sort_by_key(|r| r.line);
    Ok(ImportReport {
        rejected,
        ..import.report
    })
}

/// Rows planned per message from the planning thread to the writing one.
const PLAN_CHUNK: usize = 2048;
/// A planned row and whether it is a duplicate of a contact an earlier row creates.
type PlannedStep = (PlannedRow, bool);
/// New contacts written per call of `store::contacts::create_bulk`.
const WRITE_BATCH: usize = 1024;

/// The writing half of [`commit`]: takes the planned rows in the file's order.
#[derive(Default)]
struct Import {
    report: ImportReport,
    merges: Merges,
    /// New contacts not written yet (their line, for errors, and id in `merges.created`).
    batch: Vec<(u64, String)>,
    /// New contacts written, then changed by a later duplicate row: updated at the end.
    changed_after_write: FastMap<String, ()>,
    /// Organisations known to exist (checked once per import).
    checked_orgs: std::collections::HashSet<String>,
    /// New organisations named by the file, by id, saved when a contact written first needs
    /// one (a duplicate row may name one its contact does not take; a later row may).
    new_orgs: FastMap<String, Organisation>,
}

impl Import {
    fn take(&mut self, w: &mut Writer<'_>, row: PlannedRow, into_created: bool) -> Result<()> {
        let PlannedRow {
            line,
            action,
            problems,
            contact,
            new_organisation,
            ..
        } = row;
        match action {
            RowAction::Reject => self.report.rejected.push(RowProblem {
                line,
                reason: problems.join("; "),
            }),
            RowAction::Create => {
                self.report.created += 1;
                let Some(contact) = contact else {
                    return Ok(());
                };
                if let Some(org) = new_organisation {
                    self.new_orgs.insert(org.id.clone(), org);
                }
                self.save_organisation_of(w, &contact)?;
                self.batch.push((line, contact.id.clone()));
                self.merges.created.insert(contact.id.clone(), contact);
                if self.batch.len() == WRITE_BATCH {
                    self.flush(w)?;
                }
            }
            RowAction::Merge { into, .. } => {
                self.report.duplicates += 1;
                let Some(from) = contact else {
                    return Ok(());
                };
                let merged = self.merges.merge(w.conn(), &into, into_created, &from)?;
                self.report.updated += u32::from(merged.first_update);
                if let Some(org) = new_organisation {
                    self.new_orgs.insert(org.id.clone(), org);
                }
                if !merged.changed {
                    return Ok(());
                }
                // The contact may have taken the row's new organisation.
                let target = self
                    .merges
                    .created
                    .get(&into)
                    .or(self.merges.stored.get(&into))
                    .map(|c| c.organisation_id.clone());
                if let Some(Some(org_id)) = target {
                    self.save_organisation(w, &org_id)?;
                }
                // Ids made by the import sort in the order they were made (`new_ordered`): a
                // contact not yet written is one at or after the first of the batch.
                let written = self
                    .batch
                    .first()
                    .is_none_or(|(_, first)| into.as_str() < first.as_str());
                if into_created && written {
                    self.changed_after_write.insert(into, ());
                }
            }
        }
        Ok(())
    }

    fn save_organisation_of(&mut self, w: &mut Writer<'_>, contact: &Contact) -> Result<()> {
        match &contact.organisation_id {
            Some(org_id) => self.save_organisation(w, org_id),
            None => Ok(()),
        }
    }

    /// Saves the new organisation `id` if the file named it and it is not saved yet.
    fn save_organisation(&mut self, w: &mut Writer<'_>, id: &str) -> Result<()> {
        if let Some(org) = self.new_orgs.remove(id) {
            store::organisations::save(w, &org)?;
        }
        Ok(())
    }

    /// Writes the batch of new contacts.
    fn flush(&mut self, w: &mut Writer<'_>) -> Result<()> {
        let contacts: Vec<&Contact> = self
            .batch
            .iter()
            .filter_map(|(_, id)| self.merges.created.get(id))
            .collect();
        let lines: Vec<u64> = self.batch.iter().map(|(line, _)| *line).collect();
        store::contacts::create_bulk(w, &contacts, &mut self.checked_orgs, |i, e| match e {
            Error::Validation { field, message, .. } => Error::validation(
                field,
                format!("line {}: {message}", lines.get(i).copied().unwrap_or(0)),
            ),
            other => other,
        })?;
        self.batch.clear();
        Ok(())
    }

    /// Writes what is left: the last new contacts, new contacts completed after they were
    /// written, and the stored contacts merges changed. Returns the ids of the stored ones.
    fn finish(&mut self, w: &mut Writer<'_>) -> Result<Vec<String>> {
        self.flush(w)?;
        for id in self.changed_after_write.keys() {
            if let Some(c) = self.merges.created.get(id) {
                store::contacts::save(w, c)?;
            }
        }
        for c in self.merges.stored.values() {
            store::contacts::save(w, c)?;
        }
        Ok(self.merges.stored.keys().cloned().collect())
    }
}

/// The search index around a bulk write: triggers set aside and a larger in-memory FTS5 buffer
/// while rows are written, the index rows of what was written rebuilt at the end.
struct BulkWrite {
    triggers: Vec<String>,
    hash_sizes: Vec<Option<i64>>,
    max_contact: i64,
    max_org: i64,
}

impl BulkWrite {
    fn begin(w: &mut Writer<'_>) -> Result<Self> {
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
    fn end(self, w: &mut Writer<'_>, updated: &[String]) -> Result<()> {
        reindex(w, self.max_contact, self.max_org, updated)?;
        restore_fts_hash_size(w, &self.hash_sizes)?;
        restore_search_triggers(w, &self.triggers)?;
        // The usual cache again; pages beyond it are released once written.
        w.conn()
            .pragma_update(None, "cache_size", -store::PAGE_CACHE_KIB)?;
        Ok(())
    }
}

/// The page cache of an import's transaction, in KiB.
const IMPORT_PAGE_CACHE_KIB: i64 = 256 * 1024;

/// Drops the search triggers of contacts and organisations inside the caller's transaction and
/// returns their SQL to restore them.
fn suspend_search_triggers(w: &mut Writer<'_>) -> Result<Vec<String>> {
    let mut stmt = w.conn().prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'
         AND (name LIKE 'contacts\\_fts\\_%' ESCAPE '\\' OR name LIKE 'organisations\\_fts\\_%' ESCAPE '\\')",
    )?;
    let triggers: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    drop(stmt);
    for (name, _) in &triggers {
        w.conn()
            .execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
}

/// The search indexes an import writes. `raise_fts_hash_size` returns the `hashsize` each had
/// (`None`: the default, not stored).
const IMPORT_FTS: [&str; 2] = ["contacts_fts", "organisations_fts"];
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
    for (rowid, (name, body)) in &changed {
        delete.execute([rowid])?;
        insert.execute(rusqlite::params![rowid, name, body])?;
    }
    c.execute(
        &format!("INSERT INTO contacts_fts (rowid, name, body) SELECT c.rowid, {contact_row} WHERE c.rowid > ?1"),
        [max_contact],
    )?;
    c.execute(
        "INSERT INTO organisations_fts (rowid, name, body)
         SELECT rowid, name, concat_ws(' ', short_name, city, country, notes)
         FROM organisations WHERE rowid > ?1",
        [max_org],
    )?;
    Ok(())
}
