//! Pixels in and out, for civic-server's copies of petition pictures: the
//! `image` crate reads JPEG and PNG, resizes, and writes JPEG; libwebp
//! (through `libwebp-sys`, which builds it from source with the C
//! compiler) writes lossy WebP, which `image` cannot.
//!
//! A crate of its own because `image`'s work happens in generic functions,
//! which are compiled in the crate that calls them: here, and so optimised
//! in the dev profile too (see the workspace's Cargo.toml), where the tests
//! and the end-to-end server run. Unoptimised, a picture took seconds.

use std::io::Cursor;

use anyhow::Context;
use civic_api::image::ImageFormat;
use image::imageops::FilterType;
use image::{ImageFormat as FileFormat, ImageReader};

pub use image::{Rgb, RgbImage};

/// What a picture's header says, without decoding its pixels.
pub struct Header {
    pub width: u32,
    pub height: u32,
    pub is_jpeg: bool,
}

pub fn header(bytes: &[u8]) -> anyhow::Result<Header> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .context("Failed to read the picture")?;
    let is_jpeg = reader.format() == Some(FileFormat::Jpeg);
    let (width, height) = reader
        .into_dimensions()
        .context("Failed to read the picture's size (only JPEG and PNG are read)")?;
    Ok(Header { width, height, is_jpeg })
}

pub fn decode(bytes: &[u8]) -> anyhow::Result<RgbImage> {
    Ok(image::load_from_memory(bytes)
        .context("Failed to decode the picture")?
        .to_rgb8())
}

/// Lanczos keeps a photo sharp when it shrinks to a third.
pub fn resize(source: &RgbImage, width: u32, height: u32) -> RgbImage {
    if source.dimensions() == (width, height) {
        return source.clone();
    }
    image::imageops::resize(source, width, height, FilterType::Lanczos3)
}

/// `quality` from 1 to 100, as libwebp and libjpeg count it.
pub fn encode(pixels: &RgbImage, format: ImageFormat, quality: u8) -> anyhow::Result<Vec<u8>> {
    anyhow::ensure!((1..=100).contains(&quality), "a quality is 1 to 100, not {quality}");
    match format {
        ImageFormat::Webp => webp(pixels, f32::from(quality)),
        ImageFormat::Jpeg => {
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
                .encode_image(pixels)
                .context("Failed to encode a JPEG")?;
            Ok(out)
        }
    }
}

/// WebP's own limit on either side.
const WEBP_MAX_SIDE: u32 = 16383;

fn webp(pixels: &RgbImage, quality: f32) -> anyhow::Result<Vec<u8>> {
    let (width, height) = pixels.dimensions();
    anyhow::ensure!(
        (1..=WEBP_MAX_SIDE).contains(&width) && (1..=WEBP_MAX_SIDE).contains(&height),
        "a WebP picture is 1 to {WEBP_MAX_SIDE} pixels on each side, not {width}×{height}"
    );
    let stride = width * 3;
    let mut output: *mut u8 = std::ptr::null_mut();
    // SAFETY: an `RgbImage` holds exactly `width * height * 3` bytes, rows
    // of `stride` bytes, which is all libwebp reads; the sizes fit a C int
    // (checked above). On success libwebp allocates `size` bytes at
    // `output`, copied out and then freed with its own `WebPFree` once.
    let size = unsafe {
        libwebp_sys::WebPEncodeRGB(
            pixels.as_raw().as_ptr(),
            width as i32,
            height as i32,
            stride as i32,
            quality,
            &mut output,
        )
    };
    if output.is_null() {
        anyhow::bail!("libwebp could not encode a {width}×{height} picture");
    }
    // SAFETY: see above; `output` is non-null and holds `size` bytes.
    let encoded = unsafe { std::slice::from_raw_parts(output, size) }.to_vec();
    // SAFETY: allocated by libwebp for this call, not used after this.
    unsafe { libwebp_sys::WebPFree(output.cast()) };
    anyhow::ensure!(
        !encoded.is_empty(),
        "libwebp could not encode a {width}×{height} picture"
    );
    Ok(encoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]))
    }

    #[test]
    fn a_webp_and_a_jpeg_read_back_at_their_size() {
        let small = resize(&gradient(120, 63), 40, 21);
        let webp = encode(&small, ImageFormat::Webp, 75).unwrap();
        assert_eq!(&webp[..4], b"RIFF");
        assert_eq!(&webp[8..12], b"WEBP");
        let jpeg = encode(&small, ImageFormat::Jpeg, 75).unwrap();
        let read = header(&jpeg).unwrap();
        assert_eq!((read.width, read.height, read.is_jpeg), (40, 21, true));
        assert_eq!(decode(&jpeg).unwrap().dimensions(), (40, 21));
    }

    #[test]
    fn a_picture_too_large_for_webp_is_refused_not_crashed_on() {
        let error = webp(&RgbImage::new(16384, 1), 75.0).unwrap_err();
        assert!(error.to_string().contains("16383"), "{error}");
    }

    #[test]
    fn something_that_is_not_a_picture_is_an_error() {
        assert!(header(b"not a picture").is_err());
        assert!(decode(b"not a picture").is_err());
        assert!(encode(&gradient(2, 2), ImageFormat::Jpeg, 0).is_err());
    }
}
