//! The surveys' records (`surveys/`, issue 17 part 5; tables `survey_answers` and
//! `survey_ratings`, migration 0018): what an import of responses finds already there and
//! writes through the logged writer, the meetings a six-month rating lands on, and what the
//! report counts. Shared records of the mission; their ops are scrubbed when they are deleted
//! (`privacy::SCRUBBED_WHEN_DELETED`: cleared, replaced, gone with the mission) and by the
//! person's erasure (`privacy::OWNED`).

use super::writer::{opt_text, text};
use super::{conn_of, Reads, Writer};
use crate::error::Result;
use rusqlite::types::Value;

/// The kinds of agenda items a respondent may have met a delegate at (as the report counts
/// meetings, `store::aftercare`).
const MEETING_KINDS: &str = "('meeting', 'presentation', 'visit', 'reception')";

/// A meeting between a person and a delegate: (item id, person, delegate).
pub type Encounter = (String, String, String);

/// Every pair of a delegation member (head or delegate) and someone else taking part in the
/// same meeting of the mission that was not cancelled: presentations, visits and receptions
/// first, then meetings proper, each earliest first (so the last of a pair is its latest
/// meeting proper, if it had one).
pub fn encounters(db: &impl Reads, mission: &str) -> Result<Vec<Encounter>> {
    let mut stmt = conn_of(db).prepare_cached(&format!(
        "SELECT i.id, p.contact_id, d.contact_id
         FROM agenda_items i
         JOIN agenda_participants d ON d.item_id = i.id
         JOIN delegation_members m ON m.mission_id = i.mission_id AND m.contact_id = d.contact_id
                                   AND m.role IN ('head', 'delegate')
         JOIN agenda_participants p ON p.item_id = i.id AND p.contact_id <> d.contact_id
         WHERE i.mission_id = ?1 AND i.kind IN {MEETING_KINDS} AND i.status <> 'cancelled'
         ORDER BY i.kind = 'meeting', i.starts_at, i.id"
    ))?;
    let rows = stmt
        .query_map([mission], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A stored answer as an import finds it again: (id, contact, submitted).
pub struct StoredAnswer {
    pub id: String,
    pub contact_id: String,
    pub submitted_at: Option<String>,
}

pub fn answers(db: &impl Reads, mission: &str, kind: &str) -> Result<Vec<StoredAnswer>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT id, contact_id, submitted_at FROM survey_answers
         WHERE mission_id = ?1 AND kind = ?2",
    )?;
    let rows = stmt
        .query_map([mission, kind], |r| {
            Ok(StoredAnswer {
                id: r.get(0)?,
                contact_id: r.get(1)?,
                submitted_at: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The ratings of the mission's answers: (id, answer id, item id, delegate id).
pub fn ratings_of_mission(
    db: &impl Reads,
    mission: &str,
) -> Result<Vec<(String, String, String, String)>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT id, answer_id, item_id, delegate_id FROM survey_ratings WHERE mission_id = ?1",
    )?;
    let rows = stmt
        .query_map([mission], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// An answer to write (created, or the stored one of the person replaced).
pub struct AnswerRow<'a> {
    pub id: &'a str,
    pub mission_id: &'a str,
    pub contact_id: &'a str,
    pub kind: &'a str,
    pub submitted_at: Option<String>,
    pub satisfaction: Option<u8>,
    pub usefulness: Option<u8>,
    pub again: Option<bool>,
    pub comments: Option<&'a str>,
    pub source: &'a str,
}

pub fn save_answer(w: &mut Writer<'_>, a: &AnswerRow<'_>) -> Result<()> {
    let int = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
    w.save(
        "survey_answers",
        a.id,
        &[
            ("mission_id", text(a.mission_id)),
            ("contact_id", text(a.contact_id)),
            ("kind", text(a.kind)),
            ("submitted_at", opt_text(a.submitted_at.as_deref())),
            ("satisfaction", int(a.satisfaction.map(i64::from))),
            ("usefulness", int(a.usefulness.map(i64::from))),
            ("again", int(a.again.map(i64::from))),
            ("comments", opt_text(a.comments)),
            ("source", text(a.source)),
        ],
    )?;
    Ok(())
}

/// A six-month rating to write.
pub struct RatingRow<'a> {
    pub id: &'a str,
    pub answer_id: &'a str,
    pub mission_id: &'a str,
    pub item_id: &'a str,
    pub contact_id: &'a str,
    pub delegate_id: &'a str,
    pub rating: Option<&'a str>,
    pub what_came: Option<&'a str>,
}

pub fn save_rating(w: &mut Writer<'_>, r: &RatingRow<'_>) -> Result<()> {
    w.save(
        "survey_ratings",
        r.id,
        &[
            ("answer_id", text(r.answer_id)),
            ("mission_id", text(r.mission_id)),
            ("item_id", text(r.item_id)),
            ("contact_id", text(r.contact_id)),
            ("delegate_id", text(r.delegate_id)),
            ("rating", opt_text(r.rating)),
            ("what_came", opt_text(r.what_came)),
        ],
    )?;
    Ok(())
}

pub fn delete_rating(w: &mut Writer<'_>, id: &str) -> Result<bool> {
    w.delete("survey_ratings", id)
}

/// Deletes a mission's answers of one kind (their ratings go with them); how many. Their
/// values leave the change log with them (`privacy::SCRUBBED_WHEN_DELETED`): the clear travels
/// with the mission but is never undone.
pub fn clear(w: &mut Writer<'_>, mission: &str, kind: &str) -> Result<u32> {
    let ids: Vec<String> = answers(&*w, mission, kind)?
        .into_iter()
        .map(|a| a.id)
        .collect();
    w.share_with_mission(mission)?;
    for id in &ids {
        w.delete("survey_answers", id)?;
    }
    Ok(u32::try_from(ids.len()).unwrap_or(u32::MAX))
}

/// What the report counts of the week's survey: (answers, answers with a satisfaction mark,
/// sum of the marks).
pub fn satisfaction(db: &impl Reads, mission: &str) -> Result<(u32, u32, i64)> {
    Ok(conn_of(db)
        .prepare_cached(
            "SELECT count(*), count(satisfaction), coalesce(sum(satisfaction), 0)
             FROM survey_answers WHERE mission_id = ?1 AND kind = 'week'",
        )?
        .query_row([mission], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
}

/// People invited to answer: those outside the delegation who took part in a meeting of the
/// mission that was not cancelled.
pub fn invited(db: &impl Reads, mission: &str) -> Result<u32> {
    Ok(conn_of(db)
        .prepare_cached(&format!(
            "SELECT count(DISTINCT p.contact_id)
             FROM agenda_items i JOIN agenda_participants p ON p.item_id = i.id
             WHERE i.mission_id = ?1 AND i.kind IN {MEETING_KINDS} AND i.status <> 'cancelled'
               AND p.contact_id NOT IN (SELECT contact_id FROM delegation_members
                                        WHERE mission_id = ?1)"
        ))?
        .query_row([mission], |r| r.get(0))?)
}

/// The six-month ratings counted per step: (rating, count), and the answers at six months.
pub fn rating_counts(db: &impl Reads, mission: &str) -> Result<(Vec<(String, u32)>, u32)> {
    let conn = conn_of(db);
    let mut stmt = conn.prepare_cached(
        "SELECT rating, count(*) FROM survey_ratings
         WHERE mission_id = ?1 AND rating IS NOT NULL GROUP BY rating",
    )?;
    let rows = stmt
        .query_map([mission], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let answers: u32 = conn
        .prepare_cached(
            "SELECT count(*) FROM survey_answers WHERE mission_id = ?1 AND kind = 'six-months'",
        )?
        .query_row([mission], |r| r.get(0))?;
    Ok((rows, answers))
}

/// A meeting's six-month ratings, for the outcome and the report: (respondent's name,
/// delegate's name, rating, what came of it), by item.
pub struct MeetingRating {
    pub item_id: String,
    pub item_title: String,
    pub respondent: String,
    pub delegate: String,
    pub rating: Option<String>,
    pub what_came: Option<String>,
    /// Rated "agreement" while no outcome of the meeting records an agreement.
    pub to_confirm: bool,
}

pub fn meeting_ratings(db: &impl Reads, mission: &str) -> Result<Vec<MeetingRating>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT r.item_id, i.title, trim(p.given_name || ' ' || p.family_name),
                trim(d.given_name || ' ' || d.family_name), r.rating, r.what_came,
                r.rating = 'agreement' AND NOT EXISTS (
                  SELECT 1 FROM outcomes o WHERE o.item_id = r.item_id
                                             AND o.agreement_kind IS NOT NULL)
         FROM survey_ratings r JOIN agenda_items i ON i.id = r.item_id
         JOIN contacts p ON p.id = r.contact_id JOIN contacts d ON d.id = r.delegate_id
         WHERE r.mission_id = ?1 ORDER BY i.starts_at, i.id, p.family_name, p.given_name",
    )?;
    let rows = stmt
        .query_map([mission], |r| {
            Ok(MeetingRating {
                item_id: r.get(0)?,
                item_title: r.get(1)?,
                respondent: r.get(2)?,
                delegate: r.get(3)?,
                rating: r.get(4)?,
                what_came: r.get(5)?,
                to_confirm: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
