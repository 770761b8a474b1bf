//! One language of the page editor: its title, description, text and, for
//! a new revision of the privacy policy, what changed, named as the API
//! names their errors (`texts.fr.title`) and each required, since a
//! written page has no other language to fall back on; and the fieldset
//! that shows them, named by the language in itself, with a preview of
//! its text.

use civic_api::page_editing::{PAGE_BODY_MAX, PAGE_CHANGES_MAX, PAGE_DESCRIPTION_MAX, PAGE_TITLE_MAX, PageText};
use civic_api::{FieldError, Locale};
use leptos::prelude::*;

use crate::form_kit::{Field, FormKit, TextField};
use crate::i18n::{self, td_string};
use crate::pages::console::markdown_preview::MarkdownPreview;
use crate::pages::console::petition_fields::required;
use crate::pages::console::petition_words::text_error;
use crate::ui_locale;

/// One of the four texts of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagePart {
    Title,
    Description,
    Body,
    Changes,
}

/// The API's names of every field, by language (in `Locale::ALL`'s
/// order) and part.
const NAMES: [[&str; 4]; 4] = [
    [
        "texts.en.title",
        "texts.en.description",
        "texts.en.body_markdown",
        "texts.en.changes",
    ],
    [
        "texts.fr.title",
        "texts.fr.description",
        "texts.fr.body_markdown",
        "texts.fr.changes",
    ],
    [
        "texts.es.title",
        "texts.es.description",
        "texts.es.body_markdown",
        "texts.es.changes",
    ],
    [
        "texts.ar.title",
        "texts.ar.description",
        "texts.ar.body_markdown",
        "texts.ar.changes",
    ],
];

impl PagePart {
    pub const ALL: [PagePart; 4] = [
        PagePart::Title,
        PagePart::Description,
        PagePart::Body,
        PagePart::Changes,
    ];

    fn index(self) -> usize {
        PagePart::ALL.iter().position(|each| *each == self).unwrap_or(0)
    }

    /// The field's name in the request and the API's errors.
    pub fn name(self, locale: Locale) -> &'static str {
        let language = Locale::ALL.iter().position(|each| *each == locale).unwrap_or(0);
        NAMES[language][self.index()]
    }

    /// The element id of this part in the language `locale`.
    pub fn id(self, locale: Locale) -> String {
        let part = match self {
            PagePart::Title => "title",
            PagePart::Description => "description",
            PagePart::Body => "body",
            PagePart::Changes => "changes",
        };
        format!("page-{locale}-{part}")
    }

    pub fn max(self) -> usize {
        match self {
            PagePart::Title => PAGE_TITLE_MAX,
            PagePart::Description => PAGE_DESCRIPTION_MAX,
            PagePart::Body => PAGE_BODY_MAX,
            PagePart::Changes => PAGE_CHANGES_MAX,
        }
    }

    /// The contract's rule: every part of every language is written
    /// (what changed, once it is asked for).
    fn check(self) -> fn(&str) -> Option<FieldError> {
        match self {
            PagePart::Title => required::<PAGE_TITLE_MAX>,
            PagePart::Description => required::<PAGE_DESCRIPTION_MAX>,
            PagePart::Body => required::<PAGE_BODY_MAX>,
            PagePart::Changes => required::<PAGE_CHANGES_MAX>,
        }
    }

    pub fn label(self, ui: i18n::Locale) -> &'static str {
        match self {
            PagePart::Title => td_string!(ui, console.petition_title_label),
            PagePart::Description => td_string!(ui, console.page_description_label),
            PagePart::Body => td_string!(ui, console.petition_body_label),
            PagePart::Changes => td_string!(ui, console.page_changes_label),
        }
    }

    pub fn hint(self, ui: i18n::Locale) -> String {
        let max = self.max();
        match self {
            PagePart::Title => td_string!(ui, console.petition_title_hint, max = max),
            PagePart::Description => td_string!(ui, console.page_description_hint, max = max),
            PagePart::Body => td_string!(ui, console.petition_body_hint).to_owned(),
            PagePart::Changes => td_string!(ui, console.page_changes_hint, max = max),
        }
    }

    /// The words for this part's error.
    fn error_text(self, ui: i18n::Locale) -> Callback<FieldError, String> {
        Callback::new(move |error| text_error(ui, error, self.max(), true))
    }
}

/// One language's four fields.
#[derive(Debug, Clone, Copy)]
pub struct PageLanguage {
    pub locale: Locale,
    fields: [Field; 4],
}

impl PageLanguage {
    pub fn new(kit: FormKit, locale: Locale) -> PageLanguage {
        PageLanguage {
            locale,
            fields: PagePart::ALL.map(|part| kit.field(part.name(locale), part.id(locale), part.check())),
        }
    }

    pub fn get(self, part: PagePart) -> Field {
        self.fields[part.index()]
    }

    /// The fields a save checks: what changed only for a new revision.
    pub fn fields(self, new_revision: bool) -> impl Iterator<Item = Field> {
        PagePart::ALL
            .into_iter()
            .filter(move |part| new_revision || *part != PagePart::Changes)
            .map(move |part| self.get(part))
    }

    /// The text as typed (untracked).
    pub fn text(self) -> PageText {
        let [title, description, body, changes] = self.fields.map(Field::text);
        PageText {
            locale: self.locale,
            title,
            description,
            body_markdown: body,
            changes,
        }
    }

    /// Shows `text`, or empty fields for a language the page lacks. What
    /// changed starts empty: each new revision says its own.
    pub fn fill(self, text: Option<&PageText>) {
        let values = [
            text.map(|text| text.title.clone()),
            text.map(|text| text.description.clone()),
            text.map(|text| text.body_markdown.clone()),
            None,
        ];
        for (field, value) in self.fields.iter().zip(values) {
            field.clear();
            field.value().set(value.unwrap_or_default());
        }
    }
}

/// One language: a fieldset named by the language (in itself), its fields
/// written in that language and direction, the text's preview, and what
/// changed while `new_revision` is ticked.
#[component]
pub fn PageLanguageFieldset(
    locale: Locale,
    language: PageLanguage,
    #[prop(into)] new_revision: Signal<bool>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let text_locale = language.locale;
    let name_id = format!("page-{text_locale}-language");
    let field = move |part: PagePart| {
        let rows = match part {
            PagePart::Body => Some(16),
            PagePart::Changes => Some(3),
            PagePart::Title | PagePart::Description => None,
        };
        view! {
            <TextField
                field=language.get(part)
                label=part.label(ui)
                hint=part.hint(ui)
                error_text=part.error_text(ui)
                text_locale
                rows
                required=true
            />
        }
    };
    view! {
        <fieldset class="petition-language">
            <legend>
                <span id=name_id.clone() lang=text_locale.as_str() dir=text_locale.dir()>
                    {text_locale.native_name()}
                </span>
            </legend>
            {field(PagePart::Title)}
            {field(PagePart::Description)}
            {field(PagePart::Body)}
            <MarkdownPreview
                locale
                text_locale
                markdown=language.get(PagePart::Body).value()
                label=td_string!(ui, console.page_preview)
                id=format!("page-{text_locale}-preview")
                labelled_by=name_id
            />
            {move || new_revision.get().then(|| field(PagePart::Changes))}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_named_as_the_api_names_its_errors() {
        assert_eq!(PagePart::Title.name(Locale::En), "texts.en.title");
        assert_eq!(PagePart::Description.name(Locale::Fr), "texts.fr.description");
        assert_eq!(PagePart::Body.name(Locale::Es), "texts.es.body_markdown");
        assert_eq!(PagePart::Changes.name(Locale::Ar), "texts.ar.changes");
        assert_eq!(PagePart::Body.id(Locale::Ar), "page-ar-body");
    }

    #[test]
    fn every_part_must_be_written_within_its_length() {
        for part in PagePart::ALL {
            assert_eq!((part.check())("  "), Some(FieldError::Required), "{part:?}");
            assert_eq!((part.check())(&"x".repeat(part.max() + 1)), Some(FieldError::TooLong));
            assert_eq!((part.check())(" Written "), None);
        }
    }
}
