//! "Choose": every category with what it is for and what it keeps on the
//! device; necessary is always on, and a privacy signal keeps tracking off.

use civic_api::consent::{Category, Choices, FormDecision};
use leptos::prelude::*;

use crate::consent::banner::{DecisionButton, HEADING_ID, SignalNotice};
use crate::consent::categories::{StorageTable, name, purpose};
use crate::consent::state::Consent;
use crate::i18n::{Locale as Ui, td_string};

#[component]
pub fn Settings(ui: Ui, consent: Consent, draft: RwSignal<Choices>) -> impl IntoView {
    let categories = Category::ALL
        .into_iter()
        .map(|category| {
            let id = format!("consent-{}", category.as_str());
            let purpose_id = format!("{id}-purpose");
            let always = category == Category::Necessary;
            let refused = consent.signal.is_some() && category.refused_by_signal();
            let note = match (always, refused) {
                (true, _) => Some(td_string!(ui, consent.always_on)),
                (false, true) => Some(td_string!(ui, consent.off_by_signal)),
                (false, false) => None,
            };
            let toggle = move |event| {
                let on = event_target_checked(&event);
                draft.update(|choices| *choices = with_category(*choices, category, on));
            };
            view! {
                <li class="consent-category">
                    <div class="consent-toggle">
                        <input
                            type="checkbox"
                            id=id.clone()
                            // Sent by a posted "Save" when ticked.
                            name=(!always).then_some(category.as_str())
                            // The attribute for a page drawn by the server,
                            // the property for the app.
                            checked=draft.with_untracked(|choices| choices.allows(category))
                            prop:checked=move || draft.with(|choices| choices.allows(category))
                            disabled=always || refused
                            aria-describedby=purpose_id.clone()
                            on:change=toggle
                        />
                        <label for=id>
                            {name(ui, category)}
                            {note.map(|note| view! { " " <span class="consent-note">{note}</span> })}
                        </label>
                    </div>
                    <p id=purpose_id>{purpose(ui, category)}</p>
                    <StorageTable ui category />
                </li>
            }
        })
        .collect_view();
    // Drawn by the server when the address asked for them, they take the
    // focus as the app gives it to them when opened in place.
    let drawn_for_address = cfg!(not(target_arch = "wasm32"));
    view! {
        <h2 id=HEADING_ID tabindex="-1" autofocus=drawn_for_address>
            {td_string!(ui, consent.settings_heading)}
        </h2>
        <SignalNotice ui signal=consent.signal />
        <ul class="consent-categories">{categories}</ul>
        <div class="consent-actions">
            <DecisionButton consent decision=FormDecision::Save choices=move || draft.get_untracked()>
                {td_string!(ui, consent.save)}
            </DecisionButton>
            <DecisionButton
                consent
                decision=FormDecision::AcceptAll
                choices=move || Choices::ALL_ACCEPTED
                class="secondary"
            >
                {td_string!(ui, consent.accept_all)}
            </DecisionButton>
            <DecisionButton
                consent
                decision=FormDecision::RejectAll
                choices=move || Choices::ALL_REJECTED
                class="secondary"
            >
                {td_string!(ui, consent.reject_all)}
            </DecisionButton>
        </div>
    }
}

fn with_category(choices: Choices, category: Category, on: bool) -> Choices {
    match category {
        Category::Necessary => choices,
        Category::Preferences => Choices {
            preferences: on,
            ..choices
        },
        Category::Analytics => Choices {
            analytics: on,
            ..choices
        },
        Category::ExternalMedia => Choices {
            external_media: on,
            ..choices
        },
    }
}
