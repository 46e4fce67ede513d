//! Letters (issue 17, part 3), one PDF per person through the same Typst pipeline
//! (`templates/letter.typ`), in the person's language or one chosen:
//! - the official invitation letter a delegate joins to a Schengen visa application: the
//!   inviting organisation with its address, the invitee as in their passport (full name, date
//!   of birth, nationality, passport number, issue and expiry), the purpose of the visit, the
//!   dates and places of stay (arrival, departure, hotels, the towns of the programme), who
//!   covers the costs, the person's programme in brief and the organiser's signature block;
//! - the thank-you letter to a delegate or a host after the mission.
//!
//! Who gets one follows the e-mail drafts' privacy rules (`mail::recipients`: never a person
//! erased or who objected to contact); an invitation also needs the person's passport data
//! for the mission (`store::passports`), else they are skipped with `noPassport`. Passport data
//! is read here and nowhere else among the documents.

use super::engine::{Engine, MISSING_CJK};
use super::facts::{MissionFacts, Person};
use super::locale::{self, Lang, Langs};
use super::views::{header, soft_wrap};
use crate::domain::{AgendaItemFacts, Passport, TravelKind};
use crate::error::{Error, Result};
use crate::mail::recipients::{self, SkipReason};
use crate::mail::{templates, Audience, MailLang, Skipped};
use crate::messages::Message;
use crate::store;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const LETTER: &str = include_str!("templates/letter.typ");

/// The kinds of letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum LetterKind {
    /// The visa-support invitation, to each delegate (not the organisers nor the hosts).
    Invitation,
    /// After the mission, to each delegate and host.
    ThankYou,
}

impl LetterKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::Invitation => "invitation",
            LetterKind::ThankYou => "thank-you",
        }
    }

    pub fn parse(text: &str) -> Result<LetterKind> {
        match text {
            "invitation" => Ok(LetterKind::Invitation),
            "thank-you" => Ok(LetterKind::ThankYou),
            _ => Err(Error::invalid(
                "kind",
                Message::new("letterUnknownKind").with("value", text),
            )),
        }
    }

    fn doc_key(self) -> &'static str {
        match self {
            LetterKind::Invitation => "doc.invitationLetter",
            LetterKind::ThankYou => "doc.thankYouLetter",
        }
    }
}

/// Who covers the invitee's costs, as the invitation says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CostsBy {
    /// The invitee's own organisation (or the invitee).
    #[default]
    Invitee,
    /// The inviting organisation.
    Organiser,
}

impl CostsBy {
    pub fn parse(text: &str) -> Result<CostsBy> {
        match text {
            "invitee" => Ok(CostsBy::Invitee),
            "organiser" => Ok(CostsBy::Organiser),
            _ => Err(Error::invalid(
                "costsBy",
                Message::new("letterUnknownCostsBy").with("value", text),
            )),
        }
    }
}

/// Which letters to write.
#[derive(Debug, Clone)]
pub struct LetterRequest {
    pub mission_id: String,
    pub kind: LetterKind,
    /// One person (contact id); `None`: everyone the kind is for.
    pub contact: Option<String>,
    pub lang: MailLang,
    pub costs_by: CostsBy,
}

/// One letter to write.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LetterTarget {
    pub contact_id: String,
    pub name: String,
    pub lang: String,
    /// The PDF's file name, unique among the letters.
    pub file_name: String,
}

/// Who gets a letter and who does not, and why.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LetterPlan {
    pub letters: Vec<LetterTarget>,
    pub skipped: Vec<Skipped>,
}

/// The letters of a request, in words, with the facts they are laid out from.
pub struct Letters {
    pub plan: LetterPlan,
    data: Vec<Value>,
    langs: Vec<Lang>,
    now: DateTime<Utc>,
    mission_id: String,
}

/// Reads the mission once and puts each letter into words.
pub fn prepare(conn: &Connection, request: &LetterRequest, now: DateTime<Utc>) -> Result<Letters> {
    let f = MissionFacts::load(conn, &request.mission_id, now)?;
    let audience = match request.kind {
        LetterKind::Invitation => Audience::Delegation,
        LetterKind::ThankYou => Audience::All,
    };
    let choice = recipients::choose_for_letters(conn, &f, audience, request.lang)?;
    let passports: HashMap<String, Passport> = store::passports::of_mission(conn, f.mission_id())?
        .into_iter()
        .map(|p| (p.contact_id.clone(), p))
        .collect();
    let wanted = |id: &str| request.contact.as_deref().is_none_or(|c| c == id);
    if let Some(c) = &request.contact {
        let known = choice.drafts.iter().any(|d| d.person.id == *c)
            || choice.skipped.iter().any(|s| s.contact_id == *c);
        if !known {
            return Err(Error::invalid(
                "contact",
                Message::new("letterNotForPerson")
                    .with("id", c)
                    .with("kind", request.kind.as_str()),
            ));
        }
    }
    let context = Context::load(conn, &f)?;
    let mut skipped: Vec<Skipped> = choice
        .skipped
        .into_iter()
        .filter(|s| wanted(&s.contact_id))
        .collect();
    let mut plan = LetterPlan {
        letters: Vec::new(),
        skipped: Vec::new(),
    };
    let (mut data, mut langs) = (Vec::new(), Vec::new());
    let mut used = std::collections::HashSet::new();
    for chosen in choice.drafts.iter().filter(|c| wanted(&c.person.id)) {
        let person = chosen.person;
        let passport = passports.get(&person.id);
        if request.kind == LetterKind::Invitation && passport.is_none() {
            skipped.push(Skipped {
                contact_id: person.id.clone(),
                name: person.full(),
                reason: SkipReason::NoPassport,
                message: SkipReason::NoPassport.message(),
            });
            continue;
        }
        let lang = chosen.lang;
        let doc = match (request.kind, passport) {
            (LetterKind::Invitation, Some(passport)) => {
                invitation(&f, &context, person, passport, lang, request.costs_by)
            }
            _ => thank_you(&f, &context, chosen, lang),
        };
        let stem = format!(
            "{} - {}",
            locale::text(lang, request.kind.doc_key()),
            crate::mail::slug(&person.name, &person.id)
        );
        plan.letters.push(LetterTarget {
            contact_id: person.id.clone(),
            name: person.full(),
            lang: lang.code().to_owned(),
            file_name: crate::mail::unique_name(&mut used, &stem, "pdf"),
        });
        data.push(doc);
        langs.push(lang);
    }
    plan.skipped = skipped;
    Ok(Letters {
        plan,
        data,
        langs,
        now,
        mission_id: f.mission_id().to_owned(),
    })
}

/// What every letter of a mission shares: the inviting organisation and who signs.
struct Context {
    organisation: Option<crate::domain::Organisation>,
    signatory: Option<Person>,
    hotels: HashMap<String, String>,
}

impl Context {
    fn load(conn: &Connection, f: &MissionFacts) -> Result<Context> {
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
fn invitation(
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
            ("mission", &m.title),
            ("from", &long(lang, from)),
            ("to", &long(lang, to)),
            ("country", &country),
        ],
    )]);
    out["letter"]["sections"] = json!([
        {"title": locale::text(lang, "letter.invitee"), "fields": invitee},
        {"title": locale::text(lang, "letter.purpose"), "lines": [soft_wrap(
            &m.objectives.clone().filter(|o| !o.trim().is_empty())
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
fn thank_you(
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
        ("mission", m.title.clone()),
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
        &[("mission", &m.title)]
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

/// One letter's PDF.
pub struct RenderedLetter {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Lays out every letter as PDF.
pub fn render(letters: &Letters) -> Result<Vec<RenderedLetter>> {
    let engine = Engine::new().with_today(letters.now.date_naive());
    if letters.langs.contains(&Lang::ZhTw) && engine.fonts().cjk_family().is_none() {
        return Err(Error::Conflict(MISSING_CJK.to_owned()));
    }
    letters
        .plan
        .letters
        .iter()
        .zip(&letters.data)
        .map(|(target, data)| {
            let ident = format!("{}/letter/{}", letters.mission_id, target.contact_id);
            Ok(RenderedLetter {
                file_name: target.file_name.clone(),
                bytes: engine.compile(LETTER, data)?.pdf(&ident)?,
            })
        })
        .collect()
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LetterReport {
    /// The files written, as paths.
    pub written: Vec<String>,
    pub skipped: Vec<Skipped>,
}

/// Prepares, lays out and writes the letters: into `out` as a folder (made if missing), or,
/// for one person (`request.contact`), into `out` as a `.pdf` file when it names one. A file is
/// written beside its place then renamed, so no half file is left.
pub fn write_letters(
    conn: &Connection,
    request: &LetterRequest,
    out: &Path,
    now: DateTime<Utc>,
) -> Result<LetterReport> {
    let letters = prepare(conn, request, now)?;
    let rendered = render(&letters)?;
    let one_file = request.contact.is_some()
        && out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let mut written = Vec::new();
    for r in &rendered {
        let path: PathBuf = if one_file {
            out.to_path_buf()
        } else {
            out.join(&r.file_name)
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))?;
        }
        let tmp = path.with_extension("pdf.part");
        std::fs::write(&tmp, &r.bytes)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                cannot_write(&path, &e)
            })?;
        written.push(path.display().to_string());
    }
    Ok(LetterReport {
        written,
        skipped: letters.plan.skipped,
    })
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Error {
    Error::invalid(
        "out",
        Message::new("mailCannotWrite")
            .with("path", path.display())
            .with("reason", e),
    )
}
