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
    "Trunk.toml",
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
];

fn stamp() -> PathBuf {
    cmd::target_dir().join("xtask/spa-build.stamp")
}

/// Records that `dist/` was built from the sources as they were at
/// `started`: a file saved during the build is newer, so it triggers the
/// next one.
pub fn record(started: SystemTime) -> Result<()> {
    let stamp = stamp();
    std::fs::create_dir_all(stamp.parent().expect("the stamp sits in a folder"))?;
    std::fs::write(&stamp, b"dist/ was built from the sources older than this file\n")
        .and_then(|()| std::fs::File::options().write(true).open(&stamp))
        .and_then(|file| file.set_modified(started))
        .with_context(|| format!("cannot write {}", stamp.display()))
}

/// True when the last build is newer than every source and nothing has
/// touched `dist/` since (a `trunk build` by hand would have).
pub fn is_fresh(dist: &Path) -> bool {
    let Ok(built) = std::fs::metadata(stamp()).and_then(|meta| meta.modified()) else {
        return false;
    };
    let root = cmd::root();
    let sources = SOURCES.iter().map(|source| newest(&root.join(source)));
    dist.join("index.html.br").exists()
        && newest(dist).is_some_and(|changed| changed <= built)
        && sources
            .into_iter()
            .all(|changed| changed.is_none_or(|changed| changed <= built))
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
}
