//! The one error type of the core. Its `kind` is what the UI switches on.

use crate::messages::Message;
use serde::Serialize;
use std::collections::BTreeMap;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A field of a user's input is invalid. `field` names it in the wire (camelCase) form;
    /// `code`, when set, is the message the window shows in the planner's language (`message`
    /// is its English form, for the CLI and the logs).
    #[error("{field}: {message}")]
    Validation {
        field: String,
        message: String,
        code: Option<Message>,
    },

    /// A rule of the domain refuses the action as a whole (a mission with outcomes is not
    /// deleted): a coded message, shown in the planner's language.
    #[error("{}", .0.english())]
    Refused(Message),

    #[error("no {entity} with id '{id}'")]
    NotFound { entity: &'static str, id: String },

    /// Something the planner cannot act on went wrong (a file that cannot be written, a stored
    /// value that cannot be read, a broken invariant): logged with this English detail, shown
    /// in the window as the planner's-language sentence of `err.internal`. A refusal the
    /// planner can act on is a coded `Refused` or `Validation`, never this.
    #[error("{0}")]
    Internal(String),

    /// A seed file is malformed: names the file and the JSON path of the bad field.
    #[error("{file}: {path}: {message}")]
    Seed {
        file: String,
        path: String,
        message: String,
    },

    /// The database was written by a newer Passerelle: never downgrade or truncate it.
    #[error(
        "{path} has schema version {found}, newer than this Passerelle supports ({supported}); \
         open it with a newer version of Passerelle"
    )]
    NewerSchema {
        path: String,
        found: i64,
        supported: i64,
    },

    #[error("{path} is not a Passerelle database: {reason}")]
    NotADatabase { path: String, reason: String },

    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The error as it crosses to the UI or a JSON consumer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ApiError {
    #[ts(type = "\"validation\" | \"notFound\" | \"conflict\" | \"internal\"")]
    pub kind: &'static str,
    pub message: String,
    pub field: Option<String>,
    /// The message's code (`err.<code>` in the UI's message files), when the core gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub params: Option<BTreeMap<String, String>>,
}

impl Error {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            message: message.into(),
            code: None,
        }
    }

    /// A field refused with a coded message (see `messages`).
    pub fn invalid(field: impl Into<String>, message: Message) -> Self {
        Error::Validation {
            field: field.into(),
            message: message.english(),
            code: Some(message),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Error::Validation { .. } | Error::Seed { .. } => "validation",
            Error::NotFound { .. } => "notFound",
            Error::Refused(_) | Error::NewerSchema { .. } | Error::NotADatabase { .. } => {
                "conflict"
            }
            Error::Internal(_) | Error::Sqlite(_) | Error::Migration(_) | Error::Io(_) => {
                "internal"
            }
        }
    }

    pub fn to_api(&self) -> ApiError {
        let field = match self {
            Error::Validation { field, .. } => Some(field.clone()),
            Error::Seed { path, .. } => Some(path.clone()),
            _ => None,
        };
        let code = match self {
            Error::Validation {
                code: Some(code), ..
            }
            | Error::Refused(code) => Some(code.clone()),
            // Met when a record was deleted (or merged, or erased) while the window showed it.
            Error::NotFound { id, .. } => Some(Message::new("notFound").with("id", id)),
            // A backup or an exchange of another program, damaged, or of a newer Passerelle
            // (the reason stays in `message`, for the log).
            Error::NotADatabase { path, .. } => {
                Some(Message::new("notADatabase").with("path", file_name(path)))
            }
            Error::NewerSchema {
                path,
                found,
                supported,
            } => Some(
                Message::new("newerSchema")
                    .with("path", file_name(path))
                    .with("found", found)
                    .with("supported", supported),
            ),
            _ => None,
        };
        ApiError {
            kind: self.kind(),
            message: self.to_string(),
            field,
            code: code.as_ref().map(|c| c.code.to_owned()),
            params: code.map(|c| c.params),
        }
    }
}

/// The last part of a path, as the planner knows the file (the whole path is in the log).
fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
}

/// The field and code of a coded validation error; anything else fails the test (unit tests of
/// the domain's checks).
#[cfg(test)]
pub(crate) fn validation_code(e: Error) -> (String, &'static str) {
    match e {
        Error::Validation {
            field,
            code: Some(m),
            ..
        } => (field, m.code),
        other => panic!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One error of each kind the core makes. The match fails to compile when a kind is added,
    /// so that the test below is extended with it.
    fn one_of_each() -> Vec<Error> {
        let all = vec![
            Error::invalid("name", Message::new("required")),
            Error::Refused(Message::new("missingCjkFont")),
            Error::NotFound {
                entity: "contact",
                id: "con_x".into(),
            },
            Error::Internal("cannot write the workbook: disk full".into()),
            Error::Seed {
                file: "mission.json".into(),
                path: "items[0]".into(),
                message: "missing".into(),
            },
            Error::NewerSchema {
                path: "/media/usb/passerelle-2026-12-01.sqlite3".into(),
                found: 99,
                supported: 42,
            },
            Error::NotADatabase {
                path: "/home/a/notes.sqlite3".into(),
                reason: "it is damaged (page 3)".into(),
            },
            Error::Sqlite(rusqlite::Error::InvalidQuery),
            Error::Io(std::io::Error::other("disk full")),
        ];
        for e in &all {
            match e {
                Error::Validation { .. }
                | Error::Refused(_)
                | Error::NotFound { .. }
                | Error::Internal(_)
                | Error::Seed { .. }
                | Error::NewerSchema { .. }
                | Error::NotADatabase { .. }
                | Error::Sqlite(_)
                | Error::Migration(_)
                | Error::Io(_) => {}
            }
        }
        all
    }

    #[test]
    fn what_the_planner_can_act_on_is_coded_and_the_rest_is_internal() {
        for e in one_of_each() {
            let api = e.to_api();
            match api.kind {
                // The shell logs these and shows `err.internal` in the planner's language.
                "internal" => {}
                // A seed's checks name the file and path, for the CLI that loads it.
                "validation" if matches!(e, Error::Seed { .. }) => {}
                _ => {
                    let code = api
                        .code
                        .as_deref()
                        .unwrap_or_else(|| panic!("{e:?} has no code"));
                    assert!(
                        crate::messages::CODES.contains(&code),
                        "{code} is not a listed code"
                    );
                }
            }
        }
        // The file's name, not its folders, in the planner's message; the log keeps the path.
        let newer = Error::NewerSchema {
            path: "/media/usb/passerelle-2026-12-01.sqlite3".into(),
            found: 99,
            supported: 42,
        }
        .to_api();
        let params = newer.params.unwrap_or_default();
        assert_eq!(params["path"], "passerelle-2026-12-01.sqlite3");
        assert_eq!(
            (params["found"].as_str(), params["supported"].as_str()),
            ("99", "42")
        );
        assert!(
            newer.message.starts_with("/media/usb/"),
            "{}",
            newer.message
        );
    }

    #[test]
    fn a_record_gone_meanwhile_is_said_with_a_code() {
        let api = Error::NotFound {
            entity: "contact",
            id: "con_x".into(),
        }
        .to_api();
        assert_eq!(api.kind, "notFound");
        assert_eq!(api.code.as_deref(), Some("notFound"));
        assert_eq!(
            api.params.and_then(|p| p.get("id").cloned()).as_deref(),
            Some("con_x")
        );
        // The log keeps its English sentence.
        assert_eq!(api.message, "no contact with id 'con_x'");
    }
}
