//! The server's schema: the SQL files shipped in `core/server/`, applied in order, each once,
//! in one transaction, by `team init-server`; the version reached is kept on the server
//! (`passerelle.schema_version`). A client refuses a server whose schema it does not know.

use super::refused;
use crate::error::{Error, Result};
use crate::messages::Message;
use postgres::Client;

const SCHEMA: &[&str] = &[
    include_str!("../../../../server/0001_team.sql"),
    include_str!("../../../../server/0002_scrub.sql"),
    include_str!("../../../../server/0003_scrub_deleted.sql"),
];

/// The server schema this build knows.
pub const SERVER_SCHEMA_VERSION: i32 = SCHEMA.len() as i32;

/// What `init-server` did: the version found (0: an empty database) and the one reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Initialised {
    pub from: i32,
    pub to: i32,
}

/// The version of the server's schema (None: no Passerelle schema in this database).
pub fn version(client: &mut Client, server: &str, role: &str) -> Result<Option<i32>> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('passerelle.schema_version') IS NOT NULL",
            &[],
        )
        .map_err(|e| refused(&e, server, role))?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let row = client
        .query_one("SELECT max(version) FROM passerelle.schema_version", &[])
        .map_err(|e| refused(&e, server, role))?;
    Ok(row.get::<_, Option<i32>>(0))
}

/// Creates or upgrades the schema (as the administrator), in one transaction; a newer schema
/// than this build's is refused, untouched.
pub fn init(client: &mut Client, server: &str, admin: &str) -> Result<Initialised> {
    let err = |e: postgres::Error| refused(&e, server, admin);
    let mut tx = client.transaction().map_err(err)?;
    // Two administrators at once: the second waits, then finds the schema done.
    tx.execute("SELECT pg_advisory_xact_lock(7283163)", &[])
        .map_err(err)?;
    let exists: bool = tx
        .query_one(
            "SELECT to_regclass('passerelle.schema_version') IS NOT NULL",
            &[],
        )
        .map_err(err)?
        .get(0);
    let from: i32 = if exists {
        tx.query_one(
            "SELECT coalesce(max(version), 0) FROM passerelle.schema_version",
            &[],
        )
        .map_err(err)?
        .get(0)
    } else {
        0
    };
    if from > SERVER_SCHEMA_VERSION {
        return Err(newer(from));
    }
    for sql in SCHEMA.iter().skip(usize::try_from(from).unwrap_or(0)) {
        tx.batch_execute(sql).map_err(err)?;
    }
    if from < SERVER_SCHEMA_VERSION {
        tx.execute("DELETE FROM passerelle.schema_version", &[])
            .map_err(err)?;
        tx.execute(
            "INSERT INTO passerelle.schema_version (version) VALUES ($1)",
            &[&SERVER_SCHEMA_VERSION],
        )
        .map_err(err)?;
    }
    tx.commit().map_err(err)?;
    Ok(Initialised {
        from,
        to: SERVER_SCHEMA_VERSION,
    })
}

/// Refuses a server this build cannot work with: no schema, an older one (the administrator
/// runs `team init-server` with this version) or a newer one (this laptop needs an update).
pub fn check(client: &mut Client, server: &str, role: &str) -> Result<()> {
    match version(client, server, role)? {
        None => Err(Error::Refused(
            Message::new("teamServerEmpty").with("server", server),
        )),
        Some(v) if v > SERVER_SCHEMA_VERSION => Err(newer(v)),
        Some(v) if v < SERVER_SCHEMA_VERSION => Err(Error::Refused(
            Message::new("teamServerOlder")
                .with("found", v)
                .with("supported", SERVER_SCHEMA_VERSION),
        )),
        Some(_) => Ok(()),
    }
}

fn newer(found: i32) -> Error {
    Error::Refused(
        Message::new("teamServerNewer")
            .with("found", found)
            .with("supported", SERVER_SCHEMA_VERSION),
    )
}

#[cfg(test)]
mod tests {
    /// The server scrubs the deleted records of the same tables as every laptop.
    #[test]
    fn the_server_scrubs_the_tables_the_laptops_scrub() {
        let sql = super::SCHEMA[2];
        let list = crate::store::privacy::SCRUBBED_WHEN_DELETED
            .iter()
            .map(|t| format!("'{t}'"))
            .collect::<Vec<_>>()
            .join(", ");
        assert!(
            sql.contains(&format!("NEW.entity IN ({list})")),
            "0003_scrub_deleted.sql's list of tables differs from privacy.rs's"
        );
    }
}
