//! A petition's signatures in the console: counted by day, country and
//! source; exported as CSV with addresses for admins only, each export
//! audited; invalidated in bulk by domain, time and source after a preview,
//! the public figures dropping at once on every server, and undone.

use std::time::Duration;

use civic_api::account::Role;
use civic_api::signature_review::{Invalidation, InvalidationPreview, SignatureSummary};
use civic_api::{ErrorCode, Locale, paths};
use reqwest::Method;
use serde_json::json;

use crate::accounts::{get_with_cookie, send_with_cookie};
use crate::helpers::{Setup, TestApp, error_body};
use crate::passkeys::staff_with_passkey;
use crate::petitions_fixture::{OPEN, petitions_setup, sign_request};

fn key(n: u32) -> String {
    format!("9b2e0c2a-0000-4000-8000-{n:012}")
}

async fn petition_id(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT id FROM petitions WHERE slug = $1")
        .bind(OPEN)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn summary(app: &TestApp, cookie: &str, id: i64) -> SignatureSummary {
    let response = get_with_cookie(app, &paths::staff_petition_signatures(id), cookie).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn public_count(app: &TestApp) -> (u64, u64) {
    let detail: civic_api::petition::PetitionDetail = app
        .get(&format!("/api/petitions/{OPEN}?locale=en"))
        .await
        .json()
        .await
        .unwrap();
    let france = detail
        .by_country
        .iter()
        .find(|country| country.country.code() == "FR")
        .map_or(0, |country| country.count);
    (detail.count, france)
}

#[tokio::test]
async fn fraud_is_invalidated_by_domain_the_public_count_drops_everywhere_and_it_can_be_undone() {
    let setup = petitions_setup();
    let mut second: Setup = setup.clone();
    second.config.image_cache = setup.dir().join("data/images-second");
    let app = setup.spawn().await;
    let other = second.spawn().await;
    let editor = staff_with_passkey(&app, "eve.editor@example.org", Role::Editor).await;
    let id = petition_id(&app).await;

    // Two real signers, three from a throwaway domain, one of them from a campaign source.
    for (name, email, country) in [
        ("Ada Lovelace", "ada@example.org", "GB"),
        ("Camille Martin", "camille@example.fr", "FR"),
        ("Bot One", "one@spam.example", "FR"),
        ("Bot Two", "two@SPAM.example", "FR"),
    ] {
        app.sign_and_confirm(OPEN, &sign_request(name, email, country, Locale::En))
            .await;
    }
    let mut sourced = sign_request("Bot Three", "three@spam.example", "US", Locale::En);
    sourced.source = Some("flyer".to_owned());
    app.sign_and_confirm(OPEN, &sourced).await;
    let before = summary(&app, &editor, id).await;
    assert_eq!((before.confirmed, before.invalidated), (5, 0));
    assert!(
        before
            .by_source
            .iter()
            .any(|source| source.source == "flyer" && source.count == 1),
        "{before:?}"
    );
    assert_eq!(before.by_day.iter().map(|day| day.count).sum::<u64>(), 5);
    assert_eq!(public_count(&app).await, (5, 3));

    // The preview counts and changes nothing; a filter naming nothing is refused.
    let preview = send_with_cookie(
        &app,
        Method::POST,
        &paths::staff_petition_invalidation_previews(id),
        &editor,
        &json!({"domain": "spam.example"}),
    )
    .await;
    assert_eq!(preview.status(), 200);
    let preview: InvalidationPreview = preview.json().await.unwrap();
    assert_eq!(preview.count, 3);
    assert_eq!(preview.domains[0].domain, "spam.example");
    let narrower = send_with_cookie(
        &app,
        Method::POST,
        &paths::staff_petition_invalidation_previews(id),
        &editor,
        &json!({"domain": "spam.example", "source": "direct"}),
    )
    .await;
    assert_eq!(narrower.json::<InvalidationPreview>().await.unwrap().count, 2);
    let empty = send_with_cookie(
        &app,
        Method::POST,
        &paths::staff_petition_invalidation_previews(id),
        &editor,
        &json!({}),
    )
    .await;
    assert_eq!(error_body(empty).await.error.code, ErrorCode::Validation);
    assert_eq!(public_count(&app).await, (5, 3));

    // Invalidated with a reason: the figures drop at once here, soon on the other server.
    let request = json!({"filter": {"domain": "spam.example"}, "reason": "A bot wave from one domain", "idempotency_key": key(1)});
    let invalidated = send_with_cookie(
        &app,
        Method::POST,
        &paths::staff_petition_invalidations(id),
        &editor,
        &request,
    )
    .await;
    assert_eq!(invalidated.status(), 201);
    let invalidation: Invalidation = invalidated.json().await.unwrap();
    assert_eq!(invalidation.count, 3);
    assert_eq!(invalidation.by.as_deref(), Some("eve.editor@example.org"));
    assert_eq!(public_count(&app).await, (2, 1));
    assert_eq!(app.count(OPEN).await.count, 2, "the polled count too");
    let retried = send_with_cookie(
        &app,
        Method::POST,
        &paths::staff_petition_invalidations(id),
        &editor,
        &request,
    )
    .await;
    assert_eq!(
        retried.json::<Invalidation>().await.unwrap().id,
        invalidation.id,
        "a retry is done once"
    );
    assert_eq!(public_count(&app).await, (2, 1));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(6);
    while other.count(OPEN).await.count != 2 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the other server never dropped the count"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let after = summary(&app, &editor, id).await;
    assert_eq!(
        (after.confirmed, after.invalidated, after.invalidations.len()),
        (2, 3, 1)
    );

    // The editor's export has no addresses and only counted signatures; an admin's has them.
    let csv = get_with_cookie(&app, &paths::staff_petition_signatures_csv(id), &editor).await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("signatures-")
    );
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("name,country,confirmed_at,source\r\n"), "{csv}");
    assert!(
        csv.contains("Ada Lovelace") && !csv.contains("Bot One") && !csv.contains('@'),
        "{csv}"
    );
    let admin = staff_with_passkey(&app, "ada.admin@example.org", Role::Admin).await;
    let csv = get_with_cookie(&app, &paths::staff_petition_signatures_csv(id), &admin)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with("name,country,confirmed_at,source,email\r\n") && csv.contains("ada@example.org"),
        "{csv}"
    );
    let exports = app
        .scalar("SELECT COUNT(*) FROM staff_actions WHERE action = 'signatures_exported'")
        .await;
    assert_eq!(exports, 2, "every export is in the audit log");

    // Undone: they count again, once however often it is sent; a second undo is a conflict.
    let undo = |n: u32| json!({"idempotency_key": key(n)});
    let path = paths::staff_petition_invalidation_undo(id, invalidation.id);
    let undone = send_with_cookie(&app, Method::POST, &path, &editor, &undo(2)).await;
    assert_eq!(undone.status(), 200);
    assert!(undone.json::<Invalidation>().await.unwrap().undone_at.is_some());
    assert_eq!(
        send_with_cookie(&app, Method::POST, &path, &editor, &undo(2))
            .await
            .status(),
        200
    );
    assert_eq!(public_count(&app).await, (5, 3));
    let again = send_with_cookie(&app, Method::POST, &path, &editor, &undo(3)).await;
    assert_eq!(again.status(), 409);
    assert_eq!(public_count(&app).await, (5, 3));
    let lines: Vec<String> =
        sqlx::query_scalar("SELECT action FROM staff_actions WHERE subject LIKE 'clean-air%' ORDER BY id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        lines,
        [
            "signatures_invalidated",
            "signatures_exported",
            "signatures_exported",
            "invalidation_undone"
        ]
    );
}
