//! Signed in, a member signs a petition in one click: the form is greeted
//! with the account's details, the session proves the address, and the
//! signature counts at once; the member area lists what they signed.

use civic_api::account::MySignature;
use civic_api::petition::{SignReceipt, SignerGreeting};
use civic_api::{Locale, Slug, paths};
use reqwest::header::{CONTENT_TYPE, COOKIE};

use crate::accounts::{join_and_confirm, signed_in};
use crate::petitions_fixture::{ENGLISH_FRENCH, OPEN, sign_request, spawn_petitions_app};

const AMIRA: &str = "amira@example.org";

#[tokio::test]
async fn a_signed_in_member_signs_at_once_and_only_with_their_own_address() {
    let app = spawn_petitions_app().await;
    join_and_confirm(&app, AMIRA).await;
    let cookie = signed_in(&app, AMIRA).await;
    let before = app.stored_count(OPEN).await;
    let mails_before = app.mails_to(AMIRA).await.len();
    let sign = |email: &str| {
        app.client
            .post(app.url(&format!("/api/petitions/{OPEN}/signatures")))
            .header(COOKIE, &cookie)
            .header(CONTENT_TYPE, "application/json")
            .json(&sign_request("Amira Haddad", email, "TN", Locale::Fr))
            .send()
    };

    let response = sign("Amira@Example.org").await.unwrap();
    assert_eq!(response.status(), 200, "counted at once");
    assert!(matches!(response.json().await.unwrap(), SignReceipt::Signed { .. }));
    assert_eq!(app.stored_count(OPEN).await, before + 1);
    let mails = app.mails_to(AMIRA).await;
    assert!(
        mails
            .iter()
            .take(mails.len() - mails_before)
            .all(|mail| !mail.text.contains("/confirm-signature?t=")),
        "no confirmation to ask for"
    );

    let other = sign("someone.else@example.org").await.unwrap();
    assert_eq!(
        other.status(),
        202,
        "another address still has to be confirmed by its owner"
    );
    assert_eq!(app.stored_count(OPEN).await, before + 1);
}

#[tokio::test]
async fn the_sign_form_greets_the_member_and_the_area_lists_their_petitions() {
    let app = spawn_petitions_app().await;
    let greeting_path = paths::petition_member(&Slug::parse(OPEN).unwrap());
    assert_eq!(app.get(&greeting_path).await.status(), 204, "nobody signed in");

    // Signed before joining, never confirmed: listed as waiting.
    assert_eq!(
        app.sign(ENGLISH_FRENCH, &sign_request("Amira Haddad", AMIRA, "TN", Locale::En))
            .await
            .status(),
        202
    );
    join_and_confirm(&app, AMIRA).await;
    let cookie = signed_in(&app, AMIRA).await;
    let with_cookie = |path: String| app.client.get(app.url(&path)).header(COOKIE, &cookie).send();

    let greeting: SignerGreeting = with_cookie(greeting_path.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(
        (greeting.name.as_str(), greeting.email.as_str()),
        ("Amira Haddad", AMIRA)
    );
    assert_eq!(greeting.country.code(), "TN");
    assert!(greeting.signed.is_none());

    let signed = app
        .client
        .post(app.url(&format!("/api/petitions/{OPEN}/signatures")))
        .header(COOKIE, &cookie)
        .json(&sign_request("Amira Haddad", AMIRA, "TN", Locale::Fr))
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 200);
    let greeting: SignerGreeting = with_cookie(greeting_path).await.unwrap().json().await.unwrap();
    assert!(greeting.signed.is_some(), "the form now shows the thanks");

    let response = with_cookie(paths::account_signatures(Locale::Fr)).await.unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store");
    let mine: Vec<MySignature> = response.json().await.unwrap();
    let listed: Vec<(&str, bool)> = mine.iter().map(|s| (s.slug.as_str(), s.confirmed)).collect();
    assert_eq!(listed.len(), 2);
    assert!(
        listed.contains(&(OPEN, true)) && listed.contains(&(ENGLISH_FRENCH, false)),
        "{listed:?}"
    );
    assert!(mine.iter().all(|s| !s.title.is_empty() && s.signed_on.len() == 10));
    assert_eq!(app.get(&paths::account_signatures(Locale::Fr)).await.status(), 401);
}
