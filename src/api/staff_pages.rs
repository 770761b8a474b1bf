//! The console's written pages (home, about, the privacy policy…): the
//! list, one page in every language, and saving it from the version it
//! was read at. A stale version comes back as a `Conflict`.

use civic_api::page_editing::{EditablePage, PageEdit, PageLine};
use civic_api::{Slug, paths};
use web_sys::AbortSignal;

use super::{ApiError, get_json_until, put_json};

/// Every written page, by slug.
pub async fn pages(base: &str, abort: Option<&AbortSignal>) -> Result<Vec<PageLine>, ApiError> {
    get_json_until(&format!("{base}{}", paths::STAFF_PAGES), abort).await
}

/// One page in every language; `NotFound` for a slug that names none.
pub async fn page(base: &str, slug: &Slug, abort: Option<&AbortSignal>) -> Result<EditablePage, ApiError> {
    get_json_until(&format!("{base}{}", paths::staff_page(slug.as_str())), abort).await
}

/// The page at its next version, or as it stands for a retry of the same
/// key.
pub async fn save_page(base: &str, slug: &Slug, edit: &PageEdit) -> Result<EditablePage, ApiError> {
    put_json(&format!("{base}{}", paths::staff_page(slug.as_str())), edit)
        .await?
        .decode()
}
