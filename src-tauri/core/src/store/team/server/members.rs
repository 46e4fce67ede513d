//! The administrator's side: members are PostgreSQL roles (LOGIN, a SCRAM verifier computed
//! here, so that the password itself never reaches the server) granted `passerelle_member`,
//! listed in `passerelle.members` with their scopes (`directory`, `mission:<id>`).

use super::{parse_scope, refused};
use crate::error::{Error, Result};
use crate::messages::Message;
use postgres::Client;

/// A member's name: a PostgreSQL role of lower-case letters, digits and `_`, starting with a
/// letter (never `pg_…` nor a role of the cluster that is not a member).
pub fn check_name(name: &str) -> Result<()> {
    let ok = name.len() <= 63
        && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !name.starts_with("pg_")
        && !name.starts_with("passerelle");
    if ok {
        Ok(())
    } else {
        Err(Error::Refused(
            Message::new("teamBadMember").with("member", name),
        ))
    }
}

/// What `add-member` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Added {
    pub member: String,
    /// A new member (false: scopes added to, or the password changed of, a member).
    pub created: bool,
    pub scopes: Vec<String>,
}

/// Adds a member, or gives an existing (or removed) one more scopes and, with `password`, a
/// new password. A new member needs a password.
pub fn add(
    client: &mut Client,
    server: &str,
    admin: &str,
    name: &str,
    password: Option<&str>,
    scopes: &[String],
) -> Result<Added> {
    check_name(name)?;
    for s in scopes {
        parse_scope(s)?;
    }
    let err = |e: postgres::Error| refused(&e, server, admin);
    let mut tx = client.transaction().map_err(err)?;
    let listed = tx
        .query_opt("SELECT 1 FROM passerelle.members WHERE name = $1", &[&name])
        .map_err(err)?
        .is_some();
    let role = tx
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])
        .map_err(err)?
        .is_some();
    if role && !listed {
        return Err(Error::Refused(
            Message::new("teamRoleTaken").with("member", name),
        ));
    }
    let verifier = password.map(|p| postgres_protocol::password::scram_sha_256(p.as_bytes()));
    if !role {
        let Some(verifier) = &verifier else {
            return Err(Error::Refused(
                Message::new("teamPasswordNeeded").with("member", name),
            ));
        };
        let sql: String = tx
            .query_one(
                "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE passerelle_member', $1::text, $2::text)",
                &[&name, verifier],
            )
            .map_err(err)?
            .get(0);
        tx.batch_execute(&sql).map_err(err)?;
    } else {
        let sql: String = tx
            .query_one("SELECT format('ALTER ROLE %I LOGIN', $1::text)", &[&name])
            .map_err(err)?
            .get(0);
        tx.batch_execute(&sql).map_err(err)?;
        if let Some(verifier) = &verifier {
            let sql: String = tx
                .query_one(
                    "SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text)",
                    &[&name, verifier],
                )
                .map_err(err)?
                .get(0);
            tx.batch_execute(&sql).map_err(err)?;
        }
    }
    tx.execute(
        "INSERT INTO passerelle.members (name) VALUES ($1)
         ON CONFLICT (name) DO UPDATE SET removed_at = NULL",
        &[&name],
    )
    .map_err(err)?;
    for s in scopes {
        tx.execute(
            "INSERT INTO passerelle.scopes (member, scope) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&name, s],
        )
        .map_err(err)?;
    }
    let now = scopes_of(&mut tx, name, &err)?;
    tx.commit().map_err(err)?;
    Ok(Added {
        member: name.to_owned(),
        created: !role,
        scopes: now,
    })
}

/// What `remove-member` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Removed {
    pub member: String,
    /// The member can no longer log in (false: only the scopes given were taken away).
    pub removed: bool,
    /// The scopes the member keeps.
    pub scopes: Vec<String>,
}

/// Takes `scopes` from a member, or with none given removes the member: no more login, no
/// scope, their open sessions ended. What they pushed stays on the server.
pub fn remove(
    client: &mut Client,
    server: &str,
    admin: &str,
    name: &str,
    scopes: &[String],
) -> Result<Removed> {
    check_name(name)?;
    let err = |e: postgres::Error| refused(&e, server, admin);
    let mut tx = client.transaction().map_err(err)?;
    let listed = tx
        .query_opt("SELECT 1 FROM passerelle.members WHERE name = $1", &[&name])
        .map_err(err)?
        .is_some();
    if !listed {
        return Err(Error::Refused(
            Message::new("teamUnknownMember").with("member", name),
        ));
    }
    let whole = scopes.is_empty();
    if whole {
        tx.execute("DELETE FROM passerelle.scopes WHERE member = $1", &[&name])
            .map_err(err)?;
        tx.execute(
            "UPDATE passerelle.members SET removed_at = now() WHERE name = $1",
            &[&name],
        )
        .map_err(err)?;
        let sql: String = tx
            .query_one("SELECT format('ALTER ROLE %I NOLOGIN', $1::text)", &[&name])
            .map_err(err)?
            .get(0);
        tx.batch_execute(&sql).map_err(err)?;
    } else {
        for s in scopes {
            tx.execute(
                "DELETE FROM passerelle.scopes WHERE member = $1 AND scope = $2",
                &[&name, s],
            )
            .map_err(err)?;
        }
    }
    let left = scopes_of(&mut tx, name, &err)?;
    tx.commit().map_err(err)?;
    if whole {
        // Sessions already open would go on until they end: close them now.
        client
            .execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1",
                &[&name],
            )
            .map_err(err)?;
    }
    Ok(Removed {
        member: name.to_owned(),
        removed: whole,
        scopes: left,
    })
}

/// A member's scopes as they stand inside the transaction, in order.
fn scopes_of(
    tx: &mut postgres::Transaction<'_>,
    name: &str,
    err: &impl Fn(postgres::Error) -> Error,
) -> Result<Vec<String>> {
    Ok(tx
        .query(
            "SELECT scope FROM passerelle.scopes WHERE member = $1 ORDER BY scope",
            &[&name],
        )
        .map_err(err)?
        .iter()
        .map(|r| r.get(0))
        .collect())
}
