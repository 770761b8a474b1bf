//! The `analytics_daily` table: counts per day, event, page, network and
//! country. A row says how many, never who.

use crate::db::Db;
use anyhow::Context;
use civic_api::analytics::{EventKind, NetworkCount, PathCount};
use civic_api::petition::CountryCount;
use civic_api::share::Network;
use civic_api::{Country, SiteRoute};
use sqlx::Executor;

/// What one event adds one to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally<'a> {
    /// `YYYY-MM-DD`, UTC.
    pub day: &'a str,
    pub kind: EventKind,
    pub route: &'a SiteRoute,
    pub network: Option<Network>,
    pub country: Option<Country>,
}

#[tracing::instrument(skip_all, fields(event = tally.kind.as_str()))]
pub async fn count<'e>(executor: impl Executor<'e, Database = Db>, tally: &Tally<'_>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO analytics_daily (day, event, path, network, country, count)
         VALUES ($1, $2, $3, $4, $5, 1)
         ON CONFLICT (day, event, path, network, country) DO UPDATE SET count = analytics_daily.count + 1",
    )
    .bind(tally.day)
    .bind(tally.kind.as_str())
    .bind(tally.route.path())
    .bind(tally.network.map_or("", Network::source))
    .bind(tally.country.as_ref().map_or("", Country::code))
    .execute(executor)
    .await
    .context("Failed to count an event")?;
    Ok(())
}

/// Page views per day from `from` (`YYYY-MM-DD`) on; days without any are left out.
pub async fn page_views_per_day<'e>(
    executor: impl Executor<'e, Database = Db>,
    from: &str,
) -> anyhow::Result<Vec<(String, u64)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT day, SUM(count) FROM analytics_daily WHERE event = $1 AND day >= $2 GROUP BY day ORDER BY day",
    )
    .bind(EventKind::PageView.as_str())
    .bind(from)
    .fetch_all(executor)
    .await
    .context("Failed to read the page views per day")?;
    rows.into_iter()
        .map(|(day, count)| Ok((day, to_count(count)?)))
        .collect()
}

/// The most viewed pages from `from` on, most first.
pub async fn top_pages<'e>(
    executor: impl Executor<'e, Database = Db>,
    from: &str,
    limit: u32,
) -> anyhow::Result<Vec<PathCount>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT path, SUM(count) AS total FROM analytics_daily WHERE event = $1 AND day >= $2
         GROUP BY path ORDER BY total DESC, path LIMIT $3",
    )
    .bind(EventKind::PageView.as_str())
    .bind(from)
    .bind(i64::from(limit))
    .fetch_all(executor)
    .await
    .context("Failed to read the top pages")?;
    rows.into_iter()
        .map(|(path, count)| {
            Ok(PathCount {
                path,
                count: to_count(count)?,
            })
        })
        .collect()
}

/// Shares by network from `from` on, most first.
pub async fn shares<'e>(executor: impl Executor<'e, Database = Db>, from: &str) -> anyhow::Result<Vec<NetworkCount>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT network, SUM(count) AS total FROM analytics_daily WHERE event = $1 AND day >= $2
         GROUP BY network ORDER BY total DESC, network",
    )
    .bind(EventKind::Share.as_str())
    .bind(from)
    .fetch_all(executor)
    .await
    .context("Failed to read the shares")?;
    rows.into_iter()
        .map(|(network, count)| {
            Ok(NetworkCount {
                network: Network::parse(&network).with_context(|| format!("A stored network is unknown: {network}"))?,
                count: to_count(count)?,
            })
        })
        .collect()
}

/// Every event's total from `from` on.
pub async fn totals_by_event<'e>(
    executor: impl Executor<'e, Database = Db>,
    from: &str,
) -> anyhow::Result<Vec<(EventKind, u64)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT event, SUM(count) FROM analytics_daily WHERE day >= $1 GROUP BY event")
            .bind(from)
            .fetch_all(executor)
            .await
            .context("Failed to read the event totals")?;
    rows.into_iter()
        .map(|(event, count)| {
            let kind = EventKind::parse(&event).with_context(|| format!("A stored event is unknown: {event}"))?;
            Ok((kind, to_count(count)?))
        })
        .collect()
}

/// Page views by country from `from` on; `None` for views of unknown origin.
pub async fn page_views_by_country<'e>(
    executor: impl Executor<'e, Database = Db>,
    from: &str,
) -> anyhow::Result<Vec<(Option<Country>, u64)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT country, SUM(count) FROM analytics_daily WHERE event = $1 AND day >= $2 GROUP BY country",
    )
    .bind(EventKind::PageView.as_str())
    .bind(from)
    .fetch_all(executor)
    .await
    .context("Failed to read the page views by country")?;
    rows.into_iter()
        .map(|(country, count)| {
            let country = match country.as_str() {
                "" => None,
                code => Some(Country::parse(code).map_err(|e| anyhow::anyhow!("A stored country is invalid: {e}"))?),
            };
            Ok((country, to_count(count)?))
        })
        .collect()
}

/// Confirmed signatures of every petition together, by country, most first.
pub async fn signatures_by_country<'e>(
    executor: impl Executor<'e, Database = Db>,
) -> anyhow::Result<Vec<CountryCount>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT country, SUM(signatures) AS total FROM petition_country_counts
         GROUP BY country HAVING SUM(signatures) > 0 ORDER BY total DESC, country",
    )
    .fetch_all(executor)
    .await
    .context("Failed to read the signatures by country")?;
    rows.into_iter()
        .map(|(country, count)| {
            Ok(CountryCount {
                country: Country::parse(&country).map_err(|e| anyhow::anyhow!("A stored country is invalid: {e}"))?,
                count: to_count(count)?,
            })
        })
        .collect()
}

fn to_count(count: i64) -> anyhow::Result<u64> {
    u64::try_from(count).context("A stored count is negative")
}

/// The petition events of every path from `from` on.
pub async fn petition_events<'e>(
    executor: impl Executor<'e, Database = Db>,
    from: &str,
) -> anyhow::Result<Vec<(String, EventKind, u64)>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT path, event, SUM(count) FROM analytics_daily
         WHERE day >= $1 AND event IN ('petition_viewed', 'petition_signed', 'petition_confirmed')
         GROUP BY path, event",
    )
    .bind(from)
    .fetch_all(executor)
    .await
    .context("Failed to read the petitions' events")?;
    rows.into_iter()
        .map(|(path, event, count)| {
            let kind = EventKind::parse(&event).with_context(|| format!("A stored event is unknown: {event}"))?;
            Ok((path, kind, to_count(count)?))
        })
        .collect()
}

/// Signatures confirmed from `from` on and still counted, by source.
pub async fn signature_sources<'e>(
    executor: impl Executor<'e, Database = Db>,
    from: &str,
) -> anyhow::Result<Vec<(String, u64)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT COALESCE(source, '') AS source, COUNT(*) FROM signatures
         WHERE confirmed_at >= $1 AND invalidation_id IS NULL
         GROUP BY COALESCE(source, '') ORDER BY COUNT(*) DESC, source",
    )
    .bind(from)
    .fetch_all(executor)
    .await
    .context("Failed to count signatures by source")?;
    rows.into_iter()
        .map(|(source, count)| Ok((source, to_count(count)?)))
        .collect()
}
