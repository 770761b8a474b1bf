//! Reads a picture's size from its first bytes, as a browser does before
//! it decodes anything, so the tests need no image library.

/// Width and height of a JPEG, PNG or WebP, read from its header.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(&b"WEBP"[..]) {
        return webp_size(bytes);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        // The IHDR chunk comes first: length, type, then width and height.
        let field = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
        return Some((field(16)?, field(20)?));
    }
    jpeg_size(bytes)
}

/// A lossy WebP's first chunk is its key frame, whose header holds the size
/// in 14 bits each; an extended one (`VP8X`) starts with the canvas size,
/// less one, in 24 bits each.
fn webp_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let le = |at: usize, len: usize| {
        let field = bytes.get(at..at + len)?;
        Some(
            field
                .iter()
                .rev()
                .fold(0u32, |value, byte| value << 8 | u32::from(*byte)),
        )
    };
    match bytes.get(12..16)? {
        b"VP8 " if bytes.get(23..26) == Some(&[0x9D, 0x01, 0x2A][..]) => {
            Some((le(26, 2)? & 0x3FFF, le(28, 2)? & 0x3FFF))
        }
        b"VP8X" => Some((le(24, 3)? + 1, le(27, 3)? + 1)),
        _ => None,
    }
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
fn image_sizes_are_read_from_jpeg_png_and_webp_headers() {
    // A JPEG's start, an APP0 segment, then a baseline frame of 640x480.
    let jpeg = [
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03,
    ];
    assert_eq!(image_size(&jpeg), Some((640, 480)));
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    png.extend(1200u32.to_be_bytes());
    png.extend(630u32.to_be_bytes());
    assert_eq!(image_size(&png), Some((1200, 630)));
    let mut webp = b"RIFF\0\0\0\0WEBPVP8 \0\0\0\0\x10\x02\x00\x9d\x01\x2a".to_vec();
    webp.extend(400u16.to_le_bytes());
    webp.extend(210u16.to_le_bytes());
    assert_eq!(image_size(&webp), Some((400, 210)));
    let mut extended = b"RIFF\0\0\0\0WEBPVP8X\0\0\0\0\0\0\0\0".to_vec();
    extended.extend(&799u32.to_le_bytes()[..3]);
    extended.extend(&419u32.to_le_bytes()[..3]);
    assert_eq!(image_size(&extended), Some((800, 420)));
    assert_eq!(image_size(b"GIF89a"), None);
    assert_eq!(image_size(&jpeg[..10]), None);
}
