//! The conflicts inbox as the window shows it: each open conflict with its record named (an
//! item by its title, a site by its name…, never by its id), the zone its times are shown in,
//! and the names of the records its values point at (a site, a room, a person).

use super::op::SyncConflict;
use crate::error::Result;
use crate::store::exchanges;
use crate::Store;
use serde::Serialize;
use serde_json::Value as Json;

/// One open conflict, named.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InboxEntry {
    pub conflict: SyncConflict,
    /// The record's name; `None` when this copy no longer has it (deleted here).
    pub record: Option<String>,
    /// The IANA zone the record's times are shown in (an item's place; a mission's host).
    pub zone: Option<String>,
    /// The names of the records the values point at, when they are ids (`sit_…` → its name).
    pub base_name: Option<String>,
    pub local_name: Option<String>,
    pub remote_name: Option<String>,
}

/// The open conflicts of `mission` (all with `None`), named.
pub fn of_mission(store: &Store, mission: Option<&str>) -> Result<Vec<InboxEntry>> {
    let conflicts = store.sync_conflicts(mission)?;
    store.read(|c| {
        conflicts
            .into_iter()
            .map(|conflict| {
                let named = exchanges::record_name(c, &conflict.entity, &conflict.entity_id)?;
                let name_of = |v: &Json| -> Result<Option<String>> {
                    let Some(id) = v.as_str() else {
                        return Ok(None);
                    };
                    let Some(table) = table_of(id) else {
                        return Ok(None);
                    };
                    Ok(exchanges::record_name(c, table, id)?.map(|(n, _)| n))
                };
                Ok(InboxEntry {
                    base_name: name_of(&conflict.base)?,
                    local_name: name_of(&conflict.local)?,
                    remote_name: name_of(&conflict.remote)?,
                    record: named.as_ref().map(|(n, _)| n.clone()),
                    zone: named.and_then(|(_, z)| z),
                    conflict,
                })
            })
            .collect()
    })
}

/// The table of an id by its prefix (`ids.rs`), for the records a value may point at.
fn table_of(id: &str) -> Option<&'static str> {
    let (prefix, _) = id.split_once('_')?;
    Some(match prefix {
        "sit" => "sites",
        "roo" => "rooms",
        "con" => "contacts",
        "org" => "organisations",
        "tec" => "technologies",
        "itm" => "agenda_items",
        "grp" => "subgroups",
        _ => return None,
    })
}
