//! Words written for the printed documents of one language: an item's title as the Taiwanese
//! delegation reads it in Traditional Chinese, or as the French hosts read it. The record keeps
//! its own text (what the planner sees on screen); a document in a language with no wording of
//! its own prints that text.

use super::validate as v;
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// A text in each document language, each optional (blank is none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Wording {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub fr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub en: Option<String>,
    /// Traditional Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub zh_tw: Option<String>,
}

impl Wording {
    /// Each text trimmed (blank is none) and checked like the field it translates: `field.fr`,
    /// `field.en` or `field.zhTw` names the one refused.
    pub fn validate(self, field: &str, max: usize) -> Result<Wording> {
        let one = |suffix: &str, text: Option<String>| {
            v::optional_text(&format!("{field}.{suffix}"), text.as_deref(), max)
        };
        Ok(Wording {
            fr: one("fr", self.fr)?,
            en: one("en", self.en)?,
            zh_tw: one("zhTw", self.zh_tw)?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.fr.is_none() && self.en.is_none() && self.zh_tw.is_none()
    }

    /// The texts written, French, English then Chinese.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        [&self.fr, &self.en, &self.zh_tw]
            .into_iter()
            .filter_map(|t| t.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_none_and_a_refusal_names_the_language() {
        let w = Wording {
            fr: Some("  Photo de groupe ".into()),
            en: Some("   ".into()),
            zh_tw: None,
        }
        .validate("titles", 300)
        .unwrap();
        assert_eq!(w.fr.as_deref(), Some("Photo de groupe"));
        assert_eq!(w.en, None);
        let err = Wording {
            zh_tw: Some("長".repeat(301)),
            ..Wording::default()
        }
        .validate("titles", 300)
        .unwrap_err();
        assert!(
            matches!(&err, crate::error::Error::Validation { field, .. } if field == "titles.zhTw"),
            "{err:?}"
        );
    }
}
