//! The newsletter's mailings from the console: written in every language
//! from the version read, test-sent to the writer, scheduled or sent to the
//! list. Each change and its audit line in one transaction, a retry done
//! once; the sending itself is `newsletter::sending`'s.

use std::collections::BTreeMap;

use anyhow::Context;
use civic_api::newsletter_mailing::{
    EditableMailing, MailingDraft, MailingList, MailingSchedule, MailingSend, MailingTest, MailingTestSent,
    SCHEDULE_DAYS_MAX,
};
use civic_api::staff::AuditAction;
use civic_api::translated_text::TranslatedText;
use civic_api::{FieldError, FieldErrors, IdempotencyKey, Locale};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::accounts::sessions::SignedIn;
use crate::db::{self, Connection};
use crate::error::ApiError;
use crate::mail;
use crate::newsletter::issue::Issue;
use crate::newsletter::sending;
use crate::staff::{Line, differences, fingerprint, record};
use crate::state::AppState;
use crate::storage::mailings as storage;
use crate::storage::staff_actions;

pub async fn list(state: &AppState) -> Result<MailingList, ApiError> {
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    Ok(MailingList {
        subscribers: storage::subscribers(&mut conn).await?,
        mailings: storage::lines(&mut conn).await?,
    })
}

pub async fn show(state: &AppState, id: i64) -> Result<EditableMailing, ApiError> {
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    Ok(storage::editable(&mut conn, id).await?.ok_or(ApiError::NotFound)?)
}

/// The slug of a mailing written in the console: its first write's key.
fn slug_for(key: &IdempotencyKey) -> String {
    format!("mailing-{}", key.as_str().to_ascii_lowercase())
}

/// A new draft (`version` 0).
pub async fn create(state: &AppState, staff: &SignedIn, draft: &MailingDraft) -> Result<EditableMailing, ApiError> {
    let checked = draft.validate().map_err(ApiError::Validation)?;
    if draft.version != 0 {
        return Err(ApiError::Validation(FieldErrors::from([(
            "version".to_owned(),
            FieldError::Invalid,
        )])));
    }
    let key = checked.idempotency_key.as_str();
    let slug = slug_for(&checked.idempotency_key);
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    let id = match staff_actions::done_before(&mut tx, staff.account.id, key).await? {
        true => {
            let id = storage::id_of(&mut tx, &slug).await?.ok_or(ApiError::NotFound)?;
            tx.rollback().await.context("Failed to end a read")?;
            id
        }
        false => {
            let at = db::stamp(OffsetDateTime::now_utc());
            let id = storage::insert_draft(&mut tx, &slug, &at).await?;
            if !storage::save_texts(&mut tx, id, 1, &checked.texts, &at).await? {
                return Err(anyhow::anyhow!("A new mailing could not be saved").into());
            }
            let line = Line {
                action: AuditAction::MailingSaved,
                subject: &slug,
                before: BTreeMap::new(),
                after: summary(&checked.texts),
                key,
            };
            record(&mut tx, staff, line).await?;
            tx.commit().await.context("Failed to commit a mailing")?;
            tracing::info!(mailing = id, by = staff.account.id, "mailing written");
            id
        }
    };
    storage::editable(&mut conn, id).await?.ok_or(ApiError::NotFound)
}

/// New texts for an unsent mailing, from the version read.
pub async fn edit(
    state: &AppState,
    staff: &SignedIn,
    id: i64,
    draft: &MailingDraft,
) -> Result<EditableMailing, ApiError> {
    let checked = draft.validate().map_err(ApiError::Validation)?;
    let key = checked.idempotency_key.as_str();
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if staff_actions::done_before(&mut tx, staff.account.id, key).await? {
        tx.rollback().await.context("Failed to end a read")?;
    } else {
        let (current, slug) = current(&mut tx, id, draft.version).await?;
        let at = db::stamp(OffsetDateTime::now_utc());
        if !storage::save_texts(&mut tx, id, draft.version, &checked.texts, &at).await? {
            return Err(stale(current.version));
        }
        let written: Vec<TranslatedText> = current.texts.into_iter().filter(|text| !text.is_blank()).collect();
        let (before, after) = differences(summary(&written), summary(&checked.texts));
        let line = Line {
            action: AuditAction::MailingSaved,
            subject: &slug,
            before,
            after,
            key,
        };
        record(&mut tx, staff, line).await?;
        tx.commit().await.context("Failed to commit a mailing")?;
    }
    storage::editable(&mut conn, id).await?.ok_or(ApiError::NotFound)
}

/// The saved mailing in one language, to the staff member's own address.
pub async fn test(
    state: &AppState,
    staff: &SignedIn,
    id: i64,
    test: &MailingTest,
) -> Result<MailingTestSent, ApiError> {
    let key = IdempotencyKey::parse(&test.idempotency_key)
        .map_err(|error| ApiError::Validation(FieldErrors::from([("idempotency_key".to_owned(), error)])))?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    let texts = storage::texts(&mut *tx, id).await?;
    if texts.is_empty() {
        return Err(ApiError::NotFound);
    }
    let mails = state.newsletter.mails();
    let issue = Issue::new(&texts, mails.public_url(), None)?;
    let now = OffsetDateTime::now_utc();
    let mail = mails.test_issue(&staff.account.email, test.locale, &issue, now)?;
    let locale = mail.locale;
    if staff_actions::done_before(&mut tx, staff.account.id, key.as_str()).await? {
        tx.rollback().await.context("Failed to end a read")?;
    } else {
        let slug = storage::slug_of(&mut tx, id).await?;
        mail::enqueue(&mut tx, &mail).await?;
        let line = Line {
            action: AuditAction::MailingTestSent,
            subject: &slug,
            before: BTreeMap::new(),
            after: BTreeMap::from([("locale".to_owned(), locale.as_str().to_owned())]),
            key: key.as_str(),
        };
        record(&mut tx, staff, line).await?;
        tx.commit().await.context("Failed to commit a test mailing")?;
        state.mail.wake();
    }
    Ok(MailingTestSent {
        to: staff.account.email.as_str().to_owned(),
        locale,
    })
}

/// Schedules an unsent mailing, or takes it back to a draft.
pub async fn schedule(
    state: &AppState,
    staff: &SignedIn,
    id: i64,
    schedule: &MailingSchedule,
) -> Result<EditableMailing, ApiError> {
    let mut errors = FieldErrors::new();
    let key = IdempotencyKey::parse(&schedule.idempotency_key)
        .map_err(|error| errors.insert("idempotency_key".to_owned(), error))
        .ok();
    let now = OffsetDateTime::now_utc();
    let send_at = match schedule.send_at.as_deref().map(str::trim) {
        None => None,
        Some(text) => match OffsetDateTime::parse(text, &Rfc3339) {
            Ok(at) if at > now && at <= now + time::Duration::days(SCHEDULE_DAYS_MAX) => Some(db::stamp(at)),
            _ => {
                errors.insert("send_at".to_owned(), FieldError::Invalid);
                None
            }
        },
    };
    let Some(key) = key.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if staff_actions::done_before(&mut tx, staff.account.id, key.as_str()).await? {
        tx.rollback().await.context("Failed to end a read")?;
    } else {
        let (current, slug) = current(&mut tx, id, schedule.version).await?;
        let at = db::stamp(now);
        if !storage::set_schedule(&mut tx, id, schedule.version, send_at.as_deref(), &at).await? {
            return Err(stale(current.version));
        }
        let state_of = |status: &str, send_at: Option<&str>| {
            BTreeMap::from([
                ("status".to_owned(), status.to_owned()),
                ("send_at".to_owned(), send_at.unwrap_or_default().to_owned()),
            ])
        };
        let (before, after) = differences(
            state_of(current.status.as_str(), current.send_at.as_deref()),
            state_of(
                if send_at.is_some() { "scheduled" } else { "draft" },
                send_at.as_deref(),
            ),
        );
        let line = Line {
            action: AuditAction::MailingScheduled,
            subject: &slug,
            before,
            after,
            key: key.as_str(),
        };
        record(&mut tx, staff, line).await?;
        tx.commit().await.context("Failed to commit a schedule")?;
    }
    storage::editable(&mut conn, id).await?.ok_or(ApiError::NotFound)
}

/// Sends the version read to the list now; the mails are queued in the
/// background.
pub async fn send(
    state: &AppState,
    staff: &SignedIn,
    id: i64,
    send: &MailingSend,
) -> Result<EditableMailing, ApiError> {
    let key = IdempotencyKey::parse(&send.idempotency_key)
        .map_err(|error| ApiError::Validation(FieldErrors::from([("idempotency_key".to_owned(), error)])))?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if staff_actions::done_before(&mut tx, staff.account.id, key.as_str()).await? {
        tx.rollback().await.context("Failed to end a read")?;
    } else {
        let (current, slug) = current(&mut tx, id, send.version).await?;
        let at = db::stamp(OffsetDateTime::now_utc());
        if !storage::start_sending(&mut tx, id, send.version, &at).await? {
            return Err(stale(current.version));
        }
        let line = Line {
            action: AuditAction::MailingSent,
            subject: &slug,
            before: BTreeMap::from([("status".to_owned(), current.status.as_str().to_owned())]),
            after: BTreeMap::from([
                ("status".to_owned(), "sending".to_owned()),
                ("subscribers".to_owned(), current.subscribers.to_string()),
            ]),
            key: key.as_str(),
        };
        record(&mut tx, staff, line).await?;
        tx.commit().await.context("Failed to start sending a mailing")?;
        tracing::info!(
            mailing = id,
            subscribers = current.subscribers,
            by = staff.account.id,
            "mailing sent"
        );
        let (pool, mails, mailer) = (state.pool.clone(), state.newsletter.mails().clone(), state.mail.clone());
        tokio::spawn(async move {
            if let Err(error) = sending::queue(&pool, &mails, Some(&mailer), id).await {
                tracing::error!(mailing = id, error = ?error, "could not queue a mailing; the next start-up finishes it");
            }
        });
    }
    storage::editable(&mut conn, id).await?.ok_or(ApiError::NotFound)
}

/// Mailing `id` as it stands, if it is the version read and still unsent.
async fn current(conn: &mut Connection, id: i64, version: i64) -> Result<(EditableMailing, String), ApiError> {
    let current = storage::editable(conn, id).await?.ok_or(ApiError::NotFound)?;
    if !current.status.is_editable() {
        return Err(ApiError::Conflict(
            "This mailing has been sent: it can no longer change".to_owned(),
        ));
    }
    if current.version != version {
        return Err(stale(current.version));
    }
    let slug = storage::slug_of(conn, id).await?;
    Ok((current, slug))
}

fn stale(version: i64) -> ApiError {
    ApiError::Conflict(format!(
        "Someone changed this mailing since you opened it (it is at version {version} now): nothing was saved"
    ))
}

/// What the audit line keeps of a mailing's texts: each subject, and a
/// fingerprint of each text.
fn summary(texts: &[TranslatedText]) -> BTreeMap<String, String> {
    let mut state = BTreeMap::new();
    for text in texts {
        let locale: Locale = text.locale;
        state.insert(format!("subject_{locale}"), text.title.clone());
        state.insert(format!("text_{locale}"), fingerprint(&text.body_markdown));
    }
    state
}
