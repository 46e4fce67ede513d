//! What each place allows: a site's opening hours (in its zone) and a room's capacity.

use super::context::{local_instant, push, Ctx, Out};
use super::{ConflictKind, Item};
use crate::messages::Message;
use chrono::NaiveTime;

pub(super) fn opening_hours(ctx: &Ctx<'_>, items: &[&Item], out: &mut Out) {
    for item in items {
        // A transfer is on the road until it arrives: its site's hours are not its own.
        if ctx.p.transport.transfers.contains_key(&item.id) {
            continue;
        }
        let Some(site) = item.site.as_deref().and_then(|s| ctx.sites.get(s)) else {
            continue;
        };
        let (start, end) = (
            item.start.with_timezone(&site.tz),
            item.end.with_timezone(&site.tz),
        );
        let early = site.opens.is_some_and(|o| start.time() < o);
        let late = site
            .closes
            .is_some_and(|c| end.date_naive() > start.date_naive() || end.time() > c);
        if !(early || late) {
            continue;
        }
        // The hours as instants of the item's first day at the site.
        let on_day =
            |t: Option<NaiveTime>| t.and_then(|t| local_instant(site.tz, start.date_naive(), t));
        let (opens, closes) = (on_day(site.opens), on_day(site.closes));
        let message = match (opens, closes) {
            (Some(_), Some(_)) => Message::new("conflict.openingHours"),
            (Some(_), None) => Message::new("conflict.openingHoursFrom"),
            _ => Message::new("conflict.openingHoursUntil"),
        };
        let mut message = message
            .with("title", &item.title)
            .with_instant("start", item.start)
            .with_instant("end", item.end)
            .with("site", &site.name)
            .with("zone", site.tz.name());
        if let Some(opens) = opens {
            message = message.with_instant("opens", opens);
        }
        if let Some(closes) = closes {
            message = message.with_instant("closes", closes);
        }
        push(
            out,
            ConflictKind::OpeningHours,
            item.start,
            vec![item.id.clone()],
            item.people.clone(),
            message,
        );
    }
}

pub(super) fn capacity(ctx: &Ctx<'_>, items: &[&Item], out: &mut Out) {
    for item in items {
        let Some(room) = item.room.as_deref().and_then(|r| ctx.rooms.get(r)) else {
            continue;
        };
        let Some(cap) = room.capacity else { continue };
        let n = item.people.len();
        if n > cap as usize {
            push(
                out,
                ConflictKind::Capacity,
                item.start,
                vec![item.id.clone()],
                item.people.clone(),
                Message::new("conflict.capacity")
                    .with("title", &item.title)
                    .with("count", n)
                    .with("room", &room.name)
                    .with("capacity", cap),
            );
        }
    }
}
