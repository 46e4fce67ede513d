//! The mission exchange file (`.passerelle`, an SQLite file of its own): each input is written
//! to a file and read as a receiving copy reads one (`store::exchange_file::read`): its first
//! bytes, SQLite's quick check, every table's rows, the counts, then the checksum.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use passerelle_core::store::exchange_file;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One file per fuzzing process, in `$TMPDIR` (the Makefile gives each run its own).
fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("fuzz-{}.passerelle", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() > common::MAX_INPUT {
        return;
    }
    std::fs::write(path(), data).expect("the fuzzing file is written");
    let _ = exchange_file::read(path());
});
