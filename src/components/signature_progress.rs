//! A petition's count against its goal, as words and as a bar.

use civic_api::Locale;
use leptos::prelude::*;

use crate::i18n::td_string;
use crate::numbers::format_number;
use crate::plural::is_singular;
use crate::ui_locale;

/// `id` names the label, which the bar is labelled by, so screen readers
/// hear "1,234 of 2,000 signatures" rather than a bare percentage.
#[component]
pub fn SignatureProgress(
    locale: Locale,
    #[prop(into)] id: String,
    #[prop(into)] count: Signal<u64>,
    #[prop(into)] goal: Signal<u64>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let text = move || {
        let (count, goal) = (count.get(), goal.get());
        let (number, goal_text) = (format_number(locale, count), format_number(locale, goal));
        match is_singular(locale, count) {
            true => td_string!(ui, petition.progress_singular, number = &number, goal = &goal_text).to_string(),
            false => td_string!(ui, petition.progress, number = &number, goal = &goal_text).to_string(),
        }
    };
    view! {
        <div class="signature-progress">
            <p class="progress-label" id=id.clone()>
                {text}
            </p>
            // The displayed goal always lies above the count, so the bar
            // is never full; `max` of 0 would make it indeterminate.
            <progress
                max=move || goal.get().max(1).to_string()
                value=move || count.get().min(goal.get()).to_string()
                aria-labelledby=id
            ></progress>
        </div>
    }
}
