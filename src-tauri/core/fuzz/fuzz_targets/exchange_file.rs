//! The mission exchange file (`.passerelle`, an SQLite file of its own): each input is read as
//! a receiving copy reads a file's bytes (`store::exchange_file::read_bytes`, what `read` does
//! once the file is in memory): its first bytes, SQLite's quick check, every table's rows, the
//! counts, then the checksum. No file is written per input.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use passerelle_core::store::exchange_file;

fuzz_target!(|data: &[u8]| {
    if data.len() > common::MAX_INPUT {
        return;
    }
    let _ = exchange_file::read_bytes(data);
});
