//! How many times records were changed, read from the change log (a calendar event's SEQUENCE).

use crate::error::Result;
use rusqlite::Connection;
use std::collections::HashMap;

/// For each item of a mission, how many change sets touched it after the one that created it.
/// Items never logged (none, since every write is) are absent: no change.
pub fn of_mission_items(conn: &Connection, mission_id: &str) -> Result<HashMap<String, u32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT entity_id, count(DISTINCT change_set_id) FROM change_log
         WHERE entity = 'agenda_items'
           AND entity_id IN (SELECT id FROM agenda_items WHERE mission_id = ?1)
         GROUP BY entity_id",
    )?;
    let rows = stmt.query_map([mission_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, sets) = row?;
        out.insert(id, sets.saturating_sub(1));
    }
    Ok(out)
}
