//! `/donate`: what the organisation offers, then the form. The server draws
//! the page with its offer; after a client-side navigation the app asks
//! the API for it.

use civic_api::Locale;
use leptos::html::H1;
use leptos::prelude::*;

use crate::api::{ApiError, donations};
use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::components::load_failed::LoadFailed;
use crate::first_page;
use crate::i18n::td_string;
use crate::pages::content::Loading;
use crate::pages::donate::donate_form::DonateForm;
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn DonatePage(locale: Locale) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let ui = ui_locale(locale);
    set_document_meta(td_string!(ui, donate.title), Some(td_string!(ui, donate.description)));
    let base = StoredValue::new(crate::api::api_base());
    let first = first_page::take_donation_offer();
    let drawn = first.is_some();
    let offer = first.map_or_else(Request::new, |offer| Request::answered(Ok::<_, ApiError>(offer)));
    let load = move || {
        let base = base.get_value();
        offer.load(move |abort| async move { donations::donation_offer(&base, abort.as_ref()).await });
    };
    // In the browser only: the server always draws the page with its offer.
    Effect::new(move |_| {
        if !drawn {
            load();
        }
    });
    let pending = offer.pending();
    let body = move || match offer.answer().get().filter(|_| !pending.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(offer)) => view! { <DonateForm locale offer /> }.into_any(),
        Some(Err(error)) => view! { <LoadFailed locale error retry=load /> }.into_any(),
    };
    view! {
        <div class="donate">
            <h1 tabindex="-1" node_ref=heading>
                {td_string!(ui, donate.title)}
            </h1>
            <p class="lead">{td_string!(ui, donate.intro)}</p>
            {body}
        </div>
    }
}
