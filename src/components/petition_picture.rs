//! A petition's picture as `<picture>`: a `<source>` for WebP and the JPEG
//! `<img>`, each listing every width the server made, so the browser
//! downloads the copy that fits the slot `sizes` describes at the screen's
//! density (a 400 px WebP on a phone, not the 1200×630 JPEG that link
//! previews use). `width` and `height` give the box its shape before a
//! byte arrives, so nothing below it moves.

use civic_api::image::{ImageFormat, source_formats, srcset};
use civic_api::petition::PetitionImage;
use leptos::prelude::*;

/// When the browser fetches the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetch {
    /// On the first screen: at once, as an ordinary image.
    Eager,
    /// Below the first screen: only as the visitor scrolls near it.
    Lazy,
    /// On the first screen and the largest thing there (the page's Largest
    /// Contentful Paint): at once, ahead of other images.
    First,
}

/// `sizes` says how wide the picture is shown at each screen width; it
/// mirrors the page's CSS, which the end-to-end tests check it against.
#[component]
pub fn PetitionPicture(image: PetitionImage, class: &'static str, sizes: &'static str, fetch: Fetch) -> impl IntoView {
    let sources = source_formats(&image.variants)
        .into_iter()
        .map(|format| {
            view! { <source type=format.media_type() srcset=srcset(&image.variants, format) sizes=sizes /> }
        })
        .collect_view();
    let jpeg_srcset = srcset(&image.variants, ImageFormat::Jpeg);
    let img_sizes = jpeg_srcset.as_ref().map(|_| sizes);
    let loading = (fetch == Fetch::Lazy).then_some("lazy");
    let priority = (fetch == Fetch::First).then_some("high");
    // `srcset` and `sizes` come before `src`, so the browser never starts
    // on `src` before it knows the choice.
    view! {
        <picture>
            {sources}
            <img
                class=class
                srcset=jpeg_srcset
                sizes=img_sizes
                src=image.src
                alt=image.alt
                width=image.width.to_string()
                height=image.height.to_string()
                loading=loading
                fetchpriority=priority
                decoding="async"
            />
        </picture>
    }
}
