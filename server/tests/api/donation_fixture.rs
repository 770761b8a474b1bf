//! What the donation tests share: a server taking payments through the
//! Stripe fake, gifts started through the API, and events signed as
//! Stripe signs them.

use civic_api::donation::{AmountChoice, CheckoutStarted, DonationRequest, DonationView, Frequency};
use civic_api::{Locale, paths};
use civic_server::config::{Secret, StripeConfig};
use civic_server::payments::signature;
use reqwest::Response;
use serde_json::{Value, json};

use crate::accounts::post;
use crate::helpers::{TestApp, setup};
use crate::stripe_fake::StripeFake;

pub const WEBHOOK_SECRET: &str = "whsec_civic_tests";
pub const GIVER: &str = "giver@example.org";

/// A server whose payments go to the Stripe fake at `api_url`.
pub async fn app_with_stripe(api_url: String) -> TestApp {
    let mut setup = setup();
    setup.config.stripe = Some(StripeConfig {
        secret_key: Secret::new("sk_test_civic".to_owned()),
        webhook_secrets: vec![Secret::new(WEBHOOK_SECRET.to_owned())],
        api_url,
    });
    setup.spawn().await
}

pub async fn app_and_fake() -> (TestApp, StripeFake) {
    let fake = StripeFake::start().await;
    (app_with_stripe(fake.url()).await, fake)
}

pub fn gift(key: &str) -> DonationRequest {
    DonationRequest {
        idempotency_key: format!("gift-key-{key:0>16}"),
        locale: Some(Locale::Es),
        currency: "EUR".into(),
        frequency: Frequency::Once,
        amount: AmountChoice::Preset { id: "eur-2500".into() },
        email: GIVER.into(),
        dedication: String::new(),
    }
}

pub async fn start(app: &TestApp, request: &DonationRequest) -> CheckoutStarted {
    let response = post(app, paths::DONATIONS, request).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

pub async fn view(app: &TestApp, reference: &str) -> DonationView {
    let response = app.get(&paths::donation(reference)).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// An event as Stripe sends it.
pub fn event(id: &str, kind: &str, created: i64, object: Value) -> String {
    json!({"id": id, "object": "event", "type": kind, "created": created, "livemode": false,
           "data": {"object": object}})
    .to_string()
}

/// A checkout session object for the gift `reference` started.
pub fn session(reference: &str, session: &str, paid: bool, amount: u64) -> Value {
    json!({
        "id": session, "object": "checkout.session", "client_reference_id": reference,
        "metadata": {"reference": reference}, "mode": "payment",
        "payment_status": if paid { "paid" } else { "unpaid" },
        "payment_intent": format!("pi_for_{session}"), "customer": "cus_1",
        "amount_total": amount, "currency": "eur",
        "customer_details": {"email": GIVER},
    })
}

/// Posts `body` to the webhook with `header` as its signature.
pub async fn deliver_signed(app: &TestApp, body: &str, header: &str) -> Response {
    app.client
        .post(app.url(paths::PAYMENT_WEBHOOK))
        .header("content-type", "application/json")
        .header("stripe-signature", header)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

/// Posts `body` signed now with the tests' webhook secret.
pub async fn deliver(app: &TestApp, body: &str) -> Response {
    deliver_signed(
        app,
        body,
        &signature::sign(body.as_bytes(), WEBHOOK_SECRET.as_bytes(), now()),
    )
    .await
}

pub async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&app.pool)
        .await
        .unwrap()
}
