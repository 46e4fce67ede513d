use crate::ipc::{blocking, IdInput, IpcResult};
use passerelle_core::domain::{
    ContactDetail, ContactSummary, OrganisationDetail, OrganisationSummary, Specialty, TagCount,
    TechnologyDetail, TechnologySummary,
};
use passerelle_core::{store, Store};
use std::sync::Arc;
use tauri::State;

#[tauri::command]
pub async fn list_organisations(
    store: State<'_, Arc<Store>>,
) -> IpcResult<Vec<OrganisationSummary>> {
    blocking(store, |s: &Store| s.read(store::organisations::list)).await
}

#[tauri::command]
pub async fn get_organisation(
    store: State<'_, Arc<Store>>,
    input: IdInput,
) -> IpcResult<OrganisationDetail> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::organisations::detail(c, &input.id))
    })
    .await
}

#[tauri::command]
pub async fn list_contacts(store: State<'_, Arc<Store>>) -> IpcResult<Vec<ContactSummary>> {
    blocking(store, |s: &Store| s.read(store::contacts::list)).await
}

#[tauri::command]
pub async fn get_contact(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<ContactDetail> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::contacts::detail(c, &input.id))
    })
    .await
}

#[tauri::command]
pub async fn list_technologies(store: State<'_, Arc<Store>>) -> IpcResult<Vec<TechnologySummary>> {
    blocking(store, |s: &Store| s.read(store::technologies::list)).await
}

#[tauri::command]
pub async fn get_technology(
    store: State<'_, Arc<Store>>,
    input: IdInput,
) -> IpcResult<TechnologyDetail> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::technologies::detail(c, &input.id))
    })
    .await
}

#[tauri::command]
pub async fn list_specialties(store: State<'_, Arc<Store>>) -> IpcResult<Vec<Specialty>> {
    blocking(store, |s: &Store| s.read(store::specialties::list)).await
}

// ------------------------------------------------------------------ editing

use crate::ipc::write;
use crate::ipc::IpcError;
use passerelle_core::directory::duplicates::{self, DuplicateGroup, DuplicateRecord, MergeReport};
use passerelle_core::directory::edit::{self, DeleteImpact, DirectoryKind, NewSpecialty};
use passerelle_core::directory::export;
use passerelle_core::directory::import::{
    self, ImportOptions, ImportPlan, ImportReport, ImportSource, Mapping,
};
use passerelle_core::directory::privacy::{self, ErasureReport};
use passerelle_core::directory::search::{self, SearchFilters, SearchHit};
use passerelle_core::directory::tags;
use passerelle_core::domain::{Contact, Department, Organisation, Technology};
use passerelle_core::messages::Message;
use passerelle_core::time::format_utc;
use passerelle_core::Error;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

#[tauri::command]
pub async fn save_organisation(
    store: State<'_, Arc<Store>>,
    input: Organisation,
) -> IpcResult<OrganisationDetail> {
    blocking(store, move |s: &Store| {
        let org = input.validate()?;
        s.write("action.saveOrganisation", |w| {
            store::organisations::save(w, &org)
        })?;
        s.read(|c| store::organisations::detail(c, &org.id))
    })
    .await
}

#[tauri::command]
pub async fn save_department(
    store: State<'_, Arc<Store>>,
    input: Department,
) -> IpcResult<OrganisationDetail> {
    blocking(store, move |s: &Store| {
        let dep = input.validate()?;
        s.write("action.saveDepartment", |w| {
            store::organisations::save_department(w, &dep)
        })?;
        s.read(|c| store::organisations::detail(c, &dep.organisation_id))
    })
    .await
}

#[tauri::command]
pub async fn save_contact(
    store: State<'_, Arc<Store>>,
    input: Contact,
) -> IpcResult<ContactDetail> {
    blocking(store, move |s: &Store| {
        let contact = input.validate()?;
        s.write("action.saveContact", |w| store::contacts::save(w, &contact))?;
        s.read(|c| store::contacts::detail(c, &contact.id))
    })
    .await
}

#[tauri::command]
pub async fn save_technology(
    store: State<'_, Arc<Store>>,
    input: Technology,
) -> IpcResult<TechnologyDetail> {
    blocking(store, move |s: &Store| {
        let tech = input.validate()?;
        s.write("action.saveTechnology", |w| {
            store::technologies::save(w, &tech)
        })?;
        s.read(|c| store::technologies::detail(c, &tech.id))
    })
    .await
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordInput {
    kind: DirectoryKind,
    id: String,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ArchiveInput {
    kind: DirectoryKind,
    id: String,
    archived: bool,
}

#[tauri::command]
pub async fn set_archived(store: State<'_, Arc<Store>>, input: ArchiveInput) -> IpcResult<()> {
    blocking(store, move |s: &Store| {
        let now = s.now();
        let label = if input.archived {
            "action.archive"
        } else {
            "action.restore"
        };
        s.write(label, |w| {
            edit::set_archived(w, input.kind, &input.id, input.archived, now)
        })
    })
    .await
}

#[tauri::command]
pub async fn get_delete_impact(
    store: State<'_, Arc<Store>>,
    input: RecordInput,
) -> IpcResult<DeleteImpact> {
    blocking(store, move |s: &Store| {
        s.read(|c| edit::delete_impact(c, input.kind, &input.id))
    })
    .await
}

#[tauri::command]
pub async fn delete_record(store: State<'_, Arc<Store>>, input: RecordInput) -> IpcResult<()> {
    blocking(store, move |s: &Store| {
        s.write("action.deleteRecord", |w| {
            edit::delete(w, input.kind, &input.id)
        })
    })
    .await?;
    Ok(())
}

#[tauri::command]
pub async fn add_specialty(store: State<'_, Arc<Store>>, input: NewSpecialty) -> IpcResult<String> {
    blocking(store, move |s: &Store| {
        s.write("action.addSpecialty", |w| edit::add_specialty(w, &input))
    })
    .await
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EditSpecialty {
    code: String,
    labels: NewSpecialty,
}

#[tauri::command]
pub async fn edit_specialty(store: State<'_, Arc<Store>>, input: EditSpecialty) -> IpcResult<()> {
    blocking(store, move |s: &Store| {
        s.write("action.editSpecialty", |w| {
            edit::edit_specialty(w, &input.code, &input.labels)
        })
    })
    .await
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SpecialtyInput {
    code: String,
}

#[tauri::command]
pub async fn get_specialty_impact(
    store: State<'_, Arc<Store>>,
    input: SpecialtyInput,
) -> IpcResult<DeleteImpact> {
    blocking(store, move |s: &Store| {
        s.read(|c| edit::specialty_impact(c, &input.code))
    })
    .await
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteSpecialty {
    code: String,
    /// The specialty its holders get instead; none: they lose it.
    into: Option<String>,
}

#[tauri::command]
pub async fn delete_specialty(
    store: State<'_, Arc<Store>>,
    input: DeleteSpecialty,
) -> IpcResult<()> {
    blocking(store, move |s: &Store| {
        s.write("action.deleteSpecialty", |w| {
            edit::delete_specialty(w, &input.code, input.into.as_deref())
        })
    })
    .await
}

#[tauri::command]
pub async fn list_tags(store: State<'_, Arc<Store>>) -> IpcResult<Vec<TagCount>> {
    blocking(store, |s: &Store| s.read(store::tags::list)).await
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RenameTag {
    from: String,
    to: String,
}

#[tauri::command]
pub async fn rename_tag(store: State<'_, Arc<Store>>, input: RenameTag) -> IpcResult<usize> {
    blocking(store, move |s: &Store| {
        s.write("action.renameTag", |w| {
            tags::rename(w, &input.from, &input.to)
        })
    })
    .await
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TagInput {
    tag: String,
}

#[tauri::command]
pub async fn delete_tag(store: State<'_, Arc<Store>>, input: TagInput) -> IpcResult<usize> {
    blocking(store, move |s: &Store| {
        s.write("action.deleteTag", |w| tags::delete(w, &input.tag))
    })
    .await
}

// ------------------------------------------------------------------ search

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchInput {
    text: String,
    #[serde(default)]
    filters: SearchFilters,
    limit: Option<usize>,
}

#[tauri::command]
pub async fn search_directory(
    store: State<'_, Arc<Store>>,
    input: SearchInput,
) -> IpcResult<Vec<SearchHit>> {
    blocking(store, move |s: &Store| {
        let limit = input.limit.unwrap_or(50).min(500);
        s.read(|c| search::search(c, &input.text, &input.filters, limit))
    })
    .await
}

// ------------------------------------------------------------------ import

/// Files chosen in the native dialog, by token: the webview never hands the app a path.
fn chosen() -> &'static Mutex<HashMap<String, PathBuf>> {
    static CHOSEN: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    CHOSEN.get_or_init(|| Mutex::new(HashMap::new()))
}

fn bad(field: &str, message: impl Into<String>) -> IpcError {
    IpcError::from(Error::validation(field, message))
}

/// End-to-end tests cannot drive a native dialog: when `PASSERELLE_E2E_IMPORT_DIR` is set, a
/// path inside that folder (and only there) may be given instead.
pub(crate) fn e2e_path(requested: &str, var: &str) -> Result<PathBuf, IpcError> {
    let dir = std::env::var_os(var)
        .ok_or_else(|| bad("e2ePath", "paths are chosen in the file dialog"))?;
    let dir = std::fs::canonicalize(dir).map_err(|e| bad("e2ePath", e.to_string()))?;
    let path = dir.join(requested);
    let path = std::fs::canonicalize(&path).unwrap_or(path);
    if !path.starts_with(&dir) {
        return Err(bad("e2ePath", "outside the test folder"));
    }
    Ok(path)
}

fn read_source(path: &Path) -> passerelle_core::Result<import::ParsedFile> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Error::invalid("path", Message::new("notAFile")));
    }
    if meta.len() > import::MAX_FILE_BYTES as u64 {
        return Err(Error::invalid(
            "path",
            Message::new("fileTooLarge").with("max", import::MAX_FILE_BYTES / 1024 / 1024),
        ));
    }
    import::parse(&std::fs::read(path)?, None)
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChooseInput {
    /// Only with PASSERELLE_E2E_IMPORT_DIR set: a file name inside that folder.
    e2e_path: Option<String>,
}

#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChosenFile {
    token: String,
    source: ImportSource,
}

#[tauri::command]
pub async fn import_choose_file(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: ChooseInput,
) -> IpcResult<Option<ChosenFile>> {
    let filter = (
        "Contacts (CSV, vCard)",
        &["csv", "tsv", "txt", "vcf", "vcard"][..],
    );
    let Some((token, path)) = choose_file(&app, input.e2e_path.as_deref(), filter).await? else {
        return Ok(None);
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let source = blocking(store, move |s: &Store| {
        let file = read_source(&path)?;
        s.read(|c| import::describe(c, &name, &file))
    })
    .await?;
    Ok(Some(ChosenFile { token, source }))
}

/// A file to import, chosen in the native dialog (or, under test, named inside
/// PASSERELLE_E2E_IMPORT_DIR), kept under a token the next steps name it by; `None` when
/// cancelled.
pub(crate) async fn choose_file(
    app: &AppHandle,
    e2e: Option<&str>,
    filter: (&str, &[&str]),
) -> IpcResult<Option<(String, PathBuf)>> {
    let path = match e2e {
        Some(p) => Some(e2e_path(p, "PASSERELLE_E2E_IMPORT_DIR")?),
        None => {
            let dialog = app.dialog().file().add_filter(filter.0, filter.1);
            tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_file())
                .await
                .ok()
                .flatten()
                .and_then(|f| f.into_path().ok())
        }
    };
    let Some(path) = path else { return Ok(None) };
    let token = uuid_token();
    chosen()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(token.clone(), path.clone());
    Ok(Some((token, path)))
}

/// Forgets a chosen file once imported.
pub(crate) fn forget_file(token: &str) {
    chosen()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(token);
}

fn uuid_token() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("imp{nanos:x}")
}

pub(crate) fn chosen_path(token: &str) -> Result<PathBuf, IpcError> {
    chosen()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(token)
        .cloned()
        .ok_or_else(|| bad("token", "choose the file again"))
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanInput {
    token: String,
    mapping: Mapping,
    options: ImportOptions,
}

#[tauri::command]
pub async fn import_preview(
    store: State<'_, Arc<Store>>,
    input: PlanInput,
) -> IpcResult<ImportPlan> {
    let path = chosen_path(&input.token)?;
    blocking(store, move |s: &Store| {
        let file = read_source(&path)?;
        s.read(|c| import::plan(c, &file, &input.mapping, &input.options))
    })
    .await
}

#[tauri::command]
pub async fn import_commit(
    store: State<'_, Arc<Store>>,
    input: PlanInput,
) -> IpcResult<ImportReport> {
    let path = chosen_path(&input.token)?;
    let report = blocking(store, move |s: &Store| {
        let file = read_source(&path)?;
        let now = format_utc(s.now());
        s.write("action.importContacts", |w| {
            import::commit(w, &file, &input.mapping, &input.options, &now)
        })
    })
    .await?;
    forget_file(&input.token);
    Ok(report)
}

// ------------------------------------------------------------------ export

/// Asks where to save (or, under test, writes into PASSERELLE_E2E_EXPORT_DIR) and writes.
pub(crate) async fn save_as(
    app: &AppHandle,
    default_name: &str,
    filter: (&str, &[&str]),
    bytes: Vec<u8>,
) -> IpcResult<Option<String>> {
    let Some(path) = choose_save_path(app, default_name, filter).await? else {
        return Ok(None);
    };
    passerelle_core::files::write_whole(&path, &bytes).map_err(|e| IpcError::from(Error::Io(e)))?;
    Ok(Some(path.display().to_string()))
}

/// Asks where to save (under test: `default_name` in PASSERELLE_E2E_EXPORT_DIR); `None` when
/// cancelled.
pub(crate) async fn choose_save_path(
    app: &AppHandle,
    default_name: &str,
    filter: (&str, &[&str]),
) -> IpcResult<Option<PathBuf>> {
    let path = if std::env::var_os("PASSERELLE_E2E_EXPORT_DIR").is_some() {
        Some(
            e2e_path(default_name, "PASSERELLE_E2E_EXPORT_DIR").or_else(|_| {
                let dir = std::env::var_os("PASSERELLE_E2E_EXPORT_DIR").unwrap_or_default();
                Ok::<_, IpcError>(PathBuf::from(dir).join(default_name))
            })?,
        )
    } else {
        let dialog = app
            .dialog()
            .file()
            .set_file_name(default_name)
            .add_filter(filter.0, filter.1);
        tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
            .await
            .ok()
            .flatten()
            .and_then(|f| f.into_path().ok())
    };
    Ok(path)
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportInput {
    /// "contacts", "organisations" or "technologies".
    what: String,
    /// "csv" or "vcf" (contacts only).
    format: String,
}

#[tauri::command]
pub async fn export_directory(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: ExportInput,
) -> IpcResult<Option<String>> {
    let what = input.what.clone();
    let format = input.format.clone();
    let bytes = blocking(store, move |s: &Store| {
        s.read(|c| match (input.what.as_str(), input.format.as_str()) {
            ("contacts", "csv") => export::contacts_csv(c),
            ("contacts", "vcf") => export::contacts_vcard(c, None).map(String::into_bytes),
            ("organisations", "csv") => export::organisations_csv(c),
            ("technologies", "csv") => export::technologies_csv(c),
            _ => Err(Error::validation(
                "format",
                "contacts as csv or vcf; the others as csv",
            )),
        })
    })
    .await?;
    let name = format!("passerelle-{what}.{format}");
    save_as(&app, &name, ("Export", &[format.as_str()]), bytes).await
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactDataInput {
    id: String,
    /// "json" or "html".
    format: String,
}

#[tauri::command]
pub async fn export_contact_data(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: ContactDataInput,
) -> IpcResult<Option<String>> {
    let format = input.format.clone();
    let id = input.id.clone();
    let bytes = blocking(store, move |s: &Store| {
        let now = format_utc(s.now());
        let data = s.read(|c| privacy::subject_export(c, &input.id, &now))?;
        match input.format.as_str() {
            "html" => Ok(privacy::subject_export_html(&data).into_bytes()),
            "json" => serde_json::to_vec_pretty(&data)
                .map_err(|e| Error::Internal(format!("cannot write JSON: {e}"))),
            _ => Err(Error::validation("format", "json or html")),
        }
    })
    .await?;
    let name = format!("personal-data-{id}.{format}");
    save_as(&app, &name, ("Personal data", &[format.as_str()]), bytes).await
}

#[tauri::command]
pub async fn erase_contact(
    store: State<'_, Arc<Store>>,
    input: IdInput,
) -> IpcResult<ErasureReport> {
    blocking(store, move |s: &Store| {
        privacy::erase_contact(s, &input.id, None)
    })
    .await
}

// ------------------------------------------------------------------ duplicates

#[tauri::command]
pub async fn list_duplicates(store: State<'_, Arc<Store>>) -> IpcResult<Vec<DuplicateGroup>> {
    blocking(store, |s: &Store| s.read(duplicates::find)).await
}

/// Two records the planner reviewed: "not duplicates".
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DistinctInput {
    kind: DirectoryKind,
    keep: String,
    other: String,
}

#[tauri::command]
pub async fn mark_not_duplicates(
    store: State<'_, Arc<Store>>,
    input: DistinctInput,
) -> IpcResult<()> {
    write(store, "action.markNotDuplicates", move |w| {
        duplicates::mark_distinct(w, input.kind, &input.keep, &input.other)
    })
    .await
}

/// A contact about to be saved, to find the directory's look-alikes.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimilarInput {
    given_name: String,
    family_name: String,
    #[serde(default)]
    organisation_id: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    except_id: Option<String>,
}

#[tauri::command]
pub async fn similar_contacts(
    store: State<'_, Arc<Store>>,
    input: SimilarInput,
) -> IpcResult<Vec<DuplicateRecord>> {
    blocking(store, move |s: &Store| {
        s.read(|c| {
            duplicates::similar_contacts(
                c,
                &input.given_name,
                &input.family_name,
                input.organisation_id.as_deref(),
                input.email.as_deref(),
                input.except_id.as_deref(),
            )
        })
    })
    .await
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MergeInput {
    kind: DirectoryKind,
    keep: String,
    remove: String,
}

#[tauri::command]
pub async fn merge_records(
    store: State<'_, Arc<Store>>,
    input: MergeInput,
) -> IpcResult<MergeReport> {
    let report = blocking(store, move |s: &Store| {
        let now = format_utc(s.now());
        s.write("action.mergeDuplicates", |w| {
            duplicates::merge(w, input.kind, &input.keep, &input.remove, &now)
        })
    })
    .await?;
    Ok(report)
}
