//! `Statistics` from the stored counts: the period's days (zero days
//! included), and countries too rare to show on their own folded into
//! "other countries".

use crate::db::Pool;
use anyhow::Context;
use civic_api::Country;
use civic_api::analytics::{
    COUNTRY_THRESHOLD, DayCount, EventKind, Funnel, PetitionFunnel, STATISTICS_DAYS, SourceTotal, StaffStatistics,
    Statistics,
};
use civic_api::petition::CountryCount;
use time::macros::format_description;
use time::{Date, Duration};

use crate::storage;

/// The most viewed pages listed.
pub const TOP_PAGES: u32 = 10;

/// `STATISTICS_DAYS` days of UTC dates, ending with `last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: Date,
    pub last: Date,
}

impl Period {
    pub fn ending(last: Date) -> Period {
        Period {
            first: last - Duration::days(i64::from(STATISTICS_DAYS) - 1),
            last,
        }
    }

    /// Every day, oldest first, as `YYYY-MM-DD`.
    pub fn days(&self) -> impl Iterator<Item = String> {
        let first = self.first;
        (0..=(self.last - self.first).whole_days()).map(move |offset| day(first + Duration::days(offset)))
    }
}

/// `YYYY-MM-DD`, as `analytics_daily.day` holds it.
pub fn day(date: Date) -> String {
    date.format(format_description!("[year]-[month]-[day]"))
        .expect("a calendar date always formats")
}

/// Reads everything the public page shows, in one snapshot of the database.
pub async fn gather(pool: &Pool, period: Period) -> anyhow::Result<Statistics> {
    let from = day(period.first);
    let mut tx = pool.begin().await.context("Failed to start a transaction")?;
    let per_day = storage::analytics::page_views_per_day(&mut *tx, &from).await?;
    let top_pages = storage::analytics::top_pages(&mut *tx, &from, TOP_PAGES).await?;
    let shares = storage::analytics::shares(&mut *tx, &from).await?;
    let events = storage::analytics::totals_by_event(&mut *tx, &from).await?;
    let by_country = storage::analytics::page_views_by_country(&mut *tx, &from).await?;
    let signatures_by_country = storage::analytics::signatures_by_country(&mut *tx).await?;
    let consent = storage::consents::rates(&mut *tx, &from).await?;
    tx.rollback().await.context("Failed to end a read")?;
    let total = |kind: EventKind| events.iter().find(|(k, _)| *k == kind).map_or(0, |(_, count)| *count);
    let (page_views_by_country, page_views_other_countries) = split_countries(by_country);
    Ok(Statistics {
        from,
        to: day(period.last),
        page_views: fill_days(period, &per_day),
        top_pages,
        shares,
        funnel: Funnel {
            viewed: total(EventKind::PetitionViewed),
            signed: total(EventKind::PetitionSigned),
            confirmed: total(EventKind::PetitionConfirmed),
        },
        page_views_by_country,
        page_views_other_countries,
        signatures_by_country,
        consent,
    })
}

/// The public statistics and what only staff see: each petition's funnel
/// (its events in every language together) and the sources of the
/// signatures confirmed in the period.
pub async fn gather_for_staff(pool: &Pool, period: Period) -> anyhow::Result<StaffStatistics> {
    let public = gather(pool, period).await?;
    let from = day(period.first);
    let events = storage::analytics::petition_events(pool, &from).await?;
    let mut by_slug: std::collections::BTreeMap<civic_api::Slug, Funnel> = std::collections::BTreeMap::new();
    for (path, kind, count) in events {
        let Some(civic_api::SiteRoute {
            target: civic_api::Target::Petition(slug),
            ..
        }) = civic_api::SiteRoute::resolve(&path)
        else {
            continue;
        };
        let funnel = by_slug.entry(slug).or_default();
        match kind {
            EventKind::PetitionViewed => funnel.viewed += count,
            EventKind::PetitionSigned => funnel.signed += count,
            EventKind::PetitionConfirmed => funnel.confirmed += count,
            EventKind::PageView | EventKind::Share => {}
        }
    }
    let titles: std::collections::HashMap<String, String> = storage::petition_editing::lines(pool)
        .await?
        .into_iter()
        .map(|line| (line.slug.to_string(), line.title))
        .collect();
    let mut funnel_by_petition: Vec<PetitionFunnel> = by_slug
        .into_iter()
        .map(|(slug, funnel)| PetitionFunnel {
            title: titles.get(slug.as_str()).cloned().unwrap_or_default(),
            slug,
            funnel,
        })
        .collect();
    funnel_by_petition.sort_by(|a, b| b.funnel.viewed.cmp(&a.funnel.viewed).then_with(|| a.slug.cmp(&b.slug)));
    let sources = storage::analytics::signature_sources(pool, &from)
        .await?
        .into_iter()
        .map(|(source, count)| SourceTotal {
            source: if source.is_empty() {
                civic_api::signature_review::DIRECT.to_owned()
            } else {
                source
            },
            count,
        })
        .collect();
    Ok(StaffStatistics {
        public,
        funnel_by_petition,
        sources,
    })
}

/// One entry per day of the period, zero where nothing was counted.
pub fn fill_days(period: Period, counted: &[(String, u64)]) -> Vec<DayCount> {
    period
        .days()
        .map(|day| {
            let count = counted.iter().find(|(d, _)| *d == day).map_or(0, |(_, count)| *count);
            DayCount { day, count }
        })
        .collect()
}

/// Countries at or above the threshold, most first; the rest (and views of
/// unknown origin) as one number.
pub fn split_countries(counts: Vec<(Option<Country>, u64)>) -> (Vec<CountryCount>, u64) {
    let mut shown = Vec::new();
    let mut other = 0;
    for (country, count) in counts {
        match country {
            Some(country) if count >= COUNTRY_THRESHOLD => shown.push(CountryCount { country, count }),
            _ => other += count,
        }
    }
    shown.sort_by(|a, b| b.count.cmp(&a.count).then(a.country.cmp(&b.country)));
    (shown, other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_period_has_its_days_oldest_first() {
        let period = Period::ending(date!(2026 - 03 - 01));
        let days: Vec<String> = period.days().collect();
        assert_eq!(days.len(), STATISTICS_DAYS as usize);
        assert_eq!(days.first().map(String::as_str), Some("2026-01-31"));
        assert_eq!(days.last().map(String::as_str), Some("2026-03-01"));
    }

    #[test]
    fn days_without_counts_are_zero() {
        let period = Period::ending(date!(2026 - 11 - 29));
        let filled = fill_days(period, &[("2026-11-28".into(), 7)]);
        assert_eq!(filled.len(), STATISTICS_DAYS as usize);
        assert_eq!(filled[28].day, "2026-11-28");
        assert_eq!(filled[28].count, 7);
        assert_eq!(filled.iter().map(|d| d.count).sum::<u64>(), 7);
    }

    #[test]
    fn rare_and_unknown_countries_are_only_counted_together() {
        let fr = Country::parse("FR").unwrap();
        let es = Country::parse("ES").unwrap();
        let is = Country::parse("IS").unwrap();
        let (shown, other) = split_countries(vec![
            (Some(fr), COUNTRY_THRESHOLD),
            (Some(es), 40),
            (Some(is), COUNTRY_THRESHOLD - 1),
            (None, 5),
        ]);
        assert_eq!(
            shown,
            vec![
                CountryCount { country: es, count: 40 },
                CountryCount {
                    country: fr,
                    count: COUNTRY_THRESHOLD
                },
            ]
        );
        assert_eq!(other, COUNTRY_THRESHOLD - 1 + 5);
    }
}
