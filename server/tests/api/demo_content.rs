//! The petitions shipped in `content/`: each loads, is written in every
//! language, and its image is in `public/` (which trunk copies to the site's
//! root) at the size it declares, so a broken petition cannot land.

use std::path::Path;

use civic_api::Locale;
use civic_server::content::petitions;

use crate::fixture::CONTENT_DIR;

const PUBLIC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../public");
/// Link previews and campaign cards download these: keep them light.
const IMAGE_BUDGET_BYTES: usize = 80 * 1000;

#[test]
fn the_shipped_petitions_load_in_every_language_with_their_images() {
    let petitions = petitions::load(Path::new(CONTENT_DIR)).expect("content/petitions loads");
    assert!(
        petitions.len() >= 4,
        "four petitions at least, found {}",
        petitions.len()
    );
    assert!(
        petitions.iter().any(|petition| petition.closed),
        "one closed petition at least"
    );
    assert!(
        petitions.iter().any(|petition| !petition.closed),
        "one open petition at least"
    );
    for petition in &petitions {
        let slug = &petition.slug;
        let locales: Vec<Locale> = petition.texts.iter().map(|text| text.locale).collect();
        assert_eq!(locales, Locale::ALL, "{slug}: written in every language");
        let image = petition
            .image
            .as_ref()
            .unwrap_or_else(|| panic!("{slug}: has an image"));
        let file = format!("{PUBLIC_DIR}{}", image.src);
        let bytes = std::fs::read(&file).unwrap_or_else(|error| panic!("{slug}: cannot read {file}: {error}"));
        assert!(
            bytes.len() <= IMAGE_BUDGET_BYTES,
            "{file}: {} bytes, over the {IMAGE_BUDGET_BYTES} budget",
            bytes.len()
        );
        assert_eq!(
            image_size(&bytes),
            Some((image.width, image.height)),
            "{file}: the size in petition.toml"
        );
    }
}

/// Width and height of a JPEG or PNG, read from its header.
fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        // The IHDR chunk comes first: length, type, then width and height.
        let field = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
        return Some((field(16)?, field(20)?));
    }
    jpeg_size(bytes)
}

/// Walks the JPEG's segments to the start of frame, which holds the size.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let be16 = |at: usize| Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?) as u32);
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        match marker {
            // Fill bytes before a marker.
            0xFF => at += 1,
            // Markers without a segment.
            0x01 | 0xD0..=0xD7 => at += 2,
            // Start of frame, any kind (C4, C8 and CC are other tables).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                return Some((be16(at + 7)?, be16(at + 5)?));
            }
            // End of image or start of scan before any frame header.
            0xD9 | 0xDA => return None,
            _ => at += 2 + be16(at + 2)? as usize,
        }
    }
}

#[test]
fn image_sizes_are_read_from_jpeg_and_png_headers() {
    // A JPEG's start, an APP0 segment, then a baseline frame of 640x480.
    let jpeg = [
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03,
    ];
    assert_eq!(image_size(&jpeg), Some((640, 480)));
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    png.extend(1200u32.to_be_bytes());
    png.extend(630u32.to_be_bytes());
    assert_eq!(image_size(&png), Some((1200, 630)));
    assert_eq!(image_size(b"GIF89a"), None);
    assert_eq!(image_size(&jpeg[..10]), None);
}
