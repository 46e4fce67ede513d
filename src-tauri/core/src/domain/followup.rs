use super::validate as v;
use super::{FollowupStatus, Ref, NAME_MAX, NOTE_MAX};
use crate::error::Result;
use crate::ids::{ContactId, FollowupId, MissionId, OrganisationId, TechnologyId};
use chrono::NaiveDate;
use serde::Serialize;

/// A task that keeps a lead alive after the mission, as saved.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowupRecord {
    pub id: FollowupId,
    pub title: String,
    pub owner: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub status: FollowupStatus,
    pub mission_id: Option<MissionId>,
    pub organisation_id: Option<OrganisationId>,
    pub contact_id: Option<ContactId>,
    pub technology_id: Option<TechnologyId>,
    pub notes: Option<String>,
}

impl FollowupRecord {
    pub fn validate(self) -> Result<Self> {
        Ok(FollowupRecord {
            title: v::required_text("title", &self.title, NAME_MAX)?,
            owner: v::optional_text("owner", self.owner.as_deref(), NAME_MAX)?,
            notes: v::optional_text("notes", self.notes.as_deref(), NOTE_MAX)?,
            ..self
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Followup {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub due_on: Option<String>,
    pub status: FollowupStatus,
    pub mission: Option<Ref>,
    pub organisation: Option<Ref>,
    pub contact: Option<Ref>,
    pub technology: Option<Ref>,
    pub notes: Option<String>,
}

/// A follow-up as the UI and the CLI send it. Absent `id`: a new follow-up. `owner` is a name
/// typed freely, `ownerContactId` a contact of the directory (which must exist); dates are
/// `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct FollowupInput {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    pub title: String,
    #[serde(default)]
    #[ts(optional)]
    pub owner: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub owner_contact_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub due_on: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<FollowupStatus>,
    #[serde(default)]
    #[ts(optional)]
    pub mission_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub outcome_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub organisation_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub contact_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub technology_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
}

/// A follow-up with the facts the board and the list need.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowupItem {
    #[serde(flatten)]
    pub followup: Followup,
    /// The contact who owns it, when the owner is a contact of the directory.
    pub owner_contact: Option<Ref>,
    pub outcome_id: Option<String>,
    /// Everyone it concerns: every attendee ticked as present at the meeting it came from (its
    /// `contact` among them), by family name; else its contact.
    pub people: Vec<Ref>,
    /// Due before the reference date and still open or waiting.
    pub overdue: bool,
    pub notified_at: Option<String>,
}

/// What came out of a meeting, as the form sends it. With `followup`, the next steps also
/// become a follow-up task, in the same transaction.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct OutcomeInput {
    /// Absent for a new outcome.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    pub item_id: String,
    pub outcome_type: super::OutcomeType,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub next_steps: Option<String>,
    #[serde(default)]
    pub attendees: Vec<String>,
    #[serde(default)]
    pub technologies: Vec<String>,
    #[serde(default)]
    #[ts(optional)]
    pub followup: Option<OutcomeFollowup>,
    /// The results it led to (agreement, euros, jobs, confirmation); absent keeps those
    /// recorded, present replaces them (blank fields clear).
    #[serde(default)]
    #[ts(optional)]
    pub results: Option<super::OutcomeResultsInput>,
}

/// The follow-up made from an outcome's next steps (title defaults to the next steps).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct OutcomeFollowup {
    #[serde(default)]
    #[ts(optional)]
    pub title: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub owner: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub owner_contact_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub due_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Outcome {
    pub id: String,
    pub item_id: String,
    pub item_title: String,
    pub outcome_type: super::OutcomeType,
    pub notes: Option<String>,
    pub next_steps: Option<String>,
    pub attendees: Vec<Ref>,
    pub technologies: Vec<Ref>,
    /// The follow-ups made from it.
    pub followups: Vec<String>,
    pub results: super::OutcomeResults,
    pub created_at: String,
    pub updated_at: String,
}

/// The outcome form as typed so far: saved as you type, restored after a crash or a restart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct OutcomeDraft {
    pub item_id: String,
    /// Set when the draft edits an outcome already recorded.
    #[serde(default)]
    #[ts(optional)]
    pub outcome_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub outcome_type: Option<super::OutcomeType>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub next_steps: String,
    #[serde(default)]
    pub attendees: Vec<String>,
    #[serde(default)]
    pub technologies: Vec<String>,
    #[serde(default)]
    #[ts(optional)]
    pub followup: Option<OutcomeFollowup>,
    /// The results as typed so far (text, checked only when the outcome is recorded).
    #[serde(default)]
    #[ts(optional)]
    pub results: Option<super::OutcomeResultsInput>,
    /// When it was last saved (UTC, set by the store).
    #[serde(default)]
    #[ts(optional)]
    pub saved_at: Option<String>,
}

/// One agenda item of the running day, with what was recorded about it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TodayItem {
    pub item: super::AgendaItem,
    pub outcomes: Vec<Outcome>,
    pub draft: Option<OutcomeDraft>,
    /// "past", "now" or "next" relative to the clock (only on the current day), else "later".
    #[ts(type = "\"past\" | \"now\" | \"next\" | \"later\"")]
    pub when: &'static str,
}

/// The on-site view of one day of a mission.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TodayView {
    pub mission: Ref,
    pub host_tz: String,
    /// The day shown (host zone) and every day of the mission.
    pub day: String,
    pub days: Vec<String>,
    /// True when the day shown is today by the clock.
    pub is_today: bool,
    pub now: String,
    pub items: Vec<TodayItem>,
}

/// A label and a count, for the report's tables and bars.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Tally {
    pub key: String,
    pub label: String,
    /// The label in French and Traditional Chinese, for data with its own translations (a
    /// specialty's); `label` is English and the fallback.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_fr: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_zh: Option<String>,
    pub count: u32,
}

impl Tally {
    /// The label as `lang` reads it.
    pub fn label_in(&self, lang: crate::documents::locale::Lang) -> &str {
        use crate::documents::locale::Lang;
        match lang {
            Lang::Fr => self.label_fr.as_deref(),
            Lang::ZhTw => self.label_zh.as_deref(),
            Lang::En => None,
        }
        .unwrap_or(&self.label)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MeetingFigures {
    /// Meetings, presentations, visits and receptions of the programme.
    pub total: u32,
    /// Still to be held (neither held nor cancelled).
    pub planned: u32,
    pub held: u32,
    pub cancelled: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowupFigures {
    pub total: u32,
    pub open: u32,
    pub waiting: u32,
    pub done: u32,
    pub dropped: u32,
    /// Open or waiting and due before `asOf`.
    pub overdue: u32,
}

/// A lead still open: an outcome other than "no further interest" whose follow-ups are not all
/// done or dropped.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenLead {
    pub outcome_id: String,
    pub item_title: String,
    pub outcome_type: super::OutcomeType,
    pub technologies: Vec<String>,
    pub organisations: Vec<String>,
    /// The earliest due date of its open follow-ups.
    pub next_due: Option<String>,
}

/// A mission's figures at a date.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissionReport {
    pub mission: Ref,
    pub start_date: String,
    pub end_date: String,
    pub as_of: String,
    pub meetings: MeetingFigures,
    /// Distinct people met, not the delegation: every attendee ticked as present in an outcome,
    /// and the participants of held items where nobody was ticked.
    pub people_met: u32,
    pub people_by_organisation: Vec<Tally>,
    pub people_by_specialty: Vec<Tally>,
    pub outcomes_total: u32,
    pub outcomes_by_type: Vec<Tally>,
    pub followups: FollowupFigures,
    pub leads_per_technology: Vec<Tally>,
    pub open_leads: Vec<OpenLead>,
    /// The budget: what the mission cost per meeting held and per outcome.
    pub costs: super::CostFigures,
    /// The key figures agencies report (inputs, activity, outputs, results at +6 and +12
    /// months, by technology, satisfaction).
    pub kpis: super::Kpis,
}
