//! A title and a Markdown text in one language, as staff write them for
//! something that goes out in every language it was translated into (a
//! petition's news, a newsletter mailing): English is needed, a language
//! left blank is not translated and its readers get the English.

use serde::{Deserialize, Serialize};

use crate::field::bounded_text;
use crate::{FieldError, FieldErrors, Locale};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslatedText {
    pub locale: Locale,
    /// A news update's title, a mailing's subject.
    pub title: String,
    pub body_markdown: String,
}

impl TranslatedText {
    pub fn empty(locale: Locale) -> TranslatedText {
        TranslatedText {
            locale,
            title: String::new(),
            body_markdown: String::new(),
        }
    }

    /// Left empty: this language is not translated, and its readers get
    /// the English text.
    pub fn is_blank(&self) -> bool {
        self.title.trim().is_empty() && self.body_markdown.trim().is_empty()
    }
}

/// The texts kept, English first then in the site's order, trimmed: an
/// English text, each language once, each given language complete, every
/// field within its length. Each refusal goes into `errors`, named
/// `texts.{locale}.{field}` (or `texts.{locale}` for a language twice).
pub fn check_translations(
    texts: &[TranslatedText],
    title_max: usize,
    body_max: usize,
    errors: &mut FieldErrors,
) -> Vec<TranslatedText> {
    let mut kept: Vec<TranslatedText> = Vec::new();
    let mut seen: Vec<Locale> = Vec::new();
    for text in texts {
        if seen.contains(&text.locale) {
            errors.insert(format!("texts.{}", text.locale), FieldError::Invalid);
            continue;
        }
        seen.push(text.locale);
        if text.is_blank() && text.locale != Locale::DEFAULT {
            continue;
        }
        let mut check = |field: &str, result: Result<String, FieldError>| match result {
            Ok(value) => Some(value),
            Err(error) => {
                errors.insert(format!("texts.{}.{field}", text.locale), error);
                None
            }
        };
        let title = check("title", bounded_text(&text.title, 1, title_max));
        let body = check("body_markdown", bounded_text(&text.body_markdown, 1, body_max));
        if let (Some(title), Some(body_markdown)) = (title, body) {
            kept.push(TranslatedText {
                locale: text.locale,
                title,
                body_markdown,
            });
        }
    }
    let english = format!("texts.{}.title", Locale::DEFAULT);
    if !seen.contains(&Locale::DEFAULT) && !errors.contains_key(&english) {
        errors.insert(english, FieldError::Required);
    }
    kept.sort_by_key(|text| Locale::ALL.iter().position(|locale| *locale == text.locale));
    kept
}
