//! The contact import's CSV path: decoding (BOM, UTF-8/16, Windows-1252, binary refused), the
//! CSV reader (delimiter guessed, rows with their lines), then the columns' fields
//! guessed from the headers (the rows' checks, which the dry run makes on a database, are
//! the property tests' in tests/directory.rs).
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
    if let Ok(file) = import::parse_csv(&text, encoding) {
        // What the import wizard shows first: the columns' fields guessed from the headers.
        let _ = import::guess_mapping(file.format, &file.headers);
    }
});
