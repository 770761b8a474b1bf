//! Membership dues: a member pays a tier (the reduced one without proof),
//! sees it active with the next payment day and the receipts, renews,
//! changes or cancels through the provider's portal, and is told once
//! when the membership lapses; the account stays.

use std::time::Duration;

use civic_api::donation::CheckoutStarted;
use civic_api::dues::{DuesRequest, DuesStatus, DuesView, PortalLink};
use civic_api::{FieldError, Locale, paths};
use reqwest::header::{CONTENT_TYPE, COOKIE};
use reqwest::redirect::Policy;

use crate::accounts::{get_with_cookie, join_and_confirm, signed_in};
use crate::fixture::PUBLIC_URL;
use crate::helpers::{TestApp, error_body, spawn_app};

const MEMBER: &str = "member@example.org";

fn dues(tier: &str, currency: &str, key: &str) -> DuesRequest {
    DuesRequest {
        idempotency_key: format!("dues-key-{key:0>16}"),
        locale: Some(Locale::Fr),
        tier: tier.into(),
        currency: currency.into(),
    }
}

async fn post_with_cookie<T: serde::Serialize>(app: &TestApp, path: &str, cookie: &str, body: &T) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header(CONTENT_TYPE, "application/json")
        .header(COOKIE, cookie)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// Asks for the provider's page where the member manages their dues.
async fn open_portal(app: &TestApp, cookie: &str) -> reqwest::Response {
    app.client
        .post(app.url(paths::ACCOUNT_DUES_PORTAL))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap()
}

async fn view(app: &TestApp, cookie: &str) -> DuesView {
    let response = get_with_cookie(app, &format!("{}?locale=fr", paths::ACCOUNT_DUES), cookie).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn until(app: &TestApp, cookie: &str, status: DuesStatus) -> DuesView {
    for _ in 0..100 {
        let dues = view(app, cookie).await;
        if dues.status == status {
            return dues;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the dues never became {status:?}");
}

/// Presses a button of a sandbox page (`path`), with its form fields.
async fn press(app: &TestApp, path: &str, form: &[(&str, &str)]) -> String {
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let response = client.post(app.url(path)).form(form).send().await.unwrap();
    assert_eq!(response.status(), 303);
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_member_pays_the_reduced_tier_renews_and_cancels_and_is_told_once_of_the_lapse() {
    let app = spawn_app().await;
    join_and_confirm(&app, MEMBER).await;
    let cookie = signed_in(&app, MEMBER).await;

    let before = view(&app, &cookie).await;
    assert_eq!(before.status, DuesStatus::None);
    assert_eq!(before.tiers.len(), 3);
    assert!(
        before
            .tiers
            .iter()
            .any(|tier| tier.reduced && tier.name == "Adhésion à tarif réduit")
    );
    assert!(!before.can_manage);

    // Not signed in: nothing. A tier or currency not offered: refused.
    assert_eq!(
        crate::accounts::post(&app, paths::ACCOUNT_DUES, &dues("reduced", "EUR", "1"))
            .await
            .status(),
        401
    );
    let refused = post_with_cookie(&app, paths::ACCOUNT_DUES, &cookie, &dues("gold", "EUR", "2")).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_body(refused).await.error.fields["tier"], FieldError::Invalid);
    let refused = post_with_cookie(&app, paths::ACCOUNT_DUES, &cookie, &dues("reduced", "CHF", "3")).await;
    assert_eq!(error_body(refused).await.error.fields["currency"], FieldError::Invalid);

    // The reduced tier, chosen freely.
    let started = post_with_cookie(&app, paths::ACCOUNT_DUES, &cookie, &dues("reduced", "EUR", "4")).await;
    assert_eq!(started.status(), 201);
    let started: CheckoutStarted = started.json().await.unwrap();
    let checkout = started.checkout_url.strip_prefix(PUBLIC_URL).unwrap().to_owned();
    let back = press(&app, &checkout, &[("outcome", "succeed")]).await;
    assert_eq!(back, format!("{PUBLIC_URL}/fr/account?dues={}", started.reference));
    let active = until(&app, &cookie, DuesStatus::Active).await;
    assert_eq!(active.tier.as_deref(), Some("reduced"));
    assert_eq!(active.amount, Some(1500));
    assert!(active.next_payment_on.is_some());
    assert!(active.can_manage);
    assert_eq!(active.payments.len(), 1);
    assert!(active.payments[0].receipt.starts_with("R-"));
    app.outbox().await;
    let receipts = app.mails_to(MEMBER).await;
    assert!(receipts[0].text.contains("cotisation") && receipts[0].text.contains(&active.payments[0].receipt));

    // The portal: the provider's page (here the sandbox's).
    let portal = open_portal(&app, &cookie).await;
    assert_eq!(portal.status(), 200);
    let PortalLink { url } = portal.json().await.unwrap();
    let portal_path = url.strip_prefix(PUBLIC_URL).unwrap().to_owned();
    let page = app.get(&portal_path).await.text().await.unwrap();
    assert!(page.contains("Test customer portal") && page.contains("Cancel at the end of the period"));

    // A renewal: a second payment, a later next payment day.
    press(
        &app,
        &portal_path,
        &[("reference", &started.reference), ("action", "renew")],
    )
    .await;
    let renewed = view(&app, &cookie).await;
    assert_eq!(renewed.payments.len(), 2);
    assert!(renewed.next_payment_on > active.next_payment_on, "{renewed:?}");
    // A failed renewal: due, the account untouched.
    press(
        &app,
        &portal_path,
        &[("reference", &started.reference), ("action", "fail")],
    )
    .await;
    assert_eq!(view(&app, &cookie).await.status, DuesStatus::Due);
    // Cancelled at the period's end: still active until then.
    press(
        &app,
        &portal_path,
        &[("reference", &started.reference), ("action", "cancel")],
    )
    .await;
    let cancelling = view(&app, &cookie).await;
    assert_eq!(cancelling.status, DuesStatus::Active);
    assert!(cancelling.ends_at_period_end);
    // Ended: lapsed, told once by e-mail, and the account still signs in.
    press(
        &app,
        &portal_path,
        &[("reference", &started.reference), ("action", "end")],
    )
    .await;
    let lapsed = view(&app, &cookie).await;
    assert_eq!(lapsed.status, DuesStatus::Lapsed);
    assert!(!lapsed.can_manage);
    app.outbox().await;
    let told: Vec<_> = app
        .mails_to(MEMBER)
        .await
        .into_iter()
        .filter(|mail| mail.subject.contains("a expiré"))
        .collect();
    assert_eq!(told.len(), 1, "told once");
    assert!(told[0].text.contains(&format!("{PUBLIC_URL}/fr/account")));
    // The same end again (a replay with a new id) tells no one twice.
    let page = app.get(&portal_path).await.text().await.unwrap();
    assert!(!page.contains("End now"), "nothing left to end");
    assert!(!signed_in(&app, MEMBER).await.is_empty(), "the account stays");
}

#[tokio::test]
async fn a_member_without_dues_has_no_portal_and_another_member_sees_none_of_them() {
    let app = spawn_app().await;
    join_and_confirm(&app, MEMBER).await;
    let cookie = signed_in(&app, MEMBER).await;
    let portal = open_portal(&app, &cookie).await;
    assert_eq!(portal.status(), 404);
    let started = post_with_cookie(&app, paths::ACCOUNT_DUES, &cookie, &dues("standard", "USD", "5")).await;
    assert_eq!(started.status(), 201);
    // Another member's view is their own, and the same key from them is refused.
    join_and_confirm(&app, "other@example.org").await;
    let other = signed_in(&app, "other@example.org").await;
    assert_eq!(view(&app, &other).await.status, DuesStatus::None);
    let stolen = post_with_cookie(&app, paths::ACCOUNT_DUES, &other, &dues("standard", "USD", "5")).await;
    assert_eq!(stolen.status(), 422);
}

#[tokio::test]
async fn a_member_s_payments_are_in_the_download_and_stay_in_the_accounts_unlinked_after_erasure() {
    let app = spawn_app().await;
    join_and_confirm(&app, MEMBER).await;
    let cookie = signed_in(&app, MEMBER).await;
    let started = post_with_cookie(&app, paths::ACCOUNT_DUES, &cookie, &dues("standard", "EUR", "6")).await;
    let started: CheckoutStarted = started.json().await.unwrap();
    let checkout = started.checkout_url.strip_prefix(PUBLIC_URL).unwrap().to_owned();
    press(&app, &checkout, &[("outcome", "succeed")]).await;
    until(&app, &cookie, DuesStatus::Active).await;

    let data: civic_api::account::MemberData = get_with_cookie(&app, paths::ACCOUNT_DATA, &cookie)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(data.tables["donations"][0]["tier"].as_deref(), Some("standard"));
    assert_eq!(data.tables["payments"][0]["amount"].as_deref(), Some("6000"));

    let erased = app
        .client
        .post(app.url(paths::ACCOUNT_DELETION))
        .header(COOKIE, &cookie)
        .json(&civic_api::account::DeleteAccountRequest {
            password: crate::accounts::PASSWORD.into(),
            credential: None,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(erased.status(), 204);
    let (payments, linked): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM payments), (SELECT COUNT(*) FROM donations WHERE account_id IS NOT NULL)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (payments, linked),
        (1, 0),
        "the accounts keep the payment, tied to no account"
    );
}
