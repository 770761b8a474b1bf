//! "Choose": every category with what it is for and what it keeps on the
//! device; necessary is always on, and a privacy signal keeps tracking off.

use civic_api::consent::{Category, Choices};
use leptos::prelude::*;

use crate::consent::banner::{HEADING_ID, SignalNotice, decide};
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
    view! {
        <h2 id=HEADING_ID tabindex="-1">
            {td_string!(ui, consent.settings_heading)}
        </h2>
        <SignalNotice ui signal=consent.signal />
        <ul class="consent-categories">{categories}</ul>
        <div class="consent-actions">
            <button type="button" on:click=move |_| decide(consent, draft.get_untracked())>
                {td_string!(ui, consent.save)}
            </button>
            <button type="button" class="secondary" on:click=move |_| decide(consent, Choices::ALL_ACCEPTED)>
                {td_string!(ui, consent.accept_all)}
            </button>
            <button type="button" class="secondary" on:click=move |_| decide(consent, Choices::ALL_REJECTED)>
                {td_string!(ui, consent.reject_all)}
            </button>
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
