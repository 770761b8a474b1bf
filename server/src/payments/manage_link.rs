//! The link in a monthly gift's receipt (`/manage-gift?t=g.…`): it opens
//! the provider's page where the giver changes or stops the gift, without
//! an account. The token names the payment and is bound to its gift's
//! reference, signed and valid 400 days; a link that is not genuine, has
//! expired or names a gift with nothing to manage gets a page that says
//! so, never an error that tells whose gift it was.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use civic_api::{Locale, SiteRoute, Target};
use time::OffsetDateTime;

use crate::site::shell::escape;
use crate::state::AppState;
use crate::storage::donations;
use crate::tokens::{self, MANAGE_GIFT_TTL, Purpose};

pub const PATH: &str = "/manage-gift";

/// The link for the gift `reference`, naming its payment `payment_id`.
pub fn url(state: &AppState, payment_id: i64, reference: &str) -> String {
    let token = tokens::issue_bound(
        &state.secret,
        Purpose::ManageGift,
        payment_id,
        reference.as_bytes(),
        MANAGE_GIFT_TTL,
        OffsetDateTime::now_utc(),
    );
    format!("{}{PATH}?t={token}", state.site.public_url())
}

pub fn router(state: AppState) -> Router {
    Router::new().route(PATH, get(follow)).with_state(state)
}

#[derive(Debug, serde::Deserialize)]
struct Link {
    #[serde(default)]
    t: String,
}

async fn follow(State(state): State<AppState>, Query(link): Query<Link>) -> Response {
    match portal_of(&state, &link.t).await {
        Ok(Some(url)) => Redirect::to(&url).into_response(),
        Ok(None) => unusable(&state, StatusCode::NOT_FOUND),
        Err(error) => {
            tracing::warn!(error = %format!("{error:#}"), "no customer portal for a monthly gift");
            unusable(&state, StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

/// The provider's page for the gift the token names; `None` when the
/// token does not hold or the gift has nothing to manage.
async fn portal_of(state: &AppState, token: &str) -> anyhow::Result<Option<String>> {
    let Some(payment_id) = tokens::claimed_subject(Purpose::ManageGift, token) else {
        return Ok(None);
    };
    let Some(gift) = donations::gift_of_payment(&state.pool, payment_id).await? else {
        return Ok(None);
    };
    let now = OffsetDateTime::now_utc();
    if tokens::verify_bound(
        &state.secret,
        Purpose::ManageGift,
        token,
        gift.reference.as_bytes(),
        now,
    )
    .is_none()
    {
        return Ok(None);
    }
    let Some(customer) = gift.customer.as_deref().filter(|_| gift.subscription.is_some()) else {
        return Ok(None);
    };
    let locale = Locale::parse(&gift.locale).unwrap_or(Locale::En);
    let back = format!(
        "{}{}",
        state.site.public_url(),
        SiteRoute {
            locale,
            target: Target::Donate
        }
        .path()
    );
    let url = state.payments.provider.portal_url(customer, &back).await?;
    Ok(Some(url))
}

/// A plain page in the organisation's words: the link cannot be used.
fn unusable(state: &AppState, status: StatusCode) -> Response {
    let contact = &state.payments.offer.organisation.email;
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>This link cannot be used</title>\n</head>\n<body>\n<main>\n\
         <h1>This link cannot be used</h1>\n\
         <p>It has expired, it was cut short, or the monthly gift it is for has ended. To change or stop a \
         monthly gift, write to <a href=\"mailto:{contact}\">{contact}</a>.</p>\n\
         <p><a href=\"/\">Back to the site</a></p>\n</main>\n</body>\n</html>\n",
        contact = escape(contact),
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}
