//! The petitions signed with the account's address, confirmed or waiting.
//! Survey answers are anonymous, so the area lists none (and says so).

use civic_api::account::MySignature;
use civic_api::{Locale, SiteRoute};
use leptos::prelude::*;

use crate::api;
use crate::dates::format_date;
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn MyPetitions(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let signed = LocalResource::new(move || {
        let base = base.get_value();
        async move { api::my_signatures(&base, locale).await }
    });
    view! {
        <section aria-labelledby="petitions-heading">
            <h2 id="petitions-heading">{td_string!(ui, account.my_petitions_heading)}</h2>
            {move || match signed.get() {
                None => view! { <p class="loading">{td_string!(ui, account.loading)}</p> }.into_any(),
                Some(Err(_)) => view! { <p>{td_string!(ui, account.load_failed)}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p>{td_string!(ui, account.my_petitions_empty)}</p> }.into_any()
                }
                Some(Ok(list)) => view! {
                    <ul class="my-petitions">
                        {list.into_iter().map(|signature| view! { <Signed locale signature /> }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn Signed(locale: Locale, signature: MySignature) -> impl IntoView {
    let ui = ui_locale(locale);
    let day = format_date(locale, &signature.signed_on).unwrap_or_else(|| signature.signed_on.clone());
    let state = match signature.confirmed {
        true => td_string!(ui, account.my_petitions_confirmed, day = &day).to_string(),
        false => td_string!(ui, account.my_petitions_pending, day = &day).to_string(),
    };
    let path = SiteRoute::petition(locale, signature.slug).path();
    view! {
        <li>
            <a href=path>{signature.title}</a>
            " "
            {state}
        </li>
    }
}
