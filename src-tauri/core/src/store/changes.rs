//! What a write touched, announced from the record itself: the writer notes every (entity, id)
//! it logs in `change_log`, and after each commit the store hands that set to its listener (the
//! app, which tells its windows). Writes of other processes are read back from `change_log`
//! (`store::watch`), so both are named the same way: a kind is a table as the change log names
//! it (`contacts`, `agenda_items`, …; a link is logged under its owner's table).

use super::{lock, Store};
use crate::domain::StoreChanged;
use crate::error::Result;
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};

/// Past this many ids of one kind (an import), the kind is announced without its ids.
pub const MAX_IDS_PER_KIND: usize = 200;

/// The records one or more change sets touched, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    kinds: BTreeMap<String, Touched>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Touched {
    Ids(BTreeSet<String>),
    /// Too many to list, or not known (a restored file).
    Many,
}

/// Told of what each commit touched; see [`Store::set_change_listener`].
pub type ChangeListener = Box<dyn Fn(&Changes) + Send + Sync>;

impl Changes {
    /// Notes that the record `id` of `kind` changed.
    pub fn note(&mut self, kind: &str, id: &str) {
        match self.kinds.get_mut(kind) {
            Some(Touched::Many) => {}
            Some(Touched::Ids(ids)) => {
                if ids.len() >= MAX_IDS_PER_KIND {
                    self.kinds.insert(kind.to_owned(), Touched::Many);
                } else if !ids.contains(id) {
                    ids.insert(id.to_owned());
                }
            }
            None => {
                self.kinds.insert(
                    kind.to_owned(),
                    Touched::Ids(BTreeSet::from([id.to_owned()])),
                );
            }
        }
    }

    /// Notes that records of `kind` changed, without saying which.
    pub fn note_kind(&mut self, kind: &str) {
        self.kinds.insert(kind.to_owned(), Touched::Many);
    }

    /// Adds what `other` touched.
    pub fn merge(&mut self, other: Changes) {
        for (kind, touched) in other.kinds {
            match touched {
                Touched::Many => self.note_kind(&kind),
                Touched::Ids(ids) => ids.iter().for_each(|id| self.note(&kind, id)),
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The kinds touched, sorted.
    pub fn kinds(&self) -> impl Iterator<Item = &str> {
        self.kinds.keys().map(String::as_str)
    }

    /// The ids of `kind` touched; `None` when the kind was not touched or its ids are not listed.
    pub fn ids(&self, kind: &str) -> Option<&BTreeSet<String>> {
        match self.kinds.get(kind)? {
            Touched::Ids(ids) => Some(ids),
            Touched::Many => None,
        }
    }

    /// Every kind of record the file holds, ids unknown: what a restored file changed.
    pub fn everything(conn: &Connection) -> Result<Changes> {
        let mut changes = Changes::default();
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )?;
        for name in stmt.query_map([], |r| r.get::<_, String>(0))? {
            changes.note_kind(&name?);
        }
        Ok(changes)
    }

    /// The payload of the windows' `store-changed` event.
    pub fn to_event(&self) -> StoreChanged {
        StoreChanged {
            entities: self.kinds.keys().cloned().collect(),
            ids: self
                .kinds
                .iter()
                .filter_map(|(kind, touched)| match touched {
                    Touched::Ids(ids) => Some((kind.clone(), ids.iter().cloned().collect())),
                    Touched::Many => None,
                })
                .collect(),
        }
    }
}

impl Store {
    /// Calls `listener` after each commit that changed something, with what it touched (and
    /// after a restore, with everything). One listener; a new one replaces the old. It runs on
    /// the writing thread once the writer is free again: it should only hand the news on.
    pub fn set_change_listener(&self, listener: ChangeListener) {
        *lock(&self.listener) = Some(listener);
    }

    pub(super) fn announce(&self, changes: &Changes) {
        if changes.is_empty() {
            return;
        }
        if let Some(listener) = lock(&self.listener).as_ref() {
            listener(changes);
        }
    }
}

/// What the change sets `ids` logged, read back from `change_log` (the writes of another
/// process).
pub(super) fn logged_in(conn: &Connection, ids: &[i64]) -> Result<Changes> {
    let mut changes = Changes::default();
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT entity, entity_id FROM change_log WHERE change_set_id = ?1",
    )?;
    for id in ids {
        let rows = stmt.query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (kind, entity_id) = row?;
            changes.note(&kind, &entity_id);
        }
    }
    Ok(changes)
}
