//! A minimal Tauri window (one static page, no plugins, no commands), the size of the app's:
//! what `make bench-memory` measures the app against, and the floor of the app's start time
//! (`PASSERELLE_TIMING=1` prints when its page finished loading, in ms since the epoch).

use std::time::{SystemTime, UNIX_EPOCH};
use tauri::webview::PageLoadEvent;

fn main() {
    let timing = std::env::var_os("PASSERELLE_TIMING").is_some_and(|v| v == "1");
    tauri::Builder::default()
        .on_page_load(move |_, payload| {
            if timing && payload.event() == PageLoadEvent::Finished {
                let at = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_millis());
                eprintln!("timing: page loaded at {at}");
            }
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| panic!("the minimal window failed: {e}"));
}
