//! A petition's sign form posted by the browser itself, to the petition's
//! address: JavaScript was off, or the app had not loaded yet. It is signed
//! exactly as the API signs (same checks, same writer, same idempotency
//! key), behind the same cross-site check and write budget, and answered
//! with the petition's page drawn with the outcome: "check your inbox", or
//! the form again with what was typed and each refused field's error.

use axum::Extension;
use axum::extract::{Form, FromRequest, Request, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use civic_api::petition::{SignFormOutcome, SignFormPost, SignReceipt, SignRequest};
use civic_api::{SiteRoute, Target};
use serde::Deserialize;

use crate::csrf::is_cross_site;
use crate::error::ApiError;
use crate::rate_limit::Writes;
use crate::state::AppState;

/// The form's fields, by their `name`s (`components::sign_form`).
#[derive(Debug, Deserialize)]
pub struct SignFields {
    #[serde(default)]
    idempotency_key: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    comment: String,
    /// Sent only when ticked.
    newsletter: Option<String>,
    #[serde(default)]
    website: String,
    source: Option<String>,
    #[serde(rename = "ref")]
    referral: Option<String>,
}

/// `POST` to any page's address; only a petition's takes it.
pub async fn sign(State(state): State<AppState>, Extension(writes): Extension<Writes>, request: Request) -> Response {
    let uri = request.uri().clone();
    let Some(route) = SiteRoute::resolve(uri.path()) else {
        return ApiError::NotFound.into_response();
    };
    let Target::Petition(slug) = &route.target else {
        return ApiError::MethodNotAllowed.into_response();
    };
    if is_cross_site(request.headers()) {
        tracing::info!("cross-site form post refused");
        return ApiError::Forbidden.into_response();
    }
    let allowed = writes.allows(&request);
    let fields = match Form::<SignFields>::from_request(request, &state).await {
        Ok(Form(fields)) => fields,
        Err(rejection) => return ApiError::BadRequest(rejection.body_text()).into_response(),
    };
    let request = SignRequest {
        idempotency_key: fields.idempotency_key,
        locale: Some(route.locale),
        name: fields.name,
        email: fields.email,
        country: fields.country,
        comment: fields.comment,
        newsletter: fields.newsletter.is_some(),
        source: fields.source.filter(|source| !source.is_empty()),
        referral: fields.referral.filter(|code| !code.is_empty()),
        token: None,
        website: fields.website,
    };
    let outcome = match allowed {
        false => SignFormOutcome::RateLimited,
        true => match state.petitions.sign(slug.as_str(), request.clone()).await {
            Ok(SignReceipt::CheckInbox | SignReceipt::Signed { .. }) => SignFormOutcome::CheckInbox,
            Err(ApiError::Validation(fields)) => SignFormOutcome::Invalid { fields },
            Err(ApiError::Conflict(_)) => SignFormOutcome::Closed,
            Err(ApiError::NotFound) => return super::not_found(&state.site, uri.path()),
            Err(error) => {
                tracing::error!(error = ?error, "a posted signature failed");
                SignFormOutcome::Failed
            }
        },
    };
    let status = match &outcome {
        SignFormOutcome::CheckInbox => StatusCode::OK,
        SignFormOutcome::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        SignFormOutcome::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        SignFormOutcome::Closed => StatusCode::CONFLICT,
        SignFormOutcome::Failed => StatusCode::INTERNAL_SERVER_ERROR,
    };
    // Drawn at the address the form was opened at, so a second try still
    // says where the visitor came from.
    let page = with_tracking(uri.path(), &request);
    super::page_answer(&state, &page, status, Some(SignFormPost { request, outcome })).await
}

/// `path` with the `source` and `ref` the form carried.
fn with_tracking(path: &str, request: &SignRequest) -> Uri {
    let query: Vec<String> = [("source", &request.source), ("ref", &request.referral)]
        .into_iter()
        .filter_map(|(name, value)| {
            let value = value.as_deref()?;
            Some(format!("{name}={}", percent_encode(value)))
        })
        .collect();
    let address = match query.is_empty() {
        true => path.to_owned(),
        false => format!("{path}?{}", query.join("&")),
    };
    address.parse().unwrap_or_else(|_| Uri::from_static("/"))
}

fn percent_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
