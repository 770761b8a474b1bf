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

/// The largest side an uploaded picture may have before it is decoded: a
/// small file may claim a huge size and would take the memory it names.
const UPLOAD_MAX_SIDE: u32 = 12_000;
const UPLOAD_MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// A picture someone uploaded (JPEG, PNG or WebP), turned the way its
/// camera said it was held, as pixels alone: nothing of the file's
/// metadata (the place it was taken, the camera) comes along.
pub fn decode_upload(bytes: &[u8]) -> anyhow::Result<RgbImage> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .context("Failed to read the picture")?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(UPLOAD_MAX_SIDE);
    limits.max_image_height = Some(UPLOAD_MAX_SIDE);
    limits.max_alloc = Some(UPLOAD_MAX_ALLOC);
    reader.limits(limits);
    anyhow::ensure!(
        matches!(
            reader.format(),
            Some(FileFormat::Jpeg | FileFormat::Png | FileFormat::WebP)
        ),
        "only JPEG, PNG and WebP pictures are taken"
    );
    let mut decoder = reader.into_decoder().context("Failed to read the picture")?;
    let orientation =
        image::ImageDecoder::orientation(&mut decoder).unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = image::DynamicImage::from_decoder(decoder).context("Failed to decode the picture")?;
    picture.apply_orientation(orientation);
    Ok(picture.to_rgb8())
}

/// `source` cut to the shape of `width`×`height` around its middle, then
/// resized to exactly that.
pub fn cover(source: &RgbImage, width: u32, height: u32) -> RgbImage {
    let (from_width, from_height) = source.dimensions();
    // The widest crop of the target's shape that fits, in whole pixels.
    let (crop_width, crop_height) =
        if u64::from(from_width) * u64::from(height) > u64::from(from_height) * u64::from(width) {
            let crop = (u64::from(from_height) * u64::from(width) / u64::from(height)).max(1);
            (crop as u32, from_height)
        } else {
            let crop = (u64::from(from_width) * u64::from(height) / u64::from(width)).max(1);
            (from_width, crop as u32)
        };
    let x = (from_width - crop_width) / 2;
    let y = (from_height - crop_height) / 2;
    let cropped = image::imageops::crop_imm(source, x, y, crop_width, crop_height).to_image();
    resize(&cropped, width, height)
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
    fn an_upload_is_cut_to_the_shape_asked_for() {
        let wide = encode(&gradient(400, 100), ImageFormat::Jpeg, 90).unwrap();
        let tall = encode(&gradient(100, 400), ImageFormat::Jpeg, 90).unwrap();
        for bytes in [wide, tall] {
            let pixels = decode_upload(&bytes).unwrap();
            assert_eq!(cover(&pixels, 120, 63).dimensions(), (120, 63));
        }
        assert!(decode_upload(b"GIF89a not taken").is_err());
    }

    #[test]
    fn something_that_is_not_a_picture_is_an_error() {
        assert!(header(b"not a picture").is_err());
        assert!(decode(b"not a picture").is_err());
        assert!(encode(&gradient(2, 2), ImageFormat::Jpeg, 0).is_err());
    }
}
