//! The fields of a petition as the console's forms hold them: the goal,
//! and each language's title, summary, addressee, text and picture
//! description, named as the API names their errors (`texts.fr.title`),
//! each checked by the contract's rule as it is typed.

use civic_api::field::{bounded_text, is_typed_text};
use civic_api::petition_editing::{
    ADDRESSED_TO_MAX, BODY_MAX, GOAL_MAX, IMAGE_ALT_MAX, PetitionText, SUMMARY_MAX, TITLE_MAX,
};
use civic_api::{FieldError, Locale, Slug};
use leptos::prelude::*;

use crate::browser::focus_element;
use crate::form_kit::{Field, FormKit};
use crate::i18n::{self, td_string};
use crate::pages::console::petition_words::text_error;

/// One of the five texts of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Title,
    Summary,
    AddressedTo,
    Body,
    ImageAlt,
}

/// The API's names of every text field, by language (in `Locale::ALL`'s
/// order) and part.
const NAMES: [[&str; 5]; 4] = [
    [
        "texts.en.title",
        "texts.en.summary",
        "texts.en.addressed_to",
        "texts.en.body_markdown",
        "texts.en.image_alt",
    ],
    [
        "texts.fr.title",
        "texts.fr.summary",
        "texts.fr.addressed_to",
        "texts.fr.body_markdown",
        "texts.fr.image_alt",
    ],
    [
        "texts.es.title",
        "texts.es.summary",
        "texts.es.addressed_to",
        "texts.es.body_markdown",
        "texts.es.image_alt",
    ],
    [
        "texts.ar.title",
        "texts.ar.summary",
        "texts.ar.addressed_to",
        "texts.ar.body_markdown",
        "texts.ar.image_alt",
    ],
];

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Title,
        Part::Summary,
        Part::AddressedTo,
        Part::Body,
        Part::ImageAlt,
    ];

    /// The field's name in the request and the API's errors.
    pub fn name(self, locale: Locale) -> &'static str {
        let language = Locale::ALL.iter().position(|each| *each == locale).unwrap_or(0);
        let part = Part::ALL.iter().position(|each| *each == self).unwrap_or(0);
        NAMES[language][part]
    }

    pub fn max(self) -> usize {
        match self {
            Part::Title => TITLE_MAX,
            Part::Summary => SUMMARY_MAX,
            Part::AddressedTo => ADDRESSED_TO_MAX,
            Part::Body => BODY_MAX,
            Part::ImageAlt => IMAGE_ALT_MAX,
        }
    }

    /// The element id of this part in the language `locale`, in a form
    /// whose ids start with `prefix`.
    pub fn id(self, prefix: &str, locale: Locale) -> String {
        let part = match self {
            Part::Title => "title",
            Part::Summary => "summary",
            Part::AddressedTo => "addressed-to",
            Part::Body => "body",
            Part::ImageAlt => "image-alt",
        };
        format!("{prefix}-{locale}-{part}")
    }

    /// The contract's rule: English must be written, a translation may be
    /// left blank (it is then untranslated), a picture description always.
    fn check(self, locale: Locale) -> fn(&str) -> Option<FieldError> {
        let english = locale == Locale::DEFAULT;
        match (self, english) {
            (Part::ImageAlt, _) => image_alt,
            (Part::Title, true) => required::<TITLE_MAX>,
            (Part::Summary, true) => required::<SUMMARY_MAX>,
            (Part::AddressedTo, true) => required::<ADDRESSED_TO_MAX>,
            (Part::Body, true) => required::<BODY_MAX>,
            (Part::Title, false) => optional::<TITLE_MAX>,
            (Part::Summary, false) => optional::<SUMMARY_MAX>,
            (Part::AddressedTo, false) => optional::<ADDRESSED_TO_MAX>,
            (Part::Body, false) => optional::<BODY_MAX>,
        }
    }

    pub fn label(self, ui: i18n::Locale) -> &'static str {
        match self {
            Part::Title => td_string!(ui, console.petition_title_label),
            Part::Summary => td_string!(ui, console.petition_summary_label),
            Part::AddressedTo => td_string!(ui, console.petition_addressed_to_label),
            Part::Body => td_string!(ui, console.petition_body_label),
            Part::ImageAlt => td_string!(ui, console.petition_image_alt_label),
        }
    }

    pub fn hint(self, ui: i18n::Locale) -> String {
        let max = self.max();
        match self {
            Part::Title => td_string!(ui, console.petition_title_hint, max = max),
            Part::Summary => td_string!(ui, console.petition_summary_hint, max = max),
            Part::AddressedTo => td_string!(ui, console.petition_addressed_to_hint, max = max),
            Part::Body => td_string!(ui, console.petition_body_hint).to_owned(),
            Part::ImageAlt => td_string!(ui, console.petition_image_alt_hint, max = max),
        }
    }
}

/// A text that must be written, of at most `MAX` characters.
pub fn required<const MAX: usize>(text: &str) -> Option<FieldError> {
    bounded_text(text, 1, MAX).err()
}

/// A translation's text: blank, or as `required`.
pub fn optional<const MAX: usize>(text: &str) -> Option<FieldError> {
    match text.trim().is_empty() {
        true => None,
        false => required::<MAX>(text),
    }
}

fn image_alt(text: &str) -> Option<FieldError> {
    if text.chars().count() > IMAGE_ALT_MAX {
        Some(FieldError::TooLong)
    } else if !is_typed_text(text) {
        Some(FieldError::Invalid)
    } else {
        None
    }
}

pub fn check_slug(text: &str) -> Option<FieldError> {
    Slug::parse(text.trim()).err()
}

pub fn check_goal(text: &str) -> Option<FieldError> {
    match parse_goal(text) {
        Some(goal) if (1..=GOAL_MAX).contains(&goal) => None,
        _ if text.trim().is_empty() => Some(FieldError::Required),
        _ => Some(FieldError::Invalid),
    }
}

/// A goal as people write it: "5000", "5,000", "5 000".
pub fn parse_goal(text: &str) -> Option<u64> {
    let digits: String = text
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, ',' | '.' | '\'' | '’' | '_')))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// One language's five fields.
#[derive(Debug, Clone, Copy)]
pub struct LanguageFields {
    pub locale: Locale,
    pub fields: [Field; 5],
}

impl LanguageFields {
    pub fn new(kit: FormKit, locale: Locale, prefix: &str) -> LanguageFields {
        LanguageFields {
            locale,
            fields: Part::ALL.map(|part| kit.field(part.name(locale), part.id(prefix, locale), part.check(locale))),
        }
    }

    pub fn get(self, part: Part) -> Field {
        let index = Part::ALL.iter().position(|each| *each == part).unwrap_or(0);
        self.fields[index]
    }

    /// The text as typed (tracked).
    pub fn text(self) -> PetitionText {
        let [title, summary, addressed_to, body, image_alt] = self.fields.map(|field| field.value().get());
        PetitionText {
            locale: self.locale,
            title,
            summary,
            addressed_to,
            body_markdown: body,
            image_alt,
        }
    }

    /// Shows `text`, or empty fields for a language not written in.
    pub fn fill(self, text: Option<&PetitionText>) {
        let empty = PetitionText::empty(self.locale);
        let text = text.unwrap_or(&empty);
        let values = [
            &text.title,
            &text.summary,
            &text.addressed_to,
            &text.body_markdown,
            &text.image_alt,
        ];
        for (field, value) in self.fields.iter().zip(values) {
            field.clear();
            field.value().set(value.clone());
        }
    }
}

/// Takes the person to the first field that says what is wrong with it.
pub fn focus_first_error(fields: &[Field]) {
    if let Some(field) = fields.iter().find(|field| field.error_untracked().is_some()) {
        focus_element(&field.id());
    }
}

/// The words for a part's error, in a language that must be written or not.
pub fn part_error(ui: i18n::Locale, part: Part, locale: Locale) -> Callback<FieldError, String> {
    let english = locale == Locale::DEFAULT && part != Part::ImageAlt;
    Callback::new(move |error| text_error(ui, error, part.max(), english))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_named_as_the_api_names_its_errors() {
        assert_eq!(Part::Title.name(Locale::En), "texts.en.title");
        assert_eq!(Part::AddressedTo.name(Locale::Ar), "texts.ar.addressed_to");
        assert_eq!(Part::Body.name(Locale::Es), "texts.es.body_markdown");
        assert_eq!(Part::ImageAlt.name(Locale::Fr), "texts.fr.image_alt");
        assert_eq!(Part::AddressedTo.id("petition", Locale::Fr), "petition-fr-addressed-to");
    }

    #[test]
    fn a_goal_may_be_written_with_separators_but_only_as_a_whole_number() {
        assert_eq!(parse_goal("5000"), Some(5000));
        assert_eq!(parse_goal(" 5,000 "), Some(5000));
        assert_eq!(parse_goal("5\u{202f}000"), Some(5000));
        assert_eq!(parse_goal("-5"), None);
        assert_eq!(parse_goal("five"), None);
        assert_eq!(check_goal(""), Some(FieldError::Required));
        assert_eq!(check_goal("0"), Some(FieldError::Invalid));
        assert_eq!(check_goal("100000001"), Some(FieldError::Invalid));
        assert_eq!(check_goal("100000000"), None);
    }

    #[test]
    fn a_translation_may_stay_blank_but_english_may_not() {
        assert_eq!((Part::Title.check(Locale::En))("  "), Some(FieldError::Required));
        assert_eq!((Part::Title.check(Locale::Fr))("  "), None);
        assert_eq!(
            (Part::Summary.check(Locale::Fr))(&"x".repeat(SUMMARY_MAX + 1)),
            Some(FieldError::TooLong)
        );
        assert_eq!((Part::ImageAlt.check(Locale::En))(""), None);
    }
}
