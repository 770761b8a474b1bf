//! The member's authenticator app in headless Chromium, with a stand-in
//! for the API: set up from its QR code or its key, a wrong code that
//! keeps what was typed, the right one that turns it on, and removing it.

use std::time::Duration;

use civic_api::authenticator::{AuthenticatorCode, AuthenticatorSetup, AuthenticatorView};
use civic_api::{ErrorBody, ErrorCode, ErrorResponse, FieldError, FieldErrors, Locale};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::api::ApiBase;
use crate::pages::account::authenticator::Authenticator;
use crate::test_support::{
    answer_fetches, body_of, container, fetches_made, find, fire, json, text, type_into, wait_for,
};

wasm_bindgen_test_configure!(run_in_browser);

const MOCK: &str = "http://mock.authenticator";
const SHOW: &str = "GET /api/account/authenticator";
const SET_UP: &str = "POST /api/account/authenticator/setup";
const TURN_ON: &str = "POST /api/account/authenticator";
const REMOVE: &str = "DELETE /api/account/authenticator";
const SECRET: &str = "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP";
const WRONG: &str = "This is not the app's code. Check that your phone's clock is right, and type the newest code.";

fn off() -> String {
    json(&AuthenticatorView {
        enabled: false,
        added_on: None,
    })
}

fn on(day: &str) -> String {
    json(&AuthenticatorView {
        enabled: true,
        added_on: Some(day.to_owned()),
    })
}

fn setup() -> String {
    json(&AuthenticatorSetup {
        secret: SECRET.to_owned(),
        uri: "otpauth://totp/Civic:ada%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Civic".to_owned(),
        qr_svg: r##"<svg xmlns="http://www.w3.org/2000/svg" width="232" height="232" viewBox="0 0 232 232"><rect width="232" height="232" fill="#fff"/><path d="M16 16h8v8h-8z"/></svg>"##.to_owned(),
    })
}

fn refused(error: FieldError) -> String {
    json(&ErrorResponse {
        error: ErrorBody {
            code: ErrorCode::Validation,
            message: "a wrong code".to_owned(),
            fields: FieldErrors::from([("code".to_owned(), error)]),
            request_id: None,
        },
    })
}

fn mount() -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), || {
        provide_context(ApiBase(MOCK.into()));
        view! { <Authenticator locale=Locale::En /> }
    });
    (root, mounted)
}

fn click(root: &web_sys::Element, selector: &str) {
    find(root, selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn value(root: &web_sys::Element, selector: &str) -> String {
    find(root, selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

async fn shown(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    wait_for(Duration::from_secs(5), || find(root, selector))
        .await
        .unwrap_or_else(|| panic!("{selector} never shown; requests: {:?}", fetches_made()))
}

async fn saying(root: &web_sys::Element, selector: &str, expected: &str) {
    let found = wait_for(Duration::from_secs(5), || {
        find(root, selector).filter(|element| text(element) == expected)
    })
    .await;
    let said = find(root, selector).map(|element| text(&element));
    assert!(found.is_some(), "{selector} says {said:?}, not {expected:?}");
}

/// Mounted with no app set up, then "Set up" pressed: the QR code shown.
async fn set_up(root: &web_sys::Element) {
    let button = shown(root, "#authenticator-set-up").await;
    assert_eq!(text(&button), "Set up an authenticator app");
    click(root, "#authenticator-set-up");
    shown(root, ".qr svg").await;
}

fn submit(root: &web_sys::Element) {
    fire(&find(root, "form").unwrap(), "submit", true);
}

#[wasm_bindgen_test]
async fn setting_up_shows_the_qr_code_and_the_key_and_a_wrong_code_keeps_what_was_typed() {
    answer_fetches(
        MOCK,
        vec![
            (SHOW, 200, off()),
            (SET_UP, 200, setup()),
            (TURN_ON, 422, refused(FieldError::Invalid)),
        ],
    );
    let (root, _mounted) = mount();
    assert_eq!(
        text(&find(&root, "#authenticator-heading").unwrap()),
        "Authenticator app"
    );
    assert_eq!(find(&root, "#authenticator-heading").unwrap().tag_name(), "H2");
    set_up(&root).await;

    let qr = find(&root, ".qr").unwrap();
    assert_eq!(qr.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(
        qr.get_attribute("aria-label").as_deref(),
        Some("QR code for your authenticator app")
    );
    assert_eq!(text(&find(&root, ".authenticator-key code").unwrap()), SECRET);
    assert!(text(&find(&root, ".authenticator-key").unwrap()).starts_with("Or type this key into the app:"));
    assert_eq!(
        text(&find(&root, "label[for=authenticator-code]").unwrap()),
        "Code from the app"
    );
    let field = find(&root, "#authenticator-code").unwrap();
    assert_eq!(field.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(field.get_attribute("autocomplete").as_deref(), Some("one-time-code"));
    assert_eq!(text(&find(&root, "button[type=submit]").unwrap()), "Turn on");

    type_into(&root, "#authenticator-code", "123 456");
    submit(&root);
    saying(&root, "#authenticator-code-error", WRONG).await;
    assert_eq!(value(&root, "#authenticator-code"), "123 456", "nothing typed is lost");
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(find(&root, ".qr svg").is_some(), "the QR code stays for another try");
    let sent: AuthenticatorCode = body_of(TURN_ON).await;
    assert_eq!(sent.code, "123456", "the digits alone");
    assert_eq!(fetches_made(), [SHOW, SET_UP, TURN_ON]);
}

#[wasm_bindgen_test]
async fn a_code_is_checked_before_it_is_sent_and_cancel_goes_back() {
    answer_fetches(MOCK, vec![(SHOW, 200, off()), (SET_UP, 200, setup())]);
    let (root, _mounted) = mount();
    set_up(&root).await;

    submit(&root);
    saying(&root, "#authenticator-code-error", "Enter the code from the app.").await;
    type_into(&root, "#authenticator-code", "12345");
    saying(
        &root,
        "#authenticator-code-error",
        "Type the six digits the app shows, such as 123456.",
    )
    .await;
    submit(&root);
    leptos::task::tick().await;
    assert_eq!(fetches_made(), [SHOW, SET_UP], "nothing sent");

    click(&root, ".code-actions button.secondary");
    let button = shown(&root, "#authenticator-set-up").await;
    assert_eq!(text(&button), "Set up an authenticator app");
    assert!(find(&root, ".qr").is_none());
}

#[wasm_bindgen_test]
async fn the_right_code_turns_it_on() {
    answer_fetches(
        MOCK,
        vec![
            (SHOW, 200, off()),
            (SET_UP, 200, setup()),
            (TURN_ON, 201, on("2026-12-05")),
        ],
    );
    let (root, _mounted) = mount();
    set_up(&root).await;
    type_into(&root, "#authenticator-code", "654321");
    submit(&root);

    saying(&root, "[role=status]", "Your authenticator app is on.").await;
    let remove = shown(&root, "#authenticator-remove").await;
    assert_eq!(text(&remove), "Remove the authenticator app");
    assert!(text(&root).contains("On since 5 December 2026."), "{}", text(&root));
    assert!(find(&root, ".qr").is_none(), "the QR code is gone");
    assert!(find(&root, "#authenticator-code").is_none());
    assert_eq!(fetches_made(), [SHOW, SET_UP, TURN_ON]);
}

#[wasm_bindgen_test]
async fn removing_it_goes_back_to_the_set_up_button() {
    answer_fetches(MOCK, vec![(SHOW, 200, on("2026-11-29")), (REMOVE, 204, String::new())]);
    let (root, _mounted) = mount();
    shown(&root, "#authenticator-remove").await;
    assert!(text(&root).contains("On since 29 November 2026."), "{}", text(&root));

    click(&root, "#authenticator-remove");
    saying(&root, "[role=status]", "The authenticator app is removed.").await;
    shown(&root, "#authenticator-set-up").await;
    assert!(find(&root, "#authenticator-remove").is_none());
    assert_eq!(fetches_made(), [SHOW, REMOVE]);
}

#[wasm_bindgen_test]
async fn a_failed_load_offers_a_retry() {
    answer_fetches(MOCK, vec![(SHOW, 500, "{}".to_owned())]);
    let (root, _mounted) = mount();
    let alert = shown(&root, ".load-error").await;
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));

    answer_fetches(MOCK, vec![(SHOW, 200, off())]);
    click(&root, ".load-error button");
    shown(&root, "#authenticator-set-up").await;
    assert_eq!(fetches_made(), [SHOW]);
}

#[wasm_bindgen_test]
async fn staff_without_a_second_factor_in_this_session_are_told_how_to_change_theirs() {
    let passkey_required = json(&ErrorResponse {
        error: ErrorBody {
            code: ErrorCode::PasskeyRequired,
            message: "a session opened with a second factor is needed".to_owned(),
            fields: FieldErrors::new(),
            request_id: None,
        },
    });
    answer_fetches(MOCK, vec![(SHOW, 200, off()), (SET_UP, 403, passkey_required)]);
    let (root, _mounted) = mount();
    let button = shown(&root, "#authenticator-set-up").await;
    assert_eq!(text(&button), "Set up an authenticator app");
    click(&root, "#authenticator-set-up");
    let expected = "Your account has a passkey or an authenticator app: sign in with the passkey, or give a code from the app above, before you change them.";
    let said = wait_for(Duration::from_secs(5), || text(&root).contains(expected).then_some(())).await;
    assert!(said.is_some(), "{}", text(&root));
    assert!(find(&root, ".qr").is_none(), "no key was made");
}
