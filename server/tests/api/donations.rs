//! Giving: the server decides every amount, the provider's page is where
//! the card goes, and only a verified event says a gift was paid.

use civic_api::donation::{AmountChoice, DonationOffer, DonationStatus, Frequency};
use civic_api::{ErrorCode, FieldError, paths};

use crate::accounts::post;
use crate::donation_fixture::{GIVER, app_and_fake, count, deliver, event, gift, now, session, start, view};
use crate::helpers::{error_body, spawn_app};
use crate::stripe_fake::{Failure, unreachable_url};

/// The checkout session's id, from the page the fake made for it.
fn session_of(checkout_url: &str) -> String {
    checkout_url.rsplit('/').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_offer_lists_the_configured_currencies_and_says_when_it_is_the_sandbox() {
    let app = spawn_app().await;
    let offer: DonationOffer = app.get(paths::DONATION_OFFER).await.json().await.unwrap();
    let codes: Vec<&str> = offer.currencies.iter().map(|each| each.currency.as_str()).collect();
    assert_eq!(codes, ["EUR", "USD", "GBP"]);
    assert_eq!(offer.frequencies, [Frequency::Once, Frequency::Monthly]);
    assert!(offer.sandbox, "no Stripe key: the sandbox takes the payments");
    let (stripe, _fake) = app_and_fake().await;
    let offer: DonationOffer = stripe.get(paths::DONATION_OFFER).await.json().await.unwrap();
    assert!(!offer.sandbox);
}

#[tokio::test]
async fn a_gift_is_pending_until_a_verified_event_says_it_was_paid() {
    let (app, fake) = app_and_fake().await;
    let started = start(&app, &gift("1")).await;
    assert!(started.checkout_url.starts_with("https://checkout.stripe.test/"));
    // The visitor comes back before the event: not paid yet.
    let before = view(&app, &started.reference).await;
    assert_eq!(before.status, DonationStatus::Pending);
    assert_eq!((before.amount, before.currency.as_str()), (2500, "EUR"));
    assert_eq!(count(&app, "payments").await, 0);

    // What we asked Stripe for: the server's amount, in cents, with our
    // reference and an idempotency key.
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.field("line_items[0][price_data][unit_amount]"), Some("2500"));
    assert_eq!(sent.field("line_items[0][price_data][currency]"), Some("eur"));
    assert_eq!(sent.field("mode"), Some("payment"));
    assert_eq!(sent.field("client_reference_id"), Some(started.reference.as_str()));
    assert_eq!(sent.field("metadata[reference]"), Some(started.reference.as_str()));
    assert_eq!(sent.field("customer_email"), Some(GIVER));
    assert_eq!(sent.field("locale"), Some("es"));
    assert_eq!(
        sent.field("success_url"),
        Some(format!("https://civic.example/es/thank-you?ref={}", started.reference).as_str())
    );
    assert_eq!(
        sent.field("cancel_url"),
        Some(format!("https://civic.example/es/donate?ref={}&cancelled=1", started.reference).as_str())
    );
    assert_eq!(
        sent.idempotency_key.as_deref(),
        Some(format!("civic-checkout-{}", started.reference).as_str())
    );

    let id = session_of(&started.checkout_url);
    let paid = event(
        "evt_paid",
        "checkout.session.completed",
        now(),
        session(&started.reference, &id, true, 2500),
    );
    assert_eq!(deliver(&app, &paid).await.status(), 200);
    let after = view(&app, &started.reference).await;
    assert_eq!(after.status, DonationStatus::Paid);
    assert_eq!(count(&app, "payments").await, 1);
    // The receipt, in the payer's language, with the amount as Spanish writes it.
    let mails = app.mails_to(GIVER).await;
    assert_eq!(mails.len(), 1);
    let spanish = civic_web::money::format_money(civic_api::Locale::Es, 2500, &before.currency);
    assert!(spanish.starts_with("25,00"), "{spanish}");
    assert!(mails[0].text.contains(&spanish), "{}", mails[0].text);
    assert!(mails[0].text.contains("R-20"), "a receipt number: {}", mails[0].text);
    assert!(mails[0].text.contains(&started.reference));
}

#[tokio::test]
async fn a_retry_with_the_same_key_gets_the_same_checkout_and_no_second_gift() {
    let (app, fake) = app_and_fake().await;
    let first = start(&app, &gift("2")).await;
    let again = post(&app, paths::DONATIONS, &gift("2")).await;
    assert_eq!(again.status(), 200);
    let again: civic_api::donation::CheckoutStarted = again.json().await.unwrap();
    assert_eq!(again, first);
    assert_eq!(count(&app, "donations").await, 1);
    assert_eq!(fake.requests().len(), 1, "Stripe was asked once");
}

#[tokio::test]
async fn tampered_amounts_currencies_and_frequencies_are_refused_and_nothing_is_stored() {
    let (app, fake) = app_and_fake().await;
    let cases = [
        (
            civic_api::donation::DonationRequest {
                amount: AmountChoice::Custom { amount: 199 },
                ..gift("3")
            },
            "amount",
            FieldError::TooShort,
        ),
        (
            civic_api::donation::DonationRequest {
                amount: AmountChoice::Custom { amount: 1_000_001 },
                ..gift("4")
            },
            "amount",
            FieldError::TooLong,
        ),
        (
            civic_api::donation::DonationRequest {
                amount: AmountChoice::Preset { id: "eur-1".into() },
                ..gift("5")
            },
            "amount",
            FieldError::Invalid,
        ),
        (
            civic_api::donation::DonationRequest {
                currency: "CHF".into(),
                ..gift("6")
            },
            "currency",
            FieldError::Invalid,
        ),
        (
            civic_api::donation::DonationRequest {
                frequency: Frequency::Yearly,
                ..gift("7")
            },
            "frequency",
            FieldError::Invalid,
        ),
    ];
    for (request, field, error) in cases {
        let response = post(&app, paths::DONATIONS, &request).await;
        assert_eq!(response.status(), 422, "{field}");
        let body = error_body(response).await;
        assert_eq!(
            body.error.fields.get(field),
            Some(&error),
            "{field}: {:?}",
            body.error.fields
        );
    }
    assert_eq!(count(&app, "donations").await, 0);
    assert!(fake.requests().is_empty(), "Stripe was never asked");

    // An amount the browser made up beside a preset is never read: the
    // preset's amount is what Stripe is asked for.
    let mut raw = serde_json::to_value(gift("8")).unwrap();
    raw["amount"] = serde_json::json!({"kind": "preset", "id": "eur-2500", "amount": 1});
    let response = post(&app, paths::DONATIONS, &raw).await;
    assert_eq!(response.status(), 201);
    assert_eq!(
        fake.requests()[0].field("line_items[0][price_data][unit_amount]"),
        Some("2500")
    );
    // An unknown member of the request itself is refused.
    let mut raw = serde_json::to_value(gift("9")).unwrap();
    raw["amount_in_cents"] = serde_json::json!(1);
    assert_eq!(post(&app, paths::DONATIONS, &raw).await.status(), 400);
}

#[tokio::test]
async fn the_provider_unreachable_is_a_clear_error_and_nothing_is_paid() {
    let app = crate::donation_fixture::app_with_stripe(unreachable_url().await).await;
    let response = post(&app, paths::DONATIONS, &gift("9")).await;
    assert_eq!(response.status(), 503);
    assert_eq!(error_body(response).await.error.code, ErrorCode::Unavailable);
    assert_eq!(count(&app, "payments").await, 0);
    let status: String = sqlx::query_scalar("SELECT status FROM donations")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "pending");

    // A provider that refuses is the same to the payer.
    let (app, fake) = app_and_fake().await;
    fake.fail_with(Failure::ServerError);
    let response = post(&app, paths::DONATIONS, &gift("10")).await;
    assert_eq!(response.status(), 503);
    assert_eq!(count(&app, "payments").await, 0);
}

#[tokio::test]
async fn a_monthly_gift_asks_for_a_subscription_and_counts_each_paid_invoice() {
    let (app, fake) = app_and_fake().await;
    let request = civic_api::donation::DonationRequest {
        frequency: Frequency::Monthly,
        amount: AmountChoice::Custom { amount: 1234 },
        ..gift("11")
    };
    let started = start(&app, &request).await;
    let sent = &fake.requests()[0];
    assert_eq!(sent.field("mode"), Some("subscription"));
    assert_eq!(
        sent.field("line_items[0][price_data][recurring][interval]"),
        Some("month")
    );
    assert_eq!(sent.field("line_items[0][price_data][unit_amount]"), Some("1234"));
    assert_eq!(
        sent.field("subscription_data[metadata][reference]"),
        Some(started.reference.as_str())
    );

    let invoice = |id: &str, created: i64, end: i64| {
        event(
            id,
            "invoice.paid",
            created,
            serde_json::json!({
                "id": format!("in_{id}"), "amount_paid": 1234, "currency": "eur", "customer": "cus_1",
                "parent": {"subscription_details": {"subscription": "sub_1", "metadata": {"reference": started.reference}}},
                "lines": {"data": [{"period": {"start": created, "end": end}}]},
            }),
        )
    };
    let t = now();
    // The first invoice arrives before the checkout's own event.
    assert_eq!(
        deliver(&app, &invoice("evt_in1", t, t + 30 * 86_400)).await.status(),
        200
    );
    let completed = event(
        "evt_done",
        "checkout.session.completed",
        t,
        serde_json::json!({
            "id": session_of(&started.checkout_url), "client_reference_id": started.reference,
            "mode": "subscription", "payment_status": "paid", "subscription": "sub_1", "customer": "cus_1",
            "amount_total": 1234, "currency": "eur",
        }),
    );
    assert_eq!(deliver(&app, &completed).await.status(), 200);
    assert_eq!(view(&app, &started.reference).await.status, DonationStatus::Paid);
    assert_eq!(
        count(&app, "payments").await,
        1,
        "the checkout of a subscription is not a second payment"
    );
    // A month later, the next one: a second payment and a second receipt.
    assert_eq!(
        deliver(&app, &invoice("evt_in2", t + 1, t + 60 * 86_400))
            .await
            .status(),
        200
    );
    assert_eq!(count(&app, "payments").await, 2);
    assert_eq!(app.mails_to(GIVER).await.len(), 2);
    let next: Option<String> = sqlx::query_scalar("SELECT next_payment_at FROM donations")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let expected = time::OffsetDateTime::from_unix_timestamp(t + 60 * 86_400).unwrap();
    assert_eq!(
        next.as_deref().map(|next| &next[..10]),
        Some(&civic_server::db::stamp(expected)[..10])
    );

    // Each receipt carries the way to change or stop the gift: Stripe's
    // customer portal, for this customer, coming back to the donate page.
    let link = app.link_in_latest_mail_to(GIVER, "/manage-gift?t=g.").await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let opened = client
        .get(app.url(link.strip_prefix(crate::fixture::PUBLIC_URL).unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 303);
    assert!(
        opened.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("https://billing.stripe.test/")
    );
    let portal = fake.requests().into_iter().last().unwrap();
    assert_eq!(portal.path, "/v1/billing_portal/sessions");
    assert_eq!(portal.field("customer"), Some("cus_1"));
    assert_eq!(portal.field("return_url"), Some("https://civic.example/es/donate"));
}

#[tokio::test]
async fn an_unknown_reference_is_not_found_and_no_guessing_reaches_the_database() {
    let app = spawn_app().await;
    for reference in ["G-AAAAAAAAAAAAAAAAAAAAAAAAAA", "nope", "G-' OR 1=1 --"] {
        assert_eq!(app.get(&paths::donation(reference)).await.status(), 404, "{reference}");
    }
}
