//! The sandbox provider, the default without a Stripe key: its test page
//! never asks for a card, each of its buttons ends as a real provider's
//! would, and its events go through the same signature check.

use std::time::Duration;

use civic_api::donation::{AmountChoice, DonationRequest, DonationStatus, Frequency};
use civic_api::paths;
use reqwest::redirect::Policy;

use crate::donation_fixture::{GIVER, count, gift, start, view};
use crate::fixture::PUBLIC_URL;
use crate::helpers::{TestApp, spawn_app, text_of};

/// The path of the sandbox page the gift was sent to.
fn page_path(checkout_url: &str) -> String {
    checkout_url
        .strip_prefix(PUBLIC_URL)
        .expect("the sandbox page is the site's own")
        .to_owned()
}

/// Presses one of the page's buttons; answers where the payer is sent.
async fn press(app: &TestApp, path: &str, outcome: &str) -> String {
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let response = client
        .post(app.url(path))
        .form(&[("outcome", outcome)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{outcome}");
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// Waits for the events the sandbox sends a moment later.
async fn settled(app: &TestApp, reference: &str, until: DonationStatus) {
    for _ in 0..100 {
        if view(app, reference).await.status == until {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{reference} never became {until:?}");
}

#[tokio::test]
async fn the_test_page_is_marked_asks_for_no_card_and_a_success_is_paid_by_its_event() {
    let app = spawn_app().await;
    let started = start(&app, &gift("30")).await;
    let path = page_path(&started.checkout_url);
    let page = app.get(&path).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let text = text_of(&html);
    assert!(text.contains("Test payment: no money moves"), "{text}");
    assert!(text.contains("€25.00") && text.contains(GIVER), "{text}");
    assert!(!html.contains("<input"), "nothing to type, let alone a card number");
    for button in ["Succeed", "Decline", "Pay later", "Cancel"] {
        assert!(html.contains(&format!(">{button}</button>")), "{button}");
    }

    // Another site cannot press the buttons for the payer.
    let forged = app
        .client
        .post(app.url(&path))
        .header("sec-fetch-site", "cross-site")
        .form(&[("outcome", "succeed")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);

    let back = press(&app, &path, "succeed").await;
    assert_eq!(back, format!("{PUBLIC_URL}/es/thank-you?ref={}", started.reference));
    // Back before the event: still pending, as with a real provider.
    assert_eq!(view(&app, &started.reference).await.status, DonationStatus::Pending);
    settled(&app, &started.reference, DonationStatus::Paid).await;
    assert_eq!(count(&app, "payments").await, 1);
    app.outbox().await;
    assert_eq!(app.mails_to(GIVER).await.len(), 1, "the receipt");
    // The page is spent.
    let html = app.get(&path).await.text().await.unwrap();
    assert!(!html.contains("<button"), "a finished test payment offers nothing more");
}

#[tokio::test]
async fn a_decline_fails_a_cancel_returns_to_the_form_and_pay_later_is_paid_later() {
    let app = spawn_app().await;
    let declined = start(&app, &gift("31")).await;
    press(&app, &page_path(&declined.checkout_url), "decline").await;
    settled(&app, &declined.reference, DonationStatus::Failed).await;

    let cancelled = start(&app, &gift("32")).await;
    let back = press(&app, &page_path(&cancelled.checkout_url), "cancel").await;
    assert_eq!(
        back,
        format!("{PUBLIC_URL}/es/donate?ref={}&cancelled=1", cancelled.reference)
    );
    settled(&app, &cancelled.reference, DonationStatus::Cancelled).await;

    let later = start(&app, &gift("33")).await;
    press(&app, &page_path(&later.checkout_url), "later").await;
    settled(&app, &later.reference, DonationStatus::Processing).await;
    settled(&app, &later.reference, DonationStatus::Paid).await;
    assert_eq!(count(&app, "payments").await, 1, "only the gift paid later was paid");
}

#[tokio::test]
async fn a_monthly_gift_in_the_sandbox_has_its_subscription_and_next_payment() {
    let app = spawn_app().await;
    let request = DonationRequest {
        frequency: Frequency::Monthly,
        amount: AmountChoice::Custom { amount: 700 },
        currency: "GBP".into(),
        ..gift("34")
    };
    let started = start(&app, &request).await;
    press(&app, &page_path(&started.checkout_url), "succeed").await;
    settled(&app, &started.reference, DonationStatus::Paid).await;
    let (status, next): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT subscription_status, next_payment_at FROM donations")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(status.as_deref(), Some("active"));
    assert!(next.is_some(), "the next payment's day is known");
    assert_eq!(count(&app, "payments").await, 1);

    // No account: the receipt carries the way to change or stop the gift.
    app.outbox().await;
    let link = app.link_in_latest_mail_to(GIVER, "/manage-gift?t=g.").await;
    let path = link.strip_prefix(PUBLIC_URL).unwrap().to_owned();
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let opened = client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(opened.status(), 303);
    let portal = opened.headers()["location"].to_str().unwrap().to_owned();
    let portal = portal
        .strip_prefix(PUBLIC_URL)
        .expect("the sandbox's portal")
        .to_owned();
    let page = app.get(&portal).await.text().await.unwrap();
    assert!(page.contains("Monthly gift to") && page.contains("End now"), "{page}");
    assert!(page.contains("href=\"/es/donate\""), "back to the donate page: {page}");
    // A tampered or cut link opens nothing, and says so.
    for broken in [
        path.replace("t=g.", "t=g.A"),
        path[..path.len() - 3].to_owned(),
        "/manage-gift".to_owned(),
    ] {
        let refused = client.get(app.url(&broken)).send().await.unwrap();
        assert_eq!(refused.status(), 404, "{broken}");
        assert!(refused.text().await.unwrap().contains("This link cannot be used"));
    }
}

#[tokio::test]
async fn the_sandbox_page_of_no_checkout_is_not_found_and_it_is_absent_with_stripe() {
    let app = spawn_app().await;
    assert_eq!(app.get("/sandbox/checkout/cs_sandbox_nothing").await.status(), 404);
    let (stripe, _fake) = crate::donation_fixture::app_and_fake().await;
    let started = start(&stripe, &gift("35")).await;
    let session = started.checkout_url.rsplit('/').next().unwrap().to_owned();
    let page = stripe.get(&format!("/sandbox/checkout/{session}")).await;
    assert_ne!(page.status(), 200, "no test page when Stripe takes the payments");
    assert_eq!(stripe.get(paths::DONATION_OFFER).await.status(), 200);
}
