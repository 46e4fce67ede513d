//! Each field's current op (`sync_heads`): the base the next local change of the field is
//! made on, and what a received op is compared with (three-way, last writer by clock).

use crate::error::Result;
use crate::sync::clock::Hlc;
use rusqlite::{params, Connection, OptionalExtension};

/// The current op of `field` of the record (a link element's field is `field=element`).
pub(crate) fn op_of(
    conn: &Connection,
    entity: &str,
    id: &str,
    field: &str,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT op FROM sync_heads WHERE entity = ?1 AND entity_id = ?2 AND field = ?3",
        )?
        .query_row([entity, id, field], |r| r.get(0))
        .optional()?)
}

/// The current op of a field and its clock reading.
pub(crate) fn get(
    conn: &Connection,
    entity: &str,
    id: &str,
    field: &str,
) -> Result<Option<(String, Hlc)>> {
    Ok(conn
        .prepare_cached(
            "SELECT op, hlc FROM sync_heads WHERE entity = ?1 AND entity_id = ?2 AND field = ?3",
        )?
        .query_row([entity, id, field], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?
        .map(|(op, hlc)| (op, Hlc::decode(&hlc).unwrap_or_default())))
}

/// Makes `op` the current op of the field.
pub(crate) fn set(
    conn: &Connection,
    entity: &str,
    id: &str,
    field: &str,
    op: &str,
    hlc: Hlc,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_heads (entity, entity_id, field, op, hlc) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (entity, entity_id, field)
         DO UPDATE SET op = excluded.op, hlc = excluded.hlc, weak = 0",
    )?
    .execute(params![entity, id, field, op, hlc.encode()])?;
    Ok(())
}

/// The latest op made on any field of a record (what a deletion was made on), with its reading.
pub(crate) fn latest_of(
    conn: &Connection,
    entity: &str,
    id: &str,
) -> Result<Option<(String, Hlc)>> {
    Ok(conn
        .prepare_cached(
            "SELECT op, hlc FROM sync_heads WHERE entity = ?1 AND entity_id = ?2 AND field != '*'
             ORDER BY hlc DESC LIMIT 1",
        )?
        .query_row([entity, id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?
        .map(|(op, hlc)| (op, Hlc::decode(&hlc).unwrap_or_default())))
}

/// Marks the field's current op as a deletion's cascade (a NULL a real edit beats).
pub(crate) fn weaken(conn: &Connection, entity: &str, id: &str, field: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE sync_heads SET weak = 1 WHERE entity = ?1 AND entity_id = ?2 AND field = ?3",
    )?
    .execute([entity, id, field])?;
    Ok(())
}

/// Whether the field's current op is a deletion's cascade.
pub(crate) fn is_weak(conn: &Connection, entity: &str, id: &str, field: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT weak FROM sync_heads WHERE entity = ?1 AND entity_id = ?2 AND field = ?3",
        )?
        .query_row([entity, id, field], |r| r.get::<_, bool>(0))
        .optional()?
        .unwrap_or(false))
}

/// Keeps a deleted record's last values, for an edit made elsewhere meanwhile.
pub(crate) fn bury(conn: &Connection, entity: &str, id: &str, op: &str, data: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_tombstones (entity, entity_id, op, data) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (entity, entity_id) DO UPDATE SET op = excluded.op, data = excluded.data",
    )?
    .execute([entity, id, op, data])?;
    Ok(())
}

/// A deleted record's last values and the deleting op.
pub(crate) fn tombstone(
    conn: &Connection,
    entity: &str,
    id: &str,
) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT op, data FROM sync_tombstones WHERE entity = ?1 AND entity_id = ?2",
        )?
        .query_row([entity, id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
