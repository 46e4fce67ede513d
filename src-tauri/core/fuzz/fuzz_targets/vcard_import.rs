//! The contact import's vCard path: decoding, cards split on their BEGIN lines and read with
//! `calcard` (2.1, 3.0, 4.0; Apple's grouped properties), then the columns'
//! fields guessed (the rows' checks are the property tests' in tests/directory.rs).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use passerelle_core::directory::import;

fuzz_target!(|data: &[u8]| {
    if data.len() > common::MAX_INPUT {
        return;
    }
    let Ok((text, encoding)) = import::decode(data, None) else {
        return;
    };
    if let Ok(file) = import::parse_vcards(&text, encoding) {
        // What the import wizard shows first: the columns' fields guessed from the headers.
        let _ = import::guess_mapping(file.format, &file.headers);
    }
});
