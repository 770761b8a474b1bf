//! Signing in with an address and password; then on to the page the
//! visitor came for (`?next=`), or the member area.

use civic_api::account::SignInRequest;
use civic_api::{Email, ErrorCode, Locale, SiteRoute, Target};
use leptos::html::H1;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiError};
use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::form_kit::{Field, FormAlert, FormKit, PasswordField, SubmitButton, TextField};
use crate::i18n::td_string;
use crate::pages::account::passkey_sign_in::PasskeySignIn;
use crate::pages::account::texts::{check_given, email_error, failure_texts, password_error};
use crate::request::Request;
use crate::ui_locale;

/// Where to go once signed in: a path of this site only, never another
/// site's address (`//evil.example`).
pub fn safe_next(next: Option<String>, locale: Locale) -> String {
    next.filter(|path| path.starts_with('/') && !path.starts_with("//") && !path.contains('\\'))
        .unwrap_or_else(|| {
            SiteRoute {
                locale,
                target: Target::Account,
            }
            .path()
        })
}

#[component]
pub fn SignInPage(locale: Locale) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let ui = ui_locale(locale);
    set_document_meta(td_string!(ui, sign_in.title), Some(td_string!(ui, sign_in.description)));
    let kit = FormKit::new();
    let email: Field = kit.field("email", "sign-in-email", Email::check);
    let password: Field = kit.field("password", "sign-in-password", check_given);
    let query = use_query_map();
    let navigate = use_navigate();
    let send = Request::<Result<civic_api::account::AccountView, ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        match result {
            Err(ApiError::Server(body)) if body.code == ErrorCode::Unauthorized => {
                kit.refuse(td_string!(ui, sign_in.wrong).to_owned());
            }
            Err(ApiError::Server(body)) if body.code == ErrorCode::Conflict => {
                kit.refuse(td_string!(ui, sign_in.unconfirmed).to_owned());
            }
            result => {
                if kit.answer(result).is_some() {
                    let next = safe_next(query.with_untracked(|query| query.get("next")), locale);
                    navigate(&next, Default::default());
                }
            }
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() || !kit.check(&[email, password]) {
            return;
        }
        let request = SignInRequest {
            email: email.text(),
            password: password.value().get_untracked(),
        };
        let base = base.get_value();
        send.send(async move { api::sign_in(&base, &request).await });
    });
    let path = |target| SiteRoute { locale, target }.path();
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {td_string!(ui, sign_in.title)}
        </h1>
        <p>{td_string!(ui, sign_in.intro)}</p>
        <form
            class="account-form"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                submit.run(());
            }
        >
            <TextField
                field=email
                input_type="email"
                autocomplete="username"
                label=td_string!(ui, sign_in.email_label).to_owned()
                hint=String::new()
                error_text=Callback::new(move |error| email_error(ui, error))
            />
            <PasswordField
                field=password
                locale=ui
                label=td_string!(ui, sign_in.password_label).to_owned()
                hint=String::new()
                error_text=Callback::new(move |error| password_error(ui, error))
            />
            <SubmitButton
                kit
                pending
                label=td_string!(ui, sign_in.submit)
                sending=td_string!(ui, sign_in.sending)
            />
        </form>
        <FormAlert kit locale texts=failure_texts(ui) retry=submit />
        <PasskeySignIn locale />
        <p>
            <a href=path(Target::ForgotPassword)>{td_string!(ui, sign_in.forgot_link)}</a>
        </p>
        <p>
            {td_string!(ui, sign_in.join_prompt)} " " <a href=path(Target::Join)>{td_string!(ui, sign_in.join_link)}</a>
        </p>
    }
}
