//! The release build of the SPA: `trunk build --release` into `dist/` for
//! the main bundle, one more for each other bundle (`reading.html`,
//! `surveys.html`, `accounts.html`, `donations.html`, see
//! `civic_api::site::Bundle`) merged into it, then a
//! brotli and a gzip copy of every file worth compressing, so the server
//! sends them without compressing on each request.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::cmd::{self, run};
use crate::steps::step;
use crate::{spa_stamp, start_scripts, tools};

/// Types that shrink when compressed; images and fonts already are.
const COMPRESSIBLE: &[&str] = &["html", "js", "wasm", "css", "svg", "json", "txt", "webmanifest"];
const BROTLI_QUALITY: u32 = 11;
const BROTLI_WINDOW_BITS: u32 = 22;

pub fn dist() -> PathBuf {
    cmd::root().join("dist")
}

/// The bundles besides the main one, by their HTML file.
const OTHER_BUNDLES: [&str; 5] = [
    "reading.html",
    "surveys.html",
    "accounts.html",
    "donations.html",
    "console.html",
];

/// The bundles that only bring a page the server drew to life
/// (`Bundle::only_enhances`): their wasm waits for the page (see
/// `start_scripts`).
const ENHANCING_BUNDLES: [&str; 1] = ["reading.html"];

/// The bundles whose app draws its pages: their page starts the reading
/// bundle's wasm, and their own once the visitor reaches for a form.
const APP_BUNDLES: [&str; 5] = [
    "index.html",
    "surveys.html",
    "accounts.html",
    "donations.html",
    "console.html",
];

/// Where trunk writes another bundle before it joins `dist/`: trunk
/// empties its output folder on every build.
fn bundle_dist(html: &str) -> PathBuf {
    cmd::target_dir().join(format!("{}-dist", html.trim_end_matches(".html")))
}

pub fn build() -> Result<()> {
    let started = std::time::SystemTime::now();
    step("build the SPA's main bundle (trunk build --release)");
    run(trunk().args(["build", "--release"]))?;
    for html in OTHER_BUNDLES {
        step(&format!(
            "build the SPA's bundle of {html} (trunk build --release {html})"
        ));
        let out = bundle_dist(html);
        run(trunk()
            .args(["build", html, "--release", "--html-output", html, "--dist"])
            .arg(&out))?;
        if ENHANCING_BUNDLES.contains(&html) {
            let file = out.join(html);
            let written = read(&file)?;
            write(&file, &start_scripts::waiting_for_the_page(&written)?)?;
            println!("    {html}: its wasm is fetched once the page is painted, not preloaded");
        }
        let merged = merge(&out, &dist())?;
        println!("    merged {merged} files of that bundle into dist/");
    }
    let reading = read(&dist().join("reading.html"))?;
    for html in APP_BUNDLES {
        let file = dist().join(html);
        write(&file, &start_scripts::waiting_for_the_visitor(&read(&file)?, &reading)?)?;
        println!("    {html}: starts the reading bundle once painted, its own app when the visitor reaches for a form");
    }
    step("precompress dist/ (brotli q11, gzip -9)");
    let written = precompress(&dist())?;
    println!("    compressed {written} files (a .br or .gz copy is kept where it is smaller)");
    spa_stamp::record(started, &dist())
}

/// `build`, unless no source of the SPA changed since the last one.
pub fn build_if_changed() -> Result<()> {
    if spa_stamp::is_fresh(&dist()) {
        step("build the SPA");
        println!("    already built: no SPA source changed since the last build (`cargo xtask build` rebuilds)");
        return Ok(());
    }
    build()
}

/// trunk with the repository's wasm-opt first on PATH.
pub fn trunk() -> Command {
    let mut trunk = Command::new("trunk");
    trunk.current_dir(cmd::root());
    match cmd::path_with(&tools::tools_bin()) {
        Ok(path) => trunk.env("PATH", path),
        Err(_) => &mut trunk,
    };
    trunk
}

/// Copies every file of `from` into `into`, keeping sub-folders; both
/// bundles share their styles and public files, which trunk names by their
/// content hash, so a file that is already there is the same file.
fn merge(from: &Path, into: &Path) -> Result<usize> {
    let files = files_under(from)?;
    for file in &files {
        let relative = file.strip_prefix(from).expect("files_under stays inside its folder");
        let target = into.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::copy(file, &target)
            .with_context(|| format!("cannot copy {} to {}", file.display(), target.display()))?;
    }
    Ok(files.len())
}

/// Replaces every `.br`/`.gz` in `dir` by fresh ones; returns how many
/// files were compressed.
pub fn precompress(dir: &Path) -> Result<usize> {
    let files = files_under(dir)?;
    for stale in files.iter().filter(|file| is_compressed_copy(file)) {
        std::fs::remove_file(stale).with_context(|| format!("cannot remove {}", stale.display()))?;
    }
    let sources: Vec<&PathBuf> = files.iter().filter(|file| should_precompress(file)).collect();
    // The wasm file takes most of the time: two threads keep both cores busy.
    std::thread::scope(|scope| {
        let (first, second) = sources.split_at(sources.len() / 2);
        let other = scope.spawn(|| compress_all(second));
        compress_all(first).and(other.join().expect("a compression thread panicked"))
    })?;
    Ok(sources.len())
}

fn compress_all(files: &[&PathBuf]) -> Result<()> {
    files.iter().try_for_each(|file| compress(file))
}

fn compress(file: &Path) -> Result<()> {
    let data = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut brotli = brotli::CompressorWriter::new(Vec::new(), 64 * 1024, BROTLI_QUALITY, BROTLI_WINDOW_BITS);
    brotli.write_all(&data)?;
    write_if_smaller(file, ".br", &data, &brotli.into_inner())?;

    let mut gzip = GzEncoder::new(Vec::new(), Compression::best());
    gzip.write_all(&data)?;
    write_if_smaller(file, ".gz", &data, &gzip.finish()?)
}

/// Writes `file` + `extension` only when compressing saved bytes: for a tiny
/// file the headers outweigh the gain, and the plain file is the better one
/// to send.
fn write_if_smaller(file: &Path, extension: &str, original: &[u8], compressed: &[u8]) -> Result<()> {
    if compressed.len() >= original.len() {
        return Ok(());
    }
    let mut name = file.as_os_str().to_owned();
    name.push(extension);
    let path = PathBuf::from(name);
    let mut out = BufWriter::new(create(&path)?);
    out.write_all(compressed)?;
    out.flush().with_context(|| format!("cannot write {}", path.display()))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

fn create(path: &Path) -> Result<File> {
    File::create(path).with_context(|| format!("cannot write {}", path.display()))
}

fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(files_under(&path)?);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}

fn extension(path: &Path) -> Option<&str> {
    path.extension().and_then(|extension| extension.to_str())
}

pub fn is_compressed_copy(path: &Path) -> bool {
    matches!(extension(path), Some("br" | "gz"))
}

pub fn should_precompress(path: &Path) -> bool {
    extension(path).is_some_and(|extension| COMPRESSIBLE.contains(&extension.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn text_and_wasm_files_are_precompressed_but_images_and_copies_are_not() {
        for yes in [
            "index.html",
            "civic-web-3f2a.js",
            "civic-web-3f2a_bg.wasm",
            "style-9.css",
            "logo.svg",
        ] {
            assert!(should_precompress(Path::new(yes)), "{yes} should be compressed");
        }
        for yes in ["manifest.webmanifest", "robots.txt", "data.json", "INDEX.HTML"] {
            assert!(should_precompress(Path::new(yes)), "{yes} should be compressed");
        }
        for no in [
            "photo.jpg",
            "icon.png",
            "font.woff2",
            "index.html.br",
            "index.html.gz",
            "LICENSE",
        ] {
            assert!(!should_precompress(Path::new(no)), "{no} should be left alone");
        }
    }

    #[test]
    fn precompressing_writes_both_copies_that_decompress_to_the_original_and_drops_stale_ones() {
        let dir = std::env::temp_dir().join(format!("xtask-precompress-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        let html = "<!doctype html><title>Civic</title>".repeat(50);
        std::fs::write(dir.join("index.html"), &html).unwrap();
        std::fs::write(dir.join("assets/photo.jpg"), [0xff, 0xd8, 0xff]).unwrap();
        std::fs::write(dir.join("old-bundle.js.br"), b"stale").unwrap();
        std::fs::write(dir.join("robots.txt"), b"User-agent: *").unwrap();

        assert_eq!(precompress(&dir).unwrap(), 2);

        let mut from_brotli = Vec::new();
        brotli::Decompressor::new(File::open(dir.join("index.html.br")).unwrap(), 4096)
            .read_to_end(&mut from_brotli)
            .unwrap();
        let mut from_gzip = String::new();
        flate2::read::GzDecoder::new(File::open(dir.join("index.html.gz")).unwrap())
            .read_to_string(&mut from_gzip)
            .unwrap();
        assert_eq!(from_brotli, html.as_bytes());
        assert_eq!(from_gzip, html);
        assert!(!dir.join("old-bundle.js.br").exists());
        assert!(!dir.join("assets/photo.jpg.br").exists());
        assert!(
            !dir.join("robots.txt.br").exists(),
            "no copy bigger than the file itself"
        );
        assert!(
            !dir.join("robots.txt.gz").exists(),
            "no copy bigger than the file itself"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
