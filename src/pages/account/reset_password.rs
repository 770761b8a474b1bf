//! Choosing a new password from the e-mailed link (`?t=r.…`).

use civic_api::account::{NewPasswordRequest, PASSWORD_MIN, Password};
use civic_api::{Locale, SiteRoute, Target};
use leptos::html::H1;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError};
use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::form_kit::{FormAlert, FormKit, PasswordField, SubmitButton};
use crate::i18n::td_string;
use crate::pages::account::texts::{failure_texts, password_error};
use crate::request::Request;
use crate::ui_locale;

/// What became of the new password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Saved,
    /// The link is not genuine, too old, or used.
    LinkVoid,
}

#[component]
pub fn ResetPasswordPage(locale: Locale) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let ui = ui_locale(locale);
    set_document_meta(
        td_string!(ui, reset_password.title),
        Some(td_string!(ui, reset_password.description)),
    );
    let kit = FormKit::new();
    let password = kit.field("password", "reset-password", Password::check);
    let query = use_query_map();
    let outcome = RwSignal::new(None::<Outcome>);
    let send = Request::<Result<(), ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        match result {
            Err(ApiError::NotFound) => outcome.set(Some(Outcome::LinkVoid)),
            result => {
                if kit.answer(result).is_some() {
                    password.clear();
                    outcome.set(Some(Outcome::Saved));
                }
            }
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() || !kit.check(&[password]) {
            return;
        }
        let token = query.with_untracked(|query| query.get("t")).unwrap_or_default();
        if token.trim().is_empty() {
            outcome.set(Some(Outcome::LinkVoid));
            return;
        }
        let request = NewPasswordRequest {
            token,
            password: password.value().get_untracked(),
        };
        let base = base.get_value();
        send.send(async move { api::complete_password_reset(&base, &request).await });
    });
    let path = |target| SiteRoute { locale, target }.path();
    let (sign_in, forgot) = (path(Target::SignIn), path(Target::ForgotPassword));
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {td_string!(ui, reset_password.title)}
        </h1>
        <div role="status">
            {move || match outcome.get() {
                Some(Outcome::Saved) => Some(view! {
                    <p class="success">{td_string!(ui, reset_password.done)}</p>
                    <p><a href=sign_in.clone()>{td_string!(ui, reset_password.sign_in_link)}</a></p>
                }.into_any()),
                Some(Outcome::LinkVoid) => Some(view! {
                    <p>{td_string!(ui, reset_password.invalid)}</p>
                    <p><a href=forgot.clone()>{td_string!(ui, reset_password.forgot_link)}</a></p>
                }.into_any()),
                None => None,
            }}
        </div>
        <Show when=move || outcome.get().is_none()>
            <p>{td_string!(ui, reset_password.intro)}</p>
            <form
                class="account-form"
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    submit.run(());
                }
            >
                <PasswordField
                    field=password
                    locale=ui
                    new=true
                    label=td_string!(ui, reset_password.password_label).to_owned()
                    hint=td_string!(ui, join.password_hint, min = PASSWORD_MIN).to_string()
                    error_text=Callback::new(move |error| password_error(ui, error))
                />
                <SubmitButton
                    kit
                    pending
                    label=td_string!(ui, reset_password.submit)
                    sending=td_string!(ui, reset_password.sending)
                />
            </form>
        </Show>
        <FormAlert kit locale texts=failure_texts(ui) retry=submit />
    }
}
