//! The JSON API under `/api/`, one module per resource.

pub mod dev_outbox;
mod health;
mod openapi;
mod pages;
mod petitions;
mod problem_reports;
mod signatures;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn;
use axum::routing::{any, get, post};
use civic_api::paths;
use tower::ServiceBuilder;

use crate::error::{ApiError, BODY_LIMIT};
use crate::state::AppState;
use crate::{csrf, rate_limit};

pub fn api(state: AppState, limiter: &Arc<rate_limit::Config>) -> Router {
    Router::new()
        .route(paths::HEALTH, get(health::check))
        .route(paths::PAGE, get(pages::show))
        .route(paths::PROBLEM_REPORTS, post(problem_reports::create))
        .route(paths::PETITIONS, get(petitions::list))
        .route(paths::PETITION, get(petitions::show))
        .route(paths::PETITION_COUNT, get(petitions::count))
        .route(paths::PETITION_COUNTRIES_CSV, get(petitions::countries_csv))
        .route(paths::PETITION_SIGNATURES, post(signatures::sign))
        .route(paths::PETITION_RESEND, post(signatures::resend))
        .route(paths::PETITION_SIGNER, post(signatures::signer))
        .route(paths::SIGNATURE_CONFIRM, post(signatures::confirm))
        .route(paths::OPENAPI, get(openapi::document))
        // Unknown API paths answer in the error shape, never with the SPA.
        .route("/api", any(not_found))
        .route("/api/", any(not_found))
        .route("/api/{*rest}", any(not_found))
        .layer(
            ServiceBuilder::new()
                .layer(rate_limit::layer(limiter))
                .layer(from_fn(csrf::refuse_cross_site))
                .layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
