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
use crate::store::imports::BulkWrite;
use crate::store::{self, Writer};

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
    let known = load_known(&*w, file.rows.len())?;
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
            RowAction::Reject => self
                .report
                .rejected
                .push(RowProblem::refused(line, &problems)),
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
                let merged = self.merges.merge(&*w, &into, into_created, &from)?;
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
            // The line for the CLI and the logs; the window shows the coded message.
            Error::Validation {
                field,
                message,
                code,
            } => Error::Validation {
                field,
                message: format!("line {}: {message}", lines.get(i).copied().unwrap_or(0)),
                code,
            },
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
