//! `solve` and `bench-instance`: the scheduler on its own, over files; no database.

use crate::print_json;
use passerelle_core::planning::schedule::{
    self, generate, parse_instance, search::Options, INSTANCE_FORMAT,
};
use passerelle_core::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// An instance file larger than this is refused before it is read.
pub const MAX_INSTANCE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(clap::Args)]
pub struct SolveArgs {
    /// The `passerelle.schedule/1` instance.
    instance: PathBuf,
    /// Seconds the solver may run; the best schedule found by then is written.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    time_limit: f64,
    /// The seed of the search (same seed and iteration budget: same result).
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
    /// Where to write the `passerelle.schedule-solution/1` solution.
    #[arg(long, value_name = "SOLUTION.json")]
    out: PathBuf,
}

#[derive(clap::Args)]
pub struct BenchArgs {
    /// mission, mission-full, event or large.
    #[arg(long, value_name = "mission|mission-full|event|large")]
    kind: String,
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
    #[arg(long, value_name = "INSTANCE.json")]
    out: PathBuf,
}

/// Reads a file of at most `limit` bytes, refusing a larger one by its size first.
pub fn read_limited(path: &Path, limit: u64) -> Result<String> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::validation("instance", format!("{}: {e}", path.display())))?;
    let too_big = |size: u64| {
        Error::validation(
            "instance",
            format!(
                "{} is {:.1} MB, larger than the {} MB an instance may have",
                path.display(),
                size as f64 / 1_048_576.0,
                limit / 1_048_576
            ),
        )
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| Error::validation("instance", format!("{}: {e}", path.display())))?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes)
        .map_err(|_| Error::validation("instance", format!("{} is not UTF-8 text", path.display())))
}

fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text + "\n")
        .map_err(|e| Error::validation("out", format!("{}: {e}", tmp.display())))?;
    std::fs::rename(&tmp, path)
        .map_err(|e| Error::validation("out", format!("{}: {e}", path.display())))?;
    Ok(())
}

/// Peak resident memory of this process in MB (Linux), for the benchmark.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some((kb / 1024.0 * 10.0).round() / 10.0)
}

pub fn solve(args: SolveArgs) -> Result<()> {
    if !args.time_limit.is_finite() || args.time_limit <= 0.0 || args.time_limit > 86_400.0 {
        return Err(Error::validation(
            "time-limit",
            "must be a number of seconds between 0 and 86400",
        ));
    }
    let text = read_limited(&args.instance, MAX_INSTANCE_BYTES)?;
    let (_, problem) = parse_instance(&text)?;
    drop(text);
    let options = Options {
        time_limit: Duration::from_secs_f64(args.time_limit),
        seed: args.seed,
        ..Options::default()
    };
    let outcome = schedule::solve(&problem, &options)?;
    write_json(&args.out, &outcome.solution)?;
    let s = &outcome.solution;
    let gap = if s.upper_bound > 0.0 {
        (s.upper_bound - s.objective) / s.upper_bound * 100.0
    } else {
        0.0
    };
    print_json(&serde_json::json!({
        "requests": problem.n_requests(),
        "meetings": s.meetings.len(),
        "objective": s.objective,
        "upper_bound": s.upper_bound,
        "bound_kind": s.bound_kind,
        "gap_percent": (gap * 1000.0).round() / 1000.0,
        "optimal": s.optimal,
        "seconds": s.seconds,
        "greedy_objective": outcome.greedy_objective,
        "iterations": outcome.iterations,
        "peak_rss_mb": peak_rss_mb(),
    }))
}

pub fn bench_instance(args: BenchArgs) -> Result<()> {
    let kind = generate::Kind::parse(&args.kind).ok_or_else(|| {
        Error::validation(
            "kind",
            format!(
                "'{}' is not mission, mission-full, event or large",
                args.kind
            ),
        )
    })?;
    let instance = generate::generate(kind, args.seed);
    debug_assert_eq!(instance.format, INSTANCE_FORMAT);
    write_json(&args.out, &instance)?;
    print_json(&serde_json::json!({
        "kind": args.kind,
        "seed": args.seed,
        "participants": instance.participants.len(),
        "requests": instance.requests.len(),
        "slots": instance.slots.len(),
        "sites": instance.sites.len(),
    }))
}
