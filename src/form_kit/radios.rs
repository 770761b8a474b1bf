//! One choice among a few: radios in a fieldset whose legend asks the
//! question, each option a large target with its label, and the group's
//! error under them, tied to it like a field's.

use leptos::prelude::*;

use crate::form_kit::state::FormKit;

/// The id of the radio of `value` in the group `group`, to move focus to.
pub fn radio_id(group: &str, value: &str) -> String {
    format!("{group}--{value}")
}

/// `options` as (value, label); `chosen` holds the chosen value, empty
/// while none is. `name` is the request's field: choosing voids the
/// server's verdict on it, and the request changes.
#[component]
pub fn RadioGroup(
    kit: FormKit,
    name: &'static str,
    id: &'static str,
    #[prop(into)] legend: Signal<String>,
    chosen: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    /// What is wrong with the choice, in words, when something is (tracked).
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
    #[prop(optional)] class: Option<&'static str>,
) -> impl IntoView {
    let legend_id = format!("{id}-legend");
    let legend_id_again = legend_id.clone();
    let error_id = format!("{id}-error");
    let error = move || error.and_then(|error| error.get());
    let radios = move || {
        options
            .get()
            .into_iter()
            .map(|(value, label)| {
                let input_id = radio_id(id, &value);
                // Written in the HTML too, so the page the server draws
                // shows the choice before any script runs.
                let initially = chosen.with_untracked(|chosen| *chosen == value);
                let checked = {
                    let value = value.clone();
                    move || chosen.with(|chosen| *chosen == value)
                };
                let choose = {
                    let value = value.clone();
                    move |event| {
                        // The radio left behind reports a change too, when
                        // the app takes over a page the visitor changed.
                        if event_target_checked(&event) {
                            chosen.set(value.clone());
                            kit.forget_error(name);
                            kit.changed();
                        }
                    }
                };
                view! {
                    <li class="choice">
                        <input
                            type="radio"
                            id=input_id.clone()
                            name=name
                            value=value
                            checked=initially
                            prop:checked=checked
                            on:change=choose
                        />
                        <label for=input_id>{label}</label>
                    </li>
                }
            })
            .collect_view()
    };
    let error_view = {
        let error_id = error_id.clone();
        move || {
            error().map(|text| {
                view! {
                    <p class="field-error" id=error_id.clone()>
                        {text}
                    </p>
                }
            })
        }
    };
    let class = match class {
        Some(class) => format!("choice-group {class}"),
        None => "choice-group".to_owned(),
    };
    view! {
        <fieldset
            class=class
            id=id
            role="radiogroup"
            aria-labelledby=legend_id.clone()
            aria-invalid=move || error().is_some().then_some("true")
            aria-describedby=move || error().is_some().then(|| error_id.clone())
        >
            <legend id=legend_id_again>{legend}</legend>
            <ul class="choices">{radios}</ul>
            {error_view}
        </fieldset>
    }
}
