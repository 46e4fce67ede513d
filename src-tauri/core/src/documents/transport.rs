//! The driver's sheet (issue 18, part 2): per vehicle (a page each), its transfers in time
//! order with the pick-up time and address, the drop-off site and time, the passengers by name
//! and their number, the driver's and the on-site phone numbers; in the driver's language
//! (Typst, `templates/transport.typ`). Nothing else about the passengers.

use super::facts::{natural_key, MissionFacts};
use super::locale::{self, Langs};
use super::views::{header, hm, soft_wrap};
use crate::domain::{AgendaItemFacts, AgendaKind, Vehicle};
use crate::error::Result;
use crate::store;
use rusqlite::Connection;
use serde_json::{json, Value};

fn place(f: &MissionFacts, site: Option<&crate::domain::Ref>) -> Value {
    match site {
        Some(s) => {
            let (name, address) = f
                .sites
                .get(&s.id)
                .cloned()
                .unwrap_or_else(|| (s.name.clone(), None));
            json!({ "name": soft_wrap(&name), "address": address })
        }
        None => json!({ "name": "—", "address": null }),
    }
}

fn transfer(f: &MissionFacts, langs: &Langs, item: &AgendaItemFacts) -> Value {
    let start = item.starts_at.with_timezone(&item.tz);
    let end = item.ends_at.with_timezone(&item.tz);
    // By name, as the driver reads them out (Delegate 2 before Delegate 10).
    let mut passengers: Vec<String> = item
        .participants
        .iter()
        .map(|p| {
            f.people
                .get(&p.id)
                .map_or_else(|| p.name.clone(), |x| x.full())
        })
        .collect();
    passengers.sort_by_cached_key(|name| natural_key(name));
    let passengers: Vec<String> = passengers.iter().map(|n| soft_wrap(n)).collect();
    json!({
        "title": soft_wrap(locale::in_lang(langs.primary, &item.titles, &item.title)),
        "date": langs.map(|l| locale::short_date(l, start.date_naive())),
        "pickup": hm(start),
        "arrive": hm(end),
        "from": place(f, item.from_site.as_ref()),
        "to": place(f, item.site.as_ref()),
        "count": langs.fill("transport.passengerCount", &[("n", &passengers.len().to_string())]),
        "passengers": passengers,
    })
}

fn vehicle(f: &MissionFacts, langs: &Langs, v: &Vehicle) -> Value {
    let transfers: Vec<Value> = f
        .items
        .iter()
        .filter(|i| i.kind == AgendaKind::Transfer)
        .filter(|i| i.vehicle.as_ref().is_some_and(|x| x.id == v.id))
        .map(|i| transfer(f, langs, i))
        .collect();
    json!({
        "name": soft_wrap(&v.name),
        "kind": langs.label(&format!("transport.kind.{}", v.kind.as_str())),
        "seats": langs.fill("transport.seats", &[("n", &v.seats.to_string())]),
        "driver": v.driver,
        "phone": v.phone,
        "company": v.company.as_ref().map(|c| soft_wrap(&c.name)),
        "transfers": transfers,
    })
}

/// The JSON the driver's sheet's template reads.
pub fn document(conn: &Connection, f: &MissionFacts, langs: &Langs) -> Result<Value> {
    let vehicles = store::vehicles::of_mission(conn, &f.detail.mission.id)?;
    let mut out = header(f, langs, "doc.transport");
    // The phone on site: the first organiser of the delegation with a phone number.
    let on_site = f
        .detail
        .delegation
        .iter()
        .filter(|m| m.role == "organiser")
        .filter_map(|m| f.people.get(&m.contact.id))
        .find_map(|p| {
            p.phone.as_ref().map(|phone| {
                langs.fill(
                    "transport.onSite",
                    &[("name", &p.full()), ("phone", phone.as_str())],
                )
            })
        });
    out["onSite"] = json!(on_site);
    out["vehicles"] = json!(vehicles
        .iter()
        .map(|v| vehicle(f, langs, v))
        .collect::<Vec<_>>());
    Ok(out)
}
