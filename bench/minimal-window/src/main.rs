//! A minimal Tauri window (one static page, no plugins, no commands), the size of the app's:
//! what `make bench-memory` measures the app against.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| panic!("the minimal window failed: {e}"));
}
