//! `GET /api/openapi.json`: the API described for people and tools, built
//! from the handlers' annotations and civic-api's types, so it cannot say
//! something the code does not do.

use axum::Json;
use utoipa::OpenApi;
use utoipa::openapi::OpenApi as Document;

use super::{
    analytics, consents, health, newsletter, pages, petitions, problem_reports, signatures, statistics,
    survey_responses, surveys,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Civic API",
        description = "The JSON API of the Civic website. Every error has the shape of `ErrorResponse`."
    ),
    paths(
        health::check,
        health::ready,
        pages::show,
        problem_reports::create,
        petitions::list,
        petitions::show,
        petitions::count,
        petitions::countries_csv,
        signatures::sign,
        signatures::resend,
        signatures::signer,
        signatures::confirm,
        consents::create,
        analytics::record,
        statistics::show,
        newsletter::subscribe,
        newsletter::confirm,
        newsletter::unsubscribe,
        newsletter::resubscribe,
        newsletter::unsubscribe_links,
        newsletter::one_click,
        surveys::list,
        surveys::show,
        surveys::results,
        surveys::results_csv,
        survey_responses::submit,
        survey_responses::confirm
    )
)]
pub struct CivicApi;

pub async fn document() -> Json<Document> {
    Json(CivicApi::openapi())
}
