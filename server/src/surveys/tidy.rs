//! Forgetting survey answers that can no longer count: pending ones whose
//! confirmation link has expired.

use crate::db::Pool;
use time::OffsetDateTime;

use crate::storage::survey_responses::{self as storage, day};
use crate::tokens::SURVEY_CONFIRM_TTL;

/// Deletes, as of `now`, pending answers submitted on a day before
/// `now - 7 days`: each was submitted more than 7 days ago, so its link,
/// which works for 7 days, has expired.
pub async fn tidy(pool: &Pool, now: OffsetDateTime) -> anyhow::Result<()> {
    let forgotten = storage::forget_pending(pool, day(now - SURVEY_CONFIRM_TTL)).await?;
    tracing::debug!(forgotten, "unconfirmed survey answers forgotten");
    Ok(())
}
