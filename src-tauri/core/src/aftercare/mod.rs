//! On the day and after (issue 7): the on-site "today" view, the mission report at a date (JSON,
//! CSV), the comparison between missions, and the iCalendar of follow-ups.

pub mod figures;
pub mod ics;
pub mod kpis;
pub mod workbook;

use crate::domain::{
    eur_text, CostFigures, CostTotals, FollowupFigures, FollowupStatus, MeetingFigures,
    MissionReport, OpenLead, OutcomeType, Ref, Tally, TodayItem, TodayView,
};
use crate::error::{Error, Result};
use crate::store::{self, agenda, followups, missions};
use crate::time::parse_zone;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};

/// The mission's days, from its first to its last (host zone).
fn mission_days(start: &str, end: &str) -> Result<Vec<NaiveDate>> {
    let start = crate::domain::validate::date("startDate", start)?;
    let end = crate::domain::validate::date("endDate", end)?;
    Ok(start.iter_days().take_while(|d| *d <= end).collect())
}

/// The on-site view of `day` (default: today if the mission runs today, else its first day).
pub fn today(
    conn: &Connection,
    mission_id: &str,
    day: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<TodayView> {
    let mission = missions::get(conn, mission_id)?;
    let tz = parse_zone("hostTz", &mission.host_tz)?;
    let days = mission_days(&mission.start_date, &mission.end_date)?;
    let today = now.with_timezone(&tz).date_naive();
    let day = match day {
        Some(d) => d,
        None if days.contains(&today) => today,
        None => days.first().copied().unwrap_or(today),
    };
    let is_today = day == today;
    let outcomes = followups::outcomes(conn, mission_id, None)?;
    let drafts = followups::drafts(conn, mission_id)?;
    let mut items = Vec::new();
    let mut next_given = false;
    for facts in agenda::facts_of_mission(conn, mission_id)? {
        let (start, end) = (facts.starts_at, facts.ends_at);
        if start.with_timezone(&tz).date_naive() != day {
            continue;
        }
        let when = if !is_today {
            "later"
        } else if end <= now {
            "past"
        } else if start <= now {
            "now"
        } else if !next_given {
            next_given = true;
            "next"
        } else {
            "later"
        };
        items.push(TodayItem {
            outcomes: outcomes
                .iter()
                .filter(|o| o.item_id == facts.id)
                .cloned()
                .collect(),
            draft: drafts.iter().find(|d| d.item_id == facts.id).cloned(),
            item: facts.into(),
            when,
        });
    }
    Ok(TodayView {
        mission: Ref {
            id: mission.id,
            name: mission.title,
        },
        host_tz: mission.host_tz,
        day: day.to_string(),
        days: days.iter().map(ToString::to_string).collect(),
        is_today,
        now: crate::time::format_in(now, tz),
        items,
    })
}

fn tallies(map: BTreeMap<(String, String), u32>) -> Vec<Tally> {
    sorted(
        map.into_iter()
            .map(|((key, label), count)| Tally {
                key,
                label,
                label_fr: None,
                label_zh: None,
                count,
            })
            .collect(),
    )
}

/// Most first, then by (English) label.
fn sorted(mut v: Vec<Tally>) -> Vec<Tally> {
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    v
}

/// A mission's figures at `as_of`: meetings that start after `as_of` count as planned whatever
/// their status (unless cancelled); follow-ups open or waiting and due before `as_of` are
/// overdue. Statuses are those recorded now.
pub fn report(conn: &Connection, mission_id: &str, as_of: NaiveDate) -> Result<MissionReport> {
    let mission = missions::get(conn, mission_id)?;
    // Items starting before the end of `as_of` (compared in UTC: a day's margin is irrelevant
    // for a report read weeks later).
    let cutoff = format!("{as_of}T23:59:59Z");
    let counted = store::aftercare::meeting_counts(conn, mission_id, &cutoff)?;
    let meetings = MeetingFigures {
        total: counted.total,
        held: counted.held,
        cancelled: counted.cancelled,
        planned: 0,
    };
    let meetings = MeetingFigures {
        planned: meetings.total - meetings.held - meetings.cancelled,
        ..meetings
    };

    let people = store::aftercare::people_met(conn, mission_id, &cutoff)?;
    let mut by_org: BTreeMap<(String, String), u32> = BTreeMap::new();
    for p in &people {
        let label = if p.organisation.is_empty() {
            "—".to_owned()
        } else {
            p.organisation.clone()
        };
        *by_org
            .entry((p.organisation_id.clone(), label))
            .or_default() += 1;
    }
    // Specialties keep their three labels: the window, the PDF and the CSV show the planner's.
    let mut by_spec: BTreeMap<String, Tally> = BTreeMap::new();
    for p in &people {
        for spec in store::aftercare::specialties_of(conn, &p.contact_id)? {
            by_spec
                .entry(spec.code.clone())
                .or_insert_with(|| Tally {
                    key: spec.code,
                    label: spec.label_en,
                    label_fr: Some(spec.label_fr),
                    label_zh: Some(spec.label_zh),
                    count: 0,
                })
                .count += 1;
        }
    }

    let outcomes = followups::outcomes(conn, mission_id, None)?;
    let outcomes_by_type = OutcomeType::ALL
        .iter()
        .map(|t| Tally {
            key: t.as_str().to_owned(),
            label: t.as_str().replace('_', " "),
            label_fr: None,
            label_zh: None,
            count: outcomes.iter().filter(|o| o.outcome_type == *t).count() as u32,
        })
        .collect();

    let fups = followups::list(
        conn,
        &followups::Filter {
            mission_id: Some(mission_id.to_owned()),
            ..Default::default()
        },
        as_of,
    )?;
    let mut figures = FollowupFigures {
        total: fups.len() as u32,
        ..Default::default()
    };
    for f in &fups {
        match f.followup.status {
            FollowupStatus::Open => figures.open += 1,
            FollowupStatus::Waiting => figures.waiting += 1,
            FollowupStatus::Done => figures.done += 1,
            FollowupStatus::Dropped => figures.dropped += 1,
        }
        figures.overdue += u32::from(f.overdue);
    }
    let active = |s: FollowupStatus| matches!(s, FollowupStatus::Open | FollowupStatus::Waiting);

    // Leads per technology: outcomes of interest concerning it, plus open follow-ups about it
    // that came from no outcome (e.g. those written before the mission).
    let mut leads: BTreeMap<(String, String), u32> = BTreeMap::new();
    for o in outcomes
        .iter()
        .filter(|o| o.outcome_type != OutcomeType::NoFurtherInterest)
    {
        for t in &o.technologies {
            *leads.entry((t.id.clone(), t.name.clone())).or_default() += 1;
        }
    }
    for f in fups
        .iter()
        .filter(|f| f.outcome_id.is_none() && active(f.followup.status))
    {
        if let Some(t) = &f.followup.technology {
            *leads.entry((t.id.clone(), t.name.clone())).or_default() += 1;
        }
    }

    let mut open_leads = Vec::new();
    for o in outcomes
        .iter()
        .filter(|o| o.outcome_type != OutcomeType::NoFurtherInterest)
    {
        let mine: Vec<_> = fups
            .iter()
            .filter(|f| o.followups.contains(&f.followup.id))
            .collect();
        if !mine.is_empty() && !mine.iter().any(|f| active(f.followup.status)) {
            continue;
        }
        let orgs: BTreeSet<String> = mine
            .iter()
            .filter_map(|f| f.followup.organisation.as_ref().map(|r| r.name.clone()))
            .collect();
        open_leads.push(OpenLead {
            outcome_id: o.id.clone(),
            item_title: o.item_title.clone(),
            outcome_type: o.outcome_type,
            technologies: o.technologies.iter().map(|t| t.name.clone()).collect(),
            organisations: orgs.into_iter().collect(),
            next_due: mine
                .iter()
                .filter(|f| active(f.followup.status))
                .filter_map(|f| f.followup.due_on.clone())
                .min(),
        });
    }

    let costs = CostFigures::of(
        CostTotals::of(&store::costs::of_mission(conn, mission_id)?),
        meetings.held,
        u32::try_from(outcomes.len()).unwrap_or(u32::MAX),
    );

    let end_date = crate::domain::validate::date("endDate", &mission.end_date)?;
    let mut kpis = kpis::kpis(&kpis::Facts {
        end_date,
        as_of,
        staff_days: missions::staff_days(conn, mission_id)?,
        costs: &costs,
        meetings: &meetings,
        organisations_met: people.iter().map(|p| p.organisation_id.as_str()).collect(),
        followups: &figures,
        outcomes: &outcomes,
    });
    // The satisfaction survey's figures, once it has answers (`surveys::figures`).
    kpis.satisfaction = crate::surveys::figures::satisfaction_kpis(conn, mission_id)?;
    kpis.ratings = crate::surveys::figures::rating_kpis(conn, mission_id)?;

    Ok(MissionReport {
        mission: Ref {
            id: mission.id,
            name: mission.title,
        },
        start_date: mission.start_date,
        end_date: mission.end_date,
        as_of: as_of.to_string(),
        meetings,
        people_met: people.len() as u32,
        people_by_organisation: tallies(by_org),
        people_by_specialty: sorted(by_spec.into_values().collect()),
        outcomes_total: outcomes.len() as u32,
        outcomes_by_type,
        followups: figures,
        leads_per_technology: tallies(leads),
        open_leads,
        costs,
        kpis,
    })
}

/// The reports of several missions at the same date (all missions when `ids` is empty).
pub fn compare(conn: &Connection, ids: &[String], as_of: NaiveDate) -> Result<Vec<MissionReport>> {
    let ids: Vec<String> = if ids.is_empty() {
        missions::list(conn)?.into_iter().map(|m| m.id).collect()
    } else {
        ids.to_vec()
    };
    ids.iter().map(|id| report(conn, id, as_of)).collect()
}

/// The report as CSV: one row per figure, `section,key,label,value`, for a spreadsheet; keys
/// and labels stay as the JSON names them (stable for formulas), the one sentence (the counting
/// rule) is written in `lang`.
pub fn report_csv(r: &MissionReport, lang: crate::documents::locale::Lang) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::Internal(format!("cannot write CSV: {e}"));
    w.write_record(["section", "key", "label", "value"])
        .map_err(err)?;
    let mut row = |section: &str, key: &str, label: &str, value: String| {
        // Formula guard: a cell starting with = + - @ is read as text by spreadsheets.
        let safe = |s: &str| {
            if s.starts_with(['=', '+', '-', '@']) {
                format!("'{s}")
            } else {
                s.to_owned()
            }
        };
        w.write_record([section, key, &safe(label), &value])
            .map_err(err)
    };
    row("mission", "id", &r.mission.id, r.mission.id.clone())?;
    row("mission", "title", &r.mission.name, r.mission.name.clone())?;
    row("mission", "as_of", "as of", r.as_of.clone())?;
    let m = &r.meetings;
    for (k, v) in [
        ("total", m.total),
        ("planned", m.planned),
        ("held", m.held),
        ("cancelled", m.cancelled),
    ] {
        row("meetings", k, k, v.to_string())?;
    }
    row("people", "met", "people met", r.people_met.to_string())?;
    for t in &r.people_by_organisation {
        row(
            "people_by_organisation",
            &t.key,
            &t.label,
            t.count.to_string(),
        )?;
    }
    for t in &r.people_by_specialty {
        row("people_by_specialty", &t.key, &t.label, t.count.to_string())?;
    }
    for t in &r.outcomes_by_type {
        row("outcomes_by_type", &t.key, &t.label, t.count.to_string())?;
    }
    let f = &r.followups;
    for (k, v) in [
        ("total", f.total),
        ("open", f.open),
        ("waiting", f.waiting),
        ("done", f.done),
        ("dropped", f.dropped),
        ("overdue", f.overdue),
    ] {
        row("followups", k, k, v.to_string())?;
    }
    for t in &r.leads_per_technology {
        row(
            "leads_per_technology",
            &t.key,
            &t.label,
            t.count.to_string(),
        )?;
    }
    for l in &r.open_leads {
        row(
            "open_leads",
            &l.outcome_id,
            &format!("{} ({})", l.item_title, l.outcome_type.as_str()),
            l.next_due.clone().unwrap_or_default(),
        )?;
    }
    let c = &r.costs;
    let eur = |cents: Option<i64>| cents.map(eur_text).unwrap_or_default();
    for (k, v) in [
        ("estimate_eur", Some(c.totals.estimate_cents)),
        ("committed_eur", Some(c.totals.committed_cents)),
        ("actual_eur", Some(c.totals.actual_cents)),
        ("known_eur", Some(c.totals.known_cents)),
        ("per_meeting_held_eur", c.per_meeting_held_cents),
        ("per_outcome_eur", c.per_outcome_cents),
    ] {
        row("costs", k, &k.replace('_', " "), eur(v))?;
    }
    for (section, key, value) in kpi_rows(&r.kpis) {
        let value = match crate::messages::Message::known(&value, Default::default()) {
            Some(m) if key == "counting_rule" => m.render(lang),
            _ => value,
        };
        row(&section, &key, &key.replace('_', " "), value)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Internal(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(format!("cannot write CSV: {e}")))
}

/// The key figures as `(section, key, value)` rows, in the JSON's names (`kpis.inputs`,
/// `cost_estimate_eur`…; the results at +6 and +12 months under `kpis.at_6_months` and
/// `kpis.at_12_months`, by kind as `agreements_<kind>`, by technology under
/// `kpis.by_technology.<id>` (`.none` for the outcomes naming none), the six-month ratings
/// under `kpis.ratings_6_months` by step), for the CSV and the workbook. A figure not known is
/// blank.
pub fn kpi_rows(k: &crate::domain::Kpis) -> Vec<(String, String, String)> {
    // At most two decimals, none when whole: 12.5, 1300.5, 500000.
    let num = |v: f64| {
        let text = format!("{v:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    let opt = |v: Option<f64>| v.map(num).unwrap_or_default();
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut push = |section: &str, key: &str, value: String| {
        rows.push((format!("kpis.{section}"), key.to_owned(), value));
    };
    push(
        "inputs",
        "cost_estimate_eur",
        num(k.inputs.cost_estimate_eur),
    );
    push("inputs", "cost_actual_eur", num(k.inputs.cost_actual_eur));
    push("inputs", "staff_days", opt(k.inputs.staff_days));
    let a = &k.activity;
    push("activity", "organisations", a.organisations.to_string());
    push("activity", "people", a.people.to_string());
    push(
        "activity",
        "meetings_planned",
        a.meetings_planned.to_string(),
    );
    push("activity", "meetings_held", a.meetings_held.to_string());
    let o = &k.outputs;
    push("outputs", "outcomes", o.outcomes.to_string());
    push("outputs", "followups_open", o.followups_open.to_string());
    push("outputs", "followups_done", o.followups_done.to_string());
    push(
        "outputs",
        "cost_per_meeting_eur",
        opt(o.cost_per_meeting_eur),
    );
    push(
        "outputs",
        "cost_per_outcome_eur",
        opt(o.cost_per_outcome_eur),
    );
    push(
        "outcomes",
        "counting_rule",
        k.outcomes.counting_rule.clone(),
    );
    for (section, f) in [
        ("at_6_months", &k.outcomes.at_6_months),
        ("at_12_months", &k.outcomes.at_12_months),
    ] {
        push(section, "agreements", f.agreements.to_string());
        for c in &f.by_kind {
            push(
                section,
                &format!("agreements_{}", c.kind.as_str()),
                c.count.to_string(),
            );
        }
        push(section, "value_eur", num(f.value_eur));
        push(section, "investment_eur", num(f.investment_eur));
        push(section, "jobs", f.jobs.to_string());
        push(section, "confirmed", f.confirmed.to_string());
    }
    for t in &k.by_technology {
        // The outcomes naming no technology: `by_technology.none`, the technology blank.
        let (id, name) = t
            .technology
            .as_ref()
            .map_or(("none", ""), |t| (t.id.as_str(), t.name.as_str()));
        let section = format!("by_technology.{id}");
        push(&section, "technology", name.to_owned());
        push(&section, "agreements", t.agreements.to_string());
        push(&section, "value_eur", num(t.value_eur));
        push(&section, "investment_eur", num(t.investment_eur));
    }
    if let Some(s) = &k.satisfaction {
        push("satisfaction", "score", opt(s.score));
        push("satisfaction", "responses", s.responses.to_string());
        push("satisfaction", "invited", s.invited.to_string());
        push("satisfaction", "response_rate", opt(s.response_rate));
    }
    if let Some(r) = &k.ratings {
        push("ratings_6_months", "responses", r.responses.to_string());
        for step in &r.steps {
            push(
                "ratings_6_months",
                &snake(step.rating.as_str()),
                step.count.to_string(),
            );
        }
    }
    rows
}

/// A step's key as the CSV's keys are written: `noContact` → `no_contact`.
fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 2);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

const REPORT_TEMPLATE: &str = include_str!("report.typ");

/// The report as a PDF in `lang`, with the documents' Typst engine.
pub fn report_pdf(r: &MissionReport, lang: crate::documents::locale::Lang) -> Result<Vec<u8>> {
    crate::documents::render_pdf(
        REPORT_TEMPLATE,
        &serde_json::json!({
            "report": r,
            "page": figures::pdf_page(r, lang),
            "results": figures::pdf_section(r, lang),
        }),
    )
}
