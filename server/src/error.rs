//! The one error type of the API and its one mapping to the JSON error shape.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use civic_api::{ErrorBody, ErrorCode, ErrorResponse, FieldErrors};

use crate::db;
use crate::refused::Refused;

/// The largest request body the API reads.
pub const BODY_LIMIT: usize = 16 * 1024;

/// The largest form a browser posts by itself to a page. URL-encoding
/// writes a character of a non-Latin script as up to twelve bytes (`%D8%A7`
/// for one Arabic letter, four escapes for an emoji), so the longest text a
/// form takes (4,000 characters) needs far more room than its JSON.
pub const FORM_BODY_LIMIT: usize = 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("Some fields are invalid")]
    Validation(FieldErrors),
    /// No session, or one that has ended: sign in first.
    #[error("Sign in first")]
    Unauthorized,
    #[error("Requests from other sites are not accepted")]
    Forbidden,
    /// A payment provider's event whose signature does not hold.
    #[error("The event's signature does not hold: it is not from our payment provider, or too old")]
    UnsignedEvent,
    /// A member (not staff) asked for a staff endpoint.
    #[error("Only staff may do this")]
    StaffOnly,
    /// Staff whose session was opened with a password: staff requests need
    /// one opened with a passkey.
    #[error("Sign in with a passkey first: staff requests need one")]
    PasskeyRequired,
    #[error("Not found")]
    NotFound,
    #[error("Method not allowed")]
    MethodNotAllowed,
    /// The request is fine but the resource's state refuses it, such as
    /// signing a closed petition.
    #[error("{0}")]
    Conflict(String),
    /// The client stopped sending its body (`Config::client_timeout`).
    #[error("The request body did not arrive in time")]
    RequestTimeout,
    /// Its limit depends on the route (most take 16 KiB, survey answers more).
    #[error("The request body is larger than this endpoint accepts")]
    PayloadTooLarge,
    #[error("Expected a body with Content-Type: application/json")]
    UnsupportedMediaType,
    #[error("Too many requests; retry in {retry_after} seconds")]
    RateLimited { retry_after: u64 },
    /// The database cannot store anything just now (its disk is full, it
    /// is read-only or out of reach): nothing was written.
    #[error("Nothing can be saved just now; please try again in a few minutes")]
    Unavailable,
    #[error("Something went wrong")]
    Unexpected(anyhow::Error),
}

/// What the API answers to a feature's refusal: the one place their words
/// become statuses.
impl From<Refused> for ApiError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::NotFound => ApiError::NotFound,
            Refused::Invalid(fields) => ApiError::Validation(fields),
            Refused::PetitionClosed => {
                ApiError::Conflict("This petition is closed and takes no more signatures".to_owned())
            }
            Refused::SurveyClosed => ApiError::Conflict("This survey is closed and takes no more answers".to_owned()),
            Refused::AlreadyAnswered => {
                ApiError::Conflict("This survey takes one answer per person, and yours already counts".to_owned())
            }
            Refused::WrongCredentials => ApiError::Unauthorized,
            Refused::NotConfirmed => {
                ApiError::Conflict("This account is not open yet: follow the link sent when joining".to_owned())
            }
            Refused::Throttled { retry_after } => ApiError::RateLimited { retry_after },
            Refused::PasskeysUnavailable => ApiError::Conflict(
                "Passkeys need the site served from a domain name (CIVIC_PUBLIC_URL), over https or on localhost"
                    .to_owned(),
            ),
            Refused::PaymentProviderUnavailable => ApiError::Unavailable,
            Refused::SecondFactorRequired => ApiError::PasskeyRequired,
            Refused::AuthenticatorExists => ApiError::Conflict(
                "This account has an authenticator app already: remove it before setting up another".to_owned(),
            ),
            Refused::Failed(error) => ApiError::from(error),
        }
    }
}

/// Tells a failure of the database to store anything from any other: the
/// first is answered 503, and the client may try again later.
impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> Self {
        if db::is_unavailable(&error) {
            tracing::warn!(error = ?error, "the database cannot take writes");
            ApiError::Unavailable
        } else {
            ApiError::Unexpected(error)
        }
    }
}

/// How long a client is asked to wait after a 503.
const UNAVAILABLE_RETRY_AFTER_SECONDS: u64 = 30;

impl ApiError {
    fn code(&self) -> ErrorCode {
        match self {
            ApiError::BadRequest(_) => ErrorCode::BadRequest,
            ApiError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            ApiError::RequestTimeout => ErrorCode::RequestTimeout,
            ApiError::Conflict(_) => ErrorCode::Conflict,
            ApiError::Validation(_) => ErrorCode::Validation,
            ApiError::Unauthorized => ErrorCode::Unauthorized,
            ApiError::Forbidden | ApiError::StaffOnly | ApiError::UnsignedEvent => ErrorCode::Forbidden,
            ApiError::PasskeyRequired => ErrorCode::PasskeyRequired,
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            ApiError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            ApiError::RateLimited { .. } => ErrorCode::RateLimited,
            ApiError::Unavailable => ErrorCode::Unavailable,
            ApiError::Unexpected(_) => ErrorCode::Internal,
        }
    }

    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// Whether a body could not be read because the client stopped
    /// sending it (`RequestBodyTimeoutLayer`'s error, anywhere in the chain).
    pub fn timed_out(error: &(dyn std::error::Error + 'static)) -> bool {
        std::iter::successors(Some(error), |error| error.source())
            .any(|error| error.is::<tower_http::timeout::TimeoutError>())
    }

    /// What the API answers for it, as a page drawn by the server carries it.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code(),
            message: self.to_string(),
            fields: match self {
                ApiError::Validation(fields) => fields.clone(),
                _ => FieldErrors::new(),
            },
            request_id: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Unexpected(cause) = &self {
            // The visitor sees an opaque message; the whole chain goes to the
            // log, inside the request's span and so under its request id.
            tracing::error!(error = ?cause, "request failed");
        }
        let body = ErrorResponse { error: self.body() };
        let mut response = (self.status(), axum::Json(&body)).into_response();
        let retry_after = match self {
            ApiError::RateLimited { retry_after } => Some(retry_after),
            ApiError::Unavailable => Some(UNAVAILABLE_RETRY_AFTER_SECONDS),
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        // Picked up by `with_request_id`, which knows the request.
        response.extensions_mut().insert(body);
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
            JsonRejection::BytesRejection(bytes) if bytes.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::PayloadTooLarge
            }
            JsonRejection::BytesRejection(bytes) if ApiError::timed_out(&bytes) => ApiError::RequestTimeout,
            // Syntax errors, unknown, missing and mistyped fields: serde's
            // message names the field, which helps whoever wrote the client.
            other => ApiError::BadRequest(other.body_text()),
        }
    }
}

/// A path that cannot be decoded (say, percent-encoded bytes that are not
/// UTF-8) names nothing that exists.
impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        ApiError::NotFound
    }
}

/// `axum::extract::Path` whose refusals come out in the API's error shape.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// `axum::Json` whose refusals come out in the API's error shape.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Writes the request id into every error body, and turns axum's bare 405
/// answers under `/api/` into the error shape.
pub async fn with_request_id(request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    if is_api
        && response.status() == StatusCode::METHOD_NOT_ALLOWED
        && response.extensions().get::<ErrorResponse>().is_none()
    {
        let allow = response.headers().get(header::ALLOW).cloned();
        response = ApiError::MethodNotAllowed.into_response();
        if let Some(allow) = allow {
            response.headers_mut().insert(header::ALLOW, allow);
        }
    }
    let Some(mut body) = response.extensions_mut().remove::<ErrorResponse>() else {
        return response;
    };
    body.error.request_id = request_id;
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let rendered = axum::Json(body).into_response();
    Response::from_parts(parts, rendered.into_body())
}
