//! The member's authenticator app: set up from a QR code (or its key typed
//! in) and a first code from it, shown with the day it was turned on, and
//! removed. Staff signed in with their password then give a code from it
//! where they would otherwise need a passkey.

use civic_api::authenticator::{AuthenticatorSetup, AuthenticatorView};
use civic_api::{ErrorCode, Locale};
use leptos::prelude::*;

use crate::api::{self, ApiError, authenticator};
use crate::browser::focus_element;
use crate::components::authenticator_code::{CodeField, check_code, code_request, failure_texts};
use crate::components::load_failed::LoadFailed;
use crate::dates::format_date;
use crate::form_kit::{FormAlert, FormKit, FormStatus, SubmitButton};
use crate::i18n::{self, td_string};
use crate::request::Request;
use crate::ui_locale;

const SET_UP_ID: &str = "authenticator-set-up";
const SCAN_ID: &str = "authenticator-scan";
const REMOVE_ID: &str = "authenticator-remove";

/// What the section's parts share: whether there is an app, and what the
/// last change came to.
#[derive(Debug, Clone, Copy)]
struct Shown {
    /// Bumped to ask the server again.
    tries: RwSignal<u32>,
    /// What the last change here made it: newer than what was loaded.
    changed: RwSignal<Option<AuthenticatorView>>,
    done: RwSignal<Option<String>>,
    /// Why the last set-up or removal could not start (the code's form
    /// says why in its own alert).
    failed: RwSignal<Option<&'static str>>,
}

impl Shown {
    /// The app changed here: shows it as it is now, says so, and puts
    /// focus on the button that replaced the one pressed.
    fn now(self, view: AuthenticatorView, done: &str, focus: &'static str) {
        self.failed.set(None);
        self.done.set(Some(done.to_owned()));
        self.changed.set(Some(view));
        request_animation_frame(move || focus_element(focus));
    }

    /// Changed elsewhere (another browser): asks the server how it is.
    fn ask_again(self) {
        self.changed.set(None);
        self.tries.update(|tries| *tries += 1);
    }
}

fn failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, page.error_network),
        ApiError::Server(body) if body.code == ErrorCode::PasskeyRequired => {
            td_string!(ui, account.second_factor_first)
        }
        _ => td_string!(ui, page.error_server),
    }
}

#[component]
pub fn Authenticator(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let shown = Shown {
        tries: RwSignal::new(0),
        changed: RwSignal::new(None),
        done: RwSignal::new(None),
        failed: RwSignal::new(None),
    };
    let loaded = LocalResource::new(move || {
        shown.tries.track();
        let base = base.get_value();
        async move { authenticator::authenticator(&base).await }
    });
    let current = move || match shown.changed.get() {
        Some(view) => Some(Ok(view)),
        None => loaded.get(),
    };
    view! {
        <section aria-labelledby="authenticator-heading">
            <h2 id="authenticator-heading">{td_string!(ui, authenticator.heading)}</h2>
            <p>{td_string!(ui, authenticator.intro)}</p>
            {move || match current() {
                None => view! { <p class="loading">{td_string!(ui, account.loading)}</p> }.into_any(),
                Some(Err(error)) => {
                    view! { <LoadFailed locale error retry=move || shown.ask_again() /> }.into_any()
                }
                Some(Ok(view)) if view.enabled => view! { <TurnedOn locale view shown /> }.into_any(),
                Some(Ok(_)) => view! { <SetUp locale shown /> }.into_any(),
            }}
            <FormStatus message=shown.done.into() />
            <div role="alert">{move || shown.failed.get().map(|text| view! { <p>{text}</p> })}</div>
        </section>
    }
}

#[component]
fn TurnedOn(locale: Locale, view: AuthenticatorView, shown: Shown) -> impl IntoView {
    let ui = ui_locale(locale);
    let since = match view.added_on {
        Some(day) => {
            let day = format_date(locale, &day).unwrap_or(day);
            td_string!(ui, authenticator.on_since, day = day)
        }
        None => td_string!(ui, authenticator.turned_on).to_owned(),
    };
    let base = StoredValue::new(api::api_base());
    let remove = Request::<Result<(), ApiError>>::new();
    let removing = remove.pending();
    Effect::new(move || {
        let Some(result) = remove.answer().get() else { return };
        match result {
            // None there: removed already, from another browser.
            Ok(()) | Err(ApiError::NotFound) => {
                let off = AuthenticatorView {
                    enabled: false,
                    added_on: None,
                };
                shown.now(off, td_string!(ui, authenticator.removed), SET_UP_ID);
            }
            Err(error) => shown.failed.set(Some(failure(ui, &error))),
        }
    });
    let click = move |_| {
        if removing.get_untracked() {
            return;
        }
        shown.done.set(None);
        shown.failed.set(None);
        let base = base.get_value();
        remove.send(async move { authenticator::remove(&base).await });
    };
    view! {
        <p>{since}</p>
        <p>
            <button type="button" class="secondary" id=REMOVE_ID disabled=move || removing.get() on:click=click>
                {move || match removing.get() {
                    true => td_string!(ui, authenticator.removing),
                    false => td_string!(ui, authenticator.remove),
                }}
            </button>
        </p>
    }
}

/// Off: a button that asks the server for a new secret, then the secret
/// as a QR code and as text, and the form for the app's first code.
#[component]
fn SetUp(locale: Locale, shown: Shown) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let setup = RwSignal::new(None::<AuthenticatorSetup>);
    let start = Request::<Result<AuthenticatorSetup, ApiError>>::new();
    let starting = start.pending();
    Effect::new(move || {
        let Some(result) = start.answer().get() else { return };
        match result {
            Ok(answer) => {
                setup.set(Some(answer));
                request_animation_frame(|| focus_element(SCAN_ID));
            }
            Err(ApiError::Server(body)) if body.code == ErrorCode::Conflict => shown.ask_again(),
            Err(error) => shown.failed.set(Some(failure(ui, &error))),
        }
    });
    let begin = move |_| {
        if starting.get_untracked() {
            return;
        }
        shown.done.set(None);
        shown.failed.set(None);
        let base = base.get_value();
        start.send(async move { authenticator::start_setup(&base).await });
    };
    let cancel = Callback::new(move |()| {
        setup.set(None);
        request_animation_frame(|| focus_element(SET_UP_ID));
    });
    move || match setup.get() {
        None => view! {
            <p>
                <button type="button" id=SET_UP_ID disabled=move || starting.get() on:click=begin>
                    {move || match starting.get() {
                        true => td_string!(ui, authenticator.preparing),
                        false => td_string!(ui, authenticator.set_up),
                    }}
                </button>
            </p>
        }
        .into_any(),
        Some(setup) => view! { <ConfirmCode locale setup shown cancel /> }.into_any(),
    }
}

/// The secret, and the app's first code, which proves the app has it.
#[component]
fn ConfirmCode(locale: Locale, setup: AuthenticatorSetup, shown: Shown, cancel: Callback<()>) -> impl IntoView {
    let ui = ui_locale(locale);
    let kit = FormKit::new();
    let code = kit.field("code", "authenticator-code", check_code);
    let send = Request::<Result<AuthenticatorView, ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        match result {
            // No set-up waiting any more: replaced from another browser.
            Err(ApiError::NotFound) => kit.refuse(td_string!(ui, authenticator.setup_gone).to_owned()),
            // Turned on from another browser meanwhile.
            Err(ApiError::Server(body)) if body.code == ErrorCode::Conflict => shown.ask_again(),
            result => {
                if let Some(view) = kit.answer(result) {
                    shown.now(view, td_string!(ui, authenticator.turned_on), REMOVE_ID);
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
        send.send(async move { authenticator::turn_on(&base, &request).await });
    });
    view! {
        <p id=SCAN_ID tabindex="-1">{td_string!(ui, authenticator.scan)}</p>
        // The server draws the SVG from the secret it made: no one else's text is in it.
        <div class="qr" role="img" aria-label=td_string!(ui, authenticator.qr_label) inner_html=setup.qr_svg></div>
        <p class="authenticator-key">
            {td_string!(ui, authenticator.key_intro)}
            " "
            <code dir="ltr" translate="no">{setup.secret}</code>
        </p>
        <form
            class="account-form code-form"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                submit.run(());
            }
        >
            <CodeField locale field=code />
            <p class="code-actions">
                <SubmitButton
                    kit
                    pending
                    label=td_string!(ui, authenticator.turn_on)
                    sending=td_string!(ui, authenticator.checking)
                />
                <button type="button" class="secondary" on:click=move |_| cancel.run(())>
                    {td_string!(ui, authenticator.cancel)}
                </button>
            </p>
        </form>
        <FormAlert kit locale texts=failure_texts(ui) retry=submit />
    }
}
