//! Logistics from the command line (issue 18): a delegation member's arrival and departure
//! (`travel add|list|edit|delete`) and hotel stays (`stay add|list|edit|delete`). The rooming
//! list is an `export` kind (`export rooming --format xlsx|pdf`).

use crate::print_json;
use crate::setup::{print_id, replace_text};
use passerelle_core::documents::{self, DocumentKind, DocumentRequest, Langs};
use passerelle_core::domain::{RoomType, StayInput, TravelInput, TravelKind, TravelMode};
use passerelle_core::{store, Error, Result, Store};
use std::path::Path;

#[derive(clap::Args)]
pub struct TravelArgs {
    #[command(subcommand)]
    action: TravelAction,
}

#[derive(clap::Subcommand)]
enum TravelAction {
    /// Enters a person's arrival or departure; prints {"id": "trv_…"}.
    Add {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "ID")]
        contact: String,
        /// arrival or departure.
        #[arg(long)]
        kind: String,
        /// flight (default), train or other.
        #[arg(long)]
        mode: Option<String>,
        /// When the person lands or leaves: an ISO instant (2025-06-26T11:40:00+02:00), or a
        /// wall-clock time read in the mission's host zone (2025-06-26T11:40).
        #[arg(long, value_name = "ISO_INSTANT")]
        at: String,
        /// The airport or station.
        #[arg(long)]
        place: String,
        /// The flight or train number, or a booking reference.
        #[arg(long = "ref", value_name = "TEXT")]
        reference: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Lists a mission's arrivals and departures as JSON, by time.
    List {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        json: bool,
    },
    /// Changes the fields given of an arrival or departure; prints {"id": "trv_…"}.
    Edit {
        #[arg(long, value_name = "ID")]
        id: String,
        #[arg(long)]
        mode: Option<String>,
        #[arg(long, value_name = "ISO_INSTANT")]
        at: Option<String>,
        #[arg(long)]
        place: Option<String>,
        /// The new reference ("" removes it).
        #[arg(long = "ref", value_name = "TEXT")]
        reference: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Deletes an arrival or departure.
    Delete {
        #[arg(long, value_name = "ID")]
        id: String,
    },
}

#[derive(clap::Args)]
pub struct StayArgs {
    #[command(subcommand)]
    action: StayAction,
}

#[derive(clap::Subcommand)]
enum StayAction {
    /// Books a person's nights at a hotel of the directory; prints {"id": "sty_…"}.
    Add {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "ID")]
        contact: String,
        /// The hotel: an organisation of the directory.
        #[arg(long, value_name = "ORG_ID")]
        hotel: String,
        /// Check-in date (the first night), YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Check-out date (the morning after the last night), YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        to: String,
        /// single (default), double, twin or suite.
        #[arg(long)]
        room: Option<String>,
        /// The delegation member sharing the room (contact id).
        #[arg(long, value_name = "ID")]
        sharing: Option<String>,
        /// The hotel's booking reference.
        #[arg(long = "ref", value_name = "TEXT")]
        reference: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Lists a mission's stays as JSON, by hotel and check-in.
    List {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        json: bool,
    },
    /// Changes the fields given of a stay; prints {"id": "sty_…"}.
    Edit {
        #[arg(long, value_name = "ID")]
        id: String,
        #[arg(long, value_name = "ORG_ID")]
        hotel: Option<String>,
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long)]
        room: Option<String>,
        /// The person sharing the room ("" for nobody).
        #[arg(long, value_name = "ID")]
        sharing: Option<String>,
        #[arg(long = "ref", value_name = "TEXT")]
        reference: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Deletes a stay.
    Delete {
        #[arg(long, value_name = "ID")]
        id: String,
    },
}

fn kind(text: &str) -> Result<TravelKind> {
    TravelKind::parse(text).ok_or_else(|| {
        Error::validation(
            "kind",
            format!("“{text}” is not {}", TravelKind::expected()),
        )
    })
}

fn mode(text: Option<&str>) -> Result<Option<TravelMode>> {
    text.map(|t| {
        TravelMode::parse(t).ok_or_else(|| {
            Error::validation("mode", format!("“{t}” is not {}", TravelMode::expected()))
        })
    })
    .transpose()
}

fn room(text: Option<&str>) -> Result<Option<RoomType>> {
    text.map(|t| {
        RoomType::parse(t).ok_or_else(|| {
            Error::validation("room", format!("“{t}” is not {}", RoomType::expected()))
        })
    })
    .transpose()
}

pub fn travel(store: &Store, args: TravelArgs) -> Result<()> {
    match args.action {
        TravelAction::Add {
            mission,
            contact,
            kind: k,
            mode: m,
            at,
            place,
            reference,
            json,
        } => {
            let input = TravelInput {
                id: None,
                mission_id: mission,
                contact_id: contact,
                kind: kind(&k)?,
                mode: mode(m.as_deref())?,
                at,
                place,
                reference,
            };
            let id = store.write("action.saveTravel", |w| store::travel::put(w, &input))?;
            print_id(&id, json)
        }
        TravelAction::List { mission, json: _ } => {
            print_json(&store.read(|c| store::travel::of_mission(c, &mission))?)
        }
        TravelAction::Edit {
            id,
            mode: m,
            at,
            place,
            reference,
            json,
        } => {
            let m = mode(m.as_deref())?;
            let id = store.write("action.saveTravel", |w| {
                let mut input = store::travel::input_of(w, &id)?;
                input.mode = m.or(input.mode);
                input.at = at.unwrap_or(input.at);
                input.place = place.unwrap_or(input.place);
                replace_text(reference, &mut input.reference);
                store::travel::put(w, &input)
            })?;
            print_id(&id, json)
        }
        TravelAction::Delete { id } => {
            store.write("action.deleteTravel", |w| store::travel::delete(w, &id))
        }
    }
}

pub fn stay(store: &Store, args: StayArgs) -> Result<()> {
    match args.action {
        StayAction::Add {
            mission,
            contact,
            hotel,
            from,
            to,
            room: r,
            sharing,
            reference,
            json,
        } => {
            let input = StayInput {
                id: None,
                mission_id: mission,
                contact_id: contact,
                hotel_id: hotel,
                check_in: from,
                check_out: to,
                room_type: room(r.as_deref())?,
                sharing_with: sharing,
                reference,
            };
            let id = store.write("action.saveStay", |w| store::stays::put(w, &input))?;
            print_id(&id, json)
        }
        StayAction::List { mission, json: _ } => {
            print_json(&store.read(|c| store::stays::of_mission(c, &mission))?)
        }
        StayAction::Edit {
            id,
            hotel,
            from,
            to,
            room: r,
            sharing,
            reference,
            json,
        } => {
            let r = room(r.as_deref())?;
            let id = store.write("action.saveStay", |w| {
                let mut input = store::stays::input_of(w, &id)?;
                input.hotel_id = hotel.unwrap_or(input.hotel_id);
                input.check_in = from.unwrap_or(input.check_in);
                input.check_out = to.unwrap_or(input.check_out);
                input.room_type = r.or(input.room_type);
                replace_text(sharing, &mut input.sharing_with);
                replace_text(reference, &mut input.reference);
                store::stays::put(w, &input)
            })?;
            print_id(&id, json)
        }
        StayAction::Delete { id } => {
            store.write("action.deleteStay", |w| store::stays::delete(w, &id))
        }
    }
}

/// `export rooming --mission ID --format xlsx|pdf [--lang L] --out F`: the rooming list per
/// hotel, in English unless `--lang` says otherwise (a PDF may be in two languages: fr+zh-TW).
pub fn export_rooming(
    store: &Store,
    xlsx: bool,
    flags: &crate::documents::DocumentFlags,
    out: &Path,
) -> Result<()> {
    let mission = flags.mission()?;
    let lang = flags.lang.as_deref().unwrap_or("en");
    let bytes = if xlsx {
        let lang = Langs::first_or_english(Some(lang))?;
        store.read(|c| documents::rooming::xlsx(c, &mission, lang))?
    } else {
        let request = DocumentRequest {
            kind: DocumentKind::Rooming,
            mission_id: mission,
            participant: None,
            versions: None,
            langs: Langs::parse(lang)?,
        };
        let now = store.now();
        store.read(|c| documents::render(c, &request, now))?
    };
    crate::documents::write_out(out, &bytes)
}
