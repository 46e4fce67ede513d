//! The surveys after a mission (issue 17 part 5): `surveys template --mission ID --kind
//! week|six-months --lang fr|en|zh-TW --out F.xlsx|F.csv|F.pdf` writes a survey's template;
//! `surveys import --mission ID --kind week|six-months RESPONSES.xlsx|.csv [--map MAP.json]
//! [--dry-run] --json` reads a form tool's responses onto the mission and prints
//! {"responses", "matched", "ratings", "rejected": [{"line", "reason"}]}; `surveys figures
//! --mission ID --json` prints the satisfaction score, response rate and six-month ratings;
//! `surveys clear --mission ID --kind week|six-months --json` deletes a survey's answers.

use crate::print_json;
use passerelle_core::forms::{self, template::TemplateFormat, FormKind};
use passerelle_core::surveys::{self, SurveyImport};
use passerelle_core::time::format_utc;
use passerelle_core::{store, Error, Result, Store};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct SurveysArgs {
    #[command(subcommand)]
    action: SurveysAction,
}

#[derive(clap::Subcommand)]
enum SurveysAction {
    /// Writes a survey's template: .xlsx or .csv for a form tool, .pdf to print.
    Template {
        #[arg(long, value_name = "ID")]
        mission: String,
        /// week (satisfaction, a week after) or six-months (meeting ratings).
        #[arg(long)]
        kind: String,
        /// fr, en or zh-TW.
        #[arg(long)]
        lang: String,
        /// F.xlsx, F.csv or F.pdf: the format is the extension's.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Imports a form tool's responses to a survey (Microsoft Forms .xlsx, Google Forms or
    /// LimeSurvey .csv).
    Import {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        kind: String,
        /// The responses file.
        path: PathBuf,
        /// A JSON object from column title to field (name, email, organisation, satisfaction,
        /// usefulness, again, comments, rating, whatCame, submitted, givenName, familyName,
        /// ignore) for columns that are not the survey's questions.
        #[arg(long, value_name = "MAP.json")]
        map: Option<PathBuf>,
        /// Reports what would happen; writes nothing.
        #[arg(long)]
        dry_run: bool,
        /// JSON is the only output format; the flag is accepted for explicitness.
        #[arg(long)]
        json: bool,
    },
    /// The surveys' figures: satisfaction score, responses, invited, response rate, ratings.
    Figures {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        json: bool,
    },
    /// Deletes a survey's answers (and their ratings) for a mission.
    Clear {
        #[arg(long, value_name = "ID")]
        mission: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        json: bool,
    },
}

fn kind(text: &str) -> Result<FormKind> {
    FormKind::parse(text)
        .filter(|k| *k != FormKind::Interest)
        .ok_or_else(|| Error::validation("kind", "--kind must be week or six-months"))
}

pub fn run(store: &Store, args: SurveysArgs) -> Result<()> {
    match args.action {
        SurveysAction::Template {
            mission,
            kind: k,
            lang,
            out,
        } => {
            let kind = kind(&k)?;
            let lang = crate::message_lang(&lang)?;
            let format = TemplateFormat::of_path(&out)
                .ok_or_else(|| Error::validation("out", "--out must end in .xlsx, .csv or .pdf"))?;
            let now = store.now();
            let bytes =
                store.read(|c| forms::template::write(c, &mission, kind, lang, format, now))?;
            crate::documents::write_out(&out, &bytes)
        }
        SurveysAction::Import {
            mission,
            kind: k,
            path,
            map,
            dry_run,
            json: _,
        } => {
            let kind = kind(&k)?;
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
            let lang = store
                .read(store::settings::chosen_lang)?
                .unwrap_or_default();
            let today = store.now().date_naive().to_string();
            let mapping = store.read(|c| forms::mapping_of(c, kind, &file, map_text.as_deref()))?;
            let input = SurveyImport {
                mission_id: &mission,
                kind,
                file: &file,
                mapping: &mapping,
                file_name: &file_name,
                lang,
                today: &today,
            };
            let plan = if dry_run {
                store.read(|c| surveys::plan(c, &input))?
            } else {
                let now = format_utc(store.now());
                store.write("action.importSurvey", |w| surveys::commit(w, &input, &now))?
            };
            if plan.superseded > 0 {
                eprintln!(
                    "note: {} earlier answer(s) of people who answered again were replaced by their latest",
                    plan.superseded
                );
            }
            print_json(&plan.report())
        }
        SurveysAction::Figures { mission, json: _ } => {
            store.read(|c| store::missions::get(c, &mission))?;
            print_json(&store.read(|c| surveys::figures(c, &mission))?)
        }
        SurveysAction::Clear {
            mission,
            kind: k,
            json: _,
        } => {
            let kind = kind(&k)?;
            store.read(|c| store::missions::get(c, &mission))?;
            let removed = store.write("action.clearSurvey", |w| {
                store::surveys::clear(w, &mission, kind.as_str())
            })?;
            print_json(&serde_json::json!({ "removed": removed }))
        }
    }
}
