//! The conflicts a merge leaves for the planner (`sync_conflicts`): raised with an id every
//! replica derives alike, shown with this copy's side as "local", settled through the logged
//! writer so that the settlement travels and settles it on every copy.

use super::apply::Ctx;
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::store::{Reads, Store, Writer};
use crate::sync::clock::Hlc;
use crate::sync::merge;
use crate::sync::op::{SyncConflict, Take};
use rusqlite::{params, OptionalExtension};
use serde_json::Value as Json;

/// A conflict as raised: `a` is the side in place, `b` the other (op id, value, clock).
pub(super) struct Raised<'a> {
    pub id: String,
    pub reason: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub field: &'a str,
    pub base: &'a Json,
    pub a: (&'a str, &'a Json, Hlc),
    pub b: (&'a str, &'a Json, Hlc),
}

/// Whether record `id` of `entity` has a conflict, open or settled.
pub(super) fn any_of(conn: &rusqlite::Connection, entity: &str, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM sync_conflicts WHERE entity = ?1 AND entity_id = ?2)",
        )?
        .query_row([entity, id], |r| r.get(0))?)
}

/// Records a conflict (once: a settlement that arrived first keeps it settled). Returns
/// whether it is new and open.
pub(super) fn raise(w: &mut Writer<'_>, ctx: &mut Ctx, c: Raised<'_>) -> Result<bool> {
    let mission = mission_of(w, c.entity, c.entity_id)?;
    let existed: Option<String> = w
        .conn()
        .prepare_cached("SELECT state FROM sync_conflicts WHERE id = ?1")?
        .query_row([&c.id], |r| r.get(0))
        .optional()?;
    w.conn()
        .prepare_cached(
            "INSERT INTO sync_conflicts (id, reason, entity, entity_id, field, mission_id, base,
               op_a, value_a, hlc_a, op_b, value_b, hlc_b)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, entity = excluded.entity,
               entity_id = excluded.entity_id, field = excluded.field,
               mission_id = excluded.mission_id, op_a = excluded.op_a, hlc_a = excluded.hlc_a,
               op_b = excluded.op_b, hlc_b = excluded.hlc_b, base = excluded.base,
               value_a = excluded.value_a, value_b = excluded.value_b",
        )?
        .execute(params![
            c.id,
            c.reason,
            c.entity,
            c.entity_id,
            c.field,
            mission,
            c.base.to_string(),
            c.a.0,
            c.a.1.to_string(),
            c.a.2.encode(),
            c.b.0,
            c.b.1.to_string(),
            c.b.2.encode()
        ])?;
    let new = existed.is_none();
    if new {
        ctx.report.conflicts += 1;
        w.note_touched("sync_conflicts", &c.id);
    }
    Ok(new)
}

/// Removes the open conflicts of a record with one of `reasons` that are not in `keep`: a
/// merge derives them all again from the record's ops (settled ones stay settled).
pub(super) fn prune(
    w: &mut Writer<'_>,
    entity: &str,
    entity_id: &str,
    reasons: &[&str],
    keep: &[String],
) -> Result<()> {
    let ids: Vec<(String, String)> = w
        .conn()
        .prepare_cached(
            "SELECT id, reason FROM sync_conflicts
             WHERE entity = ?1 AND entity_id = ?2 AND state = 'open'",
        )?
        .query_map([entity, entity_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, reason) in ids {
        if reasons.contains(&reason.as_str()) && !keep.contains(&id) {
            w.conn()
                .prepare_cached("DELETE FROM sync_conflicts WHERE id = ?1")?
                .execute([&id])?;
            w.note_touched("sync_conflicts", &id);
        }
    }
    Ok(())
}

/// A settlement received: the conflict is settled here too (kept as settled if it was not
/// raised here yet, so that it is not raised open later).
pub(super) fn settle(w: &mut Writer<'_>, id: &str) -> Result<()> {
    w.conn()
        .prepare_cached(
            "INSERT INTO sync_conflicts (id, reason, entity, entity_id, field, op_a, hlc_a,
               op_b, hlc_b, state)
             VALUES (?1, '', '', '', '', '', '', '', '', 'settled')
             ON CONFLICT (id) DO UPDATE SET state = 'settled'",
        )?
        .execute([id])?;
    w.note_touched("sync_conflicts", id);
    Ok(())
}

/// The mission a record belongs to (for the inbox of that mission), if any.
fn mission_of(w: &Writer<'_>, entity: &str, id: &str) -> Result<Option<String>> {
    let sql = match entity {
        "missions" => "SELECT id FROM missions WHERE id = ?1",
        "rooms" => "SELECT s.mission_id FROM rooms r JOIN sites s ON s.id = r.site_id WHERE r.id = ?1",
        "outcomes" => {
            "SELECT i.mission_id FROM outcomes o JOIN agenda_items i ON i.id = o.item_id WHERE o.id = ?1"
        }
        "planning_settings" => "SELECT id FROM planning_settings WHERE id = ?1",
        "subgroups" | "delegation_members" | "sites" | "availabilities" | "agenda_items"
        | "followups" | "meeting_requests" | "programme_versions" | "travel_legs" | "stays"
        | "cost_lines" | "vehicles" | "passports" | "meal_needs" | "survey_answers"
        | "survey_ratings" => "",
        _ => return Ok(None),
    };
    let found: Option<Option<String>> = if sql.is_empty() {
        w.conn()
            .prepare_cached(&format!(
                "SELECT mission_id FROM \"{entity}\" WHERE id = ?1"
            ))?
            .query_row([id], |r| r.get(0))
            .optional()?
    } else {
        w.conn()
            .prepare_cached(sql)?
            .query_row([id], |r| r.get(0))
            .optional()?
    };
    if let Some(found) = found {
        return Ok(found);
    }
    // Deleted: its tombstone names its mission.
    Ok(
        super::heads::tombstone(w.conn(), entity, id)?.and_then(|(_, data)| {
            serde_json::from_str::<Json>(&data).ok().and_then(|d| {
                d.get("mission_id")
                    .and_then(Json::as_str)
                    .map(str::to_owned)
            })
        }),
    )
}

/// One side of a conflict: op id, value (JSON), clock reading.
type Side = (String, Option<String>, String);

struct Row {
    id: String,
    reason: String,
    entity: String,
    entity_id: String,
    field: String,
    base: Option<String>,
    a: Side,
    b: Side,
}

fn rows(db: &impl Reads, mission: Option<&str>, id: Option<&str>) -> Result<Vec<Row>> {
    let conn = crate::store::conn_of(db);
    let mut stmt = conn.prepare_cached(
        "SELECT id, reason, entity, entity_id, field, base, op_a, value_a, hlc_a, op_b, value_b,
                hlc_b
         FROM sync_conflicts
         WHERE state = 'open' AND (?1 IS NULL OR mission_id = ?1) AND (?2 IS NULL OR id = ?2)
         ORDER BY hlc_b, id",
    )?;
    let rows = stmt
        .query_map(params![mission, id], |r| {
            Ok(Row {
                id: r.get(0)?,
                reason: r.get(1)?,
                entity: r.get(2)?,
                entity_id: r.get(3)?,
                field: r.get(4)?,
                base: r.get(5)?,
                a: (r.get(6)?, r.get(7)?, r.get(8)?),
                b: (r.get(9)?, r.get(10)?, r.get(11)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn parse(text: Option<&str>) -> Json {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Json::Null)
}

fn instant(hlc: &str) -> String {
    let ms = Hlc::decode(hlc).map_or(0, |h| h.ms);
    crate::time::format_utc(chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default())
}

/// (local, remote) of a conflict: this copy's own edit is "local" when it is one of the two,
/// else the side in place.
fn sides<'r>(row: &'r Row, me: &str) -> (&'r Side, &'r Side) {
    if merge::replica_of(&row.b.0) == me && merge::replica_of(&row.a.0) != me {
        (&row.b, &row.a)
    } else {
        (&row.a, &row.b)
    }
}

impl Store {
    /// The open conflicts, of one mission or all.
    pub fn sync_conflicts(&self, mission: Option<&str>) -> Result<Vec<SyncConflict>> {
        self.read(|c| {
            let (me, _) = super::replica::read(c)?;
            Ok(rows(c, mission, None)?
                .iter()
                .map(|row| {
                    let (local, remote) = sides(row, &me);
                    SyncConflict {
                        id: row.id.clone(),
                        reason: row.reason.clone(),
                        entity: row.entity.clone(),
                        entity_id: row.entity_id.clone(),
                        field: row.field.clone(),
                        base: parse(row.base.as_deref()),
                        local: parse(local.1.as_deref()),
                        remote: parse(remote.1.as_deref()),
                        local_at: instant(&local.2),
                        remote_at: instant(&remote.2),
                        remote_replica: merge::replica_of(&remote.0).to_owned(),
                    }
                })
                .collect())
        })
    }

    /// Settles a conflict with one side, through the logged writer: the value kept is written
    /// as a new edit (made after both, so it wins on every copy) and the settlement itself is
    /// an op that travels.
    pub fn resolve_sync_conflict(&self, id: &str, take: Take) -> Result<()> {
        self.write("action.settleConflict", |w| {
            let (me, _) = super::replica::read(w.conn())?;
            let Some(row) = rows(w, None, Some(id))?.into_iter().next() else {
                return Err(Error::Refused(
                    Message::new("syncConflictNotOpen").with("id", id),
                ));
            };
            let (local, remote) = sides(&row, &me);
            let chosen = match take {
                Take::Local => local,
                Take::Remote => remote,
            };
            let value = parse(chosen.1.as_deref());
            match row.reason.as_str() {
                "sync.editDeleted" if value == "deleted" => {
                    w.delete(&row.entity, &row.entity_id)?;
                }
                "sync.bothChanged" | "sync.skew" => {
                    let mut tables = super::schema::Tables::default();
                    let key = tables
                        .get(w.conn(), &row.entity)?
                        .and_then(|t| t.key.clone());
                    // A group's side is an object of its fields; a field's, its value.
                    let fields: Vec<(String, Json)> = match (
                        &value,
                        merge::GROUPS
                            .iter()
                            .any(|(e, g, _)| *e == row.entity && *g == row.field),
                    ) {
                        (Json::Object(m), true) => {
                            m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
                        }
                        _ => vec![(row.field.clone(), value.clone())],
                    };
                    if let Some(key) = key {
                        let exists =
                            super::apply::current(w, &row.entity, &key, &row.entity_id, &key)?;
                        if exists.is_some() {
                            let values: Vec<(&str, rusqlite::types::Value)> = fields
                                .iter()
                                .map(|(f, v)| (f.as_str(), super::apply::to_value(v)))
                                .collect();
                            w.save_keyed(&row.entity, &key, &row.entity_id, &values)?;
                        }
                    }
                }
                // A broken rule or a duplicate: the planner edits the record; settling says so.
                _ => {}
            }
            w.save_keyed(
                "sync_conflicts",
                "id",
                id,
                &[("state", crate::store::writer::text("settled"))],
            )?;
            Ok(())
        })
    }
}
