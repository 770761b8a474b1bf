//! The only module that talks HTTP: typed calls to the Civic API, each
//! answering `Result<_, ApiError>` so a page can tell "unreachable" from
//! "not there" from "refused".

pub mod authenticator;
pub mod credentials;
pub mod donations;
pub mod dues;
pub mod staff;
pub mod staff_inbox;
pub mod staff_newsletter;
pub mod staff_pages;
pub mod staff_petitions;
pub mod staff_surveys;

use civic_api::account::{
    AccountView, DeleteAccountRequest, JoinRequest, MySignature, NewPasswordRequest, ProfileRequest, ResetRequest,
    SessionView, SignInRequest,
};
use civic_api::analytics::EventRequest;
use civic_api::analytics::Statistics;
use civic_api::consent::ConsentLogRequest;
use civic_api::contact::{ContactReceipt, ContactRequest};
use civic_api::newsletter::{AddressReceipt, AddressRequest};
use civic_api::page::Page;
use civic_api::petition::{
    Confirmation, PetitionCount, PetitionDetail, PetitionList, ResendRequest, SignReceipt, SignRequest, SignerGreeting,
    TokenRequest,
};
use civic_api::problem_report::{ProblemReportReceipt, ProblemReportRequest};
use civic_api::{ErrorBody, ErrorCode, ErrorResponse, FieldErrors, Locale, Slug, paths};
use gloo_net::http::{Request, Response};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::Serialize;
use serde::de::DeserializeOwned;
use web_sys::AbortSignal;

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

impl ApiError {
    /// The API's refusal `body`, as its request would have come back with
    /// it: what the server answered while drawing the page.
    pub fn from_body(body: ErrorBody) -> ApiError {
        match body.code {
            ErrorCode::NotFound => ApiError::NotFound,
            _ => ApiError::Server(body),
        }
    }

    /// A refusal with `code`, as a form the browser posted by itself came
    /// back with (`civic_api::form_post`).
    pub fn refused(code: ErrorCode) -> ApiError {
        ApiError::Server(ErrorBody {
            code,
            message: String::new(),
            fields: FieldErrors::new(),
            request_id: None,
        })
    }
}

pub async fn page(base: &str, locale: Locale, slug: &Slug) -> Result<Page, ApiError> {
    get_json(&format!("{base}{}", paths::page(locale, slug))).await
}

pub async fn send_contact_message(base: &str, message: &ContactRequest) -> Result<ContactReceipt, ApiError> {
    post_json(&format!("{base}{}", paths::CONTACT_MESSAGES), message).await
}

pub async fn report_problem(base: &str, report: &ProblemReportRequest) -> Result<ProblemReportReceipt, ApiError> {
    post_json(&format!("{base}{}", paths::PROBLEM_REPORTS), report).await
}

pub async fn join(base: &str, request: &JoinRequest) -> Result<(), ApiError> {
    post_empty(&format!("{base}{}", paths::ACCOUNTS), request).await
}

pub async fn confirm_account(base: &str, token: &str) -> Result<(), ApiError> {
    let token = TokenRequest {
        token: token.to_owned(),
    };
    post_empty(&format!("{base}{}", paths::ACCOUNT_CONFIRMATIONS), &token).await
}

pub async fn confirm_email(base: &str, token: &str) -> Result<(), ApiError> {
    let token = TokenRequest {
        token: token.to_owned(),
    };
    post_empty(&format!("{base}{}", paths::EMAIL_CONFIRMATIONS), &token).await
}

/// Signs in; the answer sets the session cookie.
pub async fn sign_in(base: &str, request: &SignInRequest) -> Result<AccountView, ApiError> {
    post_json(&format!("{base}{}", paths::SESSIONS), request).await
}

/// Who is signed in: `ErrorCode::Unauthorized` when nobody is.
pub async fn session(base: &str) -> Result<AccountView, ApiError> {
    get_json(&format!("{base}{}", paths::SESSION)).await
}

pub async fn sign_out(base: &str) -> Result<(), ApiError> {
    send_empty(Request::delete(&format!("{base}{}", paths::SESSION))).await
}

pub async fn sessions(base: &str) -> Result<Vec<SessionView>, ApiError> {
    get_json(&format!("{base}{}", paths::ACCOUNT_SESSIONS)).await
}

pub async fn sign_out_everywhere(base: &str) -> Result<(), ApiError> {
    send_empty(Request::delete(&format!("{base}{}", paths::ACCOUNT_SESSIONS))).await
}

pub async fn end_session(base: &str, id: &str) -> Result<(), ApiError> {
    send_empty(Request::delete(&format!("{base}{}", paths::account_session(id)))).await
}

pub async fn request_password_reset(base: &str, request: &ResetRequest) -> Result<(), ApiError> {
    post_empty(&format!("{base}{}", paths::PASSWORD_RESETS), request).await
}

pub async fn complete_password_reset(base: &str, request: &NewPasswordRequest) -> Result<(), ApiError> {
    post_empty(&format!("{base}{}", paths::PASSWORD_RESET_COMPLETE), request).await
}

pub async fn my_signatures(base: &str, locale: Locale) -> Result<Vec<MySignature>, ApiError> {
    get_json(&format!("{base}{}", paths::account_signatures(locale))).await
}

pub async fn delete_account(base: &str, request: &DeleteAccountRequest) -> Result<(), ApiError> {
    post_empty(&format!("{base}{}", paths::ACCOUNT_DELETION), request).await
}

pub async fn update_profile(base: &str, request: &ProfileRequest) -> Result<AccountView, ApiError> {
    put_json(&format!("{base}{}", paths::ACCOUNT_PROFILE), request)
        .await?
        .decode()
}

/// `PUT`s a JSON body; the reply is the caller's to read.
async fn put_json<B: Serialize>(url: &str, body: &B) -> Result<Reply, ApiError> {
    let request = Request::put(url)
        .header("Content-Type", "application/json")
        .body(to_json(body)?)
        .map_err(|_| ApiError::Decode)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    Reply::read(response).await
}

/// `PUT`s a file as it is, with its type; the reply is the caller's to read.
async fn put_file(url: &str, file: &web_sys::File) -> Result<Reply, ApiError> {
    let request = Request::put(url)
        .header("Content-Type", &file.type_())
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(|_| ApiError::Decode)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    Reply::read(response).await
}

/// Sends a request without a body whose answer has none either.
async fn send_empty(request: gloo_net::http::RequestBuilder) -> Result<(), ApiError> {
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    let reply = Reply::read(response).await?;
    if reply.ok { Ok(()) } else { Err(reply.error()) }
}

// Reads below take the signal that cancels them: their callers start them
// outside the reactive scope whose cleanup would.

pub async fn petitions(base: &str, locale: Locale, abort: Option<&AbortSignal>) -> Result<PetitionList, ApiError> {
    get_json_until(&format!("{base}{}", paths::petitions(locale)), abort).await
}

pub async fn petition(
    base: &str,
    slug: &Slug,
    locale: Locale,
    abort: Option<&AbortSignal>,
) -> Result<PetitionDetail, ApiError> {
    get_json_until(&format!("{base}{}", paths::petition(slug, locale)), abort).await
}

pub async fn petition_count(base: &str, slug: &Slug, abort: &AbortSignal) -> Result<PetitionCount, ApiError> {
    get_json_until(&format!("{base}{}", paths::petition_count(slug)), Some(abort)).await
}

pub async fn sign(base: &str, slug: &Slug, request: &SignRequest) -> Result<SignReceipt, ApiError> {
    post_json(&format!("{base}{}", paths::petition_signatures(slug)), request).await
}

/// Asks for the confirmation e-mail again; the answer says nothing more.
pub async fn resend(base: &str, slug: &Slug, request: &ResendRequest) -> Result<(), ApiError> {
    let reply = post_text(&format!("{base}{}", paths::petition_resend(slug)), to_json(request)?).await?;
    if reply.ok { Ok(()) } else { Err(reply.error()) }
}

/// Who the token of a signed link names; `NotFound` for a bad token.
pub async fn signer(base: &str, slug: &Slug, token: &str) -> Result<SignerGreeting, ApiError> {
    let request = TokenRequest {
        token: token.to_owned(),
    };
    post_json(&format!("{base}{}", paths::petition_signer(slug)), &request).await
}

/// The signed-in member as the sign form greets them; `None` when nobody
/// is signed in (the server answers 204).
pub async fn member_greeting(base: &str, slug: &Slug) -> Result<Option<SignerGreeting>, ApiError> {
    let reply = get_text(&format!("{base}{}", paths::petition_member(slug)), None).await?;
    match reply.status {
        204 => Ok(None),
        _ => reply.decode().map(Some),
    }
}

pub async fn confirm_signature(base: &str, token: &str) -> Result<Confirmation, ApiError> {
    let request = TokenRequest {
        token: token.to_owned(),
    };
    post_json(&format!("{base}{}", paths::SIGNATURE_CONFIRM), &request).await
}

/// One survey's form in `locale`.
pub async fn survey(
    base: &str,
    slug: &Slug,
    locale: Locale,
    abort: Option<&AbortSignal>,
) -> Result<civic_api::survey::Survey, ApiError> {
    get_json_until(&format!("{base}{}", paths::survey(slug, locale)), abort).await
}

/// Sends a survey's answers; the idempotency key makes a retry harmless.
pub async fn respond_to_survey(
    base: &str,
    slug: &Slug,
    request: &civic_api::survey::ResponseRequest,
) -> Result<civic_api::survey::ResponseReceipt, ApiError> {
    post_json(&format!("{base}{}", paths::survey_responses(slug)), request).await
}

pub async fn statistics(base: &str, abort: Option<&AbortSignal>) -> Result<Statistics, ApiError> {
    get_json_until(&format!("{base}{}", paths::STATISTICS), abort).await
}

pub async fn surveys(
    base: &str,
    locale: Locale,
    abort: Option<&AbortSignal>,
) -> Result<civic_api::survey::SurveyList, ApiError> {
    get_json_until(&format!("{base}{}", paths::surveys(locale)), abort).await
}

/// `NotFound` for an unknown survey and for one whose results are private.
pub async fn survey_results(
    base: &str,
    slug: &Slug,
    locale: Locale,
    abort: Option<&AbortSignal>,
) -> Result<civic_api::survey::SurveyResults, ApiError> {
    get_json_until(&format!("{base}{}", paths::survey_results(slug, locale)), abort).await
}

/// Counts an answer from its e-mailed link: `Conflict` when that person's
/// answer was already counted, `NotFound` for a bad token.
pub async fn confirm_response(base: &str, token: &str) -> Result<civic_api::survey::ResponseReceipt, ApiError> {
    let request = TokenRequest {
        token: token.to_owned(),
    };
    post_json(&format!("{base}{}", paths::SURVEY_RESPONSE_CONFIRM), &request).await
}

/// Signing up, or asking for a new unsubscribe link (`path`): the same
/// request and the same answer, whoever the address belongs to.
pub async fn newsletter_address(base: &str, path: &str, request: &AddressRequest) -> Result<AddressReceipt, ApiError> {
    post_json(&format!("{base}{path}"), request).await
}

/// Acts (`path`) with an e-mailed link's token: confirms a newsletter
/// address, unsubscribes it or undoes that (a `SubscriptionStatus`), stops
/// a petition's news or starts it again (a `NewsFollowing`); `NotFound` for
/// a bad token.
pub async fn link_action<T: DeserializeOwned>(base: &str, path: &str, token: &str) -> Result<T, ApiError> {
    let request = TokenRequest {
        token: token.to_owned(),
    };
    post_json(&format!("{base}{path}"), &request).await
}

/// Logs a consent decision (`204`).
pub async fn log_consent(base: &str, request: &ConsentLogRequest) -> Result<(), ApiError> {
    post_empty(&format!("{base}{}", paths::CONSENTS), request).await
}

/// Counts an event in the first-party statistics (`204`).
/// Sent without cookies: the consent cookie's id never travels with a
/// statistic.
pub async fn record_event(base: &str, request: &EventRequest) -> Result<(), ApiError> {
    let url = format!("{base}{}", paths::ANALYTICS_EVENTS);
    let request = json_post(&url, &to_json(request)?, Cookies::Omit).ok_or(ApiError::Decode)?;
    let response = Request::from(request).send().await.map_err(|_| ApiError::Network)?;
    let reply = Reply::read(response).await?;
    if reply.ok { Ok(()) } else { Err(reply.error()) }
}

async fn post_empty<B: Serialize>(url: &str, body: &B) -> Result<(), ApiError> {
    let reply = post_text(url, to_json(body)?).await?;
    if reply.ok { Ok(()) } else { Err(reply.error()) }
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
    get_json_until(url, signal.as_ref()).await
}

async fn get_json_until<T: DeserializeOwned>(url: &str, abort: Option<&AbortSignal>) -> Result<T, ApiError> {
    get_text(url, abort).await?.decode()
}

/// POSTs `body` as JSON, without `keepalive`: for a body that may pass
/// the 64 KiB a browser allows a keepalive request (a mailing's four
/// texts, a survey in four languages, a pasted list of addresses). Never
/// aborted either. (`put_json` never uses `keepalive`.)
async fn post_large_json<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ApiError> {
    let request = Request::post(url)
        .header("Content-Type", "application/json")
        .body(to_json(body)?)
        .map_err(|_| ApiError::Decode)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    Reply::read(response).await?.decode()
}

/// POSTs `body` as JSON. Never aborted: a write the visitor started should
/// reach the server, and its idempotency key makes a repeat harmless.
async fn post_json<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ApiError> {
    post_text(url, to_json(body)?).await?.decode()
}

fn to_json<B: Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|_| ApiError::Decode)
}

// The exchanges themselves are not generic: one copy of each in the wasm,
// however many answer types there are; only the decoding is per type.

async fn get_text(url: &str, abort: Option<&AbortSignal>) -> Result<Reply, ApiError> {
    let response = Request::get(url)
        .abort_signal(abort)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    Reply::read(response).await
}

async fn post_text(url: &str, body: String) -> Result<Reply, ApiError> {
    let request = json_post(url, &body, Cookies::Send).ok_or(ApiError::Decode)?;
    let response = Request::from(request).send().await.map_err(|_| ApiError::Network)?;
    Reply::read(response).await
}

/// Whether a request carries the site's cookies.
enum Cookies {
    Send,
    Omit,
}

/// A JSON POST marked `keepalive`: the browser finishes sending it even when
/// the visitor leaves the page at once, so neither a signature nor a page
/// view is cut off by the next navigation. (web-sys has no setter for it.)
fn json_post(url: &str, body: &str, cookies: Cookies) -> Option<web_sys::Request> {
    let headers = web_sys::Headers::new().ok()?;
    headers.set("Content-Type", "application/json").ok()?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    if let Cookies::Omit = cookies {
        init.set_credentials(web_sys::RequestCredentials::Omit);
    }
    init.set_headers(&headers);
    init.set_body(&wasm_bindgen::JsValue::from_str(body));
    js_sys::Reflect::set(&init, &"keepalive".into(), &wasm_bindgen::JsValue::TRUE).ok()?;
    web_sys::Request::new_with_str_and_init(url, &init).ok()
}

/// An answer read to its end.
struct Reply {
    ok: bool,
    status: u16,
    body: String,
}

impl Reply {
    async fn read(response: Response) -> Result<Reply, ApiError> {
        let body = response.text().await.map_err(|_| ApiError::Network)?;
        Ok(Reply {
            ok: response.ok(),
            status: response.status(),
            body,
        })
    }

    fn decode<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        if self.ok {
            serde_json::from_str(&self.body).map_err(|_| ApiError::Decode)
        } else {
            Err(self.error())
        }
    }

    fn error(&self) -> ApiError {
        if self.status == 404 {
            return ApiError::NotFound;
        }
        match serde_json::from_str::<ErrorResponse>(&self.body) {
            Ok(error) => ApiError::Server(error.error),
            Err(_) => ApiError::Status(self.status),
        }
    }
}
