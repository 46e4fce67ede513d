//! Printed documents and calendar files: the mission programme, personal itineraries, name
//! cards (table tents), change sheets, rooming lists, the briefing book and the interpreter's pack as PDF, in French, English, Traditional Chinese or two
//! of them side by side; and iCalendar files of the mission or of one participant.
//!
//! - [`engine`]: Typst embedded as a library, in a closed world (no files, no packages), with
//!   Typst's own fonts and the system's (for CJK). [`engine::render_pdf`] is the small general
//!   entry point other areas use for their own templates.
//! - [`facts`]: what documents know about a mission, read once through `store/` (records:
//!   instants and zones, never the window's view text).
//! - [`views`]: what the programme, itineraries and name cards show, put into words in the
//!   chosen language(s); [`change_sheet`]: the change sheet, from the one diff
//!   (`programme::changes`).
//! - [`locale`]: labels (`labels.json`), dates and weekday names.
//! - [`ics`]: the RFC 5545 export.
//!
//! Documents do no I/O besides reading the database: callers write the bytes where they want.

pub mod briefing;
pub mod catering;
pub mod change_sheet;
pub mod costs;
pub mod engine;
pub mod facts;
pub mod ics;
pub mod interest_form;
pub mod interpreter;
pub mod letters;
pub mod locale;
pub mod print;
pub mod rooming;
pub mod transport;
pub mod views;

pub use change_sheet::VersionRange;
pub use engine::{render_pdf, Engine};
pub use locale::Langs;

use crate::error::Result;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

const PROGRAMME: &str = include_str!("templates/programme.typ");
const ITINERARY: &str = include_str!("templates/itinerary.typ");
const CARDS: &str = include_str!("templates/cards.typ");
const CHANGES: &str = include_str!("templates/changes.typ");
const ROOMING: &str = include_str!("templates/rooming.typ");
const BRIEFING: &str = include_str!("templates/briefing.typ");
const TRANSPORT: &str = include_str!("templates/transport.typ");
const CATERING: &str = include_str!("templates/catering.typ");
const INTERPRETER: &str = include_str!("templates/interpreter.typ");

/// The printable documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DocumentKind {
    Programme,
    Itinerary,
    Cards,
    Changes,
    /// The rooming list, per hotel (issue 18).
    Rooming,
    /// The briefing book (issue 17): objectives, who's who, technologies, programme, sites.
    Briefing,
    /// The driver's sheet, per vehicle (issue 18).
    Transport,
    /// The caterer's sheet (issue 18): each meal's counts of needs, no names.
    Catering,
    /// The interpreter's briefing pack (issue 18): their items, the people and technologies.
    Interpreter,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Programme => "programme",
            DocumentKind::Itinerary => "itinerary",
            DocumentKind::Cards => "cards",
            DocumentKind::Changes => "changes",
            DocumentKind::Rooming => "rooming",
            DocumentKind::Briefing => "briefing",
            DocumentKind::Transport => "transport",
            DocumentKind::Catering => "catering",
            DocumentKind::Interpreter => "interpreter",
        }
    }

    fn template(self) -> &'static str {
        match self {
            DocumentKind::Programme => PROGRAMME,
            DocumentKind::Itinerary => ITINERARY,
            DocumentKind::Cards => CARDS,
            DocumentKind::Changes => CHANGES,
            DocumentKind::Rooming => ROOMING,
            DocumentKind::Briefing => BRIEFING,
            DocumentKind::Transport => TRANSPORT,
            DocumentKind::Catering => CATERING,
            DocumentKind::Interpreter => INTERPRETER,
        }
    }
}

/// Which document, of which mission, for whom, in which language(s).
#[derive(Debug, Clone)]
pub struct DocumentRequest {
    pub kind: DocumentKind,
    pub mission_id: String,
    /// Itinerary, cards or interpreter's pack of one person (contact id); `None`: everyone
    /// (every interpreter for the pack).
    pub participant: Option<String>,
    /// Change sheets only; `None`: the last two published versions (or the last and the draft).
    pub versions: Option<VersionRange>,
    pub langs: Langs,
}

/// The JSON handed to the document's template.
pub fn document_data(
    conn: &Connection,
    request: &DocumentRequest,
    now: DateTime<Utc>,
) -> Result<serde_json::Value> {
    let facts = facts::MissionFacts::load(conn, &request.mission_id, now)?;
    let who = request.participant.as_deref().filter(|p| !p.is_empty());
    match request.kind {
        DocumentKind::Programme => Ok(views::programme(&facts, &request.langs)),
        DocumentKind::Itinerary => views::itineraries(&facts, &request.langs, who),
        DocumentKind::Cards => views::cards(&facts, &request.langs, who),
        DocumentKind::Rooming => rooming::document(conn, &facts, &request.langs),
        DocumentKind::Briefing => briefing::document(conn, &facts, &request.langs),
        DocumentKind::Transport => transport::document(conn, &facts, &request.langs),
        DocumentKind::Catering => catering::document(conn, &facts, &request.langs),
        DocumentKind::Interpreter => interpreter::document(conn, &facts, &request.langs, who),
        DocumentKind::Changes => {
            let range = match request.versions {
                Some(r) => r,
                None => VersionRange::default_for(conn, &request.mission_id)?,
            };
            change_sheet::changes(conn, &facts, &request.langs, range)
        }
    }
}

/// Lays a document out (not yet written as PDF or pictures).
pub fn compile(
    engine: &Engine,
    conn: &Connection,
    request: &DocumentRequest,
    now: DateTime<Utc>,
) -> Result<engine::Compiled> {
    engine.check_chinese(request.langs.has_chinese())?;
    let data = document_data(conn, request, now)?;
    engine.compile(request.kind.template(), &data)
}

/// The document as PDF bytes.
pub fn render(conn: &Connection, request: &DocumentRequest, now: DateTime<Utc>) -> Result<Vec<u8>> {
    let engine = Engine::new().with_today(now.date_naive());
    let ident = format!("{}/{}", request.mission_id, request.kind.as_str());
    compile(&engine, conn, request, now)?.pdf(&ident)
}

/// One person's itinerary as PDF bytes, from facts already read (the e-mail drafts lay out
/// hundreds of them from one read, on several threads).
pub fn itinerary_pdf(
    engine: &Engine,
    facts: &facts::MissionFacts,
    lang: locale::Lang,
    contact_id: &str,
) -> Result<Vec<u8>> {
    let langs = Langs {
        primary: lang,
        secondary: None,
    };
    engine.check_chinese(langs.has_chinese())?;
    let data = views::itineraries(facts, &langs, Some(contact_id))?;
    let ident = format!("{}/itinerary/{contact_id}", facts.mission_id());
    engine
        .compile(DocumentKind::Itinerary.template(), &data)?
        .pdf(&ident)
}

/// A preview: the first pages as PNG pictures (base64), and how many pages there are.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DocumentPreview {
    pub page_count: u32,
    /// `data:image/png;base64,…` URLs, one per shown page.
    pub pages: Vec<String>,
    /// Milliseconds spent laying out and drawing.
    pub millis: u32,
}

/// Renders the first `max_pages` pages at `pixels_per_pt` (1.0 = 72 dpi).
pub fn preview(
    conn: &Connection,
    request: &DocumentRequest,
    now: DateTime<Utc>,
    max_pages: usize,
    pixels_per_pt: f32,
) -> Result<DocumentPreview> {
    let started = std::time::Instant::now();
    let engine = Engine::new().with_today(now.date_naive());
    let compiled = compile(&engine, conn, request, now)?;
    let pages = compiled
        .png_pages(pixels_per_pt, max_pages)?
        .into_iter()
        .map(|png| {
            format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(png)
            )
        })
        .collect();
    Ok(DocumentPreview {
        page_count: u32::try_from(compiled.page_count()).unwrap_or(u32::MAX),
        pages,
        millis: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
    })
}

/// The calendar file of a mission (or of one participant).
pub fn calendar(
    conn: &Connection,
    mission_id: &str,
    options: &ics::IcsOptions,
    now: DateTime<Utc>,
) -> Result<String> {
    let facts = facts::MissionFacts::load(conn, mission_id, now)?;
    ics::calendar(conn, &facts, options)
}
