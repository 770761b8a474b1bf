//! The console's written pages (about, the privacy policy, the members'
//! handbook…): their Markdown in every language, whether they are for
//! members only, and for the privacy policy a new revision with what
//! changed, which asks returning visitors about cookies again. A page is
//! edited in all its languages at once, from the version it was read at.

use serde::{Deserialize, Serialize};

use crate::field::{bounded_text, is_typed_text};
use crate::{FieldError, FieldErrors, IdempotencyKey, Locale, Slug};

pub const PAGE_TITLE_MAX: usize = 120;
pub const PAGE_DESCRIPTION_MAX: usize = 300;
/// Markdown; the privacy policy is the longest page, some 4,000 words.
pub const PAGE_BODY_MAX: usize = 60_000;
pub const PAGE_CHANGES_MAX: usize = 1_000;
/// The page whose revision the consent banner follows.
pub const POLICY_SLUG: &str = "privacy";

/// A page in the console's list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageLine {
    pub slug: Slug,
    /// The English title.
    pub title: String,
    pub members_only: bool,
    /// Changed in the console since `content/pages` seeded it: no file
    /// overwrites it any more.
    pub edited: bool,
}

/// A page in one language, as staff write it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageText {
    pub locale: Locale,
    pub title: String,
    pub description: String,
    pub body_markdown: String,
    /// The privacy policy's "what changed" in this revision; empty for any
    /// other page.
    #[serde(default)]
    pub changes: String,
}

/// `GET /api/staff/pages/{slug}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditablePage {
    pub slug: Slug,
    pub version: i64,
    pub members_only: bool,
    /// Every language, in the site's order.
    pub texts: Vec<PageText>,
    /// The privacy policy's revision and its day (`YYYY-MM-DD`); `None`
    /// for any other page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Where visitors read it, in English.
    pub public_path: String,
}

/// `PUT /api/staff/pages/{slug}`: every language, from `version`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageEdit {
    pub version: i64,
    pub members_only: bool,
    pub texts: Vec<PageText>,
    /// The privacy policy only: this is a new revision (its number goes up,
    /// its day is today, `changes` says what changed in each language), and
    /// returning visitors are asked again. Without it, a fix of wording
    /// keeps the revision.
    #[serde(default)]
    pub new_revision: bool,
    pub idempotency_key: String,
}

/// A checked edit: every language, in the site's order, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPage {
    pub members_only: bool,
    pub texts: Vec<PageText>,
    pub new_revision: bool,
    pub idempotency_key: IdempotencyKey,
}

impl PageEdit {
    /// Every language complete (a written page has no fallback), each field
    /// within its length; the privacy policy is never for members only, and
    /// a new revision says what changed in every language. Refusals are
    /// named `texts.{locale}.{field}`.
    pub fn validate(&self, slug: &Slug) -> Result<CheckedPage, FieldErrors> {
        let policy = slug.as_str() == POLICY_SLUG;
        let mut errors = FieldErrors::new();
        let key = IdempotencyKey::parse(&self.idempotency_key)
            .map_err(|error| errors.insert("idempotency_key".to_owned(), error))
            .ok();
        if policy && self.members_only {
            errors.insert("members_only".to_owned(), FieldError::Invalid);
        }
        if !policy && self.new_revision {
            errors.insert("new_revision".to_owned(), FieldError::Invalid);
        }
        let mut texts = Vec::new();
        for locale in Locale::ALL {
            let mut found = self.texts.iter().filter(|text| text.locale == locale);
            let (Some(text), None) = (found.next(), found.next()) else {
                errors.insert(format!("texts.{locale}"), FieldError::Required);
                continue;
            };
            let mut check = |field: &str, result: Result<String, FieldError>| match result {
                Ok(value) => value,
                Err(error) => {
                    errors.insert(format!("texts.{locale}.{field}"), error);
                    String::new()
                }
            };
            let changes = match self.new_revision {
                true => check("changes", bounded_text(&text.changes, 1, PAGE_CHANGES_MAX)),
                false => String::new(),
            };
            let body = text.body_markdown.trim();
            let body_markdown = if body.is_empty() {
                check("body_markdown", Err(FieldError::Required))
            } else if body.chars().count() > PAGE_BODY_MAX {
                check("body_markdown", Err(FieldError::TooLong))
            } else if !is_typed_text(body) {
                check("body_markdown", Err(FieldError::Invalid))
            } else {
                body.to_owned()
            };
            texts.push(PageText {
                locale,
                title: check("title", bounded_text(&text.title, 1, PAGE_TITLE_MAX)),
                description: check("description", bounded_text(&text.description, 1, PAGE_DESCRIPTION_MAX)),
                body_markdown,
                changes,
            });
        }
        match key {
            Some(idempotency_key) if errors.is_empty() => Ok(CheckedPage {
                members_only: self.members_only,
                texts,
                new_revision: self.new_revision,
                idempotency_key,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(locale: Locale) -> PageText {
        PageText {
            locale,
            title: format!("Title {locale}"),
            description: "What this page says.".to_owned(),
            body_markdown: "Some **text**.".to_owned(),
            changes: String::new(),
        }
    }

    fn edit(texts: Vec<PageText>) -> PageEdit {
        PageEdit {
            version: 1,
            members_only: false,
            texts,
            new_revision: false,
            idempotency_key: "0b4e7c1e-4a5b-4c8e-9f00-112233445566".to_owned(),
        }
    }

    fn slug(text: &str) -> Slug {
        Slug::parse(text).unwrap()
    }

    #[test]
    fn every_language_is_needed_and_each_field_is_checked() {
        let all = Locale::ALL.map(text).to_vec();
        assert_eq!(edit(all.clone()).validate(&slug("about")).unwrap().texts.len(), 4);
        let errors = edit(all[..3].to_vec()).validate(&slug("about")).unwrap_err();
        assert_eq!(errors.get("texts.ar"), Some(&FieldError::Required));
        let mut blank = all.clone();
        blank[1].body_markdown = "  ".to_owned();
        blank[2].title = "x".repeat(PAGE_TITLE_MAX + 1);
        let errors = edit(blank).validate(&slug("about")).unwrap_err();
        assert_eq!(errors.get("texts.fr.body_markdown"), Some(&FieldError::Required));
        assert_eq!(errors.get("texts.es.title"), Some(&FieldError::TooLong));
    }

    #[test]
    fn the_policy_is_public_and_a_new_revision_says_what_changed_everywhere() {
        let all = Locale::ALL.map(text).to_vec();
        let mut members = edit(all.clone());
        members.members_only = true;
        assert!(
            members
                .validate(&slug("privacy"))
                .unwrap_err()
                .contains_key("members_only")
        );
        assert!(members.validate(&slug("handbook")).is_ok(), "any other page may be");
        let mut revised = edit(all.clone());
        revised.new_revision = true;
        let errors = revised.validate(&slug("privacy")).unwrap_err();
        assert_eq!(errors.get("texts.en.changes"), Some(&FieldError::Required));
        assert!(
            revised
                .validate(&slug("about"))
                .unwrap_err()
                .contains_key("new_revision")
        );
        for text in &mut revised.texts {
            text.changes = "Cookies now say more.".to_owned();
        }
        assert!(revised.validate(&slug("privacy")).unwrap().new_revision);
    }
}
