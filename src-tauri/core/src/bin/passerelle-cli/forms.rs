//! The interest form (issue 17): `forms template --mission ID --lang fr|en|zh-TW --out
//! F.xlsx|F.csv|F.pdf` writes the form's template; `forms import --mission ID RESPONSES.xlsx|.csv
//! [--map MAP.json] [--dry-run] --json` reads a form tool's responses into the mission and prints
//! {"people_created", "people_matched", "requests", "availability", "rejected": [{"line",
//! "reason"}]}; answers read as another choice than written are noted on stderr.

use crate::print_json;
use passerelle_core::forms::{self, template::TemplateFormat, FormImport};
use passerelle_core::time::format_utc;
use passerelle_core::{store, Error, Result, Store};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct FormsArgs {
    #[command(subcommand)]
    action: FormsAction,
}

#[derive(clap::Subcommand)]
enum FormsAction {
    /// Writes the mission's interest form: .xlsx or .csv for a form tool, .pdf to print.
    Template {
        #[arg(long, value_name = "ID")]
        mission: String,
        /// fr, en or zh-TW.
        #[arg(long)]
        lang: String,
        /// F.xlsx, F.csv or F.pdf: the format is the extension's.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Imports a form tool's responses (Microsoft Forms .xlsx, Google Forms or LimeSurvey .csv).
    Import {
        #[arg(long, value_name = "ID")]
        mission: String,
        /// The responses file.
        path: PathBuf,
        /// A JSON object from column title to field (name, email, organisation, department,
        /// delegates, technologies, topics, priority, availability, language, submitted,
        /// givenName, familyName, ignore) for columns that are not the form's questions.
        #[arg(long, value_name = "MAP.json")]
        map: Option<PathBuf>,
        /// Reports what would happen; writes nothing.
        #[arg(long)]
        dry_run: bool,
        /// JSON is the only output format; the flag is accepted for explicitness.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(store: &Store, args: FormsArgs) -> Result<()> {
    match args.action {
        FormsAction::Template { mission, lang, out } => {
            let lang = crate::message_lang(&lang)?;
            let format = TemplateFormat::of_path(&out)
                .ok_or_else(|| Error::validation("out", "--out must end in .xlsx, .csv or .pdf"))?;
            let now = store.now();
            let bytes = store.read(|c| {
                forms::template::write(c, &mission, forms::FormKind::Interest, lang, format, now)
            })?;
            crate::documents::write_out(&out, &bytes)
        }
        FormsAction::Import {
            mission,
            path,
            map,
            dry_run,
            json: _,
        } => {
            let bytes = std::fs::read(&path)
                .map_err(|e| Error::validation("path", format!("{}: {e}", path.display())))?;
            let map_text = map
                .map(|m| {
                    std::fs::read_to_string(&m)
                        .map_err(|e| Error::validation("map", format!("{}: {e}", m.display())))
                })
                .transpose()?;
            let file = forms::read_responses(&bytes)?;
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Words written into records are in the planner's language, the window's.
            let lang = store
                .read(store::settings::chosen_lang)?
                .unwrap_or_default();
            let today = store.now().date_naive().to_string();
            let mapping = store.read(|c| forms::mapping_for(c, &file, map_text.as_deref()))?;
            let input = FormImport {
                mission_id: &mission,
                file: &file,
                mapping: &mapping,
                file_name: &file_name,
                lang,
                today: &today,
            };
            let plan = if dry_run {
                store.read(|c| forms::plan(c, &input))?
            } else {
                let now = format_utc(store.now());
                store.write("action.importForm", |w| forms::commit(w, &input, &now))?
            };
            for c in &plan.corrections {
                eprintln!(
                    "note: line {}: “{}” read as “{}”",
                    c.line, c.answer, c.read_as
                );
            }
            print_json(&plan.report())
        }
    }
}
