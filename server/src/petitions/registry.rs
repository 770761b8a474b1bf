//! Every published petition in memory: what staff wrote (read again
//! whenever a petition changes, on every server) and the count, which this
//! server's signing writer moves after each commit and which is read again
//! from the database every two seconds, for the signatures other servers on
//! the same database took. The count endpoint, repeated by every open
//! petition page, reads only this.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::db::Pool;
use anyhow::Context;
use civic_api::image::ImageVariant;
use civic_api::petition::{PetitionCount, PetitionImage, PetitionList, PetitionSummary, ShortCode, displayed_goal};
use civic_api::{Locale, Slug};

use crate::images::ImageVariants;
use crate::storage::petitions::{Stamp, StoredPetition, StoredText, counts, load_all, stamp};

/// How often the counts are read again: signatures taken by other servers
/// show within this (and a query's time).
const REFRESH: std::time::Duration = std::time::Duration::from_secs(2);

pub struct Petition {
    pub stored: StoredPetition,
    /// Confirmed signatures; `stored.count` is only what it was at start.
    count: AtomicU64,
    /// The copies of its picture that pages choose from.
    image_variants: Vec<ImageVariant>,
}

impl Petition {
    pub fn new(stored: StoredPetition, images: &ImageVariants) -> Petition {
        let image_variants = stored
            .image
            .as_ref()
            .map(|image| images.of(&image.src))
            .unwrap_or_default();
        Petition {
            count: AtomicU64::new(stored.count),
            stored,
            image_variants,
        }
    }

    pub fn id(&self) -> i64 {
        self.stored.id
    }

    pub fn slug(&self) -> &Slug {
        &self.stored.slug
    }

    pub fn closed(&self) -> bool {
        self.stored.closed
    }

    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// Takes a count the database held after a commit. Between two reloads
    /// counts only grow (they go down only with a recount, which reloads),
    /// so the larger of two readings is the later: a slow reading never
    /// takes back what a newer one showed.
    pub fn raise_to(&self, stored: u64) {
        self.count.fetch_max(stored, Ordering::Relaxed);
    }

    /// The text in `locale`, or in English when the petition has none there.
    pub fn text(&self, locale: Locale) -> &StoredText {
        self.stored
            .texts
            .iter()
            .find(|text| text.locale == locale)
            .or_else(|| self.stored.texts.iter().find(|text| text.locale == Locale::DEFAULT))
            .or_else(|| self.stored.texts.first())
            .expect("the content loader requires an English text")
    }

    pub fn languages(&self) -> Vec<Locale> {
        self.stored.texts.iter().map(|text| text.locale).collect()
    }

    pub fn image(&self, locale: Locale) -> Option<PetitionImage> {
        self.stored.image.as_ref().map(|image| PetitionImage {
            src: image.src.clone(),
            alt: self.text(locale).image_alt.clone(),
            width: image.width,
            height: image.height,
            variants: self.image_variants.clone(),
        })
    }

    pub fn count_now(&self) -> PetitionCount {
        let count = self.count();
        PetitionCount {
            count,
            goal: displayed_goal(count, self.stored.goal),
            closed: self.stored.closed,
        }
    }

    pub fn summary(&self, locale: Locale) -> PetitionSummary {
        let text = self.text(locale);
        let count = self.count_now();
        PetitionSummary {
            slug: self.stored.slug.clone(),
            locale: text.locale,
            title: text.title.clone(),
            summary: text.summary.clone(),
            image: self.image(locale),
            count: count.count,
            goal: count.goal,
            closed: count.closed,
        }
    }
}

pub struct Registry {
    /// Open petitions first, the newest first, then closed ones.
    ordered: Vec<Arc<Petition>>,
    by_slug: HashMap<Slug, Arc<Petition>>,
    by_id: HashMap<i64, Arc<Petition>>,
}

/// The registry now, and again each time a petition changes: at once on
/// the server that changed it, and within `REFRESH` on every other server
/// of the same database, which notices the petitions' versions moved.
pub struct Live {
    current: std::sync::RwLock<Arc<Registry>>,
    /// The versions' stamp the current registry was read at.
    stamp: std::sync::Mutex<Stamp>,
    /// The copies of the built site's pictures, and of those uploaded in
    /// the console as they were first shown.
    images: std::sync::Mutex<ImageVariants>,
    /// Where uploaded pictures' copies are made (`CIVIC_IMAGE_CACHE`).
    image_cache: std::path::PathBuf,
}

impl Live {
    pub async fn load(pool: &Pool, images: &ImageVariants, image_cache: &std::path::Path) -> anyhow::Result<Live> {
        let live = Live {
            current: std::sync::RwLock::new(Arc::new(Registry::new(Vec::new(), images))),
            stamp: std::sync::Mutex::new((0, 0, 0)),
            images: std::sync::Mutex::new(images.clone()),
            image_cache: image_cache.to_owned(),
        };
        live.reload(pool).await?;
        Ok(live)
    }

    /// The copies of every picture `stored` shows, making those of an
    /// uploaded picture this server has not shown yet.
    async fn images_for(&self, pool: &Pool, stored: &[StoredPetition]) -> anyhow::Result<ImageVariants> {
        let known = self
            .images
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        let mut uploaded = Vec::new();
        for image in stored.iter().filter_map(|petition| petition.image.as_ref()) {
            let Some(hash) = image
                .src
                .strip_prefix("/media/")
                .and_then(crate::content::petitions::media_hash)
            else {
                continue;
            };
            if known.has(&image.src) || uploaded.iter().any(|(src, _)| src == &image.src) {
                continue;
            }
            if let Some((_, bytes)) = crate::storage::petition_editing::media(pool, hash).await? {
                uploaded.push((image.src.clone(), bytes));
            }
        }
        if uploaded.is_empty() {
            return Ok(known);
        }
        let cache = self.image_cache.clone();
        let made = tokio::task::spawn_blocking(move || crate::images::prepare_uploaded(&cache, &uploaded))
            .await
            .context("The picture encoder panicked")??;
        let images = known.merged(made);
        *self.images.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = images.clone();
        Ok(images)
    }

    /// The petitions as they are now. Hold it for one request at most.
    pub fn now(&self) -> Arc<Registry> {
        Arc::clone(&self.current.read().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Reads every published petition again, with the counts as stored:
    /// the only way a count goes down (signatures invalidated by staff).
    /// A signature this server counts while it reads shows within the next
    /// `REFRESH`.
    pub async fn reload(&self, pool: &Pool) -> anyhow::Result<()> {
        let mut conn = pool.acquire().await.context("Failed to open a database connection")?;
        let stamp = stamp(&mut *conn).await?;
        let stored = load_all(&mut conn).await?;
        drop(conn);
        let images = self.images_for(pool, &stored).await?;
        let fresh = Registry::new(stored, &images);
        *self.current.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(fresh);
        *self.stamp.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = stamp;
        Ok(())
    }

    /// Every `REFRESH`, until the registry is dropped: reads the petitions
    /// again when one changed, else only the counts.
    pub fn keep_fresh(self: &Arc<Live>, pool: Pool) {
        let live = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(REFRESH);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                interval.tick().await;
                let Some(live) = live.upgrade() else {
                    return;
                };
                if let Err(error) = live.refresh(&pool).await {
                    tracing::warn!(error = ?error, "the petitions could not be read again");
                }
            }
        });
    }

    async fn refresh(&self, pool: &Pool) -> anyhow::Result<()> {
        let now = stamp(pool).await?;
        let known = *self.stamp.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if now != known {
            return self.reload(pool).await;
        }
        let counts = counts(pool).await?;
        self.now().take_counts(&counts);
        Ok(())
    }
}

impl Registry {
    fn take_counts(&self, counts: &[(i64, u64)]) {
        for (id, count) in counts {
            if let Some(petition) = self.by_id(*id) {
                petition.raise_to(*count);
            }
        }
    }

    pub fn new(stored: Vec<StoredPetition>, images: &ImageVariants) -> Registry {
        let mut ordered: Vec<Arc<Petition>> = stored.into_iter().map(|p| Arc::new(Petition::new(p, images))).collect();
        ordered.sort_by(|a, b| {
            (a.closed(), std::cmp::Reverse(&a.stored.opened_on), a.slug()).cmp(&(
                b.closed(),
                std::cmp::Reverse(&b.stored.opened_on),
                b.slug(),
            ))
        });
        Registry {
            by_slug: ordered.iter().map(|p| (p.slug().clone(), Arc::clone(p))).collect(),
            by_id: ordered.iter().map(|p| (p.id(), Arc::clone(p))).collect(),
            ordered,
        }
    }

    /// Every petition in `locale`, as `GET /api/petitions` lists them.
    pub fn list(&self, locale: Locale) -> PetitionList {
        PetitionList {
            petitions: self.all().iter().map(|petition| petition.summary(locale)).collect(),
        }
    }

    pub fn all(&self) -> &[Arc<Petition>] {
        &self.ordered
    }

    pub fn get(&self, slug: &Slug) -> Option<&Arc<Petition>> {
        self.by_slug.get(slug)
    }

    /// A petition by a slug as typed in a path: malformed is unknown.
    pub fn find(&self, slug: &str) -> Option<&Arc<Petition>> {
        Slug::parse(slug).ok().and_then(|slug| self.by_slug.get(&slug))
    }

    pub fn by_id(&self, id: i64) -> Option<&Arc<Petition>> {
        self.by_id.get(&id)
    }

    pub fn by_short_code(&self, code: &ShortCode) -> Option<&Arc<Petition>> {
        self.ordered.iter().find(|petition| &petition.stored.short_code == code)
    }

    pub fn open_except(&self, id: i64) -> impl Iterator<Item = &Arc<Petition>> {
        self.ordered.iter().filter(move |p| !p.closed() && p.id() != id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(id: i64, slug: &str, closed: bool, opened_on: &str, texts: &[Locale]) -> StoredPetition {
        StoredPetition {
            id,
            slug: Slug::parse(slug).unwrap(),
            goal: 100,
            closed,
            opened_on: opened_on.into(),
            image: None,
            short_code: ShortCode::parse(&format!("code{id:04}")).unwrap(),
            count: 99,
            texts: texts
                .iter()
                .map(|locale| StoredText {
                    locale: *locale,
                    title: format!("{slug} in {locale}"),
                    summary: String::new(),
                    image_alt: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn open_petitions_come_first_newest_first() {
        let registry = Registry::new(
            vec![
                stored(1, "old", false, "2026-01-01", &[Locale::En]),
                stored(2, "shut", true, "2026-12-01", &[Locale::En]),
                stored(3, "new", false, "2026-06-01", &[Locale::En]),
            ],
            &ImageVariants::default(),
        );
        let slugs: Vec<&str> = registry.all().iter().map(|p| p.slug().as_str()).collect();
        assert_eq!(slugs, ["new", "old", "shut"]);
        let open: Vec<i64> = registry.open_except(3).map(|p| p.id()).collect();
        assert_eq!(open, [1]);
    }

    #[test]
    fn a_missing_language_falls_back_to_english_and_counts_move() {
        let registry = Registry::new(
            vec![stored(1, "a", false, "2026-01-01", &[Locale::En, Locale::Fr])],
            &ImageVariants::default(),
        );
        let petition = registry.find("a").unwrap();
        assert_eq!(petition.text(Locale::Es).locale, Locale::En);
        assert_eq!(petition.text(Locale::Fr).title, "a in fr");
        assert_eq!(petition.count_now().goal, 100);
        petition.raise_to(100);
        petition.raise_to(98);
        assert_eq!(
            petition.count_now(),
            PetitionCount {
                count: 100,
                goal: 200,
                closed: false
            }
        );
        assert!(registry.find("A").is_none());
    }
}
