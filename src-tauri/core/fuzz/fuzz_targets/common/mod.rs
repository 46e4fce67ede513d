//! What the targets share.

/// Inputs above this are skipped: a parser's cost grows with its input, and the Makefile's
/// `-max_len` keeps them smaller anyway. Real files are larger, but the per-input time cap
/// (`-timeout`) catches a quadratic blow-up on 64 kB already.
pub const MAX_INPUT: usize = 64 * 1024;
