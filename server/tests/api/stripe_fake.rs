//! Stripe for the tests, on loopback: the two endpoints the server calls
//! (`POST /v1/checkout/sessions`, `POST /v1/billing_portal/sessions`),
//! answered the way Stripe answers them, keeping every request it gets so a
//! test can read what was sent. Like Stripe it wants a bearer key, and
//! answers a repeated `Idempotency-Key` with its first answer (or refuses
//! it when the form differs). It can be told to fail as Stripe does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// One request as it arrived, with the headers Stripe reads.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub idempotency_key: Option<String>,
    pub stripe_version: Option<String>,
    pub content_type: Option<String>,
    /// The body, decoded from `application/x-www-form-urlencoded`.
    pub form: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The value of a form field sent once; panics when sent twice.
    pub fn field(&self, name: &str) -> Option<&str> {
        let mut values = self
            .form
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str());
        let first = values.next();
        assert!(values.next().is_none(), "{name} was sent more than once");
        first
    }
}

/// How the fake fails every request from now on.
#[derive(Debug, Clone, Copy)]
pub enum Failure {
    /// 402 with Stripe's card error.
    CardDeclined,
    /// 500 with Stripe's API error.
    ServerError,
    /// 401 quoting the key whole, which Stripe itself never does (it masks
    /// all but the last four characters) but a proxy in between might.
    KeyQuoted,
    /// 200 with a session that has no `url`.
    AnswerWithoutUrl,
}

/// A running fake; clones share it.
#[derive(Clone, Default)]
pub struct StripeFake {
    url: String,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
    ledger: Arc<Mutex<Ledger>>,
}

/// What the fake remembers between requests.
#[derive(Default)]
struct Ledger {
    failure: Option<Failure>,
    /// How many objects it made, numbering their ids.
    made: u64,
    /// The first answer to each `(path, Idempotency-Key)`.
    answered: HashMap<(String, String), FirstAnswer>,
}

/// What a request with an idempotency key was first answered, and the form
/// it came with: a retry must send the same.
struct FirstAnswer {
    form: Vec<(String, String)>,
    body: Value,
}

/// What the fake makes at one path: the id's prefix and the page's address.
struct Kind {
    prefix: &'static str,
    page: &'static str,
    object: Option<&'static str>,
}

const CHECKOUT_SESSION: Kind = Kind {
    prefix: "cs_test_",
    page: "https://checkout.stripe.test/c/pay/",
    object: Some("checkout.session"),
};

const PORTAL_SESSION: Kind = Kind {
    prefix: "bps_",
    page: "https://billing.stripe.test/p/session/",
    object: None,
};

impl StripeFake {
    /// Listens on a free loopback port until the test ends.
    pub async fn start() -> StripeFake {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free loopback port");
        let fake = StripeFake {
            url: format!("http://{}", listener.local_addr().unwrap()),
            ..StripeFake::default()
        };
        let app = Router::new()
            .route("/v1/checkout/sessions", post(checkout_session))
            .route("/v1/billing_portal/sessions", post(portal_session))
            .fallback(unknown_url)
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        fake
    }

    /// The base URL to give `StripeApi::new`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests.lock().unwrap().clone()
    }

    pub fn fail_with(&self, failure: Failure) {
        self.ledger.lock().unwrap().failure = Some(failure);
    }

    /// Records the request, then answers it as Stripe would.
    fn answer(&self, kind: &Kind, request: RecordedRequest) -> Response {
        self.requests.lock().unwrap().push(request.clone());
        let mut ledger = self.ledger.lock().unwrap();
        let bearer = request
            .authorization
            .as_deref()
            .and_then(|value| value.strip_prefix("Bearer "));
        let Some(key) = bearer.filter(|key| key.starts_with("sk_")) else {
            let message = "You did not provide an API key.";
            return stripe_error(StatusCode::UNAUTHORIZED, message, "invalid_request_error");
        };
        if let Some(failure) = ledger.failure {
            return failure.answer(key);
        }
        let remembered = request.idempotency_key.clone().map(|key| (request.path.clone(), key));
        if let Some(first) = remembered
            .as_ref()
            .and_then(|remembered| ledger.answered.get(remembered))
        {
            return first.repeated(&request.form);
        }
        ledger.made += 1;
        let id = format!("{}{}", kind.prefix, ledger.made);
        let mut body = json!({ "id": id, "url": format!("{}{id}", kind.page) });
        if let Some(object) = kind.object {
            body["object"] = json!(object);
        }
        if let Some(remembered) = remembered {
            let first = FirstAnswer {
                form: request.form,
                body: body.clone(),
            };
            ledger.answered.insert(remembered, first);
        }
        (StatusCode::OK, axum::Json(body)).into_response()
    }
}

impl Failure {
    fn answer(self, key: &str) -> Response {
        match self {
            Failure::CardDeclined => {
                stripe_error(StatusCode::PAYMENT_REQUIRED, "Your card was declined.", "card_error")
            }
            Failure::ServerError => stripe_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "An unknown error occurred",
                "api_error",
            ),
            Failure::KeyQuoted => {
                let message = format!("Invalid API Key provided: {key}");
                stripe_error(StatusCode::UNAUTHORIZED, &message, "invalid_request_error")
            }
            Failure::AnswerWithoutUrl => {
                (StatusCode::OK, axum::Json(json!({ "id": "cs_test_0", "url": null }))).into_response()
            }
        }
    }
}

impl FirstAnswer {
    /// Stripe's answer to a retry: the first answer again, or a refusal
    /// when the key is reused for another request.
    fn repeated(&self, form: &[(String, String)]) -> Response {
        if self.form != form {
            let message =
                "Keys for idempotent requests can only be used with the same parameters they were first used with.";
            return stripe_error(StatusCode::BAD_REQUEST, message, "idempotency_error");
        }
        (StatusCode::OK, axum::Json(self.body.clone())).into_response()
    }
}

async fn checkout_session(
    State(fake): State<StripeFake>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    fake.answer(&CHECKOUT_SESSION, recorded(method, uri, &headers, &body))
}

async fn portal_session(
    State(fake): State<StripeFake>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    fake.answer(&PORTAL_SESSION, recorded(method, uri, &headers, &body))
}

/// Stripe answers a path it does not know with its error body too.
async fn unknown_url(
    State(fake): State<StripeFake>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let message = format!("Unrecognized request URL ({method}: {})", uri.path());
    fake.requests
        .lock()
        .unwrap()
        .push(recorded(method, uri, &headers, &body));
    stripe_error(StatusCode::NOT_FOUND, &message, "invalid_request_error")
}

fn recorded(method: Method, uri: Uri, headers: &HeaderMap, body: &[u8]) -> RecordedRequest {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    RecordedRequest {
        method: method.to_string(),
        path: uri.path().to_owned(),
        authorization: header("authorization"),
        idempotency_key: header("idempotency-key"),
        stripe_version: header("stripe-version"),
        content_type: header("content-type"),
        form: form_urlencoded::parse(body).into_owned().collect(),
    }
}

fn stripe_error(status: StatusCode, message: &str, kind: &str) -> Response {
    (
        status,
        axum::Json(json!({ "error": { "message": message, "type": kind } })),
    )
        .into_response()
}

/// An address where nothing listens: a port that was free a moment ago.
pub async fn unreachable_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free loopback port");
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}")
}
