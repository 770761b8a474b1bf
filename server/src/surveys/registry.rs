//! Every survey in memory, in every language it is written in. Definitions
//! change only when the server restarts, so requests never read them from
//! the database.

use std::collections::HashMap;
use std::sync::Arc;

use crate::db::Pool;
use anyhow::Context;
use civic_api::survey::{Limit, Survey, SurveyList};
use civic_api::{Locale, Slug};

use crate::storage::surveys::{StoredSurvey, load_all};

pub struct SurveyEntry {
    id: i64,
    /// English first; never empty.
    translations: Vec<Survey>,
}

impl SurveyEntry {
    /// `translations` must hold the English version.
    pub fn new(stored: StoredSurvey) -> anyhow::Result<SurveyEntry> {
        let mut translations = stored.translations;
        translations.sort_by_key(|survey| Locale::ALL.iter().position(|locale| *locale == survey.locale));
        anyhow::ensure!(
            translations
                .first()
                .is_some_and(|survey| survey.locale == Locale::DEFAULT),
            "the stored survey {} has no English version",
            stored.id
        );
        Ok(SurveyEntry {
            id: stored.id,
            translations,
        })
    }

    pub fn id(&self) -> i64 {
        self.id
    }

    fn english(&self) -> &Survey {
        &self.translations[0]
    }

    pub fn slug(&self) -> &Slug {
        &self.english().slug
    }

    pub fn limit(&self) -> Limit {
        self.english().limit
    }

    pub fn results_public(&self) -> bool {
        self.english().results_public
    }

    pub fn closed(&self) -> bool {
        self.english().closed
    }

    pub fn opened_on(&self) -> &str {
        &self.english().opened_on
    }

    /// The survey in `locale`, or in English when it is not written in it.
    pub fn in_locale(&self, locale: Locale) -> &Survey {
        self.translations
            .iter()
            .find(|survey| survey.locale == locale)
            .unwrap_or_else(|| self.english())
    }

    pub fn languages(&self) -> &[Locale] {
        &self.english().languages
    }
}

pub struct Registry {
    /// Open surveys first, the newest first, then closed ones.
    ordered: Vec<Arc<SurveyEntry>>,
    by_slug: HashMap<Slug, Arc<SurveyEntry>>,
}

impl Registry {
    /// Reads what `storage::surveys::sync` stored.
    pub async fn load(pool: &Pool) -> anyhow::Result<Registry> {
        let mut conn = pool.acquire().await.context("Failed to open a database connection")?;
        let stored = load_all(&mut conn).await?;
        let entries = stored
            .into_iter()
            .map(SurveyEntry::new)
            .collect::<anyhow::Result<_>>()?;
        Ok(Registry::new(entries))
    }

    pub fn new(entries: Vec<SurveyEntry>) -> Registry {
        let mut ordered: Vec<Arc<SurveyEntry>> = entries.into_iter().map(Arc::new).collect();
        ordered.sort_by(|a, b| {
            (a.closed(), std::cmp::Reverse(a.opened_on()), a.slug()).cmp(&(
                b.closed(),
                std::cmp::Reverse(b.opened_on()),
                b.slug(),
            ))
        });
        Registry {
            by_slug: ordered.iter().map(|s| (s.slug().clone(), Arc::clone(s))).collect(),
            ordered,
        }
    }

    pub fn all(&self) -> &[Arc<SurveyEntry>] {
        &self.ordered
    }

    pub fn get(&self, slug: &Slug) -> Option<Arc<SurveyEntry>> {
        self.by_slug.get(slug).cloned()
    }

    /// A survey by a slug as typed in a path: malformed is unknown.
    pub fn find(&self, slug: &str) -> Option<Arc<SurveyEntry>> {
        Slug::parse(slug).ok().and_then(|slug| self.get(&slug))
    }

    /// Every survey, open ones first, each in `locale` where it can be.
    pub fn list(&self, locale: Locale) -> SurveyList {
        SurveyList {
            surveys: self.ordered.iter().map(|s| s.in_locale(locale).summary()).collect(),
        }
    }
}
