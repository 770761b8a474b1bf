//! Copies of a picture at the widths pages show it, in the formats a
//! browser picks from: what `<picture>`'s `<source srcset>` and `<img
//! srcset>` are written from.

use serde::{Deserialize, Serialize};

/// The encodings the server makes, best first: a browser takes the first
/// `<source>` whose type it knows, and JPEG is what every browser reads.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    Webp,
    Jpeg,
}

impl ImageFormat {
    pub const ALL: [ImageFormat; 2] = [ImageFormat::Webp, ImageFormat::Jpeg];

    /// What `<source type>` and the served file's `Content-Type` say.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Webp => "image/webp",
            ImageFormat::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Webp => "webp",
            ImageFormat::Jpeg => "jpg",
        }
    }

    /// Every browser reads it, so it is the `<img>` itself rather than a
    /// `<source>`.
    pub fn is_fallback(self) -> bool {
        self == ImageFormat::Jpeg
    }
}

/// One copy of a picture.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageVariant {
    pub format: ImageFormat,
    /// A site path whose name changes whenever its content does, so it may
    /// be cached for good.
    pub src: String,
    pub width: u32,
    pub height: u32,
}

/// The `srcset` of one format (`/a-400w.webp 400w, /a-800w.webp 800w`),
/// narrowest first; `None` when there is no copy in that format.
pub fn srcset(variants: &[ImageVariant], format: ImageFormat) -> Option<String> {
    let mut of_format: Vec<&ImageVariant> = variants.iter().filter(|v| v.format == format).collect();
    of_format.sort_by_key(|variant| variant.width);
    of_format.dedup_by_key(|variant| variant.width);
    (!of_format.is_empty()).then(|| {
        of_format
            .iter()
            .map(|variant| format!("{} {}w", variant.src, variant.width))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The formats other than the fallback that `variants` come in, best
/// first: one `<source>` each.
pub fn source_formats(variants: &[ImageVariant]) -> Vec<ImageFormat> {
    ImageFormat::ALL
        .into_iter()
        .filter(|format| !format.is_fallback() && variants.iter().any(|v| v.format == *format))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(format: ImageFormat, width: u32) -> ImageVariant {
        ImageVariant {
            format,
            src: format!("/images/variants/a-{width}w.{}", format.extension()),
            width,
            height: width / 2,
        }
    }

    #[test]
    fn a_srcset_lists_one_format_narrowest_first() {
        let variants = [
            variant(ImageFormat::Webp, 800),
            variant(ImageFormat::Jpeg, 400),
            variant(ImageFormat::Webp, 400),
        ];
        assert_eq!(
            srcset(&variants, ImageFormat::Webp).as_deref(),
            Some("/images/variants/a-400w.webp 400w, /images/variants/a-800w.webp 800w")
        );
        assert_eq!(
            srcset(&variants, ImageFormat::Jpeg).as_deref(),
            Some("/images/variants/a-400w.jpg 400w")
        );
        assert_eq!(srcset(&[], ImageFormat::Jpeg), None);
    }

    #[test]
    fn only_modern_formats_become_sources() {
        let variants = [variant(ImageFormat::Jpeg, 400), variant(ImageFormat::Webp, 400)];
        assert_eq!(source_formats(&variants), [ImageFormat::Webp]);
        assert!(source_formats(&variants[..1]).is_empty());
    }

    #[test]
    fn formats_are_written_as_lowercase_names() {
        assert_eq!(serde_json::to_string(&ImageFormat::Webp).unwrap(), "\"webp\"");
        assert_eq!(ImageFormat::Jpeg.media_type(), "image/jpeg");
    }
}
