//! Documents (issue 6) on real database files, read back the way a person would see them:
//! poppler's `pdftotext` (the words, French weekday names, Chinese characters), `pdffonts`
//! (every font embedded and subset), `pdfinfo` (page counts), and `pdftoppm -png -r 50` compared
//! with a reference picture in `tests/fixtures/documents/`. Calendar files are parsed back.
//!
//! To update the reference picture after an intended change of layout:
//!     UPDATE_DOCUMENT_REFERENCE=1 cargo test -p passerelle-core --test documents
//! then look at `tests/fixtures/documents/*.png` before committing them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::{cli, repo_root, TempDb};
use passerelle_core::documents::locale::Lang;
use passerelle_core::documents::{
    self, ics::IcsOptions, DocumentKind, DocumentRequest, Engine, Langs, VersionRange,
};
use passerelle_core::store::agenda::Reschedule;
use passerelle_core::{seed, store, Store};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const MISSION: &str = "mis_tsha_wallonia_2025";
const LIEGE_CARDIOLOGY: &str = "itm_d2_one_to_one_cardiology";

/// The Liège cardiology one-to-one, moved half an hour later.
fn move_liege() -> Reschedule {
    serde_json::from_value(json!({
        "id": LIEGE_CARDIOLOGY, "start": "2025-06-27T14:30", "end": "2025-06-27T15:30"
    }))
    .unwrap()
}

fn printed_on() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 20, 9, 0, 0).unwrap()
}

/// A seeded database whose clock is fixed (so "printed on …" does not move).
fn seeded() -> (TempDb, Store) {
    let db = TempDb::new();
    let store = Store::open_with_clock(&db.path, Arc::new(printed_on)).unwrap();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    (db, store)
}

fn request(kind: DocumentKind, lang: &str) -> DocumentRequest {
    DocumentRequest {
        kind,
        mission_id: MISSION.into(),
        participant: None,
        versions: None,
        langs: Langs::parse(lang).unwrap(),
    }
}

fn render(store: &Store, req: &DocumentRequest, dir: &Path, name: &str) -> PathBuf {
    let pdf = store
        .read(|c| documents::render(c, req, store.now()))
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

/// A rendered document's text read back with poppler, squeezed and without spaces (Typst sets a
/// thin space between Chinese and Latin letters).
fn words_of(store: &Store, req: &DocumentRequest, dir: &Path, name: &str) -> String {
    squeeze(&text_of(&render(store, req, dir, name))).replace(' ', "")
}

fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} (install poppler-utils: make apt): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn text_of(pdf: &Path) -> String {
    // Zero-width spaces (break opportunities in long words) are not part of the words.
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]).replace('\u{200B}', "")
}

fn pages_of(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count")
}

/// The fonts of a PDF: (name, embedded, subset).
fn fonts_of(pdf: &Path) -> Vec<(String, bool, bool)> {
    let out = tool("pdffonts", &[pdf.to_str().unwrap()]);
    out.lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            // name … emb sub uni object ID: the three yes/no columns come before the id.
            let n = cols.len();
            (
                cols[0].to_owned(),
                cols[n - 5] == "yes",
                cols[n - 4] == "yes",
            )
        })
        .collect()
}

fn assert_fonts_embedded(pdf: &Path) -> Vec<(String, bool, bool)> {
    let fonts = fonts_of(pdf);
    assert!(!fonts.is_empty(), "no font in {}", pdf.display());
    for (name, emb, sub) in &fonts {
        assert!(emb, "{name} is not embedded in {}", pdf.display());
        assert!(sub, "{name} is not subset in {}", pdf.display());
    }
    fonts
}

/// Squeezes runs of spaces so that phrases laid out in columns can be searched.
/// Asserts that every phrase is in the text. CJK and Latin are set with a little space between
/// them, so `ignore_spaces` compares without spaces.
fn assert_phrases(text: &str, expected: &[&str], ignore_spaces: bool) {
    let strip = |t: &str| {
        if ignore_spaces {
            t.replace(' ', "")
        } else {
            t.to_owned()
        }
    };
    let haystack = strip(text);
    for phrase in expected {
        assert!(
            haystack.contains(&strip(phrase)),
            "missing “{phrase}” in:\n{text}"
        );
    }
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_programme_in_french_reads_back() {
    let (db, store) = seeded();
    let pdf = render(
        &store,
        &request(DocumentKind::Programme, "fr"),
        db.dir.path(),
        "fr.pdf",
    );
    let text = squeeze(&text_of(&pdf));
    assert_phrases(
        &text,
        &[
            "Programme",
            "Taiwan Smart Healthcare Alliance",
            "Jeudi 26 juin 2025",
            "Vendredi 27 juin 2025",
            "CHC Mont Légia",
            "Boulevard Patience et Beaujonc 2, 4000 Liège",
            "Chaussée de Bruxelles 140, 6042 Lodelinsart",
            "Toute la délégation (12)",
            "PARTICIPANTS",
            "TECHNOLOGIES PRÉSENTÉES",
            "À CONFIRMER",
            "Projet · imprimé le 20 juin 2025",
            "Heures de Bruxelles ; heure de Taipei en gris.",
        ],
        false,
    );
    // The Liège one-to-ones at 14:00 in Brussels are 20:00 in Taipei.
    assert!(text.contains("14:00–15:00"), "{text}");
    assert!(text.contains("20:00–21:00"), "{text}");
    // The evening session ends after midnight in Taipei: 00:30 and 02:30 the next day.
    assert!(text.contains("18:30–20:30"), "{text}");
    assert!(text.contains("00:30"), "{text}");
    // Page numbers.
    let pages = pages_of(&pdf);
    assert!(pages >= 3, "{pages} pages");
    assert!(
        text.replace(' ', "").contains(&format!("2/{pages}")),
        "{text}"
    );
    assert_fonts_embedded(&pdf);
}

#[test]
fn the_programme_in_english_and_traditional_chinese_reads_back() {
    let (db, store) = seeded();
    let pdf = render(
        &store,
        &request(DocumentKind::Programme, "en+zh-TW"),
        db.dir.path(),
        "en-zh.pdf",
    );
    let text = squeeze(&text_of(&pdf));
    assert_phrases(
        &text,
        &[
            "Thursday 26 June 2025",
            "2025年6月26日星期四",
            "Friday 27 June 2025",
            "2025年6月27日星期五",
            "行程表",
            "Whole delegation (12)",
            "全體代表團（12 人）",
            "Mont Légia",
            "臺北",
        ],
        true,
    );
    let fonts = assert_fonts_embedded(&pdf);
    assert!(
        fonts.iter().any(|(n, _, _)| n.contains("CJK")),
        "no CJK font in {fonts:?}"
    );
    assert!(fonts.iter().any(|(n, _, _)| n.contains("Libertinus")));
}

/// The words a planner wrote for a language are what that language's documents print: the
/// seed's Chinese titles under its English ones in a bilingual programme, alone in a Chinese
/// one; an item without them keeps its own title everywhere; a calendar in Chinese says them.
#[test]
fn each_language_prints_the_words_written_for_it() {
    let (db, store) = seeded();
    store
        .write("words", |w| {
            let mut lunch = store::agenda::record(&*w, "itm_d2_lunch")?;
            lunch.titles = Default::default();
            lunch.descriptions.zh_tw = Some("院內自助餐廳".into());
            store::agenda::save(w, &lunch.validate()?)?;
            Ok(())
        })
        .unwrap();
    let text = |lang: &str, name: &str| {
        words_of(
            &store,
            &request(DocumentKind::Programme, lang),
            db.dir.path(),
            name,
        )
    };
    let both = text("en+zh-TW", "words-en-zh.pdf");
    for phrase in [
        "Groupphoto",
        "大合照",
        "Déjeuner",
        "院內自助餐廳",
        "與列日醫師一對一會談——心臟科組",
    ] {
        assert!(both.contains(phrase), "{phrase}: {both}");
    }
    // The Chinese programme: the Chinese title alone; the lunch, with no words of its own for
    // any language, keeps its own (French) title.
    let cardiology = "One-to-onetalkswithLiègedoctors—Cardiologytrack";
    let chinese = text("zh-TW", "words-zh.pdf");
    assert!(
        chinese.contains("與列日醫師一對一會談——心臟科組") && !chinese.contains(cardiology),
        "{chinese}"
    );
    assert!(chinese.contains("Déjeuner"), "{chinese}");
    // The mission's Chinese title on the cover and the page headers; the English one in English.
    let mission_zh = "臺灣智慧醫療聯盟——醫療AI瓦隆訪問團";
    assert!(chinese.matches(mission_zh).count() >= 2, "{chinese}");
    let english = text("en", "words-en.pdf");
    assert!(
        english.contains(cardiology) && !english.contains("大合照"),
        "{english}"
    );
    assert!(
        !english.contains(mission_zh) && english.contains("TaiwanSmartHealthcareAlliance"),
        "{english}"
    );

    let calendar = |lang| whole_calendar(&store, lang);
    let zh = calendar(Lang::ZhTw);
    assert!(zh.contains("X-WR-CALNAME:臺灣智慧醫療聯盟"), "{zh}");
    assert_eq!(
        event_field(&zh, "itm_d2_group_photo", "SUMMARY").as_deref(),
        Some("大合照")
    );
    assert_eq!(
        event_field(&calendar(Lang::En), "itm_d2_group_photo", "SUMMARY").as_deref(),
        Some("Group photo")
    );
}

#[test]
fn a_technology_is_named_in_the_language_each_document_prints() {
    let (db, store) = seeded();
    let text = |lang: &str, kind: DocumentKind, name: &str| {
        words_of(&store, &request(kind, lang), db.dir.path(), name)
    };
    // The demo's technologies have their Traditional Chinese names: the Chinese programme
    // (the items showing them) and briefing book (the technologies section) print them.
    let (en, zh) = (
        "AI-ECGdetectionofmyocardialinfarction",
        "AI心電圖心肌梗塞偵測",
    );
    for kind in [DocumentKind::Programme, DocumentKind::Briefing] {
        let chinese = text("zh-TW", kind, "tech-zh.pdf");
        assert!(chinese.contains(zh) && !chinese.contains(en), "{chinese}");
        let english = text("en", kind, "tech-en.pdf");
        assert!(english.contains(en) && !english.contains(zh), "{english}");
    }
    let both = text("en+zh-TW", DocumentKind::Programme, "tech-en-zh.pdf");
    assert!(both.contains(&format!("{en}/{zh}")), "{both}");
    // The calendar's event names them in its language.
    let description = event_field(
        &whole_calendar(&store, Lang::ZhTw),
        "itm_d2_volition_nuq",
        "DESCRIPTION",
    )
    .unwrap();
    assert!(
        description.contains("NuQ 早期癌症篩檢套組"),
        "{description}"
    );
}

#[test]
fn the_objectives_are_stated_in_the_language_each_document_prints() {
    let (db, store) = seeded();
    let text = |lang: &str, kind: DocumentKind, name: &str| {
        words_of(&store, &request(kind, lang), db.dir.path(), name)
    };
    // The demo's objectives have their Traditional Chinese words: the Chinese programme's cover
    // and briefing book state them, the English ones theirs, a bilingual one both.
    let zh = "讓比利時（特別是瓦隆區）醫院認識臺灣醫院";
    let en = "MakeTaiwanesehospitalsknowntoBelgian";
    for kind in [DocumentKind::Programme, DocumentKind::Briefing] {
        let chinese = text("zh-TW", kind, "objectives-zh.pdf");
        assert!(chinese.contains(zh) && !chinese.contains(en), "{chinese}");
        let english = text("en", kind, "objectives-en.pdf");
        assert!(english.contains(en) && !english.contains(zh), "{english}");
        let both = text("en+zh-TW", kind, "objectives-en-zh.pdf");
        assert!(both.contains(en) && both.contains(zh), "{both}");
    }
    // Written for French through the record: the French programme states them; an edit of the
    // header that names no language keeps them.
    store
        .write("objectives", |w| {
            let fr = passerelle_core::domain::Wording {
                fr: Some("Faire connaître les hôpitaux taïwanais en Wallonie.".into()),
                ..Default::default()
            };
            store::missions::set_words(w, MISSION, None, Some(fr))
        })
        .unwrap();
    let french = text("fr", DocumentKind::Programme, "objectives-fr.pdf");
    assert!(
        french.contains("Faireconnaîtreleshôpitauxtaïwanais"),
        "{french}"
    );
    assert!(!text("zh-TW", DocumentKind::Programme, "objectives-zh-2.pdf").contains(zh));
}

#[test]
fn a_track_is_named_in_the_language_each_document_prints() {
    let (db, store) = seeded();
    let text = |lang: &str, participant: Option<&str>, name: &str| {
        let mut req = request(
            if participant.is_some() {
                DocumentKind::Itinerary
            } else {
                DocumentKind::Programme
            },
            lang,
        );
        req.participant = participant.map(str::to_owned);
        words_of(&store, &req, db.dir.path(), name)
    };
    // The demo's tracks have their Traditional Chinese names: the Chinese programme and a
    // cardiologist's Chinese itinerary print them, not the English.
    let track = "Cardiologytrack";
    for (participant, name) in [
        (None, "track-zh.pdf"),
        (Some("con_delegate_01"), "track-it-zh.pdf"),
    ] {
        let zh = text("zh-TW", participant, name);
        // (The one-to-one item's Chinese title says 心臟科組 too: the track is read from the
        // item's tag line.)
        assert!(
            zh.contains("待確認·心臟科組") && !zh.contains(track),
            "{zh}"
        );
    }
    // Bilingual: both names; English alone: the English.
    assert!(
        text("en+zh-TW", None, "track-en-zh.pdf").contains("Cardiologytrack/心臟科組"),
        "the en+zh-TW programme"
    );
    // A bilingual itinerary: the track and the mission in both languages.
    let both = text("en+zh-TW", Some("con_delegate_01"), "track-it-en-zh.pdf");
    for phrase in [
        "Cardiologytrack/心臟科組",
        "臺灣智慧醫療聯盟——醫療AI瓦隆訪問團",
    ] {
        assert!(both.contains(phrase), "{phrase}: {both}");
    }
    let en = text("en", Some("con_delegate_01"), "track-it-en.pdf");
    assert!(en.contains(track) && !en.contains("心臟科組"), "{en}");

    // Renamed in French only through the record: the French itinerary prints it; the Chinese
    // name is kept by a rename that names no languages.
    store
        .write("names", |w| {
            let names = passerelle_core::domain::Wording {
                fr: Some("Parcours cardiologie".into()),
                ..store::missions::subgroup(&*w, "grp_cardiology")?.names
            };
            store::missions::put_subgroup(
                w,
                MISSION,
                Some("grp_cardiology"),
                "Cardio track",
                Some(names),
            )?;
            store::missions::put_subgroup(
                w,
                MISSION,
                Some("grp_cardiology"),
                "Cardiology track",
                None,
            )?;
            Ok(())
        })
        .unwrap();
    let fr = text("fr", Some("con_delegate_01"), "track-it-fr.pdf");
    assert!(fr.contains("GROUPEParcourscardiologie"), "{fr}");
    assert!(text("zh-TW", None, "track-zh-2.pdf").contains("待確認·心臟科組"));

    let calendar = |lang| whole_calendar(&store, lang);
    let description = event_field(
        &calendar(Lang::ZhTw),
        "itm_d2_one_to_one_cardiology",
        "DESCRIPTION",
    )
    .unwrap();
    assert!(description.contains(": 心臟科組"), "{description}");
}

/// One line of text as poppler lays it out: its box (points, y downwards) and its words.
#[derive(Debug)]
struct TextLine {
    x: (f64, f64),
    y: (f64, f64),
    text: String,
}

/// The lines of each page, read back with `pdftotext -bbox-layout`.
fn lines_by_page(pdf: &Path) -> Vec<Vec<TextLine>> {
    let out = tool("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let attr = |tag: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        let start = tag.find(&key).map(|i| i + key.len()).expect(name);
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let mut pages: Vec<Vec<TextLine>> = Vec::new();
    for row in out.lines().map(str::trim) {
        if row.starts_with("<page ") {
            pages.push(Vec::new());
        } else if row.starts_with("<line ") {
            let line = TextLine {
                x: (attr(row, "xMin"), attr(row, "xMax")),
                y: (attr(row, "yMin"), attr(row, "yMax")),
                text: String::new(),
            };
            pages.last_mut().expect("a page").push(line);
        } else if row.starts_with("<word ") {
            let word = row
                .split_once('>')
                .and_then(|(_, rest)| rest.rsplit_once("</word>"))
                .map(|(w, _)| w.replace("&amp;", "&").replace('\u{200B}', ""))
                .unwrap_or_default();
            let line = pages.last_mut().and_then(|p| p.last_mut()).expect("a line");
            if !line.text.is_empty() {
                line.text.push(' ');
            }
            line.text.push_str(&word);
        }
    }
    pages
}

/// Pairs of lines of one page whose boxes overlap (same column: their widths overlap, and
/// their heights too), by more than a hundredth of a point.
fn overlapping(lines: &[TextLine]) -> Vec<(String, String)> {
    let apart = |a: (f64, f64), b: (f64, f64)| a.1 <= b.0 + 0.01 || b.1 <= a.0 + 0.01;
    let mut found = Vec::new();
    for (i, a) in lines.iter().enumerate() {
        for b in &lines[i + 1..] {
            if !apart(a.x, b.x) && !apart(a.y, b.y) {
                found.push((a.text.clone(), b.text.clone()));
            }
        }
    }
    found
}

/// A day mark set as a superscript beside a time ("+1"), which sits in its line's box.
fn day_mark(text: &str) -> bool {
    let mut chars = text.trim().chars();
    matches!(chars.next(), Some('+' | '−'))
        && chars.clone().next().is_some()
        && chars.all(|c| c.is_ascii_digit())
}

/// The delegation page of the programme: every member on their own lines, no two lines
/// overlapping (each sub-group line used to run into the next person's name), in each language
/// and pair, read back from the PDF's text boxes; and a picture of it to look at. The cover and
/// the days too: no line of the programme touches another (a place ran into its address).
#[test]
fn the_delegation_page_has_no_overlapping_lines() {
    let (db, store) = seeded();
    for (lang, heading, first_day) in [
        ("fr", "Délégation", "Jeudi 26 juin 2025"),
        ("en", "Delegation", "Thursday 26 June 2025"),
        ("zh-TW", "代表團", "2025年6月26日星期四"),
        ("fr+en", "Délégation", "Jeudi 26 juin 2025"),
        ("en+zh-TW", "Delegation", "Thursday 26 June 2025"),
        ("fr+zh-TW", "Délégation", "Jeudi 26 juin 2025"),
    ] {
        let name = format!("delegation-{lang}.pdf");
        let pdf = render(
            &store,
            &request(DocumentKind::Programme, lang),
            db.dir.path(),
            &name,
        );
        let pages = lines_by_page(&pdf);
        let has = |page: &[TextLine], text: &str| {
            page.iter()
                .any(|l| l.text.replace(' ', "").contains(&text.replace(' ', "")))
        };
        // The delegation's pages: from its heading (after the cover, which names both) to the
        // first day.
        let start = 1 + pages[1..]
            .iter()
            .position(|p| has(p, heading))
            .unwrap_or_else(|| panic!("{lang}: no “{heading}” page"));
        let end = start
            + 1
            + pages[start + 1..]
                .iter()
                .position(|p| has(p, first_day))
                .unwrap_or_else(|| panic!("{lang}: no “{first_day}” page"));
        assert!(start > 0 && start < end, "{lang}: pages {start}..{end}");
        let delegation: Vec<&TextLine> = pages[start..end].iter().flatten().collect();
        // Every member's name opens a line of its own (the role is on the next one).
        for n in 1..=12 {
            let prefix = format!("Délégué {n} —");
            assert!(
                delegation.iter().any(|l| l.text.starts_with(&prefix)
                    && !l.text.contains("DÉLÉGUÉ")
                    && !l.text.contains("DELEGATE")),
                "{lang}: no line of its own for {prefix}: {delegation:#?}"
            );
        }
        for page in &pages[start..end] {
            let found = overlapping(page);
            assert!(found.is_empty(), "{lang}: overlapping lines {found:#?}");
        }
        for (n, page) in pages.iter().enumerate() {
            let found: Vec<_> = overlapping(page)
                .into_iter()
                .filter(|(a, b)| !day_mark(a) && !day_mark(b))
                .collect();
            assert!(
                found.is_empty(),
                "{lang}, page {}: overlapping lines {found:#?}",
                n + 1
            );
        }
        // A picture of the first delegation page, to look at (kept beside the PDF).
        let png = db.dir.path().join(format!("delegation-{lang}"));
        let page = (start + 1).to_string();
        tool(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "60",
                "-f",
                &page,
                "-l",
                &page,
                "-singlefile",
                pdf.to_str().unwrap(),
                png.to_str().unwrap(),
            ],
        );
        if let Ok(dir) = std::env::var("PASSERELLE_KEEP_DELEGATION_PNG") {
            std::fs::copy(
                png.with_extension("png"),
                Path::new(&dir).join(format!("delegation-{lang}.png")),
            )
            .unwrap();
        }
    }
}

#[test]
fn the_programme_in_each_language() {
    let (db, store) = seeded();
    for (lang, day) in [
        ("en", "Thursday 26 June 2025"),
        ("zh-TW", "2025年6月26日星期四"),
        ("fr+en", "Jeudi 26 juin 2025"),
    ] {
        let pdf = render(
            &store,
            &request(DocumentKind::Programme, lang),
            db.dir.path(),
            &format!("{lang}.pdf"),
        );
        let text = squeeze(&text_of(&pdf)).replace(' ', "");
        assert!(text.contains(&day.replace(' ', "")), "{lang}: {text}");
    }
    let text = squeeze(&text_of(&db.dir.path().join("fr+en.pdf")));
    assert!(text.contains("Thursday 26 June 2025"), "{text}");
    assert!(
        text.contains("Toute la délégation (12) · Whole delegation (12)"),
        "{text}"
    );
}

#[test]
fn a_delegate_itinerary_holds_only_their_items_and_their_contacts() {
    let (db, store) = seeded();
    let mut req = request(DocumentKind::Itinerary, "fr");
    req.participant = Some("con_delegate_01".into());
    let pdf = render(&store, &req, db.dir.path(), "itinerary.pdf");
    let text = squeeze(&text_of(&pdf));
    assert!(text.contains("Itinéraire personnel"), "{text}");
    assert!(text.contains("Délégué 1 — cardiologie"), "{text}");
    // The items and tracks as French documents name them (the demo has their French words).
    assert!(text.contains("Parcours cardiologie"), "{text}");
    assert!(text.contains("Trajet Charleroi → Liège"), "{text}");
    assert!(
        text.contains("Entretiens individuels avec les médecins liégeois — parcours cardiologie"),
        "{text}"
    );
    assert!(
        !text.contains("Parcours néphrologie et gastro-entérologie"),
        "{text}"
    );
    // The break names nobody: it is for the whole delegation.
    assert!(text.contains("Pause"), "{text}");
    // Contacts on site: the organiser and the hosts met.
    assert!(text.contains("Contacts sur place"), "{text}");
    assert!(text.contains("Philippe Tzou"), "{text}");
    assert!(text.contains("Médecin liégeois 1 — cardiologie"), "{text}");
    // Not the other tracks' rooms.
    assert!(!text.contains("Salle de réunion B"), "{text}");
    assert_fonts_embedded(&pdf);

    // Everyone in one go: 13 members, each on their own pages.
    let all = render(
        &store,
        &request(DocumentKind::Itinerary, "en"),
        db.dir.path(),
        "all.pdf",
    );
    assert!(pages_of(&all) >= 13, "{} pages", pages_of(&all));
    let text = squeeze(&text_of(&all));
    assert!(text.contains("Délégué 12 — neurochirurgie"));
    assert!(text.contains("Personal itineraries"));
}

#[test]
fn someone_outside_the_mission_has_no_itinerary() {
    let (_db, store) = seeded();
    let mut req = request(DocumentKind::Itinerary, "fr");
    req.participant = Some("con_nobody".into());
    let err = store
        .read(|c| documents::render(c, &req, store.now()))
        .unwrap_err();
    assert_eq!(err.kind(), "validation");
}

#[test]
fn name_cards_are_one_folded_sheet_per_person() {
    let (db, store) = seeded();
    let pdf = render(
        &store,
        &request(DocumentKind::Cards, "fr"),
        db.dir.path(),
        "cards.pdf",
    );
    let text = squeeze(&text_of(&pdf));
    // 13 members of the delegation and 6 hosts met in the items.
    let people = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM (SELECT contact_id FROM delegation_members WHERE mission_id = ?1
                 UNION SELECT p.contact_id FROM agenda_participants p JOIN agenda_items i
                 ON i.id = p.item_id WHERE i.mission_id = ?1 AND i.status <> 'proposed')",
                [MISSION],
                |r| r.get::<_, i64>(0),
            )?)
        })
        .unwrap();
    assert_eq!(pages_of(&pdf) as i64, people);
    assert!(text.contains("Karim Zouaoui Boudjeltia"), "{text}");
    assert!(text.contains("CHU de Charleroi-Chimay"), "{text}");
    assert!(text.contains("Plier ici"), "{text}");
    // Each name is printed twice: once upside down for the other side of the table.
    assert!(text.matches("Philippe Tzou").count() >= 2, "{text}");
}

#[test]
fn the_change_sheet_between_two_published_versions() {
    let (db, store) = seeded();
    store
        .write("publish", |w| {
            store::versions::publish(w, MISSION, Some("first"))
        })
        .unwrap();
    store
        .write("move", |w| store::agenda::reschedule(w, &move_liege()))
        .unwrap();
    store
        .write("publish", |w| store::versions::publish(w, MISSION, None))
        .unwrap();
    let mut req = request(DocumentKind::Changes, "fr");
    req.versions = Some(VersionRange::parse("1..2").unwrap());
    let pdf = render(&store, &req, db.dir.path(), "changes.pdf");
    let text = squeeze(&text_of(&pdf));
    assert!(text.contains("De la version 1 à la version 2"), "{text}");
    assert!(text.contains("DÉPLACÉ"), "{text}");
    assert!(
        text.contains("Entretiens individuels avec les médecins liégeois — parcours cardiologie"),
        "{text}"
    );
    assert!(text.contains("14:00–15:00"), "{text}");
    assert!(text.contains("14:30–15:30"), "{text}");
    assert!(text.contains("1 modification"), "{text}");
    // The programme now says which version it is.
    let programme = render(
        &store,
        &request(DocumentKind::Programme, "en"),
        db.dir.path(),
        "p.pdf",
    );
    assert!(squeeze(&text_of(&programme)).contains("Version 2 · printed on 20 June 2025"));
    // The default range is the last two versions.
    let sheet = render(
        &store,
        &request(DocumentKind::Changes, "zh-TW"),
        db.dir.path(),
        "c.pdf",
    );
    let text = squeeze(&text_of(&sheet));
    let text = text.replace(' ', "");
    assert!(text.contains("第1版至第2版"), "{text}");
    assert!(text.contains("時間異動"), "{text}");
}

#[test]
fn chinese_without_a_cjk_font_says_what_to_install() {
    let (_db, store) = seeded();
    let err = store
        .read(|c| {
            documents::compile(
                &Engine::embedded_only(),
                c,
                &request(DocumentKind::Programme, "en+zh-TW"),
                store.now(),
            )
            .map(|_| ())
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("Install fonts-noto-cjk to print Traditional Chinese"),
        "{err}"
    );
    // French needs no CJK font.
    store
        .read(|c| {
            documents::compile(
                &Engine::embedded_only(),
                c,
                &request(DocumentKind::Programme, "fr"),
                store.now(),
            )
            .map(|_| ())
        })
        .unwrap();
}

#[test]
fn the_change_sheet_speaks_french_and_chinese_with_times_in_the_sites_zone() {
    let (db, store) = seeded();
    store
        .write("publish", |w| store::versions::publish(w, MISSION, None))
        .unwrap();
    store
        .write("move", |w| store::agenda::reschedule(w, &move_liege()))
        .unwrap();
    store
        .write("rename and confirm", |w| {
            let mut item = store::agenda::record(w, LIEGE_CARDIOLOGY)?;
            item.title = "Cardiologie à Liège".into();
            item.status = passerelle_core::domain::ItemStatus::Confirmed;
            store::agenda::save(w, &item.validate()?)?;
            Ok(())
        })
        .unwrap();
    // One diff: the window's entries are codes the document renders the same way.
    let sheet = store
        .read(|c| store::versions::changes(c, MISSION, None, None))
        .unwrap();
    let entry = sheet
        .entries
        .iter()
        .find(|e| e.item_id == LIEGE_CARDIOLOGY)
        .unwrap();
    let moved = &entry.details[0];
    assert_eq!(moved.code, "change.moved");
    // 14:00 in Brussels is stored as 12:00Z: shown in the site's zone, not in UTC.
    assert_eq!(moved.params["zone"], "Europe/Brussels");
    assert_eq!(moved.params["from"], "2025-06-27T12:00:00Z");
    let fr = moved.render(Lang::Fr);
    assert_eq!(fr, "ven. 27 juin 14:00–15:00 → 14:30–15:30");
    assert_eq!(
        moved.render(Lang::ZhTw),
        "6月27日週五 14:00–15:00 → 14:30–15:30"
    );
    let all: Vec<String> = entry.details.iter().map(|m| m.render(Lang::Fr)).collect();
    assert!(
        all.contains(
            &"ancien titre\u{a0}: «\u{a0}Entretiens individuels avec les médecins liégeois — parcours cardiologie\u{a0}»".to_owned()
        ),
        "{all:?}"
    );
    assert!(
        all.contains(&"statut\u{a0}: confirmé".to_owned()),
        "{all:?}"
    );
    assert!(entry
        .message
        .starts_with("Cardiologie à Liège: Fri 27 Jun 14:00–15:00 → 14:30–15:30"));

    // The printed sheet: the same notes, in French, in Chinese.
    let text = squeeze(&text_of(&render(
        &store,
        &request(DocumentKind::Changes, "fr"),
        db.dir.path(),
        "changes-fr.pdf",
    )));
    for phrase in [
        "ancien titre",
        "statut : confirmé",
        "14:30–15:30",
        "DÉPLACÉ",
    ] {
        assert!(text.contains(phrase), "{phrase}: {text}");
    }
    assert!(
        !text.contains("renamed") && !text.contains("Status"),
        "{text}"
    );
    let text = squeeze(&text_of(&render(
        &store,
        &request(DocumentKind::Changes, "zh-TW"),
        db.dir.path(),
        "changes-zh.pdf",
    )))
    .replace(' ', "");
    // The entry is titled as the Chinese documents title the item (its Chinese title, kept
    // when the planner renamed it in French).
    for phrase in [
        "原標題",
        "狀態：已確認",
        "14:30–15:30",
        "與列日醫師一對一會談——心臟科組",
    ] {
        assert!(text.contains(phrase), "{phrase}: {text}");
    }
}

/// The code of a refused read, e.g. `storedTimeUnreadable`.
fn error_code(err: &passerelle_core::Error) -> Option<String> {
    err.to_api().code
}

#[test]
fn an_unreadable_stored_time_is_an_error_not_1970() {
    let (db, store) = seeded();
    store
        .write("publish", |w| store::versions::publish(w, MISSION, None))
        .unwrap();
    // Another tool (or a damaged copy) left a time that is not one.
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute(
        "UPDATE agenda_items SET starts_at = '2025-06-27 noon' WHERE id = ?1",
        [LIEGE_CARDIOLOGY],
    )
    .unwrap();
    for kind in [
        DocumentKind::Programme,
        DocumentKind::Itinerary,
        DocumentKind::Cards,
        DocumentKind::Changes,
    ] {
        let err = store
            .read(|c| documents::document_data(c, &request(kind, "fr"), store.now()))
            .unwrap_err();
        assert_eq!(
            error_code(&err).as_deref(),
            Some("storedTimeUnreadable"),
            "{kind:?}: {err}"
        );
        assert!(err.to_string().contains("“2025-06-27 noon”"), "{err}");
    }
    let err = store
        .read(|c| documents::calendar(c, MISSION, &IcsOptions::default(), store.now()))
        .unwrap_err();
    assert_eq!(error_code(&err).as_deref(), Some("storedTimeUnreadable"));

    // A published version holding an unreadable time: the change sheet says so.
    conn.execute(
        "UPDATE agenda_items SET starts_at = '2025-06-27T12:00:00Z' WHERE id = ?1",
        [LIEGE_CARDIOLOGY],
    )
    .unwrap();
    conn.execute(
        "UPDATE programme_versions SET snapshot = replace(snapshot, '2025-06-27T14:00:00+02:00',
           '27/06 14h') WHERE mission_id = ?1",
        [MISSION],
    )
    .unwrap();
    let err = store
        .read(|c| store::versions::changes(c, MISSION, Some(1), None))
        .unwrap_err();
    assert_eq!(error_code(&err).as_deref(), Some("storedTimeUnreadable"));
    // And a mission day that is not a date.
    conn.execute(
        "UPDATE missions SET start_date = '2025-02-30' WHERE id = ?1",
        [MISSION],
    )
    .unwrap();
    let err = store
        .read(|c| documents::document_data(c, &request(DocumentKind::Cards, "en"), store.now()))
        .unwrap_err();
    assert_eq!(error_code(&err).as_deref(), Some("notADate"), "{err}");
}

// ------------------------------------------------------------------------------------------
// The picture: page 3 (the first day) rendered at 50 dpi, compared with the reference.

fn decode_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let gray: Vec<u8> = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| {
            if channels >= 3 {
                ((u32::from(p[0]) * 30 + u32::from(p[1]) * 59 + u32::from(p[2]) * 11) / 100) as u8
            } else {
                p[0]
            }
        })
        .collect();
    (info.width, info.height, gray)
}

/// The share of pixels whose grey level differs by more than 64 (of 255), after allowing each
/// pixel to match any neighbour within one pixel (anti-aliasing and sub-pixel shifts).
fn difference(a: &(u32, u32, Vec<u8>), b: &(u32, u32, Vec<u8>)) -> f64 {
    one_way(a, b).max(one_way(b, a))
}

fn one_way(a: &(u32, u32, Vec<u8>), b: &(u32, u32, Vec<u8>)) -> f64 {
    assert_eq!((a.0, a.1), (b.0, b.1), "the page size changed");
    let (w, h) = (a.0 as i64, a.1 as i64);
    let at =
        |img: &Vec<u8>, x: i64, y: i64| img[(y.clamp(0, h - 1) * w + x.clamp(0, w - 1)) as usize];
    let mut bad = 0usize;
    for y in 0..h {
        for x in 0..w {
            let p = at(&a.2, x, y);
            let close = (-1..=1).any(|dy| {
                (-1..=1).any(|dx| (i32::from(p) - i32::from(at(&b.2, x + dx, y + dy))).abs() <= 64)
            });
            if !close {
                bad += 1;
            }
        }
    }
    bad as f64 / (w * h) as f64
}

#[test]
fn the_first_day_looks_like_the_reference() {
    let (db, store) = seeded();
    let pdf = render(
        &store,
        &request(DocumentKind::Programme, "fr"),
        db.dir.path(),
        "look.pdf",
    );
    let prefix = db.dir.path().join("page");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "50",
            "-f",
            "3",
            "-l",
            "3",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let rendered = db.dir.path().join("page.png");
    let reference = repo_root().join("tests/fixtures/documents/programme-fr-page3.png");
    if std::env::var_os("UPDATE_DOCUMENT_REFERENCE").is_some() {
        std::fs::create_dir_all(reference.parent().unwrap()).unwrap();
        std::fs::copy(&rendered, &reference).unwrap();
        return;
    }
    let diff = difference(&decode_png(&rendered), &decode_png(&reference));
    assert!(
        diff < 0.005,
        "page 3 differs from {} on {:.2}% of its pixels (see UPDATE_DOCUMENT_REFERENCE in this file)",
        reference.display(),
        diff * 100.0
    );
    // The comparison can fail: a blank page is far from the reference.
    let (w, h, _) = decode_png(&reference);
    let blank = (w, h, vec![255u8; (w * h) as usize]);
    let blank_diff = difference(&blank, &decode_png(&reference));
    eprintln!(
        "reference vs rendered: {:.3}%, vs blank page: {:.3}%",
        diff * 100.0,
        blank_diff * 100.0
    );
    assert!(blank_diff > 0.02, "{blank_diff}");
}

// ------------------------------------------------------------------------------------------
// Calendar files.

/// The value of `NAME` in the VEVENT holding `uid_part`, from unfolded lines.
/// The demo mission's calendar file in `lang`, every item, no alarm.
fn whole_calendar(store: &Store, lang: Lang) -> String {
    let options = IcsOptions {
        participant: None,
        alarm_minutes: None,
        lang,
    };
    store
        .read(|c| documents::calendar(c, MISSION, &options, store.now()))
        .unwrap()
}

fn event_field(ics: &str, uid_part: &str, name: &str) -> Option<String> {
    let unfolded = ics.replace("\r\n ", "");
    unfolded
        .split("BEGIN:VEVENT")
        .find(|e| e.contains(uid_part))?
        .lines()
        .find_map(|l| {
            l.strip_prefix(name)
                .filter(|rest| rest.starts_with(':') || rest.starts_with(';'))
                .map(|rest| rest.split_once(':').map(|x| x.1).unwrap_or("").to_owned())
        })
}

fn uids(ics: &str) -> Vec<String> {
    let cal: icalendar::Calendar = ics.parse().expect("an RFC 5545 calendar");
    use icalendar::Component;
    cal.events()
        .map(|e| e.get_uid().expect("a UID").to_owned())
        .collect()
}

#[test]
fn the_calendar_file_has_utc_instants_stable_uids_and_addresses() {
    let (_db, store) = seeded();
    // The organiser's e-mail becomes ORGANIZER.
    store
        .write("email", |w| {
            let mut c = store::contacts::get(w, "con_philippe_tzou")?;
            c.email = Some("philippe.tzou@example.org".into());
            store::contacts::save(w, &c.validate()?)?;
            Ok(())
        })
        .unwrap();
    let export = |participant: Option<&str>| {
        let options = IcsOptions {
            participant: participant.map(Into::into),
            alarm_minutes: Some(15),
            lang: Lang::Fr,
        };
        store
            .read(|c| documents::calendar(c, MISSION, &options, store.now()))
            .unwrap()
    };
    let first = export(None);
    assert!(first.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(first.contains("VERSION:2.0"));
    assert!(!first.contains("VTIMEZONE"));
    // 14:00 in Brussels (CEST, UTC+2) is 12:00Z, i.e. 20:00 in Taipei.
    assert_eq!(
        event_field(&first, LIEGE_CARDIOLOGY, "DTSTART").as_deref(),
        Some("20250627T120000Z")
    );
    assert_eq!(
        event_field(&first, LIEGE_CARDIOLOGY, "DTEND").as_deref(),
        Some("20250627T130000Z")
    );
    let location = event_field(&first, LIEGE_CARDIOLOGY, "LOCATION").unwrap();
    assert!(location.contains("CHC Mont Légia"), "{location}");
    assert!(
        location.contains("Boulevard Patience et Beaujonc 2"),
        "{location}"
    );
    assert!(event_field(&first, LIEGE_CARDIOLOGY, "ORGANIZER")
        .unwrap()
        .contains("mailto:philippe.tzou@example.org"));
    // The words the file adds are in the language asked for (French here).
    assert!(first.contains("Organisateur: "), "{first}");
    assert!(!first.contains("Organiser: "), "{first}");
    assert!(first.contains("BEGIN:VALARM"));
    assert!(first.contains("TRIGGER"));
    assert_eq!(
        event_field(&first, LIEGE_CARDIOLOGY, "SEQUENCE").as_deref(),
        Some("0")
    );
    assert_eq!(
        event_field(&first, LIEGE_CARDIOLOGY, "STATUS").as_deref(),
        Some("TENTATIVE")
    );

    let mut ids = uids(&first);
    ids.sort();
    assert_eq!(ids.len(), 16);
    // A second export gives the same UIDs; a moved item keeps its UID, with a higher SEQUENCE.
    let sorted = |ics: &str| {
        let mut u = uids(ics);
        u.sort();
        u
    };
    assert_eq!(sorted(&export(None)), ids);
    store
        .write("move", |w| store::agenda::reschedule(w, &move_liege()))
        .unwrap();
    let after = export(None);
    assert_eq!(sorted(&after), ids);
    assert_eq!(
        event_field(&after, LIEGE_CARDIOLOGY, "DTSTART").as_deref(),
        Some("20250627T123000Z")
    );
    assert_eq!(
        event_field(&after, LIEGE_CARDIOLOGY, "SEQUENCE").as_deref(),
        Some("1")
    );

    // One participant: only their items, with the same UIDs as in the mission's file.
    let mine = uids(&export(Some("con_delegate_04")));
    assert!(mine.iter().all(|u| ids.contains(u)));
    assert!(mine
        .iter()
        .any(|u| u.contains("itm_d2_one_to_one_nephrology_gastro")));
    assert!(!mine.iter().any(|u| u.contains(LIEGE_CARDIOLOGY)));
}

// ------------------------------------------------------------------------------------------
// The command line, exactly as the issue writes it.

#[test]
fn the_command_line_writes_every_document() {
    let (db, store) = seeded();
    drop(store);
    let dir = db.dir.path();
    for (kind, lang, extra) in [
        ("programme", "fr", vec![]),
        ("programme", "en+zh-TW", vec![]),
        (
            "itinerary",
            "zh-TW",
            vec!["--participant", "con_delegate_08"],
        ),
        ("itinerary", "fr+en", vec![]),
        ("cards", "en", vec![]),
    ] {
        let out = dir.join(format!("{kind}-{lang}.pdf"));
        let mut args = vec![
            "export",
            kind,
            "--mission",
            MISSION,
            "--lang",
            lang,
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        let o = cli(&db, &args);
        assert!(
            o.status.success(),
            "{kind} {lang}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(pages_of(&out) >= 1);
    }
    let ics = dir.join("mission.ics");
    let o = cli(
        &db,
        &[
            "export",
            "ics",
            "--mission",
            MISSION,
            "--out",
            ics.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(uids(&std::fs::read_to_string(&ics).unwrap()).len(), 16);

    // The directory's exports still work beside the documents.
    let csv = dir.join("contacts.csv");
    let o = cli(
        &db,
        &[
            "export",
            "contacts",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn bad_command_lines_fail_with_one_line() {
    let (db, store) = seeded();
    drop(store);
    let check = |args: &[&str], needle: &str| {
        let o = cli(&db, args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    };
    check(
        &[
            "export",
            "programme",
            "--mission",
            MISSION,
            "--lang",
            "fr",
            "--out",
            "/nonexistent/dir/p.pdf",
        ],
        "cannot write /nonexistent/dir/p.pdf",
    );
    check(
        &[
            "export",
            "programme",
            "--mission",
            MISSION,
            "--lang",
            "de",
            "--out",
            "p.pdf",
        ],
        "not a document language",
    );
    check(
        &[
            "export",
            "programme",
            "--mission",
            "mis_nope",
            "--lang",
            "fr",
            "--out",
            "p.pdf",
        ],
        "mis_nope",
    );
    check(
        &[
            "export",
            "changes",
            "--mission",
            MISSION,
            "--lang",
            "fr",
            "--out",
            "c.pdf",
        ],
        "publish one first",
    );
    check(&["export", "ics", "--out", "x.ics"], "--mission");
    assert!(!Path::new("p.pdf").exists());
}

// ------------------------------------------------------------------------------------------
// Bad input still lays out: 200 participants, names in three scripts, a very long title, an
// empty day, an item crossing midnight.

fn stress_seed(dir: &Path) {
    let scripts = [
        ("Wei-Ting", "Chen", Some("陳維廷")),
        ("Aleksandr", "Ivanov", Some("Александр Иванов")),
        ("Amélie", "Dubois-Vandenberghe", None),
        ("Yasmin", "Haddad", Some("ياسمين حداد")),
    ];
    let mut contacts = Vec::new();
    let mut delegation = Vec::new();
    let mut participants = Vec::new();
    for n in 0..200 {
        let (given, family, native) = scripts[n % scripts.len()];
        let id = format!("con_stress_{n:03}");
        contacts.push(json!({
            "id": id, "givenName": given, "familyName": format!("{family} {n}"),
            "nativeName": native, "title": "Dr.", "role": "Specialist physician",
            "organisation": "org_stress",
            "privacy": {"lawfulBasis": "legitimate_interests", "source": "test",
                        "collectedOn": "2025-01-01"}
        }));
        delegation.push(json!({"contact": id, "role": "delegate"}));
        if n % 2 == 0 {
            participants.push(id);
        }
    }
    let long_title = format!(
        "{} {}",
        "A very long session title about the clinical validation of medical artificial intelligence ".repeat(2),
        "Pneumonoultramicroscopicsilicovolcanoconiosis-and-other-unbreakable-words-that-never-end"
    );
    let long_title: String = long_title.chars().take(290).collect();
    let mission = json!({
        "id": "mis_stress", "title": long_title, "originCountry": "TW", "hostCountry": "BE",
        "startDate": "2025-06-26", "endDate": "2025-06-28", "homeTz": "Asia/Taipei",
        "hostTz": "Europe/Brussels", "delegation": delegation,
        "sites": [{"id": "sit_stress", "organisation": "org_stress", "name": "Site",
                   "address": "Rue très longue ".repeat(8), "postalCode": "4000", "city": "Liège",
                   "country": "BE", "tz": "Europe/Brussels"}],
        "agenda": [
            {"id": "itm_stress_long", "kind": "presentation", "title": long_title,
             "description": "Lorem ipsum ".repeat(200),
             "start": "2025-06-26T09:00", "end": "2025-06-26T10:00", "site": "sit_stress",
             "status": "confirmed", "participants": participants},
            {"id": "itm_stress_night", "kind": "reception", "title": "Reception across midnight",
             "start": "2025-06-26T23:30", "end": "2025-06-27T01:00", "site": "sit_stress",
             "status": "confirmed"},
            {"id": "itm_stress_last", "kind": "meeting", "title": "Last day meeting",
             "start": "2025-06-28T10:00", "end": "2025-06-28T11:00", "status": "confirmed",
             "participants": ["con_stress_001"]}
        ]
    });
    let organisations = json!([{"id": "org_stress", "name": "Organisation with a rather long name, its department and its sub-department", "kind": "hospital", "country": "BE"}]);
    std::fs::write(dir.join("mission.json"), mission.to_string()).unwrap();
    std::fs::write(dir.join("contacts.json"), json!(contacts).to_string()).unwrap();
    std::fs::write(dir.join("organisations.json"), organisations.to_string()).unwrap();
}

#[test]
fn hard_cases_still_lay_out() {
    let db = TempDb::new();
    let store = Store::open_with_clock(&db.path, Arc::new(printed_on)).unwrap();
    let seed_dir = db.dir.path().join("stress");
    std::fs::create_dir_all(&seed_dir).unwrap();
    stress_seed(&seed_dir);
    seed::load_dir(&store, &seed_dir).unwrap();
    for (kind, lang) in [
        (DocumentKind::Programme, "fr"),
        (DocumentKind::Programme, "en+zh-TW"),
        (DocumentKind::Itinerary, "fr+en"),
        (DocumentKind::Cards, "zh-TW"),
        (DocumentKind::Briefing, "fr+zh-TW"),
        (DocumentKind::Catering, "fr+zh-TW"),
        (DocumentKind::Interpreter, "zh-TW+fr"),
    ] {
        let req = DocumentRequest {
            kind,
            mission_id: "mis_stress".into(),
            participant: None,
            versions: None,
            langs: Langs::parse(lang).unwrap(),
        };
        let pdf = render(&store, &req, db.dir.path(), "stress.pdf");
        let text = squeeze(&text_of(&pdf));
        match kind {
            DocumentKind::Programme => {
                // The empty day is there, and the night item ends the next day.
                assert!(
                    text.contains("Vendredi 27 juin 2025") || text.contains("Friday 27 June 2025"),
                    "{text}"
                );
                assert!(
                    text.contains("Aucune activité prévue ce jour.")
                        || text.contains("Nothing is planned on this day."),
                    "{text}"
                );
                assert!(text.contains("Reception across midnight"));
                assert!(text.contains("23:30–01:00 +1"), "{text}");
                assert!(text.contains("Александр Иванов"));
                assert!(text.contains("陳維廷"));
                assert!(text.contains("unbreakable"), "{text}");
            }
            DocumentKind::Cards => assert_eq!(pages_of(&pdf), 200),
            DocumentKind::Itinerary => assert!(pages_of(&pdf) >= 200),
            // Every person of the hard cases, each language's name, on both sides' lists.
            DocumentKind::Briefing => {
                assert!(text.contains("Александр Иванов") && text.contains("陳維廷"));
                let pages = pages_of(&pdf);
                assert!(pages >= 8, "200 people in two columns: {pages} pages");
            }
            // The caterer's sheet of the hard cases lays out (no needs recorded: no counts).
            DocumentKind::Catering => assert!(pages_of(&pdf) >= 1),
            // Every interpreter of the hard cases (or the page saying there is none) lays out.
            DocumentKind::Interpreter => assert!(pages_of(&pdf) >= 1),
            DocumentKind::Changes | DocumentKind::Rooming | DocumentKind::Transport => {}
        }
    }
}

/// The briefing book (issue 17, part 4): objectives, who's who of both sides with specialties
/// and languages, the technologies each side presents, the programme and the sites, in each
/// language and two side by side, through the command line.
#[test]
fn the_briefing_book_reads_back_in_each_language() {
    let (db, store) = seeded();
    let dir = db.dir.path();
    let fr = render(
        &store,
        &request(DocumentKind::Briefing, "fr"),
        dir,
        "briefing-fr.pdf",
    );
    assert_fonts_embedded(&fr);
    let text = text_of(&fr);
    assert_phrases(
        &squeeze(&text),
        &[
            "DOSSIER DE MISSION",
            "OBJECTIFS",
            "Délégation",
            "Hôtes et participants",
            "Technologies présentées",
            "PRÉSENTÉES PAR : TAÏWAN",
            "PRÉSENTÉES PAR : BELGIQUE",
            // As French documents name it (the demo's technologies have French names).
            "hypertension pulmonaire par IA",
            "Sites",
            "Chaussée de Bruxelles 140",
            "Jeudi 26 juin 2025",
        ],
        false,
    );
    assert_phrases(
        &squeeze(&text),
        &[
            "Spécialités Cardiologie",
            "Langues anglais, chinois (traditionnel)",
        ],
        false,
    );
    // Both sides' people: a Taiwanese delegate and a Liège host.
    let people = store
        .read(|c| documents::facts::MissionFacts::load(c, MISSION, printed_on()))
        .unwrap();
    for id in ["con_delegate_01", "con_liege_doctor_1"] {
        let name = &people.people[id].name;
        assert!(squeeze(&text).contains(name.as_str()), "{name} missing");
    }

    let zh = render(
        &store,
        &request(DocumentKind::Briefing, "zh-TW"),
        dir,
        "briefing-zh.pdf",
    );
    assert_phrases(
        &text_of(&zh),
        &["訪問團手冊", "展示技術", "展示方：臺灣", "接待單位與與會者"],
        true,
    );

    drop(store);
    let out = dir.join("briefing-fr-en.pdf");
    let o = cli(
        &db,
        &[
            "export",
            "briefing",
            "--mission",
            MISSION,
            "--lang",
            "fr+en",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let both = squeeze(&text_of(&out));
    assert_phrases(
        &both,
        &[
            "DOSSIER DE MISSION",
            "BRIEFING BOOK",
            "Technologies presented",
        ],
        false,
    );
    assert!(pages_of(&out) >= pages_of(&fr));
}
