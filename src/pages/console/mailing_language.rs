//! One language of a mailing: its subject and its Markdown text, named as
//! the API names their errors (`texts.fr.title`), English required and a
//! translation blank or whole; and the fieldset that shows them, named by
//! the language in itself, with a preview of the text.

use civic_api::newsletter_mailing::{MAILING_BODY_MAX, MAILING_SUBJECT_MAX};
use civic_api::translated_text::TranslatedText;
use civic_api::{FieldError, Locale};
use leptos::prelude::*;

use crate::form_kit::{Field, FormKit, TextField};
use crate::i18n::{self, td_string};
use crate::pages::console::markdown_preview::MarkdownPreview;
use crate::pages::console::newsletter_words::subject_error;
use crate::pages::console::petition_fields::{optional, required};
use crate::pages::console::petition_words::text_error;
use crate::ui_locale;

/// The API's names of each language's subject and text, in
/// `Locale::ALL`'s order.
const NAMES: [[&str; 2]; 4] = [
    ["texts.en.title", "texts.en.body_markdown"],
    ["texts.fr.title", "texts.fr.body_markdown"],
    ["texts.es.title", "texts.es.body_markdown"],
    ["texts.ar.title", "texts.ar.body_markdown"],
];

/// The contract's rule for a field, as it is typed.
type Check = fn(&str) -> Option<FieldError>;

/// A subject goes in a mail's header: one line, nothing a person cannot
/// type.
fn one_line(text: &str) -> bool {
    !text.chars().any(char::is_control)
}

fn english_subject(text: &str) -> Option<FieldError> {
    required::<MAILING_SUBJECT_MAX>(text).or_else(|| (!one_line(text.trim())).then_some(FieldError::Invalid))
}

fn translated_subject(text: &str) -> Option<FieldError> {
    optional::<MAILING_SUBJECT_MAX>(text).or_else(|| (!one_line(text.trim())).then_some(FieldError::Invalid))
}

/// One language's two fields. `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct MailingLanguage {
    pub locale: Locale,
    pub subject: Field,
    pub body: Field,
}

impl MailingLanguage {
    pub fn new(kit: FormKit, locale: Locale) -> MailingLanguage {
        let index = Locale::ALL.iter().position(|each| *each == locale).unwrap_or(0);
        let [subject, body] = NAMES[index];
        let (check_subject, check_body): (Check, Check) = match locale == Locale::DEFAULT {
            true => (english_subject, required::<MAILING_BODY_MAX>),
            false => (translated_subject, optional::<MAILING_BODY_MAX>),
        };
        MailingLanguage {
            locale,
            subject: kit.field(subject, format!("mailing-{locale}-subject"), check_subject),
            body: kit.field(body, format!("mailing-{locale}-body"), check_body),
        }
    }

    /// The text as typed (untracked).
    pub fn text(self) -> TranslatedText {
        TranslatedText {
            locale: self.locale,
            title: self.subject.text(),
            body_markdown: self.body.text(),
        }
    }

    /// Whether what is typed is `saved` (tracked); a language the mailing
    /// lacks is blank.
    pub fn is(self, saved: Option<&TranslatedText>) -> bool {
        let (subject, body) = saved.map_or(("", ""), |text| (text.title.as_str(), text.body_markdown.as_str()));
        self.subject.value().with(|typed| typed == subject) && self.body.value().with(|typed| typed == body)
    }

    /// Shows `text`, or empty fields for a language not written.
    pub fn fill(self, text: Option<&TranslatedText>) {
        for (field, value) in [
            (self.subject, text.map(|text| text.title.clone())),
            (self.body, text.map(|text| text.body_markdown.clone())),
        ] {
            field.clear();
            field.value().set(value.unwrap_or_default());
        }
    }
}

/// The words for a field's error.
fn error_words(ui: i18n::Locale, locale: Locale, subject: bool) -> Callback<FieldError, String> {
    let english = locale == Locale::DEFAULT;
    Callback::new(move |error| match subject {
        true => subject_error(ui, error, MAILING_SUBJECT_MAX, english),
        false => text_error(ui, error, MAILING_BODY_MAX, english),
    })
}

/// One language: a fieldset named by the language (in itself), its
/// subject and text written in that language and direction, what a blank
/// translation means, and the text's preview.
#[component]
pub fn MailingFieldset(locale: Locale, language: MailingLanguage) -> impl IntoView {
    let ui = ui_locale(locale);
    let text_locale = language.locale;
    let english = text_locale == Locale::DEFAULT;
    let name_id = format!("mailing-{text_locale}-language");
    let blank = Memo::new(move |_| {
        !english
            && language.subject.value().with(|text| text.trim().is_empty())
            && language.body.value().with(|text| text.trim().is_empty())
    });
    view! {
        <fieldset class="petition-language" class:untranslated=move || blank.get()>
            <legend>
                <span id=name_id.clone() lang=text_locale.as_str() dir=text_locale.dir()>
                    {text_locale.native_name()}
                </span>
            </legend>
            {(!english).then(|| view! { <p class="hint">{td_string!(ui, console.mailing_blank_hint)}</p> })}
            <TextField
                field=language.subject
                label=td_string!(ui, console.mailing_subject_label)
                hint=td_string!(ui, console.mailing_subject_hint, max = MAILING_SUBJECT_MAX)
                error_text=error_words(ui, text_locale, true)
                text_locale
                required=english
            />
            <TextField
                field=language.body
                label=td_string!(ui, console.mailing_body_label)
                hint=td_string!(ui, console.petition_body_hint)
                error_text=error_words(ui, text_locale, false)
                text_locale
                rows=Some(12)
                required=english
            />
            <MarkdownPreview
                locale
                text_locale
                markdown=language.body.value()
                label=td_string!(ui, console.mailing_preview)
                id=format!("mailing-{text_locale}-preview")
                labelled_by=name_id
            />
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_is_one_line_and_only_english_must_be_written() {
        assert_eq!(english_subject("  "), Some(FieldError::Required));
        assert_eq!(translated_subject("  "), None);
        assert_eq!(english_subject("December\nBcc: all"), Some(FieldError::Invalid));
        assert_eq!(translated_subject("Décembre\tnews"), Some(FieldError::Invalid));
        assert_eq!(
            english_subject(&"x".repeat(MAILING_SUBJECT_MAX + 1)),
            Some(FieldError::TooLong)
        );
        assert_eq!(english_subject(" December news "), None);
    }
}
