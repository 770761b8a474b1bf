//! The petitions shipped in `content/`: each loads, is written in every
//! language, and its image is in `public/` (which trunk copies to the site's
//! root) at the size it declares, so a broken petition cannot land.

use std::path::Path;

use civic_api::Locale;
use civic_server::content::petitions;

use crate::fixture::CONTENT_DIR;
use crate::image_size::image_size;

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
