//! The people another file names (an interest form's respondents), matched by the contact
//! import's own rules: one row's cells read and checked as a contact ([`prepare_row`]), then
//! found among the directory's contacts and the rows before it, by e-mail, then by name at the
//! same organisation ([`build_row`]), or kept as a new contact with its new organisation.

use super::plan::{build_row, load_known, ImportOptions, Known, RowAction};
use super::row::prepare_row;
use super::{ImportField, RowMessage, SourceRow};
use crate::domain::{Contact, Organisation};
use crate::error::Result;
use crate::store::imports::Reads;
use std::collections::HashMap;

/// Who a row's person is.
pub enum Person {
    /// A contact of the directory, by id.
    Stored(String),
    /// The new contact an earlier row made, by id.
    Earlier(String),
    /// A new contact (its organisation, if new too, is kept for [`People::new_organisation`]).
    New(Box<Contact>),
    /// Why the row's person cannot be recorded.
    Refused(Vec<RowMessage>),
}

/// The directory's people as the contact import knows them, and the new ones of the file.
pub struct People {
    known: Known,
    options: ImportOptions,
    /// New organisations the rows named, by id, until one is taken to be saved.
    organisations: HashMap<String, Organisation>,
}

impl People {
    /// Loads the directory's keys (sized for `rows` more people).
    pub fn load(from: &impl Reads, rows: usize, options: ImportOptions) -> Result<People> {
        options.language()?;
        crate::domain::validate::country("defaultCountry", &options.default_country)?;
        Ok(People {
            known: load_known(from, rows)?,
            options,
            organisations: HashMap::new(),
        })
    }

    /// The person of one row, from its `(field, text)` cells (name, e-mail, organisation,
    /// languages…).
    pub fn resolve(&mut self, line: u64, cells: &[(ImportField, &str)]) -> Person {
        let row = SourceRow {
            line,
            cells: cells.iter().map(|(_, c)| (*c).to_owned()).collect(),
        };
        let mapping: Vec<ImportField> = cells.iter().map(|(f, _)| *f).collect();
        let prepared = prepare_row(&row, &mapping, &self.options);
        let (planned, into_created) = build_row(prepared, &self.options, &mut self.known);
        if let Some(org) = planned.new_organisation {
            self.organisations.insert(org.id.clone(), org);
        }
        match planned.action {
            RowAction::Create => match planned.contact {
                Some(c) => Person::New(Box::new(c)),
                None => Person::Refused(planned.problems),
            },
            RowAction::Merge { into, .. } if into_created => Person::Earlier(into),
            RowAction::Merge { into, .. } => Person::Stored(into),
            RowAction::Reject => Person::Refused(planned.problems),
        }
    }

    /// The new organisation `id` a row named, the first time it is asked for (to be saved
    /// before the first contact that belongs to it).
    pub fn new_organisation(&mut self, id: &str) -> Option<Organisation> {
        self.organisations.remove(id)
    }
}
