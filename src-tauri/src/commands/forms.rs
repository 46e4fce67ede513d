//! The interest form and the surveys (issue 17) in the window: a template saved where the planner
//! chooses, and the responses imported through one wizard (file, mapping if needed, dry run,
//! import); the surveys' figures. All the rules are in the core (`passerelle_core::forms`,
//! `passerelle_core::surveys`).

use crate::commands::directory::{choose_file, chosen_path, forget_file, save_as};
use crate::ipc::{blocking, IpcResult};
use passerelle_core::directory::import::ParsedFile;
use passerelle_core::documents::locale::Lang;
use passerelle_core::forms::{
    self, template::TemplateFormat, FormImport, FormKind, FormMapping, FormPlan, FormSource,
};
use passerelle_core::surveys::{self, SurveyFigures, SurveyImport, SurveyPlan};
use passerelle_core::time::format_utc;
use passerelle_core::Store;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;
use tauri::{AppHandle, State};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TemplateInput {
    mission_id: String,
    /// The interest form (when not given) or a survey.
    #[serde(default)]
    kind: FormKind,
    lang: String,
    format: TemplateFormat,
}

/// Writes the mission's interest form as .xlsx, .csv or .pdf where the planner chooses; `None`
/// when cancelled.
#[tauri::command]
pub async fn save_form_template(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: TemplateInput,
) -> IpcResult<Option<String>> {
    let format = input.format;
    let kind = input.kind;
    let bytes = blocking(store, move |s: &Store| {
        let lang = Lang::parse_one("lang", &input.lang)?;
        let now = s.now();
        s.read(|c| forms::template::write(c, &input.mission_id, kind, lang, format, now))
    })
    .await?;
    let stem = match kind {
        FormKind::Interest => "interest-form",
        FormKind::Week => "survey-week",
        FormKind::SixMonths => "survey-six-months",
    };
    let (ext, filter): (&str, (&str, &[&str])) = match format {
        TemplateFormat::Xlsx => ("xlsx", ("Excel", &["xlsx"])),
        TemplateFormat::Csv => ("csv", ("CSV", &["csv"])),
        TemplateFormat::Pdf => ("pdf", ("PDF", &["pdf"])),
    };
    save_as(&app, &format!("{stem}.{ext}"), filter, bytes).await
}

/// A chosen response file: the token the next steps name it by, and what it holds.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChosenForm {
    token: String,
    source: FormSource,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ChooseInput {
    /// Only with PASSERELLE_E2E_IMPORT_DIR set: a file name inside that folder.
    #[serde(default)]
    e2e_path: Option<String>,
    /// Which form's responses (the interest form when not given): the columns are guessed and
    /// remembered per kind.
    #[serde(default)]
    kind: FormKind,
}

fn read(path: &Path) -> passerelle_core::Result<ParsedFile> {
    forms::read_responses(&std::fs::read(path)?)
}

#[tauri::command]
pub async fn choose_form_responses(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: ChooseInput,
) -> IpcResult<Option<ChosenForm>> {
    let filter = (
        "Microsoft Forms, Google Forms, LimeSurvey (.xlsx, .csv)",
        &["xlsx", "xls", "ods", "csv", "txt"][..],
    );
    let Some((token, path)) = choose_file(&app, input.e2e_path.as_deref(), filter).await? else {
        return Ok(None);
    };
    let name = file_name(&path);
    let kind = input.kind;
    let source = blocking(store, move |s: &Store| {
        let file = read(&path)?;
        s.read(|c| forms::describe(c, kind, &name, &file))
    })
    .await?;
    Ok(Some(ChosenForm { token, source }))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FormImportInput {
    token: String,
    mission_id: String,
    mapping: FormMapping,
    /// The planner's language: the words written into records.
    lang: String,
}

fn run(
    s: &Store,
    input: &FormImportInput,
    path: &Path,
    commit: bool,
) -> passerelle_core::Result<FormPlan> {
    let file = read(path)?;
    let lang = Lang::parse_one("lang", &input.lang)?;
    let today = s.now().date_naive().to_string();
    let name = file_name(path);
    let import = FormImport {
        mission_id: &input.mission_id,
        file: &file,
        mapping: &input.mapping,
        file_name: &name,
        lang,
        today: &today,
    };
    if commit {
        let now = format_utc(s.now());
        s.write("action.importForm", |w| forms::commit(w, &import, &now))
    } else {
        s.read(|c| forms::plan(c, &import))
    }
}

/// The dry run: what the import would do, with the rows it refuses and the answers it reads
/// as another choice than written.
#[tauri::command]
pub async fn preview_form_import(
    store: State<'_, Arc<Store>>,
    input: FormImportInput,
) -> IpcResult<FormPlan> {
    let path = chosen_path(&input.token)?;
    blocking(store, move |s: &Store| run(s, &input, &path, false)).await
}

#[tauri::command]
pub async fn import_form_responses(
    store: State<'_, Arc<Store>>,
    input: FormImportInput,
) -> IpcResult<FormPlan> {
    let path = chosen_path(&input.token)?;
    let token = input.token.clone();
    let plan = blocking(store, move |s: &Store| run(s, &input, &path, true)).await?;
    forget_file(&token);
    Ok(plan)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SurveyImportInput {
    token: String,
    mission_id: String,
    kind: FormKind,
    mapping: FormMapping,
    /// The planner's language: the words of the problems.
    lang: String,
}

fn run_survey(
    s: &Store,
    input: &SurveyImportInput,
    path: &Path,
    commit: bool,
) -> passerelle_core::Result<SurveyPlan> {
    let file = read(path)?;
    let lang = Lang::parse_one("lang", &input.lang)?;
    let today = s.now().date_naive().to_string();
    let name = file_name(path);
    let import = SurveyImport {
        mission_id: &input.mission_id,
        kind: input.kind,
        file: &file,
        mapping: &input.mapping,
        file_name: &name,
        lang,
        today: &today,
    };
    if commit {
        let now = format_utc(s.now());
        s.write("action.importSurvey", |w| surveys::commit(w, &import, &now))
    } else {
        s.read(|c| surveys::plan(c, &import))
    }
}

/// The dry run of a survey's responses: what the import would do, with the rows it refuses.
#[tauri::command]
pub async fn preview_survey_import(
    store: State<'_, Arc<Store>>,
    input: SurveyImportInput,
) -> IpcResult<SurveyPlan> {
    let path = chosen_path(&input.token)?;
    blocking(store, move |s: &Store| run_survey(s, &input, &path, false)).await
}

#[tauri::command]
pub async fn import_survey_responses(
    store: State<'_, Arc<Store>>,
    input: SurveyImportInput,
) -> IpcResult<SurveyPlan> {
    let path = chosen_path(&input.token)?;
    let token = input.token.clone();
    let plan = blocking(store, move |s: &Store| run_survey(s, &input, &path, true)).await?;
    forget_file(&token);
    Ok(plan)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MissionInput {
    mission_id: String,
}

/// The surveys' figures of a mission: satisfaction score, response rate, six-month ratings.
#[tauri::command]
pub async fn get_survey_figures(
    store: State<'_, Arc<Store>>,
    input: MissionInput,
) -> IpcResult<SurveyFigures> {
    blocking(store, move |s: &Store| {
        s.read(|c| {
            passerelle_core::store::missions::get(c, &input.mission_id)?;
            surveys::figures(c, &input.mission_id)
        })
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClearSurveyInput {
    mission_id: String,
    kind: FormKind,
}

/// Deletes a survey's answers (and their ratings) for a mission; how many answers went.
#[tauri::command]
pub async fn clear_survey(store: State<'_, Arc<Store>>, input: ClearSurveyInput) -> IpcResult<u32> {
    blocking(store, move |s: &Store| {
        if input.kind == FormKind::Interest {
            return Err(passerelle_core::Error::Internal(
                "only a survey's answers can be cleared".into(),
            ));
        }
        s.read(|c| passerelle_core::store::missions::get(c, &input.mission_id))?;
        s.write("action.clearSurvey", |w| {
            passerelle_core::store::surveys::clear(w, &input.mission_id, input.kind.as_str())
        })
    })
    .await
}
