//! "Manage or cancel my membership": the provider's own page, where the
//! member changes the payment details or cancels. The server asks the
//! provider for a link that works once; the browser goes there.

use civic_api::Locale;
use civic_api::dues::PortalLink;
use leptos::prelude::*;

use crate::api::{self, ApiError, dues};
use crate::browser::leave_for;
use crate::i18n::td_string;
use crate::pages::account::dues::texts::portal_failure;
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn Manage(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let send = Request::<Result<PortalLink, ApiError>>::new();
    // From the link's arrival until the browser has left for it.
    let leaving = RwSignal::new(false);
    let busy = Signal::derive(move || send.pending().get() || leaving.get());
    let problem = RwSignal::new(None::<&'static str>);
    Effect::new(move |_| {
        let Some(result) = send.answer().get() else { return };
        match result {
            Ok(link) => {
                leaving.set(true);
                if !leave_for(&link.url) {
                    leaving.set(false);
                    problem.set(Some(td_string!(ui, dues.manage_unavailable)));
                }
            }
            Err(error) => problem.set(Some(portal_failure(ui, &error))),
        }
    });
    // Back from the provider's page through the history, the browser may
    // show the area as it was left: the button is not busy any more.
    Effect::new(move |_| {
        let handle = window_event_listener(leptos::ev::pageshow, move |_| leaving.set(false));
        on_cleanup(move || handle.remove());
    });
    let base = StoredValue::new(api::api_base());
    let open = move |_| {
        if busy.get_untracked() {
            return;
        }
        problem.set(None);
        let base = base.get_value();
        send.send(async move { dues::dues_portal(&base).await });
    };
    view! {
        <p>{td_string!(ui, dues.manage_hint)}</p>
        <p>
            <button type="button" class="secondary" disabled=move || busy.get() on:click=open>
                {move || if busy.get() { td_string!(ui, dues.opening) } else { td_string!(ui, dues.manage) }}
            </button>
        </p>
        <div role="alert">{move || problem.get().map(|text| view! { <p>{text}</p> })}</div>
    }
}
