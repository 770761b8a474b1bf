//! A petition's picture: the one it has, and a new one chosen from the
//! device. The browser checks the type and size before sending; the
//! server reads it, crops it to the size link previews use and re-encodes
//! it without its metadata.

use civic_api::petition_editing::{IMAGE_HEIGHT, IMAGE_TYPES, IMAGE_UPLOAD_MAX_BYTES, IMAGE_WIDTH};
use civic_api::{ErrorCode, FieldError, Locale};
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_petitions};
use crate::browser::focus_element;
use crate::form_kit::FormKit;
use crate::i18n::{self, td_string};
use crate::pages::console::petition_editor::Editing;
use crate::pages::console::petition_notes::{Notes, NotesView};
use crate::pages::console::petition_words::{is_conflict, petition_failure};
use crate::ui_locale;

const INPUT_ID: &str = "petition-image";
const MEGABYTE: usize = 1024 * 1024;

/// What is wrong with the file chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Missing,
    WrongType,
    TooLarge,
    /// The server could not read it as a picture.
    Unreadable,
}

fn problem_text(ui: i18n::Locale, problem: Problem) -> String {
    match problem {
        Problem::Missing => td_string!(ui, console.picture_required).to_owned(),
        Problem::WrongType => td_string!(ui, console.picture_wrong_type).to_owned(),
        Problem::TooLarge => td_string!(ui, console.picture_too_large, mb = IMAGE_UPLOAD_MAX_BYTES / MEGABYTE),
        Problem::Unreadable => td_string!(ui, console.picture_unreadable).to_owned(),
    }
}

/// The browser's check of the file chosen, as the server checks it.
fn check_file(file: &web_sys::File) -> Option<Problem> {
    if !IMAGE_TYPES.contains(&file.type_().as_str()) {
        Some(Problem::WrongType)
    } else if file.size() > IMAGE_UPLOAD_MAX_BYTES as f64 {
        Some(Problem::TooLarge)
    } else {
        None
    }
}

#[component]
pub fn PictureForm(locale: Locale, editing: Editing) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let notes = Notes::new();
    let input = NodeRef::<Input>::new();
    let problem = RwSignal::new(None::<Problem>);
    let pending = RwSignal::new(false);
    // Another version shown: the next upload is another request.
    Effect::new(move || {
        editing.petition.with(|petition| petition.version);
        kit.changed();
    });
    let refuse = move |found: Problem| {
        problem.try_set(Some(found));
        notes.failed(problem_text(ui, found));
        focus_element(INPUT_ID);
    };
    let upload = move |event: SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        notes.clear();
        let chosen = input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = chosen else {
            return refuse(Problem::Missing);
        };
        if let Some(found) = check_file(&file) {
            return refuse(found);
        }
        problem.set(None);
        let key = kit.key_for_request();
        let (id, version) = editing
            .petition
            .with_untracked(|petition| (petition.id, petition.version));
        pending.set(true);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_petitions::upload_image(&base, id, version, &key, &file).await;
            if pending.try_set(false).is_some() {
                return editing.closed_meanwhile(result);
            }
            match result {
                Ok(changed) => {
                    kit.answer(Ok(()));
                    if let Some(input) = input.get_untracked() {
                        input.set_value("");
                    }
                    notes.done(td_string!(ui, console.picture_saved));
                    editing.show(changed);
                }
                Err(error) if is_conflict(&error) => notes.conflicted(version),
                Err(ApiError::Server(body))
                    if body.code == ErrorCode::Validation && body.fields.contains_key("image") =>
                {
                    refuse(match body.fields.get("image") {
                        Some(FieldError::TooLong) => Problem::TooLarge,
                        _ => Problem::Unreadable,
                    });
                }
                Err(error) => notes.failed(petition_failure(ui, &error)),
            }
        });
    };
    let hint_id = format!("{INPUT_ID}-hint");
    let error_id = format!("{INPUT_ID}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match problem.get() {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        }
    };
    let hint = td_string!(
        ui,
        console.picture_hint,
        mb = IMAGE_UPLOAD_MAX_BYTES / MEGABYTE,
        width = IMAGE_WIDTH,
        height = IMAGE_HEIGHT
    );
    let picture = move || {
        editing.petition.with(|petition| {
            let alt = petition
                .texts
                .iter()
                .find(|text| text.locale == Locale::DEFAULT)
                .map(|text| text.image_alt.clone())
                .unwrap_or_default();
            match &petition.image {
                Some(image) => view! {
                    <img
                        class="petition-editor-picture"
                        src=image.src.clone()
                        alt=alt
                        lang="en"
                        width=image.width.to_string()
                        height=image.height.to_string()
                    />
                }
                .into_any(),
                None => view! { <p>{td_string!(ui, console.picture_none)}</p> }.into_any(),
            }
        })
    };
    view! {
        <section class="petition-picture" aria-labelledby="petition-picture-heading">
            <h4 id="petition-picture-heading">{td_string!(ui, console.picture_heading)}</h4>
            {picture}
            <form class="picture-form" novalidate on:submit=upload>
                <div class="field">
                    <label for=INPUT_ID>{td_string!(ui, console.picture_label)}</label>
                    <p class="hint" id=hint_id>
                        {hint}
                    </p>
                    <input
                        id=INPUT_ID
                        name="image"
                        type="file"
                        accept=IMAGE_TYPES.join(",")
                        node_ref=input
                        aria-invalid=move || problem.get().map(|_| "true")
                        aria-describedby=described_by
                        on:change=move |_| {
                            problem.set(None);
                            kit.changed();
                        }
                    />
                    {move || {
                        problem
                            .get()
                            .map(|found| view! { <p class="field-error" id=error_id.clone()>{problem_text(ui, found)}</p> })
                    }}
                </div>
                <button type="submit" disabled=move || pending.get()>
                    {move || match pending.get() {
                        true => td_string!(ui, console.picture_sending),
                        false => td_string!(ui, console.picture_submit),
                    }}
                </button>
            </form>
            <NotesView
                locale
                notes
                version=editing.version()
                conflict=td_string!(ui, console.petition_conflict)
                reload=editing.reload
                reloading=editing.reloading
            />
        </section>
    }
}
