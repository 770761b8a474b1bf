//! The console's newsletter mailings (editors and admins, with a second
//! factor): the list, one mailing, writing it, a test to oneself,
//! scheduling it and sending it to the list.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::newsletter_mailing::{
    EditableMailing, MailingDraft, MailingList, MailingSchedule, MailingSend, MailingTest, MailingTestSent,
};

use super::accounts::PERSONAL;
use crate::accounts::sessions::Staff;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::staff::mailings;
use crate::state::AppState;

/// A mailing in four languages at its longest, in any script.
pub const MAILING_BODY_LIMIT: usize = 512 * 1024;

/// `GET /api/staff/newsletter`.
#[utoipa::path(get, path = "/api/staff/newsletter", tag = "staff",
    responses(
        (status = 200, description = "The mailings, newest first, with their figures in aggregate, and how many confirmed subscribers there are", body = MailingList),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff (`forbidden`), or signed in without a second factor (`passkey_required`)", body = ErrorResponse),
    ),
)]
pub async fn list(State(state): State<AppState>, _staff: Staff) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(mailings::list(&state).await?)))
}

/// `POST /api/staff/newsletter`.
#[utoipa::path(post, path = "/api/staff/newsletter", tag = "staff",
    request_body = MailingDraft,
    responses(
        (status = 201, description = "A new draft (also the answer to a retry, which writes nothing again)", body = EditableMailing),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 422, description = "No English text, a language half written, a subject on two lines, a field too long, or a version other than 0", body = ErrorResponse),
    ),
)]
pub async fn create(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiJson(draft): ApiJson<MailingDraft>,
) -> Result<impl IntoResponse, ApiError> {
    let created = mailings::create(&state, &staff, &draft).await?;
    Ok((StatusCode::CREATED, [PERSONAL], Json(created)))
}

/// `GET /api/staff/newsletter/{id}`.
#[utoipa::path(get, path = "/api/staff/newsletter/{id}", tag = "staff",
    params(("id" = i64, Path, description = "The mailing's number")),
    responses(
        (status = 200, description = "The mailing in every language (blank where not written), where it stands and its figures", body = EditableMailing),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 404, description = "No such mailing", body = ErrorResponse),
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    _staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(mailings::show(&state, id).await?)))
}

/// `PUT /api/staff/newsletter/{id}`.
#[utoipa::path(put, path = "/api/staff/newsletter/{id}", tag = "staff",
    params(("id" = i64, Path, description = "The mailing's number")),
    request_body = MailingDraft,
    responses(
        (status = 200, description = "Saved at its next version (or as it stands after a retry)", body = EditableMailing),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 404, description = "No such mailing", body = ErrorResponse),
        (status = 409, description = "Someone changed it since `version`, or it was sent: nothing was saved", body = ErrorResponse),
        (status = 422, description = "No English text, a language half written, a subject on two lines or a field too long", body = ErrorResponse),
    ),
)]
pub async fn edit(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(draft): ApiJson<MailingDraft>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(mailings::edit(&state, &staff, id, &draft).await?)))
}

/// `POST /api/staff/newsletter/{id}/tests`.
#[utoipa::path(post, path = "/api/staff/newsletter/{id}/tests", tag = "staff",
    params(("id" = i64, Path, description = "The mailing's number")),
    request_body = MailingTest,
    responses(
        (status = 200, description = "The saved mailing, in that language or English, queued for the signed-in address with its subject marked as a test (a retry sends nothing again)", body = MailingTestSent),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 404, description = "No such mailing", body = ErrorResponse),
        (status = 422, description = "A bad retry key", body = ErrorResponse),
    ),
)]
pub async fn test(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(test): ApiJson<MailingTest>,
) -> Result<impl IntoResponse, ApiError> {
    Ok((
        [PERSONAL],
        Json::<MailingTestSent>(mailings::test(&state, &staff, id, &test).await?),
    ))
}

/// `PUT /api/staff/newsletter/{id}/schedule`.
#[utoipa::path(put, path = "/api/staff/newsletter/{id}/schedule", tag = "staff",
    params(("id" = i64, Path, description = "The mailing's number")),
    request_body = MailingSchedule,
    responses(
        (status = 200, description = "Scheduled for `send_at`, or a draft again without it", body = EditableMailing),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 404, description = "No such mailing", body = ErrorResponse),
        (status = 409, description = "Someone changed it since `version`, or it was sent", body = ErrorResponse),
        (status = 422, description = "`send_at` is not an RFC 3339 time in the future within a year", body = ErrorResponse),
    ),
)]
pub async fn schedule(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(schedule): ApiJson<MailingSchedule>,
) -> Result<impl IntoResponse, ApiError> {
    Ok((
        [PERSONAL],
        Json(mailings::schedule(&state, &staff, id, &schedule).await?),
    ))
}

/// `POST /api/staff/newsletter/{id}/sending`.
#[utoipa::path(post, path = "/api/staff/newsletter/{id}/sending", tag = "staff",
    params(("id" = i64, Path, description = "The mailing's number")),
    request_body = MailingSend,
    responses(
        (status = 200, description = "Being sent to every confirmed subscriber, each in their language with their own unsubscribe link (a retry sends nothing again)", body = EditableMailing),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 404, description = "No such mailing", body = ErrorResponse),
        (status = 409, description = "Someone changed it since `version`, or it was sent already", body = ErrorResponse),
        (status = 422, description = "A bad retry key", body = ErrorResponse),
    ),
)]
pub async fn send(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(send): ApiJson<MailingSend>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(mailings::send(&state, &staff, id, &send).await?)))
}
