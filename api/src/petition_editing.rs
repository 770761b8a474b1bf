//! The console's petitions: what staff write (a petition's settings and its
//! text in each language), the state it is in (a draft nobody sees, open,
//! closed), and the checks the server runs on every save, which the
//! console runs too so a mistake shows before it is sent.
//!
//! Every edit names the version it was made from: an edit from a stale
//! copy is refused as a conflict rather than overwrite someone's change.

use serde::{Deserialize, Serialize};

use crate::field::{bounded_text, is_typed_text};
use crate::{FieldError, FieldErrors, IdempotencyKey, Locale, Slug};

pub const TITLE_MAX: usize = 120;
/// As `content/petitions` allows: it shows on cards and in link previews.
pub const SUMMARY_MAX: usize = 200;
pub const ADDRESSED_TO_MAX: usize = 200;
/// Markdown; a long petition is some 2,000 words.
pub const BODY_MAX: usize = 20_000;
pub const IMAGE_ALT_MAX: usize = 300;
pub const GOAL_MAX: u64 = 100_000_000;
/// The largest picture staff may upload, before it is resized.
pub const IMAGE_UPLOAD_MAX_BYTES: usize = 8 * 1024 * 1024;
/// What an uploaded picture becomes: the size link previews use.
pub const IMAGE_WIDTH: u32 = 1200;
pub const IMAGE_HEIGHT: u32 = 630;
/// The pictures the upload takes, by their `Content-Type`.
pub const IMAGE_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// Where a petition stands. A draft is seen only in the console; an open
/// petition takes signatures; a closed one shows its count and takes none.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PetitionStatus {
    Draft,
    Open,
    Closed,
}

impl PetitionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PetitionStatus::Draft => "draft",
            PetitionStatus::Open => "open",
            PetitionStatus::Closed => "closed",
        }
    }
}

/// A petition's text in one language, as staff write it: the body in
/// Markdown, which the server renders and sanitises.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PetitionText {
    pub locale: Locale,
    pub title: String,
    pub summary: String,
    pub addressed_to: String,
    pub body_markdown: String,
    /// What the picture shows, for people who cannot see it.
    #[serde(default)]
    pub image_alt: String,
}

impl PetitionText {
    /// A language nobody has written in yet.
    pub fn empty(locale: Locale) -> PetitionText {
        PetitionText {
            locale,
            title: String::new(),
            summary: String::new(),
            addressed_to: String::new(),
            body_markdown: String::new(),
            image_alt: String::new(),
        }
    }
}

/// The picture of a petition, where the site serves it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PetitionPicture {
    pub src: String,
    pub width: u32,
    pub height: u32,
}

/// `GET /api/staff/petitions`: one line of the console's list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PetitionLine {
    pub id: i64,
    pub slug: Slug,
    /// In English.
    pub title: String,
    pub status: PetitionStatus,
    pub version: i64,
    /// Confirmed signatures.
    pub count: u64,
    /// The languages it has no text in yet.
    pub missing: Vec<Locale>,
}

/// `GET /api/staff/petitions/{id}`: a petition as staff edit it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditablePetition {
    pub id: i64,
    pub slug: Slug,
    /// Moves with every change; an edit names the version it started from.
    pub version: i64,
    pub status: PetitionStatus,
    pub goal: u64,
    /// `YYYY-MM-DD`, the day it was first opened; empty for a draft.
    pub opened_on: String,
    pub image: Option<PetitionPicture>,
    /// English first, then the other languages it is written in.
    pub texts: Vec<PetitionText>,
    /// The languages it has no text in yet: the public page shows English
    /// there.
    pub missing: Vec<Locale>,
    pub count: u64,
    /// Where visitors read it once it is published.
    pub public_path: String,
}

/// `POST /api/staff/petitions`: a new draft.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPetition {
    /// The last part of its address, `/petitions/{slug}`; never changes.
    pub slug: String,
    pub goal: u64,
    /// English at least.
    pub texts: Vec<PetitionText>,
    pub idempotency_key: String,
}

/// `PUT /api/staff/petitions/{id}`: the goal and every text as they should
/// be now; a language left out has no translation.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PetitionEdit {
    /// The version the edit was made from.
    pub version: i64,
    pub goal: u64,
    pub texts: Vec<PetitionText>,
    pub idempotency_key: String,
}

/// `PUT /api/staff/petitions/{id}/status`: publish (open) a draft, close
/// an open petition, open a closed one again.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub version: i64,
    pub to: PetitionStatus,
    /// Publishing with a language missing needs this said: visitors in
    /// that language then read it in English.
    #[serde(default)]
    pub english_fallback: bool,
    pub idempotency_key: String,
}

/// `POST /api/staff/markdown-preview`: Markdown as the server would show it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownPreview {
    pub markdown: String,
}

/// The preview: HTML rendered and sanitised by the server's own renderer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewHtml {
    pub html: String,
}

/// The checked goal and texts of a new petition or an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPetition {
    pub goal: u64,
    /// English first.
    pub texts: Vec<PetitionText>,
    pub idempotency_key: IdempotencyKey,
}

/// The languages `texts` has nothing in, in the site's order.
pub fn missing_languages(texts: &[PetitionText]) -> Vec<Locale> {
    Locale::ALL
        .into_iter()
        .filter(|locale| !texts.iter().any(|text| text.locale == *locale))
        .collect()
}

/// Whether staff left every field of a language empty: it is then not
/// translated, rather than translated badly.
pub fn is_blank(text: &PetitionText) -> bool {
    [
        &text.title,
        &text.summary,
        &text.addressed_to,
        &text.body_markdown,
        &text.image_alt,
    ]
    .iter()
    .all(|field| field.trim().is_empty())
}

/// The refusals of one text's fields, each named `texts.{locale}.{field}`.
pub fn check_text(text: &PetitionText) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let mut check = |field: &str, result: Result<String, FieldError>| {
        if let Err(error) = result {
            errors.insert(format!("texts.{}.{field}", text.locale), error);
        }
    };
    check("title", bounded_text(&text.title, 1, TITLE_MAX));
    check("summary", bounded_text(&text.summary, 1, SUMMARY_MAX));
    check("addressed_to", bounded_text(&text.addressed_to, 1, ADDRESSED_TO_MAX));
    check("body_markdown", bounded_text(&text.body_markdown, 1, BODY_MAX));
    if text.image_alt.chars().count() > IMAGE_ALT_MAX {
        check("image_alt", Err(FieldError::TooLong));
    } else if !is_typed_text(&text.image_alt) {
        check("image_alt", Err(FieldError::Invalid));
    }
    errors
}

/// Checks a goal and texts: an English text, each language once, every
/// text complete. Blank languages are dropped as untranslated.
pub fn check_petition(goal: u64, texts: &[PetitionText], key: &str) -> Result<CheckedPetition, FieldErrors> {
    let mut errors = FieldErrors::new();
    let idempotency_key = IdempotencyKey::parse(key)
        .map_err(|error| errors.insert("idempotency_key".to_owned(), error))
        .ok();
    if goal == 0 || goal > GOAL_MAX {
        errors.insert("goal".to_owned(), FieldError::Invalid);
    }
    let mut kept: Vec<PetitionText> = Vec::new();
    for text in texts {
        if kept.iter().any(|other| other.locale == text.locale) {
            errors.insert(format!("texts.{}", text.locale), FieldError::Invalid);
            continue;
        }
        if is_blank(text) && text.locale != Locale::DEFAULT {
            continue;
        }
        errors.extend(check_text(text));
        kept.push(trimmed(text));
    }
    if !kept.iter().any(|text| text.locale == Locale::DEFAULT) {
        errors.insert(format!("texts.{}.title", Locale::DEFAULT), FieldError::Required);
    }
    kept.sort_by_key(|text| Locale::ALL.iter().position(|locale| *locale == text.locale));
    match idempotency_key {
        Some(idempotency_key) if errors.is_empty() => Ok(CheckedPetition {
            goal,
            texts: kept,
            idempotency_key,
        }),
        _ => Err(errors),
    }
}

fn trimmed(text: &PetitionText) -> PetitionText {
    PetitionText {
        locale: text.locale,
        title: text.title.trim().to_owned(),
        summary: text.summary.trim().to_owned(),
        addressed_to: text.addressed_to.trim().to_owned(),
        body_markdown: text.body_markdown.trim().to_owned(),
        image_alt: text.image_alt.trim().to_owned(),
    }
}

impl NewPetition {
    pub fn validate(&self) -> Result<(Slug, CheckedPetition), FieldErrors> {
        let slug = Slug::parse(&self.slug);
        match (slug, check_petition(self.goal, &self.texts, &self.idempotency_key)) {
            (Ok(slug), Ok(checked)) => Ok((slug, checked)),
            (slug, checked) => {
                let mut errors = checked.err().unwrap_or_default();
                if let Err(error) = slug {
                    errors.insert("slug".to_owned(), error);
                }
                Err(errors)
            }
        }
    }
}

impl PetitionEdit {
    pub fn validate(&self) -> Result<CheckedPetition, FieldErrors> {
        check_petition(self.goal, &self.texts, &self.idempotency_key)
    }
}

impl StatusChange {
    pub fn key(&self) -> Result<IdempotencyKey, FieldErrors> {
        IdempotencyKey::parse(&self.idempotency_key)
            .map_err(|error| FieldErrors::from([("idempotency_key".to_owned(), error)]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(locale: Locale, title: &str) -> PetitionText {
        PetitionText {
            locale,
            title: title.to_owned(),
            summary: "Short".to_owned(),
            addressed_to: "The council".to_owned(),
            body_markdown: "We ask **this**.".to_owned(),
            image_alt: String::new(),
        }
    }

    const KEY: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn blank_languages_are_untranslated_and_english_comes_first() {
        let texts = vec![
            text(Locale::Fr, " Titre "),
            PetitionText::empty(Locale::Es),
            text(Locale::En, "Title"),
        ];
        let checked = check_petition(100, &texts, KEY).unwrap();
        let locales: Vec<Locale> = checked.texts.iter().map(|text| text.locale).collect();
        assert_eq!(locales, [Locale::En, Locale::Fr]);
        assert_eq!(checked.texts[1].title, "Titre");
        assert_eq!(missing_languages(&checked.texts), [Locale::Es, Locale::Ar]);
    }

    #[test]
    fn every_refusal_names_its_language_and_field() {
        let mut french = text(Locale::Fr, "");
        french.summary = "x".repeat(SUMMARY_MAX + 1);
        let errors = check_petition(0, &[french, text(Locale::Fr, "Encore")], "short").unwrap_err();
        for field in [
            "goal",
            "idempotency_key",
            "texts.fr.title",
            "texts.fr.summary",
            "texts.en.title",
        ] {
            assert!(errors.contains_key(field), "{field}: {errors:?}");
        }
        assert_eq!(errors["texts.en.title"], FieldError::Required);
        assert_eq!(errors["texts.fr.summary"], FieldError::TooLong);
    }

    #[test]
    fn a_new_petition_needs_a_valid_slug() {
        let new = NewPetition {
            slug: "Not A Slug".to_owned(),
            goal: 10,
            texts: vec![text(Locale::En, "Title")],
            idempotency_key: KEY.to_owned(),
        };
        assert_eq!(new.validate().unwrap_err()["slug"], FieldError::Invalid);
    }
}
