//! `team init-server|add-member|remove-member` (the administrator, against the server) and
//! `team join|sync|status|leave` (a laptop's data file). The JSON printed by `sync` (`pushed`,
//! `pulled`, `conflicts`) and `status` is a contract. The administrator's password is the
//! URL's or `PGPASSWORD`'s; a member's comes from a file (`--password-file`), never the
//! command line.

use crate::print_json;
use passerelle_core::store::team::server::{members, schema, Endpoint};
use passerelle_core::team::{self, password};
use passerelle_core::{Result, Store};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct TeamArgs {
    #[command(subcommand)]
    command: TeamCommand,
}

#[derive(clap::Subcommand)]
enum TeamCommand {
    /// Creates (or upgrades) the team schema in the server's database (as its administrator).
    InitServer(ServerArgs),
    /// Adds a member with scopes, or gives an existing member more scopes (and a new password).
    AddMember(AddMemberArgs),
    /// Removes a member (no more login), or with --scope takes only those scopes away.
    RemoveMember(RemoveMemberArgs),
    /// Joins this data file to the server as a member; the password is kept beside the file,
    /// readable by its user only.
    Join(JoinArgs),
    /// Sends this copy's changes the server lacks, receives the others' and merges them.
    Sync(JsonArgs),
    /// Where this copy stands: server, member, last sync, changes waiting, state.
    Status(JsonArgs),
    /// Leaves the server: this copy forgets the connection and the kept password (its data
    /// stays, and a later join sends what the server lacks).
    Leave(JsonArgs),
}

#[derive(clap::Args)]
struct ServerArgs {
    /// The server's database, e.g. postgresql://admin@server.agency.example/passerelle (the
    /// password in the URL or in PGPASSWORD).
    #[arg(long, value_name = "URL")]
    url: String,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct AddMemberArgs {
    #[arg(long, value_name = "URL")]
    url: String,
    /// The member's name (lower-case letters, digits, `_`): their login on the server.
    #[arg(long, value_name = "NAME")]
    member: String,
    /// A file whose first line is the member's password (needed for a new member).
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
    /// `directory` or `mission:<id>`; repeat the option for several scopes.
    #[arg(long, value_name = "SCOPE")]
    scope: Vec<String>,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct RemoveMemberArgs {
    #[arg(long, value_name = "URL")]
    url: String,
    #[arg(long, value_name = "NAME")]
    member: String,
    /// Only take these scopes away (repeatable); without it the member is removed.
    #[arg(long, value_name = "SCOPE")]
    scope: Vec<String>,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct JoinArgs {
    /// The server's database, e.g. postgresql://server.agency.example/passerelle.
    #[arg(long, value_name = "URL")]
    url: String,
    #[arg(long, value_name = "NAME")]
    member: String,
    /// A file whose first line is the member's password.
    #[arg(long, value_name = "FILE")]
    password_file: PathBuf,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct JsonArgs {
    #[arg(long)]
    json: bool,
}

/// Runs a `team` command; `open` opens the data file (the administrator's commands need none).
pub fn run(open: impl Fn() -> Result<Store>, args: TeamArgs) -> Result<()> {
    match args.command {
        TeamCommand::InitServer(a) => {
            let (endpoint, admin, mut client) = admin(&a.url)?;
            let done = schema::init(&mut client, &endpoint.display, &admin)?;
            if a.json {
                print_json(&done)
            } else {
                println!(
                    "team schema {} on {} (was {})",
                    done.to, endpoint.display, done.from
                );
                Ok(())
            }
        }
        TeamCommand::AddMember(a) => {
            let secret = a
                .password_file
                .as_deref()
                .map(password::from_file)
                .transpose()?;
            let (endpoint, admin, mut client) = admin(&a.url)?;
            schema::check(&mut client, &endpoint.display, &admin)?;
            let added = members::add(
                &mut client,
                &endpoint.display,
                &admin,
                &a.member,
                secret.as_deref(),
                &a.scope,
            )?;
            if a.json {
                print_json(&added)
            } else {
                println!("{}: {}", added.member, added.scopes.join(", "));
                Ok(())
            }
        }
        TeamCommand::RemoveMember(a) => {
            let (endpoint, admin, mut client) = admin(&a.url)?;
            schema::check(&mut client, &endpoint.display, &admin)?;
            let removed =
                members::remove(&mut client, &endpoint.display, &admin, &a.member, &a.scope)?;
            if a.json {
                print_json(&removed)
            } else if removed.removed {
                println!("{} removed", removed.member);
                Ok(())
            } else {
                println!("{} keeps: {}", removed.member, removed.scopes.join(", "));
                Ok(())
            }
        }
        TeamCommand::Join(a) => {
            let secret = password::from_file(&a.password_file)?;
            let joined = team::join(&open()?, &a.url, &a.member, &secret)?;
            if a.json {
                print_json(&joined)
            } else {
                println!(
                    "joined {} as {} ({})",
                    joined.server,
                    joined.member,
                    joined.scopes.join(", ")
                );
                Ok(())
            }
        }
        TeamCommand::Sync(a) => {
            let done = team::sync(&open()?)?;
            if a.json {
                print_json(&done)
            } else {
                println!(
                    "pushed {}, pulled {}, conflicts {}",
                    done.pushed, done.pulled, done.conflicts
                );
                Ok(())
            }
        }
        TeamCommand::Status(a) => {
            let status = team::status(&open()?)?;
            if a.json {
                print_json(&status)
            } else {
                println!("{}", status.message.english());
                Ok(())
            }
        }
        TeamCommand::Leave(a) => {
            let left = team::leave(&open()?)?;
            if a.json {
                print_json(&serde_json::json!({ "left": left }))
            } else {
                println!(
                    "{}",
                    if left {
                        "left the team server"
                    } else {
                        "not joined"
                    }
                );
                Ok(())
            }
        }
    }
}

/// The administrator's connection: the URL's role (else `postgres`) and password (the URL's,
/// else `PGPASSWORD`).
fn admin(
    url: &str,
) -> Result<(
    Endpoint,
    String,
    passerelle_core::store::team::server::Client,
)> {
    let endpoint = Endpoint::parse(url)?;
    let (user, secret) = endpoint.url_login();
    let user = user.unwrap_or_else(|| "postgres".to_owned());
    let client = endpoint.connect(&user, secret.as_deref())?;
    Ok((endpoint, user, client))
}
