//! The newsletter's page: signing up, and a new unsubscribe link for anyone
//! who lost theirs.

use civic_api::Locale;
use leptos::html::H1;
use leptos::prelude::*;

use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::components::newsletter_form::{AddressPurpose, LOST_LINK_FORM_ID, NewsletterForm, SIGN_UP_FORM_ID};
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn NewsletterPage(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    set_document_meta(
        td_string!(ui, newsletter.title),
        Some(td_string!(ui, newsletter.description)),
    );
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {td_string!(ui, newsletter.title)}
        </h1>
        <p class="lead">{td_string!(ui, newsletter.intro)}</p>
        <NewsletterForm locale purpose=AddressPurpose::SignUp id=SIGN_UP_FORM_ID />
        <LostLink locale />
    }
}

/// "Lost your unsubscribe link?", also offered where a link did not work.
#[component]
pub fn LostLink(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    view! {
        <section class="lost-link" aria-labelledby="lost-link-heading">
            <h2 id="lost-link-heading">{td_string!(ui, newsletter.lost_heading)}</h2>
            <p>{td_string!(ui, newsletter.lost_text)}</p>
            <NewsletterForm locale purpose=AddressPurpose::LostLink id=LOST_LINK_FORM_ID />
        </section>
    }
}
