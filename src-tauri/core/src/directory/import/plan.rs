//! The dry run: each row's action (create, merge into a duplicate, reject) and problems, the
//! organisations the file adds, and the report the CLI prints.

use super::fast_map::FastMap;
use super::merge::Merges;
use super::row::{name_key, prepare_rows, PreparedRow};
use super::{FileFormat, ImportField, Mapping, ParsedFile, RowMessage, RowProblem};
use crate::directory::fold;
use crate::documents::locale::Lang;
use crate::domain::{Contact, LawfulBasis, Organisation, OrganisationKind};
use crate::error::{Error, Result};
use crate::ids::{ContactId, OrganisationId};
use crate::messages::Message;
use crate::store::imports::{self, Reads};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// Options of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct ImportOptions {
    /// The country of organisations the file names but the directory does not have yet, when
    /// neither a country column nor the phone or e-mail tells it.
    pub default_country: String,
    /// What the privacy record says the data came from, e.g. "Outlook export of J. Dupont".
    pub source: String,
    pub lawful_basis: LawfulBasis,
    /// `YYYY-MM-DD`, the day the data was collected.
    pub collected_on: String,
    /// The language of the words the import writes into records (a phone kept in the notes,
    /// the note of an organisation it creates, the consent evidence): `fr`, `en` (when not
    /// given) or `zh-TW`, the planner's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lang: Option<String>,
}

impl ImportOptions {
    /// The language of the words written into records (checked by [`check_inputs`]).
    pub fn language(&self) -> Result<Lang> {
        match self.lang.as_deref() {
            Some(code) => Lang::parse_one("lang", code),
            None => Ok(Lang::En),
        }
    }
}

/// What will happen to one row.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RowAction {
    Create,
    /// Same person as an existing contact (or an earlier row): merged into it.
    Merge {
        into: String,
        changed: bool,
    },
    Reject,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlannedRow {
    #[ts(type = "number")]
    pub line: u64,
    pub action: RowAction,
    pub display_name: String,
    pub native_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub organisation: Option<String>,
    /// Problems: for a rejected row, why; otherwise what was dropped or changed.
    pub problems: Vec<RowMessage>,
    /// What the import writes for this row: the checked contact (with its id) and the
    /// organisation the row names if it is new.
    #[serde(skip)]
    #[ts(skip)]
    pub(super) contact: Option<Contact>,
    #[serde(skip)]
    #[ts(skip)]
    pub(super) new_organisation: Option<Organisation>,
}

/// The dry run: what an import would do, row by row.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportPlan {
    pub format: FileFormat,
    pub encoding: String,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    pub created: u32,
    pub updated: u32,
    pub duplicates: u32,
    pub rejected: Vec<RowProblem>,
    pub new_organisations: Vec<String>,
    pub rows: Vec<PlannedRow>,
}

/// The report the CLI prints: exactly the contract's keys.
#[derive(Debug, Default, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
    pub duplicates: u32,
    pub rejected: Vec<RowProblem>,
}

impl ImportPlan {
    pub fn report(&self) -> ImportReport {
        ImportReport {
            created: self.created,
            updated: self.updated,
            duplicates: self.duplicates,
            rejected: self.rejected.clone(),
        }
    }
}

/// Existing contacts, indexed the two ways a duplicate is recognised.
pub(super) struct Known {
    by_email: FastMap<String, Target>,
    by_name: FastMap<(String, Option<String>), Target>,
    orgs: FastMap<String, String>,
}

/// The contact a duplicate is merged into.
enum Target {
    /// A stored contact, by id.
    Stored(String),
    /// The contact an earlier row of the file creates, by id.
    Created(String),
}

/// Loads the stored contacts' keys; the maps are sized for `rows` more.
pub(super) fn load_known(from: &impl Reads, rows: usize) -> Result<Known> {
    let capacity = imports::contact_count(from)?.saturating_add(rows);
    let mut by_email = FastMap::with_capacity_and_hasher(capacity, Default::default());
    let mut by_name = FastMap::with_capacity_and_hasher(capacity, Default::default());
    imports::each_contact_key(from, |c| {
        if let Some(e) = c.email {
            by_email
                .entry(e.to_lowercase())
                .or_insert_with(|| Target::Stored(c.id.clone()));
        }
        by_name
            .entry((name_key(&c.given_name, &c.family_name), c.organisation_id))
            .or_insert(Target::Stored(c.id));
    })?;
    let mut orgs = FastMap::default();
    imports::each_organisation_name(from, |o| {
        orgs.entry(fold(&o.name)).or_insert_with(|| o.id.clone());
        if let Some(s) = o.short_name {
            orgs.entry(fold(&s)).or_insert(o.id);
        }
    })?;
    Ok(Known {
        by_email,
        by_name,
        orgs,
    })
}

/// Plans one prepared row, in the file's order: finds or creates its organisation, gives the
/// contact its id and looks for a duplicate among stored contacts and the earlier rows.
/// Returns the planned row and whether it is a duplicate of a contact an earlier row creates.
pub(super) fn build_row(
    prepared: PreparedRow,
    options: &ImportOptions,
    known: &mut Known,
) -> (PlannedRow, bool) {
    let PreparedRow {
        mut planned,
        mut problems,
        org_name,
        org_key,
        country,
        contact,
    } = prepared;
    // The organisation: an existing one by name, or a new one to create.
    let mut new_organisation = None;
    let organisation_id = match (&org_name, org_key) {
        (Some(name), Some(key)) => match known.orgs.get(&key) {
            Some(id) => Some(id.clone()),
            None => {
                let id: String = OrganisationId::new_ordered().into();
                let org = Organisation {
                    id: id.clone(),
                    name: name.clone(),
                    short_name: None,
                    kind: OrganisationKind::Company,
                    parent_id: None,
                    address: None,
                    postal_code: None,
                    city: None,
                    country: country.clone(),
                    latitude: None,
                    longitude: None,
                    tz: None,
                    website: None,
                    notes: Some(
                        Message::new("import.organisationNote")
                            .with("source", &options.source)
                            .render(options.language().unwrap_or(Lang::En)),
                    ),
                    placeholder: true,
                }
                .validate();
                match org {
                    Ok(org) => {
                        known.orgs.insert(key, id.clone());
                        new_organisation = Some(org);
                        Some(id)
                    }
                    Err(e) => {
                        let mut problem = RowMessage::refusal(e);
                        problem.field = Some("organisation".into());
                        problems.push(problem);
                        None
                    }
                }
            }
        },
        _ => None,
    };

    let (mut contact, email_key, name) = match contact {
        Ok(c) => c,
        Err(problem) => {
            problems.push(problem);
            planned.problems = problems;
            // An organisation created for a rejected row is not created.
            if new_organisation.is_some() {
                if let Some(n) = &org_name {
                    known.orgs.remove(&fold(n));
                }
            }
            return (planned, false);
        }
    };
    contact.id = ContactId::new_ordered().into();
    contact.organisation_id.clone_from(&organisation_id);

    // Duplicates: the same e-mail, or the same name at the same organisation.
    let person_key = (name, organisation_id);
    let dup = email_key
        .as_ref()
        .and_then(|e| known.by_email.get(e))
        .or_else(|| known.by_name.get(&person_key))
        .map(|target| match target {
            Target::Stored(id) => (id.clone(), false),
            Target::Created(id) => (id.clone(), true),
        });
    planned.new_organisation = new_organisation;
    let mut into_created = false;
    match dup {
        Some((existing, created)) => {
            planned.action = RowAction::Merge {
                into: existing,
                changed: false,
            };
            planned.contact = Some(contact);
            into_created = created;
        }
        None => {
            if let Some(e) = email_key {
                known
                    .by_email
                    .insert(e, Target::Created(contact.id.clone()));
            }
            known
                .by_name
                .insert(person_key, Target::Created(contact.id.clone()));
            planned.action = RowAction::Create;
            planned.contact = Some(contact);
        }
    }
    planned.problems = problems;
    (planned, into_created)
}

/// The dry run: maps every row, finds duplicates, collects each row's problems. Writes nothing.
pub fn plan(
    conn: &Connection,
    file: &ParsedFile,
    mapping: &Mapping,
    options: &ImportOptions,
) -> Result<ImportPlan> {
    check_inputs(file, mapping, options)?;
    let mut known = load_known(conn, file.rows.len())?;
    let mut rows: Vec<PlannedRow> = Vec::with_capacity(file.rows.len());
    // For each row: whether it is merged into a contact an earlier row creates.
    let mut into_created: Vec<bool> = Vec::with_capacity(file.rows.len());
    for prepared in prepare_rows(&file.rows, mapping, options)? {
        let (row, created) = build_row(prepared, options, &mut known);
        rows.push(row);
        into_created.push(created);
    }
    drop(known);
    let mut plan = ImportPlan {
        format: file.format,
        encoding: file.encoding.clone(),
        headers: file.headers.clone(),
        mapping: mapping.clone(),
        created: 0,
        updated: 0,
        duplicates: 0,
        rejected: file.unreadable.clone(),
        new_organisations: Vec::new(),
        rows: Vec::new(),
    };
    let mut merges = Merges::default();
    for (row, into_created) in rows.iter_mut().zip(into_created) {
        let contact = row.contact.take();
        let organisation = row.new_organisation.take();
        match &mut row.action {
            RowAction::Create => {
                plan.created += 1;
                if let Some(o) = organisation {
                    plan.new_organisations.push(o.name);
                }
                if let Some(c) = contact {
                    merges.created.insert(c.id.clone(), c);
                }
            }
            RowAction::Reject => plan
                .rejected
                .push(RowProblem::refused(row.line, &row.problems)),
            RowAction::Merge { into, changed } => {
                plan.duplicates += 1;
                if let Some(from) = &contact {
                    let merged = merges.merge(conn, into, into_created, from)?;
                    *changed = merged.changed;
                    plan.updated += u32::from(merged.first_update);
                }
            }
        }
    }
    plan.rejected.sort_by_key(|r| r.line);
    plan.rows = rows;
    Ok(plan)
}

/// What a file and a mapping must be before any row is planned.
pub(super) fn check_inputs(
    file: &ParsedFile,
    mapping: &Mapping,
    options: &ImportOptions,
) -> Result<()> {
    if mapping.len() != file.headers.len() {
        return Err(Error::invalid(
            "mapping",
            Message::new("mappingLength")
                .with("fields", mapping.len())
                .with("columns", file.headers.len()),
        ));
    }
    crate::domain::validate::country("defaultCountry", &options.default_country)?;
    crate::domain::validate::date("collectedOn", &options.collected_on)?;
    options.language()?;
    if !mapping.iter().any(|f| {
        matches!(
            f,
            ImportField::GivenName
                | ImportField::FamilyName
                | ImportField::FullName
                | ImportField::NativeName
        )
    }) {
        return Err(Error::invalid("mapping", Message::new("noNameColumn")));
    }
    Ok(())
}
