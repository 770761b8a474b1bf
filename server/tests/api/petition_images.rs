//! Petition pictures at the sizes pages show them: the petition JSON names
//! smaller WebP and JPEG copies, the site serves each with its type, its
//! size and a year's cache, a restart makes none again, and link previews
//! keep the 1200×630 JPEG.

use std::collections::BTreeSet;
use std::time::SystemTime;

use civic_api::image::{ImageFormat, ImageVariant};
use civic_api::petition::{PetitionDetail, PetitionList};

use crate::fixture::PUBLIC_URL;
use crate::helpers::{Setup, TestApp};
use crate::image_size::image_size;
use crate::petitions_fixture::{OPEN, petitions_setup};

const SRC: &str = "/images/petitions/clean-air.jpg";
/// A shipped photo, standing in for the fixture petition's.
const PHOTO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../public/images/petitions/clean-air-near-schools.jpg"
);

/// The petitions fixture, with a real photo in its built site.
fn setup_with_photo() -> Setup {
    let setup = petitions_setup();
    let file = setup.config.dist.join(SRC.trim_start_matches('/'));
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::copy(PHOTO, file).unwrap();
    setup
}

async fn variants_of_the_open_petition(app: &TestApp) -> Vec<ImageVariant> {
    let detail: PetitionDetail = app.get(&format!("/api/petitions/{OPEN}")).await.json().await.unwrap();
    let image = detail.image.expect("the open petition has a picture");
    assert_eq!((image.src.as_str(), image.width, image.height), (SRC, 1200, 630));
    image.variants
}

#[tokio::test]
async fn the_petition_json_lists_copies_that_are_served_with_their_type_size_and_a_years_cache() {
    let app = setup_with_photo().spawn().await;

    let variants = variants_of_the_open_petition(&app).await;

    let listed: BTreeSet<(ImageFormat, u32, u32)> = variants.iter().map(|v| (v.format, v.width, v.height)).collect();
    let mut expected = BTreeSet::new();
    for format in [ImageFormat::Webp, ImageFormat::Jpeg] {
        for (width, height) in [(400, 210), (600, 315), (800, 420), (1200, 630)] {
            expected.insert((format, width, height));
        }
    }
    assert_eq!(listed, expected, "each width pages show, in WebP and JPEG");
    for variant in &variants {
        let response = app.get(&variant.src).await;
        assert_eq!(response.status(), 200, "{}", variant.src);
        assert_eq!(
            response.headers()["content-type"],
            variant.format.media_type(),
            "{}",
            variant.src
        );
        if variant.src != SRC {
            assert_eq!(
                response.headers()["cache-control"],
                "public, max-age=31536000, immutable",
                "{}",
                variant.src
            );
        }
        let bytes = response.bytes().await.unwrap();
        assert_eq!(
            image_size(&bytes),
            Some((variant.width, variant.height)),
            "{}",
            variant.src
        );
    }
    let small_webp = variants
        .iter()
        .find(|v| v.format == ImageFormat::Webp && v.width == 400)
        .unwrap();
    let small = app.get(&small_webp.src).await.bytes().await.unwrap();
    assert!(
        small.len() < 12_000,
        "a 400 px WebP weighs a few kilobytes, not {}",
        small.len()
    );

    let list: PetitionList = app.get("/api/petitions").await.json().await.unwrap();
    let listed = list.petitions.iter().find(|p| p.slug.as_str() == OPEN).unwrap();
    assert_eq!(
        listed.image.as_ref().unwrap().variants,
        variants,
        "the list offers the same copies"
    );

    let html = app.get(&format!("/petitions/{OPEN}")).await.text().await.unwrap();
    assert!(
        html.contains(&format!("<meta property=\"og:image\" content=\"{PUBLIC_URL}{SRC}\">")),
        "link previews keep the 1200×630 JPEG"
    );
    let unknown = app.get("/images/variants/clean-air-400w-0123456789abcdef.webp").await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(unknown.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn a_restart_with_the_same_picture_makes_no_copy_again() {
    let app = setup_with_photo().spawn().await;
    let variants = variants_of_the_open_petition(&app).await;
    let cache = app.setup_again().config.image_cache;
    let written = || -> Vec<(String, SystemTime)> {
        let mut files: Vec<(String, SystemTime)> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                let name = entry.file_name().to_string_lossy().into_owned();
                (name, entry.metadata().unwrap().modified().unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let before = written();
    assert_eq!(
        before.len(),
        7,
        "every copy but the JPEG at full width, which is the picture"
    );

    let again = app.setup_again().spawn().await;

    assert_eq!(variants_of_the_open_petition(&again).await, variants);
    assert_eq!(written(), before, "no file written again");
}

#[tokio::test]
async fn a_petition_whose_picture_is_not_built_offers_no_copies() {
    let app = petitions_setup().spawn().await;
    assert!(variants_of_the_open_petition(&app).await.is_empty());
}
