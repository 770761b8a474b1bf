//! Petition news: an update staff post on a published petition (the
//! addressee's answer, a delivery, a victory). It shows on the petition's
//! page in every language, and is e-mailed once to the confirmed signers
//! who ticked "tell me how this petition goes"; each of those mails carries
//! a link that stops that petition's news for that address, in one click.
//!
//! An update is written once: its e-mails go out as it is posted, so it is
//! never edited afterwards (a correction is a new update).

use serde::{Deserialize, Serialize};

use crate::translated_text::{TranslatedText, check_translations};
use crate::{FieldErrors, IdempotencyKey, Locale};

pub const NEWS_TITLE_MAX: usize = 120;
/// Markdown; an update is a few paragraphs.
pub const NEWS_BODY_MAX: usize = 10_000;

/// An update in one language, as staff write it.
pub type NewsText = TranslatedText;

/// `POST /api/staff/petitions/{id}/news`: post an update and e-mail it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsDraft {
    pub idempotency_key: String,
    /// English at least; blank languages are left out.
    pub texts: Vec<NewsText>,
}

/// The checked texts of an update, English first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedNews {
    pub texts: Vec<NewsText>,
    pub idempotency_key: IdempotencyKey,
}

impl NewsDraft {
    /// An English text, each language once, each given language complete,
    /// every field within its length; each refusal named
    /// `texts.{locale}.{field}`.
    pub fn validate(&self) -> Result<CheckedNews, FieldErrors> {
        let mut errors = FieldErrors::new();
        let key = IdempotencyKey::parse(&self.idempotency_key)
            .map_err(|error| errors.insert("idempotency_key".to_owned(), error))
            .ok();
        let texts = check_translations(&self.texts, NEWS_TITLE_MAX, NEWS_BODY_MAX, &mut errors);
        match key {
            Some(idempotency_key) if errors.is_empty() => Ok(CheckedNews { texts, idempotency_key }),
            _ => Err(errors),
        }
    }
}

/// An update as the console lists it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostedNews {
    pub id: i64,
    /// RFC 3339 UTC.
    pub posted_at: String,
    /// The English title.
    pub title: String,
    /// The languages it was written in.
    pub languages: Vec<Locale>,
    /// How many signers it was e-mailed to.
    pub recipients: u64,
}

/// `GET /api/staff/petitions/{id}/news`: a petition's updates, newest
/// first, and how many signers would get the next one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsDesk {
    /// Confirmed, counted signers who asked for news and did not stop it.
    pub followers: u64,
    pub news: Vec<PostedNews>,
}

/// An update on the public petition page, in the reader's language or in
/// English where it was not translated (`locale` says which).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsItem {
    pub id: i64,
    /// `YYYY-MM-DD`.
    pub posted_on: String,
    pub locale: Locale,
    pub title: String,
    /// Rendered from Markdown and sanitised by the server.
    pub body_html: String,
}

/// The answer to stopping (or starting again) a petition's news with the
/// link from one of its e-mails.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsFollowing {
    /// Whether this address gets the petition's news now.
    pub following: bool,
    /// The petition's title, in the signer's language where it has one.
    pub petition_title: String,
    /// `a•••@example.org`, as the newsletter's page shows it.
    pub email_hint: String,
    /// The language the signer signed in.
    pub locale: Locale,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldError;

    fn text(locale: Locale, title: &str, body: &str) -> NewsText {
        NewsText {
            locale,
            title: title.to_owned(),
            body_markdown: body.to_owned(),
        }
    }

    fn draft(texts: Vec<NewsText>) -> NewsDraft {
        NewsDraft {
            idempotency_key: "0b4e7c1e-4a5b-4c8e-9f00-112233445566".to_owned(),
            texts,
        }
    }

    #[test]
    fn english_is_needed_and_blank_languages_are_left_out() {
        let checked = draft(vec![
            text(Locale::Fr, " Victoire ", "La mairie a dit oui."),
            text(Locale::Es, "", "  "),
            text(Locale::En, "Victory", "The council said yes."),
        ])
        .validate()
        .unwrap();
        let locales: Vec<Locale> = checked.texts.iter().map(|text| text.locale).collect();
        assert_eq!(locales, [Locale::En, Locale::Fr]);
        assert_eq!(checked.texts[1].title, "Victoire");

        let errors = draft(vec![text(Locale::Fr, "Victoire", "Oui.")])
            .validate()
            .unwrap_err();
        assert_eq!(errors.get("texts.en.title"), Some(&FieldError::Required));
        let errors = draft(vec![text(Locale::En, "", "")]).validate().unwrap_err();
        assert_eq!(errors.get("texts.en.title"), Some(&FieldError::Required));
        assert_eq!(errors.get("texts.en.body_markdown"), Some(&FieldError::Required));
    }

    #[test]
    fn a_language_half_written_or_too_long_or_twice_is_refused() {
        let errors = draft(vec![
            text(Locale::En, "Victory", &"x".repeat(NEWS_BODY_MAX + 1)),
            text(Locale::Fr, "Victoire", ""),
            text(Locale::Ar, "نصر", "نعم"),
            text(Locale::Ar, "نصر", "نعم"),
        ])
        .validate()
        .unwrap_err();
        assert_eq!(errors.get("texts.en.body_markdown"), Some(&FieldError::TooLong));
        assert_eq!(errors.get("texts.fr.body_markdown"), Some(&FieldError::Required));
        assert_eq!(errors.get("texts.ar"), Some(&FieldError::Invalid));
        let mut bad_key = draft(vec![text(Locale::En, "Victory", "Yes.")]);
        bad_key.idempotency_key = "again".to_owned();
        assert!(bad_key.validate().unwrap_err().contains_key("idempotency_key"));
    }
}
