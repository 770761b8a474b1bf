//! Forms the browser posts by itself, to the page's own address: JavaScript
//! was off, or the app had not loaded yet. A petition's sign form, the
//! newsletter's address forms, the problem report and the contact form are
//! taken exactly as the API takes them (the same checks, the same writers,
//! the same idempotency key), behind the same cross-site check and write
//! budget, and answered with the page drawn with the outcome: "check your
//! inbox", a reference, or the form again with what was typed and each
//! refused field's error.

use std::collections::HashMap;

use axum::Extension;
use axum::extract::{Form, FromRequest, Request, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use civic_api::contact::{CONTACT_FORM_ID, ContactRequest};
use civic_api::form_post::{FormOutcome, FormPost};
use civic_api::newsletter::AddressRequest;
use civic_api::petition::{SIGN_FORM_ID, SignReceipt, SignRequest};
use civic_api::problem_report::{ProblemReportRequest, REPORT_FORM_ID};
use civic_api::{SiteRoute, Target};
use civic_web::render::PostedForm;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::consent_form;
use crate::csrf::is_cross_site;
use crate::error::{ApiError, FORM_BODY_LIMIT};
use crate::problem_reports;
use crate::rate_limit::FormBudgets;
use crate::refused::Refused;
use crate::state::AppState;

/// The sign form's fields, by their `name`s (`components::sign_form`).
#[derive(Debug, Deserialize)]
struct SignFields {
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
    /// "Tell me how this petition goes": present when ticked.
    news: Option<String>,
    #[serde(default)]
    website: String,
    source: Option<String>,
    #[serde(rename = "ref")]
    referral: Option<String>,
}

/// The newsletter's address forms' fields (`components::newsletter_form`).
#[derive(Debug, Deserialize)]
struct AddressFields {
    /// The form's id: the footer's, the page's or the lost-link one.
    #[serde(default)]
    form: String,
    /// `lost_link` asks for a new unsubscribe link; anything else signs up.
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    idempotency_key: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    website: String,
}

/// The contact form's fields (`pages::contact`).
#[derive(Debug, Deserialize)]
struct ContactFields {
    #[serde(default)]
    idempotency_key: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    website: String,
}

/// The report form's fields (`pages::report_form`).
#[derive(Debug, Deserialize)]
struct ReportFields {
    #[serde(default)]
    idempotency_key: String,
    #[serde(default)]
    page: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    website: String,
}

/// `POST` to any page's address: every page takes the consent banner's
/// form; a petition's, the newsletter's, the report and contact pages
/// their own.
pub async fn post(
    State(state): State<AppState>,
    Extension(budgets): Extension<FormBudgets>,
    request: Request,
) -> Response {
    let uri = request.uri().clone();
    let Some(route) = SiteRoute::resolve(uri.path()) else {
        return ApiError::NotFound.into_response();
    };
    if is_cross_site(request.headers()) {
        tracing::info!("cross-site form post refused");
        return ApiError::Forbidden.into_response();
    }
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, FORM_BODY_LIMIT).await {
        Ok(body) => body,
        Err(error) if ApiError::timed_out(&error) => return ApiError::RequestTimeout.into_response(),
        Err(_) => return ApiError::PayloadTooLarge.into_response(),
    };
    let fields: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let request = Request::from_parts(parts, axum::body::Body::from(body));
    if consent_form::is_banner(&fields) {
        let allowed = budgets.consents.allows(&request);
        return consent_form::decide(&state, request.headers(), &uri, &fields, allowed).await;
    }
    if !matches!(
        route.target,
        Target::Petition(_) | Target::Newsletter | Target::ReportProblem | Target::Contact
    ) {
        return ApiError::MethodNotAllowed.into_response();
    }
    let allowed = budgets.writes.allows(&request);
    let headers = request.headers().clone();
    match &route.target {
        Target::Petition(slug) => {
            let fields: SignFields = match form_fields(request, &state).await {
                Ok(fields) => fields,
                Err(refused) => return refused,
            };
            let request = sign_request(&route, fields);
            let outcome = match allowed {
                false => FormOutcome::RateLimited,
                true => match state.petitions.sign(slug.as_str(), request.clone(), None).await {
                    Ok(SignReceipt::CheckInbox | SignReceipt::Signed { .. }) => FormOutcome::CheckInbox,
                    Err(Refused::NotFound) => return super::not_found(&state, &headers, uri.path()).await,
                    Err(error) => outcome_of(error),
                },
            };
            // Drawn at the address the form was opened at, so a second try
            // still says where the visitor came from.
            let page = with_tracking(uri.path(), &request);
            answer(&state, &headers, &page, SIGN_FORM_ID.to_owned(), request, outcome).await
        }
        Target::ReportProblem => {
            let fields: ReportFields = match form_fields(request, &state).await {
                Ok(fields) => fields,
                Err(refused) => return refused,
            };
            let request = ProblemReportRequest {
                idempotency_key: fields.idempotency_key,
                locale: Some(route.locale),
                page: fields.page,
                description: fields.description,
                email: fields.email,
                website: fields.website,
            };
            let outcome = match allowed {
                false => FormOutcome::RateLimited,
                true => match problem_reports::file(&state, &request).await {
                    Ok((_, reference)) => FormOutcome::Received { reference },
                    Err(error) => outcome_of(error),
                },
            };
            answer(&state, &headers, &uri, REPORT_FORM_ID.to_owned(), request, outcome).await
        }
        Target::Contact => {
            let fields: ContactFields = match form_fields(request, &state).await {
                Ok(fields) => fields,
                Err(refused) => return refused,
            };
            let request = ContactRequest {
                idempotency_key: fields.idempotency_key,
                locale: Some(route.locale),
                name: fields.name,
                email: fields.email,
                subject: fields.subject,
                message: fields.message,
                website: fields.website,
            };
            let outcome = match allowed {
                false => FormOutcome::RateLimited,
                true => match state.contact.send(&state, &request).await {
                    Ok((_, reference)) => FormOutcome::Received { reference },
                    Err(error) => outcome_of(error),
                },
            };
            answer(&state, &headers, &uri, CONTACT_FORM_ID.to_owned(), request, outcome).await
        }
        _ => {
            let fields: AddressFields = match form_fields(request, &state).await {
                Ok(fields) => fields,
                Err(refused) => return refused,
            };
            let lost_link = fields.purpose == "lost_link";
            let request = AddressRequest {
                idempotency_key: fields.idempotency_key,
                locale: Some(route.locale),
                email: fields.email,
                website: fields.website,
            };
            let outcome = match allowed {
                false => FormOutcome::RateLimited,
                true => match state.newsletter.take_address(&request, lost_link).await {
                    Ok(()) => FormOutcome::CheckInbox,
                    Err(error) => outcome_of(error),
                },
            };
            answer(&state, &headers, &uri, fields.form, request, outcome).await
        }
    }
}

/// The form's fields, or the `400` a body that is not that form gets.
async fn form_fields<T: DeserializeOwned>(request: Request, state: &AppState) -> Result<T, Response> {
    Form::<T>::from_request(request, state)
        .await
        .map(|Form(fields)| fields)
        .map_err(|rejection| ApiError::BadRequest(rejection.body_text()).into_response())
}

fn sign_request(route: &SiteRoute, fields: SignFields) -> SignRequest {
    SignRequest {
        idempotency_key: fields.idempotency_key,
        locale: Some(route.locale),
        name: fields.name,
        email: fields.email,
        country: fields.country,
        comment: fields.comment,
        newsletter: fields.newsletter.is_some(),
        news: fields.news.is_some(),
        source: fields.source.filter(|source| !source.is_empty()),
        referral: fields.referral.filter(|code| !code.is_empty()),
        token: None,
        website: fields.website,
    }
}

/// What the page says of a feature's refusal.
fn outcome_of(refused: Refused) -> FormOutcome {
    match refused {
        Refused::Invalid(fields) => FormOutcome::Invalid { fields },
        Refused::PetitionClosed | Refused::SurveyClosed | Refused::AlreadyAnswered => FormOutcome::Closed,
        error => {
            tracing::error!(error = ?error, "a posted form failed");
            FormOutcome::Failed
        }
    }
}

/// The page at `page`, drawn with the posted form `form` and its outcome
/// for the request with `headers`.
async fn answer<R: Serialize>(
    state: &AppState,
    headers: &HeaderMap,
    page: &Uri,
    form: String,
    request: R,
    outcome: FormOutcome,
) -> Response {
    let status = StatusCode::from_u16(outcome.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let post = FormPost {
        form: form.clone(),
        request,
        outcome,
    };
    let json = match serde_json::to_string(&post) {
        Ok(json) => json,
        Err(error) => return ApiError::Unexpected(error.into()).into_response(),
    };
    super::page_answer(state, headers, page, status, Some(PostedForm { form, json })).await
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
