//! The directory's commands: import, search, export, a contact's life (add, edit, archive)
//! and data-subject rights; archiving and deleting any directory record.

use crate::print_json;
use passerelle_core::directory::edit::{self, DirectoryKind};
use passerelle_core::directory::{export, import, privacy, search};
use passerelle_core::domain::{Contact, LawfulBasis, Privacy};
use passerelle_core::ids::ContactId;
use passerelle_core::messages::Message;
use passerelle_core::store;
use passerelle_core::time::format_utc;
use passerelle_core::{Error, Result, Store};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct ImportArgs {
    what: ImportKind,
    /// A CSV (Google, Outlook, spreadsheet) or vCard file.
    path: PathBuf,
    /// Reports what would happen; writes nothing.
    #[arg(long)]
    dry_run: bool,
    /// Country of organisations the file names that the directory does not have yet.
    #[arg(long, default_value = "BE", value_name = "ISO")]
    default_country: String,
    /// The file's text encoding (e.g. windows-1252, big5); by default it is detected.
    #[arg(long)]
    encoding: Option<String>,
    /// JSON is the only output format; the flag is accepted for explicitness.
    #[arg(long)]
    json: bool,
    /// The language of the words written into the records (the source, a phone kept in the
    /// notes, the note of a new organisation): fr, en or zh-TW.
    #[arg(long, default_value = "en")]
    lang: String,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ImportKind {
    Contacts,
}

pub fn import(store: &Store, args: ImportArgs) -> Result<()> {
    let ImportKind::Contacts = args.what;
    let bytes = std::fs::read(&args.path)
        .map_err(|e| Error::validation("path", format!("{}: {e}", args.path.display())))?;
    let file = import::parse(&bytes, args.encoding.as_deref())?;
    if file.rows.is_empty() {
        let why = file
            .unreadable
            .first()
            .map(|p| format!("line {}: {}", p.line, p.reason))
            .unwrap_or_else(|| "no contact in the file".into());
        return Err(Error::validation(
            "path",
            format!("nothing can be imported: {why}"),
        ));
    }
    let name = args
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let today = store.now().date_naive().to_string();
    let lang = crate::message_lang(&args.lang)?;
    let options = import::ImportOptions {
        default_country: args.default_country,
        source: Message::new("directory.import.sourceDefault")
            .with("file", &name)
            .render(lang),
        lawful_basis: LawfulBasis::LegitimateInterests,
        collected_on: today,
        lang: Some(lang.code().to_owned()),
    };
    let mapping = store.read(|conn| {
        Ok(import::remembered_mapping(conn, &file.headers)?
            .unwrap_or_else(|| import::guess_mapping(file.format, &file.headers)))
    })?;
    if args.dry_run {
        let plan = store.read(|conn| import::plan(conn, &file, &mapping, &options))?;
        return print_json(&plan.report());
    }
    let now = format_utc(store.now());
    let done = store.write("action.importContacts", |w| {
        import::commit(w, &file, &mapping, &options, &now)
    })?;
    print_json(&done)
}

#[derive(clap::Args)]
pub struct SearchArgs {
    text: String,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Only these kinds (organisation, contact, technology), comma-separated.
    #[arg(long, value_delimiter = ',')]
    kind: Vec<String>,
    #[arg(long)]
    country: Option<String>,
    #[arg(long)]
    specialty: Option<String>,
    #[arg(long)]
    tag: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn search(store: &Store, args: SearchArgs) -> Result<()> {
    let kinds = args
        .kind
        .iter()
        .map(|k| match k.as_str() {
            "organisation" | "organisations" => Ok(search::HitKind::Organisation),
            "contact" | "contacts" => Ok(search::HitKind::Contact),
            "technology" | "technologies" => Ok(search::HitKind::Technology),
            other => Err(Error::validation(
                "kind",
                format!("'{other}' is not a kind"),
            )),
        })
        .collect::<Result<Vec<_>>>()?;
    let filters = search::SearchFilters {
        kinds,
        country: args.country,
        specialty: args.specialty,
        tag: args.tag,
    };
    let hits = store.read(|conn| search::search(conn, &args.text, &filters, args.limit))?;
    print_json(&hits)
}

#[derive(clap::Args)]
pub struct ExportArgs {
    what: ExportKind,
    #[arg(long, default_value = "csv")]
    format: Format,
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// Documents' flags (--mission, --participant, --versions, --lang, --alarm).
    #[command(flatten)]
    documents: crate::documents::DocumentFlags,
    /// Letters' flags (--kind, --contact, --costs-by, --json).
    #[command(flatten)]
    letter: crate::letters::LetterFlags,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum ExportKind {
    Contacts,
    Organisations,
    Technologies,
    /// Documents (PDF): the mission programme, itineraries, name cards, change sheet.
    Programme,
    Itinerary,
    Cards,
    Changes,
    /// A calendar file (.ics) of the mission or of one participant.
    Ics,
    /// The rooming list per hotel (--format xlsx|pdf; --lang, English by default).
    Rooming,
    /// The briefing book (PDF): objectives, who's who, technologies, programme, sites.
    Briefing,
    /// The caterer's sheet (PDF): each meal's counts of dietary and access needs, no names.
    Catering,
    /// The mission's budget (--format csv|xlsx; the workbook in --lang, English by default).
    Costs,
    /// The drivers' sheets, one page per vehicle (PDF; --lang, the driver's language).
    Transport,
    /// An interpreter's briefing pack (PDF): --contact ID (else every interpreter of the
    /// delegation), their items, the people they interpret for and the technologies.
    Interpreter,
    /// Letters (PDF): --kind invitation|thank-you, one per person into --out DIR, or one file
    /// for --contact; --lang fr|en|zh-TW|auto (each person's own, the default).
    Letter,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Format {
    Csv,
    Vcf,
    Xlsx,
    Pdf,
}

/// Writes next to the target then renames, so a failed export leaves no half file.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    passerelle_core::files::write_whole(path, bytes)
        .map_err(|e| Error::validation("out", format!("{}: {e}", path.display())))
}

pub fn export(store: &Store, args: ExportArgs) -> Result<()> {
    use crate::documents::Kind as Doc;
    use passerelle_core::documents::DocumentKind as Pdf;
    let document = match args.what {
        ExportKind::Programme => Some(Doc::Pdf(Pdf::Programme)),
        ExportKind::Itinerary => Some(Doc::Pdf(Pdf::Itinerary)),
        ExportKind::Cards => Some(Doc::Pdf(Pdf::Cards)),
        ExportKind::Changes => Some(Doc::Pdf(Pdf::Changes)),
        ExportKind::Briefing => Some(Doc::Pdf(Pdf::Briefing)),
        ExportKind::Transport => Some(Doc::Pdf(Pdf::Transport)),
        ExportKind::Catering => Some(Doc::Pdf(Pdf::Catering)),
        ExportKind::Interpreter => {
            // The pack's person is --contact (the contract); --participant works too.
            let mut flags = args.documents;
            if let Some(c) = args.letter.contact.clone() {
                flags.participant = Some(c);
            }
            return crate::documents::export(store, Doc::Pdf(Pdf::Interpreter), &flags, &args.out);
        }
        ExportKind::Ics => Some(Doc::Ics),
        ExportKind::Rooming => {
            let xlsx = match args.format {
                Format::Xlsx => true,
                Format::Pdf => false,
                _ => {
                    return Err(Error::validation(
                        "format",
                        "the rooming list is written as xlsx or pdf",
                    ))
                }
            };
            return crate::logistics::export_rooming(store, xlsx, &args.documents, &args.out);
        }
        ExportKind::Costs => {
            let xlsx = match args.format {
                Format::Xlsx => true,
                Format::Csv => false,
                _ => {
                    return Err(Error::validation(
                        "format",
                        "the budget is written as csv or xlsx",
                    ))
                }
            };
            return crate::budget::export_costs(store, xlsx, &args.documents, &args.out);
        }
        ExportKind::Letter => {
            return crate::letters::export_letter(store, &args.documents, &args.letter, &args.out);
        }
        ExportKind::Contacts | ExportKind::Organisations | ExportKind::Technologies => None,
    };
    if let Some(kind) = document {
        return crate::documents::export(store, kind, &args.documents, &args.out);
    }
    if matches!(args.format, Format::Xlsx | Format::Pdf) {
        return Err(Error::validation(
            "format",
            "directory exports are written as csv (or vcf for contacts)",
        ));
    }
    if args.format == Format::Vcf && args.what != ExportKind::Contacts {
        return Err(Error::validation(
            "format",
            "only contacts can be exported as vCard",
        ));
    }
    let bytes = store.read(|conn| match (args.what, args.format) {
        (ExportKind::Contacts, Format::Csv) => export::contacts_csv(conn),
        (ExportKind::Contacts, Format::Vcf) => {
            export::contacts_vcard(conn, None).map(String::into_bytes)
        }
        (ExportKind::Organisations, _) => export::organisations_csv(conn),
        (ExportKind::Technologies, _) => export::technologies_csv(conn),
        (_, _) => Err(Error::validation("what", "not a directory export")),
    })?;
    write_file(&args.out, &bytes)
}

#[derive(clap::Args)]
pub struct ContactArgs {
    #[command(subcommand)]
    action: ContactAction,
}

#[derive(clap::Subcommand)]
enum ContactAction {
    /// Adds a person to the directory; prints {"id": "con_…"}.
    Add {
        #[arg(long)]
        given: String,
        #[arg(long)]
        family: String,
        #[arg(long, value_name = "ORG_ID")]
        organisation: Option<String>,
        #[arg(long, value_name = "E")]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        /// A language the person speaks, ISO 639 code (repeatable).
        #[arg(long = "language", value_name = "L")]
        languages: Vec<String>,
        /// Why the agency may hold this person's data (GDPR art. 6): consent, contract,
        /// legal_obligation, vital_interests, public_task or legitimate_interests (default).
        #[arg(long, default_value = "legitimate_interests")]
        lawful_basis: String,
        /// Where the data came from.
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Edits a person: only the fields given change ("" empties an optional one); prints
    /// {"id": "con_…"}.
    Edit {
        #[arg(long)]
        id: String,
        #[arg(long)]
        given: Option<String>,
        #[arg(long)]
        family: Option<String>,
        /// The organisation ("" for none); a new one clears the person's department.
        #[arg(long, value_name = "ORG_ID")]
        organisation: Option<String>,
        #[arg(long, value_name = "E")]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        /// The languages the person speaks, ISO 639 codes (repeatable; replaces the list).
        #[arg(long = "language", value_name = "L")]
        languages: Vec<String>,
        /// Removes every language.
        #[arg(long, conflicts_with = "languages")]
        no_languages: bool,
        /// Why the agency may hold this person's data (GDPR art. 6), as for `contact add`.
        #[arg(long)]
        lawful_basis: Option<String>,
        /// The person objects to being contacted (true), or no longer does (false).
        #[arg(long, value_name = "BOOL")]
        do_not_contact: Option<bool>,
        #[arg(long)]
        json: bool,
    },
    /// Archives a person (hidden from lists and search, every link kept); with --undo, brings
    /// them back. Prints {"id": "con_…", "archived": bool}.
    Archive(ArchiveArgs),
    /// Erases a person from the file: record, links, search index, change log, free pages;
    /// prints what was removed as JSON.
    Erase {
        id: String,
        #[arg(long)]
        reason: Option<String>,
        /// Accepted for symmetry with the other commands: the report is JSON either way.
        #[arg(long)]
        json: bool,
    },
    /// Writes everything held on a person: HTML if PATH ends in .html, JSON otherwise.
    Export {
        id: String,
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
}

fn lawful_basis_of(text: &str) -> Result<LawfulBasis> {
    LawfulBasis::parse(text).ok_or_else(|| {
        Error::validation(
            "lawfulBasis",
            format!(
                "'{text}' is not a lawful basis; expected one of {}",
                LawfulBasis::expected()
            ),
        )
    })
}

pub fn contact(store: &Store, args: ContactArgs) -> Result<()> {
    match args.action {
        ContactAction::Add {
            given,
            family,
            organisation,
            email,
            phone,
            languages,
            lawful_basis,
            source,
            json,
        } => {
            let lawful_basis = lawful_basis_of(&lawful_basis)?;
            let contact = Contact {
                organisation_id: organisation,
                email,
                phone,
                languages,
                privacy: Privacy {
                    lawful_basis,
                    source,
                    collected_on: Some(store.now().date_naive().to_string()),
                    consent_evidence: None,
                    do_not_contact: false,
                    review_on: None,
                },
                ..Contact::named(ContactId::new_random().to_string(), given, family)
            }
            .validate()?;
            store.write("action.saveContact", |w| store::contacts::save(w, &contact))?;
            crate::setup::print_id(&contact.id, json)
        }
        ContactAction::Edit {
            id,
            given,
            family,
            organisation,
            email,
            phone,
            languages,
            no_languages,
            lawful_basis,
            do_not_contact,
            json,
        } => {
            let mut c = store.read(|conn| store::contacts::get(conn, &id))?;
            if let Some(v) = given {
                c.given_name = v;
            }
            if let Some(v) = family {
                c.family_name = v;
            }
            let before = c.organisation_id.clone();
            crate::setup::replace_text(organisation, &mut c.organisation_id);
            if c.organisation_id != before {
                c.department_id = None;
            }
            crate::setup::replace_text(email, &mut c.email);
            crate::setup::replace_text(phone, &mut c.phone);
            if no_languages {
                c.languages.clear();
            } else if !languages.is_empty() {
                c.languages = languages;
            }
            if let Some(b) = lawful_basis {
                c.privacy.lawful_basis = lawful_basis_of(&b)?;
            }
            if let Some(d) = do_not_contact {
                c.privacy.do_not_contact = d;
            }
            let c = c.validate()?;
            store.write("action.saveContact", |w| store::contacts::save(w, &c))?;
            crate::setup::print_id(&c.id, json)
        }
        ContactAction::Archive(a) => archive(store, DirectoryKind::Contact, &a),
        ContactAction::Erase { id, reason, .. } => {
            let report = privacy::erase_contact(store, &id, reason.as_deref())?;
            print_json(&report)
        }
        ContactAction::Export { id, out } => {
            let now = format_utc(store.now());
            let export = store.read(|conn| privacy::subject_export(conn, &id, &now))?;
            let html = out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
            let bytes = if html {
                privacy::subject_export_html(&export).into_bytes()
            } else {
                serde_json::to_vec_pretty(&export)
                    .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?
            };
            write_file(&out, &bytes)
        }
    }
}

/// `<record> archive ID [--undo]`.
#[derive(clap::Args)]
pub struct ArchiveArgs {
    id: String,
    /// Brings the record back.
    #[arg(long)]
    undo: bool,
    #[arg(long)]
    json: bool,
}

/// `<record> delete ID`, `request-delete ID`.
#[derive(clap::Args)]
pub struct DeleteArgs {
    pub id: String,
    #[arg(long)]
    json: bool,
}

/// Archives a directory record (or brings it back): one logged write; prints
/// {"id", "archived"}.
pub fn archive(store: &Store, kind: DirectoryKind, args: &ArchiveArgs) -> Result<()> {
    let (id, undo) = (args.id.as_str(), args.undo);
    let now = store.now();
    let label = if undo {
        "action.restore"
    } else {
        "action.archive"
    };
    store.write(label, |w| edit::set_archived(w, kind, id, !undo, now))?;
    print_json(&serde_json::json!({ "id": id, "archived": !undo }))
}

/// Deletes a directory record; what named it is removed or emptied as the schema says (the
/// window asks first with the same counts). Prints {"deleted": id, "links": {table: rows}}.
pub fn delete(store: &Store, kind: DirectoryKind, args: &DeleteArgs) -> Result<()> {
    let id = args.id.as_str();
    let impact = store.read(|conn| edit::delete_impact(conn, kind, id))?;
    store.write("action.deleteRecord", |w| edit::delete(w, kind, id))?;
    let links: serde_json::Map<String, serde_json::Value> = impact
        .links
        .into_iter()
        .map(|(table, n)| (table, n.into()))
        .collect();
    print_json(&serde_json::json!({ "deleted": id, "links": links }))
}
