//! The rooming list (issue 18): per hotel, the rooms the mission books (a shared room is one row
//! with both guests), with their nights, as a PDF (Typst, `templates/rooming.typ`) and as an
//! `.xlsx` workbook with one sheet per hotel, for the hotel's reservations desk. Only what a
//! hotel needs: names, dates, room type, booking reference; nothing else about the guests.

use super::facts::MissionFacts;
use super::locale::{self, Lang, Langs};
use super::views::{header, soft_wrap};
use crate::domain::{RoomType, Stay};
use crate::error::{Error, Result};
use crate::store;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::{json, Value};

/// One room of a hotel: its guests and nights.
#[derive(Debug, Clone, PartialEq)]
pub struct Room {
    pub room_type: RoomType,
    pub guests: Vec<String>,
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    pub reference: Option<String>,
}

impl Room {
    pub fn nights(&self) -> i64 {
        (self.check_out - self.check_in).num_days()
    }
}

/// A hotel's rooms, in check-in order.
#[derive(Debug, Clone, PartialEq)]
pub struct HotelRooms {
    pub hotel: store::stays::Hotel,
    pub rooms: Vec<Room>,
}

fn date(text: &str) -> Result<NaiveDate> {
    crate::domain::validate::date("checkIn", text)
}

/// The stays of a mission as rooms, per hotel: two people sharing a room at the same hotel
/// over overlapping nights are one room (its nights the widest of theirs).
pub fn rooms(conn: &Connection, mission_id: &str) -> Result<Vec<HotelRooms>> {
    let stays = store::stays::of_mission(conn, mission_id)?;
    let mut out = Vec::new();
    for hotel in store::stays::hotels(conn, mission_id)? {
        let here: Vec<&Stay> = stays.iter().filter(|s| s.hotel.id == hotel.id).collect();
        let mut used = vec![false; here.len()];
        let mut rooms = Vec::new();
        for (i, s) in here.iter().enumerate() {
            if used[i] {
                continue;
            }
            used[i] = true;
            let (mut check_in, mut check_out) = (date(&s.check_in)?, date(&s.check_out)?);
            let mut guests = vec![s.contact.name.clone()];
            let mut reference = s.reference.clone();
            if let Some(mate) = &s.sharing_with {
                let theirs = here.iter().enumerate().find(|(j, o)| {
                    !used[*j]
                        && o.contact.id == mate.id
                        && o.check_in < s.check_out
                        && s.check_in < o.check_out
                });
                if let Some((j, o)) = theirs {
                    used[j] = true;
                    check_in = check_in.min(date(&o.check_in)?);
                    check_out = check_out.max(date(&o.check_out)?);
                    reference = reference.or_else(|| o.reference.clone());
                }
                guests.push(mate.name.clone());
            }
            rooms.push(Room {
                room_type: s.room_type,
                guests,
                check_in,
                check_out,
                reference,
            });
        }
        rooms.sort_by(|a, b| (a.check_in, &a.guests).cmp(&(b.check_in, &b.guests)));
        out.push(HotelRooms { hotel, rooms });
    }
    Ok(out)
}

/// A hotel's address on one line: street, postcode and city, country (the rooming list, the
/// itineraries and the calendar file).
pub(super) fn address(h: &store::stays::Hotel, lang: Lang) -> String {
    let city = [h.postal_code.as_deref(), h.city.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    [
        h.address.clone(),
        Some(city).filter(|c| !c.is_empty()),
        Some(locale::country(lang, &h.country)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

fn room_label(lang: Lang, t: RoomType) -> String {
    locale::text(lang, &format!("rooming.room.{}", t.as_str()))
}

/// The JSON the rooming list's template reads.
pub fn document(conn: &Connection, f: &MissionFacts, langs: &Langs) -> Result<Value> {
    let hotels = rooms(conn, &f.detail.mission.id)?;
    let mut out = header(f, langs, "doc.rooming");
    let list: Vec<Value> = hotels
        .iter()
        .map(|h| {
            let nights: i64 = h.rooms.iter().map(Room::nights).sum();
            json!({
                "name": soft_wrap(&h.hotel.name),
                "address": langs.map(|l| address(&h.hotel, l)),
                "summary": langs.map(|l| locale::fill(l, "rooming.summary", &[
                    ("rooms", &h.rooms.len().to_string()),
                    ("nights", &nights.to_string()),
                ])),
                "rooms": h.rooms.iter().enumerate().map(|(i, r)| json!({
                    "n": i + 1,
                    "type": langs.map(|l| room_label(l, r.room_type)),
                    "guests": r.guests.iter().map(|g| soft_wrap(g)).collect::<Vec<_>>(),
                    "checkIn": langs.map(|l| locale::short_date(l, r.check_in)),
                    "checkOut": langs.map(|l| locale::short_date(l, r.check_out)),
                    "nights": r.nights(),
                    "reference": r.reference,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    out["hotels"] = json!(list);
    Ok(out)
}

/// The rooming list as an `.xlsx` workbook: one sheet per hotel (its name cut to Excel's 31
/// characters, made unique), headed by the mission and the hotel's address, in `lang`.
pub fn xlsx(conn: &Connection, mission_id: &str, lang: Lang) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mission = store::missions::get(conn, mission_id)?;
    let hotels = rooms(conn, mission_id)?;
    let failed =
        |e: rust_xlsxwriter::XlsxError| Error::Internal(format!("cannot write the workbook: {e}"));
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let mut names: Vec<String> = Vec::new();
    let label = |k: &str| locale::text(lang, &format!("rooming.{k}"));
    if hotels.is_empty() {
        let sheet = book.add_worksheet();
        sheet
            .write_string(0, 0, locale::text(lang, "rooming.none"))
            .map_err(failed)?;
    }
    for h in &hotels {
        let sheet = book.add_worksheet();
        let name = sheet_name(&h.hotel.name, &names);
        sheet.set_name(&name).map_err(failed)?;
        names.push(name);
        sheet
            .write_string_with_format(0, 0, &h.hotel.name, &title)
            .map_err(failed)?;
        sheet
            .write_string(1, 0, address(&h.hotel, lang))
            .map_err(failed)?;
        sheet
            .write_string(
                2,
                0,
                format!(
                    "{} — {}",
                    locale::in_lang(lang, &mission.titles, &mission.title),
                    locale::text(lang, "doc.rooming")
                ),
            )
            .map_err(failed)?;
        let heads = [
            "number",
            "roomType",
            "guests",
            "checkIn",
            "checkOut",
            "nights",
            "reference",
        ];
        for (c, k) in heads.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(0);
            sheet
                .write_string_with_format(4, col, label(k), &bold)
                .map_err(failed)?;
        }
        for (i, r) in h.rooms.iter().enumerate() {
            let row = u32::try_from(5 + i).unwrap_or(u32::MAX);
            sheet.write_number(row, 0, (i + 1) as f64).map_err(failed)?;
            sheet
                .write_string(row, 1, room_label(lang, r.room_type))
                .map_err(failed)?;
            sheet
                .write_string(row, 2, r.guests.join(" / "))
                .map_err(failed)?;
            sheet
                .write_string(row, 3, r.check_in.to_string())
                .map_err(failed)?;
            sheet
                .write_string(row, 4, r.check_out.to_string())
                .map_err(failed)?;
            sheet
                .write_number(row, 5, r.nights() as f64)
                .map_err(failed)?;
            if let Some(reference) = &r.reference {
                sheet.write_string(row, 6, reference).map_err(failed)?;
            }
        }
        for (c, w) in [6.0, 16.0, 44.0, 13.0, 13.0, 8.0, 18.0]
            .into_iter()
            .enumerate()
        {
            sheet
                .set_column_width(u16::try_from(c).unwrap_or(0), w)
                .map_err(failed)?;
        }
    }
    book.save_to_buffer().map_err(failed)
}

/// An Excel sheet name: at most 31 characters, none of `[]:*?/\`, unique in the workbook.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let clean = clean.trim().trim_matches('\'').to_owned();
    let base: String = if clean.is_empty() {
        "Hotel".into()
    } else {
        clean
    };
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        let keep = 31 - suffix.chars().count();
        let candidate: String = base.chars().take(keep).collect::<String>() + &suffix;
        if !taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excel() {
        let long = "Van der Valk Hotel Charleroi Airport & Conference Centre";
        let first = sheet_name(long, &[]);
        assert_eq!(first.chars().count(), 31);
        let second = sheet_name(long, std::slice::from_ref(&first));
        assert!(
            second.ends_with(" (2)") && second.chars().count() == 31,
            "{second}"
        );
        assert_eq!(sheet_name("A/B: [x]", &[]), "A B   x");
    }
}
