//! The interest form's response import (issue 17): each input is read as a response file
//! (`forms::read_responses`: a workbook through calamine, `.xlsx`, `.xls` or `.ods`, told by its
//! first bytes, or a CSV file through the contact import's decoding and reader), its columns
//! mapped from their headers and, when a column names someone, every row read into an answer
//! (`forms::answers::AnswerReader`) against the demo mission's choices: delegates, technologies
//! and half-days matched exactly or fuzzily, priorities, languages, dates read day or month
//! first. The choices and their matchers are built once per fuzzing process (`common/demo.rs`).
//! The dry run's people matching is left out: it is the contact import's, which reads the
//! database on every input (500 inputs a second instead of thousands); its rows are the contact
//! import's, fuzzed there.
#![no_main]

mod common;
#[path = "common/demo.rs"]
mod demo;

use libfuzzer_sys::fuzz_target;
use passerelle_core::documents::locale::Lang;
use passerelle_core::forms::answers::AnswerReader;
use passerelle_core::forms::{self, mapping};

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
    let (choices, matchers) = demo::choices();
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
