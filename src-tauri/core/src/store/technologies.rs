//! Technologies: what each side brings, with regulatory status and maturity.

use super::writer::{flag, opt_text, text};
use super::{ensure_exists, json_list, opt_ref, specialties, Link, Saved, Writer};
use crate::domain::{
    Presentation, Ref, Regulatory, Technology, TechnologyDetail, TechnologySummary,
};
use crate::error::{Error, Result};
use crate::time::{format_in, parse_stored, parse_zone};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

pub(crate) const SPECIALTIES: Link = Link {
    table: "technology_specialties",
    owner_column: "technology_id",
    value_columns: &["specialty"],
    entity: "technologies",
    field: "specialties",
};

pub fn save(w: &mut Writer<'_>, t: &Technology) -> Result<Saved> {
    ensure_exists(w.conn(), "organisations", "ownerId", t.owner_id.as_deref())?;
    specialties::check(w.conn(), "specialties", &t.specialties)?;
    let saved = w.save(
        "technologies",
        &t.id,
        &[
            ("name", text(&t.name)),
            ("name_fr", opt_text(t.names.fr.as_deref())),
            ("name_en", opt_text(t.names.en.as_deref())),
            ("name_zh_tw", opt_text(t.names.zh_tw.as_deref())),
            ("owner_organisation_id", opt_text(t.owner_id.as_deref())),
            ("description", opt_text(t.description.as_deref())),
            ("taiwan_fda", opt_text(t.regulatory.taiwan_fda.as_deref())),
            (
                "ce_mdr_class",
                opt_text(t.regulatory.ce_mdr_class.map(|c| c.as_str())),
            ),
            (
                "eu_ai_act_risk",
                opt_text(t.regulatory.eu_ai_act_risk.map(|r| r.as_str())),
            ),
            ("regulatory_notes", opt_text(t.regulatory.notes.as_deref())),
            ("maturity", opt_text(t.maturity.map(|m| m.as_str()))),
            ("placeholder", flag(t.placeholder)),
        ],
    )?;
    let rows: Vec<Vec<Value>> = t
        .specialties
        .iter()
        .map(|s| vec![Value::Text(s.clone())])
        .collect();
    let links_changed = w.set_links(&SPECIALTIES, &t.id, &rows)?;
    Ok(if saved == Saved::Unchanged && links_changed {
        Saved::Updated
    } else {
        saved
    })
}

const SUMMARY: &str =
    "SELECT t.id, t.name, t.owner_organisation_id, o.name, t.maturity, t.placeholder,
       (SELECT json_group_array(specialty) FROM technology_specialties WHERE technology_id = t.id)
     FROM technologies t LEFT JOIN organisations o ON o.id = t.owner_organisation_id
     WHERE t.archived_at IS NULL";

fn summary(r: &Row<'_>) -> rusqlite::Result<TechnologySummary> {
    Ok(TechnologySummary {
        id: r.get(0)?,
        name: r.get(1)?,
        owner: opt_ref(r.get(2)?, r.get(3)?),
        maturity: r.get(4)?,
        placeholder: r.get(5)?,
        specialties: json_list(&r.get::<_, String>(6)?),
    })
}

pub fn list(conn: &Connection) -> Result<Vec<TechnologySummary>> {
    let mut stmt = conn.prepare_cached(&format!("{SUMMARY} ORDER BY t.name COLLATE NOCASE"))?;
    let rows = stmt.query_map([], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn of_owner(conn: &Connection, organisation_id: &str) -> Result<Vec<TechnologySummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SUMMARY} AND t.owner_organisation_id = ?1 ORDER BY t.name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([organisation_id], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(db: &impl super::Reads, id: &str) -> Result<Technology> {
    let conn = super::conn_of(db);
    conn.query_row(
        "SELECT id, name, owner_organisation_id, description, taiwan_fda, ce_mdr_class,
                eu_ai_act_risk, regulatory_notes, maturity, placeholder,
                (SELECT json_group_array(specialty) FROM technology_specialties WHERE technology_id = t.id),
                name_fr, name_en, name_zh_tw
         FROM technologies t WHERE id = ?1",
        [id],
        |r| {
            Ok(Technology {
                id: r.get(0)?,
                name: r.get(1)?,
                owner_id: r.get(2)?,
                description: r.get(3)?,
                regulatory: Regulatory {
                    taiwan_fda: r.get(4)?,
                    ce_mdr_class: r.get(5)?,
                    eu_ai_act_risk: r.get(6)?,
                    notes: r.get(7)?,
                },
                maturity: r.get(8)?,
                placeholder: r.get(9)?,
                specialties: json_list(&r.get::<_, String>(10)?),
                names: super::wording_at(r, 11)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound { entity: "technology", id: id.to_owned() })
}

pub fn detail(conn: &Connection, id: &str) -> Result<TechnologyDetail> {
    let technology = get(conn, id)?;
    let owner = match &technology.owner_id {
        Some(o) => Some(Ref {
            id: o.clone(),
            name: super::organisations::get(conn, o)?.name,
        }),
        None => None,
    };
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, m.id, m.title, i.title, i.starts_at, i.tz FROM agenda_technologies a
         JOIN agenda_items i ON i.id = a.item_id JOIN missions m ON m.id = i.mission_id
         WHERE a.technology_id = ?1 ORDER BY i.starts_at",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Ref {
                id: r.get(1)?,
                name: r.get(2)?,
            },
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut presentations = Vec::new();
    for row in rows {
        let (item_id, mission, title, starts_at, tz) = row?;
        let start = format_in(parse_stored(&starts_at)?, parse_zone("tz", &tz)?);
        presentations.push(Presentation {
            item_id,
            mission,
            title,
            start,
        });
    }
    Ok(TechnologyDetail {
        technology,
        owner,
        presentations,
    })
}

/// The names for each language's documents of the technologies a mission's items show, by id.
pub fn names_of_mission(
    conn: &Connection,
    mission_id: &str,
) -> Result<std::collections::HashMap<String, crate::domain::Wording>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT t.id, t.name_fr, t.name_en, t.name_zh_tw FROM agenda_technologies a
         JOIN agenda_items i ON i.id = a.item_id JOIN technologies t ON t.id = a.technology_id
         WHERE i.mission_id = ?1",
    )?;
    let rows = stmt.query_map([mission_id], |r| Ok((r.get(0)?, super::wording_at(r, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
