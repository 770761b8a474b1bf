//! The `?t=` token of an e-mailed link, sent once the page opens.

use civic_api::ErrorBody;
use civic_api::newsletter::SubscriptionStatus;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::{self, ApiError};
use crate::first_page;
use crate::request::Request;

/// The answer to a newsletter link's action.
pub type StatusRequest = Request<Result<SubscriptionStatus, ApiError>>;

/// Sends `token` to the newsletter action at `path`. Every page with such a
/// link sends through here, so the download has one copy of the request.
pub fn send_newsletter_token(request: StatusRequest, base: String, path: &'static str, token: String) {
    request.send(async move { api::newsletter_token(&base, path, &token).await });
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
