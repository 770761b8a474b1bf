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

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use civic_api::image::{ImageFormat, ImageVariant};
    use civic_api::petition::PetitionImage;
    use leptos::prelude::*;
    use wasm_bindgen_test::*;

    use super::{Fetch, PetitionPicture};
    use crate::test_support::{all, container, find};

    wasm_bindgen_test_configure!(run_in_browser);

    const SIZES: &str = "(min-width: 46rem) 340px, 100vw";

    fn image(variants: Vec<ImageVariant>) -> PetitionImage {
        PetitionImage {
            src: "/images/petitions/a.jpg".into(),
            alt: "A school yard".into(),
            width: 1200,
            height: 630,
            variants,
        }
    }

    fn copy(format: ImageFormat, width: u32, src: &str) -> ImageVariant {
        ImageVariant {
            format,
            src: src.into(),
            width,
            height: width * 630 / 1200,
        }
    }

    fn attribute(root: &web_sys::Element, selector: &str, name: &str) -> Option<String> {
        find(root, selector).and_then(|element| element.get_attribute(name))
    }

    #[wasm_bindgen_test]
    async fn a_picture_offers_webp_then_jpeg_at_every_width_and_keeps_its_shape() {
        let root = container();
        let variants = vec![
            copy(ImageFormat::Webp, 800, "/v/a-800w.webp"),
            copy(ImageFormat::Webp, 400, "/v/a-400w.webp"),
            copy(ImageFormat::Jpeg, 400, "/v/a-400w.jpg"),
            copy(ImageFormat::Jpeg, 1200, "/images/petitions/a.jpg"),
        ];
        let _mounted = leptos::mount::mount_to(root.clone(), move || {
            view! { <PetitionPicture image=image(variants) class="card-image" sizes=SIZES fetch=Fetch::Lazy /> }
        });
        leptos::task::tick().await;

        let sources = all(&root, "picture > source");
        assert_eq!(sources.len(), 1, "one <source>, for WebP");
        assert_eq!(attribute(&root, "source", "type").as_deref(), Some("image/webp"));
        assert_eq!(
            attribute(&root, "source", "srcset").as_deref(),
            Some("/v/a-400w.webp 400w, /v/a-800w.webp 800w")
        );
        assert_eq!(attribute(&root, "source", "sizes").as_deref(), Some(SIZES));
        let img = "picture > img.card-image";
        assert_eq!(
            attribute(&root, img, "srcset").as_deref(),
            Some("/v/a-400w.jpg 400w, /images/petitions/a.jpg 1200w")
        );
        assert_eq!(attribute(&root, img, "sizes").as_deref(), Some(SIZES));
        assert_eq!(attribute(&root, img, "src").as_deref(), Some("/images/petitions/a.jpg"));
        assert_eq!(attribute(&root, img, "alt").as_deref(), Some("A school yard"));
        assert_eq!(attribute(&root, img, "width").as_deref(), Some("1200"));
        assert_eq!(attribute(&root, img, "height").as_deref(), Some("630"));
        assert_eq!(attribute(&root, img, "loading").as_deref(), Some("lazy"));
        assert_eq!(attribute(&root, img, "decoding").as_deref(), Some("async"));
        assert_eq!(attribute(&root, img, "fetchpriority"), None);
    }

    #[wasm_bindgen_test]
    async fn the_first_picture_is_fetched_first_and_one_without_copies_is_shown_as_it_is() {
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), move || {
            view! { <PetitionPicture image=image(Vec::new()) class="petition-image" sizes=SIZES fetch=Fetch::First /> }
        });
        leptos::task::tick().await;

        let img = "picture > img.petition-image";
        assert!(find(&root, "source").is_none());
        assert_eq!(attribute(&root, img, "srcset"), None);
        assert_eq!(attribute(&root, img, "sizes"), None, "no sizes without a srcset");
        assert_eq!(attribute(&root, img, "src").as_deref(), Some("/images/petitions/a.jpg"));
        assert_eq!(attribute(&root, img, "loading"), None, "never lazy");
        assert_eq!(attribute(&root, img, "fetchpriority").as_deref(), Some("high"));
    }
}
