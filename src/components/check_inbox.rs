//! After signing without a signed link: the signature waits for the
//! confirmation e-mail. The visitor can have it sent again, or go back and
//! correct a mistyped address.

use civic_api::petition::ResendRequest;
use civic_api::{Locale, Slug};
use leptos::html::H2;
use leptos::prelude::*;

use crate::api;
use crate::browser::{focus_when_shown, random_uuid};
use crate::i18n::td_string;
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn CheckInbox(locale: Locale, slug: Slug, email: String, on_fix: Callback<()>) -> impl IntoView {
    let ui = ui_locale(locale);
    let heading = NodeRef::<H2>::new();
    focus_when_shown(heading);
    let base = api::api_base();
    let resend = Request::new();
    let send_again = {
        let email = email.clone();
        move |_| {
            let (base, slug) = (base.clone(), slug.clone());
            let request = ResendRequest {
                idempotency_key: random_uuid(),
                locale: Some(locale),
                email: email.clone(),
            };
            resend.send(async move { api::resend(&base, &slug, &request).await });
        }
    };
    let pending = resend.pending();
    let status = move || {
        resend.answer().get().map(|result| match result {
            Ok(()) => view! { <p class="success">{td_string!(ui, inbox.resent)}</p> }.into_any(),
            Err(_) => view! { <p class="field-error">{td_string!(ui, inbox.resend_error)}</p> }.into_any(),
        })
    };
    view! {
        <section class="check-inbox" aria-labelledby="check-inbox-heading">
            <h2 id="check-inbox-heading" tabindex="-1" node_ref=heading>
                {td_string!(ui, inbox.heading)}
            </h2>
            <p>{td_string!(ui, inbox.text, email = &email).to_string()}</p>
            <p>{td_string!(ui, inbox.spam)}</p>
            <div class="actions">
                <button
                    type="button"
                    disabled=move || pending.get()
                    on:click=send_again
                >
                    {move || match pending.get() {
                        true => td_string!(ui, inbox.resending),
                        false => td_string!(ui, inbox.resend),
                    }}
                </button>
                <button type="button" class="secondary" on:click=move |_| on_fix.run(())>
                    {td_string!(ui, inbox.fix)}
                </button>
            </div>
            <div role="status" aria-live="polite">
                {status}
            </div>
        </section>
    }
}
