//! Every survey in memory, in every language it is written in, so requests
//! never read definitions from the database. A survey changed in the
//! console shows at once on the server that changed it, and within
//! `REFRESH` on every other (each reads the surveys' versions that often).

use std::collections::HashMap;
use std::sync::Arc;

use crate::db::Pool;
use anyhow::Context;
use civic_api::survey::{Limit, Survey, SurveyList};
use civic_api::{Locale, Slug};

use crate::storage::surveys::{StoredSurvey, load_all, stamp};

/// How often a server looks for surveys changed by another.
const REFRESH: std::time::Duration = std::time::Duration::from_secs(2);

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

/// The registry as it is now, swapped whole when a survey changes.
pub struct Live {
    current: std::sync::RwLock<Arc<Registry>>,
    stamp: std::sync::Mutex<(i64, i64)>,
}

impl Live {
    /// Reads what `storage::surveys::sync` stored, then follows changes.
    pub async fn start(pool: &Pool) -> anyhow::Result<Arc<Live>> {
        let live = Arc::new(Live {
            current: std::sync::RwLock::new(Arc::new(Registry::new(Vec::new()))),
            stamp: std::sync::Mutex::new((0, 0)),
        });
        live.reload(pool).await?;
        let weak = Arc::downgrade(&live);
        let pool = pool.clone();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(REFRESH);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                interval.tick().await;
                let Some(live) = weak.upgrade() else {
                    return;
                };
                if let Err(error) = live.refresh(&pool).await {
                    tracing::warn!(error = ?error, "the surveys could not be read again");
                }
            }
        });
        Ok(live)
    }

    /// The surveys as they are now. Hold it for one request at most.
    pub fn now(&self) -> Arc<Registry> {
        Arc::clone(&self.current.read().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Reads every survey again.
    pub async fn reload(&self, pool: &Pool) -> anyhow::Result<()> {
        let mut conn = pool.acquire().await.context("Failed to open a database connection")?;
        let read_at = stamp(&mut *conn).await?;
        let stored = load_all(&mut conn).await?;
        drop(conn);
        let entries = stored
            .into_iter()
            .map(SurveyEntry::new)
            .collect::<anyhow::Result<_>>()?;
        *self.current.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(Registry::new(entries));
        *self.stamp.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = read_at;
        Ok(())
    }

    async fn refresh(&self, pool: &Pool) -> anyhow::Result<()> {
        let now = stamp(pool).await?;
        let known = *self.stamp.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if now != known {
            self.reload(pool).await?;
        }
        Ok(())
    }
}
