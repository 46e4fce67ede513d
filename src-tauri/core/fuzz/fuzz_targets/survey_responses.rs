//! The surveys' response import (issue 17, part 5): each input is read as a response file
//! (`forms::read_responses`, the interest form's reader: a workbook or a CSV), its columns mapped
//! from their headers as the week survey and as the six-month survey, and every row read into a
//! survey answer (`surveys::answers::SurveyReader`: marks, yes or no, the six-month scale in
//! three languages, the per-delegate columns matched to the demo mission's delegates, dates day
//! or month first). Matching respondents and meetings reads the database (the contact import's
//! people matching, fuzzed there) and is left out, as in the interest form's target.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use passerelle_core::documents::locale::Lang;
use passerelle_core::forms::answers::Matchers;
use passerelle_core::forms::questions::Choices;
use passerelle_core::forms::{mapping, FormKind};
use passerelle_core::surveys::answers::SurveyReader;
use passerelle_core::{forms, seed, Store};
use std::sync::OnceLock;

/// The demo mission's choices and their matchers, from a store seeded in `$TMPDIR` (the
/// Makefile gives each run its own) and removed once read.
fn choices() -> &'static (Choices, Matchers) {
    static CHOICES: OnceLock<(Choices, Matchers)> = OnceLock::new();
    CHOICES.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("fuzz-surveys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("the fuzzing folder is made");
        let store = Store::open(&dir.join("demo.sqlite3")).expect("the fuzzing store opens");
        seed::load(&store, "taiwan-wallonia-2025").expect("the demo mission is seeded");
        let choices = store
            .read(|c| Choices::load(c, "mis_tsha_wallonia_2025"))
            .expect("the demo mission's choices load");
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
        let matchers = Matchers::new(&choices);
        (choices, matchers)
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() > common::MAX_INPUT {
        return;
    }
    let Ok(file) = forms::read_responses(data) else {
        return;
    };
    let (choices, matchers) = choices();
    for kind in [FormKind::Week, FormKind::SixMonths] {
        let mapping = mapping::guess_of(kind, &file.headers);
        if mapping::check(&file.headers, &mapping).is_err() {
            continue;
        }
        let reader = SurveyReader::new(
            choices,
            matchers,
            &file.headers,
            &mapping,
            &file.rows,
            Lang::Fr,
        );
        for row in &file.rows {
            let _ = reader.read(row);
        }
    }
});
