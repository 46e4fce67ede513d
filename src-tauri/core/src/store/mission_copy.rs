//! Starting a mission from a previous one: its set-up (sites, rooms, travel times, sub-groups,
//! planning settings) and its programme's skeleton, shifted to the new dates. Never its people,
//! requests, outcomes or follow-ups: those belong to the mission that happened.

use super::{agenda, missions, programme, sites, Writer};
use crate::domain::{
    AgendaItemRecord, AgendaKind, ItemStatus, Mission, RoomRecord, SiteRecord, SubgroupRecord,
};
use crate::error::Result;
use crate::ids::{DepartmentId, ItemId, MissionId, OrganisationId, RoomId, SiteId, SubgroupId};
use crate::messages::Message;
use crate::time::parse_zone;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;

/// Copies `from`'s set-up and skeleton into the freshly saved mission `to`. The skeleton is every
/// item that is neither cancelled, nor only proposed, nor a one-to-one meeting with named
/// participants; it moves by whole days (the difference of the start dates) and keeps its
/// wall-clock time in its own zone, so a 09:00 visit stays at 09:00 across a change of clocks.
pub(crate) fn copy_set_up(w: &mut Writer<'_>, from: &str, to: &Mission) -> Result<()> {
    let source = missions::get(w.conn(), from).map_err(|e| match e {
        crate::error::Error::NotFound { .. } => crate::error::Error::invalid(
            "fromMissionId",
            Message::new("doesNotExist").with("id", from),
        ),
        other => other,
    })?;
    let to_id = MissionId::parse("id", &to.id)?;
    let shift = date(&to.start_date)? - date(&source.start_date)?;

    let mut subgroup_of: HashMap<String, SubgroupId> = HashMap::new();
    for g in missions::detail_subgroups(w.conn(), from)? {
        let id = SubgroupId::new_random();
        let record = SubgroupRecord::new(id.clone(), to_id.clone(), &g.name, g.names)?;
        missions::save_subgroup(w, &record)?;
        subgroup_of.insert(g.id, id);
    }

    let mut site_of: HashMap<String, SiteId> = HashMap::new();
    let mut room_of: HashMap<String, RoomId> = HashMap::new();
    for s in sites::of_mission(w.conn(), from)? {
        let id = SiteId::new_random();
        let record = SiteRecord {
            id: id.clone(),
            mission_id: to_id.clone(),
            organisation_id: s
                .organisation
                .as_ref()
                .map(|o| OrganisationId::parse("organisationId", &o.id))
                .transpose()?,
            department_id: s
                .department
                .as_ref()
                .map(|d| DepartmentId::parse("departmentId", &d.id))
                .transpose()?,
            name: s.name.clone(),
            address: s.address.clone(),
            postal_code: s.postal_code.clone(),
            city: s.city.clone(),
            country: s.country.clone(),
            latitude: s.latitude,
            longitude: s.longitude,
            tz: parse_zone("tz", &s.tz)?,
            opens_at: s.opens_at.clone(),
            closes_at: s.closes_at.clone(),
            access_notes: s.access_notes.clone(),
        };
        sites::save(w, &record)?;
        for r in &s.rooms {
            let room = RoomId::new_random();
            sites::save_room(
                w,
                &RoomRecord {
                    id: room.clone(),
                    site_id: id.clone(),
                    name: r.name.clone(),
                    capacity: r.capacity,
                },
            )?;
            room_of.insert(r.id.clone(), room);
        }
        site_of.insert(s.id, id);
    }

    programme::copy_travel_and_settings(w, from, to_id.as_str(), &site_of)?;

    for item in records_of(w.conn(), from)? {
        let one_to_one = item.kind == AgendaKind::Meeting && !item.participants.is_empty();
        if one_to_one || matches!(item.status, ItemStatus::Cancelled | ItemStatus::Proposed) {
            continue;
        }
        let copy = AgendaItemRecord {
            id: ItemId::new_random(),
            mission_id: to_id.clone(),
            starts_at: shifted(item.starts_at, item.tz, shift),
            ends_at: shifted(item.ends_at, item.tz, shift),
            site_id: mapped(item.site_id.as_ref().map(|s| s.as_str()), &site_of),
            room_id: mapped(item.room_id.as_ref().map(|s| s.as_str()), &room_of),
            subgroup_id: mapped(item.subgroup_id.as_ref().map(|s| s.as_str()), &subgroup_of),
            status: ItemStatus::Tentative,
            locked: false,
            participants: Vec::new(),
            technologies: Vec::new(),
            // Vehicles are booked per mission: a transfer comes without one (the checks ask).
            vehicle_id: None,
            from_site_id: mapped(item.from_site_id.as_ref().map(|s| s.as_str()), &site_of),
            ..item
        };
        agenda::save(w, &copy)?;
    }
    Ok(())
}

/// Every item of a mission as a record, in start order.
fn records_of(conn: &rusqlite::Connection, mission_id: &str) -> Result<Vec<AgendaItemRecord>> {
    let ids: Vec<String> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM agenda_items WHERE mission_id = ?1 ORDER BY starts_at, id",
        )?;
        let rows = stmt.query_map([mission_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    ids.iter().map(|id| agenda::record(conn, id)).collect()
}

fn mapped<T: Clone>(id: Option<&str>, map: &HashMap<String, T>) -> Option<T> {
    id.and_then(|i| map.get(i).cloned())
}

fn date(text: &str) -> Result<NaiveDate> {
    crate::domain::validate::date("startDate", text)
}

/// The same wall-clock time `days` later in `tz`; in a skipped hour, the instant moved by whole
/// days of 24 hours.
fn shifted(at: DateTime<Utc>, tz: Tz, days: Duration) -> DateTime<Utc> {
    let local = at.with_timezone(&tz).naive_local() + days;
    crate::time::instant_of(local, tz).unwrap_or(at + days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_shift_across_a_change_of_clocks_keeps_the_wall_clock_time() {
        let tz = chrono_tz::Europe::Brussels;
        // 09:00 in winter (UTC+1), moved three weeks into summer time (UTC+2).
        let at = Utc.with_ymd_and_hms(2026, 3, 16, 8, 0, 0).unwrap();
        let moved = shifted(at, tz, Duration::days(21));
        assert_eq!(moved, Utc.with_ymd_and_hms(2026, 4, 6, 7, 0, 0).unwrap());
    }
}
