//! A mission's planning rules, without a window: `rules show|set` (road speed, detour factor,
//! longest day, lunch window and break), as the sites page keeps them: one store function, its
//! range checks, one logged write.

use crate::print_json;
use passerelle_core::{store, Result, Store};

#[derive(clap::Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    action: RulesAction,
}

#[derive(clap::Subcommand)]
enum RulesAction {
    /// Prints a mission's rules: {"roadSpeedKmh", "detourFactor", "maxDayMinutes", "lunchFrom",
    /// "lunchTo", "lunchMinutes"} (the defaults until set).
    Show {
        #[arg(long, value_name = "ID")]
        mission: String,
    },
    /// Changes the rules given (the others stay); prints them all.
    Set {
        #[arg(long, value_name = "ID")]
        mission: String,
        /// Average road speed for journeys estimated from coordinates, km/h (5-200).
        #[arg(long = "road-speed", value_name = "KMH", value_parser = decimal)]
        road_speed: Option<f64>,
        /// Road distance over straight-line distance (1-3; "1,3" or "1.3").
        #[arg(long, value_name = "FACTOR", value_parser = decimal)]
        detour: Option<f64>,
        /// The longest acceptable day for one person, in minutes (60-1440).
        #[arg(long = "max-day", value_name = "MINUTES")]
        max_day: Option<u32>,
        /// The lunch window's start, HH:MM in the host zone.
        #[arg(long = "lunch-from", value_name = "HH:MM")]
        lunch_from: Option<String>,
        /// The lunch window's end, HH:MM in the host zone.
        #[arg(long = "lunch-to", value_name = "HH:MM")]
        lunch_to: Option<String>,
        /// The shortest lunch break, in minutes (0-240).
        #[arg(long = "lunch-minutes", value_name = "MINUTES")]
        lunch_minutes: Option<u32>,
    },
}

/// A decimal number written with a comma or a point, as the window takes it.
fn decimal(text: &str) -> std::result::Result<f64, String> {
    passerelle_core::domain::validate::typed_decimal(text)
        .ok_or_else(|| format!("'{text}' is not a number"))
}

pub fn rules(store: &Store, args: RulesArgs) -> Result<()> {
    match args.action {
        RulesAction::Show { mission } => {
            let rules = store.read(|c| {
                store::missions::get(c, &mission)?;
                store::programme::settings(c, &mission)
            })?;
            print_json(&rules)
        }
        RulesAction::Set {
            mission,
            road_speed,
            detour,
            max_day,
            lunch_from,
            lunch_to,
            lunch_minutes,
        } => {
            let rules = store.write("action.savePlanningSettings", |w| {
                store::missions::get(w, &mission)?;
                let mut rules = store::programme::settings(w, &mission)?;
                rules.road_speed_kmh = road_speed.unwrap_or(rules.road_speed_kmh);
                rules.detour_factor = detour.unwrap_or(rules.detour_factor);
                rules.max_day_minutes = max_day.unwrap_or(rules.max_day_minutes);
                rules.lunch_from = lunch_from.unwrap_or(rules.lunch_from);
                rules.lunch_to = lunch_to.unwrap_or(rules.lunch_to);
                rules.lunch_minutes = lunch_minutes.unwrap_or(rules.lunch_minutes);
                store::programme::save_settings(w, &mission, &rules)?;
                Ok(rules)
            })?;
            print_json(&rules)
        }
    }
}
