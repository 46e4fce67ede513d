//! The directory search's views: a hit and the filters of a query.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum HitKind {
    Organisation,
    Contact,
    Technology,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SearchHit {
    pub kind: HitKind,
    pub id: String,
    /// The display name.
    pub name: String,
    /// A second line: the organisation, the city, the native name.
    pub detail: Option<String>,
    /// Lower is better.
    pub score: f64,
}

/// Filters of a search; empty means no filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct SearchFilters {
    #[serde(default)]
    pub kinds: Vec<HitKind>,
    /// ISO country of the organisation (of the contact's or technology's organisation).
    pub country: Option<String>,
    pub specialty: Option<String>,
    /// Only contacts have tags.
    pub tag: Option<String>,
}
