//! The console's petitions: the list with drafts, one petition as staff
//! edit it, its state and picture, its signatures and news, and Markdown
//! as the server renders it.
//! Every write names the version it was made from; a stale one comes back
//! as a `Conflict`.

use civic_api::paths;
use civic_api::petition_editing::{
    EditablePetition, MarkdownPreview, NewPetition, PetitionEdit, PetitionLine, PreviewHtml, StatusChange,
};
use civic_api::petition_news::{NewsDesk, NewsDraft, PostedNews};
use civic_api::signature_review::{
    Invalidation, InvalidationPreview, InvalidationRequest, SignatureFilter, SignatureSummary, UndoRequest,
};
use web_sys::AbortSignal;

use super::{ApiError, get_json_until, post_json, put_file, put_json};

/// Every petition, drafts first, then open and closed ones.
pub async fn petitions(base: &str, abort: Option<&AbortSignal>) -> Result<Vec<PetitionLine>, ApiError> {
    get_json_until(&format!("{base}{}", paths::STAFF_PETITIONS), abort).await
}

pub async fn petition(base: &str, id: i64, abort: Option<&AbortSignal>) -> Result<EditablePetition, ApiError> {
    get_json_until(&format!("{base}{}", paths::staff_petition(id)), abort).await
}

/// A new draft (`201`), or the same one for a retry.
pub async fn create(base: &str, request: &NewPetition) -> Result<EditablePetition, ApiError> {
    post_json(&format!("{base}{}", paths::STAFF_PETITIONS), request).await
}

pub async fn save(base: &str, id: i64, edit: &PetitionEdit) -> Result<EditablePetition, ApiError> {
    put_json(&format!("{base}{}", paths::staff_petition(id)), edit)
        .await?
        .decode()
}

pub async fn change_status(base: &str, id: i64, change: &StatusChange) -> Result<EditablePetition, ApiError> {
    put_json(&format!("{base}{}", paths::staff_petition_status(id)), change)
        .await?
        .decode()
}

/// Sends the picture as chosen; the server checks, resizes and re-encodes it.
pub async fn upload_image(
    base: &str,
    id: i64,
    version: i64,
    key: &str,
    file: &web_sys::File,
) -> Result<EditablePetition, ApiError> {
    put_file(
        &format!("{base}{}", paths::staff_petition_image(id, version, key)),
        file,
    )
    .await?
    .decode()
}

/// `markdown` rendered and sanitised by the server, safe to show as HTML.
pub async fn preview(base: &str, markdown: &str) -> Result<PreviewHtml, ApiError> {
    let request = MarkdownPreview {
        markdown: markdown.to_owned(),
    };
    post_json(&format!("{base}{}", paths::STAFF_MARKDOWN_PREVIEW), &request).await
}

/// A petition's signatures as staff see them: counts and invalidations.
pub async fn signatures(base: &str, id: i64, abort: Option<&AbortSignal>) -> Result<SignatureSummary, ApiError> {
    get_json_until(&format!("{base}{}", paths::staff_petition_signatures(id)), abort).await
}

/// Where the browser downloads the petition's signatures as CSV.
pub fn signatures_csv(base: &str, id: i64) -> String {
    format!("{base}{}", paths::staff_petition_signatures_csv(id))
}

/// How many signatures `filter` would invalidate, and their domains.
pub async fn preview_invalidation(
    base: &str,
    id: i64,
    filter: &SignatureFilter,
) -> Result<InvalidationPreview, ApiError> {
    post_json(
        &format!("{base}{}", paths::staff_petition_invalidation_previews(id)),
        filter,
    )
    .await
}

/// Invalidates what the request's filter takes (`201`, also for a retry).
pub async fn invalidate(base: &str, id: i64, request: &InvalidationRequest) -> Result<Invalidation, ApiError> {
    post_json(&format!("{base}{}", paths::staff_petition_invalidations(id)), request).await
}

/// The invalidated signatures count again.
pub async fn undo_invalidation(
    base: &str,
    id: i64,
    invalidation: i64,
    request: &UndoRequest,
) -> Result<Invalidation, ApiError> {
    post_json(
        &format!("{base}{}", paths::staff_petition_invalidation_undo(id, invalidation)),
        request,
    )
    .await
}

/// A published petition's news, newest first, and how many signers asked
/// for it.
pub async fn news(base: &str, id: i64, abort: Option<&AbortSignal>) -> Result<NewsDesk, ApiError> {
    get_json_until(&format!("{base}{}", paths::staff_petition_news(id)), abort).await
}

/// Posts an update and e-mails it to the signers who asked (`201`, the
/// same answer for a retry); a `Conflict` for a draft.
pub async fn post_news(base: &str, id: i64, draft: &NewsDraft) -> Result<PostedNews, ApiError> {
    post_json(&format!("{base}{}", paths::staff_petition_news(id)), draft).await
}
