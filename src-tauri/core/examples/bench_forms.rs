//! The interest form's speed goal (issue 17), measured on generated files (`make bench-forms`):
//! importing 2,000 responses to the demo mission's form (goal: under 1 s), from a workbook shaped
//! like a Microsoft Forms export and from a French Google Forms CSV, each into a fresh copy of
//! the demo database. Each answer names one or two delegates and one to three half-days; one in
//! ten is a second answer of an earlier respondent. Then the satisfaction survey (issue 17
//! part 5): 2,000 answers of the same people (now in the directory) as a French Google Forms
//! CSV, one in ten a later answer of an earlier respondent. Prints reading, dry run and import
//! times; asserts nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails loudly

use passerelle_core::documents::locale::Lang;
use passerelle_core::forms::{self, FormImport, FormKind, FormTemplate};
use passerelle_core::surveys::{self, SurveyImport};
use passerelle_core::{seed, Store};
use std::time::Instant;

const MISSION: &str = "mis_tsha_wallonia_2025";
const RESPONSES: usize = 2_000;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const GIVEN: &[&str] = &[
    "Amélie",
    "Jérôme",
    "François",
    "Mei-Ling",
    "Wei-Ting",
    "Léa",
    "Maël",
];
const FAMILY: &[&str] = &[
    "Lefèvre", "Dubois", "Martin", "Peeters", "Chen", "Lin", "Renard",
];
const ORGS: &[&str] = &[
    "CHU de Liège",
    "CHC Mont Légia",
    "CHR de la Citadelle",
    "MedTech SA",
];

/// The answers as rows of cells, with the form's questions as headers, in `lang`.
fn answers(store: &Store, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let form: FormTemplate = store
        .read(|c| forms::template::form(c, MISSION, forms::FormKind::Interest, lang))
        .unwrap();
    let mut rng = Rng(0x5eed_f0a5);
    let mut headers = vec!["Completion time".to_owned()];
    headers.extend(form.questions.iter().map(|q| q.text.clone()));
    let choices = |i: usize| &form.questions[i].choices;
    let mut rows = Vec::with_capacity(RESPONSES);
    for n in 0..RESPONSES {
        // One in ten answers again as an earlier respondent.
        let who = if n % 10 == 9 { rng.below(n) } else { n };
        let delegates: Vec<&String> = (0..1 + rng.below(2))
            .map(|_| &choices(4)[rng.below(choices(4).len())])
            .collect();
        let slots: Vec<&String> = (0..1 + rng.below(3))
            .map(|_| &choices(8)[rng.below(choices(8).len())])
            .collect();
        let join = |v: &[&String]| v.iter().map(|s| format!("{s};")).collect::<String>();
        rows.push(vec![
            format!(
                "2025-06-{:02} {:02}:{:02}:00",
                1 + n / 200,
                8 + n % 10,
                n % 60
            ),
            format!(
                "{} {} {who}",
                GIVEN[who % GIVEN.len()],
                FAMILY[who % FAMILY.len()]
            ),
            format!("person{who}@example.be"),
            ORGS[who % ORGS.len()].to_owned(),
            String::new(),
            join(&delegates),
            join(&[&choices(5)[rng.below(choices(5).len())]]),
            String::new(),
            choices(7)[rng.below(3)].clone(),
            join(&slots),
            choices(9)[rng.below(3)].clone(),
        ]);
    }
    (headers, rows)
}

fn xlsx(headers: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string((r + 1) as u32, c as u16, v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn csv(headers: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut headers = headers.to_vec();
    headers[0] = "Horodateur".into();
    w.write_record(&headers).unwrap();
    for row in rows {
        let mut row = row.clone();
        // "2025-06-01 08:00:00" → "01/06/2025 08:00:00", the French form's locale; ", " between
        // choices as Google Forms joins them.
        let (date, time) = row[0].split_once(' ').unwrap();
        let p: Vec<&str> = date.split('-').collect();
        row[0] = format!("{}/{}/{} {time}", p[2], p[1], p[0]);
        for c in [5, 6, 9] {
            row[c] = row[c].trim_end_matches(';').replace(';', ", ");
        }
        w.write_record(&row).unwrap();
    }
    w.into_inner().unwrap()
}

fn run(label: &str, bytes: &[u8], name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.sqlite3")).unwrap();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    let t = Instant::now();
    let file = forms::read_responses(bytes).unwrap();
    let read = t.elapsed();
    let mapping = store.read(|c| forms::mapping_for(c, &file, None)).unwrap();
    let input = FormImport {
        mission_id: MISSION,
        file: &file,
        mapping: &mapping,
        file_name: name,
        lang: Lang::Fr,
        today: "2025-06-20",
    };
    let t = Instant::now();
    let plan = store.read(|c| forms::plan(c, &input)).unwrap();
    let dry = t.elapsed();
    let t = Instant::now();
    let done = store
        .write("action.importForm", |w| {
            forms::commit(w, &input, "2025-06-20T10:00:00Z")
        })
        .unwrap();
    let import = t.elapsed();
    assert_eq!(plan, done);
    println!(
        "{label}: {} responses ({} KB): read {:.0} ms, dry run {:.0} ms, import {:.0} ms \
         (read + import {:.0} ms); {} people created, {} requests, {} windows, {} superseded, {} rejected",
        file.rows.len(),
        bytes.len() / 1024,
        read.as_secs_f64() * 1e3,
        dry.as_secs_f64() * 1e3,
        import.as_secs_f64() * 1e3,
        (read + import).as_secs_f64() * 1e3,
        done.people_created,
        done.requests,
        done.availability,
        done.superseded,
        done.rejected.len(),
    );
}

/// The satisfaction survey's answers of the interest form's respondents, in French: the
/// survey's own questions as headers, "Horodateur" first.
fn survey_csv(store: &Store, people: &[Vec<String>]) -> Vec<u8> {
    let form: FormTemplate = store
        .read(|c| forms::template::form(c, MISSION, FormKind::Week, Lang::Fr))
        .unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut headers = vec!["Horodateur".to_owned()];
    headers.extend(form.questions.iter().map(|q| q.text.clone()));
    w.write_record(&headers).unwrap();
    let mut rng = Rng(0x00dd_ba11);
    for (n, person) in people.iter().enumerate() {
        let again = if rng.below(4) == 0 { "Non" } else { "Oui" };
        w.write_record([
            format!(
                "{:02}/07/2025 {:02}:{:02}:11",
                1 + n / 200,
                8 + n % 10,
                n % 60
            ),
            person[1].clone(),
            person[2].clone(),
            person[3].clone(),
            (1 + rng.below(5)).to_string(),
            (1 + rng.below(5)).to_string(),
            again.to_owned(),
            if n % 3 == 0 {
                "Très utile, merci".to_owned()
            } else {
                String::new()
            },
        ])
        .unwrap();
    }
    w.into_inner().unwrap()
}

fn run_survey(people_file: &[u8], rows: &[Vec<String>]) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.sqlite3")).unwrap();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    // The respondents into the directory first, by the interest form's import (not timed).
    let file = forms::read_responses(people_file).unwrap();
    let mapping = store.read(|c| forms::mapping_for(c, &file, None)).unwrap();
    let input = FormImport {
        mission_id: MISSION,
        file: &file,
        mapping: &mapping,
        file_name: "responses.csv",
        lang: Lang::Fr,
        today: "2025-06-20",
    };
    store
        .write("action.importForm", |w| {
            forms::commit(w, &input, "2025-06-20T10:00:00Z")
        })
        .unwrap();
    let bytes = survey_csv(&store, rows);
    let t = Instant::now();
    let file = forms::read_responses(&bytes).unwrap();
    let read = t.elapsed();
    let mapping = store
        .read(|c| forms::mapping_of(c, FormKind::Week, &file, None))
        .unwrap();
    let input = SurveyImport {
        mission_id: MISSION,
        kind: FormKind::Week,
        file: &file,
        mapping: &mapping,
        file_name: "enquete.csv",
        lang: Lang::Fr,
        today: "2025-07-20",
    };
    let t = Instant::now();
    let plan = store.read(|c| surveys::plan(c, &input)).unwrap();
    let dry = t.elapsed();
    let t = Instant::now();
    let done = store
        .write("action.importSurvey", |w| {
            surveys::commit(w, &input, "2025-07-20T10:00:00Z")
        })
        .unwrap();
    let import = t.elapsed();
    assert_eq!(plan, done);
    println!(
        "Satisfaction survey, Google Forms .csv (fr): {} responses ({} KB): read {:.0} ms, \
         dry run {:.0} ms, import {:.0} ms (read + import {:.0} ms); {} matched, {} superseded, \
         {} rejected",
        file.rows.len(),
        bytes.len() / 1024,
        read.as_secs_f64() * 1e3,
        dry.as_secs_f64() * 1e3,
        import.as_secs_f64() * 1e3,
        (read + import).as_secs_f64() * 1e3,
        done.matched,
        done.superseded,
        done.rejected.len(),
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("questions.sqlite3")).unwrap();
    seed::load(&store, "taiwan-wallonia-2025").unwrap();
    let (headers, rows) = answers(&store, Lang::En);
    run(
        "Microsoft Forms .xlsx",
        &xlsx(&headers, &rows),
        "responses.xlsx",
    );
    let (headers, rows) = answers(&store, Lang::Fr);
    let google = csv(&headers, &rows);
    run("Google Forms .csv (fr)", &google, "responses.csv");
    run_survey(&google, &rows);
}
