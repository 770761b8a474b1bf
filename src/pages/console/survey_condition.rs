//! A question's condition in the builder: "Show only when" one of the
//! earlier questions whose answers can be matched (a choice, yes or no, a
//! rating, a scale), and the answers of that question that show it, each
//! a box. Options and boxes are keyed, so that ticking one keeps the focus
//! on it.

use civic_api::Locale;
use leptos::prelude::*;

use crate::i18n::td_string;
use crate::pages::console::survey_builder::Builder;
use crate::pages::console::survey_draft::{Draft, Kind, Match};
use crate::pages::console::survey_problems::Place;

/// "Question 2: How often do you cycle?", in the text language (its id
/// while it has no words there).
fn target_name(builder: Builder, draft: &Draft, uid: u32, locale: Locale) -> String {
    let number = draft.question_number(uid);
    let question = draft.question(uid);
    let text = question
        .map(|question| question.text.get(locale).trim())
        .unwrap_or_default();
    let text = match text.is_empty() {
        true => question.map(|question| question.id.clone()).unwrap_or_default(),
        false => text.to_owned(),
    };
    td_string!(
        builder.ui,
        console.survey_condition_option,
        number = number,
        text = &text
    )
}

/// The answers a condition on `target` can match: (match, its key in
/// element ids, its words).
fn answers(builder: Builder, draft: &Draft, target: u32, locale: Locale) -> Vec<(Match, String, String)> {
    let ui = builder.ui;
    let Some(target) = draft.question(target) else {
        return Vec::new();
    };
    match target.kind {
        kind if kind.has_choices() => target
            .choices
            .iter()
            .map(|choice| {
                let label = choice.label.get(locale).trim();
                let label = if label.is_empty() {
                    choice.id.clone()
                } else {
                    label.to_owned()
                };
                (Match::Choice(choice.uid), format!("c{}", choice.uid), label)
            })
            .collect(),
        Kind::YesNo => vec![
            (
                Match::Value("yes".to_owned()),
                "yes".to_owned(),
                td_string!(ui, survey_form.yes).to_owned(),
            ),
            (
                Match::Value("no".to_owned()),
                "no".to_owned(),
                td_string!(ui, survey_form.no).to_owned(),
            ),
        ],
        kind => kind
            .numbers()
            .into_iter()
            .map(|number| {
                let value = number.to_string();
                (Match::Value(value.clone()), value.clone(), value)
            })
            .collect(),
    }
}

#[component]
pub fn ConditionFields(builder: Builder, uid: u32) -> impl IntoView {
    let ui = builder.ui;
    let place = Place::Question(uid);
    let select_id = format!("sb-{uid}-show-if");
    let hint_id = format!("{select_id}-hint");
    let target = Memo::new(move |_| {
        builder.read(|draft| {
            draft
                .question(uid)
                .and_then(|question| question.condition.as_ref())
                .map(|condition| condition.question)
        })
    });
    // The earlier questions it can depend on, and the one it depends on
    // even where it no longer can (said as a problem).
    let targets = Memo::new(move |_| {
        let locale = builder.locale();
        builder.read(|draft| {
            let mut targets: Vec<u32> = draft.targets_before(uid).into_iter().map(|(each, _)| each).collect();
            if let Some(current) = target.get()
                && !targets.contains(&current)
            {
                targets.push(current);
            }
            targets
                .into_iter()
                .map(|each| (each, target_name(builder, draft, each, locale)))
                .collect::<Vec<_>>()
        })
    });
    let values = Memo::new(move |_| {
        let locale = builder.locale();
        let target = target.get();
        builder.read(|draft| {
            target
                .map(|target| answers(builder, draft, target, locale))
                .unwrap_or_default()
        })
    });
    let ticked = move |value: &Match| {
        builder.read(|draft| {
            draft
                .question(uid)
                .and_then(|question| question.condition.as_ref())
                .is_some_and(|condition| condition.any_of.contains(value))
        })
    };
    let choose = move |event: leptos::ev::Event| {
        let chosen = event_target_value(&event).parse::<u32>().ok();
        builder.change(place, |draft| draft.set_condition_target(uid, chosen));
    };
    let legend_id = format!("sb-{uid}-answers");
    let boxes = move || {
        target.get().map(|_| {
            view! {
                <fieldset class="survey-matches">
                    <legend id=legend_id.clone()>{td_string!(ui, console.survey_condition_answers)}</legend>
                    <For each=move || values.get() key=|(_, key, label)| (key.clone(), label.clone()) let:answer>
                        {
                            let (value, key, label) = answer;
                            let id = format!("sb-{uid}-match-{key}");
                            // A choice's label is in the text language;
                            // yes, no and numbers in the page's.
                            let words = matches!(value, Match::Choice(_));
                            let value = StoredValue::new(value);
                            view! {
                                <div class="survey-check">
                                    <input
                                        type="checkbox"
                                        id=id.clone()
                                        disabled=move || builder.locked.get()
                                        prop:checked=move || value.with_value(|value| ticked(value))
                                        on:change=move |event| {
                                            let on = event_target_checked(&event);
                                            let value = value.get_value();
                                            builder.change(place, |draft| draft.set_match(uid, value, on));
                                        }
                                    />
                                    <label
                                        for=id
                                        lang=move || words.then(|| builder.locale().as_str())
                                        dir=move || words.then(|| builder.locale().dir())
                                    >
                                        {label}
                                    </label>
                                </div>
                            }
                        }
                    </For>
                </fieldset>
            }
        })
    };
    view! {
        <div class="field survey-condition">
            <label for=select_id.clone()>{td_string!(ui, console.survey_condition_label)}</label>
            <p class="hint" id=hint_id.clone()>
                {td_string!(ui, console.survey_condition_hint)}
            </p>
            <select
                id=select_id
                aria-describedby=hint_id
                disabled=move || builder.locked.get()
                prop:value=move || target.get().map(|target| target.to_string()).unwrap_or_default()
                on:change=choose
            >
                <option value="" prop:selected=move || target.get().is_none()>
                    {td_string!(ui, console.survey_condition_always)}
                </option>
                <For each=move || targets.get() key=|(each, name)| (*each, name.clone()) let:option>
                    {
                        let (each, name) = option;
                        view! {
                            <option value=each.to_string() prop:selected=move || target.get() == Some(each)>
                                {name}
                            </option>
                        }
                    }
                </For>
            </select>
        </div>
        {boxes}
    }
}
