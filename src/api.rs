//! The only module that talks HTTP: typed calls to the Civic API, each
//! answering `Result<_, ApiError>` so a page can tell "unreachable" from
//! "not there" from "refused".

use civic_api::page::Page;
use civic_api::problem_report::{ProblemReportReceipt, ProblemReportRequest};
use civic_api::{ErrorBody, ErrorResponse, Locale, Slug, paths};
use gloo_net::http::{Request, Response};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Where the API lives: empty for the page's own origin (production and the
/// trunk proxy). Component tests provide another one to reach a closed port.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiBase(pub String);

/// The API base of the current component tree.
pub fn api_base() -> String {
    use_context::<ApiBase>().map(|base| base.0).unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer: offline, server down, or the request was aborted.
    Network,
    /// 404: the thing asked for does not exist.
    NotFound,
    /// Any other refusal, in the API's error shape.
    Server(ErrorBody),
    /// A failure status without the API's error shape (e.g. a proxy's 502).
    Status(u16),
    /// A body that is not the JSON expected.
    Decode,
}

pub async fn page(base: &str, locale: Locale, slug: &Slug) -> Result<Page, ApiError> {
    get_json(&format!("{base}{}", paths::page(locale, slug))).await
}

pub async fn report_problem(base: &str, report: &ProblemReportRequest) -> Result<ProblemReportReceipt, ApiError> {
    post_json(&format!("{base}{}", paths::PROBLEM_REPORTS), report).await
}

/// GETs `url`; the request is aborted when the calling reactive scope is
/// cleaned up (the page is left, or its resource refetches).
async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|controller| controller.signal());
    let controller = SendWrapper::new(controller);
    on_cleanup(move || {
        if let Some(controller) = controller.take() {
            controller.abort();
        }
    });
    let response = Request::get(url)
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(response).await
}

/// POSTs `body` as JSON. Never aborted: a write the visitor started should
/// reach the server, and its idempotency key makes a repeat harmless.
async fn post_json<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ApiError> {
    let request = Request::post(url).json(body).map_err(|_| ApiError::Decode)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    read(response).await
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response.json().await.map_err(|_| ApiError::Decode);
    }
    if status == 404 {
        return Err(ApiError::NotFound);
    }
    match response.json::<ErrorResponse>().await {
        Ok(error) => Err(ApiError::Server(error.error)),
        Err(_) => Err(ApiError::Status(status)),
    }
}
