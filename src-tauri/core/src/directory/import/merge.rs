//! Duplicate rows folded into the contacts they repeat.

use super::fast_map::FastMap;
use crate::directory::has_cjk;
use crate::domain::Contact;
use crate::error::{Error, Result};
use crate::store::imports::{self, Reads};

/// Fills the empty fields of `into` from `from`; returns whether anything changed.
pub fn fill_missing(into: &mut Contact, from: &Contact) -> bool {
    let before = into.clone();
    let fill = |a: &mut Option<String>, b: &Option<String>| {
        if a.is_none() {
            a.clone_from(b);
        }
    };
    // A record known only by its Chinese name takes the Latin name of its duplicate.
    let cjk_only = |c: &Contact| {
        c.given_name.is_empty() && has_cjk(&c.family_name) && !c.family_name.contains(' ')
    };
    if cjk_only(into) && !has_cjk(&from.family_name) && !from.family_name.is_empty() {
        if into.native_name.is_none() {
            into.native_name = Some(into.family_name.clone());
        }
        into.given_name.clone_from(&from.given_name);
        into.family_name.clone_from(&from.family_name);
    }
    if into.given_name.is_empty() {
        into.given_name.clone_from(&from.given_name);
    }
    if into.family_name.is_empty() {
        into.family_name.clone_from(&from.family_name);
    }
    fill(&mut into.native_name, &from.native_name);
    fill(&mut into.title, &from.title);
    fill(&mut into.role, &from.role);
    fill(&mut into.email, &from.email);
    fill(&mut into.phone, &from.phone);
    if into.organisation_id.is_none() {
        into.organisation_id.clone_from(&from.organisation_id);
        into.department_id.clone_from(&from.department_id);
    }
    match (&into.notes, &from.notes) {
        (None, Some(n)) => into.notes = Some(n.clone()),
        (Some(a), Some(b)) if !a.contains(b.as_str()) => into.notes = Some(format!("{a}\n{b}")),
        _ => {}
    }
    for list in [
        (&mut into.languages, &from.languages),
        (&mut into.specialties, &from.specialties),
        (&mut into.tags, &from.tags),
    ] {
        for v in list.1 {
            if !list.0.contains(v) {
                list.0.push(v.clone());
            }
        }
        list.0.sort();
    }
    *into != before
}

/// Duplicate rows folded, in the file's order, into the contacts they repeat: contacts the
/// import creates and stored ones. The dry run and the import both go through it, so they count
/// and merge alike.
#[derive(Default)]
pub(super) struct Merges {
    /// The contacts the import creates, by id, as the rows read so far leave them.
    pub(super) created: FastMap<String, Contact>,
    /// The stored contacts a merge changed, by id, as they are to be saved.
    pub(super) stored: FastMap<String, Contact>,
}

pub(super) struct Merged {
    /// The contact merged into changed (it gained a field).
    pub(super) changed: bool,
    /// A stored contact changed for the first time: one more update in the report.
    pub(super) first_update: bool,
}

impl Merges {
    /// Fills the empty fields of contact `into` (created by an earlier row when `created`) from
    /// a duplicate row's contact.
    pub(super) fn merge(
        &mut self,
        store: &impl Reads,
        into: &str,
        created: bool,
        from: &Contact,
    ) -> Result<Merged> {
        let unchanged = Merged {
            changed: false,
            first_update: false,
        };
        if created {
            let Some(target) = self.created.get_mut(into) else {
                return Ok(unchanged);
            };
            return Ok(Merged {
                changed: fill_missing(target, from),
                first_update: false,
            });
        }
        if let Some(target) = self.stored.get_mut(into) {
            return Ok(Merged {
                changed: fill_missing(target, from),
                first_update: false,
            });
        }
        let mut target = match imports::contact(store, into) {
            Ok(c) => c,
            Err(Error::NotFound { .. }) => return Ok(unchanged),
            Err(e) => return Err(e),
        };
        if !fill_missing(&mut target, from) {
            return Ok(unchanged);
        }
        self.stored.insert(into.to_owned(), target);
        Ok(Merged {
            changed: true,
            first_update: true,
        })
    }
}
