//! `StripeApi` against the local Stripe fake: what goes over the wire
//! (a form, the key, the pinned version, the idempotency key), what comes
//! back, and how each failure is told apart.

use std::time::{Duration, Instant};

use civic_api::donation::{Currency, Frequency};
use civic_api::{Email, Locale};
use civic_server::config::Secret;
use civic_server::payments::provider::{CheckoutRequest, CheckoutSession, ProviderError};
use civic_server::payments::stripe_api::StripeApi;

use crate::stripe_fake::{Failure, RecordedRequest, StripeFake, unreachable_url};

const SECRET_KEY: &str = "sk_test_civic_4f1c9e";

fn api(fake: &StripeFake) -> StripeApi {
    StripeApi::new(fake.url(), Secret::new(SECRET_KEY.to_owned()))
}

fn gift(frequency: Frequency, locale: Locale) -> CheckoutRequest {
    CheckoutRequest {
        reference: "gift-7".to_owned(),
        idempotency_key: "donation-7-attempt".to_owned(),
        frequency,
        amount: 1999,
        currency: Currency::parse("EUR").unwrap(),
        email: Email::parse("donor@example.org").unwrap(),
        locale,
        description: "Gift to Civic".to_owned(),
        success_url: "https://civic.example/en/donate/thanks?ref=gift-7".to_owned(),
        cancel_url: "https://civic.example/en/donate".to_owned(),
    }
}

/// Sends one checkout to a fresh fake and returns the request it got.
async fn sent_checkout(request: &CheckoutRequest) -> RecordedRequest {
    let fake = StripeFake::start().await;
    api(&fake).create_checkout_session(request).await.expect("a session");
    let mut requests = fake.requests();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

#[tokio::test]
async fn a_checkout_is_a_form_post_with_the_bearer_key_the_pinned_version_and_the_idempotency_key() {
    let sent = sent_checkout(&gift(Frequency::Once, Locale::En)).await;
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path, "/v1/checkout/sessions");
    assert_eq!(sent.authorization.as_deref(), Some("Bearer sk_test_civic_4f1c9e"));
    assert_eq!(sent.idempotency_key.as_deref(), Some("donation-7-attempt"));
    assert_eq!(sent.stripe_version.as_deref(), Some("2025-03-31.basil"));
    assert_eq!(sent.content_type.as_deref(), Some("application/x-www-form-urlencoded"));
}

#[tokio::test]
async fn a_one_time_gift_asks_for_a_payment_in_minor_units_with_the_reference_on_the_payment() {
    let sent = sent_checkout(&gift(Frequency::Once, Locale::En)).await;
    let expected = [
        ("mode", Some("payment")),
        ("line_items[0][quantity]", Some("1")),
        ("line_items[0][price_data][currency]", Some("eur")),
        ("line_items[0][price_data][unit_amount]", Some("1999")),
        ("line_items[0][price_data][product_data][name]", Some("Gift to Civic")),
        ("line_items[0][price_data][recurring][interval]", None),
        ("customer_email", Some("donor@example.org")),
        ("customer_creation", Some("always")),
        ("client_reference_id", Some("gift-7")),
        ("metadata[reference]", Some("gift-7")),
        ("payment_intent_data[metadata][reference]", Some("gift-7")),
        ("subscription_data[metadata][reference]", None),
        // The query survives the form encoding.
        ("success_url", Some("https://civic.example/en/donate/thanks?ref=gift-7")),
        ("cancel_url", Some("https://civic.example/en/donate")),
    ];
    for (name, value) in expected {
        assert_eq!(sent.field(name), value, "{name}");
    }
}

#[tokio::test]
async fn a_recurring_gift_asks_for_a_subscription_at_its_interval_with_the_reference_on_the_subscription() {
    for (frequency, interval) in [(Frequency::Monthly, "month"), (Frequency::Yearly, "year")] {
        let sent = sent_checkout(&gift(frequency, Locale::En)).await;
        let expected = [
            ("mode", Some("subscription")),
            ("line_items[0][price_data][unit_amount]", Some("1999")),
            ("line_items[0][price_data][recurring][interval]", Some(interval)),
            ("metadata[reference]", Some("gift-7")),
            ("subscription_data[metadata][reference]", Some("gift-7")),
            ("payment_intent_data[metadata][reference]", None),
            ("customer_creation", None),
        ];
        for (name, value) in expected {
            assert_eq!(sent.field(name), value, "{frequency:?}: {name}");
        }
    }
}

#[tokio::test]
async fn each_language_is_sent_as_its_checkout_locale_and_arabic_as_auto() {
    let expected = [
        (Locale::En, "en"),
        (Locale::Fr, "fr"),
        (Locale::Es, "es"),
        (Locale::Ar, "auto"),
    ];
    for (locale, code) in expected {
        let sent = sent_checkout(&gift(Frequency::Once, locale)).await;
        assert_eq!(sent.field("locale"), Some(code), "{locale:?}");
    }
}

#[tokio::test]
async fn a_checkout_returns_the_id_and_page_stripe_made() {
    let fake = StripeFake::start().await;
    let session = api(&fake)
        .create_checkout_session(&gift(Frequency::Once, Locale::En))
        .await
        .unwrap();
    let expected = CheckoutSession {
        id: "cs_test_1".to_owned(),
        url: "https://checkout.stripe.test/c/pay/cs_test_1".to_owned(),
    };
    assert_eq!(session, expected);
}

#[tokio::test]
async fn the_same_idempotency_key_twice_gives_one_session() {
    let fake = StripeFake::start().await;
    let api = api(&fake);
    let request = gift(Frequency::Monthly, Locale::Fr);
    let first = api.create_checkout_session(&request).await.unwrap();
    let again = api.create_checkout_session(&request).await.unwrap();
    assert_eq!(first, again);
    let another = CheckoutRequest {
        idempotency_key: "donation-8-attempt".to_owned(),
        ..request
    };
    let second = api.create_checkout_session(&another).await.unwrap();
    assert_ne!(second.id, first.id, "another key is another session");
}

#[tokio::test]
async fn a_portal_session_is_asked_for_the_customer_and_returns_its_page() {
    let fake = StripeFake::start().await;
    let url = api(&fake)
        .create_portal_session("cus_123", "https://civic.example/en/account")
        .await
        .unwrap();
    assert_eq!(url, "https://billing.stripe.test/p/session/bps_1");
    let sent = &fake.requests()[0];
    assert_eq!(sent.path, "/v1/billing_portal/sessions");
    assert_eq!(sent.authorization.as_deref(), Some("Bearer sk_test_civic_4f1c9e"));
    assert_eq!(sent.stripe_version.as_deref(), Some("2025-03-31.basil"));
    assert_eq!(sent.field("customer"), Some("cus_123"));
    assert_eq!(sent.field("return_url"), Some("https://civic.example/en/account"));
}

#[tokio::test]
async fn a_refusal_becomes_refused_with_stripes_status_and_message() {
    let cases = [
        (Failure::CardDeclined, 402, "Your card was declined."),
        (Failure::ServerError, 500, "An unknown error occurred"),
        (Failure::KeyQuoted, 401, "Invalid API Key provided: [redacted]"),
    ];
    for (failure, expected_status, expected_message) in cases {
        let fake = StripeFake::start().await;
        fake.fail_with(failure);
        let error = api(&fake)
            .create_checkout_session(&gift(Frequency::Once, Locale::En))
            .await
            .unwrap_err();
        match error {
            ProviderError::Refused { status, message } => {
                assert_eq!(
                    (status, message.as_str()),
                    (expected_status, expected_message),
                    "{failure:?}"
                );
            }
            other => panic!("{failure:?}: expected a refusal, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_same_key_with_another_amount_is_refused() {
    let fake = StripeFake::start().await;
    let api = api(&fake);
    let request = gift(Frequency::Once, Locale::En);
    api.create_checkout_session(&request).await.unwrap();
    let changed = CheckoutRequest {
        amount: 5000,
        ..request
    };
    let error = api.create_checkout_session(&changed).await.unwrap_err();
    assert!(matches!(error, ProviderError::Refused { status: 400, .. }), "{error:?}");
}

#[tokio::test]
async fn an_unreachable_stripe_is_reported_unreachable_at_once() {
    let api = StripeApi::new(unreachable_url().await, Secret::new(SECRET_KEY.to_owned()));
    let started = Instant::now();
    let error = api
        .create_checkout_session(&gift(Frequency::Once, Locale::En))
        .await
        .unwrap_err();
    assert!(matches!(error, ProviderError::Unreachable(_)), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    let error = api
        .create_portal_session("cus_123", "https://civic.example/")
        .await
        .unwrap_err();
    assert!(matches!(error, ProviderError::Unreachable(_)), "{error:?}");
}

#[tokio::test]
async fn an_answer_without_a_page_is_reported_unreachable() {
    let fake = StripeFake::start().await;
    fake.fail_with(Failure::AnswerWithoutUrl);
    let error = api(&fake)
        .create_checkout_session(&gift(Frequency::Once, Locale::En))
        .await
        .unwrap_err();
    assert!(matches!(error, ProviderError::Unreachable(_)), "{error:?}");
}

#[tokio::test]
async fn no_error_says_the_secret_key() {
    let mut errors = Vec::new();
    for failure in [
        Failure::CardDeclined,
        Failure::ServerError,
        Failure::KeyQuoted,
        Failure::AnswerWithoutUrl,
    ] {
        let fake = StripeFake::start().await;
        fake.fail_with(failure);
        errors.push(
            api(&fake)
                .create_checkout_session(&gift(Frequency::Once, Locale::En))
                .await
                .unwrap_err(),
        );
        errors.push(
            api(&fake)
                .create_portal_session("cus_123", "https://civic.example/")
                .await
                .unwrap_err(),
        );
    }
    let unreachable = StripeApi::new(unreachable_url().await, Secret::new(SECRET_KEY.to_owned()));
    errors.push(
        unreachable
            .create_checkout_session(&gift(Frequency::Once, Locale::En))
            .await
            .unwrap_err(),
    );
    for error in errors {
        let shown = format!("{error} / {error:?}");
        assert!(!shown.contains(SECRET_KEY), "{shown}");
        // The key's own characters, not just its prefix.
        assert!(!shown.contains("civic_4f1c9e"), "{shown}");
    }
}
