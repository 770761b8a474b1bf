//! The newsletter's address form: signing up (on its own page and, compact,
//! in the footer) or asking for a new unsubscribe link. Both are answered
//! "check your inbox" whatever the address, so the form tells nobody who is
//! subscribed; the e-mail says what happened.

use civic_api::newsletter::{AddressReceipt, AddressRequest};
use civic_api::{Email, FieldError, Locale, SiteRoute, Slug, Target, paths};
use leptos::html::H2;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::browser::{focus_element, focus_when_shown};
use crate::first_page;
use crate::form_kit::{FailureTexts, FieldMessage, FormAlert, FormKit, Honeypot, IdempotencyKeyInput, SubmitButton};
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
    let kit = FormKit::new();
    let email = kit.field("email", format!("{id}-email"), Email::check);
    let inbox = RwSignal::new(None::<String>);
    // A form the browser posted by itself comes back drawn with its answer.
    if let Some(post) = first_page::take_form_post::<AddressRequest>(id) {
        email.set(post.request.email.clone());
        // Taken: the address gets its e-mail.
        if kit.restore(&post.request.idempotency_key, &post.request.website, &post.outcome) {
            inbox.set(Some(post.request.email.trim().to_owned()));
        }
    }
    // Without the app the browser posts the form to the newsletter's page,
    // and the server answers there.
    let action = SiteRoute {
        locale,
        target: Target::Newsletter,
    }
    .path();
    let send = Request::<Result<AddressReceipt, ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        if let Some(AddressReceipt::CheckInbox) = kit.answer(result) {
            inbox.set(Some(email.text().trim().to_owned()));
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() || !kit.check(&[email]) {
            return;
        }
        let request = AddressRequest {
            idempotency_key: kit.key_for_request(),
            locale: Some(locale),
            email: email.text(),
            website: kit.honeypot.get_untracked(),
        };
        let base = base.get_value();
        send.send(async move { api::newsletter_address(&base, purpose.path(), &request).await });
    });
    let another = Callback::new(move |()| {
        inbox.set(None);
        request_animation_frame(move || focus_element(&email.id()));
    });

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
    let failure_texts = FailureTexts {
        invalid: td_string!(ui, newsletter.invalid),
        network: td_string!(ui, newsletter.error_network),
        rate_limited: td_string!(ui, newsletter.error_rate_limited),
        server: td_string!(ui, newsletter.error_server),
    };
    let typed = email.text();
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
            // The address and its button on one line: the kit's parts, laid
            // out by hand.
            <div class="field">
                <label for=email.id()>{label}</label>
                <p class="hint" id=email.hint_id()>
                    {hint}
                </p>
                <div class="newsletter-row">
                    <input
                        id=email.id()
                        name="email"
                        type="email"
                        autocomplete="email"
                        value=typed
                        prop:value=move || email.value().get()
                        on:input=move |event| email.edit(event_target_value(&event))
                        on:blur=move |event| email.leave(&event)
                        aria-invalid=move || email.invalid()
                        aria-describedby=move || email.described_by()
                    />
                    <SubmitButton kit pending label=submit_text sending=sending_text />
                </div>
                <FieldMessage field=email error_text=Callback::new(move |error| email_error_text(ui, error)) />
            </div>
            <input type="hidden" name="form" value=purpose.answered_by() />
            <input type="hidden" name="purpose" value=purpose.posted_as() />
            <IdempotencyKeyInput kit />
            <Honeypot kit locale id=format!("{id}-website") />
            {(!compact && purpose == AddressPurpose::SignUp)
                .then(|| {
                    view! {
                        <p class="privacy-note">
                            {td_string!(ui, newsletter.privacy_text)} " "
                            <a href=privacy>{td_string!(ui, newsletter.privacy_link)}</a>
                        </p>
                    }
                })}
            <FormAlert kit locale texts=failure_texts retry=submit />
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

fn email_error_text(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, newsletter.errors.email_required),
        FieldError::TooLong => td_string!(ui, newsletter.errors.email_too_long),
        _ => td_string!(ui, newsletter.errors.email_invalid),
    }
    .to_owned()
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
