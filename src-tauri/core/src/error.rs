//! The one error type of the core. Its `kind` is what the UI switches on.

use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A field of a user's input is invalid. `field` names it in the wire (camelCase) form.
    #[error("{field}: {message}")]
    Validation { field: String, message: String },

    #[error("no {entity} with id '{id}'")]
    NotFound { entity: &'static str, id: String },

    #[error("{0}")]
    Conflict(String),

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
}

impl Error {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Error::Validation { .. } | Error::Seed { .. } => "validation",
            Error::NotFound { .. } => "notFound",
            Error::Conflict(_) | Error::NewerSchema { .. } | Error::NotADatabase { .. } => {
                "conflict"
            }
            Error::Sqlite(_) | Error::Migration(_) | Error::Io(_) => "internal",
        }
    }

    pub fn to_api(&self) -> ApiError {
        let field = match self {
            Error::Validation { field, .. } => Some(field.clone()),
            Error::Seed { path, .. } => Some(path.clone()),
            _ => None,
        };
        ApiError {
            kind: self.kind(),
            message: self.to_string(),
            field,
        }
    }
}
