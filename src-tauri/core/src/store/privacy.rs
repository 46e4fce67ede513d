//! What the data-subject rights read and erase: every row that names one contact, and the
//! erasure that leaves no trace in the tables, the change log or the file. The rules (which
//! texts name the person) are in `directory::privacy`.

use super::{Store, Writer};
use crate::error::{Error, Result};
use crate::messages::Message;
use rusqlite::types::Value;
use rusqlite::Connection;
use serde_json::{json, Map, Value as Json};

/// A stored value as JSON; a text holding a JSON list or object (tags, languages) as that.
fn to_json(v: Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Integer(i) => json!(i),
        Value::Real(f) => json!(f),
        Value::Text(t) => serde_json::from_str::<Json>(&t)
            .ok()
            .filter(|j| j.is_array() || j.is_object())
            .unwrap_or(Json::String(t)),
        Value::Blob(_) => Json::Null,
    }
}

fn rows(conn: &Connection, sql: &str, id: &str) -> Result<Vec<Json>> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
    let out = stmt
        .query_map([id], |r| {
            let mut m = Map::new();
            for (i, n) in names.iter().enumerate() {
                m.insert(n.clone(), to_json(r.get::<_, Value>(i)?));
            }
            Ok(Json::Object(m))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}

/// Everything held on the contact `id`, by section: `contact` (the record, every column, or
/// null), then one list of rows per kind of link, and `history` (the change log about it).
pub fn subject_data(conn: &Connection, id: &str) -> Result<Map<String, Json>> {
    let mut data = Map::new();
    let contact = rows(conn, "SELECT * FROM contacts WHERE id = ?1", id)?;
    data.insert(
        "contact".into(),
        contact.into_iter().next().unwrap_or(Json::Null),
    );
    let sections: &[(&str, &str)] = &[
        ("organisation", "SELECT o.id, o.name, o.city, o.country FROM organisations o JOIN contacts c ON c.organisation_id = o.id WHERE c.id = ?1"),
        ("department", "SELECT d.id, d.name FROM departments d JOIN contacts c ON c.department_id = d.id WHERE c.id = ?1"),
        ("specialties", "SELECT specialty FROM contact_specialties WHERE contact_id = ?1"),
        ("tags", "SELECT tag FROM contact_tags WHERE contact_id = ?1"),
        ("missions", "SELECT m.id AS mission_id, m.title, d.role, m.start_date, m.end_date FROM delegation_members d JOIN missions m ON m.id = d.mission_id WHERE d.contact_id = ?1"),
        ("meetings", "SELECT i.id, i.title, i.kind, i.starts_at, i.ends_at, i.tz, i.status FROM agenda_participants p JOIN agenda_items i ON i.id = p.item_id WHERE p.contact_id = ?1 ORDER BY i.starts_at"),
        ("availabilities", "SELECT id, mission_id, starts_at, ends_at, tz, note FROM availabilities WHERE contact_id = ?1"),
        ("travel", "SELECT id, mission_id, kind, mode, at, tz, place, reference FROM travel_legs WHERE contact_id = ?1 ORDER BY at"),
        ("stays", "SELECT s.id, s.mission_id, o.name AS hotel, s.check_in, s.check_out, s.room_type, s.sharing_with, s.reference FROM stays s JOIN organisations o ON o.id = s.hotel_id WHERE s.contact_id = ?1 OR s.sharing_with = ?1 ORDER BY s.check_in"),
        ("passports", "SELECT id, mission_id, surname, given_names, nationality, number, birth_date, issued_on, expires_on, issuing_authority FROM passports WHERE contact_id = ?1"),
        ("needs", "SELECT id, mission_id, diets, diet_other, access, access_other, consent_by, consent_on, consent_how FROM meal_needs WHERE contact_id = ?1"),
        ("surveys", "SELECT id, mission_id, kind, submitted_at, satisfaction, usefulness, again, comments FROM survey_answers WHERE contact_id = ?1"),
        ("survey_ratings", "SELECT r.id, r.mission_id, i.title AS meeting, r.rating, r.what_came FROM survey_ratings r JOIN agenda_items i ON i.id = r.item_id WHERE r.contact_id = ?1"),
        ("outcomes", "SELECT o.id, o.outcome_type, o.notes, o.next_steps FROM outcome_attendees a JOIN outcomes o ON o.id = a.outcome_id WHERE a.contact_id = ?1"),
        ("followups", "SELECT id, title, owner, due_on, status, notes FROM followups WHERE contact_id = ?1"),
        ("history", "SELECT s.at, s.label, l.field, l.before, l.after FROM change_log l JOIN change_sets s ON s.id = l.change_set_id WHERE l.entity = 'contacts' AND l.entity_id = ?1 ORDER BY l.id"),
    ];
    for (name, sql) in sections {
        data.insert((*name).into(), Json::Array(rows(conn, sql, id)?));
    }
    Ok(data)
}

/// The tokens (`sync::merge::erasure_token`) of the people erased in this file: a record that
/// came back under one of their ids (a seed or a list loaded again) is never contacted.
pub fn erased_tokens(db: &impl super::Reads) -> Result<std::collections::HashSet<String>> {
    let conn = super::conn_of(db);
    let mut stmt = conn.prepare_cached(
        "SELECT entity_id FROM change_log WHERE kind = 'erase' AND entity = 'contacts'",
    )?;
    let tokens = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(tokens)
}

/// How much an erasure removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Erased {
    pub rows: i64,
    pub log_rows: i64,
}

/// The texts that identify the contact `id` in the logs: its id, full name, e-mail, native
/// name and phone (those of three characters or more).
pub fn needles(db: &impl super::Reads, id: &str) -> Result<Vec<String>> {
    let contact = super::contacts::get(db, id)?;
    let mut needles: Vec<String> = vec![id.to_owned()];
    let full = crate::domain::display_name(&contact.given_name, &contact.family_name);
    for n in [
        Some(full),
        contact.email.clone(),
        contact.native_name.clone(),
        contact.phone.clone(),
    ]
    .into_iter()
    .flatten()
    {
        if n.chars().count() >= 3 {
            needles.push(n);
        }
    }
    Ok(needles)
}

/// Erases the contact `id` with `secure_delete` on (freed bytes are zeroed): the record and
/// its links (deleted through the writer), then every change-log row about it or holding one
/// of `needles` (its id, names, e-mail: texts that identify the person; an op's row is
/// scrubbed of its values, kept as a place in the history), the merge's own
/// records of it (current ops, tombstones, conflicts), and the merges of duplicates that
/// involved it; an `erasure_log` entry says when and how much, not who. The log rows go
/// directly: removing them is the point, and logging their removal would keep the person.
/// Last, an `erase` op naming only the id is logged: it travels, and every copy it reaches
/// erases the person there too.
pub fn erase_contact(
    w: &mut Writer<'_>,
    id: &str,
    needles: &[String],
    at: &str,
    reason: Option<&str>,
) -> Result<Erased> {
    let erased = erase_traces(w, id, needles, at, reason)?;
    let token = crate::sync::merge::erasure_token(id);
    w.log_text(
        super::writer::kind::ERASE,
        "contacts",
        &token,
        "*",
        None,
        None,
        None,
    )?;
    Ok(erased)
}

/// A received erasure (its token, `sync::merge::erasure_token`): the same removal, if the
/// person is here. Returns their id.
pub(crate) fn erase_received(w: &mut Writer<'_>, token: &str) -> Result<Option<String>> {
    let ids: Vec<String> = w
        .conn()
        .prepare_cached("SELECT id FROM contacts")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let Some(id) = ids
        .into_iter()
        .find(|id| crate::sync::merge::erasure_token(id) == token)
    else {
        return Ok(None);
    };
    let needles = needles(w, &id)?;
    let at = w.now_text().to_owned();
    erase_traces(w, &id, &needles, &at, None)?;
    Ok(Some(id))
}

/// The records a person owns, whose log rows an erasure removes by their ids.
const OWNED: &[&str] = &[
    "SELECT id FROM travel_legs WHERE contact_id = ?1",
    "SELECT id FROM stays WHERE contact_id = ?1",
    "SELECT id FROM passports WHERE contact_id = ?1",
    "SELECT id FROM meal_needs WHERE contact_id = ?1",
    "SELECT id FROM survey_answers WHERE contact_id = ?1",
    "SELECT id FROM survey_ratings WHERE contact_id = ?1 OR delegate_id = ?1",
];

fn erase_traces(
    w: &mut Writer<'_>,
    id: &str,
    needles: &[String],
    at: &str,
    reason: Option<&str>,
) -> Result<Erased> {
    w.conn().execute_batch("PRAGMA secure_delete = ON")?;
    // Records that are the person's own (their arrival, departure, stays, passports, needs, survey
    // answers and the ratings of meetings with them): every log row of
    // theirs goes too, whatever field it holds (a flight number names no one by itself).
    let mut needles = needles.to_vec();
    for sql in OWNED {
        let ids: Vec<String> = w
            .conn()
            .prepare(sql)?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        needles.extend(ids);
    }
    let refs = super::references::to_table(w, "contacts")?;
    let mut removed: i64 = super::references::counts(w, &refs, id)?.into_iter().sum();
    if w.delete("contacts", id)? {
        removed += 1;
    }
    let token = crate::sync::merge::erasure_token(id);
    let mut log_removed = 0i64;
    // A creation (a bulk one: its values in `data`) of a record that stays without the person
    // (a field the schema empties when they go) keeps its op without that field, as a copy
    // receiving it after the erasure keeps it (`sync::apply`).
    for (table, column) in super::sync::cascade::set_null_columns(w.conn(), "contacts")? {
        let path = format!("$.\"{column}\"");
        log_removed += i64::try_from(w.conn().execute(
            "UPDATE change_log SET data = json_remove(data, ?3)
             WHERE kind = 'create' AND entity = ?1 AND json_valid(data)
               AND json_extract(data, ?3) = ?2",
            rusqlite::params![table, id, path],
        )?)
        .unwrap_or(0);
    }
    for n in &needles {
        // An op naming the person is scrubbed, not removed: its values go, its id, base and
        // clock stay, so that the ops made on it (a deletion that saw it) still order alike
        // on every copy. One on the person's own record goes under their token. Rows that are
        // no op (a creation's fields, a deletion's tombstone values) are removed.
        // A field set to or from the person (a follow-up's contact) keeps its op, with NULL in
        // their place: the field ends empty on every copy, as the erasure's own cascade left it.
        log_removed += i64::try_from(w.conn().execute(
            "UPDATE change_log SET
               after = CASE WHEN after = json_quote(?1) THEN 'null' ELSE after END,
               before = CASE WHEN before = json_quote(?1) THEN 'null' ELSE before END
             WHERE ifnull(kind, 'set') = 'set' AND entity_id <> ?1
               AND (after = json_quote(?1) OR before = json_quote(?1))",
            [n],
        )?)
        .unwrap_or(0);
        log_removed += i64::try_from(w.conn().execute(
            "UPDATE change_log SET kind = 'scrubbed', before = NULL, after = NULL, data = NULL,
               entity_id = CASE WHEN entity_id = ?1 THEN ?2 ELSE entity_id END
             WHERE ifnull(kind, 'set') IN ('create', 'set', 'delete', 'add', 'remove')
               AND (entity_id = ?1
                 OR instr(coalesce(before, ''), ?1) > 0 OR instr(coalesce(after, ''), ?1) > 0
                 OR instr(coalesce(data, ''), ?1) > 0)",
            [n, &token],
        )?)
        .unwrap_or(0);
        log_removed += i64::try_from(w.conn().execute(
            "DELETE FROM change_log
             WHERE ifnull(kind, 'set') NOT IN ('create', 'set', 'delete', 'add', 'remove',
                                                'erase', 'scrubbed')
               AND (entity_id = ?1
                 OR instr(coalesce(before, ''), ?1) > 0 OR instr(coalesce(after, ''), ?1) > 0
                 OR instr(coalesce(data, ''), ?1) > 0)",
            [n],
        )?)
        .unwrap_or(0);
        w.conn().execute(
            "DELETE FROM sync_heads WHERE entity_id = ?1 OR instr(field, ?1) > 0",
            [n],
        )?;
        w.conn().execute(
            "DELETE FROM sync_tombstones WHERE entity_id = ?1 OR instr(data, ?1) > 0",
            [n],
        )?;
        w.conn().execute(
            "DELETE FROM sync_conflicts WHERE entity_id = ?1 OR instr(coalesce(value_a, ''), ?1) > 0
               OR instr(coalesce(value_b, ''), ?1) > 0 OR instr(coalesce(base, ''), ?1) > 0",
            [n],
        )?;
    }
    w.conn().execute(
        "INSERT INTO erasure_log (erased_at, entity, rows_removed, reason)
         VALUES (?1, 'contacts', ?2, ?3)",
        rusqlite::params![at, removed, reason],
    )?;
    // Merge and import logs name ids only; drop merges that involved the person.
    w.conn().execute(
        "DELETE FROM merge_log WHERE kept_id = ?1 OR removed_id = ?1",
        [id],
    )?;
    w.conn().execute_batch("PRAGMA secure_delete = OFF")?;
    Ok(Erased {
        rows: removed,
        log_rows: log_removed,
    })
}

/// The personal records whose values leave the change log with them: a person's passport
/// for a mission, their meal and access needs (special-category data), their survey answers
/// and the six-month ratings of meetings with them. Once one is deleted — cleared, withdrawn,
/// purged, gone with its mission, its meeting or its person, or deleted on another copy — the
/// commit that deleted it (or received its deletion) scrubs its ops ([`scrub_deleted`]).
pub(crate) const SCRUBBED_WHEN_DELETED: &[&str] = &[
    "passports",
    "meal_needs",
    "survey_answers",
    "survey_ratings",
];

/// Scrubs the ops of every deleted record of [`SCRUBBED_WHEN_DELETED`] whose log still holds
/// values: of the kinds this change set touched (its own deletions, a cascade, a received
/// deletion), or of all of them (`all`: the purge, which also catches what files of earlier
/// versions kept). Run by every commit (`Writer::commit`), which then compacts the file;
/// returns how many records.
pub(crate) fn scrub_deleted(w: &mut Writer<'_>, all: bool) -> Result<usize> {
    let mut n = 0;
    for table in SCRUBBED_WHEN_DELETED {
        if !all && !w.touched_kind(table) {
            continue;
        }
        for id in unscrubbed_deleted(w, table)? {
            scrub_record(w, table, &id)?;
            n += 1;
        }
    }
    Ok(n)
}

/// Scrubs the change log of one deleted personal record: its creation's and edits' ops keep
/// their place (id, base, clock) without their values, the deletion's tombstone values go (the
/// tombstone keeps the mission it belonged to, so that the deletion still travels with the
/// mission), and any conflict over it goes. The deletion op itself names no one and stays.
fn scrub_record(w: &mut Writer<'_>, entity: &str, id: &str) -> Result<i64> {
    w.note_scrubbed();
    w.conn().execute_batch("PRAGMA secure_delete = ON")?;
    let mut n = w.conn().execute(
        "UPDATE change_log SET kind = 'scrubbed', before = NULL, after = NULL, data = NULL
         WHERE entity = ?1 AND entity_id = ?2
           AND ifnull(kind, 'set') IN ('create', 'set', 'add', 'remove')",
        [entity, id],
    )?;
    n += w.conn().execute(
        "DELETE FROM change_log WHERE entity = ?1 AND entity_id = ?2 AND kind IN ('init', 'tomb')",
        [entity, id],
    )?;
    w.conn().execute(
        "UPDATE sync_tombstones SET data = json_object('mission_id', json_extract(data, '$.mission_id'))
         WHERE entity = ?1 AND entity_id = ?2",
        [entity, id],
    )?;
    w.conn().execute(
        "DELETE FROM sync_conflicts WHERE entity = ?1 AND entity_id = ?2",
        [entity, id],
    )?;
    w.conn().execute_batch("PRAGMA secure_delete = OFF")?;
    Ok(i64::try_from(n).unwrap_or(0))
}

/// The deleted records of `entity` (a deletion of theirs is logged, made here or received, and
/// the row is gone) whose change log still holds values. An op received for a record this copy
/// never had, with no deletion of it, waits for its record and is left alone.
fn unscrubbed_deleted(w: &Writer<'_>, entity: &str) -> Result<Vec<String>> {
    let sql = format!(
        "SELECT DISTINCT l.entity_id FROM change_log l
         WHERE l.entity = ?1 AND ifnull(l.kind, 'set') IN ('create', 'set', 'add', 'remove', 'init', 'tomb')
           AND NOT EXISTS (SELECT 1 FROM \"{entity}\" t WHERE t.id = l.entity_id)
           AND EXISTS (SELECT 1 FROM change_log d
                       WHERE d.entity = l.entity AND d.entity_id = l.entity_id AND d.kind = 'delete')"
    );
    let ids = w
        .conn()
        .prepare(&sql)?
        .query_map([entity], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Whether some deleted personal record's ops still hold values (the purge's check at start).
pub(crate) fn scrub_due(db: &impl super::Reads) -> Result<bool> {
    let conn = super::conn_of(db);
    for entity in SCRUBBED_WHEN_DELETED {
        let due: bool = conn
            .prepare_cached(&format!(
                "SELECT EXISTS (SELECT 1 FROM change_log l
                   WHERE l.entity = ?1
                     AND ifnull(l.kind, 'set') IN ('create', 'set', 'add', 'remove', 'init', 'tomb')
                     AND NOT EXISTS (SELECT 1 FROM \"{entity}\" t WHERE t.id = l.entity_id)
                     AND EXISTS (SELECT 1 FROM change_log d WHERE d.entity = l.entity
                                   AND d.entity_id = l.entity_id AND d.kind = 'delete'))"
            ))?
            .query_row([entity], |r| r.get(0))?;
        if due {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Rewrites the file without free pages and empties the WAL, on a connection of its own.
pub fn compact(store: &Store) -> Result<()> {
    let conn = Connection::open(store.path())?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch("PRAGMA secure_delete = ON; PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")?;
    let (busy, _, _): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    if busy != 0 {
        return Err(Error::Refused(Message::new("erasureNotCompacted")));
    }
    Ok(())
}
