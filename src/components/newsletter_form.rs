//! The newsletter's address form: signing up (on its own page and, compact,
//! in the footer) or asking for a new unsubscribe link. Both are answered
//! "check your inbox" whatever the address, so the form tells nobody who is
//! subscribed; the e-mail says what happened.

use civic_api::form_post::FormOutcome;
use civic_api::newsletter::{AddressReceipt, AddressRequest};
use civic_api::petition::check_email;
use civic_api::{ErrorCode, FieldError, Locale, SiteRoute, Slug, Target, paths};
use leptos::html::H2;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::browser::{focus_element, focus_when_shown, random_uuid};
use crate::first_page;
use crate::i18n::{self, td_string};
use crate::request::Request;
use crate::ui_locale;

/// What the address is sent for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressPurpose {
    SignUp,
    /// "Lost your unsubscribe link?": mails a fresh one to a subscribed address.
    LostLink,
}

/// The newsletter page's forms, by their ids.
pub const SIGN_UP_FORM_ID: &str = "newsletter";
pub const LOST_LINK_FORM_ID: &str = "lost-link";

impl AddressPurpose {
    /// The newsletter page's form that shows the answer to a post: the
    /// footer's form is not on that page, so the page's own one answers.
    fn answered_by(self) -> &'static str {
        match self {
            AddressPurpose::SignUp => SIGN_UP_FORM_ID,
            AddressPurpose::LostLink => LOST_LINK_FORM_ID,
        }
    }

    /// What a form posted by the browser says it is for.
    fn posted_as(self) -> &'static str {
        match self {
            AddressPurpose::SignUp => "sign_up",
            AddressPurpose::LostLink => "lost_link",
        }
    }

    fn path(self) -> &'static str {
        match self {
            AddressPurpose::SignUp => paths::NEWSLETTER_SUBSCRIPTIONS,
            AddressPurpose::LostLink => paths::NEWSLETTER_UNSUBSCRIBE_LINKS,
        }
    }
}

/// Why the last attempt did not go through.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Invalid,
    Failed(ApiError),
}

/// `id` prefixes the ids of the form's elements: the footer's form and a
/// page's form can be on screen together.
#[component]
pub fn NewsletterForm(
    locale: Locale,
    purpose: AddressPurpose,
    id: &'static str,
    /// The footer's form: the field and its button on one line, no privacy note.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let email = RwSignal::new(String::new());
    let website = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let server_error = RwSignal::new(None::<FieldError>);
    let outcome = RwSignal::new(None::<Outcome>);
    // Kept for every retry of one request, so a lost answer is not acted on
    // twice; renewed once the address changes or was taken.
    let key = RwSignal::new(random_uuid());
    let sent = RwSignal::new(false);
    let inbox = RwSignal::new(None::<String>);
    // A form the browser posted by itself comes back drawn with its answer.
    if let Some(post) = first_page::take_form_post::<AddressRequest>(id) {
        email.set(post.request.email.clone());
        website.set(post.request.website.clone());
        match post.outcome {
            // Taken: the address gets its e-mail.
            FormOutcome::CheckInbox | FormOutcome::Received { .. } => {
                inbox.set(Some(post.request.email.trim().to_owned()))
            }
            FormOutcome::Invalid { fields } => {
                server_error.set(fields.get("email").copied());
                outcome.set(Some(Outcome::Invalid));
            }
            FormOutcome::RateLimited => outcome.set(Some(Outcome::Failed(ApiError::refused(ErrorCode::RateLimited)))),
            FormOutcome::Closed | FormOutcome::Failed => {
                outcome.set(Some(Outcome::Failed(ApiError::refused(ErrorCode::Internal))))
            }
        }
    }
    // Without the app the browser posts the form to the newsletter's page,
    // and the server answers there.
    let action = SiteRoute {
        locale,
        target: Target::Newsletter,
    }
    .path();
    let typed = email.get_untracked();
    let input_id = format!("{id}-email");
    let hint_id = format!("{id}-email-hint");
    let error_id = format!("{id}-email-error");

    let error = move || {
        let local = touched.get().then(|| email.with(|text| check_email(text))).flatten();
        local.or_else(|| server_error.get())
    };
    let send = Request::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        match result {
            Ok(AddressReceipt::CheckInbox) => {
                outcome.set(None);
                key.set(random_uuid());
                sent.set(false);
                inbox.set(Some(email.get_untracked().trim().to_owned()));
            }
            Err(ApiError::Server(body)) if body.code == ErrorCode::Validation && body.fields.contains_key("email") => {
                server_error.set(body.fields.get("email").copied());
                outcome.set(Some(Outcome::Invalid));
            }
            Err(error) => outcome.set(Some(Outcome::Failed(error))),
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = {
        let input_id = input_id.clone();
        Callback::new(move |()| {
            if pending.get_untracked() {
                return;
            }
            touched.set(true);
            if error().is_some() {
                outcome.set(Some(Outcome::Invalid));
                focus_element(&input_id);
                return;
            }
            outcome.set(None);
            sent.set(true);
            let request = AddressRequest {
                idempotency_key: key.get_untracked(),
                locale: Some(locale),
                email: email.get_untracked(),
                website: website.get_untracked(),
            };
            let base = base.get_value();
            send.send(async move { api::newsletter_address(&base, purpose.path(), &request).await });
        })
    };
    let edit = move |value: String| {
        email.set(value);
        server_error.set(None);
        if sent.get_untracked() {
            sent.set(false);
            key.set(random_uuid());
        }
    };
    let another = {
        let input_id = input_id.clone();
        Callback::new(move |()| {
            inbox.set(None);
            let input_id = input_id.clone();
            request_animation_frame(move || focus_element(&input_id));
        })
    };

    let alert = move || {
        outcome.get().map(|outcome| {
            let reason = match outcome {
                Outcome::Invalid => return view! { <p>{td_string!(ui, newsletter.invalid)}</p> }.into_any(),
                Outcome::Failed(ApiError::Network) => td_string!(ui, newsletter.error_network),
                Outcome::Failed(ApiError::Server(body)) if body.code == ErrorCode::RateLimited => {
                    td_string!(ui, newsletter.error_rate_limited)
                }
                Outcome::Failed(_) => td_string!(ui, newsletter.error_server),
            };
            view! {
                <p>{reason}</p>
                <button type="button" on:click=move |_| submit.run(())>
                    {td_string!(ui, page.retry)}
                </button>
            }
            .into_any()
        })
    };
    let privacy = SiteRoute {
        locale,
        target: Target::Content(Slug::parse("privacy").expect("the privacy slug is well formed")),
    }
    .path();
    // The two forms can share a page: their labels differ.
    let (label, hint, submit_text, sending_text) = match purpose {
        AddressPurpose::SignUp => (
            td_string!(ui, newsletter.email_label),
            td_string!(ui, newsletter.email_hint),
            td_string!(ui, newsletter.submit),
            td_string!(ui, newsletter.sending),
        ),
        AddressPurpose::LostLink => (
            td_string!(ui, newsletter.lost_email_label),
            td_string!(ui, newsletter.lost_email_hint),
            td_string!(ui, newsletter.lost_submit),
            td_string!(ui, newsletter.lost_sending),
        ),
    };
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match error().is_some() {
            true => format!("{hint_id} {error_id}"),
            false => hint_id.clone(),
        }
    };
    let error_text = {
        let error_id = error_id.clone();
        move || {
            error().map(|error| {
                view! {
                    <p class="field-error" id=error_id.clone()>
                        {email_error_text(ui, error)}
                    </p>
                }
            })
        }
    };
    let form = view! {
        <form
            class="newsletter-form"
            class:compact=compact
            method="post"
            action=action
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                submit.run(());
            }
        >
            <div class="field">
                <label for=input_id.clone()>{label}</label>
                <p class="hint" id=hint_id>
                    {hint}
                </p>
                <div class="newsletter-row">
                    <input
                        id=input_id
                        name="email"
                        type="email"
                        autocomplete="email"
                        value=typed
                        prop:value=move || email.get()
                        on:input=move |event| edit(event_target_value(&event))
                        on:blur=move |_| touched.set(true)
                        aria-invalid=move || error().is_some().then_some("true")
                        aria-describedby=described_by
                    />
                    <button type="submit" disabled=move || pending.get()>
                        {move || if pending.get() { sending_text } else { submit_text }}
                    </button>
                </div>
                {error_text}
            </div>
            <input type="hidden" name="form" value=purpose.answered_by() />
            <input type="hidden" name="purpose" value=purpose.posted_as() />
            <input type="hidden" name="idempotency_key" value=move || key.get() />
            <div class="honeypot" aria-hidden="true">
                <label for=format!("{id}-website")>{td_string!(ui, newsletter.website_label)}</label>
                <input
                    id=format!("{id}-website")
                    name="website"
                    type="text"
                    tabindex="-1"
                    autocomplete="off"
                    prop:value=move || website.get()
                    on:input=move |event| website.set(event_target_value(&event))
                />
            </div>
            {(!compact && purpose == AddressPurpose::SignUp)
                .then(|| {
                    view! {
                        <p class="privacy-note">
                            {td_string!(ui, newsletter.privacy_text)} " "
                            <a href=privacy>{td_string!(ui, newsletter.privacy_link)}</a>
                        </p>
                    }
                })}
            <div class="form-alert" role="alert">
                {alert}
            </div>
        </form>
    }
    .into_any();
    // The form stays mounted while the inbox notice shows, so going back
    // finds the address as it was typed.
    view! {
        <div class="newsletter" class:hidden-form=move || inbox.with(Option::is_some)>
            {form}
            {move || {
                inbox
                    .get()
                    .map(|address| view! { <CheckInbox locale purpose id address on_another=another /> })
            }}
        </div>
    }
}

#[component]
fn CheckInbox(
    locale: Locale,
    purpose: AddressPurpose,
    id: &'static str,
    address: String,
    on_another: Callback<()>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let heading = NodeRef::<H2>::new();
    focus_when_shown(heading);
    let text = match purpose {
        AddressPurpose::SignUp => td_string!(ui, newsletter.inbox_text, email = &address).to_string(),
        AddressPurpose::LostLink => td_string!(ui, newsletter.lost_inbox_text, email = &address).to_string(),
    };
    let heading_id = format!("{id}-inbox-heading");
    let labelled_by = heading_id.clone();
    view! {
        <section class="check-inbox" aria-labelledby=labelled_by>
            <h2 id=heading_id tabindex="-1" node_ref=heading>
                {td_string!(ui, newsletter.inbox_heading)}
            </h2>
            <p>{text}</p>
            <p>{td_string!(ui, newsletter.inbox_spam)}</p>
            <button type="button" class="secondary" on:click=move |_| on_another.run(())>
                {td_string!(ui, newsletter.another_address)}
            </button>
        </section>
    }
}

fn email_error_text(ui: i18n::Locale, error: FieldError) -> &'static str {
    match error {
        FieldError::Required => td_string!(ui, newsletter.errors.email_required),
        FieldError::TooLong => td_string!(ui, newsletter.errors.email_too_long),
        _ => td_string!(ui, newsletter.errors.email_invalid),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::time::Duration;

    use civic_api::Locale;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    use super::{AddressPurpose, NewsletterForm};
    use crate::api::ApiBase;
    use crate::test_support::{container, find, fire, wait_for};

    wasm_bindgen_test_configure!(run_in_browser);

    /// The Spanish sign-up form, its API on a closed port.
    fn mount_spanish_form() -> (web_sys::HtmlElement, impl Drop) {
        let root = container();
        let mounted = leptos::mount::mount_to(root.clone(), || {
            provide_context(ApiBase("http://127.0.0.1:9".into()));
            view! { <NewsletterForm locale=Locale::Es purpose=AddressPurpose::SignUp id="test-newsletter" /> }
        });
        (root, mounted)
    }

    fn type_into(input: &web_sys::Element, text: &str) {
        input.unchecked_ref::<web_sys::HtmlInputElement>().set_value(text);
        fire(input, "input", true);
    }

    fn text_of(root: &web_sys::Element, selector: &str) -> Option<String> {
        find(root, selector).and_then(|element| element.text_content())
    }

    #[wasm_bindgen_test]
    async fn the_address_field_says_what_is_wrong_as_the_visitor_types() {
        let (root, _mounted) = mount_spanish_form();
        leptos::task::tick().await;
        let email = find(&root, "#test-newsletter-email").expect("an e-mail field");
        assert_eq!(
            text_of(&root, "label[for=\"test-newsletter-email\"]").as_deref(),
            Some("Dirección de correo para el boletín")
        );
        type_into(&email, "ana@");
        leptos::task::tick().await;
        assert!(
            find(&root, "#test-newsletter-email-error").is_none(),
            "no error before the field is left"
        );

        fire(&email, "blur", false);
        leptos::task::tick().await;
        assert_eq!(
            text_of(&root, "#test-newsletter-email-error").as_deref(),
            Some("Escriba una dirección de correo como nombre@ejemplo.org.")
        );
        assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert_eq!(
            email.get_attribute("aria-describedby").as_deref(),
            Some("test-newsletter-email-hint test-newsletter-email-error")
        );

        type_into(&email, "ana@example.org");
        leptos::task::tick().await;
        assert!(
            find(&root, "#test-newsletter-email-error").is_none(),
            "the error goes once it is fixed"
        );
        assert_eq!(email.get_attribute("aria-invalid"), None);
    }

    #[wasm_bindgen_test]
    async fn sending_no_address_says_so_without_a_request() {
        let (root, _mounted) = mount_spanish_form();
        leptos::task::tick().await;
        let form = find(&root, "form.newsletter-form").expect("a form");
        fire(&form, "submit", true);
        leptos::task::tick().await;
        assert_eq!(
            text_of(&root, "#test-newsletter-email-error").as_deref(),
            Some("Escriba su dirección de correo electrónico.")
        );
        assert_eq!(
            text_of(&root, ".form-alert").as_deref(),
            Some("Revise la dirección de correo: vea el mensaje debajo.")
        );
        let button = find(&root, "button[type=\"submit\"]").expect("a button");
        assert_eq!(button.get_attribute("disabled"), None, "nothing was sent");
    }

    #[wasm_bindgen_test]
    async fn a_failed_sign_up_keeps_the_address_and_offers_a_retry() {
        let (root, _mounted) = mount_spanish_form();
        leptos::task::tick().await;
        let email = find(&root, "#test-newsletter-email").expect("an e-mail field");
        type_into(&email, "ana@example.org");
        let form = find(&root, "form.newsletter-form").expect("a form");
        fire(&form, "submit", true);

        let retry = wait_for(Duration::from_secs(10), || find(&root, ".form-alert button")).await;
        assert_eq!(
            retry.expect("a retry button").text_content().as_deref(),
            Some("Reintentar")
        );
        let alert = text_of(&root, ".form-alert p").unwrap_or_default();
        assert!(alert.contains("Sigue en el formulario"), "{alert}");
        assert_eq!(
            email.unchecked_ref::<web_sys::HtmlInputElement>().value(),
            "ana@example.org",
            "the address is still there"
        );
        assert!(find(&root, ".check-inbox").is_none());
    }
}
