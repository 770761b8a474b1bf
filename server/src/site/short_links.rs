//! `/s/{code}`: a petition's short link, or a signer's share link. The
//! redirect target is built from the database's slug and the signer's
//! language, never from the request, so no code can send anyone elsewhere.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use civic_api::petition::ShortCode;
use civic_api::{Locale, SiteRoute};

use crate::state::AppState;
use crate::storage::signatures;

pub async fn follow(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    code: Result<Path<String>, PathRejection>,
) -> Response {
    let Some(code) = code.ok().and_then(|Path(code)| ShortCode::parse(&code).ok()) else {
        return super::not_found(&state, &headers, uri.path()).await;
    };
    let registry = state.petitions.registry();
    let target = match registry.by_short_code(&code) {
        Some(petition) => Some(format!(
            "{}?source=link",
            SiteRoute::petition(Locale::DEFAULT, petition.slug().clone()).path()
        )),
        None => match signatures::referral_target(&state.pool, &code).await {
            Ok(found) => found.and_then(|(petition_id, locale)| {
                let petition = registry.by_id(petition_id)?;
                let path = SiteRoute::petition(locale, petition.slug().clone()).path();
                Some(format!("{path}?ref={code}"))
            }),
            Err(error) => {
                tracing::error!(error = ?error, "failed to follow a short link");
                return (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong").into_response();
            }
        },
    };
    match target {
        Some(location) => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, location),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
        )
            .into_response(),
        None => super::not_found(&state, &headers, uri.path()).await,
    }
}
