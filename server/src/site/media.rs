//! `/media/{hash}.jpg`: pictures uploaded in the console, served from the
//! database by every server. A name is the hash of what it holds, so an
//! answer never changes and may be kept for a year.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::content::petitions::media_hash;
use crate::state::AppState;
use crate::storage::petition_editing::media;

pub async fn serve(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(hash) = media_hash(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match media(&state.pool, hash).await {
        Ok(Some((content_type, bytes))) => {
            let content_type =
                HeaderValue::from_str(&content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("public, max-age=31536000, immutable"),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(error = ?error, "a picture could not be read");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
