//! What each letter says (issue 17, part 3): the invitation a delegate joins to a visa
//! application and the thank-you letter, put into words for `templates/letter.typ` from the
//! mission's facts, the person's passport data and what every letter of the mission shares.

use super::{CostsBy, LetterKind};
use crate::documents::facts::{MissionFacts, Person};
use crate::documents::locale::{self, Lang, Langs};
use crate::documents::views::{header, soft_wrap};
use crate::domain::{AgendaItemFacts, Passport, TravelKind};
use crate::error::Result;
use crate::mail::recipients;
use crate::mail::templates;
use crate::store;
use chrono::{DateTime, NaiveDate};
use rusqlite::Connection;
use serde_json::{json, Value};
use std::collections::HashMap;

/// What every letter of a mission shares: the inviting organisation and who signs.
pub(super) struct Context {
    organisation: Option<crate::domain::Organisation>,
    signatory: Option<Person>,
    hotels: HashMap<String, String>,
}

impl Context {
    pub(super) fn load(conn: &Connection, f: &MissionFacts) -> Result<Context> {
        let host = &f.detail.mission.host_country;
        // The organiser of the host country invites (the agency); else the first organiser.
        let organiser = f
            .detail
            .organisers
            .iter()
            .map(|o| store::organisations::get(conn, &o.organisation.id))
            .collect::<Result<Vec<_>>>()?;
        let organisation = organiser
            .iter()
            .find(|o| o.country.eq_ignore_ascii_case(host))
            .or(organiser.first())
            .cloned();
        // Who signs: the delegation's organiser of that organisation, else the first organiser.
        let signatory = f
            .detail
            .delegation
            .iter()
            .filter(|m| m.role == "organiser")
            .find(|m| {
                m.contact.organisation.as_ref().map(|o| &o.id)
                    == organisation.as_ref().map(|o| &o.id)
            })
            .and_then(|m| f.people.get(&m.contact.id))
            .or_else(|| recipients::sender(f))
            .cloned();
        let hotels = store::stays::hotels(conn, f.mission_id())?
            .into_iter()
            .map(|h| {
                let town = [h.postal_code.as_deref(), h.city.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                let address = [h.address.as_deref(), Some(town.as_str())]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                let text = if address.is_empty() {
                    h.name
                } else {
                    format!("{}, {address}", h.name)
                };
                (h.id, text)
            })
            .collect();
        Ok(Context {
            organisation,
            signatory,
            hotels,
        })
    }

    fn organisation_name(&self) -> String {
        self.organisation
            .as_ref()
            .map(|o| o.name.clone())
            .unwrap_or_default()
    }
}

/// The letterhead, place and date, and signature shared by both kinds.
fn frame(f: &MissionFacts, ctx: &Context, lang: Lang, kind: LetterKind) -> Value {
    let langs = Langs {
        primary: lang,
        secondary: None,
    };
    let mut out = header(f, &langs, kind.doc_key());
    let today = f.now.with_timezone(&f.host).date_naive();
    let org = ctx.organisation.as_ref();
    let address: Vec<String> = org
        .map(|o| {
            let town = [o.postal_code.as_deref(), o.city.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            [
                o.address.clone(),
                (!town.trim().is_empty()).then_some(town),
                Some(locale::country(lang, &o.country)),
            ]
            .into_iter()
            .flatten()
            .map(|s| soft_wrap(&s))
            .collect()
        })
        .unwrap_or_default();
    let place = org
        .and_then(|o| o.city.clone())
        .unwrap_or_else(|| locale::zone_city(lang, &f.detail.mission.host_tz));
    let signatory = ctx.signatory.as_ref().map(|p| {
        json!({
            "name": soft_wrap(&p.name),
            "role": p.job.as_deref().map(soft_wrap),
            "organisation": p.organisation.as_deref().map(soft_wrap),
            "email": p.email,
            "phone": p.phone,
        })
    });
    out["letter"] = json!({
        "organisation": org.map(|o| soft_wrap(&o.name)),
        "address": address,
        "website": org.and_then(|o| o.website.clone()),
        "placeDate": locale::fill(lang, "letter.placeDate", &[
            ("place", &place), ("date", &long(lang, today)),
        ]),
        "signatory": signatory,
        "signatureLabel": locale::text(lang, "letter.signature"),
    });
    out
}

/// A date in a sentence: "26 juin 2025", "26 June 2025", "2025年6月26日".
fn long(lang: Lang, d: NaiveDate) -> String {
    locale::plain_date(lang, d)
}

/// The invitation letter's data.
pub(super) fn invitation(
    f: &MissionFacts,
    ctx: &Context,
    person: &Person,
    passport: &Passport,
    lang: Lang,
    costs_by: CostsBy,
) -> Value {
    let m = &f.detail.mission;
    let mut out = frame(f, ctx, lang, LetterKind::Invitation);
    let country = locale::country(lang, &m.host_country);
    let full_name = format!("{} {}", passport.surname, passport.given_names);
    let date = |s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| long(lang, d))
            .unwrap_or_else(|_| s.to_owned())
    };
    // Arrival and departure as entered, else the mission's first and last days.
    let leg = |kind: TravelKind| {
        f.travel
            .iter()
            .find(|t| t.contact.id == person.id && t.kind == kind)
    };
    let day_of = |at: &str| {
        DateTime::parse_from_rfc3339(at)
            .map(|t| t.with_timezone(&f.host).date_naive())
            .ok()
    };
    let arrival = leg(TravelKind::Arrival);
    let departure = leg(TravelKind::Departure);
    let from = arrival.and_then(|l| day_of(&l.at)).unwrap_or(f.start);
    let to = departure.and_then(|l| day_of(&l.at)).unwrap_or(f.end);
    let mut stay: Vec<String> = vec![locale::fill(
        lang,
        "letter.stay.dates",
        &[("from", &long(lang, from)), ("to", &long(lang, to))],
    )];
    if let Some(a) = arrival {
        stay.push(locale::fill(
            lang,
            "letter.stay.arrival",
            &[("date", &long(lang, from)), ("place", &a.place)],
        ));
    }
    if let Some(d) = departure {
        stay.push(locale::fill(
            lang,
            "letter.stay.departure",
            &[("date", &long(lang, to)), ("place", &d.place)],
        ));
    }
    for s in f.stays.iter().filter(|s| s.contact.id == person.id) {
        let hotel = ctx
            .hotels
            .get(&s.hotel.id)
            .cloned()
            .unwrap_or_else(|| s.hotel.name.clone());
        stay.push(locale::fill(
            lang,
            "letter.stay.hotel",
            &[
                ("hotel", &hotel),
                ("from", &date(&s.check_in)),
                ("to", &date(&s.check_out)),
            ],
        ));
    }
    let mine: Vec<&AgendaItemFacts> = f
        .items
        .iter()
        .filter(|i| f.concerns(i, &person.id))
        .collect();
    let mut towns: Vec<String> = Vec::new();
    for i in &mine {
        let town = i
            .site
            .as_ref()
            .and_then(|s| f.detail.sites.iter().find(|x| x.id == s.id))
            .and_then(|s| s.city.clone());
        if let Some(t) = town {
            if !towns.contains(&t) {
                towns.push(t);
            }
        }
    }
    if !towns.is_empty() {
        stay.push(locale::fill(
            lang,
            "letter.stay.places",
            &[("places", &towns.join(", "))],
        ));
    }
    let payer = match costs_by {
        CostsBy::Organiser => ctx.organisation_name(),
        CostsBy::Invitee => person
            .organisation
            .clone()
            .unwrap_or_else(|| full_name.clone()),
    };
    let organisation = ctx.organisation_name();
    let field = |key: &str, value: Option<String>| {
        value.map(|v| json!({"label": locale::text(lang, key), "value": soft_wrap(&v)}))
    };
    let invitee: Vec<Value> = [
        field("letter.field.surname", Some(passport.surname.clone())),
        field(
            "letter.field.givenNames",
            Some(passport.given_names.clone()),
        ),
        field("letter.field.birthDate", Some(date(&passport.birth_date))),
        field(
            "letter.field.nationality",
            Some(locale::country(lang, &passport.nationality)),
        ),
        field("letter.field.passport", Some(passport.number.clone())),
        field(
            "letter.field.issued",
            passport.issued_on.as_deref().map(date),
        ),
        field("letter.field.authority", passport.issuing_authority.clone()),
        field("letter.field.expires", Some(date(&passport.expires_on))),
        field("letter.field.organisation", person.organisation.clone()),
        field("letter.field.role", person.job.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    out["letter"]["to"] = json!(locale::fill(
        lang,
        "letter.to.invitation",
        &[("country", &country)]
    ));
    out["letter"]["subject"] = json!(locale::fill(
        lang,
        "letter.subject.invitation",
        &[("name", &full_name)]
    ));
    out["letter"]["salutation"] = json!(locale::text(lang, "letter.salutation.invitation"));
    out["letter"]["body"] = json!([locale::fill(
        lang,
        "letter.invitation.body",
        &[
            ("organisation", &organisation),
            ("mission", locale::in_lang(lang, &m.titles, &m.title)),
            ("from", &long(lang, from)),
            ("to", &long(lang, to)),
            ("country", &country),
        ],
    )]);
    out["letter"]["sections"] = json!([
        {"title": locale::text(lang, "letter.invitee"), "fields": invitee},
        {"title": locale::text(lang, "letter.purpose"), "lines": [soft_wrap(
            &locale::worded(lang, &m.objectives_in).or(m.objectives.as_deref())
                .filter(|o| !o.trim().is_empty()).map(str::to_owned)
                .unwrap_or_else(|| locale::text(lang, "letter.purpose.default")))]},
        {"title": locale::text(lang, "letter.stay"), "lines": stay.iter().map(|s| soft_wrap(s)).collect::<Vec<_>>()},
        {"title": locale::text(lang, "letter.costs"), "lines": [locale::fill(lang, "letter.costs.text", &[("payer", &payer)])]},
        {"title": locale::text(lang, "letter.programme"), "lines": programme(f, &mine, lang)},
    ]);
    out["letter"]["closing"] = json!([
        locale::text(lang, "letter.invitation.closing"),
        locale::text(lang, "letter.invitation.regards"),
    ]);
    out
}

/// The person's programme in brief, one line per day: "26 juin 2025, 16:00–20:45 : Hôpital
/// civil Marie Curie (6 activités)".
fn programme(f: &MissionFacts, mine: &[&AgendaItemFacts], lang: Lang) -> Vec<String> {
    if mine.is_empty() {
        return vec![locale::text(lang, "letter.programme.none")];
    }
    f.days(mine)
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(day, items)| {
            let start = items
                .iter()
                .map(|i| i.starts_at)
                .min()
                .unwrap_or(items[0].starts_at);
            let end = items
                .iter()
                .map(|i| i.ends_at)
                .max()
                .unwrap_or(items[0].ends_at);
            let mut places: Vec<String> = Vec::new();
            for i in &items {
                if let Some(site) = &i.site {
                    let name = f
                        .sites
                        .get(&site.id)
                        .map(|x| x.0.clone())
                        .unwrap_or_else(|| site.name.clone());
                    if !places.contains(&name) {
                        places.push(name);
                    }
                }
            }
            soft_wrap(&locale::fill(
                lang,
                "letter.programme.day",
                &[
                    ("date", &long(lang, day)),
                    (
                        "from",
                        &start.with_timezone(&f.host).format("%H:%M").to_string(),
                    ),
                    (
                        "to",
                        &end.with_timezone(&f.host).format("%H:%M").to_string(),
                    ),
                    ("places", &places.join(", ")),
                    ("count", &locale::count(lang, "day.count", items.len())),
                ],
            ))
        })
        .collect()
}

/// The thank-you letter's data.
pub(super) fn thank_you(
    f: &MissionFacts,
    ctx: &Context,
    chosen: &recipients::Chosen<'_>,
    lang: Lang,
) -> Value {
    let p = chosen.person;
    let m = &f.detail.mission;
    let mut out = frame(f, ctx, lang, LetterKind::ThankYou);
    let title = p.title.clone().unwrap_or_default();
    let native = p.native.clone().unwrap_or_else(|| p.name.clone());
    let values = [
        ("name", p.name.as_str()),
        ("given", chosen.given.as_str()),
        ("family", chosen.family.as_str()),
        ("title", title.as_str()),
        ("native", native.as_str()),
    ];
    let key = if title.is_empty() || chosen.family.is_empty() {
        "salutation.plain"
    } else {
        "salutation.titled"
    };
    let salutation = templates::fill(&templates::phrase(lang, key), &values);
    let host = p.member_role.as_deref().is_none_or(|r| r == "host");
    let body_key = if host {
        "letter.thanks.host"
    } else {
        "letter.thanks.delegate"
    };
    let args = [
        ("organisation", ctx.organisation_name()),
        (
            "mission",
            locale::in_lang(lang, &m.titles, &m.title).to_owned(),
        ),
        ("from", long(lang, f.start)),
        ("to", long(lang, f.end)),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mine: Vec<&AgendaItemFacts> = f.items.iter().filter(|i| f.concerns(i, &p.id)).collect();
    let recipient: Vec<String> = [Some(p.full()), p.job.clone(), p.organisation.clone()]
        .into_iter()
        .flatten()
        .map(|s| soft_wrap(&s))
        .collect();
    out["letter"]["to"] = json!(recipient.join("\n"));
    out["letter"]["recipient"] = json!(recipient);
    out["letter"]["subject"] = json!(locale::fill(
        lang,
        "letter.subject.thanks",
        &[("mission", locale::in_lang(lang, &m.titles, &m.title))]
    ));
    out["letter"]["salutation"] = json!(salutation);
    let mut body = vec![locale::fill(lang, body_key, &args)];
    if !mine.is_empty() {
        body.push(locale::text(lang, "letter.thanks.items"));
    }
    out["letter"]["body"] = json!(body);
    out["letter"]["sections"] = if mine.is_empty() {
        json!([])
    } else {
        json!([{ "title": Value::Null, "lines": programme(f, &mine, lang) }])
    };
    out["letter"]["closing"] = json!([
        locale::text(lang, "letter.thanks.followUp"),
        locale::text(lang, "letter.thanks.regards"),
    ]);
    out
}
