//! Availability: a person with windows in the mission is in an item outside all of them.

use super::context::{push, Ctx, Out};
use super::{ConflictKind, Item, Window};
use crate::messages::Message;
use std::collections::{BTreeMap, HashMap};

pub(super) fn availability(
    ctx: &Ctx<'_>,
    items: &[&Item],
    people: &[(&str, Vec<usize>)],
    out: &mut Out,
) {
    // Item → people outside their windows.
    let mut outside: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    let mut windows_of: HashMap<usize, Vec<Window>> = HashMap::new();
    for (person, list) in people {
        let Some(raw) = ctx.p.availability.get(*person) else {
            continue;
        };
        if raw.is_empty() {
            continue;
        }
        // Merge touching windows so that 09:00–12:00 + 12:00–15:00 covers 11:00–13:00.
        let mut windows = raw.clone();
        windows.sort();
        let mut merged: Vec<Window> = Vec::with_capacity(windows.len());
        for (s, e) in windows {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        for &i in list {
            let item = items[i];
            // The last window starting at or before the item's start must cover its end.
            let k = merged.partition_point(|w| w.0 <= item.start);
            let fits = k > 0 && merged[k - 1].1 >= item.end;
            if !fits {
                outside.entry(i).or_default().push(person);
                windows_of.entry(i).or_insert_with(|| merged.clone());
            }
        }
    }
    for (i, who) in outside {
        let item = items[i];
        let windows = windows_of.get(&i).cloned().unwrap_or_default();
        let day = ctx.day(item.start);
        let same_day: Vec<Window> = windows
            .iter()
            .filter(|w| ctx.day(w.0) == day || ctx.day(w.1) == day)
            .copied()
            .collect();
        let message = match same_day.as_slice() {
            [] => Message::new("conflict.notAvailableThatDay"),
            [(from, to)] => Message::new("conflict.availableOnly")
                .with_instant("from", *from)
                .with_instant("to", *to),
            _ => Message::new("conflict.availableOnlyAt").with_ranges("windows", &same_day),
        };
        let message = ctx
            .with_people(message, &who)
            .with("title", &item.title)
            .with_instant("start", item.start)
            .with_instant("end", item.end)
            .with("zone", ctx.zone(&[item]).name());
        push(
            out,
            ConflictKind::Availability,
            item.start,
            vec![item.id.clone()],
            who.iter().map(|s| (*s).to_owned()).collect(),
            message,
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::testing::*;
    use super::super::*;
    use chrono::{Duration, TimeZone, Utc};
    use chrono_tz::Tz;

    #[test]
    fn availability_and_opening_hours() {
        let mut p = programme(vec![
            item(
                "talk",
                Some("sit_lg"),
                at(27, 14, 0),
                at(27, 15, 0),
                &["con_d3"],
            ),
            item(
                "photo",
                Some("sit_lg"),
                at(27, 15, 0),
                at(27, 15, 15),
                &["con_d3"],
            ),
            item("late", Some("sit_lg"), at(27, 17, 30), at(27, 18, 30), &[]),
        ]);
        p.availability
            .insert("con_d3".into(), vec![(at(27, 14, 0), at(27, 15, 0))]);
        let c = check(&p);
        let av: Vec<_> = c
            .iter()
            .filter(|c| c.kind == ConflictKind::Availability)
            .collect();
        assert_eq!(av.len(), 1, "{c:?}");
        assert_eq!(
            av[0].message.english(),
            "Delegate 3 is available 14:00–15:00 only, but photo runs 15:00–15:15"
        );
        let oh: Vec<_> = c
            .iter()
            .filter(|c| c.kind == ConflictKind::OpeningHours)
            .collect();
        assert_eq!(oh.len(), 1);
        assert_eq!(
            oh[0].message.english(),
            "late runs 17:30–18:30 at CHC Mont Légia, which is open 08:00–18:00"
        );
        assert_message(
            av[0],
            "conflict.availableOnly",
            &[
                ("people", "Delegate 3"),
                ("count", "1"),
                ("from", "2025-06-27T12:00:00Z"),
                ("to", "2025-06-27T13:00:00Z"),
                ("title", "photo"),
                ("start", "2025-06-27T13:00:00Z"),
                ("end", "2025-06-27T13:15:00Z"),
                ("zone", "Europe/Brussels"),
            ],
        );
        assert_message(
            oh[0],
            "conflict.openingHours",
            &[
                ("title", "late"),
                ("site", "CHC Mont Légia"),
                ("start", "2025-06-27T15:30:00Z"),
                ("end", "2025-06-27T16:30:00Z"),
                ("opens", "2025-06-27T06:00:00Z"),
                ("closes", "2025-06-27T16:00:00Z"),
                ("zone", "Europe/Brussels"),
            ],
        );
    }

    #[test]
    fn availability_reads_in_french_and_chinese_in_the_site_zone() {
        use crate::documents::locale::Lang;
        const TPE: Tz = chrono_tz::Asia::Taipei;
        let taipei = |h, m| {
            TPE.with_ymd_and_hms(2025, 6, 27, h, m, 0)
                .unwrap()
                .with_timezone(&Utc)
        };
        // A mission hosted in Brussels with one site in Taipei: the times read as in Taipei.
        let mut p = programme(vec![item(
            "Group photo",
            Some("sit_tp"),
            taipei(15, 0),
            taipei(15, 15),
            &["con_d3", "con_chen"],
        )]);
        p.sites.push(Site {
            id: "sit_tp".into(),
            name: "Taipei Veterans General Hospital".into(),
            latitude: None,
            longitude: None,
            tz: TPE,
            opens: None,
            closes: None,
        });
        p.people.insert("con_chen".into(), "陳美玲".into());
        for person in ["con_d3", "con_chen"] {
            p.availability
                .insert(person.into(), vec![(taipei(14, 0), taipei(15, 0))]);
        }
        let c = check(&p);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_message(
            &c[0],
            "conflict.availableOnly",
            &[
                ("people", "陳美玲\nDelegate 3"),
                ("count", "2"),
                ("zone", "Asia/Taipei"),
            ],
        );
        assert_eq!(
            c[0].message.render(Lang::Fr),
            "陳美玲 et Delegate 3 ne sont disponibles que de 14:00 à 15:00, mais «\u{a0}Group photo\u{a0}» \
             a lieu de 15:00 à 15:15"
        );
        assert_eq!(
            c[0].message.render(Lang::ZhTw),
            "陳美玲和Delegate 3僅在 14:00–15:00 有空，但「Group photo」的時間是 15:00–15:15"
        );
        // Two windows that day are listed; none that day is said so.
        p.availability.insert(
            "con_chen".into(),
            vec![
                (taipei(9, 0), taipei(10, 0)),
                (taipei(14, 0), taipei(15, 0)),
            ],
        );
        p.availability.remove("con_d3");
        let c = check(&p);
        assert_eq!(c[0].message.code, "conflict.availableOnlyAt", "{c:?}");
        assert_eq!(
            c[0].message.render(Lang::Fr),
            "陳美玲 n’est disponible qu’aux heures 09:00–10:00 et 14:00–15:00, mais «\u{a0}Group \
             photo\u{a0}» a lieu de 15:00 à 15:15"
        );
        p.availability.insert(
            "con_chen".into(),
            vec![(
                taipei(9, 0) + Duration::days(2),
                taipei(10, 0) + Duration::days(2),
            )],
        );
        let c = check(&p);
        assert_eq!(c[0].message.code, "conflict.notAvailableThatDay", "{c:?}");
        assert_eq!(
            c[0].message.render(Lang::ZhTw),
            "陳美玲當天沒空，但「Group photo」的時間是 15:00–15:15"
        );
    }
}
