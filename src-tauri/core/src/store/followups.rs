//! Follow-ups: the tasks that keep a mission's leads alive for months.

use super::writer::{opt_text, text};
use super::{ensure_exists, opt_ref, Saved, Writer};
use crate::domain::{Followup, FollowupRecord, NAME_MAX, NOTE_MAX};
use crate::error::Result;
use rusqlite::Connection;

pub fn save(w: &mut Writer<'_>, f: &FollowupRecord) -> Result<Saved> {
    let id_of = |id: Option<&str>| id.map(str::to_owned);
    let mission = id_of(f.mission_id.as_ref().map(|m| m.as_str()));
    let organisation = id_of(f.organisation_id.as_ref().map(|o| o.as_str()));
    let contact = id_of(f.contact_id.as_ref().map(|c| c.as_str()));
    let technology = id_of(f.technology_id.as_ref().map(|t| t.as_str()));
    ensure_exists(w.conn(), "missions", "mission", mission.as_deref())?;
    ensure_exists(
        w.conn(),
        "organisations",
        "organisation",
        organisation.as_deref(),
    )?;
    ensure_exists(w.conn(), "contacts", "contact", contact.as_deref())?;
    ensure_exists(
        w.conn(),
        "technologies",
        "technology",
        technology.as_deref(),
    )?;
    w.save(
        "followups",
        f.id.as_str(),
        &[
            ("title", text(&f.title)),
            ("owner", opt_text(f.owner.as_deref())),
            ("due_on", opt_text(f.due_on.map(|d| d.to_string()))),
            ("status", text(f.status.as_str())),
            ("mission_id", opt_text(mission)),
            ("organisation_id", opt_text(organisation)),
            ("contact_id", opt_text(contact)),
            ("technology_id", opt_text(technology)),
            ("notes", opt_text(f.notes.as_deref())),
        ],
    )
}

pub fn of_mission(conn: &Connection, mission_id: &str) -> Result<Vec<Followup>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.id, f.title, f.owner, f.due_on, f.status, f.mission_id, m.title,
                f.organisation_id, o.name, f.contact_id,
                c.given_name || CASE WHEN c.given_name <> '' AND c.family_name <> '' THEN ' ' ELSE '' END
                  || c.family_name,
                f.technology_id, t.name, f.notes
         FROM followups f
         LEFT JOIN missions m ON m.id = f.mission_id
         LEFT JOIN organisations o ON o.id = f.organisation_id
         LEFT JOIN contacts c ON c.id = f.contact_id
         LEFT JOIN technologies t ON t.id = f.technology_id
         WHERE f.mission_id = ?1
         ORDER BY f.due_on IS NULL, f.due_on, f.title",
    )?;
    let rows = stmt.query_map([mission_id], |r| {
        Ok(Followup {
            id: r.get(0)?,
            title: r.get(1)?,
            owner: r.get(2)?,
            due_on: r.get(3)?,
            status: r.get(4)?,
            mission: opt_ref(r.get(5)?, r.get(6)?),
            organisation: opt_ref(r.get(7)?, r.get(8)?),
            contact: opt_ref(r.get(9)?, r.get(10)?),
            technology: opt_ref(r.get(11)?, r.get(12)?),
            notes: r.get(13)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ------------------------------------------------------------------------------------------
// Follow-ups from the UI and the CLI (issue 7).

use super::Link;
use crate::domain::validate as v;
use crate::domain::{
    FollowupInput, FollowupItem, FollowupStatus, ItemStatus, Outcome, OutcomeDraft, OutcomeInput,
    OutcomeResults, OutcomeResultsInput, Ref,
};
use crate::error::Error;
use crate::ids::{
    ContactId, FollowupId, ItemId, MissionId, OrganisationId, OutcomeId, TechnologyId,
};
use crate::messages::Message;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;

pub(crate) const OUTCOME_ATTENDEES: Link = Link {
    table: "outcome_attendees",
    owner_column: "outcome_id",
    value_columns: &["contact_id"],
    entity: "outcomes",
    field: "attendees",
};

pub(crate) const OUTCOME_TECHNOLOGIES: Link = Link {
    table: "outcome_technologies",
    owner_column: "outcome_id",
    value_columns: &["technology_id"],
    entity: "outcomes",
    field: "technologies",
};

/// Says that a referenced contact is unknown in words a planner understands: a contact who was
/// erased no longer exists.
fn ensure_contact(conn: &Connection, field: &str, id: Option<&str>) -> Result<()> {
    let Some(id) = id else { return Ok(()) };
    ContactId::parse(field, id)?;
    ensure_exists(conn, "contacts", field, Some(id))
        .map_err(|_| Error::invalid(field, Message::new("contactGone").with("id", id)))
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Creates or updates a follow-up from input; returns its id. Nothing is written on error.
pub fn put(w: &mut Writer<'_>, input: &FollowupInput) -> Result<String> {
    let existing = match non_empty(input.id.as_deref()) {
        Some(id) => Some(get(w.conn(), id, None)?),
        None => None,
    };
    let id = match non_empty(input.id.as_deref()) {
        Some(id) => FollowupId::parse("id", id)?,
        None => FollowupId::new_random(),
    };
    let owner_contact = non_empty(input.owner_contact_id.as_deref());
    ensure_contact(w.conn(), "ownerContactId", owner_contact)?;
    let parse =
        |field: &str, s: Option<&str>| non_empty(s).map(|s| (field.to_owned(), s.to_owned()));
    let mission = parse("missionId", input.mission_id.as_deref())
        .map(|(f, s)| MissionId::parse(&f, &s))
        .transpose()?;
    let organisation = parse("organisationId", input.organisation_id.as_deref())
        .map(|(f, s)| OrganisationId::parse(&f, &s))
        .transpose()?;
    let contact = parse("contactId", input.contact_id.as_deref())
        .map(|(f, s)| ContactId::parse(&f, &s))
        .transpose()?;
    ensure_contact(w.conn(), "contactId", contact.as_ref().map(|c| c.as_str()))?;
    let technology = parse("technologyId", input.technology_id.as_deref())
        .map(|(f, s)| TechnologyId::parse(&f, &s))
        .transpose()?;
    let outcome = parse("outcomeId", input.outcome_id.as_deref())
        .map(|(f, s)| OutcomeId::parse(&f, &s))
        .transpose()?;
    ensure_exists(
        w.conn(),
        "outcomes",
        "outcomeId",
        outcome.as_ref().map(|o| o.as_str()),
    )?;
    let record = FollowupRecord {
        id: id.clone(),
        title: input.title.clone(),
        // A directory contact's name is read from the contact, never copied here.
        owner: if owner_contact.is_some() {
            None
        } else {
            input.owner.clone()
        },
        due_on: v::optional_date("dueOn", input.due_on.as_deref())?,
        status: input
            .status
            .or(existing.as_ref().map(|e| e.followup.status))
            .unwrap_or(FollowupStatus::Open),
        mission_id: mission,
        organisation_id: organisation,
        contact_id: contact,
        technology_id: technology,
        notes: input.notes.clone(),
    }
    .validate()?;
    save(w, &record)?;
    // The reminder fires again when the due date moves: its mark (`local::followup_notices`)
    // names the due date it was shown for.
    w.save(
        "followups",
        id.as_str(),
        &[
            ("owner_contact_id", opt_text(owner_contact)),
            ("outcome_id", opt_text(outcome.as_ref().map(|o| o.as_str()))),
        ],
    )?;
    Ok(id.to_string())
}

/// Sets a follow-up's status (done, dropped, back to open…).
pub fn set_status(w: &mut Writer<'_>, id: &str, status: FollowupStatus) -> Result<FollowupItem> {
    get(w.conn(), id, None)?;
    w.save("followups", id, &[("status", text(status.as_str()))])?;
    get(w.conn(), id, None)
}

/// Deletes a follow-up.
pub fn delete(w: &mut Writer<'_>, id: &str) -> Result<()> {
    if !w.delete("followups", id)? {
        return Err(Error::NotFound {
            entity: "follow-up",
            id: id.to_owned(),
        });
    }
    Ok(())
}

/// Which follow-ups to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub mission_id: Option<String>,
    /// Only the overdue ones (open or waiting, due before `as_of`).
    pub overdue: bool,
    pub status: Option<FollowupStatus>,
}

const SELECT: &str = "SELECT f.id, f.title, coalesce(f.owner,
                c2.given_name || CASE WHEN c2.given_name <> '' AND c2.family_name <> '' THEN ' ' ELSE '' END
                  || c2.family_name),
                f.due_on, f.status, f.mission_id, m.title,
                f.organisation_id, o.name, f.contact_id,
                c.given_name || CASE WHEN c.given_name <> '' AND c.family_name <> '' THEN ' ' ELSE '' END
                  || c.family_name,
                f.technology_id, t.name, f.notes, f.owner_contact_id, f.outcome_id,
                (SELECT n.notified_at FROM followup_notices n
                  WHERE n.followup_id = f.id AND n.due_on IS f.due_on),
                (SELECT json_group_array(json_array(x.id, x.name)) FROM (
                   SELECT c3.id AS id, c3.given_name || CASE WHEN c3.given_name <> '' AND c3.family_name <> '' THEN ' ' ELSE '' END
                            || c3.family_name AS name
                     FROM outcome_attendees a JOIN contacts c3 ON c3.id = a.contact_id
                    WHERE a.outcome_id = f.outcome_id ORDER BY c3.family_name, c3.given_name) x)
         FROM followups f
         LEFT JOIN missions m ON m.id = f.mission_id
         LEFT JOIN organisations o ON o.id = f.organisation_id
         LEFT JOIN contacts c ON c.id = f.contact_id
         LEFT JOIN contacts c2 ON c2.id = f.owner_contact_id
         LEFT JOIN technologies t ON t.id = f.technology_id";

fn item_from_row(
    r: &rusqlite::Row<'_>,
    as_of: Option<NaiveDate>,
) -> rusqlite::Result<FollowupItem> {
    let owner: Option<String> = r.get(2)?;
    let due_on: Option<String> = r.get(3)?;
    let status: FollowupStatus = r.get(4)?;
    let owner_contact_id: Option<String> = r.get(14)?;
    let overdue = is_overdue(status, due_on.as_deref(), as_of);
    let contact = opt_ref(r.get(9)?, r.get(10)?);
    let attendees: Option<String> = r.get(17)?;
    let mut people: Vec<Ref> = attendees
        .and_then(|json| serde_json::from_str::<Vec<(String, String)>>(&json).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|(id, name)| Ref { id, name })
        .collect();
    if people.is_empty() {
        people.extend(contact.clone());
    }
    Ok(FollowupItem {
        owner_contact: opt_ref(owner_contact_id, owner.clone()),
        followup: Followup {
            id: r.get(0)?,
            title: r.get(1)?,
            owner,
            due_on,
            status,
            mission: opt_ref(r.get(5)?, r.get(6)?),
            organisation: opt_ref(r.get(7)?, r.get(8)?),
            contact,
            technology: opt_ref(r.get(11)?, r.get(12)?),
            notes: r.get(13)?,
        },
        outcome_id: r.get(15)?,
        people,
        overdue,
        notified_at: r.get(16)?,
    })
}

fn is_overdue(status: FollowupStatus, due_on: Option<&str>, as_of: Option<NaiveDate>) -> bool {
    let (Some(due), Some(as_of)) = (due_on, as_of) else {
        return false;
    };
    matches!(status, FollowupStatus::Open | FollowupStatus::Waiting)
        && NaiveDate::parse_from_str(due, "%Y-%m-%d").is_ok_and(|d| d < as_of)
}

/// One follow-up; `as_of` decides whether it is overdue.
pub fn get(db: &impl super::Reads, id: &str, as_of: Option<NaiveDate>) -> Result<FollowupItem> {
    super::conn_of(db)
        .prepare_cached(&format!("{SELECT} WHERE f.id = ?1"))?
        .query_row([id], |r| item_from_row(r, as_of))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "follow-up",
            id: id.to_owned(),
        })
}

/// Follow-ups by due date, overdue first, then the rest by date, undated last.
pub fn list(conn: &Connection, filter: &Filter, as_of: NaiveDate) -> Result<Vec<FollowupItem>> {
    if let Some(m) = &filter.mission_id {
        MissionId::parse("mission", m)?;
        ensure_exists(conn, "missions", "mission", Some(m))?;
    }
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR f.mission_id = ?1) AND (?2 IS NULL OR f.status = ?2)"
    ))?;
    let rows = stmt.query_map(
        rusqlite::params![filter.mission_id, filter.status.map(|s| s.as_str())],
        |r| item_from_row(r, Some(as_of)),
    )?;
    let mut items: Vec<FollowupItem> = rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|f| !filter.overdue || f.overdue)
        .collect();
    items.sort_by(|a, b| {
        let key = |f: &FollowupItem| {
            (
                !f.overdue,
                f.followup.due_on.is_none(),
                f.followup.due_on.clone(),
                f.followup.title.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    Ok(items)
}

/// The reminder check: follow-ups open or waiting, due on or before `today` and not yet
/// notified. Marks them notified in the same transaction and returns them, so each reminder
/// fires once (again only if its due date changes).
pub fn take_due(w: &mut Writer<'_>, today: NaiveDate, now: &str) -> Result<Vec<FollowupItem>> {
    let ids: Vec<String> = w
        .conn()
        .prepare_cached(
            "SELECT id FROM followups WHERE status IN ('open', 'waiting') AND due_on IS NOT NULL
               AND due_on <= ?1 AND NOT EXISTS (SELECT 1 FROM followup_notices n
                 WHERE n.followup_id = followups.id AND n.due_on IS followups.due_on)
             ORDER BY due_on, title",
        )?
        .query_map([today.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut due = Vec::with_capacity(ids.len());
    for id in ids {
        let item = get(w.conn(), &id, Some(today))?;
        super::local::note_reminder(w, &id, item.followup.due_on.as_deref(), now)?;
        due.push(get(w.conn(), &id, Some(today))?);
    }
    Ok(due)
}

// ------------------------------------------------------------------------------------------
// Outcomes of meetings.

/// Records (or updates) what came out of a meeting; with `input.followup`, also creates the
/// follow-up. An outcome is of a meeting that took place: logging one on a meeting not yet
/// marked held marks it held in the same transaction, and one on a cancelled meeting is
/// refused. A new outcome clears the item's draft. Returns the outcome's id.
pub fn save_outcome(w: &mut Writer<'_>, input: &OutcomeInput) -> Result<String> {
    ItemId::parse("itemId", &input.item_id)?;
    let item: Option<(String, String, String)> = w
        .conn()
        .query_row(
            "SELECT mission_id, title, status FROM agenda_items WHERE id = ?1",
            [&input.item_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((mission_id, item_title, status)) = item else {
        return Err(Error::invalid(
            "itemId",
            Message::new("doesNotExist").with("id", &input.item_id),
        ));
    };
    if status == ItemStatus::Cancelled.as_str() {
        return Err(Error::invalid(
            "itemId",
            Message::new("outcomeOnCancelled").with("title", &item_title),
        ));
    }
    let existing = non_empty(input.id.as_deref());
    let id = match existing {
        Some(id) => {
            let id = OutcomeId::parse("id", id)?;
            ensure_exists(w.conn(), "outcomes", "id", Some(id.as_str()))?;
            id
        }
        None => OutcomeId::new_random(),
    };
    if status != ItemStatus::Held.as_str() {
        w.save(
            "agenda_items",
            &input.item_id,
            &[("status", text(ItemStatus::Held.as_str()))],
        )?;
    }
    let notes = v::optional_text("notes", input.notes.as_deref(), NOTE_MAX)?;
    let next_steps = v::optional_text("nextSteps", input.next_steps.as_deref(), NOTE_MAX)?;
    let mut attendees = Vec::new();
    for a in &input.attendees {
        ensure_contact(w.conn(), "attendees", Some(a))?;
        attendees.push(vec![text(a.as_str())]);
    }
    let mut technologies = Vec::new();
    for t in &input.technologies {
        TechnologyId::parse("technologies", t)?;
        ensure_exists(w.conn(), "technologies", "technologies", Some(t))?;
        technologies.push(vec![text(t.as_str())]);
    }
    w.save(
        "outcomes",
        id.as_str(),
        &[
            ("item_id", text(input.item_id.as_str())),
            ("outcome_type", text(input.outcome_type.as_str())),
            ("notes", opt_text(notes)),
            ("next_steps", opt_text(next_steps.clone())),
        ],
    )?;
    w.set_links(&OUTCOME_ATTENDEES, id.as_str(), &attendees)?;
    w.set_links(&OUTCOME_TECHNOLOGIES, id.as_str(), &technologies)?;
    if let Some(results) = &input.results {
        set_results(w, id.as_str(), results)?;
    }
    if let Some(f) = &input.followup {
        let title = non_empty(f.title.as_deref())
            .or(non_empty(next_steps.as_deref()))
            .map(|t| t.chars().take(NAME_MAX).collect::<String>())
            .ok_or_else(|| Error::invalid("nextSteps", Message::new("followupNeedsSteps")))?;
        let contact = input.attendees.first().cloned();
        let organisation: Option<String> = match &contact {
            Some(c) => w
                .conn()
                .query_row(
                    "SELECT organisation_id FROM contacts WHERE id = ?1",
                    [c],
                    |r| r.get(0),
                )
                .optional()?
                .flatten(),
            None => None,
        };
        put(
            w,
            &FollowupInput {
                title,
                owner: f.owner.clone(),
                owner_contact_id: f.owner_contact_id.clone(),
                due_on: f.due_on.clone(),
                mission_id: Some(mission_id.clone()),
                outcome_id: Some(id.to_string()),
                organisation_id: organisation,
                contact_id: contact,
                technology_id: input.technologies.first().cloned(),
                notes: Some(format!("From: {item_title}")),
                ..FollowupInput::default()
            },
        )?;
    }
    // The draft is of the next outcome: editing a recorded one leaves it.
    if existing.is_none() {
        super::local::discard_draft(w, &input.item_id)?;
    }
    Ok(id.to_string())
}

/// Replaces an outcome's results (issue 17 part 5): each field checked on its own
/// (`OutcomeResultsInput::validate`, the confirmation not before the meeting's day in its
/// place's zone); `results_on`, the day results were first recorded, is kept while any result
/// stays and set to today (UTC) when the first one is given. Only changed fields are logged, so
/// two copies editing different fields both keep theirs on merge.
pub fn set_results(
    w: &mut Writer<'_>,
    outcome_id: &str,
    input: &OutcomeResultsInput,
) -> Result<()> {
    OutcomeId::parse("id", outcome_id)?;
    let found: Option<(String, String, Option<String>)> = w
        .conn()
        .query_row(
            "SELECT i.starts_at, i.tz, o.results_on FROM outcomes o
               JOIN agenda_items i ON i.id = o.item_id WHERE o.id = ?1",
            [outcome_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((starts_at, tz, results_on)) = found else {
        return Err(Error::NotFound {
            entity: "outcome",
            id: outcome_id.to_owned(),
        });
    };
    let tz = crate::time::parse_zone("tz", &tz)?;
    let meeting_day = crate::time::parse_stored(&starts_at)?
        .with_timezone(&tz)
        .date_naive();
    let r = input.validate(meeting_day)?;
    let results_on = if r.is_empty() {
        None
    } else {
        results_on.or_else(|| Some(w.now_text().chars().take(10).collect()))
    };
    let cents = |c: Option<i64>| c.map_or(Value::Null, Value::Integer);
    w.save(
        "outcomes",
        outcome_id,
        &[
            ("agreement_kind", opt_text(r.agreement.map(|k| k.as_str()))),
            ("value_cents", cents(r.value_cents)),
            ("investment_cents", cents(r.investment_cents)),
            ("jobs", cents(r.jobs.map(i64::from))),
            ("confirmed_on", opt_text(r.confirmed_on.as_deref())),
            ("evidence_path", opt_text(r.evidence.as_deref())),
            ("results_on", opt_text(results_on)),
        ],
    )?;
    Ok(())
}

/// Deletes an outcome (its follow-ups stay, unlinked).
pub fn delete_outcome(w: &mut Writer<'_>, id: &str) -> Result<()> {
    w.set_links(&OUTCOME_ATTENDEES, id, &[])?;
    w.set_links(&OUTCOME_TECHNOLOGIES, id, &[])?;
    if !w.delete("outcomes", id)? {
        return Err(Error::NotFound {
            entity: "outcome",
            id: id.to_owned(),
        });
    }
    Ok(())
}

/// The outcomes of a mission (or of one item), oldest first.
pub fn outcomes(
    conn: &Connection,
    mission_id: &str,
    item_id: Option<&str>,
) -> Result<Vec<Outcome>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.item_id, i.title, o.outcome_type, o.notes, o.next_steps, o.created_at,
                o.updated_at, o.agreement_kind, o.value_cents, o.investment_cents, o.jobs,
                o.confirmed_on, o.evidence_path, o.results_on
         FROM outcomes o JOIN agenda_items i ON i.id = o.item_id
         WHERE i.mission_id = ?1 AND (?2 IS NULL OR o.item_id = ?2)
         ORDER BY i.starts_at, o.created_at, o.id",
    )?;
    let mut list: Vec<Outcome> = stmt
        .query_map(rusqlite::params![mission_id, item_id], |r| {
            Ok(Outcome {
                id: r.get(0)?,
                item_id: r.get(1)?,
                item_title: r.get(2)?,
                outcome_type: r.get(3)?,
                notes: r.get(4)?,
                next_steps: r.get(5)?,
                attendees: Vec::new(),
                technologies: Vec::new(),
                followups: Vec::new(),
                results: OutcomeResults {
                    agreement: r.get(8)?,
                    value_cents: r.get(9)?,
                    investment_cents: r.get(10)?,
                    jobs: r.get(11)?,
                    confirmed_on: r.get(12)?,
                    evidence: r.get(13)?,
                    results_on: r.get(14)?,
                },
                created_at: r.get(6)?,
                updated_at: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut people = conn.prepare_cached(
        "SELECT c.id, c.given_name || CASE WHEN c.given_name <> '' AND c.family_name <> '' THEN ' ' ELSE '' END
                  || c.family_name
         FROM outcome_attendees a JOIN contacts c ON c.id = a.contact_id
         WHERE a.outcome_id = ?1 ORDER BY c.family_name, c.given_name",
    )?;
    let mut techs = conn.prepare_cached(
        "SELECT t.id, t.name FROM outcome_technologies x JOIN technologies t ON t.id = x.technology_id
         WHERE x.outcome_id = ?1 ORDER BY t.name",
    )?;
    let mut fups =
        conn.prepare_cached("SELECT id FROM followups WHERE outcome_id = ?1 ORDER BY due_on, id")?;
    for o in &mut list {
        let refs = |stmt: &mut rusqlite::CachedStatement<'_>| -> rusqlite::Result<Vec<Ref>> {
            stmt.query_map([&o.id], |r| {
                Ok(Ref {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })?
            .collect()
        };
        o.attendees = refs(&mut people)?;
        o.technologies = refs(&mut techs)?;
        o.followups = fups
            .query_map([&o.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(list)
}

/// One outcome, wherever it is.
pub fn outcome(conn: &Connection, id: &str) -> Result<Outcome> {
    let found: Option<(String, String)> = conn
        .query_row(
            "SELECT i.mission_id, o.item_id FROM outcomes o JOIN agenda_items i ON i.id = o.item_id
              WHERE o.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let not_found = || Error::NotFound {
        entity: "outcome",
        id: id.to_owned(),
    };
    let (mission, item) = found.ok_or_else(not_found)?;
    outcomes(conn, &mission, Some(&item))?
        .into_iter()
        .find(|o| o.id == id)
        .ok_or_else(not_found)
}

/// Saves the outcome form as typed so far (save-as-you-type). Scratch text: one transaction,
/// not change-logged. The item must exist.
pub fn save_draft(w: &mut Writer<'_>, draft: &OutcomeDraft, now: &str) -> Result<OutcomeDraft> {
    ItemId::parse("itemId", &draft.item_id)?;
    ensure_exists(w.conn(), "agenda_items", "itemId", Some(&draft.item_id))?;
    if draft.notes.chars().count() > NOTE_MAX || draft.next_steps.chars().count() > NOTE_MAX {
        return Err(Error::invalid(
            "notes",
            Message::new("tooLong").with("max", NOTE_MAX),
        ));
    }
    let mut saved = draft.clone();
    saved.saved_at = Some(now.to_owned());
    let body = serde_json::to_string(&saved)
        .map_err(|e| Error::Internal(format!("cannot write the draft: {e}")))?;
    super::local::put_draft(w, &draft.item_id, &body, now)?;
    Ok(saved)
}

/// Discards an item's draft.
pub fn discard_draft(w: &mut Writer<'_>, item_id: &str) -> Result<()> {
    super::local::discard_draft(w, item_id)
}

/// The drafts of a mission's items.
pub fn drafts(conn: &Connection, mission_id: &str) -> Result<Vec<OutcomeDraft>> {
    let bodies = super::local::draft_bodies(conn, mission_id)?;
    // A draft that no longer parses (written by another version) is skipped, never a panic.
    Ok(bodies
        .iter()
        .filter_map(|b| serde_json::from_str(b).ok())
        .collect())
}
