use crate::print_json;
use passerelle_core::{store, Error, Result, Store};
use rusqlite::Connection;

#[derive(clap::Args)]
pub struct Args {
    what: Kind,
    /// The mission, for `agenda`, `sites`, `subgroups` and `delegation`.
    #[arg(long, value_name = "ID")]
    mission: Option<String>,
    /// JSON is the only output format; the flag is accepted for explicitness.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Kind {
    Organisations,
    Contacts,
    Technologies,
    Missions,
    Agenda,
    Sites,
    /// A mission's sub-groups (tracks), with their names for each language's documents.
    Subgroups,
    /// A mission's delegation: each person with their role and sub-group.
    Delegation,
    Specialties,
}

pub fn run(store: &Store, args: Args) -> Result<()> {
    let mission = args.mission.as_deref();
    store.read(|conn| match args.what {
        Kind::Organisations => print_json(&store::organisations::list(conn)?),
        Kind::Contacts => print_json(&store::contacts::list(conn)?),
        Kind::Technologies => print_json(&store::technologies::list(conn)?),
        Kind::Missions => print_json(&store::missions::list(conn)?),
        Kind::Specialties => print_json(&store::specialties::list(conn)?),
        Kind::Agenda => of_mission(conn, mission, store::agenda::of_mission),
        Kind::Sites => of_mission(conn, mission, store::sites::of_mission),
        Kind::Subgroups => of_mission(conn, mission, store::missions::detail_subgroups),
        Kind::Delegation => of_mission(conn, mission, store::missions::detail_delegation),
    })
}

/// Prints a mission's records read by `read`, once the mission is known to exist.
fn of_mission<T: serde::Serialize>(
    conn: &Connection,
    mission: Option<&str>,
    read: impl Fn(&Connection, &str) -> Result<T>,
) -> Result<()> {
    let id = mission.ok_or_else(|| Error::validation("mission", "--mission ID is required"))?;
    store::missions::get(conn, id)?;
    print_json(&read(conn, id)?)
}
