//! What the mission report counts (`aftercare::report`): its meetings and the people met.

use crate::domain::Specialty;
use crate::error::Result;
use rusqlite::Connection;

/// The kinds of agenda items that count as meetings in the report.
const MEETING_KINDS: &str = "('meeting', 'presentation', 'visit', 'reception')";

/// A mission's meetings: how many in all, held by `cutoff` (UTC, RFC 3339), and cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingCounts {
    pub total: u32,
    pub held: u32,
    pub cancelled: u32,
}

pub fn meeting_counts(conn: &Connection, mission_id: &str, cutoff: &str) -> Result<MeetingCounts> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT count(*),
                    count(*) FILTER (WHERE status = 'held' AND starts_at <= ?2),
                    count(*) FILTER (WHERE status = 'cancelled')
             FROM agenda_items WHERE mission_id = ?1 AND kind IN {MEETING_KINDS}"
        ))?
        .query_row(rusqlite::params![mission_id, cutoff], |r| {
            Ok(MeetingCounts {
                total: r.get(0)?,
                held: r.get(1)?,
                cancelled: r.get(2)?,
            })
        })?)
}

/// A person met: the contact, their organisation's id and name (empty when none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMet {
    pub contact_id: String,
    pub organisation_id: String,
    pub organisation: String,
}

/// People met, not the delegation: every attendee ticked as present in an outcome, and the
/// participants of items held by `cutoff` where nobody was ticked (the invitation is all that
/// is known).
pub fn people_met(conn: &Connection, mission_id: &str, cutoff: &str) -> Result<Vec<PersonMet>> {
    let mut stmt = conn.prepare_cached(
        "WITH met(contact_id) AS (
           SELECT p.contact_id FROM agenda_participants p JOIN agenda_items i ON i.id = p.item_id
            WHERE i.mission_id = ?1 AND i.status = 'held' AND i.starts_at <= ?2
              AND NOT EXISTS (SELECT 1 FROM outcome_attendees a JOIN outcomes o ON o.id = a.outcome_id
                               WHERE o.item_id = i.id)
           UNION
           SELECT a.contact_id FROM outcome_attendees a JOIN outcomes o ON o.id = a.outcome_id
             JOIN agenda_items i ON i.id = o.item_id WHERE i.mission_id = ?1)
         SELECT c.id, coalesce(o.id, ''), coalesce(o.name, '')
           FROM met JOIN contacts c ON c.id = met.contact_id
           LEFT JOIN organisations o ON o.id = c.organisation_id
          WHERE c.id NOT IN (SELECT contact_id FROM delegation_members WHERE mission_id = ?1)",
    )?;
    let rows = stmt.query_map(rusqlite::params![mission_id, cutoff], |r| {
        Ok(PersonMet {
            contact_id: r.get(0)?,
            organisation_id: r.get(1)?,
            organisation: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A contact's specialties, with their three labels.
pub fn specialties_of(conn: &Connection, contact_id: &str) -> Result<Vec<Specialty>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.code, s.label_en, s.label_fr, s.label_zh FROM contact_specialties cs
           JOIN specialties s ON s.code = cs.specialty
          WHERE cs.contact_id = ?1",
    )?;
    let rows = stmt.query_map([contact_id], super::specialties::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
