//! Hotel stays (issue 18, part 3) on real files.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;
