//! Files written whole: the bytes go to a part file beside the target, which is then renamed
//! over it, so neither a reader nor a crash ever sees half a file, and a failed write leaves
//! the part file removed and the target as it was. The part file's name is the target's whole
//! name plus a mark unique to this write: two saves at once (the report as PDF, workbook and
//! CSV, all named `mission-report-DATE`, pressed one after the other) do not write into each
//! other's part file, as they did when it was the target's name with its extension replaced.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path` whole (see the module's note).
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let part = part_path(path);
    let written = std::fs::write(&part, bytes).and_then(|()| std::fs::rename(&part, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    written
}

/// `report.pdf` → `report.pdf.<process>-<n>.part`, beside it.
fn part_path(path: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}-{n}.part", std::process::id()));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_of_one_name_in_several_formats_at_once_each_keep_their_bytes() {
        let dir = tempfile::tempdir().unwrap();
        std::thread::scope(|scope| {
            for round in 0..20 {
                for ext in ["pdf", "xlsx", "csv"] {
                    let path = dir.path().join(format!("mission-report-2026-01-15.{ext}"));
                    scope.spawn(move || write_whole(&path, format!("{ext} {round}").as_bytes()));
                }
            }
        });
        for ext in ["pdf", "xlsx", "csv"] {
            let text = std::fs::read_to_string(
                dir.path().join(format!("mission-report-2026-01-15.{ext}")),
            );
            assert!(text.unwrap().starts_with(ext), "{ext}");
        }
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 3, "no part file left: {left:?}");
    }

    #[test]
    fn a_failed_write_leaves_the_target_as_it_was_and_no_part_file() {
        let dir = tempfile::tempdir().unwrap();
        // A folder with a file in it where the file should go: the rename fails.
        let target = dir.path().join("programme.pdf");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("inside"), b"kept").unwrap();
        assert!(write_whole(&target, b"after").is_err());
        assert_eq!(std::fs::read(target.join("inside")).unwrap(), b"kept");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            left,
            vec![std::ffi::OsString::from("programme.pdf")],
            "no part file left"
        );
    }
}
