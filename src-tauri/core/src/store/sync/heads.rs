//! Each field's current op (`sync_heads`): the base the next local change of the field is
//! made on, with its order key (`hlc`: the op's clock, or just after its base's key when that
//! is later; see `history`). A merge writes a record's current ops again from all its ops.

use crate::error::Result;
use crate::sync::clock::Hlc;
use rusqlite::{params, Connection, OptionalExtension};

/// The current op of a field and its clock reading.
pub(crate) fn get(
    conn: &Connection,
    entity: &str,
    id: &str,
    field: &str,
) -> Result<Option<(String, Hlc)>> {
    head(conn, entity, id, field, false)
}

/// The current op of a field (if `alone`, only if it stands alone: `sole`).
fn head(
    conn: &Connection,
    entity: &str,
    id: &str,
    field: &str,
    alone: bool,
) -> Result<Option<(String, Hlc)>> {
    Ok(conn
        .prepare_cached(
            "SELECT op, hlc FROM sync_heads
             WHERE entity = ?1 AND entity_id = ?2 AND field = ?3 AND (sole = 1 OR NOT ?4)",
        )?
        .query_row(params![entity, id, field, alone], |r| {
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

/// The op with the latest order key among a record's current ops (what a deletion is made on):
/// its fields', link elements' and creation's; for a record created in bulk and never edited
/// since (no current op), its logged creation.
pub(crate) fn latest_of(
    conn: &Connection,
    entity: &str,
    id: &str,
) -> Result<Option<(String, Hlc)>> {
    let found: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT op, hlc FROM sync_heads WHERE entity = ?1 AND entity_id = ?2 AND field != '*'
             ORDER BY hlc DESC LIMIT 1",
        )?
        .query_row([entity, id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let found = match found {
        Some(found) => Some(found),
        None => conn
            .prepare_cached(
                "SELECT s.replica || '/' || s.seq || '/' || l.op_index, s.hlc FROM change_log l
                 JOIN change_sets s ON s.id = l.change_set_id
                 WHERE l.entity = ?1 AND l.entity_id = ?2 AND l.kind = 'create'
                 ORDER BY s.hlc DESC LIMIT 1",
            )?
            .query_row([entity, id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
    };
    Ok(found.map(|(op, hlc)| (op, Hlc::decode(&hlc).unwrap_or_default())))
}

/// Forgets the current ops of a deleted record's fields and creation (its deletion's and its
/// link elements' stay): a re-creation starts from its own.
pub(crate) fn clear_fields(conn: &Connection, entity: &str, id: &str) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM sync_heads WHERE entity = ?1 AND entity_id = ?2 AND field != '*'
           AND instr(field, '=') = 0",
    )?
    .execute([entity, id])?;
    Ok(())
}

/// Forgets every current op of a record (a merge writes them again from its ops).
pub(crate) fn clear_record(conn: &Connection, entity: &str, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM sync_heads WHERE entity = ?1 AND entity_id = ?2")?
        .execute([entity, id])?;
    Ok(())
}

/// Makes `op` the current op of the field, as a deletion's cascade or not; `sole`: the only op
/// of the field left standing (no concurrent edit beside it, `forward::fast_forward`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn put(
    conn: &Connection,
    entity: &str,
    id: &str,
    field: &str,
    op: &str,
    key: Hlc,
    weak: bool,
    sole: bool,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO sync_heads (entity, entity_id, field, op, hlc, weak, sole)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![entity, id, field, op, key.encode(), weak, sole])?;
    Ok(())
}

/// The current op of a field and its order key if it is the only op of the field left
/// standing (`sole`); None when it is not, or not known to be, or the field has no head.
pub(crate) fn sole(
    conn: &Connection,
    entity: &str,
    id: &str,
    field: &str,
) -> Result<Option<(String, Hlc)>> {
    head(conn, entity, id, field, true)
}

/// Marks the field's current op as a deletion's cascade (a NULL a real edit beats).
pub(crate) fn weaken(conn: &Connection, entity: &str, id: &str, field: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE sync_heads SET weak = 1 WHERE entity = ?1 AND entity_id = ?2 AND field = ?3",
    )?
    .execute([entity, id, field])?;
    Ok(())
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
