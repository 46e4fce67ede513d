//! A mission's life: created from a blank page or from a previous mission, edited, archived,
//! deleted.

use super::*;

/// Creates (no `id`) or edits a mission's header and organisers; returns its id. A creation
/// from `fromMissionId` copies that mission's set-up (see `mission_copy`). Editing is one undoable
/// step of the mission; creating is not (undo never deletes a mission).
pub fn put(w: &mut Writer<'_>, input: &MissionInput) -> Result<String> {
    let existing = input.id.as_deref().filter(|i| !i.trim().is_empty());
    // The words for each language's documents an edit does not name are kept.
    let (mut stored_titles, mut stored_objectives) = (Wording::default(), Wording::default());
    let id = match existing {
        Some(id) => {
            let stored = get(w.conn(), id)?;
            (stored_titles, stored_objectives) = (stored.titles, stored.objectives_in);
            crate::ids::MissionId::parse("id", id)?
        }
        None => crate::ids::MissionId::new_random(),
    };
    let from = input.from_mission_id.as_deref().filter(|i| !i.is_empty());
    if existing.is_some() && from.is_some() {
        return Err(Error::invalid(
            "fromMissionId",
            Message::new("copyOnlyWhenCreated"),
        ));
    }
    let country = |given: &str, tz: &str| {
        let given = given.trim();
        if given.is_empty() {
            zones::country_of(tz.trim()).unwrap_or_default().to_owned()
        } else {
            given.to_owned()
        }
    };
    let mission = Mission {
        id: id.to_string(),
        title: input.title.clone(),
        titles: input.titles.clone().unwrap_or(stored_titles),
        origin_country: country(&input.origin_country, &input.home_tz),
        host_country: country(&input.host_country, &input.host_tz),
        start_date: input.start_date.clone(),
        end_date: input.end_date.clone(),
        home_tz: input.home_tz.clone(),
        host_tz: input.host_tz.clone(),
        objectives: input.objectives.clone(),
        objectives_in: input.objectives_in.clone().unwrap_or(stored_objectives),
        notes: input.notes.clone(),
    }
    .validate()?;
    let mut organisers = Vec::with_capacity(input.organisers.len());
    for (i, o) in input.organisers.iter().enumerate() {
        let role = crate::domain::validate::optional_text(
            &format!("organisers[{i}].role"),
            Some(&o.role),
            80,
        )?
        .unwrap_or_else(|| "organiser".to_owned());
        if organisers.iter().any(|(org, _)| org == &o.organisation_id) {
            return Err(Error::invalid(
                format!("organisers[{i}].organisationId"),
                Message::new("alreadyOrganiser"),
            ));
        }
        organisers.push((o.organisation_id.clone(), role));
    }
    let staff_days = input
        .staff_days
        .as_deref()
        .map(crate::domain::parse_staff_days)
        .transpose()?;
    if existing.is_some() {
        w.scope_to_mission(id.as_str())?;
    }
    save(w, &mission)?;
    if let Some(days) = staff_days {
        w.save(
            "missions",
            id.as_str(),
            &[("staff_days", crate::store::writer::opt_real(days))],
        )?;
    }
    set_organisers(w, id.as_str(), &organisers)?;
    if let Some(from) = from {
        crate::store::mission_copy::copy_set_up(w, from, &mission)?;
    }
    Ok(id.to_string())
}

/// Sets the staff days spent on a mission (issue 17 part 5: the report's inputs) from the
/// text typed ("12", "12,5"); blank clears. One undoable step of the mission.
pub fn set_staff_days(w: &mut Writer<'_>, mission_id: &str, typed: &str) -> Result<Option<f64>> {
    get(w.conn(), mission_id)?;
    let days = crate::domain::parse_staff_days(typed)?;
    w.scope_to_mission(mission_id)?;
    w.save(
        "missions",
        mission_id,
        &[("staff_days", crate::store::writer::opt_real(days))],
    )?;
    Ok(days)
}

/// Sets the title and the objectives a mission's documents print in each language, those given
/// (the CLI's `mission edit --title-in --objectives-in`; the window sends them with the header).
pub fn set_words(
    w: &mut Writer<'_>,
    mission_id: &str,
    titles: Option<Wording>,
    objectives_in: Option<Wording>,
) -> Result<()> {
    let mut mission = get(w.conn(), mission_id)?;
    if let Some(titles) = titles {
        mission.titles = titles;
    }
    if let Some(objectives) = objectives_in {
        mission.objectives_in = objectives;
    }
    let mission = mission.validate()?;
    w.scope_to_mission(mission_id)?;
    save(w, &mission)?;
    Ok(())
}

/// The staff days spent on a mission, when given.
pub fn staff_days(db: &impl Reads, mission_id: &str) -> Result<Option<f64>> {
    conn_of(db)
        .query_row(
            "SELECT staff_days FROM missions WHERE id = ?1",
            [mission_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "mission",
            id: mission_id.to_owned(),
        })
}

/// Archives (or brings back) a mission: it leaves the current and upcoming lists, nothing else
/// changes.
pub fn set_archived(
    w: &mut Writer<'_>,
    id: &str,
    archived: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    get(w.conn(), id)?;
    let at = if archived {
        Value::Text(format_utc(now))
    } else {
        Value::Null
    };
    w.save("missions", id, &[("archived_at", at)])?;
    Ok(())
}

/// Deletes a mission and everything it owns. A mission with logged outcomes or follow-ups is
/// the agency's record: it is archived, never deleted.
pub fn delete(w: &mut Writer<'_>, id: &str) -> Result<()> {
    let mission = get(w.conn(), id)?;
    let (outcomes, followups): (i64, i64) = w.conn().query_row(
        "SELECT (SELECT count(*) FROM outcomes o JOIN agenda_items i ON i.id = o.item_id
                 WHERE i.mission_id = ?1),
                (SELECT count(*) FROM followups WHERE mission_id = ?1)",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if outcomes + followups > 0 {
        return Err(Error::Refused(
            Message::new("missionHasRecords")
                .with("title", &mission.title)
                .with("outcomes", outcomes)
                .with("followups", followups),
        ));
    }
    w.delete("missions", id)?;
    Ok(())
}
