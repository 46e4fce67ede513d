//! Every statement Passerelle sends to the team server (PostgreSQL): `connect` (the URL, TLS,
//! the server's refusals as messages), `schema` (the shipped SQL in `core/server/`, versioned
//! on the server), `members` (the administrator's roles and scopes) and `ops` (push and pull).

pub mod connect;
pub mod members;
pub mod ops;
pub mod schema;

pub use connect::Endpoint;
pub use postgres::Client;

use crate::error::{Error, Result};
use crate::messages::Message;

/// A server scope as the schema writes it: `directory` or `mission:<id>`.
pub fn scope_text(scope: &crate::sync::op::Scope) -> String {
    match scope {
        crate::sync::op::Scope::Directory => "directory".to_owned(),
        crate::sync::op::Scope::Mission(id) => format!("mission:{id}"),
    }
}

/// The scope a server scope names; refused when it is neither form.
pub fn parse_scope(text: &str) -> Result<crate::sync::op::Scope> {
    let ok = |id: &str| {
        !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
    };
    match text.strip_prefix("mission:") {
        None if text == "directory" => Ok(crate::sync::op::Scope::Directory),
        Some(id) if ok(id) => Ok(crate::sync::op::Scope::Mission(id.to_owned())),
        _ => Err(Error::Refused(
            Message::new("teamBadScope").with("scope", text),
        )),
    }
}

/// A server error as a message, with the server and the role for those that name them.
pub(crate) fn refused(e: &postgres::Error, server: &str, member: &str) -> Error {
    connect::refusal(e, server, member)
}
