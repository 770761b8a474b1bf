//! What every part of the survey builder shares (`Builder`: the draft, the
//! language its text fields show, whether the structure is locked, the
//! problems found and the form's key), and the labelled controls they are
//! made of. Problems are said per place (the survey, a section, a
//! question), in a list that place's fieldset is described by.

use civic_api::Locale;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::first_page::textarea_text;
use crate::form_kit::FormKit;
use crate::i18n;
use crate::pages::console::survey_draft::Draft;
use crate::pages::console::survey_problems::{Place, Problem};

/// `Copy`, for every handler of every part.
#[derive(Debug, Clone, Copy)]
pub struct Builder {
    pub ui: i18n::Locale,
    pub draft: RwSignal<Draft>,
    /// Which language's words the text fields show.
    pub text_locale: RwSignal<Locale>,
    /// People have answered: only the wording may change (tracked).
    pub locked: Signal<bool>,
    pub problems: RwSignal<Vec<Problem>>,
    /// The key that goes with every retry of the same save.
    pub kit: FormKit,
}

impl Builder {
    /// A change from a control: the next save is another request, and
    /// what was said about `place` no longer applies.
    pub fn change(self, place: Place, change: impl FnOnce(&mut Draft)) {
        self.draft.update(change);
        self.kit.changed();
        if self
            .problems
            .with_untracked(|problems| problems.iter().any(|problem| problem.place == place))
        {
            self.problems
                .update(|problems| problems.retain(|problem| problem.place != place));
        }
    }

    /// The text language (tracked).
    pub fn locale(self) -> Locale {
        self.text_locale.get()
    }

    /// Reads the draft (tracked).
    pub fn read<T>(self, read: impl FnOnce(&Draft) -> T) -> T {
        self.draft.with(read)
    }

    /// What is said about `place` (tracked).
    pub fn problems_at(self, place: Place) -> Vec<String> {
        self.problems.with(|problems| {
            problems
                .iter()
                .filter(|problem| problem.place == place)
                .map(|problem| problem.text.clone())
                .collect()
        })
    }
}

/// The id of the list of problems said about `place`.
pub fn problems_id(place: Place) -> String {
    match place {
        Place::Address => "survey-address-problems".to_owned(),
        Place::Survey => "survey-texts-problems".to_owned(),
        Place::Section(uid) | Place::Question(uid) => format!("sb-{uid}-problems"),
    }
}

/// The element of the builder that holds `place`'s controls.
pub fn place_id(place: Place) -> String {
    match place {
        Place::Address => "survey-address".to_owned(),
        Place::Survey => "survey-texts".to_owned(),
        Place::Section(uid) | Place::Question(uid) => format!("sb-{uid}"),
    }
}

/// What `place`'s fieldset is described by, while something is said.
pub fn described_by(builder: Builder, place: Place) -> impl Fn() -> Option<String> + Copy {
    move || (!builder.problems_at(place).is_empty()).then(|| problems_id(place))
}

/// Takes the focus to the first control of the first place with a
/// problem, once the page shows them.
pub fn focus_first_problem(builder: Builder) {
    let Some(place) = builder
        .problems
        .with_untracked(|problems| problems.first().map(|problem| problem.place))
    else {
        return;
    };
    request_animation_frame(move || {
        let id = place_id(place);
        let selector = format!("#{id} input:not([disabled]), #{id} select:not([disabled]), #{id} textarea");
        let control = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .or_else(|| document().get_element_by_id(&id));
        if let Some(control) = control.and_then(|control| control.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = control.focus();
        }
    });
}

/// The problems said about `place`, under its controls.
#[component]
pub fn PlaceProblems(builder: Builder, place: Place) -> impl IntoView {
    move || {
        let said = builder.problems_at(place);
        (!said.is_empty()).then(|| {
            let lines = said.into_iter().map(|text| view! { <li>{text}</li> }).collect_view();
            view! {
                <ul class="field-error survey-problems" id=problems_id(place)>
                    {lines}
                </ul>
            }
        })
    }
}

/// A labelled input or textarea of the builder, with its hint. `words`:
/// typed in the text language, which the control says (`lang`, `dir`);
/// `plain`: an id or a number (no capitals, no spelling check).
#[component]
pub fn BuilderField(
    builder: Builder,
    id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    #[prop(optional)] rows: Option<u8>,
    #[prop(optional)] words: bool,
    #[prop(optional)] plain: bool,
    /// The keyboard a phone shows (`numeric` for a number).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(into, default = Signal::stored(false))] readonly: Signal<bool>,
) -> impl IntoView {
    let lang = move || words.then(|| builder.locale().as_str());
    let dir = move || words.then(|| builder.locale().dir());
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let initial = value.get_untracked();
    let control = match rows {
        Some(rows) => view! {
            <textarea
                id=id.clone()
                rows=rows
                lang=lang
                dir=dir
                readonly=move || readonly.get()
                aria-describedby=hint_id.clone()
                prop:value=move || value.get()
                on:input=move |event| on_input.run(event_target_value(&event))
            >
                {textarea_text(initial)}
            </textarea>
        }
        .into_any(),
        None => view! {
            <input
                id=id.clone()
                type="text"
                lang=lang
                dir=dir
                autocomplete="off"
                autocapitalize=plain.then_some("none")
                spellcheck=plain.then_some("false")
                inputmode=inputmode
                readonly=move || readonly.get()
                aria-describedby=hint_id.clone()
                prop:value=move || value.get()
                on:input=move |event| on_input.run(event_target_value(&event))
            />
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            {control}
        </div>
    }
}

/// A labelled checkbox of the builder.
#[component]
pub fn BuilderCheckbox(
    id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(into)] checked: Signal<bool>,
    on_change: Callback<bool>,
    #[prop(into, default = Signal::stored(false))] disabled: Signal<bool>,
    /// The label's language, where it is not the page's (a language's name).
    #[prop(optional)]
    label_locale: Option<Locale>,
) -> impl IntoView {
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    view! {
        <div class="field survey-check">
            <input
                type="checkbox"
                id=id.clone()
                disabled=move || disabled.get()
                aria-describedby=hint_id.clone()
                prop:checked=move || checked.get()
                on:change=move |event| on_change.run(event_target_checked(&event))
            />
            <label for=id lang=label_locale.map(Locale::as_str) dir=label_locale.map(Locale::dir)>
                {label}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
        </div>
    }
}

/// A button that moves or removes a part of the survey: disabled while
/// the structure is locked, or where it cannot (the first part up).
#[component]
pub fn PartButton(
    builder: Builder,
    id: String,
    text: &'static str,
    #[prop(into, default = Signal::stored(false))] cannot: Signal<bool>,
    on_press: Callback<()>,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let class = match danger {
        true => "secondary danger-outline",
        false => "secondary",
    };
    view! {
        <button
            type="button"
            id=id
            class=class
            disabled=move || builder.locked.get() || cannot.get()
            on:click=move |_| on_press.run(())
        >
            {text}
        </button>
    }
}
