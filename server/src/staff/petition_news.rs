//! Posting a petition's news from the console: the update, its e-mail to
//! every signer who asked for news, and its audit line, in one
//! transaction, so an update exists exactly when its mails do and a retry
//! posts nothing twice.

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
        Some(id) => id,
        None => {
            let current = petition_editing::editable(&mut tx, petition_id)
                .await?
                .ok_or(ApiError::NotFound)?;
            if current.status == PetitionStatus::Draft {
                return Err(ApiError::Conflict(
                    "A draft has no signers: publish the petition before posting its news".to_owned(),
                ));
            }
            let petition = match state.petitions.registry().by_id(petition_id).cloned() {
                Some(petition) => petition,
                // Published a moment ago on another server.
                None => {
                    state.petitions.live.reload(&state.pool).await?;
                    state
                        .petitions
                        .registry()
                        .by_id(petition_id)
                        .cloned()
                        .context("A published petition is not in the registry")?
                }
            };
            let rendered: Vec<(NewsText, String)> = checked
                .texts
                .iter()
                .map(|text| (text.clone(), markdown_to_safe_html(&text.body_markdown)))
                .collect();
            let now = OffsetDateTime::now_utc();
            let at = db::stamp(now);
            let news = NewNews {
                petition: petition_id,
                at: &at,
                actor: staff.account.id,
                key,
                texts: &rendered,
            };
            let id = storage::insert(&mut tx, &news).await?;
            let update = Update { texts: &rendered };
            let followers = storage::following(&mut tx, petition_id).await?;
            for follower in &followers {
                mail::enqueue(&mut tx, &state.petitions.mails.news(follower, &petition, &update, now)?).await?;
            }
            let recipients = followers.len() as u64;
            storage::set_recipients(&mut tx, id, recipients).await?;
            let mut after = BTreeMap::from([
                ("news".to_owned(), id.to_string()),
                ("recipients".to_owned(), recipients.to_string()),
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
            state.mail.wake();
            tracing::info!(petition = %current.slug, recipients, by = staff.account.id, "petition news posted");
            id
        }
    };
    storage::posted(&state.pool, petition_id, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound)
}
