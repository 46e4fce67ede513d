//! Likely duplicates and their merge.
//!
//! Two contacts are likely the same person when they share an e-mail address, or the same
//! accent- and case-insensitive name at the same organisation (or one of them has none). Two
//! organisations when their folded names are equal. A merge keeps one record, fills its empty
//! fields from the other, moves every link (found from the schema's foreign keys, so links added
//! by later migrations are moved too) and records what moved in `merge_log`.

use super::edit::DirectoryKind;
use super::fold;
use crate::domain::{display_name, Ref};
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::store::{self, Writer};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DuplicateRecord {
    pub id: String,
    pub name: String,
    pub native_name: Option<String>,
    pub email: Option<String>,
    pub organisation: Option<Ref>,
    /// How many links (missions, meetings, follow-ups…) the record has.
    #[ts(type = "number")]
    pub links: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DuplicateGroup {
    pub kind: DirectoryKind,
    /// "sameEmail" or "sameName".
    pub reason: String,
    pub records: Vec<DuplicateRecord>,
}

fn link_count(conn: &Connection, refs: &[(String, String)], id: &str) -> Result<i64> {
    Ok(store::references::counts(conn, refs, id)?.into_iter().sum())
}

fn active_contacts(conn: &Connection) -> Result<Vec<DuplicateRecord>> {
    Ok(store::duplicates::active_contacts(conn)?
        .into_iter()
        .map(|c| DuplicateRecord {
            name: display_name(&c.given_name, &c.family_name),
            id: c.id,
            native_name: c.native_name,
            email: c.email,
            organisation: c.organisation,
            links: 0,
        })
        .collect())
}

/// A name's words, folded and sorted: "Dupont Claire" and "claire DUPONT" are the same key.
fn name_key(name: &str) -> String {
    let mut words: Vec<String> = fold(name).split(' ').map(str::to_owned).collect();
    words.sort();
    words.join(" ")
}

/// The directory's contacts that look like the person about to be saved: the same e-mail, or the
/// same name at the same organisation (or where either has none). `except` is the record being
/// edited. The window says so before a new contact is saved.
pub fn similar_contacts(
    conn: &Connection,
    given: &str,
    family: &str,
    organisation_id: Option<&str>,
    email: Option<&str>,
    except: Option<&str>,
) -> Result<Vec<DuplicateRecord>> {
    let key = name_key(&display_name(given.trim(), family.trim()));
    let email = email
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty());
    let organisation_id = organisation_id.filter(|o| !o.is_empty());
    let refs = store::references::to_table(conn, "contacts")?;
    let mut out = Vec::new();
    for mut c in active_contacts(conn)? {
        if Some(c.id.as_str()) == except {
            continue;
        }
        let same_email = email.is_some() && c.email.as_ref().map(|e| e.to_lowercase()) == email;
        let same_org = match (&c.organisation, organisation_id) {
            (Some(o), Some(id)) => o.id == id,
            _ => true,
        };
        let same_name = !key.is_empty() && name_key(&c.name) == key && same_org;
        if same_email || same_name {
            c.links = link_count(conn, &refs, &c.id)?;
            out.push(c);
        }
    }
    Ok(out)
}

/// Likely duplicate contacts and organisations, but for pairs marked "not duplicates".
pub fn find(conn: &Connection) -> Result<Vec<DuplicateGroup>> {
    let mut groups = Vec::new();
    let marked = store::distinct::pairs(conn)?;
    let contacts = active_contacts(conn)?;
    let mut by_email: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, c) in contacts.iter().enumerate() {
        if let Some(e) = &c.email {
            by_email.entry(e.to_lowercase()).or_default().push(i);
        }
        by_name.entry(name_key(&c.name)).or_default().push(i);
    }
    let refs = store::references::to_table(conn, "contacts")?;
    let mut grouped = std::collections::HashSet::new();
    let mut push =
        |reason: &str, members: Vec<usize>, groups: &mut Vec<DuplicateGroup>| -> Result<()> {
            let members: Vec<usize> = members
                .into_iter()
                .filter(|i| !grouped.contains(i))
                .collect();
            if members.len() < 2 {
                return Ok(());
            }
            let ids: Vec<&str> = members.iter().map(|i| contacts[*i].id.as_str()).collect();
            if store::distinct::all_distinct(&marked, &ids) {
                return Ok(());
            }
            let mut records = Vec::new();
            for i in &members {
                grouped.insert(*i);
                let mut r = contacts[*i].clone();
                r.links = link_count(conn, &refs, &r.id)?;
                records.push(r);
            }
            groups.push(DuplicateGroup {
                kind: DirectoryKind::Contact,
                reason: reason.into(),
                records,
            });
            Ok(())
        };
    let mut emails: Vec<_> = by_email.into_values().filter(|v| v.len() > 1).collect();
    emails.sort();
    for members in emails {
        push("sameEmail", members, &mut groups)?;
    }
    let mut names: Vec<_> = by_name.into_values().filter(|v| v.len() > 1).collect();
    names.sort();
    for members in names {
        // Same name at the same organisation, or where one side has no organisation.
        let orgs: std::collections::HashSet<Option<String>> = members
            .iter()
            .filter_map(|i| {
                contacts[*i]
                    .organisation
                    .as_ref()
                    .map(|o| Some(o.id.clone()))
            })
            .collect();
        if orgs.len() <= 1 {
            push("sameName", members, &mut groups)?;
        }
    }

    // Organisations with the same folded name.
    let orgs = store::duplicates::active_organisations(conn)?;
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, o) in orgs.iter().enumerate() {
        by_name.entry(fold(&o.1)).or_default().push(i);
    }
    let refs = store::references::to_table(conn, "organisations")?;
    let mut names: Vec<_> = by_name.into_values().filter(|v| v.len() > 1).collect();
    names.sort();
    for members in names {
        let ids: Vec<&str> = members.iter().map(|i| orgs[*i].0.as_str()).collect();
        if store::distinct::all_distinct(&marked, &ids) {
            continue;
        }
        let mut records = Vec::new();
        for i in members {
            let (id, name, city) = &orgs[i];
            records.push(DuplicateRecord {
                id: id.clone(),
                name: name.clone(),
                native_name: city.clone(),
                email: None,
                organisation: None,
                links: link_count(conn, &refs, id)?,
            });
        }
        groups.push(DuplicateGroup {
            kind: DirectoryKind::Organisation,
            reason: "sameName".into(),
            records,
        });
    }
    Ok(groups)
}

/// Marks two records as "not duplicates": the review stops proposing them together.
pub fn mark_distinct(w: &mut Writer<'_>, kind: DirectoryKind, a: &str, b: &str) -> Result<()> {
    match kind {
        DirectoryKind::Contact | DirectoryKind::Organisation => {
            store::distinct::mark(w, kind.table(), a, b)
        }
        _ => Err(Error::invalid(
            "kind",
            Message::new("onlyPeopleAndOrganisationsMerge"),
        )),
    }
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergeReport {
    pub kept: String,
    pub removed: String,
    /// Links moved per table ("delegation_members.contact_id": 2, …).
    #[ts(type = "Array<[string, number]>")]
    pub moved: Vec<(String, i64)>,
}

/// Merges `remove` into `keep`: fills `keep`'s empty fields, moves every link, deletes
/// `remove` and logs the merge.
pub fn merge(
    w: &mut Writer<'_>,
    kind: DirectoryKind,
    keep: &str,
    remove: &str,
    now: &str,
) -> Result<MergeReport> {
    if keep == remove {
        return Err(Error::invalid("remove", Message::new("mergeIntoItself")));
    }
    let table = kind.table();
    match kind {
        DirectoryKind::Contact => {
            let mut kept = store::contacts::get(w, keep)?;
            let gone = store::contacts::get(w, remove)?;
            if super::import::fill_missing(&mut kept, &gone) {
                // The e-mail may be the one the other record holds: free it first is not
                // needed (no UNIQUE), so save directly.
                store::contacts::save(w, &kept)?;
            }
        }
        DirectoryKind::Organisation => {
            let mut kept = store::organisations::get(w, keep)?;
            let gone = store::organisations::get(w, remove)?;
            let before = kept.clone();
            macro_rules! fill {
                ($($f:ident),*) => {$( if kept.$f.is_none() { kept.$f = gone.$f.clone(); } )*};
            }
            fill!(
                short_name,
                address,
                postal_code,
                city,
                latitude,
                longitude,
                tz,
                website,
                notes
            );
            if kept.parent_id.is_none() && gone.parent_id.as_deref() != Some(keep) {
                kept.parent_id = gone.parent_id.clone();
            }
            if kept != before {
                store::organisations::save(w, &kept)?;
            }
        }
        DirectoryKind::Technology => {
            store::technologies::get(w, keep)?;
            store::technologies::get(w, remove)?;
        }
        DirectoryKind::Department => {
            return Err(Error::invalid(
                "kind",
                Message::new("onlyPeopleAndOrganisationsMerge"),
            ));
        }
    }
    let mut moved = Vec::new();
    for (t, c) in store::references::to_table(w, table)? {
        // A link both records had stays once: the duplicate's copy is dropped.
        let n = w.repoint(&t, &c, remove, keep)?;
        if n > 0 {
            moved.push((format!("{t}.{c}"), i64::try_from(n).unwrap_or(i64::MAX)));
        }
    }
    if kind == DirectoryKind::Organisation {
        // The duplicate was the kept one's parent: no organisation is its own parent.
        let kept = store::organisations::get(w, keep)?;
        if kept.parent_id.as_deref() == Some(keep) {
            store::organisations::save(
                w,
                &crate::domain::Organisation {
                    parent_id: None,
                    ..kept
                },
            )?;
        }
    }
    w.delete(table, remove)?;
    store::duplicates::record_merge(w, now, table, keep, remove, &moved)?;
    Ok(MergeReport {
        kept: keep.to_owned(),
        removed: remove.to_owned(),
        moved,
    })
}
