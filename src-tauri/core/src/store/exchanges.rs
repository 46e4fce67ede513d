//! The exchange history: when this copy wrote or read an exchange file, for or from which peer
//! replica, for which mission (device-local knowledge, `local::LOCAL_TABLES`: it never travels
//! and is not in the change log); and the reads the conflicts inbox names records by.

use super::Writer;
use crate::error::Result;
use crate::sync::op::ApplyReport;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// One file written or read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Exchange {
    /// RFC 3339, UTC.
    pub at: String,
    /// `sent` (a file written) or `received` (a file read).
    pub direction: String,
    /// `None`: the directory's file.
    pub mission_id: Option<String>,
    /// The peer's replica id: the sender of a file received; for a file written, the sender of
    /// the file it was written `--since` (`None`: written for anyone).
    pub peer_replica: Option<String>,
    pub file_name: String,
    #[ts(type = "number")]
    pub ops: u64,
    #[serde(flatten)]
    pub counts: ApplyReport,
}

/// Records an exchange.
pub fn record(w: &mut Writer<'_>, e: &Exchange) -> Result<()> {
    w.conn().execute(
        "INSERT INTO sync_exchanges (at, direction, mission_id, peer_replica, file_name, ops,
           applied, superseded, already_known, conflicts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            e.at,
            e.direction,
            e.mission_id,
            e.peer_replica,
            e.file_name,
            count(e.ops),
            count(e.counts.applied),
            count(e.counts.superseded),
            count(e.counts.already_known),
            count(e.counts.conflicts),
        ],
    )?;
    Ok(())
}

/// A mission's exchanges (the directory's with `None`), latest first.
pub fn of_mission(conn: &Connection, mission: Option<&str>, limit: u32) -> Result<Vec<Exchange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, direction, mission_id, peer_replica, file_name, ops,
                applied, superseded, already_known, conflicts
         FROM sync_exchanges WHERE mission_id IS ?1 ORDER BY at DESC, id DESC LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![mission, limit], |r| {
            let n = |i: usize| r.get::<_, i64>(i).map(|v| u64::try_from(v).unwrap_or(0));
            Ok(Exchange {
                at: r.get(0)?,
                direction: r.get(1)?,
                mission_id: r.get(2)?,
                peer_replica: r.get(3)?,
                file_name: r.get(4)?,
                ops: n(5)?,
                counts: ApplyReport {
                    applied: n(6)?,
                    superseded: n(7)?,
                    already_known: n(8)?,
                    conflicts: n(9)?,
                },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The clock reading this copy logged for its own change set `seq` (a file's change set under
/// this copy's id is compared with it: another reading means a copied data folder).
pub fn own_hlc(conn: &Connection, replica: &str, seq: u64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT hlc FROM change_sets WHERE replica = ?1 AND seq = ?2",
            params![replica, count(seq)],
            |r| r.get(0),
        )
        .optional()?)
}

/// A record's name as the inbox shows it, and the zone its times are shown in: an item by its
/// title (in its place's zone), a site, room, organisation or
/// technology by its name, a person by their name, an outcome or a follow-up by its item's or
/// its own title. `None` for a record this copy does not have (deleted).
pub fn record_name(
    conn: &Connection,
    entity: &str,
    id: &str,
) -> Result<Option<(String, Option<String>)>> {
    let sql = match entity {
        "agenda_items" => "SELECT title, tz FROM agenda_items WHERE id = ?1",
        "sites" => "SELECT name, tz FROM sites WHERE id = ?1",
        "rooms" => "SELECT name, NULL FROM rooms WHERE id = ?1",
        "missions" => "SELECT title, host_tz FROM missions WHERE id = ?1",
        "organisations" => "SELECT name, NULL FROM organisations WHERE id = ?1",
        "technologies" => "SELECT name, NULL FROM technologies WHERE id = ?1",
        "contacts" => {
            "SELECT trim(coalesce(given_name, '') || ' ' || coalesce(family_name, '')), NULL
             FROM contacts WHERE id = ?1"
        }
        "outcomes" => {
            "SELECT i.title, i.tz FROM outcomes o JOIN agenda_items i ON i.id = o.item_id
             WHERE o.id = ?1"
        }
        "followups" => "SELECT title, NULL FROM followups WHERE id = ?1",
        "subgroups" => "SELECT name, NULL FROM subgroups WHERE id = ?1",
        _ => return Ok(None),
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
