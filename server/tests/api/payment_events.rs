//! The provider's events: only a signature made with our secret, less than
//! five minutes old, is believed; each event is acted on once, in
//! whatever order they come; types we do not use are acknowledged.

use civic_api::donation::DonationStatus;
use civic_server::payments::signature;
use serde_json::json;

use crate::donation_fixture::{
    GIVER, WEBHOOK_SECRET, app_and_fake, count, deliver, deliver_signed, event, gift, now, session, start, view,
};

#[tokio::test]
async fn only_events_signed_with_our_secret_and_recent_are_believed() {
    let (app, _fake) = app_and_fake().await;
    let started = start(&app, &gift("20")).await;
    let id = started.checkout_url.rsplit('/').next().unwrap().to_owned();
    let body = event(
        "evt_1",
        "checkout.session.completed",
        now(),
        session(&started.reference, &id, true, 2500),
    );
    let secret = WEBHOOK_SECRET.as_bytes();

    let tampered = body.replace("2500", "1");
    let refused = [
        ("no signature", String::new(), body.clone()),
        (
            "another secret",
            signature::sign(body.as_bytes(), b"whsec_someone_else", now()),
            body.clone(),
        ),
        (
            "a tampered body",
            signature::sign(body.as_bytes(), secret, now()),
            tampered,
        ),
        (
            "six minutes old",
            signature::sign(body.as_bytes(), secret, now() - 360),
            body.clone(),
        ),
    ];
    for (what, header, sent) in refused {
        let response = deliver_signed(&app, &sent, &header).await;
        assert_eq!(response.status(), 403, "{what}");
        assert_eq!(
            view(&app, &started.reference).await.status,
            DonationStatus::Pending,
            "{what}"
        );
    }
    assert_eq!(count(&app, "payment_events").await, 0);
    assert_eq!(count(&app, "payments").await, 0);

    // During a secret roll Stripe signs with both; one of ours is enough.
    let good = signature::sign(body.as_bytes(), secret, now());
    let other = signature::sign(body.as_bytes(), b"whsec_old_one", now());
    let both = format!("{},v1={}", other, good.split_once(",v1=").unwrap().1);
    assert_eq!(deliver_signed(&app, &body, &both).await.status(), 200);
    assert_eq!(view(&app, &started.reference).await.status, DonationStatus::Paid);
}

#[tokio::test]
async fn a_replayed_event_changes_nothing_and_sends_no_second_receipt() {
    let (app, _fake) = app_and_fake().await;
    let started = start(&app, &gift("21")).await;
    let id = started.checkout_url.rsplit('/').next().unwrap().to_owned();
    let body = event(
        "evt_2",
        "checkout.session.completed",
        now(),
        session(&started.reference, &id, true, 2500),
    );
    for _ in 0..3 {
        assert_eq!(deliver(&app, &body).await.status(), 200);
    }
    // The same payment in another event (Stripe retries with a new id
    // after an async success, say) is not counted twice either.
    let again = event(
        "evt_3",
        "checkout.session.async_payment_succeeded",
        now(),
        session(&started.reference, &id, true, 2500),
    );
    assert_eq!(deliver(&app, &again).await.status(), 200);
    assert_eq!(count(&app, "payments").await, 1);
    app.outbox().await;
    assert_eq!(app.mails_to(GIVER).await.len(), 1);
}

#[tokio::test]
async fn events_out_of_order_never_undo_a_later_state() {
    let (app, _fake) = app_and_fake().await;
    let started = start(&app, &gift("22")).await;
    let id = started.checkout_url.rsplit('/').next().unwrap().to_owned();
    let t = now();
    // A bank payment: completed unpaid, then paid. They arrive reversed.
    let succeeded = event(
        "evt_s",
        "checkout.session.async_payment_succeeded",
        t + 5,
        session(&started.reference, &id, true, 2500),
    );
    let completed = event(
        "evt_c",
        "checkout.session.completed",
        t,
        session(&started.reference, &id, false, 2500),
    );
    assert_eq!(deliver(&app, &succeeded).await.status(), 200);
    assert_eq!(deliver(&app, &completed).await.status(), 200);
    assert_eq!(view(&app, &started.reference).await.status, DonationStatus::Paid);
    // Nor does a late expiry or failure.
    for (event_id, kind) in [
        ("evt_x", "checkout.session.expired"),
        ("evt_f", "checkout.session.async_payment_failed"),
    ] {
        let late = event(event_id, kind, t + 1, session(&started.reference, &id, false, 2500));
        assert_eq!(deliver(&app, &late).await.status(), 200);
    }
    assert_eq!(view(&app, &started.reference).await.status, DonationStatus::Paid);

    // A subscription keeps the state of its latest event.
    let subscription = |event_id: &str, created: i64, status: &str| {
        event(
            event_id,
            "customer.subscription.updated",
            created,
            json!({"id": "sub_9", "status": status, "customer": "cus_1", "metadata": {"reference": started.reference},
                   "items": {"data": [{"current_period_end": created + 1000}]}}),
        )
    };
    assert_eq!(
        deliver(&app, &subscription("evt_new", t + 100, "past_due"))
            .await
            .status(),
        200
    );
    assert_eq!(
        deliver(&app, &subscription("evt_old", t + 50, "active")).await.status(),
        200
    );
    let status: Option<String> = sqlx::query_scalar("SELECT subscription_status FROM donations")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status.as_deref(), Some("past_due"));
}

#[tokio::test]
async fn a_failed_and_a_cancelled_checkout_say_so_and_record_no_payment() {
    let (app, _fake) = app_and_fake().await;
    let declined = start(&app, &gift("23")).await;
    let left = start(&app, &gift("24")).await;
    let session_id = |url: &str| url.rsplit('/').next().unwrap().to_owned();
    let failed = event(
        "evt_failed",
        "checkout.session.async_payment_failed",
        now(),
        session(&declined.reference, &session_id(&declined.checkout_url), false, 2500),
    );
    let expired = event(
        "evt_expired",
        "checkout.session.expired",
        now(),
        session(&left.reference, &session_id(&left.checkout_url), false, 2500),
    );
    assert_eq!(deliver(&app, &failed).await.status(), 200);
    assert_eq!(deliver(&app, &expired).await.status(), 200);
    assert_eq!(view(&app, &declined.reference).await.status, DonationStatus::Failed);
    assert_eq!(view(&app, &left.reference).await.status, DonationStatus::Cancelled);
    assert_eq!(count(&app, "payments").await, 0);
    app.outbox().await;
    assert!(app.mails_to(GIVER).await.is_empty(), "no receipt without a payment");
}

#[tokio::test]
async fn events_we_do_not_use_or_about_no_gift_of_ours_are_acknowledged() {
    let (app, _fake) = app_and_fake().await;
    let unused = event("evt_u", "charge.refund.updated", now(), json!({"id": "re_1"}));
    assert_eq!(deliver(&app, &unused).await.status(), 200);
    let foreign = event(
        "evt_f",
        "checkout.session.completed",
        now(),
        session("G-NOTOURS", "cs_elsewhere", true, 100),
    );
    assert_eq!(deliver(&app, &foreign).await.status(), 200);
    assert_eq!(count(&app, "payments").await, 0);
    // Unreadable, though signed: refused, so it shows in Stripe's dashboard.
    assert_eq!(deliver(&app, "{\"id\": 1}").await.status(), 400);
}
