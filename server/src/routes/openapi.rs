//! `GET /api/openapi.json`: the API described for people and tools, built
//! from the handlers' annotations and civic-api's types, so it cannot say
//! something the code does not do.

use axum::Json;
use utoipa::OpenApi;
use utoipa::openapi::OpenApi as Document;

use super::{health, pages, problem_reports};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Civic API",
        description = "The JSON API of the Civic website. Every error has the shape of `ErrorResponse`."
    ),
    paths(health::check, pages::show, problem_reports::create)
)]
pub struct CivicApi;

pub async fn document() -> Json<Document> {
    Json(CivicApi::openapi())
}
