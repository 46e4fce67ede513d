//! The surveys' response import (issue 17, part 5): each input is read as a response file
//! (`forms::read_responses`, the interest form's reader: a workbook or a CSV), its columns mapped
//! from their headers as the week survey and as the six-month survey, and every row read into a
//! survey answer (`surveys::answers::SurveyReader`: marks, yes or no, the six-month scale in
//! three languages, the per-delegate columns matched to the demo mission's delegates, dates day
//! or month first). Matching respondents and meetings reads the database (the contact import's
//! people matching, fuzzed there) and is left out, as in the interest form's target.
#![no_main]

mod common;
#[path = "common/demo.rs"]
mod demo;

use libfuzzer_sys::fuzz_target;
use passerelle_core::documents::locale::Lang;
use passerelle_core::forms::{self, mapping, FormKind};
use passerelle_core::surveys::answers::SurveyReader;

fuzz_target!(|data: &[u8]| {
    if data.len() > common::MAX_INPUT {
        return;
    }
    let Ok(file) = forms::read_responses(data) else {
        return;
    };
    let (choices, matchers) = demo::choices();
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
