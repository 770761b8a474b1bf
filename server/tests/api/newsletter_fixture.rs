//! Typed calls to the newsletter endpoints and what the tests read back.

use civic_api::newsletter::{AddressRequest, SubscriptionState, SubscriptionStatus};
use civic_api::petition::TokenRequest;
use civic_api::{Locale, paths};
use civic_server::mail::OutboxMessage;
use reqwest::Response;

use crate::helpers::TestApp;
use crate::petitions_fixture::token_of;

pub fn address_request(email: &str, locale: Locale) -> AddressRequest {
    AddressRequest {
        idempotency_key: format!("news-{:016x}{:016x}", rand::random::<u64>(), rand::random::<u64>()),
        locale: Some(locale),
        email: email.into(),
        website: String::new(),
    }
}

pub async fn subscribers(app: &TestApp) -> i64 {
    app.scalar("SELECT COUNT(*) FROM newsletter_subscribers").await
}

/// A 200 answer's body.
pub async fn status(response: Response) -> SubscriptionStatus {
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// The value of header `name` in a mail, if it has it.
pub fn header<'m>(mail: &'m OutboxMessage, name: &str) -> Option<&'m str> {
    mail.headers
        .0
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// Checks what every message to the list carries: the unsubscribe page's
/// link in both parts, and the RFC 8058 headers naming the one-click POST
/// address with the same token.
pub fn assert_list_mail(mail: &OutboxMessage) {
    let list = header(mail, "List-Unsubscribe").unwrap_or_else(|| panic!("no List-Unsubscribe: {}", mail.subject));
    let one_click = list
        .strip_prefix('<')
        .and_then(|rest| rest.strip_suffix('>'))
        .unwrap_or_else(|| panic!("not <address>: {list}"));
    assert!(
        one_click.starts_with(&format!(
            "{}{}?t=u.",
            crate::fixture::PUBLIC_URL,
            paths::NEWSLETTER_ONE_CLICK
        )),
        "{one_click}"
    );
    assert_eq!(
        header(mail, "List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click"),
        "{}",
        mail.subject
    );
    let token = token_of(one_click);
    let page = crate::helpers::links(&mail.text)
        .into_iter()
        .find(|link| link.contains("/unsubscribe?t=u."))
        .unwrap_or_else(|| panic!("no unsubscribe link in the text: {}", mail.text));
    assert_eq!(
        token_of(&page),
        token,
        "the page and the header unsubscribe the same address"
    );
    assert!(mail.html.contains(&format!("href=\"{page}\"")), "{}", mail.html);
}

impl TestApp {
    pub async fn subscribe(&self, request: &AddressRequest) -> Response {
        self.post_json(paths::NEWSLETTER_SUBSCRIPTIONS, request).await
    }

    pub async fn ask_unsubscribe_link(&self, request: &AddressRequest) -> Response {
        self.post_json(paths::NEWSLETTER_UNSUBSCRIBE_LINKS, request).await
    }

    /// POSTs `{"token": …}` to one of the token endpoints.
    pub async fn with_token(&self, path: &str, token: &str) -> Response {
        self.post_json(path, &TokenRequest { token: token.into() }).await
    }

    /// The `t` of the newest link to `to` whose address contains `path`.
    pub async fn token_in_mail(&self, to: &str, path: &str) -> String {
        token_of(&self.link_in_latest_mail_to(to, path).await)
    }

    /// Signs up and confirms from the mail; the newest unsubscribe token.
    pub async fn subscribed(&self, email: &str, locale: Locale) -> String {
        assert_eq!(self.subscribe(&address_request(email, locale)).await.status(), 202);
        let token = self.token_in_mail(email, "/confirm-subscription?t=").await;
        let response = self.with_token(paths::NEWSLETTER_CONFIRM, &token).await;
        assert_eq!(response.status(), 200);
        let status: SubscriptionStatus = response.json().await.unwrap();
        assert_eq!(status.state, SubscriptionState::Subscribed);
        self.token_in_mail(email, "/unsubscribe?t=").await
    }

    /// The stored state of a mailbox, if it has a row.
    pub async fn subscriber_state(&self, email_key: &str) -> Option<String> {
        sqlx::query_scalar("SELECT state FROM newsletter_subscribers WHERE email_key = $1")
            .bind(email_key)
            .fetch_optional(&self.pool)
            .await
            .unwrap()
    }
}
