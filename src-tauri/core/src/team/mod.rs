//! A laptop and the agency's team server (issue 16): `join` keeps the connection in this copy
//! (the password in a file beside the data file that only its user reads), `sync` pushes this
//! copy's change sets in the member's scopes that the server lacks and pulls what others pushed
//! since the last pull, merged by the same `Store::apply_change_sets` as an exchange file;
//! `status` says where this copy stands. The server is never needed to work: offline, changes
//! wait in the change log and go out with the next sync.

pub mod password;

use crate::error::{Error, Result};
use crate::messages::Message;
use crate::store::team::local::{self, Link};
use crate::store::team::server::{self, members, ops, schema, Endpoint};
use crate::sync::op::{ChangeSet, VersionVector};
use crate::Store;
use serde::Serialize;
use std::collections::BTreeMap;

/// What `team join` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, rename = "TeamJoined")]
pub struct Joined {
    pub server: String,
    pub member: String,
    /// The member's scopes on the server (`directory`, `mission:<id>`).
    pub scopes: Vec<String>,
}

/// What `team sync` did (`--json`; `pushed`, `pulled` and `conflicts` are a contract).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "TeamSynced")]
pub struct Synced {
    /// Ops this copy sent that the server did not have.
    #[ts(type = "number")]
    pub pushed: u64,
    /// Ops received from the server (made on other copies).
    #[ts(type = "number")]
    pub pulled: u64,
    /// Conflicts the merge raised for the planner (listed by `sync conflicts`).
    #[ts(type = "number")]
    pub conflicts: u64,
    /// Of the ops received, those that changed this copy.
    #[ts(type = "number")]
    pub applied: u64,
}

/// Where this copy stands with the server (`team status --json`; the window's sidebar).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "TeamStatus")]
pub struct Status {
    /// `notJoined`, `synced`, `waiting` (changes not sent yet), `offline` or `error`.
    pub state: String,
    /// The state in words: a `team.state.*` code (or the last attempt's refusal).
    pub message: crate::messages::Message,
    /// The server's URL, without a password.
    pub server: Option<String>,
    pub member: Option<String>,
    /// The last sync that went through (RFC 3339, UTC).
    pub last_sync: Option<String>,
    /// Ops of this copy the server does not hold yet, in the member's scopes.
    #[ts(type = "number")]
    pub ops_waiting: u64,
    /// The member's scopes at the last sync.
    pub scopes: Vec<String>,
}

/// Joins the server at `url` as `member`: checks the login and the server's schema, keeps the
/// connection in this copy and the password beside the data file.
pub fn join(store: &Store, url: &str, member: &str, password: &str) -> Result<Joined> {
    members::check_name(member)?;
    let endpoint = Endpoint::parse(url)?;
    let mut client = endpoint.connect(member, Some(password))?;
    schema::check(&mut client, &endpoint.display, member)?;
    let scopes = ops::scopes(&mut client, &endpoint.display, member)?;
    password::save(store.path(), password)?;
    let url = server::connect::redact(url);
    let at = crate::time::format_utc(store.now());
    store.write("action.noteTeamSync", |w| {
        local::join(w, &url, member, &at)?;
        local::note_scopes(w, &scopes)
    })?;
    Ok(Joined {
        server: endpoint.display,
        member: member.to_owned(),
        scopes,
    })
}

/// Leaves the server: this copy forgets the connection, its cursors and the kept password; its
/// data and change log stay (a later join sends what the server lacks). False when it had not
/// joined.
pub fn leave(store: &Store) -> Result<bool> {
    let had = store.write("action.noteTeamSync", local::leave)?;
    password::forget(store.path())?;
    Ok(had)
}

/// Whether this copy has joined a server (what a background sync waits for).
pub fn is_joined(store: &Store) -> Result<bool> {
    Ok(store.read(local::link)?.is_some())
}

/// The field of the join form a refusal concerns (the window shows it beside that field):
/// the server's address, the member's name or the password; `None` for the others.
pub fn join_field(code: &str) -> Option<&'static str> {
    match code {
        "teamBadUrl"
        | "teamTlsRequired"
        | "teamCertificateFile"
        | "teamTls"
        | "teamOffline"
        | "teamServerEmpty"
        | "teamServerNewer"
        | "teamServerOlder" => Some("url"),
        "teamBadMember" | "teamMemberRemoved" | "teamUnknownMember" => Some("member"),
        "teamWrongPassword" | "teamPasswordFile" => Some("password"),
        _ => None,
    }
}

/// Pushes what the server lacks, pulls what others pushed and merges it. A failure (the
/// server unreachable, a refusal) is noted for `status` and returned; nothing is lost: the
/// change sets stay in the log and go out with the next sync.
pub fn sync(store: &Store) -> Result<Synced> {
    let mut session = Session::open(store)?;
    session.sync(store)
}

/// A connection to the server kept between syncs (a background sync, the benchmark): one
/// login, and the server's announcements of pushes (`LISTEN`) to wake the next sync.
pub struct Session {
    endpoint: Endpoint,
    member: String,
    client: server::Client,
    /// This copy's replica once the server has it as the member's (claimed at the first sync).
    claimed: Option<String>,
    /// What the server holds, as far as this session knows: read at its first sync (a scan
    /// of every change set on the server), then kept up to date with what it pushes and pulls,
    /// so that a sync costs what changed, not the server's size. What it cannot know (a change
    /// set another member relayed meanwhile) is at worst sent again, and the server ignores
    /// it as a duplicate.
    server_held: Option<VersionVector>,
}

impl Session {
    /// Logs in as the joined member and checks the server's schema.
    pub fn open(store: &Store) -> Result<Session> {
        noting(store, || {
            let link = joined(store)?;
            let endpoint = Endpoint::parse(&link.url)?;
            let secret = password::read(store.path())?;
            let mut client = endpoint.connect(&link.member, Some(&secret))?;
            schema::check(&mut client, &endpoint.display, &link.member)?;
            ops::listen(&mut client, &endpoint.display, &link.member)?;
            Ok(Session {
                endpoint,
                member: link.member,
                client,
                claimed: None,
                server_held: None,
            })
        })
    }

    /// One sync: push, pull, merge.
    pub fn sync(&mut self, store: &Store) -> Result<Synced> {
        noting(store, || self.sync_now(store))
    }

    /// Waits up to `timeout` for another copy's push; true when one was announced.
    pub fn wait_for_push(&mut self, timeout: std::time::Duration) -> bool {
        ops::wait_for_push(&mut self.client, timeout)
    }

    /// Whether the server closed the connection (stopped, restarted, the network gone): a
    /// new session is needed.
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    fn sync_now(&mut self, store: &Store) -> Result<Synced> {
        let server = self.endpoint.display.as_str();
        let member = self.member.as_str();
        let client = &mut self.client;
        let replica = store.replica_id()?;
        if self.claimed.as_deref() != Some(replica.as_str()) {
            claim(client, server, member, &replica)?;
            self.claimed = Some(replica.clone());
        }
        let server_held = match self.server_held.take() {
            Some(known) => known,
            None => ops::held(client, server, member)?,
        };
        let (done, server_held) = sync_with(client, server, member, store, &replica, server_held)?;
        self.server_held = Some(server_held);
        Ok(done)
    }
}

/// Runs `f`; a failure is noted in this copy for `status` (its message), then returned.
fn noting<T>(store: &Store, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let result = f();
    if let Err(e) = &result {
        let why = match e {
            Error::Refused(m) => m.clone(),
            other => Message::new("teamServerError").with("detail", other),
        };
        let at = crate::time::format_utc(store.now());
        store.write("action.noteTeamSync", |w| local::note_failed(w, &at, &why))?;
    }
    result
}

/// Claims this copy's replica for the member on the server (its first push makes it theirs);
/// refused when it is another member's.
fn claim(client: &mut server::Client, server: &str, member: &str, replica: &str) -> Result<()> {
    if ops::claim(client, server, member, replica)? {
        Ok(())
    } else {
        Err(Error::Refused(
            Message::new("teamReplicaTaken").with("replica", replica),
        ))
    }
}

/// One sync on `client`, knowing that the server holds `server_held`: push, pull, merge.
/// Returns what it did and what the server holds now.
fn sync_with(
    client: &mut server::Client,
    server: &str,
    member: &str,
    store: &Store,
    replica: &str,
    mut server_held: VersionVector,
) -> Result<(Synced, VersionVector)> {
    let scopes = ops::scopes(client, server, member)?;
    let others = ops::others_replicas(client, server, member)?;
    let out = outgoing(store, &scopes, &server_held, &others)?;
    let refs: Vec<ops::Outgoing<'_>> = out
        .iter()
        .map(|(scope, set)| ops::Outgoing {
            scope: scope.clone(),
            set,
        })
        .collect();
    let sent = ops::push(client, server, member, &refs)?;
    for (_, set) in &out {
        server_held.note(&set.replica, set.seq);
    }

    let cursors = store.read(local::cursors)?;
    let wanted: Vec<(String, ops::Cursor)> = scopes
        .iter()
        .map(|s| (s.clone(), cursors.get(s).copied().unwrap_or_default()))
        .collect();
    let pulled = ops::pull(client, server, member, replica, &wanted)?;
    let received: u64 = pulled.sets.iter().map(|s| s.ops.len() as u64).sum();
    let merged = if pulled.sets.is_empty() {
        Default::default()
    } else {
        store.apply_change_sets(&pulled.sets)?
    };

    for set in &pulled.sets {
        server_held.note(&set.replica, set.seq);
    }
    let at = crate::time::format_utc(store.now());
    store.write("action.noteTeamSync", |w| {
        for (scope, cursor) in &pulled.cursors {
            local::set_cursor(w, scope, *cursor)?;
        }
        local::note_synced(w, &at, &scopes, &server_held, &others)
    })?;
    let done = Synced {
        pushed: sent,
        pulled: received,
        conflicts: merged.conflicts,
        applied: merged.applied,
    };
    Ok((done, server_held))
}

/// Where this copy stands, from what it knows (no connection to the server).
pub fn status(store: &Store) -> Result<Status> {
    let Some(link) = store.read(local::link)? else {
        return Ok(Status {
            state: "notJoined".into(),
            message: Message::new("team.state.notJoined"),
            server: None,
            member: None,
            last_sync: None,
            ops_waiting: 0,
            scopes: Vec::new(),
        });
    };
    let waiting: u64 = outgoing(store, &link.scopes, &link.server_held, &link.others)?
        .iter()
        .map(|(_, s)| s.ops.len() as u64)
        .sum();
    let (state, message) = match &link.last_error {
        Some(m) if m.code == "teamOffline" => (
            "offline",
            Message::new("team.state.offline").with("count", waiting),
        ),
        Some(m) => ("error", m.clone()),
        None if waiting > 0 => (
            "waiting",
            Message::new("team.state.waiting").with("count", waiting),
        ),
        None if link.last_sync_at.is_none() => ("joined", Message::new("team.state.joined")),
        None => ("synced", Message::new("team.state.synced")),
    };
    Ok(Status {
        state: state.into(),
        message,
        server: Some(link.url),
        member: Some(link.member),
        last_sync: link.last_sync_at,
        ops_waiting: waiting,
        scopes: link.scopes,
    })
}

fn joined(store: &Store) -> Result<Link> {
    store
        .read(local::link)?
        .ok_or_else(|| Error::Refused(Message::new("teamNotJoined")))
}

/// The change sets in the member's `scopes` that the server does not hold (`server_held`),
/// this copy's own and those it relays (made by copies no member claimed: a seeded copy, a
/// file received from a colleague), never those of other members' replicas (`others`), in
/// each replica's order; each under the server scope it goes to: its own scope when the
/// member holds it, else the first scope it is found in (the directory first).
fn outgoing(
    store: &Store,
    scopes: &[String],
    server_held: &VersionVector,
    others: &[String],
) -> Result<Vec<(String, ChangeSet)>> {
    let held = store.held()?;
    let mut has = server_held.clone();
    for replica in others {
        if let Some(ranges) = held.0.get(replica) {
            for [a, b] in ranges {
                has.note_range(replica, *a, *b);
            }
        }
    }
    let covered = held.0.iter().all(|(replica, ranges)| {
        ranges.iter().all(|[a, b]| {
            has.0
                .get(replica)
                .is_some_and(|rs| rs.iter().any(|[x, y]| x <= a && b <= y))
        })
    });
    if covered {
        return Ok(Vec::new());
    }
    let mut ordered: Vec<&String> = scopes.iter().collect();
    ordered.sort_by_key(|s| (s.as_str() != "directory", s.as_str()));
    let mut found: BTreeMap<(String, u64), (String, ChangeSet)> = BTreeMap::new();
    for text in ordered {
        let scope = server::parse_scope(text)?;
        for set in store.change_sets_lacking(&scope, &held, &has)? {
            let own = server::scope_text(&set.scope) == *text;
            match found.get_mut(&(set.replica.clone(), set.seq)) {
                Some(entry) if own => entry.0 = text.clone(),
                Some(_) => {}
                None => {
                    found.insert((set.replica.clone(), set.seq), (text.clone(), set));
                }
            }
        }
    }
    Ok(found.into_values().collect())
}
