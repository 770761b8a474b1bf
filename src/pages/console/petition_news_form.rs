//! Posting an update: a title and a Markdown text in each language (English
//! needed, a blank translation left out, its readers then get the
//! English), each text previewed as the site will show it, checked by the
//! contract before it is sent, and e-mailed at once to the signers who
//! asked for news, as the button says.

use civic_api::petition_news::{NEWS_BODY_MAX, NEWS_TITLE_MAX, NewsDraft, NewsText};
use civic_api::{FieldError, Locale};
use leptos::prelude::*;

use crate::api::{self, staff_petitions};
use crate::form_kit::{Field, FormAlert, FormKit, SubmitButton, TextField};
use crate::i18n::{self, td_string};
use crate::pages::console::markdown_preview::MarkdownPreview;
use crate::pages::console::petition_fields::{focus_first_error, optional, required};
use crate::pages::console::petition_news::NewsRoom;
use crate::pages::console::petition_news_words::{Signers, signers};
use crate::pages::console::petition_words::{failure_texts, is_conflict, refusal, text_error};
use crate::ui_locale;

/// The API's names of each language's title and text, in `Locale::ALL`'s
/// order.
const NAMES: [[&str; 2]; 4] = [
    ["texts.en.title", "texts.en.body_markdown"],
    ["texts.fr.title", "texts.fr.body_markdown"],
    ["texts.es.title", "texts.es.body_markdown"],
    ["texts.ar.title", "texts.ar.body_markdown"],
];

/// The contract's rule for a field, as it is typed.
type Check = fn(&str) -> Option<FieldError>;

/// One language's two fields.
#[derive(Debug, Clone, Copy)]
struct NewsLanguage {
    locale: Locale,
    title: Field,
    body: Field,
}

impl NewsLanguage {
    fn new(kit: FormKit, locale: Locale) -> NewsLanguage {
        let index = Locale::ALL.iter().position(|each| *each == locale).unwrap_or(0);
        let [title, body] = NAMES[index];
        let english = locale == Locale::DEFAULT;
        let (check_title, check_body): (Check, Check) = match english {
            true => (required::<NEWS_TITLE_MAX>, required::<NEWS_BODY_MAX>),
            false => (optional::<NEWS_TITLE_MAX>, optional::<NEWS_BODY_MAX>),
        };
        NewsLanguage {
            locale,
            title: kit.field(title, format!("news-{locale}-title"), check_title),
            body: kit.field(body, format!("news-{locale}-body"), check_body),
        }
    }

    /// The text as typed (untracked).
    fn text(self) -> NewsText {
        NewsText {
            locale: self.locale,
            title: self.title.text(),
            body_markdown: self.body.text(),
        }
    }
}

/// The words for a field's error: English must be written, a translation
/// may be left blank as a whole.
fn error_words(ui: i18n::Locale, locale: Locale, max: usize) -> Callback<FieldError, String> {
    Callback::new(move |error| text_error(ui, error, max, locale == Locale::DEFAULT))
}

#[component]
pub fn NewsForm(locale: Locale, room: NewsRoom) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let languages = Locale::ALL.map(|text_locale| NewsLanguage::new(kit, text_locale));
    let fields: Vec<Field> = languages
        .iter()
        .flat_map(|language| [language.title, language.body])
        .collect();
    let fields = StoredValue::new(fields);
    let pending = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let post = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        done.set(None);
        // The same text sent again goes with the same key, so a post
        // whose answer was lost is not e-mailed twice.
        let draft = NewsDraft {
            idempotency_key: kit.key_for_request(),
            texts: languages.iter().map(|language| language.text()).collect(),
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
        // Blank translations are left out; the rest as the contract kept them.
        let draft = NewsDraft {
            idempotency_key: draft.idempotency_key,
            texts: checked.texts,
        };
        pending.set(true);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_petitions::post_news(&base, room.petition, &draft).await;
            // Gone meanwhile: nothing to show it in.
            if pending.try_set(false).is_some() {
                return;
            }
            if let Err(error) = &result {
                if is_conflict(error) {
                    return kit.refuse(td_string!(ui, console.news_draft).to_owned());
                }
                if let Some(refused) = refusal(ui, error) {
                    return kit.refuse(refused.to_owned());
                }
            }
            match kit.answer(result) {
                Some(posted) => {
                    kit.start_over(&fields.get_value());
                    done.set(Some(signers(ui, Signers::PostedNow, posted.recipients)));
                    room.show_posted(posted);
                    room.reload.run(());
                }
                None => focus_first_error(&fields.get_value()),
            }
        });
    });
    let fieldsets = languages
        .map(|language| view! { <NewsFieldset locale language /> })
        .into_iter()
        .collect_view();
    let label = Signal::derive(move || signers(ui, Signers::Post, room.following()));
    view! {
        <section class="news-form" aria-labelledby="news-form-heading">
            <h5 id="news-form-heading">{td_string!(ui, console.news_form_heading)}</h5>
            <form
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    post.run(());
                }
            >
                <p class="hint">{td_string!(ui, console.news_languages_intro)}</p>
                <div class="petition-languages">{fieldsets}</div>
                <FormAlert kit locale texts=failure_texts(ui) retry=post />
                <SubmitButton kit pending label sending=td_string!(ui, console.news_sending) />
            </form>
            <div class="console-status" role="status">
                {move || done.get().map(|text| view! { <p class="success">{text}</p> })}
            </div>
        </section>
    }
}

/// One language: a fieldset named by the language (in itself), its title
/// and text written in that language and direction, and the text's
/// preview.
#[component]
fn NewsFieldset(locale: Locale, language: NewsLanguage) -> impl IntoView {
    let ui = ui_locale(locale);
    let text_locale = language.locale;
    let english = text_locale == Locale::DEFAULT;
    let name_id = format!("news-{text_locale}-language");
    view! {
        <fieldset class="petition-language">
            <legend>
                <span id=name_id.clone() lang=text_locale.as_str() dir=text_locale.dir()>
                    {text_locale.native_name()}
                </span>
            </legend>
            <TextField
                field=language.title
                label=td_string!(ui, console.petition_title_label)
                hint=td_string!(ui, console.petition_title_hint, max = NEWS_TITLE_MAX)
                error_text=error_words(ui, text_locale, NEWS_TITLE_MAX)
                text_locale
                required=english
            />
            <TextField
                field=language.body
                label=td_string!(ui, console.petition_body_label)
                hint=td_string!(ui, console.petition_body_hint)
                error_text=error_words(ui, text_locale, NEWS_BODY_MAX)
                text_locale
                rows=Some(8)
                required=english
            />
            <MarkdownPreview
                locale
                text_locale
                markdown=language.body.value()
                label=td_string!(ui, console.news_preview)
                id=format!("news-{text_locale}-preview")
                labelled_by=name_id
            />
        </fieldset>
    }
}
