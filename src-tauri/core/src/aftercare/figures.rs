//! The report's key figures as labelled lines in the planner's language, shared by the
//! workbook (`workbook.rs`) and the PDF's "Results" section (`report.typ`).

use crate::documents::locale::{self, Lang};
use crate::domain::{MissionReport, ResultFigures};
use crate::messages::Message;
use chrono::NaiveDate;
use serde_json::{json, Value};

/// One line of the key figures: a heading, a label and a number (blank when not known; the
/// flag says euros), or a sentence.
pub enum Line {
    Heading(String),
    Figure(String, Option<f64>, bool),
    Text(String),
}

pub fn lines(r: &MissionReport, lang: Lang) -> Vec<Line> {
    let t = |k: &str| crate::messages::text(lang, k);
    let k = &r.kpis;
    let n = |v: u32| Some(f64::from(v));
    let mut out = vec![
        Line::Heading(t("kpi.inputs")),
        Line::Figure(
            t("kpi.costEstimate"),
            Some(k.inputs.cost_estimate_eur),
            true,
        ),
        Line::Figure(t("kpi.costActual"), Some(k.inputs.cost_actual_eur), true),
        Line::Figure(t("kpi.staffDays"), k.inputs.staff_days, false),
        Line::Heading(t("kpi.activity")),
        Line::Figure(t("kpi.organisations"), n(k.activity.organisations), false),
        Line::Figure(t("kpi.people"), n(k.activity.people), false),
        Line::Figure(
            t("kpi.meetingsPlanned"),
            n(k.activity.meetings_planned),
            false,
        ),
        Line::Figure(t("kpi.meetingsHeld"), n(k.activity.meetings_held), false),
        Line::Heading(t("kpi.outputs")),
        Line::Figure(t("kpi.outcomes"), n(k.outputs.outcomes), false),
        Line::Figure(t("kpi.followupsOpen"), n(k.outputs.followups_open), false),
        Line::Figure(t("kpi.followupsDone"), n(k.outputs.followups_done), false),
        Line::Figure(
            t("kpi.costPerMeeting"),
            k.outputs.cost_per_meeting_eur,
            true,
        ),
        Line::Figure(
            t("kpi.costPerOutcome"),
            k.outputs.cost_per_outcome_eur,
            true,
        ),
    ];
    let results = |out: &mut Vec<Line>, title: &str, f: &ResultFigures| {
        out.push(Line::Heading(t(title)));
        out.push(Line::Figure(t("kpi.agreements"), n(f.agreements), false));
        for c in &f.by_kind {
            out.push(Line::Figure(
                format!("  {}", t(&format!("agreement.{}", c.kind.as_str()))),
                n(c.count),
                false,
            ));
        }
        out.push(Line::Figure(t("kpi.value"), Some(f.value_eur), true));
        out.push(Line::Figure(
            t("kpi.investment"),
            Some(f.investment_eur),
            true,
        ));
        out.push(Line::Figure(t("kpi.jobs"), n(f.jobs), false));
        out.push(Line::Figure(t("kpi.confirmed"), n(f.confirmed), false));
    };
    results(&mut out, "kpi.at6", &k.outcomes.at_6_months);
    results(&mut out, "kpi.at12", &k.outcomes.at_12_months);
    if let Some(code) = Message::known(&k.outcomes.counting_rule, Default::default()) {
        out.push(Line::Text(code.render(lang)));
    }
    if let Some(s) = &k.satisfaction {
        out.push(Line::Heading(t("kpi.satisfaction")));
        out.push(Line::Figure(t("kpi.satisfaction"), s.score, false));
        out.push(Line::Figure(
            t("kpi.satisfactionResponses"),
            n(s.responses),
            false,
        ));
        out.push(Line::Figure(
            t("kpi.satisfactionInvited"),
            n(s.invited),
            false,
        ));
        out.push(Line::Figure(
            t("kpi.satisfactionRate"),
            s.response_rate,
            false,
        ));
    }
    if let Some(r) = &k.ratings {
        out.push(Line::Heading(t("kpi.ratings")));
        out.push(Line::Figure(
            t("kpi.satisfactionResponses"),
            n(r.responses),
            false,
        ));
        for step in &r.steps {
            out.push(Line::Figure(
                format!("  {}", t(step.rating.key())),
                n(step.count),
                false,
            ));
        }
    }
    out
}

/// A number in `lang`: euros with two decimals and the currency, others as they are
/// ("—" when not known).
pub fn display(lang: Lang, value: Option<f64>, eur: bool) -> String {
    let Some(v) = value else {
        return "—".to_owned();
    };
    let cents = (v * 100.0).round() as i64;
    let (whole, frac) = (cents.abs() / 100, cents.abs() % 100);
    let digits = whole.to_string();
    let sep = if lang == Lang::Fr { '\u{202f}' } else { ',' };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(sep);
        }
        grouped.push(c);
    }
    let sign = if cents < 0 { "-" } else { "" };
    match (eur, lang) {
        (true, Lang::Fr) => format!("{sign}{grouped},{frac:02}\u{a0}€"),
        (true, _) => format!("{sign}€{grouped}.{frac:02}"),
        (false, _) if frac == 0 => format!("{sign}{grouped}"),
        (false, Lang::Fr) => format!(
            "{sign}{grouped},{}",
            format!("{frac:02}").trim_end_matches('0')
        ),
        (false, _) => format!(
            "{sign}{grouped}.{}",
            format!("{frac:02}").trim_end_matches('0')
        ),
    }
}

/// The rest of the report's PDF in `lang`: its labels (the window's report words, from the
/// message files), its dates, and the outcome types of its bars and open leads.
pub fn pdf_page(r: &MissionReport, lang: Lang) -> Value {
    let t = |k: &str| crate::messages::text(lang, k);
    let day = |d: &str| match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
        Ok(d) => locale::plain_date(lang, d),
        Err(_) => d.to_owned(),
    };
    let dates = match (
        NaiveDate::parse_from_str(&r.start_date, "%Y-%m-%d"),
        NaiveDate::parse_from_str(&r.end_date, "%Y-%m-%d"),
    ) {
        (Ok(a), Ok(b)) => locale::date_range(lang, a, b),
        _ => format!("{} – {}", r.start_date, r.end_date),
    };
    let outcome = |key: &str| t(&format!("outcome.{key}"));
    let labels: serde_json::Map<String, Value> = [
        "report.title",
        "report.asOf",
        "report.meetings",
        "report.planned",
        "report.held",
        "report.cancelled",
        "report.peopleMet",
        "report.followups",
        "report.open",
        "report.done",
        "report.overdue",
        "followup.dropped",
        "report.costs",
        "report.costTotal",
        "kpi.costActual",
        "report.costPerMeeting",
        "report.costPerOutcome",
        "report.outcomesByType",
        "report.leadsPerTechnology",
        "report.byOrganisation",
        "report.bySpecialty",
        "report.openLeads",
        "kind.meeting",
        "outcome.type",
        "programme.technologies",
        "report.nextDue",
        "report.noData",
    ]
    .into_iter()
    .map(|k| (k.to_owned(), Value::String(t(k))))
    .collect();
    let eur = |c: Option<i64>| display(lang, c.map(|c| c as f64 / 100.0), true);
    let costs = &r.costs;
    json!({
        "labels": labels,
        "dates": dates,
        "costs": {
            "known": eur(Some(costs.totals.known_cents)),
            "actual": eur(Some(costs.totals.actual_cents)),
            "perMeeting": eur(costs.per_meeting_held_cents),
            "perOutcome": eur(costs.per_outcome_cents),
        },
        "asOf": day(&r.as_of),
        "outcomesByType": r.outcomes_by_type.iter().map(|x| json!({
            "label": outcome(&x.key),
            "count": x.count,
        })).collect::<Vec<_>>(),
        "peopleBySpecialty": r.people_by_specialty.iter().map(|x| json!({
            "label": x.label_in(lang),
            "count": x.count,
        })).collect::<Vec<_>>(),
        "openLeads": r.open_leads.iter().map(|l| json!({
            "itemTitle": l.item_title,
            "type": outcome(l.outcome_type.as_str()),
            "technologies": l.technologies.join(", "),
            "nextDue": l.next_due.as_deref().map(day),
        })).collect::<Vec<_>>(),
    })
}

/// The "Results" section of the report's PDF in `lang`: its title, lines and the table by
/// technology, every label and number already in the language.
pub fn pdf_section(r: &MissionReport, lang: Lang) -> Value {
    let t = |k: &str| crate::messages::text(lang, k);
    let lines: Vec<Value> = lines(r, lang)
        .into_iter()
        .map(|l| match l {
            Line::Heading(h) => json!({ "heading": h }),
            Line::Figure(label, v, eur) => {
                json!({ "label": label, "value": display(lang, v, eur) })
            }
            Line::Text(text) => json!({ "text": text }),
        })
        .collect();
    let heads = [
        "kpi.technology",
        "kpi.agreements",
        "kpi.value",
        "kpi.investment",
    ]
    .map(t);
    json!({
        "title": t("kpi.results"),
        "lines": lines,
        "byTechnologyTitle": t("kpi.byTechnology"),
        "heads": heads,
        "byTechnology": r.kpis.by_technology.iter().map(|x| [
            x.technology.as_ref().map_or_else(|| t("kpi.noTechnology"), |t| t.name.clone()),
            x.agreements.to_string(),
            display(lang, Some(x.value_eur), true),
            display(lang, Some(x.investment_eur), true),
        ]).collect::<Vec<_>>(),
    })
}
