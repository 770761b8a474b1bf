//! Joining: name, address, password, country, language and the newsletter
//! (unticked). The answer is "check your inbox" whatever the address.

use civic_api::account::{JoinRequest, PASSWORD_MIN, Password};
use civic_api::petition::check_country;
use civic_api::petition::check_name;
use civic_api::{Email, Locale, SiteRoute, Slug, Target};
use leptos::html::{H1, H2};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::browser::{focus_heading_after_navigation, focus_when_shown, set_document_meta};
use crate::form_kit::{Checkbox, Field, FormAlert, FormKit, Honeypot, PasswordField, SubmitButton, TextField};
use crate::i18n::td_string;
use crate::pages::account::fields::{CountryField, LanguageField, NameField, check_language};
use crate::pages::account::texts::{email_error, failure_texts, password_error};
use crate::request::Request;
use crate::ui_locale;

#[derive(Debug, Clone, Copy)]
struct JoinForm {
    kit: FormKit,
    name: Field,
    email: Field,
    password: Field,
    country: Field,
    language: Field,
    newsletter: RwSignal<bool>,
}

impl JoinForm {
    fn new(locale: Locale) -> JoinForm {
        let kit = FormKit::new();
        let language = kit.field("locale", "join-language", check_language);
        language.set(locale.as_str().to_owned());
        JoinForm {
            kit,
            name: kit.field("name", "join-name", check_name),
            email: kit.field("email", "join-email", Email::check),
            password: kit.field("password", "join-password", Password::check),
            country: kit.field("country", "join-country", check_country),
            language,
            newsletter: RwSignal::new(false),
        }
    }

    fn fields(self) -> [Field; 5] {
        [self.name, self.email, self.password, self.country, self.language]
    }

    fn request(self) -> JoinRequest {
        JoinRequest {
            name: self.name.text(),
            email: self.email.text(),
            password: self.password.value().get_untracked(),
            country: self.country.text(),
            locale: Locale::parse(&self.language.text()).ok(),
            newsletter: self.newsletter.get_untracked(),
            website: self.kit.honeypot.get_untracked(),
        }
    }
}

#[component]
pub fn JoinPage(locale: Locale) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let ui = ui_locale(locale);
    set_document_meta(td_string!(ui, join.title), Some(td_string!(ui, join.description)));
    let form = JoinForm::new(locale);
    // The address the link went to, once the server took the form.
    let sent_to = RwSignal::new(None::<String>);
    let send = Request::<Result<(), ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        if form.kit.answer(result).is_some() {
            sent_to.set(Some(form.email.text()));
            form.password.clear();
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() || !form.kit.check(&form.fields()) {
            return;
        }
        let request = form.request();
        let base = base.get_value();
        send.send(async move { api::join(&base, &request).await });
    });
    let sign_in = SiteRoute {
        locale,
        target: Target::SignIn,
    }
    .path();
    let privacy = SiteRoute {
        locale,
        target: Target::Content(Slug::parse("privacy").expect("the privacy slug is well formed")),
    }
    .path();
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {td_string!(ui, join.title)}
        </h1>
        {move || match sent_to.get() {
            Some(email) => view! { <CheckInbox locale email /> }.into_any(),
            None => {
                let sign_in = sign_in.clone();
                let privacy = privacy.clone();
                view! {
                    <p>{td_string!(ui, join.intro)}</p>
                    <p>
                        {td_string!(ui, join.have_account)} " "
                        <a href=sign_in>{td_string!(ui, join.sign_in_link)}</a>
                    </p>
                    <form
                        class="account-form"
                        novalidate
                        on:submit=move |event| {
                            event.prevent_default();
                            submit.run(());
                        }
                    >
                        <NameField locale field=form.name />
                        <TextField
                            field=form.email
                            input_type="email"
                            autocomplete="email"
                            label=td_string!(ui, join.email_label).to_owned()
                            hint=td_string!(ui, join.email_hint).to_owned()
                            error_text=Callback::new(move |error| email_error(ui, error))
                        />
                        <PasswordField
                            field=form.password
                            locale=ui
                            new=true
                            label=td_string!(ui, join.password_label).to_owned()
                            hint=td_string!(ui, join.password_hint, min = PASSWORD_MIN).to_string()
                            error_text=Callback::new(move |error| password_error(ui, error))
                        />
                        <CountryField locale field=form.country />
                        <LanguageField locale field=form.language />
                        <Checkbox
                            id="join-newsletter"
                            name="newsletter"
                            checked=form.newsletter
                            label=td_string!(ui, join.newsletter_label).to_owned()
                        />
                        <Honeypot kit=form.kit locale id="join-website".to_owned() />
                        <p class="privacy-note">
                            {td_string!(ui, join.privacy_text)} " "
                            <a href=privacy>{td_string!(ui, join.privacy_link)}</a>
                        </p>
                        <SubmitButton
                            kit=form.kit
                            pending
                            label=td_string!(ui, join.submit)
                            sending=td_string!(ui, join.sending)
                        />
                    </form>
                    <FormAlert kit=form.kit locale texts=failure_texts(ui) retry=submit />
                }
                .into_any()
            }
        }}
    }
}

#[component]
fn CheckInbox(locale: Locale, email: String) -> impl IntoView {
    let ui = ui_locale(locale);
    let heading = NodeRef::<H2>::new();
    focus_when_shown(heading);
    view! {
        <section class="check-inbox" role="status">
            <h2 tabindex="-1" node_ref=heading>
                {td_string!(ui, join.check_inbox_title)}
            </h2>
            <p>{td_string!(ui, join.check_inbox, email = &email).to_string()}</p>
        </section>
    }
}
