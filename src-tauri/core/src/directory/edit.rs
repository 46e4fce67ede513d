//! Archive, restore and delete of directory records, and the shared specialty list.

use crate::error::{Error, Result};
use crate::messages::Message;
use crate::store::{self, Writer};
use crate::time::format_utc;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

/// The kinds of directory records that can be archived or deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DirectoryKind {
    Organisation,
    Department,
    Contact,
    Technology,
}

impl DirectoryKind {
    pub fn table(self) -> &'static str {
        match self {
            DirectoryKind::Organisation => "organisations",
            DirectoryKind::Department => "departments",
            DirectoryKind::Contact => "contacts",
            DirectoryKind::Technology => "technologies",
        }
    }

    fn entity(self) -> &'static str {
        match self {
            DirectoryKind::Organisation => "organisation",
            DirectoryKind::Department => "department",
            DirectoryKind::Contact => "contact",
            DirectoryKind::Technology => "technology",
        }
    }
}

fn exists(w: &Writer<'_>, kind: DirectoryKind, id: &str) -> Result<()> {
    if store::references::exists(w, kind.table(), id)? {
        Ok(())
    } else {
        Err(Error::NotFound {
            entity: kind.entity(),
            id: id.to_owned(),
        })
    }
}

/// Archives (hides from lists and search, keeps every link) or restores a record.
pub fn set_archived(
    w: &mut Writer<'_>,
    kind: DirectoryKind,
    id: &str,
    archived: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    if kind == DirectoryKind::Department {
        return Err(Error::invalid(
            "kind",
            Message::new("departmentsAreDeleted"),
        ));
    }
    exists(w, kind, id)?;
    let at = if archived {
        Value::Text(format_utc(now))
    } else {
        Value::Null
    };
    w.save(kind.table(), id, &[("archived_at", at)])?;
    Ok(())
}

/// What deleting a record would take with it, so that the UI can ask for confirmation.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeleteImpact {
    /// Table name and number of rows that would be removed or unlinked (the CLI prints them).
    #[ts(type = "Array<[string, number]>")]
    pub links: Vec<(String, i64)>,
    /// What would be deleted with the record, one message a kind: `impact.*` with `count`.
    pub removed: Vec<Message>,
    /// What would be kept but no longer name it (the link emptied), in the same words.
    pub unlinked: Vec<Message>,
}

/// The message naming rows of `table` that point at a directory record ("{count} specialties").
/// `impact.records` ("{count} other records") covers a table a later migration adds before its
/// words are written; a test fails then.
pub fn impact_code(table: &str) -> &'static str {
    match table {
        "contact_specialties" | "technology_specialties" => "impact.specialties",
        "contact_tags" => "impact.tags",
        "delegation_members" => "impact.delegationPlaces",
        "availabilities" => "impact.availabilities",
        "agenda_participants" => "impact.programmeAttendance",
        // Links only: the items and requests stay, without the record's mention.
        "agenda_technologies" | "agenda_departments" => "impact.programmeItems",
        "outcome_attendees" => "impact.outcomeAttendance",
        "outcome_technologies" => "impact.outcomes",
        "followups" => "impact.followups",
        "meeting_request_participants" => "impact.meetingRequests",
        "meeting_request_technologies" => "impact.requestMentions",
        "travel_legs" => "impact.travelLegs",
        "stays" => "impact.stays",
        "passports" => "impact.passports",
        "meal_needs" => "impact.mealNeeds",
        "survey_answers" => "impact.surveyAnswers",
        "survey_ratings" => "impact.surveyRatings",
        "organisations" => "impact.subOrganisations",
        "departments" => "impact.departments",
        "technologies" => "impact.technologies",
        "mission_organisers" => "impact.organiserRoles",
        "contacts" => "impact.contacts",
        "sites" => "impact.sites",
        "cost_lines" => "impact.costLines",
        "vehicles" => "impact.vehicles",
        _ => "impact.records",
    }
}

/// Rows of other tables that name the record: by table for the CLI, in words for the window
/// (rows of one kind named through two columns, a follow-up's contact and its owner, add up).
pub fn delete_impact(
    conn: &rusqlite::Connection,
    kind: DirectoryKind,
    id: &str,
) -> Result<DeleteImpact> {
    let naming = store::references::naming(conn, kind.table(), id)?;
    let mut links: Vec<(String, i64)> = Vec::new();
    let (mut removed, mut unlinked) = (Vec::new(), Vec::new());
    for n in naming {
        match links.iter_mut().find(|(t, _)| *t == n.table) {
            Some((_, rows)) => *rows += n.rows,
            None => links.push((n.table.clone(), n.rows)),
        }
        let words: &mut Vec<(&'static str, i64)> = if n.removed {
            &mut removed
        } else {
            &mut unlinked
        };
        let code = impact_code(&n.table);
        match words.iter_mut().find(|(c, _)| *c == code) {
            Some((_, rows)) => *rows += n.rows,
            None => words.push((code, n.rows)),
        }
    }
    let said = |words: Vec<(&'static str, i64)>| {
        words
            .into_iter()
            .map(|(code, rows)| Message::new(code).with("count", rows))
            .collect()
    };
    Ok(DeleteImpact {
        links,
        removed: said(removed),
        unlinked: said(unlinked),
    })
}

/// Deletes a record; links to it are removed or emptied as the schema says.
pub fn delete(w: &mut Writer<'_>, kind: DirectoryKind, id: &str) -> Result<()> {
    exists(w, kind, id)?;
    w.delete(kind.table(), id)?;
    Ok(())
}

/// A new entry of the shared specialty list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct NewSpecialty {
    pub label_en: String,
    pub label_fr: Option<String>,
    pub label_zh: Option<String>,
}

/// The three labels checked: English required, French and Chinese default to it.
fn specialty_labels(s: &NewSpecialty) -> Result<(String, String, String)> {
    use crate::domain::validate as v;
    let en = v::required_text("labelEn", &s.label_en, 80)?;
    let fr = v::optional_text("labelFr", s.label_fr.as_deref(), 80)?.unwrap_or_else(|| en.clone());
    let zh = v::optional_text("labelZh", s.label_zh.as_deref(), 80)?.unwrap_or_else(|| en.clone());
    Ok((en, fr, zh))
}

/// Adds a specialty to the shared list; its code is made from the English label.
pub fn add_specialty(w: &mut Writer<'_>, s: &NewSpecialty) -> Result<String> {
    let (en, fr, zh) = specialty_labels(s)?;
    let mut code: String = super::fold(&en)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    code = code.trim_matches('_').to_owned();
    if !code.starts_with(|c: char| c.is_ascii_lowercase()) {
        code = format!("s_{code}");
    }
    if store::specialties::taken(w, &code, &en)? {
        return Err(Error::invalid(
            "labelEn",
            Message::new("specialtyExists").with("label", en),
        ));
    }
    store::specialties::add(
        w,
        &crate::domain::Specialty {
            code: code.clone(),
            label_en: en,
            label_fr: fr,
            label_zh: zh,
        },
    )?;
    Ok(code)
}

/// A specialty of the shared list, or not found.
fn known_specialty(db: &impl store::Reads, code: &str) -> Result<()> {
    if store::specialties::exists(db, code)? {
        Ok(())
    } else {
        Err(Error::NotFound {
            entity: "specialty",
            id: code.to_owned(),
        })
    }
}

/// Renames a specialty of the shared list in its three languages; its code, which contacts,
/// departments and technologies hold, stays. Another specialty's English label is refused.
pub fn edit_specialty(w: &mut Writer<'_>, code: &str, s: &NewSpecialty) -> Result<()> {
    let (en, fr, zh) = specialty_labels(s)?;
    known_specialty(w, code)?;
    if store::specialties::label_taken_by_other(w, code, &en)? {
        return Err(Error::invalid(
            "labelEn",
            Message::new("specialtyExists").with("label", en),
        ));
    }
    store::specialties::relabel(
        w,
        &crate::domain::Specialty {
            code: code.to_owned(),
            label_en: en,
            label_fr: fr,
            label_zh: zh,
        },
    )
}

/// What taking a specialty out of the list would change: the contacts, technologies and
/// departments that hold it, kept, each losing it (or holding the replacement instead).
pub fn specialty_impact(conn: &rusqlite::Connection, code: &str) -> Result<DeleteImpact> {
    known_specialty(conn, code)?;
    let h = store::specialties::holders(conn, code)?;
    let mut links = Vec::new();
    let mut unlinked = Vec::new();
    for (table, words, n) in [
        ("contact_specialties", "impact.contacts", h.contacts.len()),
        (
            "technology_specialties",
            "impact.technologies",
            h.technologies.len(),
        ),
        ("departments", "impact.departments", h.departments.len()),
    ] {
        if n > 0 {
            links.push((table.to_owned(), n as i64));
            unlinked.push(Message::new(words).with("count", n as i64));
        }
    }
    Ok(DeleteImpact {
        links,
        removed: Vec::new(),
        unlinked,
    })
}

/// Takes a specialty out of the shared list. Its holders are kept and lose it or, with `into`
/// (another specialty of the list: a duplicate merged into the entry kept), hold that one.
pub fn delete_specialty(w: &mut Writer<'_>, code: &str, into: Option<&str>) -> Result<()> {
    known_specialty(w, code)?;
    if let Some(into) = into {
        if into == code {
            return Err(Error::invalid("into", Message::new("specialtyIntoItself")));
        }
        if !store::specialties::exists(w, into)? {
            return Err(Error::invalid(
                "into",
                Message::new("specialtyUnknown").with("code", into),
            ));
        }
    }
    store::specialties::remove(w, code, into)
}
