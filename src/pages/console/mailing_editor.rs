//! One mailing as staff write it: its four languages, saved together
//! (created on the first save, then from the version read); while it is a
//! draft or scheduled, the test and the sending under it; once sent, what
//! went out and its figures. Whatever is typed stays until it is saved,
//! or until the person asks to see a newer version someone else saved.

use civic_api::Locale;
use civic_api::newsletter_mailing::{EditableMailing, MailingDraft};
use civic_api::translated_text::TranslatedText;
use leptos::html::H3;
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_newsletter};
use crate::form_kit::{Field, FormAlert, FormKit, SubmitButton};
use crate::i18n::{self, td_string};
use crate::pages::console::editor_heading::EditorHeading;
use crate::pages::console::loaded_view::LoadedView;
use crate::pages::console::mailing_figures::SentMailing;
use crate::pages::console::mailing_language::{MailingFieldset, MailingLanguage};
use crate::pages::console::mailing_sending::SendingControls;
use crate::pages::console::newsletter_words::{english_subject, mailing_failure, refusal, status_text};
use crate::pages::console::petition_fields::focus_first_error;
use crate::pages::console::petition_notes::{Notes, NotesView};
use crate::pages::console::petition_words::{failure_texts, is_conflict};
use crate::request::Request;
use crate::ui_locale;

pub const MAILING_EDITOR_HEADING_ID: &str = "mailing-editor-heading";

/// What the editor's parts share. `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct Desk {
    /// The mailing as the server last answered; `None` for a new one
    /// not saved yet.
    pub mailing: RwSignal<Option<EditableMailing>>,
    /// Whether the form holds text that is not saved (tracked).
    pub dirty: Memo<bool>,
    /// What the last change of the mailing's state came to, said above
    /// its parts (which that change may replace).
    pub notice: RwSignal<Option<String>>,
    /// Shows the mailing as the server has it now, in place of what was
    /// typed: the button under a conflict.
    pub reload: Callback<Notes>,
    pub reloading: RwSignal<bool>,
    /// The English subject, which heads the editor.
    title: RwSignal<String>,
    on_change: Callback<EditableMailing>,
}

impl Desk {
    /// A new version from the server, shown here and in the list (even
    /// when the editor was closed meanwhile).
    pub fn show(self, mailing: EditableMailing) {
        self.on_change.try_run(mailing.clone());
        self.title.try_set(english_subject(&mailing.texts));
        self.mailing.try_set(Some(mailing));
    }

    /// The mailing's id once it is saved (untracked).
    pub fn id(self) -> Option<i64> {
        self.mailing
            .try_with_untracked(|mailing| mailing.as_ref().map(|mailing| mailing.id))
            .flatten()
    }

    /// The version read, which every request names (tracked); 0 before
    /// the first save.
    pub fn version(self) -> i64 {
        self.mailing
            .with(|mailing| mailing.as_ref().map_or(0, |mailing| mailing.version))
    }

    /// The version read, for a request (untracked).
    pub fn version_read(self) -> i64 {
        untrack(|| self.version())
    }
}

/// The mailing `id`, or a new one (`None`): `subject` heads it while it
/// loads. `on_change` hears every new version; `on_close` goes back to the
/// list.
#[component]
pub fn MailingEditor(
    locale: Locale,
    id: Option<i64>,
    subject: String,
    on_change: Callback<EditableMailing>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let heading = NodeRef::<H3>::new();
    let title = RwSignal::new(subject);
    // The button pressed to come here is gone: the focus goes to the
    // editor's heading, which says what is being edited.
    Effect::new(move || {
        if let Some(heading) = heading.get() {
            request_animation_frame(move || {
                let _ = heading.focus();
            });
        }
    });
    let loaded = Request::<Result<EditableMailing, ApiError>>::new();
    if let Some(id) = id {
        loaded.load(move |abort| {
            let base = base.get_value();
            async move { staff_newsletter::mailing(&base, id, abort.as_ref()).await }
        });
    }
    let retry = Callback::new(move |()| {
        let (Some(id), base) = (id, base.get_value()) else {
            return;
        };
        loaded.send(async move { staff_newsletter::mailing(&base, id, None).await });
    });
    let answer = loaded.answer();
    view! {
        <div class="mailing-editor">
            <EditorHeading
                id=MAILING_EDITOR_HEADING_ID
                title
                untitled=td_string!(ui, console.newsletter_new)
                back=td_string!(ui, console.mailing_back)
                on_close
                heading
            />
            <LoadedView
                ui
                state=move || match id {
                    None => Some(Ok(None)),
                    Some(_) => answer.get().map(|answer| answer.map(Some)),
                }
                pending=loaded.pending()
                loading=td_string!(ui, console.mailing_loading)
                failure=load_failure
                refusal
                retry
                let:first
            >
                <MailingDesk locale first title on_change heading />
            </LoadedView>
        </div>
    }
}

fn load_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.mailing_load_failed),
        _ => mailing_failure(ui, error),
    }
}

/// Every language's texts, in the site's order.
fn fill(languages: [MailingLanguage; 4], mailing: &EditableMailing) {
    for language in languages {
        language.fill(mailing.texts.iter().find(|text| text.locale == language.locale));
    }
}

#[component]
fn MailingDesk(
    locale: Locale,
    first: Option<EditableMailing>,
    title: RwSignal<String>,
    on_change: Callback<EditableMailing>,
    heading: NodeRef<H3>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let languages = Locale::ALL.map(|text_locale| MailingLanguage::new(kit, text_locale));
    let fields: Vec<Field> = languages
        .iter()
        .flat_map(|language| [language.subject, language.body])
        .collect();
    let fields = StoredValue::new(fields);
    if let Some(first) = &first {
        fill(languages, first);
    }
    let mailing = RwSignal::new(first);
    let dirty = Memo::new(move |_| {
        mailing.with(|mailing| {
            let saved = mailing
                .as_ref()
                .map(|mailing| mailing.texts.as_slice())
                .unwrap_or_default();
            !languages
                .iter()
                .all(|language| language.is(saved.iter().find(|text| text.locale == language.locale)))
        })
    });
    let notes = Notes::new();
    let theirs_shown = RwSignal::new(false);
    let reloading = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let reload = Callback::new(move |asking: Notes| {
        let Some(id) = mailing.with_untracked(|mailing| mailing.as_ref().map(|mailing| mailing.id)) else {
            return;
        };
        if reloading.get_untracked() {
            return;
        }
        reloading.set(true);
        theirs_shown.set(false);
        notice.set(None);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_newsletter::mailing(&base, id, None).await;
            // The editor was closed meanwhile: nothing to show it in.
            if reloading.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(theirs) => {
                    kit.start_over(&[]);
                    fill(languages, &theirs);
                    title.try_set(english_subject(&theirs.texts));
                    on_change.try_run(theirs.clone());
                    mailing.try_set(Some(theirs));
                    notes.clear();
                    asking.clear();
                    theirs_shown.try_set(true);
                    if let Some(heading) = heading.get_untracked() {
                        let _ = heading.focus();
                    }
                }
                Err(error) => asking.failed(mailing_failure(ui, &error)),
            }
        });
    });
    let desk = Desk {
        mailing,
        dirty,
        notice,
        reload,
        reloading,
        title,
        on_change,
    };
    let pending = RwSignal::new(false);
    let save = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        notes.clear();
        theirs_shown.set(false);
        notice.set(None);
        let (id, version) = mailing.with_untracked(|mailing| match mailing {
            Some(mailing) => (Some(mailing.id), mailing.version),
            None => (None, 0),
        });
        // The same text sent again goes with the same key, so a save whose
        // answer was lost is done once (and a new mailing created once).
        let draft = MailingDraft {
            version,
            texts: languages.iter().map(|language| language.text()).collect(),
            idempotency_key: kit.key_for_request(),
        };
        let checked = match draft.validate() {
            Ok(checked) => checked,
            Err(errors) => {
                let fields = fields.get_value();
                kit.refuse_fields(&fields, errors);
                focus_first_error(&fields);
                return;
            }
        };
        // Every language in the site's order, as the contract kept it
        // (trimmed); one left blank goes empty, and is not written.
        let texts = Locale::ALL
            .iter()
            .map(|locale| {
                checked
                    .texts
                    .iter()
                    .find(|text| text.locale == *locale)
                    .cloned()
                    .unwrap_or_else(|| TranslatedText::empty(*locale))
            })
            .collect();
        let draft = MailingDraft { texts, ..draft };
        pending.set(true);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = match id {
                Some(id) => staff_newsletter::save(&base, id, &draft).await,
                None => staff_newsletter::create(&base, &draft).await,
            };
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
                    fill(languages, &saved);
                    notes.done(td_string!(ui, console.mailing_saved));
                    desk.show(saved);
                }
                None => focus_first_error(&fields.get_value()),
            }
        });
    });
    let version = Signal::derive(move || desk.version());
    let editable =
        Memo::new(move |_| mailing.with(|mailing| mailing.as_ref().is_none_or(|mailing| mailing.status.is_editable())));
    let saved_and_editable = Memo::new(move |_| {
        mailing.with(|mailing| mailing.as_ref().is_some_and(|mailing| mailing.status.is_editable()))
    });
    let status = move || {
        mailing.with(|mailing| {
            mailing.as_ref().map(|mailing| {
                let status = status_text(
                    ui,
                    mailing.status,
                    mailing.send_at.as_deref(),
                    mailing.sent_at.as_deref(),
                );
                view! { <p class="mailing-status-line">{td_string!(ui, console.mailing_status_line, status = status)}</p> }
            })
        })
    };
    let form = move || {
        let fieldsets = languages
            .map(|language| view! { <MailingFieldset locale language /> })
            .into_iter()
            .collect_view();
        view! {
            <form
                class="mailing-form"
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    save.run(());
                }
            >
                <p class="hint">{td_string!(ui, console.mailing_languages_intro)}</p>
                <div class="petition-languages">{fieldsets}</div>
                <FormAlert kit locale texts=failure_texts(ui) retry=save />
                <SubmitButton
                    kit
                    pending
                    label=td_string!(ui, console.mailing_save)
                    sending=td_string!(ui, console.saving)
                />
                <NotesView
                    locale
                    notes
                    version
                    conflict=td_string!(ui, console.mailing_conflict)
                    reload
                    reloading
                />
            </form>
        }
    };
    view! {
        {status}
        <div class="console-status mailing-notice" role="status">
            {move || theirs_shown.get().then(|| view! { <p class="success">{td_string!(ui, console.page_theirs_shown)}</p> })}
            {move || notice.get().map(|text| view! { <p class="success">{text}</p> })}
        </div>
        {move || editable.get().then(form)}
        {move || saved_and_editable.get().then(|| view! { <SendingControls locale desk /> })}
        {move || (!editable.get()).then(|| view! { <SentMailing locale desk /> })}
    }
}
