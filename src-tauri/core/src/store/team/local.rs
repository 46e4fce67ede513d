//! This copy's side of the team server: the connection it joined (`team_connection`, one row)
//! and where each scope's pull stopped (`team_cursors`). Device-local tables
//! (`store::local::LOCAL_TABLES`): written directly, never logged, never sent.

use super::server::ops::Cursor;
use crate::error::Result;
use crate::messages::Message;
use crate::store::Writer;
use crate::sync::op::VersionVector;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

/// The joined server, as kept here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    pub member: String,
    pub joined_at: String,
    pub last_sync_at: Option<String>,
    pub last_attempt_at: Option<String>,
    /// The last attempt's refusal, if it failed.
    pub last_error: Option<Message>,
    pub scopes: Vec<String>,
    /// What the server held at the last sync, and the replicas of other members then.
    pub server_held: VersionVector,
    pub others: Vec<String>,
}

/// The joined server, if any.
pub fn link(conn: &Connection) -> Result<Option<Link>> {
    let row = conn
        .query_row(
            "SELECT url, member, joined_at, last_sync_at, last_attempt_at, last_error, scopes,
                    server_held, others
             FROM team_connection WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                ))
            },
        )
        .optional()?;
    Ok(row.map(
        |(url, member, joined_at, last_sync_at, last_attempt_at, error, scopes, held, others)| {
            Link {
                url,
                member,
                joined_at,
                last_sync_at,
                last_attempt_at,
                last_error: error.as_deref().and_then(message_of),
                scopes: serde_json::from_str(&scopes).unwrap_or_default(),
                server_held: serde_json::from_str(&held).unwrap_or_default(),
                others: serde_json::from_str(&others).unwrap_or_default(),
            }
        },
    ))
}

/// Joins a server: replaces any earlier link, and forgets the cursors of the earlier one.
pub fn join(w: &mut Writer<'_>, url: &str, member: &str, at: &str) -> Result<()> {
    w.conn().execute(
        "INSERT OR REPLACE INTO team_connection (id, url, member, joined_at) VALUES (1, ?1, ?2, ?3)",
        params![url, member, at],
    )?;
    w.conn().execute("DELETE FROM team_cursors", [])?;
    Ok(())
}

/// Leaves the server: forgets the link and the cursors (the ops stay in the change log).
pub fn leave(w: &mut Writer<'_>) -> Result<bool> {
    let had = w.conn().execute("DELETE FROM team_connection", [])? > 0;
    w.conn().execute("DELETE FROM team_cursors", [])?;
    Ok(had)
}

/// Notes a sync that went through: when, the member's scopes then, what the server held
/// (this push included) and the replicas of other members.
pub fn note_synced(
    w: &mut Writer<'_>,
    at: &str,
    scopes: &[String],
    server_held: &VersionVector,
    others: &[String],
) -> Result<()> {
    w.conn().execute(
        "UPDATE team_connection SET last_sync_at = ?1, last_attempt_at = ?1, last_error = NULL,
           scopes = ?2, server_held = ?3, others = ?4 WHERE id = 1",
        params![
            at,
            serde_json::to_string(scopes).unwrap_or_else(|_| "[]".into()),
            serde_json::to_string(server_held).unwrap_or_else(|_| "{}".into()),
            serde_json::to_string(others).unwrap_or_else(|_| "[]".into()),
        ],
    )?;
    Ok(())
}

/// Notes the member's scopes (as the server grants them at `join`).
pub fn note_scopes(w: &mut Writer<'_>, scopes: &[String]) -> Result<()> {
    w.conn().execute(
        "UPDATE team_connection SET scopes = ?1 WHERE id = 1",
        [serde_json::to_string(scopes).unwrap_or_else(|_| "[]".into())],
    )?;
    Ok(())
}

/// Notes an attempt that failed, and why.
pub fn note_failed(w: &mut Writer<'_>, at: &str, why: &Message) -> Result<()> {
    let text = serde_json::to_string(why).unwrap_or_default();
    w.conn().execute(
        "UPDATE team_connection SET last_attempt_at = ?1, last_error = ?2 WHERE id = 1",
        params![at, text],
    )?;
    Ok(())
}

/// Each scope's cursor.
pub fn cursors(conn: &Connection) -> Result<BTreeMap<String, Cursor>> {
    let mut stmt = conn.prepare_cached("SELECT scope, tx, sid FROM team_cursors")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Cursor {
                tx: r.get(1)?,
                sid: r.get(2)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves a scope's cursor.
pub fn set_cursor(w: &mut Writer<'_>, scope: &str, at: Cursor) -> Result<()> {
    w.conn().execute(
        "INSERT INTO team_cursors (scope, tx, sid) VALUES (?1, ?2, ?3)
         ON CONFLICT (scope) DO UPDATE SET tx = excluded.tx, sid = excluded.sid",
        params![scope, at.tx, at.sid],
    )?;
    Ok(())
}

fn message_of(text: &str) -> Option<Message> {
    #[derive(serde::Deserialize)]
    struct Stored {
        code: String,
        #[serde(default)]
        params: BTreeMap<String, String>,
    }
    let s: Stored = serde_json::from_str(text).ok()?;
    Message::known(&s.code, s.params)
}
