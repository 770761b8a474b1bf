//! The `?t=` token of an e-mailed link, sent once the page opens; and the
//! state of a page whose link's action the same link undoes and redoes.

use civic_api::ErrorBody;
use civic_api::newsletter::SubscriptionStatus;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use serde::de::DeserializeOwned;

use crate::api::{self, ApiError};
use crate::first_page;
use crate::request::Request;

/// The answer to a newsletter link's action.
pub type StatusRequest = Request<Result<SubscriptionStatus, ApiError>>;

/// Sends `token` to the link action at `path`. Every page with such a link
/// sends through here, so the download has one copy of the request per
/// kind of answer.
pub fn send_token<T: DeserializeOwned + Send + Sync + 'static>(
    request: Request<Result<T, ApiError>>,
    base: String,
    path: &'static str,
    token: String,
) {
    request.send(async move { api::link_action(&base, path, &token).await });
}

/// The request for a newsletter link's action (see `followed_or_new`).
pub fn status_request() -> (StatusRequest, bool) {
    followed_or_new(first_page::take_subscription())
}

/// The request for an e-mailed link's action: answered already when the
/// server followed the link as it drew the page (`first`; the link then
/// works without JavaScript), else to be sent. Also says which.
pub fn followed_or_new<T: Send + Sync + 'static>(
    first: Option<Result<T, ErrorBody>>,
) -> (Request<Result<T, ApiError>>, bool) {
    match first {
        Some(answer) => (Request::answered(answer.map_err(ApiError::from_body)), true),
        None => (Request::new(), false),
    }
}

/// What a page whose link's action can be undone shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Working,
    /// No token, or one the server does not know: altered, expired, or its
    /// address already deleted (it never says which).
    Invalid,
    Failed(ApiError),
    Done,
}

/// A link whose action (unsubscribing, stopping a petition's news) the same
/// link undoes and redoes. The last answer stays beside the phase, so the
/// done view stays in place (and its button keeps focus) through undoing
/// and redoing; a failure then is said beside the button.
pub struct UndoableLink<T: Send + Sync + 'static> {
    link: LinkToken,
    request: Request<Result<T, ApiError>>,
    base: StoredValue<String>,
    /// The last answer, once there is one.
    pub state: RwSignal<Option<T>>,
    /// Undoing or redoing did not go through.
    pub action_failed: RwSignal<bool>,
    failed: RwSignal<Option<ApiError>>,
    pub phase: Memo<Phase>,
}

impl<T: Send + Sync + 'static> Clone for UndoableLink<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for UndoableLink<T> {}

impl<T: DeserializeOwned + Clone + Send + Sync + 'static> UndoableLink<T> {
    /// Takes the action at `path` as the page opens, unless the server took
    /// it as it drew the page (`first`, its answer).
    pub fn follow(first: Option<Result<T, ErrorBody>>, path: &'static str) -> UndoableLink<T> {
        let base = StoredValue::new(api::api_base());
        let (request, followed) = followed_or_new(first);
        let link = LinkToken::send_once(followed, move |token| {
            send_token(request, base.get_value(), path, token)
        });
        // Where the server acted as it drew the page, the page starts from
        // its answer (the effect below only sees later ones).
        let first = request.answer().get_untracked();
        let state = RwSignal::new(first.clone().and_then(Result::ok));
        let invalid = RwSignal::new(matches!(first, Some(Err(ApiError::NotFound))));
        let failed = RwSignal::new(None::<ApiError>);
        let action_failed = RwSignal::new(false);
        Effect::new(move || {
            let Some(result) = request.answer().get() else { return };
            match result {
                Ok(answer) => {
                    action_failed.set(false);
                    state.set(Some(answer));
                }
                Err(ApiError::NotFound) => invalid.set(true),
                Err(_) if state.with_untracked(Option::is_some) => action_failed.set(true),
                Err(error) => failed.set(Some(error)),
            }
        });
        let phase = Memo::new(move |_| {
            if link.missing() || invalid.get() {
                Phase::Invalid
            } else if state.with(Option::is_some) {
                Phase::Done
            } else if let Some(error) = failed.get() {
                Phase::Failed(error)
            } else {
                Phase::Working
            }
        });
        UndoableLink {
            link,
            request,
            base,
            state,
            action_failed,
            failed,
            phase,
        }
    }

    /// Sends the link's token to `path` (the action, or its undoing).
    pub fn send(self, path: &'static str) {
        if let Some(token) = self.link.token() {
            send_token(self.request, self.base.get_value(), path, token);
        }
    }

    /// The first action again, after it failed.
    pub fn retry(self, path: &'static str) {
        if self.link.token().is_some() {
            self.failed.set(None);
            self.send(path);
        }
    }

    pub fn pending(self) -> ReadSignal<bool> {
        self.request.pending()
    }
}

#[derive(Debug, Clone, Copy)]
pub struct LinkToken {
    query: Memo<ParamsMap>,
    missing: RwSignal<bool>,
}

impl LinkToken {
    /// Calls `send` with the address's token as soon as it is known,
    /// unless the server `followed` the link as it drew the page.
    ///
    /// Read in an effect: on a client-side navigation the query may settle
    /// after the path. The token is sent once; the actions behind these
    /// links are idempotent on the server, so a retry is safe.
    pub fn send_once(followed: bool, send: impl Fn(String) + 'static) -> LinkToken {
        let link = LinkToken {
            query: use_query_map(),
            missing: RwSignal::new(false),
        };
        Effect::new(move |sent: Option<bool>| {
            if followed || sent == Some(true) {
                return true;
            }
            link.query.track();
            match link.token() {
                Some(token) => {
                    link.missing.set(false);
                    send(token);
                    true
                }
                None => {
                    link.missing.set(true);
                    false
                }
            }
        });
        link
    }

    /// Whether the address has no token (a link cut short when copied).
    pub fn missing(self) -> bool {
        self.missing.get()
    }

    pub fn token(self) -> Option<String> {
        self.query
            .with_untracked(|query| query.get("t"))
            .filter(|token| !token.trim().is_empty())
    }
}
