use std::collections::BTreeSet;

use civic_api::{Locale, paths};
use serde_json::Value;

use crate::helpers::spawn_app;

async fn document() -> Value {
    let app = spawn_app().await;
    let response = app.get(paths::OPENAPI).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

fn strings(value: &Value) -> BTreeSet<String> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|item| item.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_path() {
    let document = document().await;

    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    let documented: BTreeSet<&str> = document["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        documented,
        BTreeSet::from([
            paths::HEALTH,
            paths::READY,
            paths::DONATION_OFFER,
            paths::DONATIONS,
            paths::DONATION,
            paths::PAYMENT_WEBHOOK,
            paths::STAFF_PAYMENTS_CSV,
            paths::STAFF_ACCOUNTS,
            paths::STAFF_ACCOUNT_ROLE,
            paths::STAFF_ACCOUNT_SESSION_ENDS,
            paths::STAFF_ACCOUNT_ERASURE,
            paths::STAFF_AUDIT,
            paths::STAFF_AUDIT_CSV,
            paths::STAFF_CONSENTS_CSV,
            paths::STAFF_STATISTICS,
            paths::STAFF_INBOX,
            paths::STAFF_INBOX_ITEM,
            paths::STAFF_INBOX_NOTES,
            paths::STAFF_INBOX_REPLIES,
            paths::STAFF_PETITIONS,
            paths::STAFF_PETITION,
            paths::STAFF_PETITION_STATUS,
            paths::STAFF_PETITION_NEWS,
            paths::STAFF_PAGES,
            paths::STAFF_PAGE,
            paths::STAFF_SURVEYS,
            paths::STAFF_SURVEY,
            paths::STAFF_SURVEY_STATUS,
            paths::STAFF_SURVEY_RESULTS,
            paths::STAFF_SURVEY_RESULTS_CSV,
            paths::STAFF_SURVEY_INVITATIONS,
            paths::STAFF_MAILINGS,
            paths::STAFF_MAILING,
            paths::STAFF_MAILING_TESTS,
            paths::STAFF_MAILING_SCHEDULE,
            paths::STAFF_MAILING_SENDING,
            paths::MAILING_OPENS,
            paths::ACCOUNT_AUTHENTICATOR,
            paths::ACCOUNT_AUTHENTICATOR_SETUP,
            paths::SESSION_AUTHENTICATOR,
            paths::PETITION_NEWS_STOP,
            paths::PETITION_NEWS_RESTART,
            paths::PETITION_NEWS_ONE_CLICK,
            paths::STAFF_PETITION_IMAGE,
            paths::STAFF_MARKDOWN_PREVIEW,
            paths::STAFF_PETITION_SIGNATURES,
            paths::STAFF_PETITION_SIGNATURES_CSV,
            paths::STAFF_PETITION_INVALIDATION_PREVIEWS,
            paths::STAFF_PETITION_INVALIDATIONS,
            paths::STAFF_PETITION_INVALIDATION_UNDO,
            paths::ACCOUNT_DUES,
            paths::ACCOUNT_DUES_PORTAL,
            paths::PAGE,
            paths::PROBLEM_REPORTS,
            paths::CONTACT_MESSAGES,
            paths::PETITIONS,
            paths::PETITION,
            paths::PETITION_COUNT,
            paths::PETITION_COUNTRIES_CSV,
            paths::PETITION_SIGNATURES,
            paths::PETITION_RESEND,
            paths::PETITION_SIGNER,
            paths::PETITION_MEMBER,
            paths::SIGNATURE_CONFIRM,
            paths::CONSENTS,
            paths::ANALYTICS_EVENTS,
            paths::STATISTICS,
            paths::NEWSLETTER_SUBSCRIPTIONS,
            paths::NEWSLETTER_CONFIRM,
            paths::NEWSLETTER_UNSUBSCRIBE,
            paths::NEWSLETTER_RESUBSCRIBE,
            paths::NEWSLETTER_UNSUBSCRIBE_LINKS,
            paths::NEWSLETTER_ONE_CLICK,
            paths::SURVEYS,
            paths::SURVEY,
            paths::SURVEY_RESULTS,
            paths::SURVEY_RESULTS_CSV,
            paths::SURVEY_RESPONSES,
            paths::SURVEY_RESPONSE_CONFIRM,
            paths::ACCOUNTS,
            paths::ACCOUNT_CONFIRMATIONS,
            paths::SESSIONS,
            paths::SESSION,
            paths::ACCOUNT_SESSIONS,
            paths::ACCOUNT_SESSION,
            paths::ACCOUNT_PROFILE,
            paths::ACCOUNT_DATA,
            paths::ACCOUNT_SIGNATURES,
            paths::ACCOUNT_DELETION,
            paths::PASSWORD_RESETS,
            paths::PASSWORD_RESET_COMPLETE,
            paths::ACCOUNT_PASSWORD,
            paths::ACCOUNT_EMAIL,
            paths::EMAIL_CONFIRMATIONS,
            paths::ACCOUNT_PASSKEYS,
            paths::ACCOUNT_PASSKEY_OPTIONS,
            paths::ACCOUNT_PASSKEY,
            paths::PASSKEY_SIGN_IN_OPTIONS,
            paths::PASSKEY_SIGN_INS,
            paths::STAFF_CONTACT_MESSAGES,
        ])
    );
    assert!(document["paths"][paths::PROBLEM_REPORTS]["post"]["requestBody"].is_object());
}

#[tokio::test]
async fn the_openapi_schemas_say_what_the_json_really_is() {
    let document = document().await;
    let schemas = &document["components"]["schemas"];

    let locales: BTreeSet<String> = Locale::ALL.iter().map(|locale| locale.as_str().to_owned()).collect();
    assert_eq!(strings(&schemas["Locale"]["enum"]), locales, "locales are their codes");
    let field_errors = strings(&schemas["FieldError"]["enum"]);
    assert_eq!(
        field_errors,
        ["common", "invalid", "personal", "required", "too_long", "too_short"]
            .map(String::from)
            .into()
    );
    assert!(strings(&schemas["ErrorCode"]["enum"]).contains("rate_limited"));

    let body = &schemas["ErrorBody"];
    let properties: BTreeSet<&str> = body["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(properties, BTreeSet::from(["code", "message", "fields", "request_id"]));
    assert_eq!(body["additionalProperties"], false, "unknown fields are refused");

    assert!(strings(&schemas["PetitionImage"]["required"]).contains("variants"));
    assert_eq!(
        strings(&schemas["ImageFormat"]["enum"]),
        ["webp", "jpeg"].map(String::from).into(),
        "picture formats are their lowercase names"
    );
    assert_eq!(
        strings(&schemas["ImageVariant"]["required"]),
        ["format", "src", "width", "height"].map(String::from).into()
    );
    assert_eq!(schemas["ProblemReportRequest"]["additionalProperties"], false);
}

#[tokio::test]
async fn every_write_documents_what_the_layers_before_its_handler_answer() {
    let document = document().await;
    let mut writes = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        let Some(operation) = item.get("post") else { continue };
        writes += 1;
        let documented: BTreeSet<&str> = operation["responses"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for status in ["403", "429", "503"] {
            assert!(documented.contains(status), "POST {path} does not document {status}");
        }
        if operation["requestBody"]["content"].get("application/json").is_some() {
            for status in ["400", "408", "413", "415"] {
                assert!(documented.contains(status), "POST {path} does not document {status}");
            }
            assert_eq!(
                operation["responses"]["415"]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ErrorResponse",
                "POST {path}: in the error shape"
            );
        }
    }
    assert!(writes >= 14, "{writes} writes");
}

#[tokio::test]
async fn the_schemas_of_checked_strings_say_what_the_server_accepts() {
    use civic_api::share::Network;
    let document = document().await;
    let schemas = &document["components"]["schemas"];
    let networks: BTreeSet<String> = Network::ALL.iter().map(|network| network.source().to_owned()).collect();
    assert_eq!(
        strings(&schemas["Network"]["enum"]),
        networks,
        "networks by their API names"
    );
    assert_eq!(schemas["Slug"]["pattern"], civic_api::Slug::PATTERN);
    assert_eq!(schemas["Slug"]["maxLength"], civic_api::Slug::MAX_LEN);
    let answers = &schemas["ResponseRequest"]["properties"]["answers"];
    assert_eq!(
        answers["propertyNames"]["pattern"],
        civic_api::Slug::PATTERN,
        "question ids: {answers}"
    );
}
