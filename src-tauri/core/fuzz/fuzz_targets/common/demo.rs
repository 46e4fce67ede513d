//! The demo mission's form choices, for the form and survey responses' targets.

use passerelle_core::forms::answers::Matchers;
use passerelle_core::forms::questions::Choices;
use passerelle_core::{seed, Store};
use std::sync::OnceLock;

/// The demo mission's choices and their matchers, built once per fuzzing process (not per
/// input) from a store seeded in `$TMPDIR` (the Makefile gives each run its own) and removed
/// once read.
pub fn choices() -> &'static (Choices, Matchers) {
    static CHOICES: OnceLock<(Choices, Matchers)> = OnceLock::new();
    CHOICES.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("fuzz-forms-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("the fuzzing folder is made");
        let store = Store::open(&dir.join("demo.sqlite3")).expect("the fuzzing store opens");
        seed::load(&store, "taiwan-wallonia-2025").expect("the demo mission is seeded");
        let choices = store
            .read(|c| Choices::load(c, "mis_tsha_wallonia_2025"))
            .expect("the demo mission's choices load");
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
        let matchers = Matchers::new(&choices);
        (choices, matchers)
    })
}
