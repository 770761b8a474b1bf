//! The kit's promises, in headless Chromium: a retry is the same request,
//! a changed one is not; the server's refusals land on their fields and
//! nothing typed is lost; a form that cannot be sent says where.

use civic_api::form_post::FormOutcome;
use civic_api::{Email, ErrorBody, ErrorCode, FieldError, FieldErrors, Locale};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::api::ApiError;
use crate::form_kit::state::Failure;
use crate::form_kit::{FormKit, TextField};
use crate::test_support::{container, find, fire};

wasm_bindgen_test_configure!(run_in_browser);

fn refused(field: &str, error: FieldError) -> ApiError {
    let mut fields = FieldErrors::new();
    fields.insert(field.to_owned(), error);
    ApiError::Server(ErrorBody {
        code: ErrorCode::Validation,
        message: String::new(),
        fields,
        request_id: None,
    })
}

#[wasm_bindgen_test]
fn a_retry_goes_with_the_same_key_and_a_changed_request_with_a_new_one() {
    let kit = FormKit::new();
    let email = kit.field("email", "kit-email", Email::check);
    email.edit("ana@example.org".into());
    let first = kit.key_for_request();
    assert_eq!(kit.key_for_request(), first, "a retry is the same request");
    assert!(civic_api::IdempotencyKey::parse(&first).is_ok(), "{first}");

    email.edit("ana@example.com".into());
    let second = kit.key_for_request();
    assert_ne!(second, first, "another address is another request");

    kit.answer::<()>(Err(ApiError::Network));
    assert_eq!(kit.key_for_request(), second, "a failure keeps the key for the retry");
    assert_eq!(kit.answer(Ok(7)), Some(7));
    assert_ne!(
        kit.key_for_request(),
        second,
        "once taken, the next request is a new one"
    );
}

#[wasm_bindgen_test]
fn a_refusal_lands_on_its_field_keeps_the_text_and_goes_once_the_field_changes() {
    let kit = FormKit::new();
    let email = kit.field("email", "kit-email", Email::check);
    let name = kit.field("name", "kit-name", |_| None);
    email.edit("ana@example.org".into());

    assert_eq!(kit.answer::<()>(Err(refused("email", FieldError::Invalid))), None);
    assert_eq!(email.error_untracked(), Some(FieldError::Invalid));
    assert_eq!(name.error_untracked(), None);
    assert_eq!(email.text(), "ana@example.org", "nothing typed is lost");
    assert_eq!(kit.failure.get_untracked(), Some(Failure::Invalid));

    name.edit("Ana".into());
    assert_eq!(
        email.error_untracked(),
        Some(FieldError::Invalid),
        "only its own edit clears it"
    );
    email.edit("ana@example.net".into());
    assert_eq!(email.error_untracked(), None);
}

#[wasm_bindgen_test]
fn a_post_the_server_answered_comes_back_with_its_key_and_verdict() {
    let kit = FormKit::new();
    let email = kit.field("email", "kit-email", Email::check);
    let key = "0b0c6d0e-6f1a-4c8e-9d3b-2a5f7e8c9d10";
    let mut fields = FieldErrors::new();
    fields.insert("email".to_owned(), FieldError::TooLong);
    assert!(!kit.restore(key, "", &FormOutcome::Invalid { fields }));
    assert_eq!(email.error_untracked(), Some(FieldError::TooLong));
    assert_eq!(kit.key_for_request(), key, "sending it again is the same request");

    let taken = FormKit::new();
    assert!(taken.restore(key, "", &FormOutcome::CheckInbox));
    assert_ne!(taken.key_for_request(), key, "a taken post leaves a fresh form");

    let limited = FormKit::new();
    assert!(!limited.restore(key, "", &FormOutcome::RateLimited));
    assert!(matches!(limited.failure.get_untracked(), Some(Failure::Failed(_))));
}

#[wasm_bindgen_test]
async fn checking_marks_every_wrong_field_for_assistive_technology_and_focuses_the_first() {
    let root = container();
    let kit = FormKit::new();
    let name = kit.field("name", "kit-check-name", |text| {
        text.trim().is_empty().then_some(FieldError::Required)
    });
    let email = kit.field("email", "kit-check-email", Email::check);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        let text = Callback::new(|error: FieldError| format!("wrong: {error:?}"));
        view! {
            <TextField field=name label="Name".to_owned() hint="As you sign".to_owned() error_text=text />
            <TextField field=email label="E-mail".to_owned() hint="We write once".to_owned() error_text=text />
            <crate::form_kit::Honeypot kit locale=Locale::En id="kit-website".to_owned() />
        }
    });
    leptos::task::tick().await;
    let input = find(&root, "#kit-check-email").expect("the e-mail input");
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("kit-check-email-hint")
    );
    assert!(
        find(&root, "label[for=\"kit-check-email\"]").is_some(),
        "a label for it"
    );

    input.unchecked_ref::<web_sys::HtmlInputElement>().set_value("ana@");
    fire(&input, "input", true);
    assert!(!kit.check(&[name, email]));
    leptos::task::tick().await;
    let focused = document().active_element().map(|element| element.id());
    assert_eq!(focused.as_deref(), Some("kit-check-name"), "the first wrong field");
    assert_eq!(
        find(&root, "#kit-check-email-error")
            .and_then(|error| error.text_content())
            .as_deref(),
        Some("wrong: Invalid")
    );
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("kit-check-email-hint kit-check-email-error")
    );
    let honeypot = find(&root, ".honeypot").expect("a honeypot");
    assert_eq!(honeypot.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert_eq!(
        find(&root, "#kit-website")
            .and_then(|input| input.get_attribute("tabindex"))
            .as_deref(),
        Some("-1")
    );
}

fn leave(element: &web_sys::Element, towards: Option<&web_sys::Element>) {
    let init = web_sys::FocusEventInit::new();
    init.set_related_target(towards.map(|element| element.unchecked_ref()));
    let event = web_sys::FocusEvent::new_with_focus_event_init_dict("blur", &init).expect("a blur event");
    element.dispatch_event(&event).expect("the event can be dispatched");
}

#[wasm_bindgen_test]
async fn leaving_a_field_for_the_submit_button_shows_no_error_that_would_push_the_button_away() {
    let root = container();
    let kit = FormKit::new();
    let email = kit.field("email", "kit-leave-email", Email::check);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        let text = Callback::new(|error: FieldError| format!("wrong: {error:?}"));
        view! {
            <form>
                <TextField field=email label="E-mail".to_owned() hint="We write once".to_owned() error_text=text />
                <button type="button" id="kit-other">"Other"</button>
                <button type="submit" id="kit-send">"Send"</button>
            </form>
        }
    });
    leptos::task::tick().await;
    let input = find(&root, "#kit-leave-email").expect("the input");
    input.unchecked_ref::<web_sys::HtmlInputElement>().set_value("ana@");
    fire(&input, "input", true);

    leave(&input, find(&root, "#kit-send").as_ref());
    leptos::task::tick().await;
    assert!(
        find(&root, "#kit-leave-email-error").is_none(),
        "nothing moves under the press"
    );

    leave(&input, find(&root, "#kit-other").as_ref());
    leptos::task::tick().await;
    assert!(
        find(&root, "#kit-leave-email-error").is_some(),
        "left for anything else, it is checked"
    );
}

#[wasm_bindgen_test]
async fn a_field_left_while_the_submit_button_is_pressed_waits_even_where_the_button_takes_no_focus() {
    let root = container();
    let kit = FormKit::new();
    let email = kit.field("email", "kit-press-email", Email::check);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        let text = Callback::new(|error: FieldError| format!("wrong: {error:?}"));
        view! {
            <form on:submit=|event| event.prevent_default()>
                <TextField field=email label="E-mail".to_owned() hint="We write once".to_owned() error_text=text />
                <crate::form_kit::SubmitButton kit pending=Signal::stored(false) label="Send" sending="Sending" />
            </form>
        }
    });
    leptos::task::tick().await;
    let input = find(&root, "#kit-press-email").expect("the input");
    input.unchecked_ref::<web_sys::HtmlInputElement>().set_value("ana@");
    fire(&input, "input", true);
    let button = find(&root, "button[type=\"submit\"]").expect("the submit button");

    // Safari: the press takes the focus from the field to nowhere.
    fire(&button, "pointerdown", true);
    leave(&input, None);
    leptos::task::tick().await;
    assert!(
        find(&root, "#kit-press-email-error").is_none(),
        "nothing moves under the press"
    );

    button.unchecked_ref::<web_sys::HtmlElement>().click();
    leave(&input, None);
    leptos::task::tick().await;
    assert!(
        find(&root, "#kit-press-email-error").is_some(),
        "once released, leaving checks the field"
    );
}
