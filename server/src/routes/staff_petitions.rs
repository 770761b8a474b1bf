//! The console's petitions (editors and admins, signed in with a passkey):
//! the list with drafts, one petition to edit, its state and picture, and
//! Markdown rendered as the public pages render it.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::petition_editing::{
    BODY_MAX, EditablePetition, MarkdownPreview, NewPetition, PetitionEdit, PetitionLine, PreviewHtml, StatusChange,
};
use civic_api::signature_review::{
    Invalidation, InvalidationPreview, InvalidationRequest, SignatureFilter, SignatureSummary, UndoRequest,
};
use civic_api::{FieldError, FieldErrors};

use super::accounts::PERSONAL;
use crate::accounts::sessions::Staff;
use crate::content::markdown_to_safe_html;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::staff::petitions::{self, PictureQuery};
use crate::staff::signatures as staff_signatures;
use crate::state::AppState;
use crate::storage::petition_editing as storage;

/// A petition's four languages at their longest, in any script.
pub const PETITION_BODY_LIMIT: usize = 512 * 1024;
/// The largest picture taken, and a little for the request around it.
pub const PICTURE_BODY_LIMIT: usize = civic_api::petition_editing::IMAGE_UPLOAD_MAX_BYTES + 1024;

/// `GET /api/staff/petitions`.
#[utoipa::path(get, path = "/api/staff/petitions", tag = "staff",
    responses(
        (status = 200, description = "Every petition, drafts first, then open and closed ones", body = Vec<PetitionLine>),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff (`forbidden`), or signed in without a passkey (`passkey_required`)", body = ErrorResponse),
    ),
)]
pub async fn list(State(state): State<AppState>, _staff: Staff) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(storage::lines(&state.pool).await?)))
}

/// `GET /api/staff/petitions/{id}`.
#[utoipa::path(get, path = "/api/staff/petitions/{id}", tag = "staff",
    params(("id" = i64, Path, description = "The petition's number")),
    responses(
        (status = 200, description = "The petition as staff edit it", body = EditablePetition),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such petition", body = ErrorResponse),
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    _staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let mut conn = state.pool.acquire().await.map_err(anyhow::Error::from)?;
    let petition = storage::editable(&mut conn, id).await?.ok_or(ApiError::NotFound)?;
    Ok(([PERSONAL], Json(petition)))
}

/// `POST /api/staff/petitions`.
#[utoipa::path(post, path = "/api/staff/petitions", tag = "staff",
    request_body = NewPetition,
    responses(
        (status = 201, description = "A new draft (also the answer to a retry)", body = EditablePetition),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 409, description = "A petition already has this slug", body = ErrorResponse),
        (status = 422, description = "A field is missing or invalid", body = ErrorResponse),
    ),
)]
pub async fn create(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiJson(request): ApiJson<NewPetition>,
) -> Result<impl IntoResponse, ApiError> {
    let petition = petitions::create(&state, &staff, &request).await?;
    Ok((StatusCode::CREATED, [PERSONAL], Json(petition)))
}

/// `PUT /api/staff/petitions/{id}`.
#[utoipa::path(put, path = "/api/staff/petitions/{id}", tag = "staff",
    params(("id" = i64, Path, description = "The petition's number")),
    request_body = PetitionEdit,
    responses(
        (status = 200, description = "The petition as saved, at its next version (or as it stands after a retry)", body = EditablePetition),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such petition", body = ErrorResponse),
        (status = 409, description = "Someone changed it since `version`: nothing was saved", body = ErrorResponse),
        (status = 422, description = "A field is missing or invalid", body = ErrorResponse),
    ),
)]
pub async fn edit(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(edit): ApiJson<PetitionEdit>,
) -> Result<impl IntoResponse, ApiError> {
    let petition = petitions::edit(&state, &staff, id, &edit).await?;
    Ok(([PERSONAL], Json(petition)))
}

/// `PUT /api/staff/petitions/{id}/status`.
#[utoipa::path(put, path = "/api/staff/petitions/{id}/status", tag = "staff",
    params(("id" = i64, Path, description = "The petition's number")),
    request_body = StatusChange,
    responses(
        (status = 200, description = "Published, closed or opened again; the public page follows at once", body = EditablePetition),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such petition", body = ErrorResponse),
        (status = 409, description = "Someone changed it since `version`, or it cannot go to that state", body = ErrorResponse),
        (status = 422, description = "Publishing needs every language or `english_fallback`, and a described picture", body = ErrorResponse),
    ),
)]
pub async fn change_status(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<StatusChange>,
) -> Result<impl IntoResponse, ApiError> {
    let petition = petitions::change_status(&state, &staff, id, &change).await?;
    Ok(([PERSONAL], Json(petition)))
}

/// `PUT /api/staff/petitions/{id}/image?version=&key=`.
#[utoipa::path(put, path = "/api/staff/petitions/{id}/image", tag = "staff",
    params(
        ("id" = i64, Path, description = "The petition's number"),
        ("version" = i64, Query, description = "The version the picture was chosen for"),
        ("key" = String, Query, description = "The upload's retry key"),
    ),
    request_body(content = Vec<u8>, description = "The picture: JPEG, PNG or WebP, up to 8 MiB", content_type = "image/jpeg"),
    responses(
        (status = 200, description = "The petition with its new picture, cut to 1200×630 and re-encoded", body = EditablePetition),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such petition", body = ErrorResponse),
        (status = 409, description = "Someone changed it since `version`", body = ErrorResponse),
        (status = 413, description = "Larger than 8 MiB", body = ErrorResponse),
        (status = 422, description = "Not a JPEG, PNG or WebP picture that can be read", body = ErrorResponse),
    ),
)]
pub async fn set_picture(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(id): ApiPath<i64>,
    query: Result<Query<PictureQuery>, QueryRejection>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let bytes = bytes.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        _ => ApiError::BadRequest(rejection.body_text()),
    })?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok());
    let petition = petitions::set_picture(&state, &staff, id, &query, content_type, bytes.to_vec()).await?;
    Ok(([PERSONAL], Json(petition)))
}

/// `POST /api/staff/markdown-preview`.
#[utoipa::path(post, path = "/api/staff/markdown-preview", tag = "staff",
    request_body = MarkdownPreview,
    responses(
        (status = 200, description = "The Markdown as the public pages show it: rendered, then sanitised", body = PreviewHtml),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 422, description = "Longer than a petition's text may be", body = ErrorResponse),
    ),
)]
pub async fn preview(_staff: Staff, ApiJson(request): ApiJson<MarkdownPreview>) -> Result<impl IntoResponse, ApiError> {
    if request.markdown.chars().count() > BODY_MAX {
        return Err(ApiError::Validation(FieldErrors::from([(
            "markdown".to_owned(),
            FieldError::TooLong,
        )])));
    }
    let html = markdown_to_safe_html(&request.markdown);
    Ok(([PERSONAL], Json(PreviewHtml { html })))
}

/// `GET /api/staff/petitions/{id}/signatures`.
#[utoipa::path(get, path = "/api/staff/petitions/{id}/signatures", tag = "staff",
    params(("id" = i64, Path, description = "The petition's number")),
    responses(
        (status = 200, description = "Counted, pending and invalidated signatures; counts by day, country and source; the invalidations", body = SignatureSummary),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such petition", body = ErrorResponse),
    ),
)]
pub async fn signatures(
    State(state): State<AppState>,
    _staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(staff_signatures::summary(&state, id).await?)))
}

/// `GET /api/staff/petitions/{id}/signatures.csv`.
#[utoipa::path(get, path = "/api/staff/petitions/{id}/signatures.csv", tag = "staff",
    params(("id" = i64, Path, description = "The petition's number")),
    responses(
        (status = 200, description = "Counted signatures: name, country, confirmed_at, source, and for an admin the e-mail address; recorded in the audit log", content_type = "text/csv"),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such petition", body = ErrorResponse),
    ),
)]
pub async fn signatures_csv(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(id): ApiPath<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let (name, body) = staff_signatures::csv(&state, &staff, id).await?;
    Ok(super::period::csv_file(name, body))
}

/// `POST /api/staff/petitions/{id}/invalidation-previews`.
#[utoipa::path(post, path = "/api/staff/petitions/{id}/invalidation-previews", tag = "staff",
    params(("id" = i64, Path, description = "The petition's number")),
    request_body = SignatureFilter,
    responses(
        (status = 200, description = "How many counted signatures the filter takes, and their domains; nothing changes", body = InvalidationPreview),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such petition", body = ErrorResponse),
        (status = 422, description = "The filter names nothing, or a part of it is malformed", body = ErrorResponse),
    ),
)]
pub async fn preview_invalidation(
    State(state): State<AppState>,
    _staff: Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(filter): ApiJson<SignatureFilter>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(staff_signatures::preview(&state, id, &filter).await?)))
}

/// `POST /api/staff/petitions/{id}/invalidations`.
#[utoipa::path(post, path = "/api/staff/petitions/{id}/invalidations", tag = "staff",
    params(("id" = i64, Path, description = "The petition's number")),
    request_body = InvalidationRequest,
    responses(
        (status = 201, description = "The signatures the filter takes no longer count; the public figures follow at once (also the answer to a retry)", body = Invalidation),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such petition", body = ErrorResponse),
        (status = 422, description = "No reason, or a filter that names nothing or is malformed", body = ErrorResponse),
    ),
)]
pub async fn invalidate(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<InvalidationRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let invalidation = staff_signatures::invalidate(&state, &staff, id, &request).await?;
    Ok((StatusCode::CREATED, [PERSONAL], Json(invalidation)))
}

/// `POST /api/staff/petitions/{id}/invalidations/{invalidation}/undo`.
#[utoipa::path(post, path = "/api/staff/petitions/{id}/invalidations/{invalidation}/undo", tag = "staff",
    params(
        ("id" = i64, Path, description = "The petition's number"),
        ("invalidation" = i64, Path, description = "The invalidation's number"),
    ),
    request_body = UndoRequest,
    responses(
        (status = 200, description = "Its signatures count again (also the answer to a retry)", body = Invalidation),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such petition or invalidation", body = ErrorResponse),
        (status = 409, description = "Undone already", body = ErrorResponse),
    ),
)]
pub async fn undo_invalidation(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath((id, invalidation)): ApiPath<(i64, i64)>,
    ApiJson(request): ApiJson<UndoRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let undone = staff_signatures::undo(&state, &staff, id, invalidation, &request).await?;
    Ok(([PERSONAL], Json(undone)))
}
