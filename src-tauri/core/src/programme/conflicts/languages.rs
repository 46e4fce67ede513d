//! Languages (issue 18): two people at a meeting share no language, and no one else there
//! speaks one of each (an interpreter booked on the item, or a colleague who can relay). People
//! whose languages are not known are left out; a presentation, a meal or a reception is not a
//! conversation of everyone with everyone. A sub-group's session (the Liège one-to-one tracks)
//! is checked with everyone booked on it.

use super::context::{push, Ctx, Out};
use super::{ConflictKind, Item};
use crate::messages::Message;

/// `attendees`: who attends each item (by index), the whole delegation or a sub-group for an
/// item with nobody named.
pub(super) fn languages(ctx: &Ctx<'_>, items: &[&Item], attendees: &[Vec<&str>], out: &mut Out) {
    if ctx.p.languages.is_empty() {
        return;
    }
    for (item, who) in items.iter().zip(attendees).filter(|(i, _)| i.meeting) {
        let known: Vec<(&str, &[String])> = who
            .iter()
            .filter_map(|p| {
                let spoken = ctx.p.languages.get(*p)?;
                (!spoken.is_empty()).then_some((*p, spoken.as_slice()))
            })
            .collect();
        let share = |a: &[String], b: &[String]| a.iter().any(|l| b.contains(l));
        let stranded = known.iter().enumerate().find_map(|(i, (a, la))| {
            known[i + 1..].iter().find_map(|(b, lb)| {
                let relayed = known
                    .iter()
                    .any(|(c, lc)| c != a && c != b && share(la, lc) && share(lb, lc));
                (!share(la, lb) && !relayed).then_some((*a, *b))
            })
        });
        let Some((a, b)) = stranded else {
            continue;
        };
        let message = ctx
            .with_people(Message::new("conflict.noSharedLanguage"), &[a, b])
            .with("title", &item.title)
            .with_instant("start", item.start)
            .with("zone", ctx.zone(&[item]).name());
        push(
            out,
            ConflictKind::Language,
            item.start,
            vec![item.id.clone()],
            vec![a.to_owned(), b.to_owned()],
            message,
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::testing::*;
    use super::super::*;
    use crate::documents::locale::Lang;

    fn speaks(p: &mut Programme, who: &str, name: &str, langs: &[&str]) {
        p.people.insert(who.into(), name.into());
        p.languages
            .insert(who.into(), langs.iter().map(|l| (*l).to_owned()).collect());
    }

    #[test]
    fn a_meeting_where_two_people_share_no_language_and_no_one_relays_is_flagged() {
        let mut p = programme(vec![
            item(
                "One-to-one",
                Some("sit_lg"),
                at(27, 9, 0),
                at(27, 10, 0),
                &["con_dr", "con_d3"],
            ),
            item(
                "Lunch",
                Some("sit_lg"),
                at(27, 12, 0),
                at(27, 13, 0),
                &["con_dr", "con_d3"],
            ),
        ]);
        p.items[0].meeting = true;
        speaks(&mut p, "con_dr", "Dr Lambert", &["fr"]);
        speaks(&mut p, "con_d3", "Delegate 3", &["zh-TW"]);
        let found: Vec<_> = check(&p)
            .into_iter()
            .filter(|c| c.kind == ConflictKind::Language)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "only the meeting is a conversation: {found:?}"
        );
        assert_message(
            &found[0],
            "conflict.noSharedLanguage",
            &[("title", "One-to-one"), ("zone", "Europe/Brussels")],
        );
        assert_eq!(found[0].people, ["con_dr", "con_d3"]);
        let fr = found[0].message.render(Lang::Fr);
        assert!(fr.contains("Dr Lambert") && fr.contains("09:00"), "{fr}");
        assert!(!found[0].message.render(Lang::ZhTw).is_empty());

        // An interpreter booked on the meeting speaks one language of each: nothing left.
        p.items[0].people.push("con_int".into());
        speaks(&mut p, "con_int", "Interpreter", &["fr", "zh-TW"]);
        assert!(check(&p).iter().all(|c| c.kind != ConflictKind::Language));
        // A shared language, or a language not known, is not flagged either.
        p.items[0].people.pop();
        speaks(&mut p, "con_d3", "Delegate 3", &["zh-TW", "fr"]);
        assert!(check(&p).iter().all(|c| c.kind != ConflictKind::Language));
        speaks(&mut p, "con_d3", "Delegate 3", &[]);
        assert!(check(&p).iter().all(|c| c.kind != ConflictKind::Language));
    }
}
