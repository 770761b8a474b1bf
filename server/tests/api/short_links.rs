//! `/s/{code}`: petitions' and signers' short links, and nothing else.

use civic_api::Locale;
use civic_api::petition::PetitionDetail;

use crate::petitions_fixture::{OPEN, sign_request, spawn_petitions_app};

#[tokio::test]
async fn a_petitions_short_link_leads_to_it_with_its_source() {
    let app = spawn_petitions_app().await;
    let detail: PetitionDetail = app
        .get("/api/petitions/clean-air?locale=fr")
        .await
        .json()
        .await
        .unwrap();

    let response = app.get(&detail.short_path).await;

    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/petitions/clean-air?source=link");
    assert_eq!(response.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn a_signers_short_link_leads_to_the_petition_in_their_language_with_their_code() {
    let app = spawn_petitions_app().await;
    let confirmation = app
        .sign_and_confirm(OPEN, &sign_request("Zoé Dupont", "zoe@example.org", "FR", Locale::Fr))
        .await;
    let code = confirmation.referral.code;

    let response = app.get(&code.path()).await;

    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        format!("/fr/petitions/clean-air?ref={code}").as_str()
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn unknown_codes_and_redirect_tricks_get_the_not_found_page() {
    let app = spawn_petitions_app().await;
    app.sign(
        OPEN,
        &sign_request("Pending Person", "pending@example.org", "FR", Locale::Fr),
    )
    .await;
    let pending_code: Option<String> = sqlx::query_scalar("SELECT referral_code FROM signatures")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(pending_code, None, "a pending signer has no link yet");

    for path in [
        "/s/Zz9Zz9Zz",
        "/s/abc",
        "/s//evil.com",
        "/s/%2F%2Fevil.com",
        "/s/..%2F..",
        "/s/http:evil.com",
        "/s/https%3A%2F%2Fevil.com",
        "/s/%5C%5Cevil.com",
        "/s/@evil.com",
        "/s/%E2%80%AEevilcom",
        "/s/%FF%FE",
        "/s/",
    ] {
        let response = app.get(path).await;

        assert_eq!(response.status(), 404, "{path}");
        assert!(response.headers().get("location").is_none(), "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"), "{path}");
    }
}
