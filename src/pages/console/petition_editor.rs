//! One petition as staff edit it: its goal and its text in each language
//! (saved together, from the version shown), its picture, its state, and
//! once published its news and signatures.
//! Whatever is typed stays until it is saved, or until the person asks to
//! see a newer version someone else saved.

use civic_api::Locale;
use civic_api::petition_editing::{
    EditablePetition, PetitionEdit, PetitionStatus, PetitionText, check_petition, is_blank,
};
use leptos::html::H3;
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_petitions};
use crate::form_kit::{Field, FormAlert, FormKit, SubmitButton, TextField};
use crate::i18n::td_string;
use crate::pages::console::editor_heading::EditorHeading;
use crate::pages::console::loaded_view::LoadedView;
use crate::pages::console::petition_fields::{LanguageFields, check_goal, focus_first_error, parse_goal};
use crate::pages::console::petition_language::LanguageFieldset;
use crate::pages::console::petition_news::PetitionNews;
use crate::pages::console::petition_notes::{Notes, NotesView};
use crate::pages::console::petition_picture_form::PictureForm;
use crate::pages::console::petition_signatures::PetitionSignatures;
use crate::pages::console::petition_status::StatusActions;
use crate::pages::console::petition_words::{
    count_line, failure_texts, goal_error, is_conflict, missing_view, petition_failure, refusal, status_line,
};
use crate::request::Request;
use crate::ui_locale;

/// The petition being edited, as the server last answered it, shared by
/// the editor's parts. `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct Editing {
    pub petition: RwSignal<EditablePetition>,
    title: RwSignal<String>,
    on_change: Callback<EditablePetition>,
    /// Shows the petition as the server has it now (what was typed goes),
    /// saying so to the part that asked, or why it could not.
    pub reload: Callback<Notes>,
    pub reloading: RwSignal<bool>,
}

impl Editing {
    /// The petition as the server answered a change.
    pub fn show(self, petition: EditablePetition) {
        show(self.petition, self.title, self.on_change, petition);
    }

    /// The version shown, which the parts' requests are made from.
    pub fn version(self) -> Signal<i64> {
        let petition = self.petition;
        Signal::derive(move || petition.with(|petition| petition.version))
    }

    /// What a request came to once the editor was closed: the list still
    /// shows the new version.
    pub fn closed_meanwhile(self, result: Result<EditablePetition, ApiError>) {
        closed_meanwhile(self.on_change, result);
    }
}

fn closed_meanwhile(on_change: Callback<EditablePetition>, result: Result<EditablePetition, ApiError>) {
    if let Ok(petition) = result {
        on_change.try_run(petition);
    }
}

fn show(
    shown: RwSignal<EditablePetition>,
    title: RwSignal<String>,
    on_change: Callback<EditablePetition>,
    petition: EditablePetition,
) {
    title.try_set(english_title(&petition));
    on_change.run(petition.clone());
    shown.try_set(petition);
}

pub fn english_title(petition: &EditablePetition) -> String {
    petition
        .texts
        .iter()
        .find(|text| text.locale == Locale::DEFAULT)
        .map(|text| text.title.clone())
        .unwrap_or_default()
}

/// The petition `id`: `title` heads it while it loads; `first`, where the
/// console already has it (just created). `on_change` hears every new
/// version; `on_close` goes back to the list. `admin`: whether the
/// signatures' CSV holds their addresses.
#[component]
pub fn PetitionEditor(
    locale: Locale,
    id: i64,
    title: String,
    first: Option<EditablePetition>,
    #[prop(optional)] admin: bool,
    on_change: Callback<EditablePetition>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let heading = NodeRef::<H3>::new();
    let title = RwSignal::new(title);
    // The button pressed to come here is gone: the focus goes to the
    // editor's heading, which says what is being edited.
    Effect::new(move || {
        if let Some(heading) = heading.get() {
            request_animation_frame(move || {
                let _ = heading.focus();
            });
        }
    });
    let loaded = match first {
        Some(petition) => Request::answered(Ok(petition)),
        None => {
            let asked = Request::new();
            asked.load(move |abort| {
                let base = base.get_value();
                async move { staff_petitions::petition(&base, id, abort.as_ref()).await }
            });
            asked
        }
    };
    let retry = Callback::new(move |()| {
        let base = base.get_value();
        loaded.send(async move { staff_petitions::petition(&base, id, None).await });
    });
    let answer = loaded.answer();
    view! {
        <div class="petition-editor">
            <EditorHeading
                id="petition-editor-heading"
                title
                back=td_string!(ui, console.petition_back)
                on_close
                heading
            />
            <LoadedView
                ui
                state=move || answer.get()
                pending=loaded.pending()
                loading=td_string!(ui, console.petition_loading)
                failure=load_failure
                refusal
                retry
                let:petition
            >
                <EditorForm locale first=petition title on_change heading admin />
            </LoadedView>
        </div>
    }
}

fn load_failure(ui: crate::i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.petition_load_failed),
        _ => petition_failure(ui, error),
    }
}

/// The goal and the four languages' fields of the form.
#[derive(Debug, Clone, Copy)]
struct PetitionForm {
    goal: Field,
    languages: [LanguageFields; 4],
}

impl PetitionForm {
    fn new(kit: FormKit) -> PetitionForm {
        PetitionForm {
            goal: kit.field("goal", "petition-goal", check_goal),
            languages: Locale::ALL.map(|locale| LanguageFields::new(kit, locale, "petition")),
        }
    }

    fn fields(self) -> Vec<Field> {
        std::iter::once(self.goal)
            .chain(self.languages.iter().flat_map(|language| language.fields))
            .collect()
    }

    fn texts(self) -> Vec<PetitionText> {
        untrack(|| self.languages.iter().map(|language| language.text()).collect())
    }

    fn fill(self, petition: &EditablePetition) {
        self.goal.clear();
        self.goal.value().set(petition.goal.to_string());
        for language in self.languages {
            language.fill(petition.texts.iter().find(|text| text.locale == language.locale));
        }
    }

    /// Whether what is typed differs from `petition` (tracked).
    fn differs_from(self, petition: &EditablePetition) -> bool {
        let trimmed = |text: &PetitionText| {
            [
                &text.title,
                &text.summary,
                &text.addressed_to,
                &text.body_markdown,
                &text.image_alt,
            ]
            .map(|field| field.trim().to_owned())
        };
        parse_goal(&self.goal.value().get()) != Some(petition.goal)
            || self.languages.iter().any(|language| {
                let typed = language.text();
                match petition.texts.iter().find(|text| text.locale == language.locale) {
                    Some(saved) => trimmed(&typed) != trimmed(saved),
                    None => !is_blank(&typed),
                }
            })
    }
}

#[component]
fn EditorForm(
    locale: Locale,
    first: EditablePetition,
    title: RwSignal<String>,
    on_change: Callback<EditablePetition>,
    heading: NodeRef<H3>,
    admin: bool,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let form = PetitionForm::new(kit);
    form.fill(&first);
    let id = first.id;
    let petition = RwSignal::new(first);
    let pending = RwSignal::new(false);
    let save_notes = Notes::new();
    let theirs_shown = RwSignal::new(false);
    let reloading = RwSignal::new(false);
    let reload = Callback::new(move |notes: Notes| {
        if reloading.get_untracked() {
            return;
        }
        reloading.set(true);
        theirs_shown.set(false);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_petitions::petition(&base, id, None).await;
            // The editor was closed meanwhile: nothing to show it in.
            if reloading.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(theirs) => {
                    kit.start_over(&[]);
                    form.fill(&theirs);
                    show(petition, title, on_change, theirs);
                    notes.clear();
                    theirs_shown.try_set(true);
                    if let Some(heading) = heading.get_untracked() {
                        let _ = heading.focus();
                    }
                }
                Err(error) => notes.failed(petition_failure(ui, &error)),
            }
        });
    });
    let editing = Editing {
        petition,
        title,
        on_change,
        reload,
        reloading,
    };
    let save = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        save_notes.clear();
        theirs_shown.set(false);
        let key = kit.key_for_request();
        let goal = parse_goal(&form.goal.text()).unwrap_or(0);
        let checked = match check_petition(goal, &form.texts(), &key) {
            Ok(checked) => checked,
            Err(errors) => {
                let fields = form.fields();
                kit.refuse_fields(&fields, errors);
                focus_first_error(&fields);
                return;
            }
        };
        let version = petition.with_untracked(|petition| petition.version);
        let edit = PetitionEdit {
            version,
            goal: checked.goal,
            texts: checked.texts,
            idempotency_key: key,
        };
        pending.set(true);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_petitions::save(&base, id, &edit).await;
            if pending.try_set(false).is_some() {
                return closed_meanwhile(on_change, result);
            }
            if let Err(error) = &result {
                if is_conflict(error) {
                    // Said with its own button; an older failure is void.
                    kit.failure.try_set(None);
                    return save_notes.conflicted(version);
                }
                if let Some(refused) = refusal(ui, error) {
                    return kit.refuse(refused.to_owned());
                }
            }
            match kit.answer(result) {
                Some(saved) => {
                    form.fill(&saved);
                    editing.show(saved);
                    save_notes.done(td_string!(ui, console.petition_saved));
                }
                None => focus_first_error(&form.fields()),
            }
        });
    });
    // Signatures were invalidated, or count again: the count shown is the
    // server's; what is typed, and the version it is saved from, stay.
    let count_changed = Callback::new(move |()| {
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let Ok(theirs) = staff_petitions::petition(&base, id, None).await else {
                return;
            };
            if let Some(shown) = petition.try_get_untracked() {
                editing.show(EditablePetition {
                    count: theirs.count,
                    ..shown
                });
            }
        });
    });
    let unsaved = Memo::new(move |_| petition.with(|shown| form.differs_from(shown)));
    let status = Memo::new(move |_| petition.with(|shown| shown.status));
    // Drawn once published, and kept when the petition closes or reopens.
    let published = Memo::new(move |_| status.get() != PetitionStatus::Draft);
    let facts = move || {
        petition.with(|shown| {
            view! {
                <li>{status_line(ui, shown.status)}</li>
                <li>{count_line(ui, shown.count)}</li>
                {missing_view(ui, &shown.missing).map(|missing| view! { <li>{missing}</li> })}
            }
        })
    };
    let public = move || match status.get() {
        PetitionStatus::Draft => view! { <p class="hint">{td_string!(ui, console.petition_draft_note)}</p> }.into_any(),
        _ => view! {
            <p>
                <a href=move || petition.with(|shown| shown.public_path.clone())>
                    {td_string!(ui, console.petition_public_link)}
                </a>
            </p>
        }
        .into_any(),
    };
    let languages = form
        .languages
        .map(|language| view! { <LanguageFieldset locale language /> })
        .into_iter()
        .collect_view();
    view! {
        <ul class="petition-facts">{facts}</ul>
        {public}
        <div class="console-status" role="status">
            {move || theirs_shown.get().then(|| view! { <p class="success">{td_string!(ui, console.petition_theirs_shown)}</p> })}
        </div>
        <form
            class="petition-form"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                save.run(());
            }
        >
            <TextField
                field=form.goal
                label=td_string!(ui, console.petition_goal_label)
                hint=td_string!(ui, console.petition_goal_hint)
                error_text=Callback::new(move |error| goal_error(ui, error))
                text_locale=Locale::DEFAULT
                inputmode="numeric"
                plain=true
                required=true
            />
            <p class="hint">{td_string!(ui, console.petition_languages_intro)}</p>
            <div class="petition-languages">{languages}</div>
            <FormAlert kit locale texts=failure_texts(ui) retry=save />
            <SubmitButton
                kit
                pending
                label=td_string!(ui, console.petition_save)
                sending=td_string!(ui, console.saving)
            />
            <NotesView
                locale
                notes=save_notes
                version=editing.version()
                conflict=td_string!(ui, console.petition_conflict)
                reload
                reloading
            />
        </form>
        <PictureForm locale editing />
        <StatusActions locale editing unsaved />
        {move || {
            published
                .get()
                .then(|| {
                    view! {
                        <PetitionNews locale id />
                        <PetitionSignatures locale id admin on_change=count_changed />
                    }
                })
        }}
    }
}
