//! Petitions (every staff member): the list, drafts first, each with the
//! button that opens it in the editor; and the form that starts a new one
//! as a draft, in English. The list stays in the page, hidden, while a
//! petition is edited, so that what was typed in the new form and where
//! the person was are still there when they come back.

use civic_api::petition_editing::{EditablePetition, NewPetition, PetitionLine, PetitionText};
use civic_api::{ErrorCode, Locale};
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_petitions};
use crate::browser::focus_element;
use crate::form_kit::{FormAlert, FormKit, SubmitButton, TextField};
use crate::i18n::{self, td_string};
use crate::pages::console::loaded_view::LoadedView;
use crate::pages::console::petition_editor::{PetitionEditor, english_title};
use crate::pages::console::petition_fields::{
    LanguageFields, Part, check_goal, check_slug, focus_first_error, parse_goal, part_error,
};
use crate::pages::console::petition_words::{
    count_line, failure_texts, goal_error, missing_view, petition_failure, refusal, slug_error, status_line, with_title,
};
use crate::pages::console::texts::ADDRESS;
use crate::request::Request;
use crate::ui_locale;

pub const PETITIONS_HEADING_ID: &str = "petitions-heading";

/// The petition open in the editor: its id, its title while it loads,
/// and the petition itself where the console has it already.
#[derive(Debug, Clone, PartialEq)]
struct Opened {
    id: i64,
    title: String,
    petition: Option<EditablePetition>,
}

/// A petition as a line of the list.
fn line_of(petition: &EditablePetition) -> PetitionLine {
    PetitionLine {
        id: petition.id,
        slug: petition.slug.clone(),
        title: english_title(petition),
        status: petition.status,
        version: petition.version,
        count: petition.count,
        missing: petition.missing.clone(),
    }
}

fn edit_button_id(id: i64) -> String {
    format!("petition-edit-{id}")
}

/// `first`: the list drawn with the page, where the server drew it;
/// `admin`: whether the signatures' CSV holds their addresses.
#[component]
pub fn Petitions(locale: Locale, first: Option<Vec<PetitionLine>>, #[prop(optional)] admin: bool) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let lines = RwSignal::new(Vec::<PetitionLine>::new());
    let asked = Request::<Result<Vec<PetitionLine>, ApiError>>::new();
    let loaded = RwSignal::new(None::<Result<(), ApiError>>);
    Effect::new(move || match asked.answer().get() {
        Some(Ok(found)) => {
            lines.set(found);
            loaded.set(Some(Ok(())));
        }
        Some(Err(error)) => loaded.set(Some(Err(error))),
        None => {}
    });
    let load = move || {
        let base = base.get_value();
        asked.send(async move { staff_petitions::petitions(&base, None).await });
    };
    match first {
        Some(found) => {
            lines.set(found);
            loaded.set(Some(Ok(())));
        }
        // The server draws it for staff; where it did not, the app asks.
        None if cfg!(target_arch = "wasm32") => load(),
        None => {}
    }
    let opened = RwSignal::new(None::<Opened>);
    let notice = RwSignal::new(None::<&'static str>);
    // A new version of a petition, from the editor: its line shows it.
    let on_change = Callback::new(move |petition: EditablePetition| {
        let line = line_of(&petition);
        lines.update(|lines| match lines.iter_mut().find(|shown| shown.id == line.id) {
            Some(shown) => *shown = line,
            None => lines.insert(0, line),
        });
    });
    let open = Callback::new(move |line: PetitionLine| {
        notice.set(None);
        opened.set(Some(Opened {
            id: line.id,
            title: line.title,
            petition: None,
        }));
    });
    let on_close = Callback::new(move |()| {
        let Some(closed) = opened.get_untracked() else { return };
        notice.set(None);
        opened.set(None);
        // Back to the button that opened it, once the list shows again.
        request_animation_frame(move || focus_element(&edit_button_id(closed.id)));
    });
    let on_created = Callback::new(move |petition: EditablePetition| {
        on_change.run(petition.clone());
        notice.set(Some(td_string!(ui, console.petition_created)));
        opened.set(Some(Opened {
            id: petition.id,
            title: english_title(&petition),
            petition: Some(petition),
        }));
    });
    let editing = Memo::new(move |_| opened.with(Option::is_some));
    // A memo, so that a line's change redraws that line only.
    let empty = Memo::new(move |_| lines.with(Vec::is_empty));
    let list = view! {
        <LoadedView
            ui
            state=move || loaded.get()
            pending=asked.pending()
            loading=td_string!(ui, console.petitions_loading)
            failure=load_failure
            retry=Callback::new(move |()| load())
            let:_loaded
        >
            {match empty.get() {
                true => view! { <p>{td_string!(ui, console.petitions_none)}</p> }.into_any(),
                false => view! {
                    <ul class="petition-list">
                        <For
                            each=move || lines.get()
                            key=|line| (line.id, line.version, line.count)
                            children=move |line| view! { <PetitionRow ui line open /> }
                        />
                    </ul>
                }
                .into_any(),
            }}
        </LoadedView>
    };
    view! {
        <section class="console-section petitions" aria-labelledby=PETITIONS_HEADING_ID>
            <h2 id=PETITIONS_HEADING_ID tabindex="-1">{td_string!(ui, console.petitions_heading)}</h2>
            <div class="console-status" role="status">
                {move || notice.get().map(|text| view! { <p class="success">{text}</p> })}
            </div>
            <div class="petitions-overview" hidden=move || editing.get()>
                <p>{td_string!(ui, console.petitions_intro)}</p>
                {list}
                <NewPetitionForm locale on_created />
            </div>
            {move || {
                opened
                    .get()
                    .map(|shown| {
                        view! {
                            <PetitionEditor
                                locale
                                id=shown.id
                                title=shown.title
                                first=shown.petition
                                admin
                                on_change
                                on_close
                            />
                        }
                    })
            }}
        </section>
    }
}

fn load_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.petitions_load_failed),
        _ => petition_failure(ui, error),
    }
}

#[component]
fn PetitionRow(ui: i18n::Locale, line: PetitionLine, open: Callback<PetitionLine>) -> impl IntoView {
    let edit = with_title(
        td_string!(ui, console.petition_edit, title = ADDRESS),
        line.title.clone(),
        true,
    );
    let missing = missing_view(ui, &line.missing).map(|missing| view! { <li>{missing}</li> });
    let id = edit_button_id(line.id);
    let facts = view! {
        <li>{status_line(ui, line.status)}</li>
        <li>{count_line(ui, line.count)}</li>
        {missing}
    };
    let title = line.title.clone();
    view! {
        <li class="petition-line">
            <p class="petition-line-title">
                <strong lang="en" dir="auto">
                    {title}
                </strong>
            </p>
            <ul class="petition-facts">{facts}</ul>
            <button type="button" class="secondary" id=id on:click=move |_| open.run(line.clone())>
                {edit}
            </button>
        </li>
    }
}

/// A new draft, in English: its address, its goal and its texts.
#[component]
fn NewPetitionForm(locale: Locale, on_created: Callback<EditablePetition>) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let slug = kit.field("slug", "new-petition-slug", check_slug);
    let goal = kit.field("goal", "new-petition-goal", check_goal);
    let english = LanguageFields::new(kit, Locale::DEFAULT, "new-petition");
    let parts = [Part::Title, Part::Summary, Part::AddressedTo, Part::Body];
    let fields = move || {
        let mut fields = vec![slug, goal];
        fields.extend(parts.map(|part| english.get(part)));
        fields
    };
    let pending = RwSignal::new(false);
    let send = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        let text = |part: Part| english.get(part).text();
        let request = NewPetition {
            slug: slug.text().trim().to_owned(),
            goal: parse_goal(&goal.text()).unwrap_or(0),
            texts: vec![PetitionText {
                locale: Locale::DEFAULT,
                title: text(Part::Title),
                summary: text(Part::Summary),
                addressed_to: text(Part::AddressedTo),
                body_markdown: text(Part::Body),
                image_alt: String::new(),
            }],
            idempotency_key: kit.key_for_request(),
        };
        if let Err(errors) = request.validate() {
            kit.refuse_fields(&fields(), errors);
            focus_first_error(&fields());
            return;
        }
        pending.set(true);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_petitions::create(&base, &request).await;
            if pending.try_set(false).is_some() {
                return;
            }
            match &result {
                // The address is another petition's.
                Err(ApiError::Server(body)) if body.code == ErrorCode::Conflict => {
                    kit.refuse(td_string!(ui, console.petition_slug_taken).to_owned());
                    focus_element(&slug.id());
                    return;
                }
                Err(error) => {
                    if let Some(refused) = refusal(ui, error) {
                        return kit.refuse(refused.to_owned());
                    }
                }
                Ok(_) => {}
            }
            match kit.answer(result) {
                Some(created) => {
                    kit.start_over(&fields());
                    on_created.run(created);
                }
                None => focus_first_error(&fields()),
            }
        });
    });
    let field = move |part: Part| {
        view! {
            <TextField
                field=english.get(part)
                label=part.label(ui)
                hint=part.hint(ui)
                error_text=part_error(ui, part, Locale::DEFAULT)
                text_locale=Locale::DEFAULT
                rows=(part == Part::Body).then_some(10)
                required=true
            />
        }
    };
    view! {
        <section class="new-petition" aria-labelledby="new-petition-heading">
            <h3 id="new-petition-heading">{td_string!(ui, console.new_petition_heading)}</h3>
            <p>{td_string!(ui, console.new_petition_intro)}</p>
            <form
                class="petition-form"
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    send.run(());
                }
            >
                <TextField
                    field=slug
                    label=td_string!(ui, console.petition_slug_label)
                    hint=td_string!(ui, console.petition_slug_hint)
                    error_text=Callback::new(move |error| slug_error(ui, error))
                    text_locale=Locale::DEFAULT
                    plain=true
                    required=true
                />
                <TextField
                    field=goal
                    label=td_string!(ui, console.petition_goal_label)
                    hint=td_string!(ui, console.petition_goal_hint)
                    error_text=Callback::new(move |error| goal_error(ui, error))
                    text_locale=Locale::DEFAULT
                    inputmode="numeric"
                    plain=true
                    required=true
                />
                {parts.map(field).into_iter().collect_view()}
                <FormAlert kit locale texts=failure_texts(ui) retry=send />
                <SubmitButton
                    kit
                    pending
                    label=td_string!(ui, console.new_petition_submit)
                    sending=td_string!(ui, console.new_petition_sending)
                />
            </form>
        </section>
    }
}
