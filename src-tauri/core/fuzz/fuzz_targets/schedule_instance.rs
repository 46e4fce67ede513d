//! The scheduler's input (`passerelle.schedule/1`, what `passerelle-cli solve` reads): the JSON
//! shape, every entry's checks and the compiled problem's caps, then the fixed meetings placed
//! by the greedy baseline (where an impossible one is refused).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use passerelle_core::planning::schedule::{greedy, parse_instance};

fuzz_target!(|data: &[u8]| {
    if data.len() > common::MAX_INPUT {
        return;
    }
    // The CLI reads the file as UTF-8 text before parsing it.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok((_, problem)) = parse_instance(text) {
        let _ = greedy::baseline(&problem);
    }
});
