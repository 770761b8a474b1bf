//! The `survey_responses` table: answers, pending or counted, and the keyed
//! hash that refuses a second answer from one person. Nothing here ever
//! holds an address, a name, a client's address or a time of day.

use crate::db::{self, Connection, Db};
use anyhow::Context;
use civic_api::IdempotencyKey;
use civic_api::survey::Answers;
use sqlx::Executor;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

/// Whether a response counts yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseState {
    /// Waits for its e-mailed link to be followed.
    Pending,
    Counted,
}

impl ResponseState {
    fn as_str(self) -> &'static str {
        match self {
            ResponseState::Pending => "pending",
            ResponseState::Counted => "counted",
        }
    }
}

/// A response without its answers: what confirming one needs.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ResponseRow {
    pub id: i64,
    pub survey_id: i64,
    /// The survey's slug, joined in.
    pub slug: String,
    pub state: String,
    pub person_key: Option<String>,
}

impl ResponseRow {
    pub fn is_counted(&self) -> bool {
        self.state == ResponseState::Counted.as_str()
    }
}

/// One response to store.
pub struct NewResponse<'a> {
    pub survey_id: i64,
    pub idempotency_key: &'a IdempotencyKey,
    pub answers: &'a Answers,
    pub state: ResponseState,
    pub person_key: Option<&'a str>,
    pub submitted_on: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    New(i64),
    /// A response with this idempotency key is stored already: a retry.
    Retry,
    /// This person's answer to this survey already counts.
    PersonAnswered,
}

/// The day as stored: `YYYY-MM-DD`, UTC.
pub fn day(now: OffsetDateTime) -> Date {
    now.to_offset(time::UtcOffset::UTC).date()
}

fn format_day(date: Date) -> String {
    date.format(format_description!("[year]-[month]-[day]"))
        .expect("a date within years 0-9999 always formats")
}

pub async fn insert(conn: &mut Connection, response: &NewResponse<'_>) -> anyhow::Result<Inserted> {
    let answers = serde_json::to_string(response.answers).context("Failed to encode survey answers")?;
    // Only the idempotency key's conflict is a retry; a second counted
    // answer from one person breaks the other unique index and errs.
    let query = sqlx::query_scalar(
        "INSERT INTO survey_responses (survey_id, idempotency_key, answers, state, person_key, submitted_on)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING id",
    )
    .bind(response.survey_id)
    .bind(response.idempotency_key.as_str())
    .bind(answers)
    .bind(response.state.as_str())
    .bind(response.person_key)
    .bind(format_day(response.submitted_on));
    let result = db::may_conflict(conn, async |conn| query.fetch_optional(conn).await).await;
    match result {
        Ok(Some(id)) => Ok(Inserted::New(id)),
        Ok(None) => Ok(Inserted::Retry),
        Err(error) if db::is_unique_violation(&error) => Ok(Inserted::PersonAnswered),
        Err(error) => Err(error).context("Failed to store a survey response"),
    }
}

pub async fn find<'e>(executor: impl Executor<'e, Database = Db>, id: i64) -> anyhow::Result<Option<ResponseRow>> {
    sqlx::query_as(
        "SELECT r.id, r.survey_id, s.slug, r.state, r.person_key
         FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
         WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(executor)
    .await
    .context("Failed to read a survey response")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Now,
    /// It already counted: nothing changed.
    Before,
    /// Another answer from this person counts already.
    PersonAnswered,
}

/// Counts a pending response; the state guard makes doing it twice change
/// nothing.
pub async fn count(conn: &mut Connection, id: i64) -> anyhow::Result<Counted> {
    let query =
        sqlx::query("UPDATE survey_responses SET state = 'counted' WHERE id = $1 AND state = 'pending'").bind(id);
    let result = db::may_conflict(conn, async |conn| query.execute(conn).await).await;
    match result {
        Ok(done) if done.rows_affected() == 1 => Ok(Counted::Now),
        Ok(_) => Ok(Counted::Before),
        Err(error) if db::is_unique_violation(&error) => Ok(Counted::PersonAnswered),
        Err(error) => Err(error).context("Failed to count a survey response"),
    }
}

pub async fn delete_pending(conn: &mut Connection, id: i64) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM survey_responses WHERE id = $1 AND state = 'pending'")
        .bind(id)
        .execute(conn)
        .await
        .context("Failed to delete a pending survey response")?;
    Ok(())
}

/// Deletes pending responses submitted before `before`: their links have
/// expired, so they can never count.
pub async fn forget_pending<'e>(executor: impl Executor<'e, Database = Db>, before: Date) -> anyhow::Result<u64> {
    let result = sqlx::query("DELETE FROM survey_responses WHERE state = 'pending' AND submitted_on < $1")
        .bind(format_day(before))
        .execute(executor)
        .await
        .context("Failed to forget pending survey responses")?;
    Ok(result.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn days_are_utc_dates_that_sort_as_text() {
        assert_eq!(day(datetime!(2026-11-29 23:30 -02:00)), date!(2026 - 11 - 30));
        assert_eq!(format_day(date!(2026 - 01 - 05)), "2026-01-05");
        assert!(format_day(date!(2026 - 01 - 05)) < format_day(date!(2026 - 10 - 01)));
    }
}
