//! A petition's signatures as staff review them: counted by day and
//! source, exported, and invalidated in bulk (`signature_invalidations`),
//! with the petition's public counts moved in the same transaction.

use anyhow::Context;
use civic_api::signature_review::{
    CheckedFilter, DAYS_SHOWN, DIRECT, DayCount, DomainCount, Invalidation, SignatureFilter, SourceCount,
};

use crate::db::{Connection, Pool, Transaction};

/// The `WHERE` of the counted signatures of a petition that `filter`
/// takes, from placeholder `$2` on (`$1` is the petition), and its values.
fn matching(filter: &CheckedFilter) -> (String, Vec<String>) {
    let mut sql = String::from("petition_id = $1 AND confirmed_at IS NOT NULL AND invalidation_id IS NULL");
    let mut values = Vec::new();
    let mut next = |sql: &mut String, clause: &str, value: String| {
        values.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", values.len() + 1)));
    };
    if let Some(domain) = &filter.domain {
        let pattern = format!("%@{}", crate::storage::like_escaped(domain));
        next(&mut sql, " AND LOWER(email) LIKE ? ESCAPE '\\'", pattern);
    }
    if let Some(from) = &filter.from {
        next(&mut sql, " AND confirmed_at >= ?", from.clone());
    }
    if let Some(to) = &filter.to {
        next(&mut sql, " AND confirmed_at < ?", to.clone());
    }
    match filter.source.as_deref() {
        None => {}
        Some("") => sql.push_str(" AND source IS NULL"),
        Some(source) => next(&mut sql, " AND source = ?", source.to_owned()),
    }
    (sql, values)
}

/// How many counted signatures `filter` takes, and their domains.
pub async fn preview(pool: &Pool, petition: i64, filter: &CheckedFilter) -> anyhow::Result<(u64, Vec<DomainCount>)> {
    let (condition, values) = matching(filter);
    // What follows the last `@`, the same way on SQLite and PostgreSQL:
    // trimming from the right every character but `@` stops at it.
    let sql = format!(
        "SELECT LOWER(SUBSTR(email, LENGTH(RTRIM(email, REPLACE(email, '@', ''))) + 1)) AS domain, COUNT(*)
         FROM signatures WHERE {condition} GROUP BY domain ORDER BY COUNT(*) DESC, domain"
    );
    let mut query = sqlx::query_as::<_, (String, i64)>(&sql).bind(petition);
    for value in &values {
        query = query.bind(value);
    }
    let rows = query
        .fetch_all(pool)
        .await
        .context("Failed to preview an invalidation")?;
    let count = rows.iter().map(|(_, count)| *count).sum::<i64>();
    let domains = rows
        .into_iter()
        .take(10)
        .map(|(domain, count)| DomainCount {
            domain,
            count: u64::try_from(count).unwrap_or_default(),
        })
        .collect();
    Ok((u64::try_from(count).context("A count is negative")?, domains))
}

/// What an invalidation records of who and why.
pub struct NewInvalidation<'a> {
    pub petition: i64,
    pub at: &'a str,
    pub actor: i64,
    pub reason: &'a str,
    pub filter: &'a CheckedFilter,
    pub key: &'a str,
}

/// The invalidation `actor` made with `key`, if there is one (a retry).
pub async fn made_with(conn: &mut Connection, actor: i64, key: &str) -> anyhow::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM signature_invalidations WHERE actor_account_id = $1 AND idempotency_key = $2")
        .bind(actor)
        .bind(key)
        .fetch_optional(conn)
        .await
        .context("Failed to look for an invalidation")
}

/// Marks the signatures `new.filter` takes as invalidated and takes them
/// off the petition's counts; returns the invalidation and how many.
pub async fn invalidate(tx: &mut Transaction<'_>, new: &NewInvalidation<'_>) -> anyhow::Result<(i64, u64)> {
    let filter = new.filter;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO signature_invalidations
             (petition_id, at, actor_account_id, reason, domain, from_at, to_at, source, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(new.petition)
    .bind(new.at)
    .bind(new.actor)
    .bind(new.reason)
    .bind(filter.domain.clone().unwrap_or_default())
    .bind(filter.from.clone().unwrap_or_default())
    .bind(filter.to.clone().unwrap_or_default())
    .bind(filter.source.clone())
    .bind(new.key)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to record an invalidation")?;
    let (condition, values) = matching(filter);
    // `$1` the petition, the filter's values, then the invalidation.
    let sql = format!(
        "UPDATE signatures SET invalidation_id = ${} WHERE {condition}",
        values.len() + 2
    );
    let mut query = sqlx::query(&sql).bind(new.petition);
    for value in &values {
        query = query.bind(value);
    }
    let taken = query
        .bind(id)
        .execute(&mut **tx)
        .await
        .context("Failed to invalidate signatures")?
        .rows_affected();
    recount(tx, new.petition, id, -1).await?;
    sqlx::query("UPDATE signature_invalidations SET signatures = $1 WHERE id = $2")
        .bind(i64::try_from(taken).context("Too many signatures")?)
        .bind(id)
        .execute(&mut **tx)
        .await
        .context("Failed to count an invalidation")?;
    Ok((id, taken))
}

/// Makes the signatures of invalidation `id` count again; `false` when it
/// was undone already.
pub async fn undo(tx: &mut Transaction<'_>, petition: i64, id: i64, at: &str) -> anyhow::Result<bool> {
    let undone = sqlx::query(
        "UPDATE signature_invalidations SET undone_at = $1 WHERE id = $2 AND petition_id = $3 AND undone_at IS NULL",
    )
    .bind(at)
    .bind(id)
    .bind(petition)
    .execute(&mut **tx)
    .await
    .context("Failed to undo an invalidation")?;
    if undone.rows_affected() == 0 {
        return Ok(false);
    }
    recount(tx, petition, id, 1).await?;
    sqlx::query("UPDATE signatures SET invalidation_id = NULL WHERE invalidation_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await
        .context("Failed to count signatures again")?;
    Ok(true)
}

/// Moves the petition's counts, by country too, by the signatures of
/// invalidation `id` (`sign` -1 to take them off, 1 to give them back),
/// and its recounts, so every server reads the petitions again.
async fn recount(tx: &mut Transaction<'_>, petition: i64, id: i64, sign: i64) -> anyhow::Result<()> {
    let by_country: Vec<(String, i64)> =
        sqlx::query_as("SELECT country, COUNT(*) FROM signatures WHERE invalidation_id = $1 GROUP BY country")
            .bind(id)
            .fetch_all(&mut **tx)
            .await
            .context("Failed to count invalidated signatures")?;
    let mut total = 0;
    for (country, count) in by_country {
        total += count;
        sqlx::query(
            "UPDATE petition_country_counts SET signatures = signatures + $1 WHERE petition_id = $2 AND country = $3",
        )
        .bind(sign * count)
        .bind(petition)
        .bind(&country)
        .execute(&mut **tx)
        .await
        .context("Failed to move a country's count")?;
    }
    sqlx::query("UPDATE petitions SET signature_count = signature_count + $1, recounts = recounts + 1 WHERE id = $2")
        .bind(sign * total)
        .bind(petition)
        .execute(&mut **tx)
        .await
        .context("Failed to move a petition's count")?;
    Ok(())
}

/// Counted, pending and invalidated signatures of a petition.
pub async fn totals(pool: &Pool, petition: i64) -> anyhow::Result<(u64, u64, u64)> {
    let (confirmed, pending, invalidated): (i64, i64, i64) = sqlx::query_as(
        "SELECT
             COALESCE(SUM(CASE WHEN confirmed_at IS NOT NULL AND invalidation_id IS NULL THEN 1 ELSE 0 END), 0),
             COALESCE(SUM(CASE WHEN confirmed_at IS NULL THEN 1 ELSE 0 END), 0),
             COALESCE(SUM(CASE WHEN invalidation_id IS NOT NULL THEN 1 ELSE 0 END), 0)
         FROM signatures WHERE petition_id = $1",
    )
    .bind(petition)
    .fetch_one(pool)
    .await
    .context("Failed to count a petition's signatures")?;
    let count = |n: i64| u64::try_from(n).context("A count is negative");
    Ok((count(confirmed)?, count(pending)?, count(invalidated)?))
}

/// Counted signatures by the day they were confirmed, the last
/// `DAYS_SHOWN` days with any, oldest first.
pub async fn by_day(pool: &Pool, petition: i64) -> anyhow::Result<Vec<DayCount>> {
    let mut rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT SUBSTR(confirmed_at, 1, 10) AS day, COUNT(*) FROM signatures
         WHERE petition_id = $1 AND confirmed_at IS NOT NULL AND invalidation_id IS NULL
         GROUP BY day ORDER BY day DESC LIMIT $2",
    )
    .bind(petition)
    .bind(i64::try_from(DAYS_SHOWN).unwrap_or(60))
    .fetch_all(pool)
    .await
    .context("Failed to count signatures by day")?;
    rows.reverse();
    Ok(rows
        .into_iter()
        .map(|(day, count)| DayCount {
            day,
            count: u64::try_from(count).unwrap_or_default(),
        })
        .collect())
}

/// Counted signatures by source, most first.
pub async fn by_source(pool: &Pool, petition: i64) -> anyhow::Result<Vec<SourceCount>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT COALESCE(source, '') AS source, COUNT(*) FROM signatures
         WHERE petition_id = $1 AND confirmed_at IS NOT NULL AND invalidation_id IS NULL
         GROUP BY COALESCE(source, '') ORDER BY COUNT(*) DESC, source",
    )
    .bind(petition)
    .fetch_all(pool)
    .await
    .context("Failed to count signatures by source")?;
    Ok(rows
        .into_iter()
        .map(|(source, count)| SourceCount {
            source: if source.is_empty() { DIRECT.to_owned() } else { source },
            count: u64::try_from(count).unwrap_or_default(),
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct InvalidationRow {
    id: i64,
    at: String,
    email: Option<String>,
    reason: String,
    domain: String,
    from_at: String,
    to_at: String,
    source: Option<String>,
    signatures: i64,
    undone_at: Option<String>,
}

/// A petition's invalidations, newest first (or only `only`).
pub async fn invalidations<'c>(
    conn: &mut Connection,
    petition: i64,
    only: Option<i64>,
) -> anyhow::Result<Vec<Invalidation>> {
    let rows: Vec<InvalidationRow> = sqlx::query_as(
        "SELECT i.id, i.at, a.email, i.reason, i.domain, i.from_at, i.to_at, i.source, i.signatures, i.undone_at
         FROM signature_invalidations i LEFT JOIN accounts a ON a.id = i.actor_account_id
         WHERE i.petition_id = $1 AND ($2 = 0 OR i.id = $2) ORDER BY i.id DESC",
    )
    .bind(petition)
    .bind(only.unwrap_or(0))
    .fetch_all(conn)
    .await
    .context("Failed to read the invalidations")?;
    Ok(rows
        .into_iter()
        .map(|row| Invalidation {
            id: row.id,
            at: row.at,
            by: row.email,
            reason: row.reason,
            filter: SignatureFilter {
                domain: row.domain,
                from: row.from_at,
                to: row.to_at,
                source: match row.source.as_deref() {
                    None => String::new(),
                    Some("") => DIRECT.to_owned(),
                    Some(source) => source.to_owned(),
                },
            },
            count: u64::try_from(row.signatures).unwrap_or_default(),
            undone_at: row.undone_at,
        })
        .collect())
}

/// One counted signature, as the CSV export writes it.
#[derive(sqlx::FromRow)]
pub struct ExportedSignature {
    pub name: String,
    pub email: String,
    pub country: String,
    pub confirmed_at: String,
    pub source: Option<String>,
}

pub async fn counted(pool: &Pool, petition: i64) -> anyhow::Result<Vec<ExportedSignature>> {
    sqlx::query_as(
        "SELECT name, email, country, confirmed_at, source FROM signatures
         WHERE petition_id = $1 AND confirmed_at IS NOT NULL AND invalidation_id IS NULL ORDER BY confirmed_at, id",
    )
    .bind(petition)
    .fetch_all(pool)
    .await
    .context("Failed to read a petition's signatures")
}
