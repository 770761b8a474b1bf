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
            paths::PAGE,
            paths::PROBLEM_REPORTS,
            paths::PETITIONS,
            paths::PETITION,
            paths::PETITION_COUNT,
            paths::PETITION_COUNTRIES_CSV,
            paths::PETITION_SIGNATURES,
            paths::PETITION_RESEND,
            paths::PETITION_SIGNER,
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
        ["invalid", "required", "too_long", "too_short"]
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
