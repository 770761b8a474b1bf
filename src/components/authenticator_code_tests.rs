//! The step-up in headless Chromium, with a stand-in for the API: the code
//! goes (digits only), a refused one says so under the field and stays,
//! and too many wrong codes or no app at all are said in the alert.

use std::time::Duration;

use civic_api::account::{AccountView, Role};
use civic_api::authenticator::AuthenticatorCode;
use civic_api::{ErrorBody, ErrorCode, ErrorResponse, FieldError, FieldErrors, Locale};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::api::ApiBase;
use crate::components::authenticator_code::AuthenticatorStepUp;
use crate::test_support::{
    answer_fetches, body_of, container, fetches_made, find, fire, json, text, type_into, wait_for,
};

wasm_bindgen_test_configure!(run_in_browser);

const MOCK: &str = "http://mock.step-up";
const STEP_UP: &str = "POST /api/session/authenticator";

fn account() -> String {
    json(&AccountView {
        name: "Ada".to_owned(),
        email: "ada@example.org".to_owned(),
        country: "GB".to_owned(),
        locale: Locale::En,
        role: Role::Editor,
        member_since: "2026-01-02".to_owned(),
        pending_email: None,
        needs_passkey: false,
        newsletter: false,
    })
}

fn error(code: ErrorCode, fields: FieldErrors) -> String {
    json(&ErrorResponse {
        error: ErrorBody {
            code,
            message: String::new(),
            fields,
            request_id: None,
        },
    })
}

/// The form, and whether the server's yes reached the page.
fn mount() -> (web_sys::HtmlElement, RwSignal<bool>, impl Drop) {
    let root = container();
    let accepted = RwSignal::new(false);
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(MOCK.into()));
        view! { <AuthenticatorStepUp locale=Locale::En accepted=Callback::new(move |()| accepted.set(true)) /> }
    });
    (root, accepted, mounted)
}

fn send_code(root: &web_sys::Element, code: &str) {
    type_into(root, "#step-up-code", code);
    fire(&find(root, "form").unwrap(), "submit", true);
}

async fn saying(root: &web_sys::Element, selector: &str, expected: &str) {
    let found = wait_for(Duration::from_secs(5), || {
        find(root, selector).filter(|element| text(element) == expected)
    })
    .await;
    let said = find(root, selector).map(|element| text(&element));
    assert!(found.is_some(), "{selector} says {said:?}, not {expected:?}");
}

#[wasm_bindgen_test]
async fn the_code_goes_and_the_page_follows_the_servers_yes() {
    answer_fetches(MOCK, vec![(STEP_UP, 200, account())]);
    let (root, accepted, _mounted) = mount();
    let form = find(&root, "form").unwrap();
    let title = form.get_attribute("aria-labelledby").expect("the form is named");
    assert_eq!(
        text(&find(&root, &format!("#{title}")).unwrap()),
        "Or give a code from your authenticator app"
    );
    assert_eq!(
        text(&find(&root, "label[for=step-up-code]").unwrap()),
        "Code from the app"
    );
    let field = find(&root, "#step-up-code").unwrap();
    assert_eq!(field.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(field.get_attribute("autocomplete").as_deref(), Some("one-time-code"));
    assert_eq!(text(&find(&root, "button[type=submit]").unwrap()), "Continue");

    send_code(&root, " 123 456 ");
    let done = wait_for(Duration::from_secs(5), || accepted.get_untracked().then_some(())).await;
    assert!(done.is_some(), "requests: {:?}", fetches_made());
    let sent: AuthenticatorCode = body_of(STEP_UP).await;
    assert_eq!(sent.code, "123456");
}

#[wasm_bindgen_test]
async fn a_refused_code_is_said_under_the_field_and_stays() {
    let fields = FieldErrors::from([("code".to_owned(), FieldError::Invalid)]);
    answer_fetches(MOCK, vec![(STEP_UP, 422, error(ErrorCode::Validation, fields))]);
    let (root, accepted, _mounted) = mount();
    send_code(&root, "000000");
    saying(
        &root,
        "#step-up-code-error",
        "This is not the app's code. Check that your phone's clock is right, and type the newest code.",
    )
    .await;
    let field: web_sys::HtmlInputElement = find(&root, "#step-up-code").unwrap().unchecked_into();
    assert_eq!(field.value(), "000000");
    assert!(!accepted.get_untracked());
}

#[wasm_bindgen_test]
async fn too_many_wrong_codes_are_said_in_the_alert() {
    answer_fetches(
        MOCK,
        vec![(STEP_UP, 429, error(ErrorCode::RateLimited, FieldErrors::new()))],
    );
    let (root, accepted, _mounted) = mount();
    send_code(&root, "111111");
    saying(
        &root,
        "[role=alert]",
        "Too many wrong codes. Wait a few minutes, then try again.",
    )
    .await;
    assert!(
        find(&root, "[role=alert] button").is_none(),
        "no retry: waiting is the way"
    );
    assert!(find(&root, "#step-up-code-error").is_none());
    assert!(!accepted.get_untracked());
}

#[wasm_bindgen_test]
async fn an_account_without_an_app_is_told_where_to_set_one_up() {
    answer_fetches(
        MOCK,
        vec![(STEP_UP, 404, error(ErrorCode::NotFound, FieldErrors::new()))],
    );
    let (root, _accepted, _mounted) = mount();
    send_code(&root, "222222");
    saying(
        &root,
        "[role=alert]",
        "Your account has no authenticator app. Set one up in your account, or sign in with a passkey.",
    )
    .await;
    assert_eq!(fetches_made(), [STEP_UP]);
}
