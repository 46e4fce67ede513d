//! Printing a PDF through the system's print service (CUPS `lp`, or BSD `lpr`). The webview's
//! own print is unreliable on Linux, and a PDF file prints the same on every printer.
//!
//! `PASSERELLE_PRINT_COMMAND` replaces the command (a program taking the PDF's path as its last
//! argument), for sites whose printing goes through something else.

use crate::error::{Error, Result};
use crate::messages::Message;
use serde::Serialize;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const PRINT_COMMAND_ENV: &str = "PASSERELLE_PRINT_COMMAND";

/// How long the spooler may take to accept a job (it queues; it does not wait for paper).
const SPOOL_TIMEOUT: Duration = Duration::from_secs(30);

/// The printers the print service knows, and which one it uses by default.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Printers {
    pub names: Vec<String>,
    pub default: Option<String>,
    /// False when no print command is installed: the UI says so beside the Print button.
    pub available: bool,
}

/// Asks CUPS for its printers (`lpstat -e`, `lpstat -d`); an empty list when it cannot say.
pub fn printers() -> Printers {
    let available = print_command().is_some();
    if std::env::var_os(PRINT_COMMAND_ENV).is_some_and(|c| !c.is_empty()) {
        return Printers {
            available,
            ..Printers::default()
        };
    }
    let Some(lpstat) = find_on_path("lpstat") else {
        return Printers {
            available,
            ..Printers::default()
        };
    };
    let run = |arg: &str| {
        run_with_timeout(Command::new(&lpstat).arg(arg), Duration::from_secs(5))
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    };
    let names: Vec<String> = run("-e")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    // "system default destination: NAME" (English locale forced below).
    let default = run("-d")
        .split_once(": ")
        .map(|(_, name)| name.trim().to_owned())
        .filter(|n| names.contains(n));
    Printers {
        names,
        default,
        available,
    }
}

/// Sends a PDF file to a printer (`None`: the default one). Returns the spooler's answer
/// (e.g. "request id is Office-12 (1 file(s))"). The file stays where it is.
pub fn print_file(path: &Path, printer: Option<&str>, title: &str) -> Result<String> {
    let saved = path.display();
    let Some((program, kind)) = print_command() else {
        return Err(Error::Refused(
            Message::new("printNoCommand").with("path", &saved),
        ));
    };
    let mut command = Command::new(&program);
    match kind {
        Spooler::Lp => {
            if let Some(p) = printer {
                command.arg("-d").arg(p);
            }
            command.arg("-t").arg(title).arg("--");
        }
        Spooler::Lpr => {
            if let Some(p) = printer {
                command.arg("-P").arg(p);
            }
            command.arg("-T").arg(title);
        }
        Spooler::Custom => {}
    }
    command.arg(path);
    let output = run_with_timeout(&mut command, SPOOL_TIMEOUT).map_err(|e| {
        Error::Refused(
            Message::new("printFailed")
                .with("detail", e)
                .with("path", &saved),
        )
    })?;
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if output.status.success() {
        return Ok(if stdout.is_empty() {
            "sent to the printer".to_owned()
        } else {
            stdout
        });
    }
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    Err(Error::Refused(
        Message::new(explain_failure(&stderr))
            .with("detail", &stderr)
            .with("path", &saved),
    ))
}

/// Reads the spooler's complaint as a message a planner can act on (its text is kept as
/// `detail`).
fn explain_failure(stderr: &str) -> &'static str {
    let lower = stderr.to_lowercase();
    if lower.contains("no default destination") {
        "printNoDefault"
    } else if lower.contains("scheduler not responding")
        || lower.contains("unable to connect")
        || lower.contains("connection refused")
    {
        "printServiceDown"
    } else if lower.contains("does not exist") || lower.contains("unknown destination") {
        "printUnknownPrinter"
    } else {
        "printRefused"
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spooler {
    Lp,
    Lpr,
    Custom,
}

fn print_command() -> Option<(PathBuf, Spooler)> {
    if let Some(custom) = std::env::var_os(PRINT_COMMAND_ENV).filter(|c| !c.is_empty()) {
        let path = PathBuf::from(&custom);
        let program = if path.components().count() > 1 {
            Some(path)
        } else {
            find_on_path(&custom.to_string_lossy())
        };
        return program.map(|p| (p, Spooler::Custom));
    }
    find_on_path("lp")
        .map(|p| (p, Spooler::Lp))
        .or_else(|| find_on_path("lpr").map(|p| (p, Spooler::Lpr)))
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH").unwrap_or_else(|| OsString::from("/usr/bin:/bin"));
    std::env::split_paths(&paths)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// Runs a command, reading its output, and kills it when it takes longer than `limit`.
/// CUPS's messages are asked for in English (`LC_ALL=C`) so that `explain_failure` reads them.
fn run_with_timeout(
    command: &mut Command,
    limit: Duration,
) -> std::io::Result<std::process::Output> {
    let mut child = command
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let started = Instant::now();
    loop {
        if child.try_wait()?.is_some() {
            return child.wait_with_output();
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!(
                    "the print service did not answer within {} s",
                    limit.as_secs()
                ),
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_explained_in_words_a_planner_can_act_on() {
        assert_eq!(
            explain_failure("lp: Error - No default destination."),
            "printNoDefault"
        );
        assert_eq!(
            explain_failure("lp: Error - Scheduler Not Responding."),
            "printServiceDown"
        );
        assert_eq!(
            explain_failure("lp: The printer or class does not exist."),
            "printUnknownPrinter"
        );
        assert_eq!(explain_failure(""), "printRefused");
        let m = Message::new(explain_failure("lp: Error - No default destination."))
            .with("detail", "lp: Error - No default destination.")
            .with("path", "/tmp/programme.pdf");
        assert!(
            m.english().contains("/tmp/programme.pdf"),
            "{}",
            m.english()
        );
        assert!(m
            .render(crate::documents::locale::Lang::Fr)
            .contains("imprimante"));
    }

    #[test]
    fn a_slow_command_is_stopped_at_the_limit() {
        let started = Instant::now();
        let err = run_with_timeout(Command::new("sleep").arg("10"), Duration::from_millis(200))
            .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
