//! The treasurer's export: payments of a period as CSV, for admins signed
//! in with a passkey, and never a column of card data (there is none),
//! even when the provider's event carried the card's brand and last digits.

use civic_api::account::Role;
use civic_api::{Email, ErrorCode, paths};
use serde_json::json;

use crate::accounts::get_with_cookie;
use crate::donation_fixture::{GIVER, app_and_fake, deliver, event, gift, now, start};
use crate::helpers::error_body;
use crate::passkeys::{member_with_passkey, signed_in_with_passkey};

const TREASURER: &str = "treasurer@example.org";

#[tokio::test]
async fn admins_export_the_period_s_payments_and_no_one_else_does() {
    let (app, _fake) = app_and_fake().await;
    let started = start(&app, &gift("40")).await;
    let session = started.checkout_url.rsplit('/').next().unwrap().to_owned();
    // Stripe's session may carry the card's brand and last digits when it
    // is expanded: none of it is kept.
    let paid = event(
        "evt_card",
        "checkout.session.completed",
        now(),
        json!({
            "id": session, "client_reference_id": started.reference, "mode": "payment",
            "payment_status": "paid", "payment_intent": {"id": "pi_expanded", "payment_method": {
                "card": {"brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2031}}},
            "customer": "cus_1", "amount_total": 2500, "currency": "eur",
        }),
    );
    assert_eq!(deliver(&app, &paid).await.status(), 200);
    let stored = app.stored_text(&[]).await;
    assert!(stored.contains("pi_expanded"), "the payment is recorded by its intent");
    for card in ["4242", "last4", "2031"] {
        assert!(!stored.contains(card), "{card} is stored somewhere");
    }

    let mut authenticator = member_with_passkey(&app, TREASURER).await;
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let export = format!("{}?from={today}&to={today}", paths::STAFF_PAYMENTS_CSV);
    assert_eq!(app.get(&export).await.status(), 401);
    let member = signed_in_with_passkey(&app, &mut authenticator).await;
    let refused = get_with_cookie(&app, &export, &member).await;
    assert_eq!(refused.status(), 403);
    let email = Email::parse(TREASURER).unwrap();
    civic_server::accounts::roles::grant(&app.pool, &email, Role::Editor)
        .await
        .unwrap();
    let editor = signed_in_with_passkey(&app, &mut authenticator).await;
    let refused = get_with_cookie(&app, &export, &editor).await;
    assert_eq!(refused.status(), 403, "payers' addresses are for admins");
    assert_eq!(error_body(refused).await.error.code, ErrorCode::Forbidden);

    civic_server::accounts::roles::grant(&app.pool, &email, Role::Admin)
        .await
        .unwrap();
    let admin = signed_in_with_passkey(&app, &mut authenticator).await;
    let answered = get_with_cookie(&app, &export, &admin).await;
    assert_eq!(answered.status(), 200);
    assert_eq!(answered.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(answered.headers()["cache-control"], "no-store");
    let csv = answered.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert_eq!(lines[0], civic_server::payments::ledger::HEADER);
    assert!(lines[1].contains("\"25.00\",\"EUR\",\"once\""), "{}", lines[1]);
    assert!(lines[1].contains(GIVER) && lines[1].contains(&started.reference));
    for word in ["card", "last4", "4242"] {
        assert!(!csv.to_lowercase().contains(word), "{word} in the export");
    }

    // Another period holds none of it; a period that makes no sense is refused.
    let other = format!("{}?from=2020-01-01&to=2020-12-31", paths::STAFF_PAYMENTS_CSV);
    let csv = get_with_cookie(&app, &other, &admin).await.text().await.unwrap();
    assert_eq!(csv.lines().count(), 1);
    for query in [
        "from=2026-12-31&to=2026-01-01",
        "from=yesterday&to=2026-01-01",
        "from=2026-01-01",
    ] {
        let response = get_with_cookie(&app, &format!("{}?{query}", paths::STAFF_PAYMENTS_CSV), &admin).await;
        assert_eq!(response.status(), 400, "{query}");
    }
}
