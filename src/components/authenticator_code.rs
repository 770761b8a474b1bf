//! A code from an authenticator app: the field both of its forms share
//! (turning the app on in the member area, and the step-up), and the
//! step-up itself. Staff signed in with their password give a code, and
//! the server answers with a new session cookie that may do staff work;
//! the page is then loaded again, for the server to draw it for that
//! session. The member area and the console show the same form.

use civic_api::account::AccountView;
use civic_api::authenticator::{AuthenticatorCode, parse_code};
use civic_api::{ErrorCode, FieldError, Locale};
use leptos::prelude::*;

use crate::api::{self, ApiError, authenticator};
use crate::browser::reload_page;
use crate::form_kit::{FailureTexts, Field, FormAlert, FormKit, SubmitButton, TextField};
use crate::i18n::{self, td_string};
use crate::request::Request;
use crate::ui_locale;

/// The step-up's field, and what names its form.
pub const STEP_UP_CODE_ID: &str = "step-up-code";
const STEP_UP_TITLE_ID: &str = "step-up-title";

/// The contract's check (which reads Arabic-Indic digits too).
pub fn check_code(input: &str) -> Option<FieldError> {
    parse_code(input).err()
}

/// What a code form sends: the six digits, spaces left out.
pub fn code_request(field: Field) -> AuthenticatorCode {
    let typed = field.text();
    AuthenticatorCode {
        code: parse_code(&typed).unwrap_or(typed),
    }
}

/// Six digits the server refused were not the app's code just then (or
/// were used already): the clock is the usual cause.
fn code_error(ui: i18n::Locale, field: Field, error: FieldError) -> String {
    let well_formed = field.value().with(|typed| check_code(typed).is_none());
    match error {
        FieldError::Required => td_string!(ui, authenticator.code_required),
        _ if well_formed => td_string!(ui, authenticator.code_wrong),
        _ => td_string!(ui, authenticator.code_malformed),
    }
    .to_owned()
}

/// The field for a code from the app: the phone's number pad, and the
/// code its app or password manager offers.
#[component]
pub fn CodeField(locale: Locale, field: Field) -> impl IntoView {
    let ui = ui_locale(locale);
    view! {
        <TextField
            field
            inputmode="numeric"
            autocomplete="one-time-code"
            plain=true
            label=td_string!(ui, authenticator.code_label).to_owned()
            hint=td_string!(ui, authenticator.code_hint).to_owned()
            error_text=Callback::new(move |error| code_error(ui, field, error))
        />
    }
}

pub fn failure_texts(ui: i18n::Locale) -> FailureTexts {
    FailureTexts {
        invalid: td_string!(ui, account_form.failure.invalid),
        network: td_string!(ui, account_form.failure.error_network),
        rate_limited: td_string!(ui, account_form.failure.error_rate_limited),
        server: td_string!(ui, account_form.failure.error_server),
    }
}

/// "Or give a code from your authenticator app", where staff signed in
/// with their password are told to use a passkey.
#[component]
pub fn AuthenticatorStepUp(
    locale: Locale,
    /// What follows the server's yes: by default the page loads again.
    #[prop(optional)]
    accepted: Option<Callback<()>>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let kit = FormKit::new();
    let code = kit.field("code", STEP_UP_CODE_ID, check_code);
    let send = Request::<Result<AccountView, ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        match result {
            Err(ApiError::NotFound) => kit.refuse(td_string!(ui, authenticator.no_app).to_owned()),
            Err(ApiError::Server(body)) if body.code == ErrorCode::RateLimited => {
                kit.refuse(td_string!(ui, authenticator.too_many).to_owned());
            }
            Err(ApiError::Status(429)) => kit.refuse(td_string!(ui, authenticator.too_many).to_owned()),
            result => {
                if kit.answer(result).is_some() {
                    match accepted {
                        Some(accepted) => accepted.run(()),
                        None => reload_page(),
                    }
                }
            }
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() || !kit.check(&[code]) {
            return;
        }
        let request = code_request(code);
        let base = base.get_value();
        send.send(async move { authenticator::step_up(&base, &request).await });
    });
    view! {
        <div class="step-up">
            <p id=STEP_UP_TITLE_ID>
                <strong>{td_string!(ui, authenticator.step_up_intro)}</strong>
            </p>
            <form
                class="account-form code-form"
                aria-labelledby=STEP_UP_TITLE_ID
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    submit.run(());
                }
            >
                <CodeField locale field=code />
                <SubmitButton
                    kit
                    pending
                    label=td_string!(ui, authenticator.step_up_submit)
                    sending=td_string!(ui, authenticator.checking)
                />
            </form>
            <FormAlert kit locale texts=failure_texts(ui) retry=submit />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_read_with_the_digits_any_keyboard_gives() {
        assert_eq!(check_code(" 123 456 "), None);
        assert_eq!(check_code("١٢٣٤٥٦"), None, "Arabic-Indic digits");
        assert_eq!(check_code("۱۲۳ ۴۵۶"), None, "Persian ones");
        assert_eq!(check_code(""), Some(FieldError::Required));
        assert_eq!(check_code("12345"), Some(FieldError::Invalid));
    }
}
