//! A mission's cost lines (table `cost_lines`, issue 18 part 6): saved from the window and the
//! CLI, read for the budget screen, its exports (CSV, .xlsx) and the mission report's cost per
//! meeting and per outcome. Amounts are euro cents; only euros are accepted.

use super::writer::{opt_text, text};
use super::{conn_of, ensure_exists, Reads, Writer};
use crate::domain::{parse_eur, CostInput, CostLine, CostRecord, MissionBudget, Ref};
use crate::error::{Error, Result};
use crate::ids::{CostId, MissionId, OrganisationId};
use crate::messages::Message;
use crate::Store;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;

/// Creates or edits a cost line; returns its id. Nothing is saved when a field is wrong: an
/// amount in another currency or negative, a supplier not in the directory, a blank label.
pub fn put(w: &mut Writer<'_>, input: &CostInput) -> Result<String> {
    super::missions::get(w, &input.mission_id)?;
    let id = match &input.id {
        Some(id) => {
            let id = CostId::parse("id", id)?;
            if mission_of(w, id.as_str())? != input.mission_id {
                return Err(Error::invalid(
                    "id",
                    Message::new("doesNotExist").with("id", id),
                ));
            }
            id
        }
        None => CostId::new_random(),
    };
    let supplier = match input.supplier_id.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => {
            let s = OrganisationId::parse("supplierId", s)?;
            ensure_exists(conn_of(w), "organisations", "supplierId", Some(s.as_str()))?;
            Some(s)
        }
        None => None,
    };
    let amount = |field: &str, text: &Option<String>| match text {
        Some(t) => parse_eur(field, t),
        None => Ok(None),
    };
    let record = CostRecord {
        id: id.clone(),
        mission_id: MissionId::parse("missionId", &input.mission_id)?,
        category: input.category,
        label: input.label.clone(),
        supplier_id: supplier,
        estimate_cents: amount("estimateEur", &input.estimate_eur)?,
        committed_cents: amount("committedEur", &input.committed_eur)?,
        actual_cents: amount("actualEur", &input.actual_eur)?,
        note: input.note.clone(),
        invoice: input.invoice.clone(),
    }
    .validate()?;
    let cents = |c: Option<i64>| c.map_or(Value::Null, Value::Integer);
    w.scope_to_mission(&input.mission_id)?;
    w.save(
        "cost_lines",
        record.id.as_str(),
        &[
            ("mission_id", text(record.mission_id.as_str())),
            ("category", text(record.category.as_str())),
            ("label", text(&record.label)),
            (
                "supplier_id",
                opt_text(record.supplier_id.as_ref().map(|s| s.as_str())),
            ),
            ("currency", text("EUR")),
            ("estimate_cents", cents(record.estimate_cents)),
            ("committed_cents", cents(record.committed_cents)),
            ("actual_cents", cents(record.actual_cents)),
            ("note", opt_text(record.note.as_deref())),
            ("invoice_path", opt_text(record.invoice.as_deref())),
        ],
    )?;
    Ok(id.to_string())
}

/// Saves a cost line as one action (`put`), then removes the invoice file it referred to before
/// if it was replaced or removed and no other record refers to it.
pub fn save(store: &Store, input: &CostInput) -> Result<String> {
    let (id, before) = store.write("action.saveCost", |w| {
        let before = match &input.id {
            Some(id) => invoice_of(w, id)?,
            None => None,
        };
        Ok((put(w, input)?, before))
    })?;
    let now = input.invoice.as_deref().map(str::trim);
    if before.as_deref() != now {
        crate::attachments::release(store, before.as_deref())?;
    }
    Ok(id)
}

/// Deletes a cost line as one action (`delete`), then its invoice file if no other record
/// refers to it.
pub fn remove(store: &Store, id: &str) -> Result<()> {
    let before = store.write("action.deleteCost", |w| {
        let before = invoice_of(w, id)?;
        delete(w, id)?;
        Ok(before)
    })?;
    crate::attachments::release(store, before.as_deref())
}

/// The invoice file a cost line refers to (its path inside the data folder).
pub fn invoice_of(db: &impl Reads, id: &str) -> Result<Option<String>> {
    Ok(conn_of(db)
        .query_row(
            "SELECT invoice_path FROM cost_lines WHERE id = ?1",
            [id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// Deletes a cost line.
pub fn delete(w: &mut Writer<'_>, id: &str) -> Result<()> {
    let mission = mission_of(w, id)?;
    w.scope_to_mission(&mission)?;
    w.delete("cost_lines", id)?;
    Ok(())
}

/// A stored cost line as an input (amounts as euros with a point), for an edit that changes
/// some of its fields.
pub fn input_of(db: &impl Reads, id: &str) -> Result<CostInput> {
    let eur = |c: Option<i64>| c.map(crate::domain::eur_text);
    conn_of(db)
        .query_row(
            "SELECT mission_id, category, label, supplier_id, estimate_cents, committed_cents,
                    actual_cents, note, invoice_path
             FROM cost_lines WHERE id = ?1",
            [id],
            |r| {
                Ok(CostInput {
                    id: Some(id.to_owned()),
                    mission_id: r.get(0)?,
                    category: r.get(1)?,
                    label: r.get(2)?,
                    supplier_id: r.get(3)?,
                    estimate_eur: eur(r.get(4)?),
                    committed_eur: eur(r.get(5)?),
                    actual_eur: eur(r.get(6)?),
                    note: r.get(7)?,
                    invoice: r.get(8)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "cost line",
            id: id.to_owned(),
        })
}

fn mission_of(db: &impl Reads, id: &str) -> Result<String> {
    super::mission_of_row(db, "cost_lines", id, "cost line")
}

/// A mission's cost lines, by category (the vocabulary's order), label and id.
pub fn of_mission(db: &impl Reads, mission_id: &str) -> Result<Vec<CostLine>> {
    let mut stmt = conn_of(db).prepare_cached(
        "SELECT c.id, c.category, c.label, o.id, o.name, c.estimate_cents, c.committed_cents,
                c.actual_cents, c.note, c.invoice_path
         FROM cost_lines c LEFT JOIN organisations o ON o.id = c.supplier_id
         WHERE c.mission_id = ?1
         ORDER BY c.label COLLATE NOCASE, c.id",
    )?;
    let rows = stmt.query_map([mission_id], |r| {
        let supplier: Option<String> = r.get(3)?;
        let supplier_name: Option<String> = r.get(4)?;
        Ok(CostLine {
            id: r.get(0)?,
            mission_id: mission_id.to_owned(),
            category: r.get(1)?,
            label: r.get(2)?,
            supplier: supplier.map(|id| Ref {
                id,
                name: supplier_name.unwrap_or_default(),
            }),
            estimate_cents: r.get(5)?,
            committed_cents: r.get(6)?,
            actual_cents: r.get(7)?,
            note: r.get(8)?,
            invoice: r.get(9)?,
        })
    })?;
    let mut lines: Vec<CostLine> = rows.collect::<rusqlite::Result<_>>()?;
    let rank = |c: crate::domain::CostCategory| {
        crate::domain::CostCategory::ALL
            .iter()
            .position(|x| *x == c)
            .unwrap_or(usize::MAX)
    };
    // Stable: the label order within each category stays.
    lines.sort_by_key(|l| rank(l.category));
    Ok(lines)
}

/// A mission's budget: its lines and totals by category.
pub fn budget(db: &impl Reads, mission_id: &str) -> Result<MissionBudget> {
    super::missions::get(db, mission_id)?;
    Ok(MissionBudget::of(mission_id, of_mission(db, mission_id)?))
}
