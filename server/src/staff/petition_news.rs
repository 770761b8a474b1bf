//! Posting a petition's news from the console: the update and its audit
//! line in one transaction (a retry posts nothing twice), then its e-mail
//! to every signer who asked for news, queued in batches of `BATCH`, each
//! in its own short write with the cursor it moves, so a long list never
//! holds signing up, and a server that stops halfway leaves the rest to
//! `resume_unfinished` at the next start-up (on any server: the cursor is
//! read inside each batch's write, so nobody is mailed twice).

use std::collections::BTreeMap;

use anyhow::Context;
use civic_api::petition_editing::PetitionStatus;
use civic_api::petition_news::{NewsDesk, NewsDraft, NewsText, PostedNews};
use civic_api::staff::AuditAction;
use time::OffsetDateTime;

use crate::accounts::sessions::SignedIn;
use crate::content::markdown_to_safe_html;
use crate::db;
use crate::error::ApiError;
use crate::mail;
use crate::petitions::news::Update;
use crate::staff::{Line, record};
use crate::state::AppState;
use crate::storage::petition_editing;
use crate::storage::petition_news::{self as storage, NewNews};

/// A petition's updates and how many signers the next one would reach.
pub async fn desk(state: &AppState, petition: i64) -> Result<NewsDesk, ApiError> {
    petition_editing::slug_of(&state.pool, petition)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(NewsDesk {
        followers: storage::followers(&state.pool, petition).await?,
        news: storage::posted(&state.pool, petition, None).await?,
    })
}

pub async fn post(
    state: &AppState,
    staff: &SignedIn,
    petition_id: i64,
    draft: &NewsDraft,
) -> Result<PostedNews, ApiError> {
    let checked = draft.validate().map_err(ApiError::Validation)?;
    let key = checked.idempotency_key.as_str();
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    let id = match storage::posted_with(&mut tx, staff.account.id, key).await? {
        Some(id) => {
            tx.rollback().await.context("Failed to end a read")?;
            id
        }
        None => {
            let current = petition_editing::editable(&mut tx, petition_id)
                .await?
                .ok_or(ApiError::NotFound)?;
            if current.status == PetitionStatus::Draft {
                return Err(ApiError::Conflict(
                    "A draft has no signers: publish the petition before posting its news".to_owned(),
                ));
            }
            let rendered: Vec<(NewsText, String)> = checked
                .texts
                .iter()
                .map(|text| (text.clone(), markdown_to_safe_html(&text.body_markdown)))
                .collect();
            let at = db::stamp(OffsetDateTime::now_utc());
            let news = NewNews {
                petition: petition_id,
                at: &at,
                actor: staff.account.id,
                key,
                texts: &rendered,
            };
            let id = storage::insert(&mut tx, &news).await?;
            let followers = storage::followers(&mut *tx, petition_id).await?;
            let mut after = BTreeMap::from([
                ("news".to_owned(), id.to_string()),
                ("followers".to_owned(), followers.to_string()),
            ]);
            for (text, _) in &rendered {
                after.insert(format!("title_{}", text.locale), text.title.clone());
            }
            let line = Line {
                action: AuditAction::PetitionNewsPosted,
                subject: current.slug.as_str(),
                before: BTreeMap::new(),
                after,
                key,
            };
            record(&mut tx, staff, line).await?;
            tx.commit().await.context("Failed to commit a petition's news")?;
            tracing::info!(petition = %current.slug, followers, by = staff.account.id, "petition news posted");
            id
        }
    };
    drop(conn);
    // A retry finishes what a first try left undone.
    queue(state, id).await?;
    storage::posted(&state.pool, petition_id, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound)
}

/// How many mails one write queues: a few hundred milliseconds at most, so
/// signatures wait no longer than that behind it.
const BATCH: i64 = 500;

/// Queues update `id` for its petition's followers it was not queued for
/// yet, a batch per write, until none is left.
async fn queue(state: &AppState, id: i64) -> anyhow::Result<()> {
    loop {
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        let Some(progress) = storage::queueing(&mut tx, id).await? else {
            return Ok(());
        };
        if progress.queued_at.is_some() {
            return Ok(());
        }
        let now = OffsetDateTime::now_utc();
        let batch = storage::following_after(&mut tx, progress.petition_id, progress.queued_up_to, BATCH).await?;
        let Some(last) = batch.last().map(|follower| follower.id) else {
            storage::finish(&mut tx, id, &db::stamp(now)).await?;
            tx.commit().await.context("Failed to mark an update queued")?;
            tracing::info!(news = id, "petition news queued for every follower");
            return Ok(());
        };
        let petition = petition(state, progress.petition_id).await?;
        let texts = storage::texts_of(&mut tx, id).await?;
        let update = Update { texts: &texts };
        for follower in &batch {
            mail::enqueue(&mut tx, &state.petitions.mails.news(follower, &petition, &update, now)?).await?;
        }
        storage::advance(&mut tx, id, last, batch.len() as u64).await?;
        tx.commit().await.context("Failed to commit a batch of petition news")?;
        state.mail.wake();
    }
}

/// The published petition `id` as the registry has it, read again if it
/// was published a moment ago on another server.
async fn petition(state: &AppState, id: i64) -> anyhow::Result<std::sync::Arc<crate::petitions::registry::Petition>> {
    if let Some(petition) = state.petitions.registry().by_id(id).cloned() {
        return Ok(petition);
    }
    state.petitions.live.reload(&state.pool).await?;
    state
        .petitions
        .registry()
        .by_id(id)
        .cloned()
        .context("A published petition is not in the registry")
}

/// At start-up: finishes queueing the updates a server stopped queueing.
pub async fn resume_unfinished(state: AppState) {
    let unfinished = match storage::unfinished(&state.pool).await {
        Ok(unfinished) => unfinished,
        Err(error) => {
            tracing::error!(error = ?error, "could not list the petition news still being queued");
            return;
        }
    };
    for id in unfinished {
        tracing::info!(news = id, "queueing the rest of a petition's news");
        if let Err(error) = queue(&state, id).await {
            tracing::error!(news = id, error = ?error, "could not queue the rest of a petition's news");
        }
    }
}
