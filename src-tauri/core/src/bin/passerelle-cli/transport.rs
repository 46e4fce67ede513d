//! Ground transport from the command line (issue 18, part 2): a mission's vehicles
//! (`vehicle add|list|edit|delete`); transfers are agenda items (`agenda add --kind transfer
//! --vehicle ID --from-site ID --site ID`), and the driver's sheet an `export` kind
//! (`export transport --mission ID --lang L --out F.pdf`).

use crate::print_json;
use crate::setup::{print_id, replace_text};
use passerelle_core::domain::{VehicleInput, VehicleKind};
use passerelle_core::{store, Error, Result, Store};

#[derive(clap::Args)]
pub struct VehicleArgs {
    #[command(subcommand)]
    action: VehicleAction,
}

#[derive(clap::Subcommand)]
enum VehicleAction {
    /// Adds a vehicle to a mission; prints {"id": "veh_…"}.
    Add {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long, value_name = "TEXT")]
        name: String,
        /// Passenger seats (the driver's not counted).
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        seats: String,
        /// coach (default), minibus or car.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, value_name = "TEXT")]
        driver: Option<String>,
        /// The coach company: an organisation of the directory.
        #[arg(long, value_name = "ORG_ID")]
        company: Option<String>,
        /// The phone number on the day, in international form (+32 …).
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Lists a mission's vehicles as JSON, by name.
    List {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        json: bool,
    },
    /// Changes the fields given of a vehicle ("" empties the driver, company or phone); prints
    /// {"id": "veh_…"}.
    Edit {
        #[arg(long, value_name = "ID")]
        id: String,
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        seats: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, value_name = "TEXT")]
        driver: Option<String>,
        #[arg(long, value_name = "ORG_ID")]
        company: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Deletes a vehicle (its transfers stay, without a vehicle).
    Delete {
        #[arg(long, value_name = "ID")]
        id: String,
    },
}

fn kind(text: Option<&str>) -> Result<Option<VehicleKind>> {
    text.map(|t| {
        VehicleKind::parse(t).ok_or_else(|| {
            Error::validation("kind", format!("“{t}” is not {}", VehicleKind::expected()))
        })
    })
    .transpose()
}

pub fn vehicle(store: &Store, args: VehicleArgs) -> Result<()> {
    match args.action {
        VehicleAction::Add {
            mission,
            name,
            seats,
            kind: k,
            driver,
            company,
            phone,
            json,
        } => {
            let input = VehicleInput {
                id: None,
                mission_id: mission,
                name,
                kind: kind(k.as_deref())?,
                seats,
                driver,
                company_id: company,
                phone,
            };
            let id = store.write("action.saveVehicle", |w| store::vehicles::put(w, &input))?;
            print_id(&id, json)
        }
        VehicleAction::List { mission, json: _ } => {
            print_json(&store.read(|c| store::vehicles::of_mission(c, &mission))?)
        }
        VehicleAction::Edit {
            id,
            name,
            seats,
            kind: k,
            driver,
            company,
            phone,
            json,
        } => {
            let k = kind(k.as_deref())?;
            let id = store.write("action.saveVehicle", |w| {
                let mut input = store::vehicles::input_of(w, &id)?;
                input.name = name.unwrap_or(input.name);
                input.seats = seats.unwrap_or(input.seats);
                input.kind = k.or(input.kind);
                replace_text(driver, &mut input.driver);
                replace_text(company, &mut input.company_id);
                replace_text(phone, &mut input.phone);
                store::vehicles::put(w, &input)
            })?;
            print_id(&id, json)
        }
        VehicleAction::Delete { id } => {
            store.write("action.deleteVehicle", |w| store::vehicles::delete(w, &id))
        }
    }
}
