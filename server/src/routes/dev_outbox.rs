//! `/dev/outbox`: the mail that would have been sent, for developers and
//! end-to-end tests. Only mounted while no SMTP server is configured, so on
//! a real deployment these paths are the site's not-found page.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::ApiError;
use crate::mail::OutboxMessage;
use crate::mail::compose::linkify;
use crate::mail::outbox;
use crate::site::shell::escape;
use crate::state::AppState;

pub const PAGE: &str = "/dev/outbox";
pub const JSON: &str = "/dev/outbox.json";
const SHOWN: i64 = 100;

pub fn router(state: AppState) -> Router {
    if !state.mail.is_dev_outbox() {
        return Router::new();
    }
    Router::new()
        .route(PAGE, get(page))
        .route(JSON, get(json))
        .with_state(state)
}

/// Never cached: it changes with every message.
const NO_STORE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "no-store");

async fn json(State(state): State<AppState>) -> Result<Response, ApiError> {
    let messages = outbox::latest(&state.pool, SHOWN).await?;
    Ok(([NO_STORE], Json(messages)).into_response())
}

async fn page(State(state): State<AppState>) -> Result<Response, ApiError> {
    let messages = outbox::latest(&state.pool, SHOWN).await?;
    let headers = [(header::CONTENT_TYPE, "text/html; charset=utf-8"), NO_STORE];
    Ok((headers, render(&messages)).into_response())
}

/// Plain HTML with no inline script or style, so the site's strict CSP holds.
fn render(messages: &[OutboxMessage]) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>Dev outbox</title>\n</head>\n<body>\n<main>\n\
         <h1>Dev outbox</h1>\n\
         <p>No mail leaves this server: <code>CIVIC_SMTP_URL</code> is unset. \
         These are the latest 100 messages, newest first (also as <a href=\"/dev/outbox.json\">JSON</a>).</p>\n",
    );
    if messages.is_empty() {
        html.push_str("<p>No messages yet.</p>\n");
    }
    for message in messages {
        html.push_str(&format!(
            "<article id=\"mail-{id}\" lang=\"{locale}\">\n<h2>{subject}</h2>\n<dl>\n\
             <dt>To</dt><dd>{to}</dd>\n{reply_to}<dt>Date</dt><dd><time datetime=\"{created}\">{created}</time></dd>\n\
             <dt>Status</dt><dd>{status}</dd>\n</dl>\n<pre>{text}</pre>\n</article>\n",
            id = message.id,
            locale = escape(&message.locale),
            subject = escape(&message.subject),
            to = escape(&message.to),
            reply_to = message
                .reply_to
                .as_deref()
                .map(|address| format!("<dt>Reply-To</dt><dd>{}</dd>\n", escape(address)))
                .unwrap_or_default(),
            created = escape(&message.created_at),
            status = escape(&message.status),
            text = linkify(&message.text).replace("<br>\n", "\n"),
        ));
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::outbox::Headers;

    fn message(subject: &str, text: &str) -> OutboxMessage {
        OutboxMessage {
            id: 7,
            to: "ada@example.org".into(),
            locale: "fr".into(),
            subject: subject.into(),
            text: text.into(),
            html: String::new(),
            headers: Headers::default(),
            reply_to: None,
            status: "sent".into(),
            attempts: 1,
            created_at: "2026-11-29T12:00:00.000000Z".into(),
            sent_at: None,
        }
    }

    #[test]
    fn everything_is_escaped_and_links_are_clickable() {
        let html = render(&[message(
            "<script>alert(1)</script>",
            "Confirm:\nhttps://civic.example.org/confirm-signature?t=c.a&b\n<i>bye</i>",
        )]);
        assert!(!html.contains("<script>"));
        assert!(html.contains("<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>"));
        assert!(html.contains(
            "<a href=\"https://civic.example.org/confirm-signature?t=c.a&amp;b\">https://civic.example.org/confirm-signature?t=c.a&amp;b</a>\n&lt;i&gt;bye"
        ));
        assert!(!html.contains("style"));
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    }
}
