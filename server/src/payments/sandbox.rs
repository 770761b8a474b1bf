//! The sandbox provider, the default when no Stripe key is set: the server
//! serves a clearly marked test payment page in place of the provider's
//! (it never asks for a card number; its buttons say what happens), and
//! then sends itself the events Stripe would send, in Stripe's format and
//! signed the same way, through the same webhook code. So a fresh
//! `cargo xtask serve` shows the whole flow, and the end-to-end tests
//! drive it. The events are delivered a moment after the payer is sent
//! back, as a real provider's are, so the thank-you page waits for them.

use std::time::Duration;

use anyhow::Context;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use civic_api::donation::{Currency, DonationStatus, Frequency};
use civic_api::{Locale, Target};
use civic_web::money::format_money;
use rand::Rng;
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::error::ApiError;
use crate::payments::provider::{CheckoutRequest, CheckoutSession};
use crate::payments::{signature, webhook};
use crate::secret::SecretKey;
use crate::site::shell::escape;
use crate::state::AppState;
use crate::storage::donations::{self, DonationRow};

pub const CHECKOUT_PAGE: &str = "/sandbox/checkout/{session}";
/// The stand-in for the provider's customer portal, where a payer changes
/// or cancels a recurring gift or dues.
pub const PORTAL_PAGE: &str = "/sandbox/portal/{customer}";

/// How long after the payer's click the events arrive.
const DELIVERY_DELAY: Duration = Duration::from_millis(1500);
/// How long a "pay later" bank payment takes to arrive.
const SETTLEMENT_DELAY: Duration = Duration::from_secs(4);

pub struct Sandbox {
    webhook_secret: Vec<u8>,
    public_url: String,
}

impl Sandbox {
    /// Its events are signed with a secret drawn from the server's key, so
    /// every server of one site checks them alike.
    pub fn new(secret: &SecretKey, public_url: &str) -> Sandbox {
        let derived = secret.derive(b"civic sandbox payment webhook");
        Sandbox {
            webhook_secret: format!("whsec_{derived}").into_bytes(),
            public_url: public_url.to_owned(),
        }
    }

    pub fn webhook_secret(&self) -> &[u8] {
        &self.webhook_secret
    }

    pub fn create_checkout(&self, _request: &CheckoutRequest) -> CheckoutSession {
        let id = format!("cs_sandbox_{}", random_id());
        CheckoutSession {
            url: format!("{}{}", self.public_url, CHECKOUT_PAGE.replace("{session}", &id)),
            id,
        }
    }

    pub fn portal_url(&self, customer: &str, _return_url: &str) -> String {
        format!("{}{}", self.public_url, PORTAL_PAGE.replace("{customer}", customer))
    }
}

fn random_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::rng();
    (0..24)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// The test payment page and its buttons; mounted only while the sandbox
/// takes the payments.
pub fn router(state: AppState) -> Router {
    if !state.payments.provider.is_sandbox() {
        return Router::new();
    }
    Router::new()
        .route(CHECKOUT_PAGE, get(page).post(pay))
        .route(PORTAL_PAGE, get(portal).post(manage))
        // Its buttons are posted from its own pages only.
        .layer(axum::middleware::from_fn(crate::csrf::refuse_cross_site))
        .with_state(state)
}

const NO_STORE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "no-store");

async fn pending_checkout(state: &AppState, session: &str) -> Result<DonationRow, ApiError> {
    donations::find_by_checkout(&state.pool, session)
        .await?
        .ok_or(ApiError::NotFound)
}

async fn page(State(state): State<AppState>, Path(session): Path<String>) -> Result<Response, ApiError> {
    let gift = pending_checkout(&state, &session).await?;
    let headers = [(header::CONTENT_TYPE, "text/html; charset=utf-8"), NO_STORE];
    Ok((headers, render(&state, &session, &gift)).into_response())
}

/// Plain HTML, in English like the provider's own test pages, with no
/// inline script or style so the site's strict CSP holds.
fn render(state: &AppState, session: &str, gift: &DonationRow) -> String {
    let currency = Currency::parse(&gift.currency).ok();
    let amount = currency
        .as_ref()
        .map(|currency| format_money(Locale::En, gift.amount.max(0) as u64, currency))
        .unwrap_or_default();
    let frequency = Frequency::parse(&gift.frequency).unwrap_or(Frequency::Once);
    let description = state
        .payments
        .receipts
        .description(Locale::En, frequency, gift.tier.is_some());
    let open = DonationStatus::parse(&gift.status) == Some(DonationStatus::Pending);
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>Test payment: no money moves</title>\n</head>\n<body>\n<main>\n\
         <h1>Test payment: no money moves</h1>\n\
         <p><strong>This is the sandbox that stands in for the payment provider</strong> while no Stripe key is set \
         (<code>CIVIC_STRIPE_SECRET_KEY</code>). It never asks for a card number. Choose what the provider \
         would answer; its events then reach the site as Stripe's would.</p>\n\
         <dl>\n<dt>For</dt><dd>{description}</dd>\n<dt>Amount</dt><dd>{amount}</dd>\n\
         <dt>Receipt to</dt><dd>{email}</dd>\n</dl>\n",
        description = escape(&description),
        amount = escape(&amount),
        email = escape(&gift.email),
    );
    if open {
        html.push_str(&format!(
            "<form method=\"post\" action=\"{action}\">\n\
             <button type=\"submit\" name=\"outcome\" value=\"succeed\">Succeed</button>\n\
             <button type=\"submit\" name=\"outcome\" value=\"decline\">Decline</button>\n\
             <button type=\"submit\" name=\"outcome\" value=\"later\">Pay later</button>\n\
             <button type=\"submit\" name=\"outcome\" value=\"cancel\">Cancel</button>\n\
             </form>\n\
             <p>Succeed: the payment is made at once. Decline: the card is refused. Pay later: a bank payment \
             that arrives a few seconds later. Cancel: back to the site without paying.</p>\n",
            action = escape(&CHECKOUT_PAGE.replace("{session}", session)),
        ));
    } else {
        html.push_str("<p>This test payment is finished: nothing more can happen here.</p>\n");
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

#[derive(Debug, Deserialize)]
struct Choice {
    outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Outcome {
    Succeed,
    Decline,
    Later,
    Cancel,
}

async fn pay(
    State(state): State<AppState>,
    Path(session): Path<String>,
    Form(choice): Form<Choice>,
) -> Result<Response, ApiError> {
    let gift = pending_checkout(&state, &session).await?;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let story = Story::of(&gift, &session, now);
    let (at_once, later) = match choice.outcome {
        Outcome::Succeed => (story.success(), Vec::new()),
        Outcome::Decline => (
            vec![story.checkout("checkout.session.completed", false), story.declined()],
            Vec::new(),
        ),
        Outcome::Later => (
            vec![story.checkout("checkout.session.completed", false)],
            story.settled(),
        ),
        Outcome::Cancel => (vec![story.checkout("checkout.session.expired", false)], Vec::new()),
    };
    deliver_later(&state, at_once, DELIVERY_DELAY);
    deliver_later(&state, later, SETTLEMENT_DELAY);
    let back = state.payments.return_url(&gift, choice.outcome == Outcome::Cancel)?;
    Ok(Redirect::to(&back).into_response())
}

/// Sends `events` to this server's own webhook code after `delay`, one
/// after the other, each signed as the provider signs them.
fn deliver_later(state: &AppState, events: Vec<Value>, delay: Duration) {
    if events.is_empty() {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        if let Err(error) = deliver_now(&state, events).await {
            tracing::error!(error = %error, "the sandbox could not deliver its payment events");
        }
    });
}

/// The events of one test payment, shaped as Stripe's.
struct Story<'a> {
    gift: &'a DonationRow,
    session: &'a str,
    /// When its events are made.
    now: i64,
    /// When the period being paid for starts: now, or the next payment
    /// day for a renewal.
    period_start: i64,
    payment_intent: String,
    subscription: String,
    customer: String,
    invoice: String,
}

/// How long a sandbox subscription's period lasts.
fn period_seconds(frequency: &str) -> i64 {
    match Frequency::parse(frequency) {
        Some(Frequency::Yearly) => 365 * 86_400,
        _ => 30 * 86_400,
    }
}

impl<'a> Story<'a> {
    /// The story of a subscription that exists: its own ids.
    fn of_subscription(gift: &'a DonationRow, now: i64) -> Option<Story<'a>> {
        Some(Story {
            subscription: gift.subscription.clone()?,
            customer: gift.customer.clone()?,
            ..Story::of(gift, "", now)
        })
    }

    fn of(gift: &'a DonationRow, session: &'a str, now: i64) -> Story<'a> {
        Story {
            gift,
            session,
            now,
            period_start: now,
            payment_intent: format!("pi_sandbox_{}", random_id()),
            subscription: format!("sub_sandbox_{}", random_id()),
            customer: format!("cus_sandbox_{}", random_id()),
            invoice: format!("in_sandbox_{}", random_id()),
        }
    }

    fn recurring(&self) -> bool {
        Frequency::parse(&self.gift.frequency).is_some_and(Frequency::is_recurring)
    }

    fn event(&self, kind: &str, object: Value) -> Value {
        json!({
            "id": format!("evt_sandbox_{}", random_id()),
            "object": "event",
            "type": kind,
            "created": self.now,
            "livemode": false,
            "data": {"object": object},
        })
    }

    fn checkout(&self, kind: &str, paid: bool) -> Value {
        let recurring = self.recurring();
        self.event(
            kind,
            json!({
                "id": self.session,
                "object": "checkout.session",
                "client_reference_id": self.gift.reference,
                "metadata": {"reference": self.gift.reference},
                "mode": if recurring { "subscription" } else { "payment" },
                "payment_status": if paid { "paid" } else { "unpaid" },
                "payment_intent": if recurring { Value::Null } else { json!(self.payment_intent) },
                "subscription": if recurring { json!(self.subscription) } else { Value::Null },
                "customer": self.customer,
                "amount_total": self.gift.amount,
                "currency": self.gift.currency.to_ascii_lowercase(),
                "customer_details": {"email": self.gift.email},
            }),
        )
    }

    fn subscription(&self, status: &str) -> Value {
        self.subscription_event("customer.subscription.created", status, false, self.period_end())
    }

    fn subscription_event(&self, kind: &str, status: &str, ends: bool, period_end: i64) -> Value {
        self.event(
            kind,
            json!({
                "id": self.subscription,
                "object": "subscription",
                "status": status,
                "customer": self.customer,
                "metadata": {"reference": self.gift.reference},
                "cancel_at_period_end": ends,
                "items": {"data": [{"current_period_end": period_end}]},
            }),
        )
    }

    /// The end of the period being paid for.
    fn period_end(&self) -> i64 {
        self.period_start + period_seconds(&self.gift.frequency)
    }

    /// The end of the period being paid for now (the next payment day).
    fn current_period_end(&self) -> i64 {
        self.gift
            .next_payment_at
            .as_deref()
            .and_then(|at| OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).ok())
            .map_or_else(|| self.period_end(), OffsetDateTime::unix_timestamp)
    }

    fn invoice(&self, kind: &str) -> Value {
        self.event(
            kind,
            json!({
                "id": self.invoice,
                "object": "invoice",
                "amount_paid": if kind == "invoice.paid" { self.gift.amount } else { 0 },
                "amount_due": self.gift.amount,
                "currency": self.gift.currency.to_ascii_lowercase(),
                "customer": self.customer,
                "parent": {"subscription_details": {
                    "subscription": self.subscription,
                    "metadata": {"reference": self.gift.reference},
                }},
                "lines": {"data": [{"period": {"start": self.period_start, "end": self.period_end()}}]},
            }),
        )
    }

    /// Paid at once: the checkout, and for a recurring gift its
    /// subscription and first invoice.
    fn success(&self) -> Vec<Value> {
        let mut events = vec![self.checkout("checkout.session.completed", true)];
        if self.recurring() {
            events.extend([self.subscription("active"), self.invoice("invoice.paid")]);
        }
        events
    }

    /// The bank payment of "pay later" arriving.
    fn settled(&self) -> Vec<Value> {
        if self.recurring() {
            vec![self.subscription("active"), self.invoice("invoice.paid")]
        } else {
            vec![self.checkout("checkout.session.async_payment_succeeded", true)]
        }
    }

    fn declined(&self) -> Value {
        if self.recurring() {
            self.invoice("invoice.payment_failed")
        } else {
            self.checkout("checkout.session.async_payment_failed", false)
        }
    }
}

/// The portal's page: the customer's subscriptions, and what a payer can
/// do with each on the provider's own portal, plus what only a test can
/// (a renewal now, a failed renewal).
async fn portal(State(state): State<AppState>, Path(customer): Path<String>) -> Result<Response, ApiError> {
    let subscriptions = donations::find_by_customer(&state.pool, &customer).await?;
    if subscriptions.is_empty() {
        return Err(ApiError::NotFound);
    }
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>Test customer portal: no money moves</title>\n</head>\n\
         <body>\n<main>\n<h1>Test customer portal: no money moves</h1>\n\
         <p><strong>This is the sandbox that stands in for the payment provider's customer portal.</strong> \
         Its buttons send the site the events the provider would.</p>\n",
    );
    for gift in &subscriptions {
        let currency = Currency::parse(&gift.currency).ok();
        let amount = currency
            .as_ref()
            .map(|currency| format_money(Locale::En, gift.amount.max(0) as u64, currency))
            .unwrap_or_default();
        let frequency = Frequency::parse(&gift.frequency).unwrap_or(Frequency::Monthly);
        let description = state
            .payments
            .receipts
            .description(Locale::En, frequency, gift.tier.is_some());
        let status = gift.subscription_status.as_deref().unwrap_or("incomplete");
        let next = gift.next_payment_at.as_deref().map(|at| &at[..10]).unwrap_or("unknown");
        let ends = if gift.ends_at_period_end != 0 {
            " (ends then)"
        } else {
            ""
        };
        html.push_str(&format!(
            "<section>\n<h2>{description}: {amount}</h2>\n<dl>\n<dt>Status</dt><dd>{status}</dd>\n\
             <dt>Next payment</dt><dd>{next}{ends}</dd>\n</dl>\n",
            description = escape(&description),
            amount = escape(&amount),
            status = escape(status),
            next = escape(next),
        ));
        if !crate::payments::webhook::has_lapsed(status) {
            html.push_str(&format!(
                "<form method=\"post\" action=\"{action}\">\n\
                 <input type=\"hidden\" name=\"reference\" value=\"{reference}\">\n\
                 <button type=\"submit\" name=\"action\" value=\"cancel\">Cancel at the end of the period</button>\n\
                 <button type=\"submit\" name=\"action\" value=\"renew\">Renew now</button>\n\
                 <button type=\"submit\" name=\"action\" value=\"fail\">Fail the next payment</button>\n\
                 <button type=\"submit\" name=\"action\" value=\"end\">End now</button>\n</form>\n",
                action = escape(&PORTAL_PAGE.replace("{customer}", &customer)),
                reference = escape(&gift.reference),
            ));
        }
        html.push_str("</section>\n");
    }
    // Back where the payer manages it: the member area for dues, the
    // donate page for a gift.
    let back = subscriptions
        .first()
        .map(|gift| {
            let locale = Locale::parse(&gift.locale).unwrap_or(Locale::En);
            let target = if gift.tier.is_some() {
                Target::Account
            } else {
                Target::Donate
            };
            civic_api::SiteRoute { locale, target }.path()
        })
        .unwrap_or_else(|| "/".to_owned());
    html.push_str(&format!(
        "<p><a href=\"{back}\">Back to the site</a></p>\n</main>\n</body>\n</html>\n",
        back = escape(&back)
    ));
    let headers = [(header::CONTENT_TYPE, "text/html; charset=utf-8"), NO_STORE];
    Ok((headers, html).into_response())
}

#[derive(Debug, Deserialize)]
struct Management {
    reference: String,
    action: Action,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Action {
    Cancel,
    Renew,
    Fail,
    End,
}

async fn manage(
    State(state): State<AppState>,
    Path(customer): Path<String>,
    Form(management): Form<Management>,
) -> Result<Response, ApiError> {
    let gift = donations::find(&state.pool, &management.reference)
        .await?
        .filter(|gift| gift.customer.as_deref() == Some(customer.as_str()))
        .ok_or(ApiError::NotFound)?;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let story = Story::of_subscription(&gift, now).ok_or(ApiError::NotFound)?;
    let next = story.current_period_end();
    let events = match management.action {
        Action::Cancel => vec![story.subscription_event("customer.subscription.updated", "active", true, next)],
        Action::Renew => {
            let renewed = Story {
                period_start: next.max(now),
                ..Story::of_subscription(&gift, now).ok_or(ApiError::NotFound)?
            };
            vec![
                renewed.invoice("invoice.paid"),
                renewed.subscription_event("customer.subscription.updated", "active", false, renewed.period_end()),
            ]
        }
        Action::Fail => vec![
            story.invoice("invoice.payment_failed"),
            story.subscription_event("customer.subscription.updated", "past_due", false, next),
        ],
        Action::End => vec![story.subscription_event("customer.subscription.deleted", "canceled", false, next)],
    };
    deliver_now(&state, events).await?;
    Ok(Redirect::to(&PORTAL_PAGE.replace("{customer}", &customer)).into_response())
}

/// Sends `events` to this server's webhook code at once, in order.
async fn deliver_now(state: &AppState, events: Vec<Value>) -> anyhow::Result<()> {
    let secret = state
        .payments
        .provider
        .webhook_secrets()
        .first()
        .map(|secret| secret.to_vec())
        .context("The sandbox has its webhook secret")?;
    for event in events {
        let body = event.to_string();
        let header = signature::sign(body.as_bytes(), &secret, OffsetDateTime::now_utc().unix_timestamp());
        webhook::receive(state, Some(&header), body.as_bytes())
            .await
            .map_err(|error| anyhow::anyhow!("the sandbox's payment event was refused: {error}"))?;
    }
    Ok(())
}
