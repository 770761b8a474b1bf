//! The console's surveys (editors and admins, with a second factor): the
//! list, one survey in every language, writing it, opening and closing it,
//! its results and their CSV (public or not), and invitations.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::survey::SurveyResults;
use civic_api::survey_editing::{
    EditableSurvey, InvitationsSent, SurveyEdit, SurveyInvitations, SurveyLine, SurveyStatusChange,
};

use super::accounts::PERSONAL;
use super::petitions::LocaleQuery;
use crate::accounts::sessions::Staff;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::staff::surveys;
use crate::state::AppState;

/// A survey in four languages at its longest.
pub const SURVEY_BODY_LIMIT: usize = 1024 * 1024;
/// The browser takes a file of addresses up to 1 MiB; escaped as JSON it
/// stays under this.
pub const INVITATIONS_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// `GET /api/staff/surveys`.
#[utoipa::path(get, path = "/api/staff/surveys", tag = "staff",
    responses(
        (status = 200, description = "Every survey, open ones first, with its counted responses", body = Vec<SurveyLine>),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff (`forbidden`), or signed in without a second factor (`passkey_required`)", body = ErrorResponse),
    ),
)]
pub async fn list(State(state): State<AppState>, _staff: Staff) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(surveys::list(&state).await?)))
}

/// `POST /api/staff/surveys`.
#[utoipa::path(post, path = "/api/staff/surveys", tag = "staff",
    request_body = SurveyEdit,
    responses(
        (status = 201, description = "A new survey, open from today, shown at once on every server within seconds (also the answer to a retry)", body = EditableSurvey),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 409, description = "A survey already has this address", body = ErrorResponse),
        (status = 422, description = "No English version, a language with another structure, or a question that could not be answered (`translations.{locale}.questions.{id}`)", body = ErrorResponse),
    ),
)]
pub async fn create(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiJson(edit): ApiJson<SurveyEdit>,
) -> Result<impl IntoResponse, ApiError> {
    let created = surveys::create(&state, &staff, &edit).await?;
    Ok((StatusCode::CREATED, [PERSONAL], Json(created)))
}

/// `GET /api/staff/surveys/{slug}`.
#[utoipa::path(get, path = "/api/staff/surveys/{slug}", tag = "staff",
    params(("slug" = String, Path, description = "The survey's address")),
    responses(
        (status = 200, description = "The survey in every language written, English first", body = EditableSurvey),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 404, description = "No such survey", body = ErrorResponse),
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    _staff: Staff,
    ApiPath(slug): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(surveys::show(&state, &slug).await?)))
}

/// `PUT /api/staff/surveys/{slug}`.
#[utoipa::path(put, path = "/api/staff/surveys/{slug}", tag = "staff",
    params(("slug" = String, Path, description = "The survey's address")),
    request_body = SurveyEdit,
    responses(
        (status = 200, description = "Saved at its next version (or as it stands after a retry)", body = EditableSurvey),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 404, description = "No such survey", body = ErrorResponse),
        (status = 409, description = "Someone changed it since `version`, or people answered it and the structure changed", body = ErrorResponse),
        (status = 422, description = "As for a new survey, or another address in the English version", body = ErrorResponse),
    ),
)]
pub async fn edit(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(slug): ApiPath<String>,
    ApiJson(edit): ApiJson<SurveyEdit>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(surveys::edit(&state, &staff, &slug, &edit).await?)))
}

/// `PUT /api/staff/surveys/{slug}/status`.
#[utoipa::path(put, path = "/api/staff/surveys/{slug}/status", tag = "staff",
    params(("slug" = String, Path, description = "The survey's address")),
    request_body = SurveyStatusChange,
    responses(
        (status = 200, description = "Opened or closed, on every server within seconds", body = EditableSurvey),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 404, description = "No such survey", body = ErrorResponse),
        (status = 409, description = "Someone changed it since `version`", body = ErrorResponse),
    ),
)]
pub async fn set_status(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(slug): ApiPath<String>,
    ApiJson(change): ApiJson<SurveyStatusChange>,
) -> Result<impl IntoResponse, ApiError> {
    Ok((
        [PERSONAL],
        Json(surveys::set_status(&state, &staff, &slug, &change).await?),
    ))
}

/// `GET /api/staff/surveys/{slug}/results`.
#[utoipa::path(get, path = "/api/staff/surveys/{slug}/results", tag = "staff",
    params(
        ("slug" = String, Path, description = "The survey's address"),
        ("locale" = Option<civic_api::Locale>, Query, description = "The language of the texts; English by default"),
    ),
    responses(
        (status = 200, description = "Counts per question over counted responses, published or not", body = SurveyResults),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 404, description = "No such survey", body = ErrorResponse),
    ),
)]
pub async fn results(
    State(state): State<AppState>,
    _staff: Staff,
    ApiPath(slug): ApiPath<String>,
    query: Result<Query<LocaleQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let locale = LocaleQuery::locale(query)?;
    Ok(([PERSONAL], Json(surveys::results(&state, &slug, locale).await?)))
}

/// `GET /api/staff/surveys/{slug}/results.csv`.
#[utoipa::path(get, path = "/api/staff/surveys/{slug}/results.csv", tag = "staff",
    params(
        ("slug" = String, Path, description = "The survey's address"),
        ("locale" = Option<civic_api::Locale>, Query, description = "The language of the texts; English by default"),
    ),
    responses(
        (status = 200, description = "The results as `question,question_text,row,option,count`, as the public CSV has them, published or not", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 404, description = "No such survey", body = ErrorResponse),
    ),
)]
pub async fn results_csv(
    State(state): State<AppState>,
    _staff: Staff,
    ApiPath(slug): ApiPath<String>,
    query: Result<Query<LocaleQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let locale = LocaleQuery::locale(query)?;
    let results = surveys::results(&state, &slug, locale).await?;
    let disposition = format!("attachment; filename=\"{}-results.csv\"", results.slug);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (PERSONAL.0, PERSONAL.1.to_owned()),
        ],
        crate::surveys::csv::results_csv(&results),
    ))
}

/// `POST /api/staff/surveys/{slug}/invitations`.
#[utoipa::path(post, path = "/api/staff/surveys/{slug}/invitations", tag = "staff",
    params(("slug" = String, Path, description = "The survey's address")),
    request_body = SurveyInvitations,
    responses(
        (status = 200, description = "A personal link mailed to each address, once each (a retry mails nothing again)", body = InvitationsSent),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 404, description = "No such survey", body = ErrorResponse),
        (status = 409, description = "The survey is closed, or not limited to invited people", body = ErrorResponse),
        (status = 422, description = "An entry that is not an address (`addresses.{line}`), none at all, or too many: nobody was invited", body = ErrorResponse),
    ),
)]
pub async fn invite(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(slug): ApiPath<String>,
    ApiJson(request): ApiJson<SurveyInvitations>,
) -> Result<impl IntoResponse, ApiError> {
    Ok((
        [PERSONAL],
        Json::<InvitationsSent>(surveys::invite(&state, &staff, &slug, &request).await?),
    ))
}
