//! Petition pictures at the widths pages show them, as WebP and as JPEG for
//! browsers without WebP (see `recipe`), so a phone downloads a 400 px
//! WebP of a few kilobytes instead of the 1200×630 JPEG that link previews
//! need.
//!
//! Made at start-up rather than by the SPA's build: the server is what
//! names the copies in the petition JSON, so they cannot disagree, and
//! `trunk serve` empties `dist/` on every rebuild. They are kept in a cache
//! folder (`CIVIC_IMAGE_CACHE`) under names that carry a hash of the
//! picture and of the recipe: a restart with the same pictures only reads
//! and hashes them, a changed picture gets new names, and every name can be
//! cached by browsers for a year. A picture missing from `dist/` (the
//! test servers' stand-in SPA has none) costs one failed file read.

mod recipe;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;
use civic_api::image::ImageVariant;
use civic_images as encode;

use recipe::Planned;

/// Where the copies are served from; the cache folder's files are its
/// only content.
pub const URL_PREFIX: &str = "/images/variants";

/// The copies of every picture that could be made, by the picture's site
/// path.
#[derive(Debug, Default, Clone)]
pub struct ImageVariants {
    by_source: HashMap<String, Vec<ImageVariant>>,
}

impl ImageVariants {
    /// Empty when the picture could not be read: pages then show `src`.
    pub fn of(&self, src: &str) -> Vec<ImageVariant> {
        self.by_source.get(src).cloned().unwrap_or_default()
    }
}

/// Makes whatever copy is not yet in `cache` for each picture of `sources`
/// (site paths of files in `dist`), using every core. A picture that cannot
/// be read or decoded is logged and gets no copies, so a bad picture never
/// stops the site; a cache that cannot be written to does.
pub fn prepare(dist: &Path, cache: &Path, sources: &[String]) -> anyhow::Result<ImageVariants> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = sources.len().div_ceil(threads).max(1);
    let prepared = std::thread::scope(|scope| {
        let workers: Vec<_> = sources
            .chunks(chunk)
            .map(|sources| {
                scope.spawn(move || {
                    sources
                        .iter()
                        .map(|src| Ok((src.clone(), prepare_one(dist, cache, src)?)))
                        .collect::<anyhow::Result<Vec<_>>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("a picture worker panicked"))
            .collect::<anyhow::Result<Vec<_>>>()
    })?;
    let by_source = prepared
        .into_iter()
        .flatten()
        .filter_map(|(src, variants)| Some((src, variants?)))
        .collect();
    Ok(ImageVariants { by_source })
}

impl ImageVariants {
    /// Whether copies of `src` were made.
    pub fn has(&self, src: &str) -> bool {
        self.by_source.contains_key(src)
    }

    /// These and `other`'s.
    pub fn merged(&self, other: ImageVariants) -> ImageVariants {
        let mut by_source = self.by_source.clone();
        by_source.extend(other.by_source);
        ImageVariants { by_source }
    }
}

/// Makes the copies of pictures uploaded in the console (`/media/…`, read
/// from the database): the same copies, in the same cache, as a picture of
/// the built site gets.
pub fn prepare_uploaded(cache: &Path, pictures: &[(String, Vec<u8>)]) -> anyhow::Result<ImageVariants> {
    let mut by_source = HashMap::new();
    for (src, bytes) in pictures {
        if let Some(variants) = prepare_bytes(cache, src, bytes, Path::new(src))? {
            by_source.insert(src.clone(), variants);
        }
    }
    Ok(ImageVariants { by_source })
}

/// `Ok(None)`: the picture is missing or unreadable, which is logged.
fn prepare_one(dist: &Path, cache: &Path, src: &str) -> anyhow::Result<Option<Vec<ImageVariant>>> {
    let path = dist.join(src.trim_start_matches('/'));
    let source = match std::fs::read(&path) {
        Ok(source) => source,
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "a petition's picture is not in the built site: pages show it without smaller copies");
            return Ok(None);
        }
    };
    prepare_bytes(cache, src, &source, &path)
}

/// The copies of the picture `source`, published at `src` (read from
/// `path`, for the log), made where missing.
fn prepare_bytes(cache: &Path, src: &str, source: &[u8], path: &Path) -> anyhow::Result<Option<Vec<ImageVariant>>> {
    let header = match encode::header(source) {
        Ok(header) => header,
        Err(error) => {
            tracing::warn!(path = %path.display(), error = format!("{error:#}"), "a petition's picture cannot be read: pages show it as it is");
            return Ok(None);
        }
    };
    let planned = recipe::plan(src, source, header.width, header.height, header.is_jpeg);
    let missing: Vec<&Planned> = planned
        .iter()
        .filter(|copy| copy.file.as_ref().is_some_and(|file| !cache.join(file).exists()))
        .collect();
    if !missing.is_empty() {
        if let Err(error) = make(source, cache, &missing) {
            if error.is::<CacheError>() {
                return Err(error);
            }
            tracing::warn!(path = %path.display(), error = format!("{error:#}"), "a petition's picture cannot be decoded: pages show it as it is");
            return Ok(None);
        }
        tracing::info!(src, made = missing.len(), "smaller copies of a picture made");
    }
    let variants = planned
        .into_iter()
        .map(|copy| ImageVariant {
            format: copy.format,
            src: copy
                .file
                .map_or_else(|| src.to_owned(), |file| format!("{URL_PREFIX}/{file}")),
            width: copy.width,
            height: copy.height,
        })
        .collect();
    Ok(Some(variants))
}

/// The cache folder failed, not the picture.
#[derive(Debug, thiserror::Error)]
#[error("Failed to write {path} (CIVIC_IMAGE_CACHE)")]
struct CacheError {
    path: PathBuf,
    source: std::io::Error,
}

fn make(source: &[u8], cache: &Path, missing: &[&Planned]) -> anyhow::Result<()> {
    let pixels = encode::decode(source)?;
    std::fs::create_dir_all(cache).map_err(|source| CacheError {
        path: cache.to_owned(),
        source,
    })?;
    for copy in missing {
        let file = copy.file.as_deref().expect("only copies with a file are missing");
        let resized = encode::resize(&pixels, copy.width, copy.height);
        let bytes = encode::encode(&resized, copy.format, recipe::quality(copy.format))
            .with_context(|| format!("Failed to make {file}"))?;
        write_atomically(&cache.join(file), &bytes)?;
    }
    Ok(())
}

/// Another server sharing the folder may be writing the same copy: each
/// writes its own temporary file and renames it, so a reader sees a whole
/// file or none.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let mut temporary = path.as_os_str().to_owned();
    let write = WRITES.fetch_add(1, Ordering::Relaxed);
    temporary.push(format!(".{}-{write}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let cache_error = |source| CacheError {
        path: path.to_owned(),
        source,
    };
    std::fs::write(&temporary, bytes).map_err(cache_error)?;
    std::fs::rename(&temporary, path).map_err(cache_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use civic_api::image::ImageFormat;

    const SRC: &str = "/images/petitions/a.jpg";

    /// A built site holding one 1200×630 JPEG, and an empty cache.
    fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(dist.join("images/petitions")).unwrap();
        let pixels = encode::RgbImage::from_fn(1200, 630, |x, y| encode::Rgb([(x / 5) as u8, (y / 3) as u8, 90]));
        let jpeg = encode::encode(&pixels, ImageFormat::Jpeg, 90).unwrap();
        std::fs::write(dist.join("images/petitions/a.jpg"), jpeg).unwrap();
        let cache = dir.path().join("data/images");
        (dir, dist, cache)
    }

    #[test]
    fn copies_are_made_once_and_named_in_the_variants() {
        let (_dir, dist, cache) = site();
        let variants = prepare(&dist, &cache, &[SRC.to_owned()]).unwrap().of(SRC);
        assert_eq!(variants.len(), 8);
        let original = variants
            .iter()
            .find(|v| v.src == SRC)
            .expect("the source is the widest JPEG");
        assert_eq!((original.format, original.width), (ImageFormat::Jpeg, 1200));
        for variant in variants.iter().filter(|v| v.src != SRC) {
            let file = cache.join(variant.src.strip_prefix("/images/variants/").unwrap());
            let bytes = std::fs::read(&file).unwrap();
            if variant.format == ImageFormat::Jpeg {
                let header = encode::header(&bytes).unwrap();
                assert_eq!((header.width, header.height), (variant.width, variant.height));
            }
        }

        // A second start finds every copy and makes none, even a broken one.
        let first = cache.join(variants[0].src.strip_prefix("/images/variants/").unwrap());
        std::fs::write(&first, b"kept as it is").unwrap();
        let again = prepare(&dist, &cache, &[SRC.to_owned()]).unwrap().of(SRC);
        assert_eq!(again, variants);
        assert_eq!(std::fs::read(&first).unwrap(), b"kept as it is");
        let files = std::fs::read_dir(&cache).unwrap().count();
        assert_eq!(files, 7, "no temporary file is left behind");
    }

    #[test]
    fn a_missing_or_broken_picture_gets_no_copies_and_touches_no_cache() {
        let (_dir, dist, cache) = site();
        std::fs::write(dist.join("images/petitions/b.jpg"), b"not a picture").unwrap();
        let sources = [
            "/images/petitions/none.jpg".to_owned(),
            "/images/petitions/b.jpg".to_owned(),
        ];
        let variants = prepare(&dist, &cache, &sources).unwrap();
        assert!(variants.of(&sources[0]).is_empty());
        assert!(variants.of(&sources[1]).is_empty());
        assert!(!cache.exists());
    }

    #[test]
    fn a_cache_that_cannot_be_written_stops_the_start() {
        let (dir, dist, _) = site();
        let cache = dir.path().join("a-file");
        std::fs::write(&cache, b"in the way").unwrap();
        let error = prepare(&dist, &cache, &[SRC.to_owned()]).unwrap_err();
        assert!(format!("{error:#}").contains("CIVIC_IMAGE_CACHE"), "{error:#}");
    }
}
