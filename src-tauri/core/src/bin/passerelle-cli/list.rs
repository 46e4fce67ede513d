use crate::print_json;
use passerelle_core::{store, Error, Result, Store};

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
    let mission = || -> Result<String> {
        args.mission
            .clone()
            .ok_or_else(|| Error::validation("mission", "--mission ID is required"))
    };
    store.read(|conn| match args.what {
        Kind::Organisations => print_json(&store::organisations::list(conn)?),
        Kind::Contacts => print_json(&store::contacts::list(conn)?),
        Kind::Technologies => print_json(&store::technologies::list(conn)?),
        Kind::Missions => print_json(&store::missions::list(conn)?),
        Kind::Specialties => print_json(&store::specialties::list(conn)?),
        Kind::Agenda => {
            let id = mission()?;
            store::missions::get(conn, &id)?;
            print_json(&store::agenda::of_mission(conn, &id)?)
        }
        Kind::Sites => {
            let id = mission()?;
            store::missions::get(conn, &id)?;
            print_json(&store::sites::of_mission(conn, &id)?)
        }
        Kind::Subgroups => {
            let id = mission()?;
            store::missions::get(conn, &id)?;
            print_json(&store::missions::detail_subgroups(conn, &id)?)
        }
        Kind::Delegation => {
            let id = mission()?;
            store::missions::get(conn, &id)?;
            print_json(&store::missions::detail_delegation(conn, &id)?)
        }
    })
}
