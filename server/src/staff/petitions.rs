//! What staff do to petitions from the console: write a draft, edit its
//! goal and texts, publish, close and open it again, give it a picture.
//! Each is one transaction with its line in the audit log; each names the
//! version it was made from and is refused when someone changed the
//! petition since; a retry (same key) is answered without a second change.
//! Once committed, this server shows the change at once, and the others
//! within their next reading (`petitions::registry::Live`).

use std::collections::BTreeMap;

use anyhow::Context;
use civic_api::petition_editing::{
    EditablePetition, IMAGE_HEIGHT, IMAGE_TYPES, IMAGE_UPLOAD_MAX_BYTES, IMAGE_WIDTH, NewPetition, PetitionEdit,
    PetitionPicture, PetitionStatus, PetitionText, StatusChange,
};
use civic_api::staff::AuditAction;
use civic_api::{FieldError, FieldErrors};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::accounts::sessions::SignedIn;
use crate::db;
use crate::error::ApiError;
use crate::staff::{Line, differences, record};
use crate::state::AppState;
use crate::storage::petition_editing::{self as storage, Media};
use crate::storage::petitions::free_code;
use crate::storage::staff_actions;

/// The longest value an audit line keeps of a changed text.
const AUDIT_VALUE_MAX: usize = 300;
/// The JPEG quality pictures are stored at: good for a 1200-pixel photo.
const PICTURE_QUALITY: u8 = 85;

/// The conflict an edit from a stale copy gets.
fn stale(now: i64) -> ApiError {
    ApiError::Conflict(format!(
        "Someone changed this petition since you opened it (it is now at version {now}); nothing was saved"
    ))
}

/// A new draft, seen only in the console until it is published.
pub async fn create(state: &AppState, staff: &SignedIn, request: &NewPetition) -> Result<EditablePetition, ApiError> {
    let (slug, checked) = request.validate().map_err(ApiError::Validation)?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    let retry = staff_actions::done_before(&mut tx, staff.account.id, checked.idempotency_key.as_str()).await?;
    let existing = storage::id_of(&mut *tx, &slug).await?;
    let id = match (retry, existing) {
        (true, Some(id)) => id,
        (_, Some(_)) => {
            return Err(ApiError::Conflict(
                "A petition already has this address: choose another".to_owned(),
            ));
        }
        (_, None) => {
            let at = db::stamp(OffsetDateTime::now_utc());
            let code = free_code(&mut tx).await?;
            let id = storage::create(&mut tx, &slug, checked.goal, code.as_str(), &at).await?;
            storage::replace_texts(&mut tx, id, &checked.texts).await?;
            let mut after = texts_state(&checked.texts);
            after.insert("goal".to_owned(), checked.goal.to_string());
            after.insert("status".to_owned(), PetitionStatus::Draft.as_str().to_owned());
            let line = Line {
                action: AuditAction::PetitionCreated,
                subject: slug.as_str(),
                before: BTreeMap::new(),
                after,
                key: checked.idempotency_key.as_str(),
            };
            record(&mut tx, staff, line).await?;
            tx.commit().await.context("Failed to commit a new petition")?;
            tracing::info!(petition = %slug, by = staff.account.id, "petition drafted");
            id
        }
    };
    changed(state, id).await
}

/// The goal and texts as staff wrote them, if nobody changed them since.
pub async fn edit(
    state: &AppState,
    staff: &SignedIn,
    id: i64,
    edit: &PetitionEdit,
) -> Result<EditablePetition, ApiError> {
    let checked = edit.validate().map_err(ApiError::Validation)?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if !staff_actions::done_before(&mut tx, staff.account.id, checked.idempotency_key.as_str()).await? {
        let current = storage::editable(&mut tx, id).await?.ok_or(ApiError::NotFound)?;
        let at = db::stamp(OffsetDateTime::now_utc());
        if !storage::next_version(&mut tx, id, edit.version, &at).await? {
            return Err(stale(current.version));
        }
        storage::set_goal(&mut tx, id, checked.goal).await?;
        storage::replace_texts(&mut tx, id, &checked.texts).await?;
        let (mut before, mut after) = (texts_state(&current.texts), texts_state(&checked.texts));
        before.insert("goal".to_owned(), current.goal.to_string());
        after.insert("goal".to_owned(), checked.goal.to_string());
        let (before, after) = differences(before, after);
        let line = Line {
            action: AuditAction::PetitionEdited,
            subject: current.slug.as_str(),
            before,
            after,
            key: checked.idempotency_key.as_str(),
        };
        record(&mut tx, staff, line).await?;
        tx.commit().await.context("Failed to commit a petition's edit")?;
    }
    changed(state, id).await
}

/// Publishes a draft, closes an open petition or opens a closed one.
pub async fn change_status(
    state: &AppState,
    staff: &SignedIn,
    id: i64,
    change: &StatusChange,
) -> Result<EditablePetition, ApiError> {
    let key = change.key().map_err(ApiError::Validation)?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if !staff_actions::done_before(&mut tx, staff.account.id, key.as_str()).await? {
        let current = storage::editable(&mut tx, id).await?.ok_or(ApiError::NotFound)?;
        if current.version != change.version {
            return Err(stale(current.version));
        }
        check_move(&current, change)?;
        let now = OffsetDateTime::now_utc();
        let at = db::stamp(now);
        if !storage::next_version(&mut tx, id, change.version, &at).await? {
            return Err(stale(current.version));
        }
        let today = format!("{:04}-{:02}-{:02}", now.year(), u8::from(now.month()), now.day());
        storage::set_status(&mut tx, id, change.to, &today).await?;
        let mut after = BTreeMap::from([("status".to_owned(), change.to.as_str().to_owned())]);
        if change.english_fallback && !current.missing.is_empty() {
            let shown = current.missing.iter().map(|locale| locale.as_str()).collect::<Vec<_>>();
            after.insert("english_shown_in".to_owned(), shown.join(", "));
        }
        let line = Line {
            action: AuditAction::PetitionStatusChanged,
            subject: current.slug.as_str(),
            before: BTreeMap::from([("status".to_owned(), current.status.as_str().to_owned())]),
            after,
            key: key.as_str(),
        };
        record(&mut tx, staff, line).await?;
        tx.commit().await.context("Failed to commit a petition's state")?;
        tracing::info!(petition = %current.slug, to = change.to.as_str(), by = staff.account.id, "petition state changed");
    }
    changed(state, id).await
}

/// Whether the petition may go from where it is to `change.to`: a draft
/// is published with every language, or with English said to stand in,
/// and with its picture described in each; a published petition closes
/// and opens again, and never goes back to being a draft.
fn check_move(current: &EditablePetition, change: &StatusChange) -> Result<(), ApiError> {
    use PetitionStatus::{Closed, Draft, Open};
    match (current.status, change.to) {
        (Draft, Open) => {
            let mut errors = FieldErrors::new();
            if !current.missing.is_empty() && !change.english_fallback {
                errors.insert("english_fallback".to_owned(), FieldError::Required);
            }
            if current.image.is_some() {
                for text in current.texts.iter().filter(|text| text.image_alt.trim().is_empty()) {
                    errors.insert(format!("texts.{}.image_alt", text.locale), FieldError::Required);
                }
            }
            if errors.is_empty() {
                Ok(())
            } else {
                Err(ApiError::Validation(errors))
            }
        }
        (Open, Closed) | (Closed, Open) => Ok(()),
        (from, to) => Err(ApiError::Conflict(format!(
            "A petition that is {} cannot become {}",
            from.as_str(),
            to.as_str()
        ))),
    }
}

/// What a picture upload names besides its bytes.
#[derive(Debug, serde::Deserialize)]
pub struct PictureQuery {
    pub version: i64,
    pub key: String,
}

/// Checks, cuts to 1200×630 and re-encodes the picture (so nothing of its
/// metadata, such as where it was taken, is kept), stores it, and gives it
/// to the petition.
pub async fn set_picture(
    state: &AppState,
    staff: &SignedIn,
    id: i64,
    query: &PictureQuery,
    content_type: Option<&str>,
    bytes: Vec<u8>,
) -> Result<EditablePetition, ApiError> {
    let key = civic_api::IdempotencyKey::parse(&query.key)
        .map_err(|error| ApiError::Validation(FieldErrors::from([("key".to_owned(), error)])))?;
    let refuse = |error: FieldError| ApiError::Validation(FieldErrors::from([("image".to_owned(), error)]));
    let taken_type = content_type
        .map(|value| value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
        .is_some_and(|value| IMAGE_TYPES.contains(&value.as_str()));
    if !taken_type {
        return Err(refuse(FieldError::Invalid));
    }
    if bytes.is_empty() {
        return Err(refuse(FieldError::Required));
    }
    if bytes.len() > IMAGE_UPLOAD_MAX_BYTES {
        return Err(refuse(FieldError::TooLong));
    }
    let jpeg = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<u8>> {
        let pixels = civic_images::decode_upload(&bytes)?;
        let cut = civic_images::cover(&pixels, IMAGE_WIDTH, IMAGE_HEIGHT);
        civic_images::encode(&cut, civic_api::image::ImageFormat::Jpeg, PICTURE_QUALITY)
    })
    .await
    .context("The picture encoder panicked")?;
    let jpeg = jpeg.map_err(|error| {
        tracing::info!(error = %error, "an uploaded picture was refused");
        refuse(FieldError::Invalid)
    })?;
    let hash = format!("{:x}", Sha256::digest(&jpeg));
    let picture = PetitionPicture {
        src: civic_api::paths::MEDIA.replace("{file}", &format!("{hash}.jpg")),
        width: IMAGE_WIDTH,
        height: IMAGE_HEIGHT,
    };
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if !staff_actions::done_before(&mut tx, staff.account.id, key.as_str()).await? {
        let current = storage::editable(&mut tx, id).await?.ok_or(ApiError::NotFound)?;
        let at = db::stamp(OffsetDateTime::now_utc());
        if !storage::next_version(&mut tx, id, query.version, &at).await? {
            return Err(stale(current.version));
        }
        let media = Media {
            hash: &hash,
            content_type: "image/jpeg",
            bytes: &jpeg,
            width: IMAGE_WIDTH,
            height: IMAGE_HEIGHT,
        };
        storage::store_media(&mut tx, &media, &at).await?;
        storage::set_image(&mut tx, id, &picture).await?;
        storage::forget_unshown_media(&mut tx).await?;
        let shown = |image: Option<&PetitionPicture>| image.map(|image| image.src.clone()).unwrap_or_default();
        let line = Line {
            action: AuditAction::PetitionImageChanged,
            subject: current.slug.as_str(),
            before: BTreeMap::from([("image".to_owned(), shown(current.image.as_ref()))]),
            after: BTreeMap::from([("image".to_owned(), picture.src.clone())]),
            key: key.as_str(),
        };
        record(&mut tx, staff, line).await?;
        tx.commit().await.context("Failed to commit a petition's picture")?;
    }
    changed(state, id).await
}

/// After a commit: this server reads the petitions again, so the public
/// page shows the change at once; the petition as it is now.
async fn changed(state: &AppState, id: i64) -> Result<EditablePetition, ApiError> {
    state.petitions.live.reload(&state.pool).await?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    Ok(storage::editable(&mut conn, id).await?.ok_or(ApiError::NotFound)?)
}

/// Each text's fields, as `{locale}.{field}`, cut short for the log.
fn texts_state(texts: &[PetitionText]) -> BTreeMap<String, String> {
    let mut state = BTreeMap::new();
    for text in texts {
        let fields = [
            ("title", &text.title),
            ("summary", &text.summary),
            ("addressed_to", &text.addressed_to),
            ("text", &text.body_markdown),
            ("image_alt", &text.image_alt),
        ];
        for (field, value) in fields {
            state.insert(format!("{}.{field}", text.locale), shortened(value));
        }
    }
    state
}

fn shortened(value: &str) -> String {
    match value.char_indices().nth(AUDIT_VALUE_MAX) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_audit_line_keeps_only_what_changed() {
        let before = BTreeMap::from([
            ("goal".to_owned(), "100".to_owned()),
            ("en.title".to_owned(), "Old".to_owned()),
            ("fr.title".to_owned(), "Vieux".to_owned()),
        ]);
        let after = BTreeMap::from([
            ("goal".to_owned(), "100".to_owned()),
            ("en.title".to_owned(), "New".to_owned()),
            ("es.title".to_owned(), "Nuevo".to_owned()),
        ]);
        let (before, after) = differences(before, after);
        assert_eq!(before.keys().collect::<Vec<_>>(), ["en.title", "es.title", "fr.title"]);
        assert_eq!(before["es.title"], "");
        assert_eq!(after["fr.title"], "");
        assert_eq!(after["en.title"], "New");
        assert_eq!(
            shortened(&"é".repeat(AUDIT_VALUE_MAX + 5)).chars().count(),
            AUDIT_VALUE_MAX + 1
        );
    }
}
