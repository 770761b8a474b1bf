//! The consent banner without the app: the server reads the visitor's
//! decision from the `civic.consent` cookie to draw the banner as the app
//! would (or not at all), and takes the banner's form when the browser
//! posts it by itself. The decision is then stored exactly as the app
//! stores it (the same cookie, the same record), logged as the app logs
//! it, and the visitor is sent back to the page they were reading.

use std::collections::HashMap;

use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use civic_api::consent::{
    ConsentId, ConsentLogRequest, ConsentRecord, DECISION_FIELD, FormDecision, SETTINGS_PARAM, StorageItem,
    settings_asked,
};
use civic_api::{Locale, Slug};
use civic_web::render::ServerConsent;
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::ApiError;
use crate::routes::consents::{self, signal_in};
use crate::state::AppState;
use crate::storage;

/// What the request says of the visitor's consent, for drawing a page in
/// `locale` at `path` (with its query).
pub async fn known(state: &AppState, headers: &HeaderMap, locale: Locale, path: &str) -> ServerConsent {
    let revision = state.site.policy_revision();
    let record = record_in(headers);
    // A banner asking again says what changed in the policy.
    let policy = match &record {
        Some(record) if record.revision < revision => privacy_policy(state, locale).await,
        _ => None,
    };
    ServerConsent {
        revision: Some(revision),
        record,
        signal: signal_in(headers),
        settings: path.split_once('?').is_some_and(|(_, query)| settings_asked(query)),
        policy,
    }
}

async fn privacy_policy(state: &AppState, locale: Locale) -> Option<civic_api::page::Page> {
    let slug = Slug::parse("privacy").ok()?;
    match storage::pages::find(&state.pool, locale, &slug).await {
        Ok(page) => page,
        Err(error) => {
            tracing::error!(error = ?error, "failed to read the privacy policy for the banner");
            None
        }
    }
}

/// The decision in the request's `civic.consent` cookie, if it reads.
pub fn record_in(headers: &HeaderMap) -> Option<ConsentRecord> {
    let value = crate::cookies::value(headers, StorageItem::ConsentRecord.key())?;
    ConsentRecord::parse(&percent_decode_str(value).decode_utf8().ok()?)
}

/// Whether a posted form is the banner's.
pub fn is_banner(fields: &HashMap<String, String>) -> bool {
    fields.contains_key(DECISION_FIELD)
}

/// Takes the banner's form posted to the page at `uri`: stores the
/// decision, logs it, and sends the visitor back to the page (without the
/// settings it was opened at). A client over its budget (`allowed` is
/// false) gets the page again, still asking, with `429`.
pub async fn decide(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    fields: &HashMap<String, String>,
    allowed: bool,
) -> Response {
    let Some(decision) = fields.get(DECISION_FIELD).and_then(|value| FormDecision::parse(value)) else {
        return ApiError::BadRequest("Not a decision the banner offers".to_owned()).into_response();
    };
    if !allowed {
        return super::page_answer(state, headers, uri, StatusCode::TOO_MANY_REQUESTS, None).await;
    }
    let signal = signal_in(headers);
    let choices = decision.choices(|name| fields.contains_key(name)).honouring(signal);
    // A change of mind keeps the id of what it changes.
    let id = record_in(headers).map_or_else(|| ConsentId::from_bytes(rand::random()), |record| record.id);
    let revision = state.site.policy_revision();
    let log = ConsentLogRequest {
        consent_id: id.as_str().to_owned(),
        choices,
        revision,
        signal,
    };
    if let Err(error) = consents::log(state, &log).await {
        return error.into_response();
    }
    let record = ConsentRecord {
        id,
        choices,
        revision,
        decided_at: OffsetDateTime::now_utc().format(&Rfc3339).unwrap_or_default(),
    };
    let secure = state.site.public_url().starts_with("https://");
    let Ok(cookie) = HeaderValue::from_str(&cookie_for(&record, secure)) else {
        return ApiError::Unexpected(anyhow::anyhow!("a consent cookie that is not a header")).into_response();
    };
    let back = HeaderValue::from_str(&without_settings(uri)).unwrap_or(HeaderValue::from_static("/"));
    (
        StatusCode::SEE_OTHER,
        [(header::SET_COOKIE, cookie), (header::LOCATION, back)],
    )
        .into_response()
}

/// The cookie the app writes for `record` (`consent::storage::write`).
fn cookie_for(record: &ConsentRecord, secure: bool) -> String {
    let json = serde_json::to_string(record).unwrap_or_default();
    StorageItem::ConsentRecord.cookie(&utf8_percent_encode(&json, NON_ALPHANUMERIC).to_string(), secure)
}

/// `uri`'s path and query, less the query that opened the settings.
fn without_settings(uri: &Uri) -> String {
    let kept: Vec<(String, String)> = uri
        .query()
        .map(|query| {
            form_urlencoded::parse(query.as_bytes())
                .filter(|(name, _)| name != SETTINGS_PARAM)
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    match kept.is_empty() {
        true => uri.path().to_owned(),
        false => {
            let query = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(kept)
                .finish();
            format!("{}?{query}", uri.path())
        }
    }
}

#[cfg(test)]
mod tests {
    use civic_api::consent::Choices;

    use super::*;

    fn record() -> ConsentRecord {
        ConsentRecord {
            id: ConsentId::from_bytes([3; 16]),
            choices: Choices {
                analytics: true,
                ..Choices::ALL_REJECTED
            },
            revision: 4,
            decided_at: "2026-12-02T10:00:00Z".to_owned(),
        }
    }

    #[test]
    fn the_cookie_written_reads_back_among_others() {
        let cookie = cookie_for(&record(), false);
        let pair = cookie.split(';').next().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("other=1; {pair}; last=2")).unwrap(),
        );
        assert_eq!(record_in(&headers), Some(record()));
        assert!(cookie.contains("SameSite=Lax") && cookie.contains("Path=/") && !cookie.contains("Secure"));
        assert!(cookie_for(&record(), true).ends_with("; Secure"));
    }

    #[test]
    fn a_cookie_that_does_not_read_is_no_decision() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("civic.consent=%7Bnot-json"));
        assert_eq!(record_in(&headers), None);
        assert_eq!(record_in(&HeaderMap::new()), None);
    }

    #[test]
    fn the_way_back_keeps_the_query_but_the_settings() {
        let uri: Uri = "/petitions/x?source=mastodon&cookie-settings=open".parse().unwrap();
        assert_eq!(without_settings(&uri), "/petitions/x?source=mastodon");
        let uri: Uri = "/fr/about?cookie-settings=open".parse().unwrap();
        assert_eq!(without_settings(&uri), "/fr/about");
    }
}
