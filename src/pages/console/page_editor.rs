//! One written page as staff edit it: whether it is for members only, and
//! its four languages, saved together from the version shown; for the
//! privacy policy, its revision, and a new one that says what changed and
//! asks returning visitors about cookies again.
//! Whatever is typed stays until it is saved, or until the person asks to
//! see a newer version someone else saved.

use civic_api::page_editing::{EditablePage, POLICY_SLUG, PageEdit};
use civic_api::{Locale, Slug};
use leptos::html::H3;
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_pages};
use crate::form_kit::{Field, FormAlert, FormKit, SubmitButton};
use crate::i18n::{self, td_string};
use crate::pages::console::editor_heading::EditorHeading;
use crate::pages::console::loaded_view::LoadedView;
use crate::pages::console::page_language::{PageLanguage, PageLanguageFieldset};
use crate::pages::console::page_words::{page_failure, refusal, revision_line, saved_words};
use crate::pages::console::petition_fields::focus_first_error;
use crate::pages::console::petition_notes::{Notes, NotesView};
use crate::pages::console::petition_words::{failure_texts, is_conflict};
use crate::request::Request;
use crate::ui_locale;

const PAGE_EDITOR_HEADING_ID: &str = "page-editor-heading";
const MEMBERS_ONLY_ID: &str = "page-members-only";
const NEW_REVISION_ID: &str = "page-new-revision";

/// The English title, which names the page in the console.
pub fn english_title(page: &EditablePage) -> String {
    page.texts
        .iter()
        .find(|text| text.locale == Locale::DEFAULT)
        .map(|text| text.title.clone())
        .unwrap_or_default()
}

/// The page `slug`: `title` heads it while it loads. `on_change` hears
/// every new version; `on_close` goes back to the list.
#[component]
pub fn PageEditor(
    locale: Locale,
    slug: Slug,
    title: String,
    on_change: Callback<EditablePage>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let slug = StoredValue::new(slug);
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
    let loaded = Request::new();
    loaded.load(move |abort| {
        let (base, slug) = (base.get_value(), slug.get_value());
        async move { staff_pages::page(&base, &slug, abort.as_ref()).await }
    });
    let retry = Callback::new(move |()| {
        let (base, slug) = (base.get_value(), slug.get_value());
        loaded.send(async move { staff_pages::page(&base, &slug, None).await });
    });
    let answer = loaded.answer();
    view! {
        <div class="page-editor">
            <EditorHeading
                id=PAGE_EDITOR_HEADING_ID
                title
                back=td_string!(ui, console.page_back)
                on_close
                heading
            />
            <LoadedView
                ui
                state=move || answer.get()
                pending=loaded.pending()
                loading=td_string!(ui, console.page_loading)
                failure=load_failure
                refusal
                retry
                let:page
            >
                <EditorForm locale first=page title on_change heading />
            </LoadedView>
        </div>
    }
}

fn load_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.page_load_failed),
        _ => page_failure(ui, error),
    }
}

/// What the form holds beside the kit: the two boxes and the four
/// languages' fields. `Copy`.
#[derive(Debug, Clone, Copy)]
struct PageForm {
    members_only: RwSignal<bool>,
    new_revision: RwSignal<bool>,
    languages: [PageLanguage; 4],
}

impl PageForm {
    fn new(kit: FormKit) -> PageForm {
        PageForm {
            members_only: RwSignal::new(false),
            new_revision: RwSignal::new(false),
            languages: Locale::ALL.map(|locale| PageLanguage::new(kit, locale)),
        }
    }

    /// The fields a save checks, in the order they are shown.
    fn fields(self) -> Vec<Field> {
        let new_revision = self.new_revision.get_untracked();
        self.languages
            .iter()
            .flat_map(|language| language.fields(new_revision))
            .collect()
    }

    /// The page as the server has it; a new revision is asked for afresh.
    fn fill(self, page: &EditablePage) {
        self.members_only.set(page.members_only);
        self.new_revision.set(false);
        for language in self.languages {
            language.fill(page.texts.iter().find(|text| text.locale == language.locale));
        }
    }

    /// The request for what is typed, from `version`.
    fn edit(self, version: i64, policy: bool, idempotency_key: String) -> PageEdit {
        PageEdit {
            version,
            members_only: !policy && self.members_only.get_untracked(),
            texts: self.languages.iter().map(|language| language.text()).collect(),
            new_revision: policy && self.new_revision.get_untracked(),
            idempotency_key,
        }
    }
}

#[component]
fn EditorForm(
    locale: Locale,
    first: EditablePage,
    title: RwSignal<String>,
    on_change: Callback<EditablePage>,
    heading: NodeRef<H3>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let form = PageForm::new(kit);
    form.fill(&first);
    let slug = StoredValue::new(first.slug.clone());
    let policy = first.slug.as_str() == POLICY_SLUG;
    let page = RwSignal::new(first);
    let version = Signal::derive(move || page.with(|page| page.version));
    let show = move |saved: EditablePage| {
        title.try_set(english_title(&saved));
        on_change.run(saved.clone());
        page.try_set(saved);
    };
    let pending = RwSignal::new(false);
    let notes = Notes::new();
    let theirs_shown = RwSignal::new(false);
    let reloading = RwSignal::new(false);
    let reload = Callback::new(move |notes: Notes| {
        if reloading.get_untracked() {
            return;
        }
        reloading.set(true);
        theirs_shown.set(false);
        let (base, slug) = (base.get_value(), slug.get_value());
        leptos::task::spawn_local(async move {
            let result = staff_pages::page(&base, &slug, None).await;
            // The editor was closed meanwhile: nothing to show it in.
            if reloading.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(theirs) => {
                    kit.start_over(&[]);
                    form.fill(&theirs);
                    show(theirs);
                    notes.clear();
                    theirs_shown.try_set(true);
                    if let Some(heading) = heading.get_untracked() {
                        let _ = heading.focus();
                    }
                }
                Err(error) => notes.failed(page_failure(ui, &error)),
            }
        });
    });
    let save = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        notes.clear();
        theirs_shown.set(false);
        // The same text sent again goes with the same key, so a save whose
        // answer was lost is done once.
        let version = version.get_untracked();
        let edit = form.edit(version, policy, kit.key_for_request());
        let checked = match slug.with_value(|slug| edit.validate(slug)) {
            Ok(checked) => checked,
            Err(errors) => {
                let fields = form.fields();
                kit.refuse_fields(&fields, errors);
                focus_first_error(&fields);
                return;
            }
        };
        // Every language as the contract kept it, trimmed.
        let edit = PageEdit {
            texts: checked.texts,
            ..edit
        };
        let new_revision = edit.new_revision;
        pending.set(true);
        let (base, slug) = (base.get_value(), slug.get_value());
        leptos::task::spawn_local(async move {
            let result = staff_pages::save_page(&base, &slug, &edit).await;
            if pending.try_set(false).is_some() {
                // Closed meanwhile: the list still shows the new version.
                if let Ok(saved) = result {
                    on_change.try_run(saved);
                }
                return;
            }
            if let Err(error) = &result {
                if is_conflict(error) {
                    // Said with its own button; an older failure is void.
                    kit.failure.try_set(None);
                    return notes.conflicted(version);
                }
                if let Some(refused) = refusal(ui, error) {
                    return kit.refuse(refused.to_owned());
                }
            }
            match kit.answer(result) {
                Some(saved) => {
                    form.fill(&saved);
                    notes.done(saved_words(ui, &saved, new_revision));
                    show(saved);
                }
                None => focus_first_error(&form.fields()),
            }
        });
    });
    let public = move || page.with(|page| page.public_path.clone());
    let revision = move || {
        page.with(|page| revision_line(locale, page))
            .map(|line| view! { <p>{line}</p> })
    };
    let languages = form
        .languages
        .map(|language| view! { <PageLanguageFieldset locale language new_revision=form.new_revision /> })
        .into_iter()
        .collect_view();
    let choice = match policy {
        true => view! {
            <PageChoice
                id=NEW_REVISION_ID
                name="new_revision"
                kit
                checked=form.new_revision
                label=td_string!(ui, console.page_new_revision_label)
                hint=td_string!(ui, console.page_new_revision_hint)
                refused=td_string!(ui, console.page_error_new_revision)
            />
        },
        false => view! {
            <PageChoice
                id=MEMBERS_ONLY_ID
                name="members_only"
                kit
                checked=form.members_only
                label=td_string!(ui, console.page_members_only)
                hint=td_string!(ui, console.page_members_only_hint)
                refused=td_string!(ui, console.page_error_members_only)
            />
        },
    };
    view! {
        <p>
            <a href=public>{td_string!(ui, console.page_public_link)}</a>
        </p>
        {revision}
        <div class="console-status" role="status">
            {move || theirs_shown.get().then(|| view! { <p class="success">{td_string!(ui, console.page_theirs_shown)}</p> })}
        </div>
        <form
            class="page-form"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                save.run(());
            }
        >
            {choice}
            <p class="hint">{td_string!(ui, console.page_languages_intro)}</p>
            <div class="petition-languages">{languages}</div>
            <FormAlert kit locale texts=failure_texts(ui) retry=save />
            <SubmitButton kit pending label=td_string!(ui, console.page_save) sending=td_string!(ui, console.saving) />
            <NotesView
                locale
                notes
                version
                conflict=td_string!(ui, console.page_conflict)
                reload
                reloading
            />
        </form>
    }
}

/// A labelled box with its hint, and `refused` when the server refuses
/// it (the privacy policy cannot be for members only; only it has
/// revisions). Ticking it changes the request, which then needs its own
/// key.
#[component]
fn PageChoice(
    id: &'static str,
    name: &'static str,
    kit: FormKit,
    checked: RwSignal<bool>,
    label: &'static str,
    hint: &'static str,
    refused: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let is_refused = move || kit.server_error(name).is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match is_refused() {
            true => format!("{hint_id} {error_id}"),
            false => hint_id.clone(),
        }
    };
    view! {
        <div class="field page-choice">
            <div class="page-choice-box">
                <input
                    type="checkbox"
                    id=id
                    name=name
                    prop:checked=move || checked.get()
                    aria-invalid=move || is_refused().then_some("true")
                    aria-describedby=described_by
                    on:change=move |event| {
                        checked.set(event_target_checked(&event));
                        kit.forget_error(name);
                        kit.changed();
                    }
                />
                <label for=id>{label}</label>
            </div>
            <p class="hint" id=hint_id>
                {hint}
            </p>
            {move || is_refused().then(|| view! { <p class="field-error" id=error_id.clone()>{refused}</p> })}
        </div>
    }
}
