//! What a written page for members shows to a visitor who is not signed
//! in: the way in, which comes back to this very page.

use civic_api::{Locale, SiteRoute, Target};
use leptos::html::H1;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::browser::{encode_uri_component, focus_heading_after_navigation, set_document_meta};
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn MembersOnly(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    set_document_meta(
        td_string!(ui, members_only.title),
        Some(td_string!(ui, members_only.description)),
    );
    let here = use_location().pathname.get_untracked();
    let sign_in = format!(
        "{}?next={}",
        SiteRoute {
            locale,
            target: Target::SignIn
        }
        .path(),
        encode_uri_component(&here)
    );
    let join = SiteRoute {
        locale,
        target: Target::Join,
    }
    .path();
    view! {
        <article class="members-only">
            <h1 tabindex="-1" node_ref=heading>
                {td_string!(ui, members_only.title)}
            </h1>
            <p>{td_string!(ui, members_only.text)}</p>
            <p>
                <a class="button" href=sign_in>
                    {td_string!(ui, members_only.sign_in)}
                </a>
            </p>
            <p>{td_string!(ui, members_only.join_prompt)} " " <a href=join>{td_string!(ui, members_only.join)}</a></p>
        </article>
    }
}
