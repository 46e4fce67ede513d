//! Who gets a draft, in which language; who is skipped, and why. The privacy rules come first:
//! a person erased from this file (whose record came back under the same id, with a seed or a
//! list loaded again) or who objected to being contacted gets no draft, whatever their address.

use super::{Audience, MailLang, Skipped};
use crate::documents::facts::{natural_key, MissionFacts, Person};
use crate::documents::locale::Lang;
use crate::error::Result;
use crate::messages::Message;
use crate::store;
use rusqlite::Connection;
use serde::Serialize;

/// Why a person gets no draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SkipReason {
    /// No e-mail address on their record.
    NoAddress,
    /// Erased here (GDPR art. 17): never contacted again.
    Erased,
    /// Objected to being contacted (art. 21): the record is kept, no e-mail goes.
    Objected,
    /// No passport data entered for the mission (an invitation letter needs it).
    NoPassport,
}

impl SkipReason {
    pub fn code(self) -> &'static str {
        match self {
            SkipReason::NoAddress => "noAddress",
            SkipReason::Erased => "erased",
            SkipReason::Objected => "objected",
            SkipReason::NoPassport => "noPassport",
        }
    }

    pub fn message(self) -> Message {
        Message::new(match self {
            SkipReason::NoAddress => "mail.skip.noAddress",
            SkipReason::Erased => "mail.skip.erased",
            SkipReason::Objected => "mail.skip.objected",
            SkipReason::NoPassport => "letter.skip.noPassport",
        })
    }
}

/// A person who gets a draft.
pub struct Chosen<'a> {
    pub person: &'a Person,
    pub email: String,
    pub lang: Lang,
    pub given: String,
    pub family: String,
}

pub struct Choice<'a> {
    pub drafts: Vec<Chosen<'a>>,
    pub skipped: Vec<Skipped>,
}

/// Which side of the mission a person is on (their fallback language is that country's).
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Delegation,
    Hosts,
}

/// The people of `audience`, in order (the delegation as printed, then the hosts by name),
/// each either chosen or skipped with a reason.
pub fn choose<'a>(
    conn: &Connection,
    f: &'a MissionFacts,
    audience: Audience,
    lang: MailLang,
) -> Result<Choice<'a>> {
    select(conn, f, audience, lang, true)
}

/// The people of `audience` a letter may be written to: as [`choose`], by the same privacy
/// rules, an address not needed (a chosen person's `email` may be empty).
pub fn choose_for_letters<'a>(
    conn: &Connection,
    f: &'a MissionFacts,
    audience: Audience,
    lang: MailLang,
) -> Result<Choice<'a>> {
    select(conn, f, audience, lang, false)
}

fn select<'a>(
    conn: &Connection,
    f: &'a MissionFacts,
    audience: Audience,
    lang: MailLang,
    needs_address: bool,
) -> Result<Choice<'a>> {
    let erased = store::privacy::erased_tokens(conn)?;
    let mut people: Vec<(&Person, Side)> = Vec::new();
    if audience != Audience::Hosts {
        people.extend(
            f.detail
                .delegation
                .iter()
                .filter(|m| m.role != "host" && m.role != "organiser")
                .filter_map(|m| f.people.get(&m.contact.id))
                .map(|p| (p, Side::Delegation)),
        );
    }
    if audience != Audience::Delegation {
        let mut hosts: Vec<&Person> = f
            .people
            .values()
            .filter(|p| p.member_role.as_deref().is_none_or(|r| r == "host"))
            .collect();
        hosts.sort_by_cached_key(|p| (natural_key(&p.name), p.id.clone()));
        people.extend(hosts.into_iter().map(|p| (p, Side::Hosts)));
    }
    let mut choice = Choice {
        drafts: Vec::new(),
        skipped: Vec::new(),
    };
    for (person, side) in people {
        let contact = store::contacts::get(conn, &person.id)?;
        let email = contact
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        let reason = if erased.contains(&crate::sync::merge::erasure_token(&person.id)) {
            Some(SkipReason::Erased)
        } else if contact.privacy.do_not_contact {
            Some(SkipReason::Objected)
        } else if email.is_none() && needs_address {
            Some(SkipReason::NoAddress)
        } else {
            None
        };
        match (reason, email) {
            (None, email) if email.is_some() || !needs_address => choice.drafts.push(Chosen {
                person,
                email: email.unwrap_or_default().to_owned(),
                lang: match lang {
                    MailLang::Fixed(l) => l,
                    MailLang::Auto => own_language(&contact.languages, side_language(f, side)),
                },
                given: contact.given_name,
                family: contact.family_name,
            }),
            (reason, _) => {
                let reason = reason.unwrap_or(SkipReason::NoAddress);
                choice.skipped.push(Skipped {
                    contact_id: person.id.clone(),
                    name: person.full(),
                    reason,
                    message: reason.message(),
                });
            }
        }
    }
    Ok(choice)
}

/// A person's language for a draft. A record's languages are a set (stored sorted), not an
/// order of preference, so among those drafts are written in (`zh`, `zh-Hant`… read as
/// Traditional Chinese): their side's language if they read it, else French or Chinese before
/// English (a Liège doctor who also reads English gets French); their side's language when
/// they read none of the three or none is recorded.
fn own_language(languages: &[String], side: Lang) -> Lang {
    let read: Vec<Lang> = languages.iter().filter_map(|l| Lang::of_tag(l)).collect();
    if read.is_empty() || read.contains(&side) {
        return side;
    }
    [Lang::ZhTw, Lang::Fr, Lang::En]
        .into_iter()
        .find(|l| read.contains(l))
        .unwrap_or(side)
}

/// The mission's language for a side: its country's (the origin for the delegation, the host
/// country for the hosts), English when that country speaks none of the three.
fn side_language(f: &MissionFacts, side: Side) -> Lang {
    let m = &f.detail.mission;
    let country = match side {
        Side::Delegation => &m.origin_country,
        Side::Hosts => &m.host_country,
    };
    match country.to_ascii_uppercase().as_str() {
        "TW" | "HK" | "MO" => Lang::ZhTw,
        "FR" | "BE" | "LU" | "MC" | "CH" => Lang::Fr,
        _ => Lang::En,
    }
}

/// Who signs and sends: the delegation's first organiser.
pub fn sender(f: &MissionFacts) -> Option<&Person> {
    f.detail
        .delegation
        .iter()
        .filter(|m| m.role == "organiser")
        .filter_map(|m| f.people.get(&m.contact.id))
        .find(|p| p.email.is_some())
        .or_else(|| {
            f.detail
                .delegation
                .iter()
                .filter(|m| m.role == "organiser")
                .find_map(|m| f.people.get(&m.contact.id))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_persons_language_is_their_sides_if_they_read_it_else_their_own() {
        let l = |v: &[&str], side| {
            own_language(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>(), side)
        };
        assert_eq!(l(&["en", "zh-TW"], Lang::ZhTw), Lang::ZhTw);
        assert_eq!(l(&["en", "fr"], Lang::Fr), Lang::Fr);
        assert_eq!(l(&["en", "zh-Hant"], Lang::Fr), Lang::ZhTw);
        assert_eq!(l(&["en", "ja"], Lang::ZhTw), Lang::En);
        assert_eq!(l(&["fr-BE", "nl"], Lang::En), Lang::Fr);
        assert_eq!(l(&["ja"], Lang::ZhTw), Lang::ZhTw);
        assert_eq!(l(&[], Lang::Fr), Lang::Fr);
    }
}
