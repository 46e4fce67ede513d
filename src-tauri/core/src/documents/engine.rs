//! The document engine: Typst embedded as a library. A template (Typst markup) and its data
//! (JSON) become a laid-out document, then PDF bytes or PNG pages. It is general on purpose: any
//! area of the core can render its own template (e.g. the mission report) with
//! [`render_pdf`].
//!
//! The Typst "world" is ours and closed: the main source, Passerelle's shared style module
//! (`/passerelle.typ`), the data (`/data.json`) and the chosen fonts (`/fonts.json`). There is
//! no file system and no package access at all: an `@preview/…` import fails with a clear error.

use crate::error::{Error, Result};
use crate::messages::Message;
use chrono::{Datelike, NaiveDate};
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult, PackageError, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::{FontSearcher, FontSlot};

/// The style module every Passerelle template may import: `#import "/passerelle.typ": *`.
pub const STYLE_MODULE: &str = include_str!("templates/passerelle.typ");

/// The Latin text face: one of Typst's own fonts, embedded in the binary, so that documents look
/// the same on every computer.
pub const LATIN_FAMILY: &str = "Libertinus Serif";

/// Its faces, embedded (`fonts/`, SIL Open Font License: `fonts/OFL.txt`). Only these: Typst's
/// other embedded fonts (New Computer Modern and its maths, DejaVu Sans Mono: 7 MB of the
/// binary) serve maths and code, which no template sets.
const EMBEDDED_FONTS: [&[u8]; 6] = [
    include_bytes!("fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("fonts/LibertinusSerif-BoldItalic.otf"),
    include_bytes!("fonts/LibertinusSerif-Semibold.otf"),
    include_bytes!("fonts/LibertinusSerif-SemiboldItalic.otf"),
];

/// Families preferred for Chinese, Japanese and Korean text, best first. Any other installed
/// family covering Traditional Chinese is accepted after these.
const CJK_PREFERRED: &[&str] = &[
    "Noto Serif CJK TC",
    "Noto Sans CJK TC",
    "Noto Serif TC",
    "Noto Sans TC",
    "Source Han Serif TC",
    "Source Han Sans TC",
    "AR PL UMing TW",
    "AR PL UKai TW",
];

/// The fonts a document may use: the embedded Latin face, plus (normally) the system's.
pub struct FontSet {
    book: LazyHash<FontBook>,
    slots: Vec<Slot>,
    cjk: Option<String>,
}

/// A font of the set: a system font, read when first used, or an embedded one.
enum Slot {
    System(FontSlot),
    Embedded(Font),
}

impl Slot {
    fn get(&self) -> Option<Font> {
        match self {
            Slot::System(slot) => slot.get(),
            Slot::Embedded(font) => Some(font.clone()),
        }
    }
}

impl FontSet {
    /// The embedded fonts and every font installed on the system; searched once per process.
    pub fn system() -> &'static FontSet {
        static SET: OnceLock<FontSet> = OnceLock::new();
        SET.get_or_init(|| FontSet::search(true))
    }

    /// Only the embedded fonts (no CJK): how a computer without fonts-noto-cjk behaves.
    pub fn embedded_only() -> &'static FontSet {
        static SET: OnceLock<FontSet> = OnceLock::new();
        SET.get_or_init(|| FontSet::search(false))
    }

    fn search(system: bool) -> FontSet {
        let fonts = FontSearcher::new().include_system_fonts(system).search();
        let mut book = fonts.book;
        let mut slots: Vec<Slot> = fonts.fonts.into_iter().map(Slot::System).collect();
        // After the system's, as Typst's own embedded fonts came: an installed face wins.
        for data in EMBEDDED_FONTS {
            for font in Font::iter(Bytes::new(data)) {
                book.push(font.info().clone());
                slots.push(Slot::Embedded(font));
            }
        }
        let cjk = find_cjk(&book);
        FontSet {
            book: LazyHash::new(book),
            slots,
            cjk,
        }
    }

    /// The family used for Chinese text, if one is installed.
    pub fn cjk_family(&self) -> Option<&str> {
        self.cjk.as_deref()
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

fn find_cjk(book: &FontBook) -> Option<String> {
    for name in CJK_PREFERRED {
        if book.contains_family(&name.to_lowercase()) {
            return Some((*name).to_owned());
        }
    }
    // 臺 and 灣: a face that has both can print Traditional Chinese.
    for (family, mut infos) in book.families() {
        if infos.any(|i| i.coverage.contains(0x81FA) && i.coverage.contains(0x7063)) {
            return Some(family.to_owned());
        }
    }
    None
}

/// Whether a text holds Chinese, Japanese or Korean characters (which need a CJK font).
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32,
            0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3100..=0x312F | 0x31A0..=0x31FF
            | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
            | 0xFF00..=0xFF60 | 0x20000..=0x3134F)
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::builder().build()))
}

/// Renders documents with one font set.
#[derive(Clone, Copy)]
pub struct Engine {
    fonts: &'static FontSet,
    today: Option<NaiveDate>,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

impl Engine {
    /// With the system's fonts (searched once per process).
    pub fn new() -> Engine {
        Engine {
            fonts: FontSet::system(),
            today: None,
        }
    }

    /// With Typst's embedded fonts only (used to test the missing-font message).
    pub fn embedded_only() -> Engine {
        Engine {
            fonts: FontSet::embedded_only(),
            today: None,
        }
    }

    /// The date Typst's `datetime.today()` answers (templates normally get dates from the data).
    pub fn with_today(mut self, today: NaiveDate) -> Engine {
        self.today = Some(today);
        self
    }

    pub fn fonts(&self) -> &'static FontSet {
        self.fonts
    }

    /// Lays out `template` (Typst markup; it reads its data with `json("/data.json")`).
    /// Refuses (`missingCjkFont`) when Chinese must be printed and no font on this computer can
    /// show it: the one check of every document, letter and form.
    pub fn check_chinese(&self, chinese: bool) -> Result<()> {
        if chinese && self.fonts.cjk.is_none() {
            return Err(Error::Refused(Message::new("missingCjkFont")));
        }
        Ok(())
    }

    /// Fails with a clear message when the data holds Chinese and no CJK font is installed.
    pub fn compile(&self, template: &str, data: &serde_json::Value) -> Result<Compiled> {
        let data = serde_json::to_vec(data)
            .map_err(|e| Error::Internal(format!("cannot encode the document's data: {e}")))?;
        let text = String::from_utf8_lossy(&data);
        self.check_chinese(has_cjk(&text) || has_cjk(template))?;
        let fonts = serde_json::json!({ "latin": LATIN_FAMILY, "cjk": self.fonts.cjk });
        let world = DocWorld {
            library: library(),
            fonts: self.fonts,
            main: Source::new(main_id(), template.to_owned()),
            data: Bytes::new(data),
            fonts_json: Bytes::new(fonts.to_string().into_bytes()),
            today: self.today,
        };
        let result = typst::compile::<PagedDocument>(&world).output;
        // Keep the memoisation cache of a long-running app bounded.
        typst::comemo::evict(20);
        match result {
            Ok(document) => Ok(Compiled { document }),
            Err(errors) => Err(Error::Internal(describe(&world, &errors))),
        }
    }
}

/// A laid-out document.
pub struct Compiled {
    document: PagedDocument,
}

impl Compiled {
    pub fn page_count(&self) -> usize {
        self.document.pages.len()
    }

    /// The PDF, fonts subset and embedded. `ident` identifies the document stably (same
    /// mission and kind → same PDF identifier across printings).
    pub fn pdf(&self, ident: &str) -> Result<Vec<u8>> {
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(ident),
            ..typst_pdf::PdfOptions::default()
        };
        typst_pdf::pdf(&self.document, &options).map_err(|errors| {
            Error::Internal(format!(
                "cannot write the PDF: {}",
                errors
                    .first()
                    .map(|e| e.message.to_string())
                    .unwrap_or_default()
            ))
        })
    }

    /// The first `max_pages` pages as PNG images at `pixels_per_pt` (1.0 = 72 dpi).
    pub fn png_pages(&self, pixels_per_pt: f32, max_pages: usize) -> Result<Vec<Vec<u8>>> {
        self.document
            .pages
            .iter()
            .take(max_pages)
            .map(|page| {
                typst_render::render(page, pixels_per_pt)
                    .encode_png()
                    .map_err(|e| Error::Internal(format!("cannot encode a page as PNG: {e}")))
            })
            .collect()
    }
}

/// Renders a template with its JSON data to PDF bytes, with the system's fonts. The template
/// reads the data with `#let data = json("/data.json")` and may `#import "/passerelle.typ": *`
/// for Passerelle's page style, colours and helpers.
pub fn render_pdf(template: &str, data: &serde_json::Value) -> Result<Vec<u8>> {
    Engine::new()
        .compile(template, data)?
        .pdf("passerelle-document")
}

fn main_id() -> FileId {
    FileId::new(None, VirtualPath::new("/main.typ"))
}

struct DocWorld {
    library: &'static LazyHash<Library>,
    fonts: &'static FontSet,
    main: Source,
    data: Bytes,
    fonts_json: Bytes,
    today: Option<NaiveDate>,
}

const NO_PACKAGES: &str = "Passerelle's documents use no packages: imports such as \
     @preview/… are not available (everything is printed offline)";

impl DocWorld {
    fn path(id: FileId) -> FileResult<String> {
        if let Some(spec) = id.package() {
            let _ = spec;
            return Err(FileError::Package(PackageError::Other(Some(
                NO_PACKAGES.into(),
            ))));
        }
        Ok(id.vpath().as_rooted_path().to_string_lossy().into_owned())
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        match Self::path(id)?.as_str() {
            "/passerelle.typ" => Ok(style_source(id)),
            other => Err(FileError::NotFound(other.into())),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        match Self::path(id)?.as_str() {
            "/data.json" => Ok(self.data.clone()),
            "/fonts.json" => Ok(self.fonts_json.clone()),
            "/passerelle.typ" => Ok(Bytes::new(STYLE_MODULE.as_bytes())),
            other => Err(FileError::NotFound(other.into())),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.slots.get(index)?.get()
    }

    fn today(&self, offset: Option<i64>) -> Option<Datetime> {
        let date = match self.today {
            Some(d) => d,
            None => {
                let now = chrono::Utc::now();
                match offset {
                    Some(h) => (now + chrono::Duration::hours(h)).date_naive(),
                    None => now.date_naive(),
                }
            }
        };
        Datetime::from_ymd(
            date.year(),
            u8::try_from(date.month()).ok()?,
            u8::try_from(date.day()).ok()?,
        )
    }
}

/// The shared style module, parsed once per process.
fn style_source(id: FileId) -> Source {
    static SOURCE: OnceLock<Source> = OnceLock::new();
    let source = SOURCE.get_or_init(|| Source::new(id, STYLE_MODULE.to_owned()));
    if source.id() == id {
        source.clone()
    } else {
        Source::new(id, STYLE_MODULE.to_owned())
    }
}

/// The first error, located ("main.typ:12: unknown variable: x").
fn describe(world: &DocWorld, errors: &[SourceDiagnostic]) -> String {
    let Some(error) = errors
        .iter()
        .find(|e| e.severity == Severity::Error)
        .or(errors.first())
    else {
        return "the document could not be laid out".into();
    };
    let mut text = String::from("the document could not be laid out: ");
    if let Some(id) = error.span.id() {
        if let Ok(source) = world.source(id) {
            if let Some(range) = source.range(error.span) {
                let line = source.text()[..range.start].matches('\n').count() + 1;
                text.push_str(&format!(
                    "{}:{line}: ",
                    id.vpath().as_rootless_path().display()
                ));
            }
        }
    }
    text.push_str(&error.message);
    for hint in &error.hints {
        text.push_str(&format!(" ({hint})"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_with_data_becomes_a_pdf() {
        let data = serde_json::json!({ "name": "Mont Légia" });
        let pdf = Engine::embedded_only()
            .compile("#let d = json(\"/data.json\")\nHello #d.name", &data)
            .and_then(|c| c.pdf("test"));
        let pdf = pdf.expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
    }

    /// The families that draw the runs of `frame` holding `c`.
    fn families_drawing(frame: &typst::layout::Frame, c: char, out: &mut Vec<String>) {
        for (_, item) in frame.items() {
            match item {
                typst::layout::FrameItem::Group(group) => families_drawing(&group.frame, c, out),
                typst::layout::FrameItem::Text(run) if run.text.contains(c) => {
                    out.push(run.font.info().family.clone())
                }
                _ => {}
            }
        }
    }

    #[test]
    fn a_chinese_document_draws_its_dashes_in_the_cjk_font_and_apostrophes_in_the_latin() {
        let engine = Engine::new();
        let cjk = engine
            .fonts()
            .cjk_family()
            .expect("a CJK font (make test installs one)");
        let template = "#import \"/passerelle.typ\": *\n#let data = json(\"/data.json\")\n\
                        #show: document-setup.with(data, footer: false)\n#data.body";
        let lang = |chinese: bool| {
            serde_json::json!({ "typst": if chinese { "zh" } else { "fr" },
                "region": if chinese { "TW" } else { "BE" }, "primaryChinese": chinese })
        };
        let drawn = |chinese: bool, c: char| {
            let data = serde_json::json!({ "lang": lang(chinese), "mission": { "title": "t" },
                "doc": { "a": "a" }, "body": "臺灣智慧醫療聯盟——醫療 AI，Agence wallonne à l’Exportation……" });
            let compiled = engine.compile(template, &data).expect("compiles");
            let mut out = Vec::new();
            for page in &compiled.document.pages {
                families_drawing(&page.frame, c, &mut out);
            }
            out
        };
        assert_eq!(drawn(true, '—'), [cjk]);
        assert_eq!(drawn(true, '…'), [cjk]);
        assert_eq!(drawn(true, '’'), [LATIN_FAMILY]);
        // A French document keeps the Latin face's dashes.
        assert_eq!(drawn(false, '—'), [LATIN_FAMILY]);
    }

    #[test]
    fn packages_are_refused() {
        let err = Engine::embedded_only()
            .compile(
                "#import \"@preview/cetz:0.3.0\": *\nHi",
                &serde_json::json!({}),
            )
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("no packages"), "{err}");
    }

    #[test]
    fn no_file_system_access() {
        let err = Engine::embedded_only()
            .compile("#read(\"/etc/passwd\")", &serde_json::json!({}))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("not found"), "{err}");
    }

    #[test]
    fn chinese_without_a_cjk_font_is_a_clear_error() {
        let err = Engine::embedded_only()
            .compile("Hi", &serde_json::json!({ "name": "陳醫師" }))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("Install fonts-noto-cjk"), "{err}");
    }

    #[test]
    fn template_errors_are_located() {
        let err = Engine::embedded_only()
            .compile("Hello\n#nothing-here", &serde_json::json!({}))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("main.typ:2"), "{err}");
    }
}
