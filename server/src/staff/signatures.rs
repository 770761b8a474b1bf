//! What staff do with a petition's signatures: read them counted, export
//! them (addresses for admins only), invalidate a batch after fraud and
//! undo it. Each write is one transaction with its audit line; the public
//! count follows at once here and within seconds on the other servers.

use std::collections::BTreeMap;

use anyhow::Context;
use civic_api::account::Role;
use civic_api::signature_review::{
    DIRECT, Invalidation, InvalidationPreview, InvalidationRequest, SignatureFilter, SignatureSummary, UndoRequest,
};
use civic_api::staff::AuditAction;
use time::OffsetDateTime;

use crate::accounts::sessions::SignedIn;
use crate::db;
use crate::error::ApiError;
use crate::staff::{Line, record};
use crate::state::AppState;
use crate::storage::petition_editing;
use crate::storage::signature_review::{self as storage, NewInvalidation};
use crate::storage::staff_actions;

/// The petition's address, or 404.
async fn slug_of(state: &AppState, petition: i64) -> Result<String, ApiError> {
    Ok(petition_editing::slug_of(&state.pool, petition)
        .await?
        .ok_or(ApiError::NotFound)?)
}

pub async fn summary(state: &AppState, petition: i64) -> Result<SignatureSummary, ApiError> {
    slug_of(state, petition).await?;
    let (confirmed, pending, invalidated) = storage::totals(&state.pool, petition).await?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    Ok(SignatureSummary {
        confirmed,
        pending,
        invalidated,
        by_day: storage::by_day(&state.pool, petition).await?,
        by_country: crate::storage::petitions::by_country(&state.pool, petition).await?,
        by_source: storage::by_source(&state.pool, petition).await?,
        invalidations: storage::invalidations(&mut conn, petition, None).await?,
    })
}

pub async fn preview(
    state: &AppState,
    petition: i64,
    filter: &SignatureFilter,
) -> Result<InvalidationPreview, ApiError> {
    let filter = filter.validate().map_err(ApiError::Validation)?;
    slug_of(state, petition).await?;
    let (count, domains) = storage::preview(&state.pool, petition, &filter).await?;
    Ok(InvalidationPreview { count, domains })
}

/// The filter as the audit line keeps it: only the parts given.
fn filter_state(filter: &SignatureFilter) -> BTreeMap<String, String> {
    [
        ("domain", &filter.domain),
        ("from", &filter.from),
        ("to", &filter.to),
        ("source", &filter.source),
    ]
    .into_iter()
    .filter(|(_, value)| !value.is_empty())
    .map(|(name, value)| (name.to_owned(), value.clone()))
    .collect()
}

pub async fn invalidate(
    state: &AppState,
    staff: &SignedIn,
    petition: i64,
    request: &InvalidationRequest,
) -> Result<Invalidation, ApiError> {
    let (filter, reason, key) = request.validate().map_err(ApiError::Validation)?;
    let slug = slug_of(state, petition).await?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    let id = match storage::made_with(&mut tx, staff.account.id, key.as_str()).await? {
        Some(id) => id,
        None => {
            let at = db::stamp(OffsetDateTime::now_utc());
            let new = NewInvalidation {
                petition,
                at: &at,
                actor: staff.account.id,
                reason: &reason,
                filter: &filter,
                key: key.as_str(),
            };
            let (id, count) = storage::invalidate(&mut tx, &new).await?;
            let mut after = filter_state(&request.filter);
            after.insert("invalidated".to_owned(), count.to_string());
            after.insert("reason".to_owned(), reason.clone());
            record(
                &mut tx,
                staff,
                Line {
                    action: AuditAction::SignaturesInvalidated,
                    subject: &slug,
                    before: BTreeMap::new(),
                    after,
                    key: key.as_str(),
                },
            )
            .await?;
            tx.commit().await.context("Failed to commit an invalidation")?;
            tracing::info!(petition = %slug, count, by = staff.account.id, "signatures invalidated");
            id
        }
    };
    answer(state, petition, id).await
}

pub async fn undo(
    state: &AppState,
    staff: &SignedIn,
    petition: i64,
    invalidation: i64,
    request: &UndoRequest,
) -> Result<Invalidation, ApiError> {
    let key = request.key().map_err(ApiError::Validation)?;
    let slug = slug_of(state, petition).await?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if !staff_actions::done_before(&mut tx, staff.account.id, key.as_str()).await? {
        let found = storage::invalidations(&mut tx, petition, Some(invalidation)).await?;
        let found = found.into_iter().next().ok_or(ApiError::NotFound)?;
        let at = db::stamp(OffsetDateTime::now_utc());
        if !storage::undo(&mut tx, petition, invalidation, &at).await? {
            return Err(ApiError::Conflict(
                "This invalidation was undone already; nothing was changed".to_owned(),
            ));
        }
        let after = BTreeMap::from([
            ("counted_again".to_owned(), found.count.to_string()),
            ("invalidation".to_owned(), invalidation.to_string()),
        ]);
        record(
            &mut tx,
            staff,
            Line {
                action: AuditAction::InvalidationUndone,
                subject: &slug,
                before: BTreeMap::new(),
                after,
                key: key.as_str(),
            },
        )
        .await?;
        tx.commit().await.context("Failed to commit undoing an invalidation")?;
    }
    answer(state, petition, invalidation).await
}

/// After a commit: the counts as they are now, here at once; the
/// invalidation as stored.
async fn answer(state: &AppState, petition: i64, invalidation: i64) -> Result<Invalidation, ApiError> {
    state.petitions.live.reload(&state.pool).await?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let found = storage::invalidations(&mut conn, petition, Some(invalidation)).await?;
    Ok(found.into_iter().next().ok_or(ApiError::NotFound)?)
}

/// The counted signatures as CSV, with the addresses for an admin only;
/// the export is in the audit log before the file is built. Returns the
/// file's name and its text.
pub async fn csv(state: &AppState, staff: &SignedIn, petition: i64) -> Result<(String, String), ApiError> {
    let slug = slug_of(state, petition).await?;
    let admin = staff.account.role == Role::Admin;
    let subject = format!("{slug}{}", if admin { " (with addresses)" } else { "" });
    crate::staff::audit::record_export(&state.pool, staff.account.id, AuditAction::SignaturesExported, &subject)
        .await?;
    let signatures = storage::counted(&state.pool, petition).await?;
    let rows = signatures.into_iter().map(|signature| {
        let mut row = vec![
            signature.name,
            signature.country,
            signature.confirmed_at,
            signature.source.unwrap_or_else(|| DIRECT.to_owned()),
        ];
        if admin {
            row.push(signature.email);
        }
        row
    });
    let header = if admin {
        "name,country,confirmed_at,source,email"
    } else {
        "name,country,confirmed_at,source"
    };
    Ok((format!("signatures-{slug}.csv"), crate::csv_field::table(header, rows)))
}
