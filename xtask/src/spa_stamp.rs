//! Whether `dist/` still matches the SPA's sources, so `serve` and `test`
//! can skip trunk (whose wasm-opt pass and the brotli copies take a while
//! even when nothing changed). The stamp lives in `target/`, not in
//! `dist/`, where the server would publish it.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context, Result};

use crate::cmd;

/// Everything trunk reads to build the SPA, relative to the repository root.
const SOURCES: &[&str] = &[
    "src",
    "style",
    "public",
    "locales",
    "api/src",
    "api/Cargo.toml",
    "index.html",
    "reading.html",
    "surveys.html",
    "accounts.html",
    "donations.html",
    "console.html",
    "Trunk.toml",
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
];

fn stamp() -> PathBuf {
    cmd::target_dir().join("xtask/spa-build.stamp")
}

/// Records that `dist/` was built from the sources as they were at
/// `started` (the stamp's own time: a file saved during the build is newer,
/// so it triggers the next one), and what `dist/` looked like when the build
/// ended (the newest time inside it, written in the stamp).
pub fn record(started: SystemTime, dist: &Path) -> Result<()> {
    record_at(&stamp(), started, dist)
}

fn record_at(stamp: &Path, started: SystemTime, dist: &Path) -> Result<()> {
    let finished = newest(dist).context("dist/ is missing after the build")?;
    std::fs::create_dir_all(stamp.parent().expect("the stamp sits in a folder"))?;
    std::fs::write(stamp, nanos(finished).to_string())
        .and_then(|()| std::fs::File::options().write(true).open(stamp))
        .and_then(|file| file.set_modified(started))
        .with_context(|| format!("cannot write {}", stamp.display()))
}

/// True when no source changed since the last build began and nothing has
/// touched `dist/` since it ended (a `trunk build` by hand would have).
pub fn is_fresh(dist: &Path) -> bool {
    is_fresh_at(&stamp(), &cmd::root(), dist)
}

fn is_fresh_at(stamp: &Path, root: &Path, dist: &Path) -> bool {
    let Ok(started) = std::fs::metadata(stamp).and_then(|meta| meta.modified()) else {
        return false;
    };
    let Ok(finished) = std::fs::read_to_string(stamp) else {
        return false;
    };
    let sources_unchanged = SOURCES
        .iter()
        .all(|source| newest(&root.join(source)).is_none_or(|changed| changed <= started));
    dist.join("index.html.br").exists()
        && newest(dist).is_some_and(|now| nanos(now).to_string() == finished.trim())
        && sources_unchanged
}

fn nanos(time: SystemTime) -> u128 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos())
}

/// The latest modification time of a file or anything under a folder.
fn newest(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    let own = meta.modified().ok();
    if !meta.is_dir() {
        return own;
    }
    let entries = std::fs::read_dir(path).ok()?;
    entries
        .flatten()
        .filter_map(|entry| newest(&entry.path()))
        .chain(own)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_newest_time_of_a_folder_is_that_of_its_latest_file_however_deep() {
        let dir = std::env::temp_dir().join(format!("xtask-newest-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        let old = SystemTime::now() - Duration::from_secs(3600);
        let file = std::fs::File::create(dir.join("a/b/deep.rs")).unwrap();
        file.set_modified(SystemTime::now() + Duration::from_secs(60)).unwrap();
        for folder in [dir.join("a/b"), dir.join("a"), dir.clone()] {
            std::fs::File::open(&folder).unwrap().set_modified(old).unwrap();
        }
        let newest = newest(&dir).unwrap();
        assert!(newest > SystemTime::now(), "the deep file's time is the newest");
        assert_eq!(super::newest(&dir.join("missing")), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_build_stays_fresh_until_a_source_or_dist_changes() {
        let root = std::env::temp_dir().join(format!("xtask-stamp-{}", std::process::id()));
        let (dist, stamp) = (root.join("dist"), root.join("stamp"));
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::create_dir_all(&dist).unwrap();
        let source = root.join("src/lib.rs");
        std::fs::write(&source, "").unwrap();
        let started = SystemTime::now();
        // The build writes dist/ after it started: that must not count.
        for name in ["index.html", "index.html.br"] {
            std::fs::write(dist.join(name), "").unwrap();
            touch(&dist.join(name), started + Duration::from_secs(5));
        }
        touch(&source, started - Duration::from_secs(5));
        record_at(&stamp, started, &dist).unwrap();
        assert!(is_fresh_at(&stamp, &root, &dist), "nothing changed since the build");

        let later = started + Duration::from_secs(60);
        touch(&source, later);
        assert!(
            !is_fresh_at(&stamp, &root, &dist),
            "a source saved after the build started"
        );

        touch(&source, started - Duration::from_secs(5));
        touch(&dist.join("index.html"), later);
        assert!(
            !is_fresh_at(&stamp, &root, &dist),
            "dist/ rewritten by hand after the build"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    fn touch(path: &Path, time: SystemTime) {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(time).unwrap();
    }
}
