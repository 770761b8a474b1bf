//! Asking for a link to choose a new password: the same answer for any
//! address.

use civic_api::account::ResetRequest;
use civic_api::{Email, Locale};
use leptos::html::H1;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::form_kit::{FormAlert, FormKit, FormStatus, Honeypot, SubmitButton, TextField};
use crate::i18n::td_string;
use crate::pages::account::texts::{email_error, failure_texts};
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn ForgotPasswordPage(locale: Locale) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let ui = ui_locale(locale);
    set_document_meta(
        td_string!(ui, forgot_password.title),
        Some(td_string!(ui, forgot_password.description)),
    );
    let kit = FormKit::new();
    let email = kit.field("email", "forgot-email", Email::check);
    let sent_to = RwSignal::new(None::<String>);
    let send = Request::<Result<(), ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        if kit.answer(result).is_some() {
            sent_to.set(Some(email.text()));
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() || !kit.check(&[email]) {
            return;
        }
        sent_to.set(None);
        let request = ResetRequest {
            email: email.text(),
            locale: Some(locale),
            website: kit.honeypot.get_untracked(),
        };
        let base = base.get_value();
        send.send(async move { api::request_password_reset(&base, &request).await });
    });
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {td_string!(ui, forgot_password.title)}
        </h1>
        <p>{td_string!(ui, forgot_password.intro)}</p>
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
                autocomplete="email"
                label=td_string!(ui, forgot_password.email_label).to_owned()
                hint=String::new()
                error_text=Callback::new(move |error| email_error(ui, error))
            />
            <Honeypot kit locale id="forgot-website".to_owned() />
            <SubmitButton
                kit
                pending
                label=td_string!(ui, forgot_password.submit)
                sending=td_string!(ui, forgot_password.sending)
            />
        </form>
        <FormStatus message=Signal::derive(move || {
            sent_to.get().map(|email| td_string!(ui, forgot_password.sent, email = &email).to_string())
        }) />
        <FormAlert kit locale texts=failure_texts(ui) retry=submit />
    }
}
