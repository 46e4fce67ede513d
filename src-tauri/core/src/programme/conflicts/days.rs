//! A person's day: not longer than the limit, and with a lunch break when busy on both sides
//! of the lunch window (days cut in the host zone).

use super::context::{local_instant, push, Ctx, Out};
use super::{ConflictKind, Item};
use crate::messages::Message;
use chrono::{Duration, NaiveDate, NaiveTime, Timelike, Utc};
use std::collections::BTreeMap;

pub(super) fn days(ctx: &Ctx<'_>, items: &[&Item], people: &[(&str, Vec<usize>)], out: &mut Out) {
    let s = &ctx.p.settings;
    let parse = |t: &str, d: NaiveTime| NaiveTime::parse_from_str(t, "%H:%M").unwrap_or(d);
    let lunch_from = parse(
        &s.lunch_from,
        NaiveTime::from_hms_opt(11, 30, 0).unwrap_or_default(),
    );
    let lunch_to = parse(
        &s.lunch_to,
        NaiveTime::from_hms_opt(14, 30, 0).unwrap_or_default(),
    );
    let host_instant = |day: NaiveDate, t: NaiveTime| local_instant(ctx.host, day, t);
    // (first item, last item) → people, minutes; (day) → people without lunch + items.
    let mut long: BTreeMap<(usize, usize), (Vec<&str>, i64)> = BTreeMap::new();
    let mut no_lunch: BTreeMap<NaiveDate, (Vec<&str>, Vec<usize>)> = BTreeMap::new();
    for (person, list) in people {
        let mut k = 0;
        while k < list.len() {
            let day = ctx.day_of[list[k]];
            let mut j = k;
            while j < list.len() && ctx.day_of[list[j]] == day {
                j += 1;
            }
            let today = &list[k..j];
            k = j;
            let first = today[0];
            let (mut last, mut end) = (first, items[first].end);
            for &i in today {
                if items[i].end > end {
                    end = items[i].end;
                    last = i;
                }
            }
            let minutes = (end - items[first].start).num_minutes();
            if minutes > i64::from(s.max_day_minutes) {
                long.entry((first, last))
                    .or_insert_with(|| (Vec::new(), minutes))
                    .0
                    .push(person);
            }
            // Lunch: only for a person busy on both sides of the window.
            let (Some(w0), Some(w1)) = (host_instant(day, lunch_from), host_instant(day, lunch_to))
            else {
                continue;
            };
            let before = today.iter().any(|&i| items[i].start < w0);
            let after = today.iter().any(|&i| items[i].end > w1);
            if !(before && after) {
                continue;
            }
            let has_meal = today
                .iter()
                .any(|&i| items[i].is_break && items[i].start < w1 && items[i].end > w0);
            if has_meal {
                continue;
            }
            // Longest free gap inside the window.
            let need = Duration::minutes(i64::from(s.lunch_minutes));
            let mut cursor = w0;
            let mut free = false;
            for &i in today {
                let it = items[i];
                if it.end <= w0 || it.start >= w1 {
                    continue;
                }
                if it.start.max(w0) - cursor >= need {
                    free = true;
                    break;
                }
                cursor = cursor.max(it.end);
            }
            if !free && w1 - cursor >= need {
                free = true;
            }
            if !free {
                let entry = no_lunch.entry(day).or_default();
                entry.0.push(person);
                for &i in today {
                    if items[i].start < w1 && items[i].end > w0 && !entry.1.contains(&i) {
                        entry.1.push(i);
                    }
                }
            }
        }
    }
    for ((a, b), (who, minutes)) in long {
        let (x, y) = (items[a], items[b]);
        push(
            out,
            ConflictKind::DayLength,
            x.start,
            vec![x.id.clone(), y.id.clone()],
            who.iter().map(|s| (*s).to_owned()).collect(),
            ctx.with_people(Message::new("conflict.longDay"), &who)
                .with("minutes", minutes)
                .with_instant("day", x.start)
                .with("first", &x.title)
                .with_instant("start", x.start)
                .with("last", &y.title)
                .with_instant("end", y.end)
                .with("limit", s.max_day_minutes)
                .with("zone", ctx.host.name()),
        );
    }
    for (day, (who, mut its)) in no_lunch {
        let (Some(from), Some(to)) = (host_instant(day, lunch_from), host_instant(day, lunch_to))
        else {
            continue;
        };
        its.sort();
        let at = its
            .first()
            .map_or_else(Utc::now, |&i| items[i].start)
            .with_nanosecond(0)
            .unwrap_or_default();
        push(
            out,
            ConflictKind::DayLength,
            at,
            its.iter().map(|&i| items[i].id.clone()).collect(),
            who.iter().map(|s| (*s).to_owned()).collect(),
            ctx.with_people(Message::new("conflict.noLunch"), &who)
                .with_instant("day", from)
                .with("minutes", s.lunch_minutes)
                .with_instant("from", from)
                .with_instant("to", to)
                .with("zone", ctx.host.name()),
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::testing::*;
    use super::super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn long_days_and_missing_lunch() {
        let p = programme(vec![
            item(
                "morning",
                Some("sit_cl"),
                at(26, 8, 0),
                at(26, 12, 0),
                &["con_d3"],
            ),
            item(
                "noon",
                Some("sit_cl"),
                at(26, 12, 0),
                at(26, 14, 15),
                &["con_d3"],
            ),
            item(
                "evening",
                Some("sit_cl"),
                at(26, 14, 15),
                at(26, 20, 30),
                &["con_d3"],
            ),
        ]);
        let c = check(&p);
        let dl: Vec<_> = c
            .iter()
            .filter(|c| c.kind == ConflictKind::DayLength)
            .collect();
        assert_eq!(dl.len(), 2, "{c:?}");
        assert!(dl
            .iter()
            .any(|c| c.message.english().contains("a 12 h 30 day on Thu 26 Jun")));
        assert!(dl
            .iter()
            .any(|c| c.message.english().contains("no lunch break on Thu 26 Jun")));
        assert_message(
            dl[0],
            "conflict.longDay",
            &[
                ("people", "Delegate 3"),
                ("minutes", "750"),
                ("day", "2025-06-26T06:00:00Z"),
                ("first", "morning"),
                ("start", "2025-06-26T06:00:00Z"),
                ("last", "evening"),
                ("end", "2025-06-26T18:30:00Z"),
                ("limit", "720"),
                ("zone", "Europe/Brussels"),
            ],
        );
        assert_message(
            dl[1],
            "conflict.noLunch",
            &[
                ("people", "Delegate 3"),
                ("minutes", "30"),
                ("from", "2025-06-26T09:30:00Z"),
                ("to", "2025-06-26T12:30:00Z"),
                ("zone", "Europe/Brussels"),
            ],
        );

        // A 30-minute gap inside the window is a lunch break.
        let p = programme(vec![
            item(
                "morning",
                Some("sit_cl"),
                at(26, 9, 0),
                at(26, 12, 0),
                &["con_d3"],
            ),
            item(
                "afternoon",
                Some("sit_cl"),
                at(26, 12, 30),
                at(26, 17, 0),
                &["con_d3"],
            ),
        ]);
        assert!(check(&p).is_empty(), "{:?}", check(&p));
    }

    #[test]
    fn days_follow_the_host_zone_across_the_october_change() {
        // 26 October 2025: Brussels goes from UTC+2 to UTC+1 at 03:00.
        let s = BXL
            .with_ymd_and_hms(2025, 10, 25, 23, 30, 0)
            .unwrap()
            .with_timezone(&Utc);
        let e = BXL
            .with_ymd_and_hms(2025, 10, 26, 1, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let n = BXL
            .with_ymd_and_hms(2025, 10, 26, 9, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let noon = BXL
            .with_ymd_and_hms(2025, 10, 26, 12, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let one = BXL
            .with_ymd_and_hms(2025, 10, 26, 13, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let n2 = BXL
            .with_ymd_and_hms(2025, 10, 26, 22, 30, 0)
            .unwrap()
            .with_timezone(&Utc);
        let mut p = programme(vec![
            item("night", None, s, e, &["con_d3"]),
            item("morning", None, n, noon, &["con_d3"]),
            item("evening", None, one, n2, &["con_d3"]),
        ]);
        p.settings.max_day_minutes = 13 * 60 + 30;
        // 09:00-22:30 on the 26th is 13 h 30 (the change happened at 03:00): no conflict; the
        // night item belongs to the 25th, the day it starts in Brussels.
        assert!(check(&p).is_empty(), "{:?}", check(&p));
        // From 01:00 to 22:30 local is 21 h 30 on the wall clock but 22 h 30 of real time.
        let a = BXL
            .with_ymd_and_hms(2025, 10, 26, 1, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let b = BXL
            .with_ymd_and_hms(2025, 10, 26, 4, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!((b - a).num_minutes(), 240);
        p.items = vec![
            item("x", None, a, b, &["con_d3"]),
            item("morning", None, n, noon, &["con_d3"]),
            item("evening", None, one, n2, &["con_d3"]),
        ];
        p.settings.max_day_minutes = 22 * 60;
        let c = check(&p);
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(
            c[0].message
                .english()
                .contains("a 22 h 30 day on Sun 26 Oct"),
            "{}",
            c[0].message.english()
        );
    }
}
