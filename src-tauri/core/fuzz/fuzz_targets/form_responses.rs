//! The interest form's response import (issue 17): each input is read as a response file
//! (`forms::read_responses`: a workbook through calamine, `.xlsx`, `.xls` or `.ods`, told by its
//! first bytes, or a CSV file through the contact import's decoding and reader), its columns
//! mapped from their headers and, when a column names someone, every row read into an answer
//! (`forms::answers::AnswerReader`) against the demo mission's choices: delegates, technologies
//! and half-days matched exactly or fuzzily, priorities, languages, dates read day or month
//! first. The choices and their matchers are built once per fuzzing process from a store seeded with the demo (the
//! dry run's people matching is the contact import's, which reads the database on every input:
//! 500 inputs a second instead of thousands; its rows are the contact import's, fuzzed there).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use passerelle_core::documents::locale::Lang;
use passerelle_core::forms::answers::{AnswerReader, Matchers};
use passerelle_core::forms::mapping;
use passerelle_core::forms::questions::Choices;
use passerelle_core::{forms, seed, Store};
use std::sync::OnceLock;

/// The demo mission's choices and their matchers, from a store seeded in `$TMPDIR` (the
/// Makefile gives each run its own) and removed once read.
fn choices() -> &'static (Choices, Matchers) {
    static CHOICES: OnceLock<(Choices, Matchers)> = OnceLock::new();
    CHOICES.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("fuzz-forms-{}", std::process::id()));
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
    let mapping = mapping::guess(&file.headers);
    if mapping::check(&file.headers, &mapping).is_err() {
        return;
    }
    let (choices, matchers) = choices();
    let reader = AnswerReader::new(
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
});
