//! Which copies of a picture to make, and what they are called.

use civic_api::image::ImageFormat;
use sha2::{Digest, Sha256};

/// Widths in device pixels, beside the picture's own (1200 for a petition).
/// From style/petitions.css: a card of the campaigns list is at most 340
/// CSS pixels wide (356 on a 390 px phone), the petition page's picture
/// 568 beside the sign form on a desktop and at most 704 on a tablet. So
/// 400 and 800 serve the cards at 1× and 2×, 600 the petition page on a
/// desktop at 1×, and 800 or the full width a tablet or a 2× screen.
pub const WIDTHS: [u32; 3] = [400, 600, 800];

/// libwebp's own default: at 400 px a petition photo weighs about 6 KB.
const WEBP_QUALITY: u8 = 75;
/// Only browsers without WebP get these.
const JPEG_QUALITY: u8 = 75;

pub fn quality(format: ImageFormat) -> u8 {
    match format {
        ImageFormat::Webp => WEBP_QUALITY,
        ImageFormat::Jpeg => JPEG_QUALITY,
    }
}

/// Every setting that changes the bytes of a copy. It is part of each
/// copy's name, so a new recipe makes new names and no browser keeps an old
/// copy under a name that now means another.
const RECIPE: &str = "v1 lanczos3 webp-q75 jpeg-q75";

/// One copy of a picture, before it is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
    /// The file's name in the cache; `None` when the copy is the source
    /// itself (a JPEG at its own width).
    pub file: Option<String>,
}

/// The copies of the picture `source` (its bytes), published as `src`, of
/// `width`×`height` pixels: every format at each of `WIDTHS` narrower than
/// the picture, and at the picture's own width.
pub fn plan(src: &str, source: &[u8], width: u32, height: u32, source_is_jpeg: bool) -> Vec<Planned> {
    let stem = stem(src);
    let hash = content_hash(source);
    let mut widths: Vec<u32> = WIDTHS.into_iter().filter(|w| *w < width).collect();
    widths.push(width);
    let mut planned = Vec::new();
    for format in ImageFormat::ALL {
        for &copy_width in &widths {
            let original = source_is_jpeg && format == ImageFormat::Jpeg && copy_width == width;
            planned.push(Planned {
                format,
                width: copy_width,
                height: scaled_height(width, height, copy_width),
                file: (!original).then(|| format!("{stem}-{copy_width}w-{hash}.{}", format.extension())),
            });
        }
    }
    planned
}

/// The height that keeps the picture's proportions, to the nearest pixel.
pub fn scaled_height(width: u32, height: u32, new_width: u32) -> u32 {
    let scaled = (u64::from(height) * u64::from(new_width) + u64::from(width) / 2) / u64::from(width.max(1));
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

/// 16 hex digits, the length trunk gives its own file names, which the
/// site's file service recognises as never changing.
fn content_hash(source: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(RECIPE.as_bytes());
    hasher.update([0]);
    hasher.update(source);
    let digest = hasher.finalize();
    digest[..8].iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `/images/petitions/clean-air.jpg` gives `clean-air`: names stay readable.
fn stem(src: &str) -> &str {
    let file = src.rsplit('/').next().unwrap_or(src);
    file.rsplit_once('.').map_or(file, |(stem, _)| stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_petition_picture_gets_each_width_in_each_format_and_keeps_itself_as_the_widest_jpeg() {
        let planned = plan("/images/petitions/clean-air.jpg", b"jpeg bytes", 1200, 630, true);
        let summary: Vec<(ImageFormat, u32, u32, bool)> = planned
            .iter()
            .map(|p| (p.format, p.width, p.height, p.file.is_some()))
            .collect();
        assert_eq!(
            summary,
            [
                (ImageFormat::Webp, 400, 210, true),
                (ImageFormat::Webp, 600, 315, true),
                (ImageFormat::Webp, 800, 420, true),
                (ImageFormat::Webp, 1200, 630, true),
                (ImageFormat::Jpeg, 400, 210, true),
                (ImageFormat::Jpeg, 600, 315, true),
                (ImageFormat::Jpeg, 800, 420, true),
                (ImageFormat::Jpeg, 1200, 630, false),
            ]
        );
        let name = planned[0].file.as_deref().unwrap();
        let (start, hash) = name.strip_suffix(".webp").unwrap().rsplit_once('-').unwrap();
        assert_eq!(start, "clean-air-400w");
        assert!(
            hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{name}"
        );
    }

    #[test]
    fn a_png_gets_a_jpeg_at_its_own_width_and_a_small_picture_is_not_enlarged() {
        let planned = plan("/images/a.png", b"png bytes", 500, 250, false);
        let widths: Vec<(ImageFormat, u32, bool)> =
            planned.iter().map(|p| (p.format, p.width, p.file.is_some())).collect();
        assert_eq!(
            widths,
            [
                (ImageFormat::Webp, 400, true),
                (ImageFormat::Webp, 500, true),
                (ImageFormat::Jpeg, 400, true),
                (ImageFormat::Jpeg, 500, true),
            ]
        );
    }

    #[test]
    fn names_change_with_the_picture_and_not_otherwise() {
        let name = |bytes: &[u8]| plan("/images/a.jpg", bytes, 1200, 630, true)[0].file.clone();
        assert_eq!(name(b"one"), name(b"one"));
        assert_ne!(name(b"one"), name(b"two"));
    }

    #[test]
    fn heights_keep_the_proportions() {
        assert_eq!(scaled_height(1200, 630, 400), 210);
        assert_eq!(scaled_height(1200, 630, 600), 315);
        assert_eq!(scaled_height(1000, 333, 500), 167);
        assert_eq!(scaled_height(4000, 1, 400), 1);
    }
}
