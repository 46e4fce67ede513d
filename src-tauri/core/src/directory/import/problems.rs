//! What is wrong with a row, as coded messages: an `import.*` code, or the code of the field
//! check that refused a value, with the contact field it concerns. The window renders them with
//! `messageText` (the field's label first), the CLI and the logs in English from here.

use crate::documents::locale::Lang;
use crate::error::Error;
use crate::messages::Message;
use serde::Serialize;

/// One problem of a row (a warning, or why the row is refused).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RowMessage {
    /// The contact field it concerns (`email`, `notes`…), when one: named before the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    #[serde(flatten)]
    pub message: Message,
}

/// The catalogue key of each field's label, as the wizard's column choices name them.
const FIELD_LABELS: &[(&str, &str)] = &[
    ("givenName", "directory.field.givenName"),
    ("familyName", "directory.field.familyName"),
    ("fullName", "directory.field.fullName"),
    ("nativeName", "directory.field.nativeName"),
    ("title", "directory.field.title"),
    ("role", "directory.field.role"),
    ("organisation", "directory.field.organisation"),
    ("department", "directory.field.department"),
    ("email", "directory.field.email"),
    ("phone", "directory.field.phone"),
    ("country", "directory.field.country"),
    ("notes", "directory.field.notes"),
    ("tags", "directory.field.tags"),
    ("languages", "directory.field.languages"),
    ("privacy.source", "privacy.source"),
    ("privacy.collectedOn", "privacy.collectedOn"),
];

impl RowMessage {
    pub fn new(message: Message) -> Self {
        RowMessage {
            field: None,
            message,
        }
    }

    pub fn of_field(field: impl Into<String>, message: Message) -> Self {
        RowMessage {
            field: Some(field.into()),
            message,
        }
    }

    /// Why a record built from the row is refused: the field check's coded message and field
    /// (an uncoded refusal keeps its English words as `detail`).
    pub fn refusal(error: Error) -> Self {
        match error {
            Error::Validation {
                field,
                code: Some(message),
                ..
            } => RowMessage::of_field(field, message),
            Error::Validation {
                field,
                message,
                code: None,
            } => RowMessage::of_field(
                field,
                Message::new("import.refused").with("detail", message),
            ),
            Error::Refused(message) => RowMessage::new(message),
            other => RowMessage::new(Message::new("import.refused").with("detail", other)),
        }
    }

    /// The problem in `lang`: "Field: message" when it concerns a field.
    pub fn render(&self, lang: Lang) -> String {
        let text = self.message.render(lang);
        let Some(field) = &self.field else {
            return text;
        };
        let label = FIELD_LABELS
            .iter()
            .find(|(f, _)| f == field)
            .map_or_else(|| field.clone(), |(_, key)| Message::new(key).render(lang));
        Message::new("import.fieldProblem")
            .with("field", label)
            .with("problem", text)
            .render(lang)
    }

    pub fn english(&self) -> String {
        self.render(Lang::En)
    }
}
