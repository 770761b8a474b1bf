//! The sign form's inputs, each with its label, hint and translated error,
//! from the form kit.

use civic_api::petition::COMMENT_MAX;
use civic_api::{FieldError, Locale, PersonName, SiteRoute, Slug, Target};
use leptos::prelude::*;

use crate::components::sign_state::{SignForm, Tracking};
use crate::country_names::country_options;
use crate::form_kit::{FailureTexts, Honeypot, IdempotencyKeyInput, SelectField, SubmitButton, TextField};
use crate::i18n::{self, td_string};
use crate::ui_locale;

/// The whole form. Checking and sending are the caller's (`on_submit`), as
/// is forgetting a greeted person (`on_forget`, the "Not you?" button).
#[component]
pub fn SignFormView(
    locale: Locale,
    form: SignForm,
    /// Where the browser posts the form by itself: the petition's address.
    action: String,
    /// Sent along, as the app sends it.
    #[prop(into)]
    tracking: Signal<Tracking>,
    #[prop(into)] pending: Signal<bool>,
    on_submit: Callback<()>,
    on_forget: Callback<()>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let privacy = SiteRoute {
        locale,
        target: Target::Content(Slug::parse("privacy").expect("the privacy slug is well formed")),
    }
    .path();
    Effect::new(move || form.forget_signer_on_other_address());
    let greeting = move || {
        form.signer.get().map(|signer| {
            view! {
                <p class="greeting">
                    {td_string!(ui, sign.greeting, name = &signer.first_name).to_string()} " "
                    <button type="button" class="link-button" on:click=move |_| on_forget.run(())>
                        {td_string!(ui, sign.not_you)}
                    </button>
                </p>
            }
        })
    };
    let max = COMMENT_MAX;
    view! {
        // Without the app (JavaScript off, or not loaded yet) the browser
        // posts it to the petition's address, and the server answers.
        <form
            class="sign-form"
            method="post"
            action=action
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                on_submit.run(());
            }
        >
            // A live region, so the greeting that arrives after the page is
            // read out too.
            <div role="status">{greeting}</div>
            <TextField
                field=form.name
                autocomplete="name"
                label=td_string!(ui, sign.name_label).to_owned()
                hint=td_string!(ui, sign.name_hint).to_owned()
                error_text=Callback::new(move |error| name_error(ui, error))
            />
            <TextField
                field=form.email
                input_type="email"
                autocomplete="email"
                label=td_string!(ui, sign.email_label).to_owned()
                hint=td_string!(ui, sign.email_hint).to_owned()
                error_text=Callback::new(move |error| email_error(ui, error))
            />
            <CountrySelect locale form />
            <TextField
                field=form.comment
                rows=Some(4)
                label=td_string!(ui, sign.comment_label).to_owned()
                hint=td_string!(ui, sign.comment_hint, max = max).to_string()
                error_text=Callback::new(move |error| comment_error(ui, error))
            />
            <div class="field checkbox">
                <input
                    id="sign-newsletter"
                    name="newsletter"
                    type="checkbox"
                    checked=form.newsletter.get_untracked()
                    prop:checked=move || form.newsletter.get()
                    on:change=move |event| {
                        form.newsletter.set(event_target_checked(&event));
                        form.kit.changed();
                    }
                />
                <label for="sign-newsletter">{td_string!(ui, sign.newsletter_label)}</label>
            </div>
            <div class="field checkbox">
                <input
                    id="sign-news"
                    name="news"
                    type="checkbox"
                    checked=form.news.get_untracked()
                    prop:checked=move || form.news.get()
                    on:change=move |event| {
                        form.news.set(event_target_checked(&event));
                        form.kit.changed();
                    }
                />
                <label for="sign-news">{td_string!(ui, sign.news_label)}</label>
            </div>
            <p class="privacy-note">
                {td_string!(ui, sign.privacy_text)} " "
                <a href=privacy>{td_string!(ui, sign.privacy_link)}</a>
            </p>
            <Honeypot kit=form.kit locale id="sign-website".to_owned() />
            <IdempotencyKeyInput kit=form.kit />
            {move || {
                tracking
                    .get()
                    .hidden_fields()
                    .into_iter()
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                    .collect_view()
            }}
            <SubmitButton
                kit=form.kit
                pending
                class="sign-button"
                label=td_string!(ui, sign.submit)
                sending=td_string!(ui, sign.sending)
            />
        </form>
    }
}

/// The country list, named and sorted in the page's language.
#[component]
fn CountrySelect(locale: Locale, form: SignForm) -> impl IntoView {
    let ui = ui_locale(locale);
    view! {
        <SelectField
            field=form.country
            autocomplete="country"
            label=td_string!(ui, sign.country_label).to_owned()
            hint=td_string!(ui, sign.country_hint).to_owned()
            choose=td_string!(ui, sign.country_choose).to_owned()
            options=country_options(locale)
            error_text=Callback::new(move |error| country_error(ui, error))
        />
    }
}

pub fn failure_texts(ui: i18n::Locale) -> FailureTexts {
    FailureTexts {
        invalid: td_string!(ui, sign.invalid),
        network: td_string!(ui, sign.error_network),
        rate_limited: td_string!(ui, sign.error_rate_limited),
        server: td_string!(ui, sign.error_server),
    }
}

fn name_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, sign.errors.name_required).to_owned(),
        FieldError::TooLong => td_string!(ui, sign.errors.name_too_long, max = PersonName::MAX_LEN).to_string(),
        _ => td_string!(ui, sign.errors.name_invalid).to_owned(),
    }
}

fn email_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, sign.errors.email_required),
        FieldError::TooLong => td_string!(ui, sign.errors.email_too_long),
        _ => td_string!(ui, sign.errors.email_invalid),
    }
    .to_owned()
}

fn country_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, sign.errors.country_required),
        _ => td_string!(ui, sign.errors.country_invalid),
    }
    .to_owned()
}

fn comment_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::TooLong => td_string!(ui, sign.errors.comment_too_long, max = COMMENT_MAX).to_string(),
        _ => td_string!(ui, sign.errors.other).to_owned(),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use civic_api::{Locale, Slug};
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    use std::time::Duration;

    use civic_api::form_post::{FormOutcome, FormPost};
    use civic_api::petition::{SIGN_FORM_ID, SignReceipt, SignRequest};

    use crate::api::ApiBase;
    use crate::components::sign_panel::SignPanel;
    use crate::components::site_context::SiteContext;
    use crate::test_support::{
        all, answer_fetches, body_of, container, fetches_made, find, fire, json, open, text, type_into, wait_for,
    };

    wasm_bindgen_test_configure!(run_in_browser);

    fn mount_french_form() -> (web_sys::HtmlElement, impl Drop) {
        open("/fr/petitions/clean-air?source=Mastodon&ref=bad!");
        let root = container();
        let mounted = leptos::mount::mount_to(root.clone(), || {
            let slug = Slug::parse("clean-air").expect("a valid slug");
            view! {
                <Router>
                    <SiteContext>
                        <SignPanel
                            locale=Locale::Fr
                            slug
                            title="Air pur".to_owned()
                            petition_url="https://civic.example/fr/petitions/clean-air".to_owned()
                            closed=RwSignal::new(false)
                        />
                    </SiteContext>
                </Router>
            }
        });
        (root, mounted)
    }

    #[wasm_bindgen_test]
    async fn the_email_field_says_what_is_wrong_as_the_visitor_types() {
        let (root, _mounted) = mount_french_form();
        leptos::task::tick().await;
        let email = find(&root, "#sign-email").expect("an e-mail field");
        let input = email.unchecked_ref::<web_sys::HtmlInputElement>();
        input.set_value("ana@");
        fire(&email, "input", true);
        leptos::task::tick().await;
        assert!(
            find(&root, "#sign-email-error").is_none(),
            "no error before the field is left"
        );

        fire(&email, "blur", false);
        leptos::task::tick().await;
        let error = find(&root, "#sign-email-error").expect("an error once the field is left");
        assert_eq!(
            error.text_content().as_deref(),
            Some("Indiquez une adresse e-mail comme nom@exemple.org.")
        );
        assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert!(
            email
                .get_attribute("aria-describedby")
                .unwrap_or_default()
                .split(' ')
                .any(|id| id == "sign-email-error")
        );

        input.set_value("ana@example.org");
        fire(&email, "input", true);
        leptos::task::tick().await;
        assert!(
            find(&root, "#sign-email-error").is_none(),
            "the error goes as soon as it is fixed"
        );
    }

    #[wasm_bindgen_test]
    async fn sending_an_empty_form_marks_every_required_field_and_keeps_the_newsletter_unticked() {
        let (root, _mounted) = mount_french_form();
        leptos::task::tick().await;
        let newsletter = find(&root, "#sign-newsletter").expect("a newsletter box");
        assert!(!newsletter.unchecked_ref::<web_sys::HtmlInputElement>().checked());
        assert!(
            find(&root, ".sign-form a[href=\"/fr/privacy\"]").is_some(),
            "a link to the privacy policy"
        );

        let form = find(&root, "form.sign-form").expect("a form");
        fire(&form, "submit", true);
        leptos::task::tick().await;
        let errors: Vec<_> = all(&root, ".field-error")
            .iter()
            .filter_map(|e| e.text_content())
            .collect();
        assert_eq!(
            errors,
            [
                "Indiquez votre nom.",
                "Indiquez votre adresse e-mail.",
                "Choisissez votre pays."
            ]
        );
        let alert = find(&root, ".form-alert")
            .and_then(|alert| alert.text_content())
            .unwrap_or_default();
        assert!(alert.contains("Certains champs sont à corriger"), "{alert}");
    }

    #[wasm_bindgen_test]
    async fn the_country_list_names_every_country_in_the_page_language_in_its_order() {
        let (root, _mounted) = mount_french_form();
        leptos::task::tick().await;
        let options = all(&root, "#sign-country option");
        assert!(options.len() >= 250, "{} options", options.len());
        assert_eq!(options[0].get_attribute("value").as_deref(), Some(""), "a prompt first");
        let name_of = |code: &str| {
            options
                .iter()
                .find(|option| option.get_attribute("value").as_deref() == Some(code))
                .and_then(|option| option.text_content())
        };
        assert_eq!(name_of("DE").as_deref(), Some("Allemagne"));
        assert_eq!(name_of("FR").as_deref(), Some("France"));
        let position = |code: &str| {
            options
                .iter()
                .position(|option| option.get_attribute("value").as_deref() == Some(code))
                .expect("the country is listed")
        };
        assert!(
            position("EG") < position("ES"),
            "Égypte sorts among the E's, before Espagne"
        );
        assert!(position("ES") < position("FR"));
    }

    // A stand-in for the API answers the sign request (test_support).
    const MOCK: &str = "http://mock.sign";
    const SIGN: &str = "POST /api/petitions/clean-air/signatures";

    fn mount_english_form() -> (web_sys::HtmlElement, impl Drop) {
        open("/petitions/clean-air");
        let root = container();
        let mounted = leptos::mount::mount_to(root.clone(), || {
            provide_context(ApiBase(MOCK.into()));
            let slug = Slug::parse("clean-air").expect("a valid slug");
            view! {
                <Router>
                    <SiteContext>
                        <SignPanel
                            locale=Locale::En
                            slug
                            title="Clean air".to_owned()
                            petition_url="https://civic.example/petitions/clean-air".to_owned()
                            closed=RwSignal::new(false)
                        />
                    </SiteContext>
                </Router>
            }
        });
        (root, mounted)
    }

    fn news_box(root: &web_sys::HtmlElement) -> web_sys::HtmlInputElement {
        find(root, "#sign-news").expect("a news box").unchecked_into()
    }

    /// Fills in the form, ticks "Tell me how this petition goes" where
    /// `news` says so, and signs.
    fn fill_and_sign(root: &web_sys::HtmlElement, news: bool) {
        if news {
            news_box(root).click();
        }
        type_into(root, "#sign-name", "Ana Lima");
        type_into(root, "#sign-email", "ana@example.org");
        let country = find(root, "#sign-country").unwrap();
        country.unchecked_ref::<web_sys::HtmlSelectElement>().set_value("PT");
        fire(&country, "change", true);
        fire(&find(root, "form.sign-form").unwrap(), "submit", true);
    }

    async fn signed_with_news(news: bool) -> SignRequest {
        answer_fetches(MOCK, vec![(SIGN, 202, json(&SignReceipt::CheckInbox))]);
        let (root, _mounted) = mount_english_form();
        leptos::task::tick().await;
        let box_ = news_box(&root);
        assert_eq!(box_.name(), "news", "posted by the browser without the app too");
        assert!(!box_.checked(), "never ticked for the signer");
        assert_eq!(
            text(&find(&root, "label[for=sign-news]").unwrap()),
            "Tell me how this petition goes"
        );
        fill_and_sign(&root, news);
        let sent = wait_for(Duration::from_secs(5), || find(&root, ".check-inbox")).await;
        assert!(sent.is_some(), "the signature went: {:?}", fetches_made());
        body_of(SIGN).await
    }

    #[wasm_bindgen_test]
    async fn the_news_box_is_unticked_and_the_request_carries_it_as_ticked() {
        let request = signed_with_news(false).await;
        assert!(!request.news, "no news unless asked for");
        assert!(!request.newsletter);

        let request = signed_with_news(true).await;
        assert!(request.news, "ticked, the signer asks for the petition's news");
        assert!(!request.newsletter, "and for nothing else");
        assert_eq!(request.email, "ana@example.org");
    }

    #[wasm_bindgen_test]
    async fn a_failed_signature_keeps_the_news_box_as_ticked() {
        answer_fetches(MOCK, vec![(SIGN, 500, "{}".to_owned())]);
        let (root, _mounted) = mount_english_form();
        leptos::task::tick().await;
        fill_and_sign(&root, true);
        let alert = wait_for(Duration::from_secs(5), || {
            find(&root, ".form-alert button").map(|_| text(&find(&root, ".form-alert").unwrap()))
        })
        .await;
        assert!(alert.is_some_and(|alert| alert.contains("could not take your signature")));
        assert!(news_box(&root).checked(), "what was ticked stays ticked");

        // Posted by the browser itself, the form comes back as it was sent.
        let mut request = body_of::<SignRequest>(SIGN).await;
        request.newsletter = true;
        let post = FormPost {
            form: SIGN_FORM_ID.to_owned(),
            request,
            outcome: FormOutcome::Failed,
        };
        crate::first_page::put(
            None,
            Some(crate::first_page::PostedForm {
                form: SIGN_FORM_ID.to_owned(),
                json: json(&post),
            }),
        );
        let (drawn, _mounted) = mount_english_form();
        leptos::task::tick().await;
        assert!(news_box(&drawn).checked());
        let newsletter: web_sys::HtmlInputElement = find(&drawn, "#sign-newsletter").unwrap().unchecked_into();
        assert!(newsletter.checked());
    }
}
