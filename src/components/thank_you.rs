//! What a signer sees once their signature counts: thanks, their own link,
//! and buttons to share it.

use civic_api::Locale;
use civic_api::petition::Referral;
use leptos::html::H2;
use leptos::prelude::*;

use crate::browser::{focus_when_shown, page_origin};
use crate::components::share_buttons::ShareButtons;
use crate::i18n::td_string;
use crate::numbers::format_number;
use crate::plural::is_singular;
use crate::ui_locale;

/// `petition_url` is the petition's absolute address; `focus` moves the
/// keyboard to the thanks when they replace the form the visitor was in.
#[component]
pub fn ThankYou(
    locale: Locale,
    first_name: String,
    referral: Referral,
    petition_url: String,
    title: String,
    #[prop(optional)] focus: bool,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let heading = NodeRef::<H2>::new();
    if focus {
        focus_when_shown(heading);
    }
    let through = referral.signed_through;
    let number = format_number(locale, through);
    let through_text = move || match through {
        0 => td_string!(ui, thanks.through_none).to_string(),
        n if is_singular(locale, n) => td_string!(ui, thanks.through_singular, number = &number).to_string(),
        _ => td_string!(ui, thanks.through_plural, number = &number).to_string(),
    };
    let short_link = format!("{}{}", page_origin(), referral.code.path());
    let share_text = {
        let title = title.clone();
        td_string!(ui, thanks.share_text, title = &title).to_string()
    };
    view! {
        <section class="thank-you" aria-labelledby="thank-you-heading">
            <h2 id="thank-you-heading" tabindex="-1" node_ref=heading>
                {td_string!(ui, thanks.heading, name = &first_name).to_string()}
            </h2>
            <p>{td_string!(ui, thanks.signed)}</p>
            <p class="signed-through">{through_text}</p>
            <p class="own-link">
                {td_string!(ui, thanks.short_link)} " " <a href=short_link.clone()>{short_link.clone()}</a>
            </p>
            <ShareButtons
                url=petition_url
                title=title
                locale
                text=share_text
                referral=referral.code.to_string()
                heading=td_string!(ui, thanks.share_heading)
            />
        </section>
    }
}
