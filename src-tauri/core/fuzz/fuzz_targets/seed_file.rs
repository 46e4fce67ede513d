//! The seed folder's files: each input is read as every kind of seed file (organisations,
//! contacts, technologies, mission), parsed and every record it describes checked.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use passerelle_core::seed;

const KINDS: [&str; 4] = [
    "organisations.json",
    "contacts.json",
    "technologies.json",
    "mission.json",
];

fuzz_target!(|data: &[u8]| {
    if data.len() > common::MAX_INPUT {
        return;
    }
    for kind in KINDS {
        let _ = seed::check_file(kind, data);
    }
});
