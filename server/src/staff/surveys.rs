//! Surveys from the console: written in every language from the version
//! read, with the same checks as a survey in `content/surveys`; opened and
//! closed; results and their CSV whether or not they are public; and
//! personal invitations mailed to a pasted list. Each change and its audit
//! line in one transaction, a retry done once; every server sees a change
//! within seconds, this one at once.

use std::collections::BTreeMap;

use anyhow::Context;
use civic_api::staff::AuditAction;
use civic_api::survey::{Limit, Survey, SurveyResults};
use civic_api::survey_editing::{
    EditableSurvey, InvitationsSent, SurveyEdit, SurveyInvitations, SurveyLine, SurveyStatusChange, read_addresses,
};
use civic_api::{FieldError, FieldErrors, IdempotencyKey, Locale, Slug};
use time::OffsetDateTime;

use crate::accounts::sessions::SignedIn;
use crate::db;
use crate::error::ApiError;
use crate::staff::{Line, differences, fingerprint, record};
use crate::state::AppState;
use crate::storage::staff_actions;
use crate::storage::survey_editing::{self as storage, Stored};
use crate::storage::surveys::limit_name;
use crate::surveys::SurveyEntry;

/// Every survey, open ones first, with its counted responses.
pub async fn list(state: &AppState) -> Result<Vec<SurveyLine>, ApiError> {
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let responses = storage::responses(&mut conn).await?;
    Ok(state
        .surveys
        .now()
        .all()
        .iter()
        .map(|entry| {
            let english = entry.in_locale(Locale::DEFAULT);
            SurveyLine {
                slug: english.slug.clone(),
                title: english.title.clone(),
                limit: english.limit,
                results_public: english.results_public,
                closed: english.closed,
                languages: english.languages.clone(),
                responses: responses.get(&entry.id()).copied().unwrap_or(0),
            }
        })
        .collect())
}

fn slug_of(text: &str) -> Result<Slug, ApiError> {
    Slug::parse(text).map_err(|_| ApiError::NotFound)
}

pub async fn show(state: &AppState, slug: &str) -> Result<EditableSurvey, ApiError> {
    let slug = slug_of(slug)?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let stored = storage::find(&mut conn, &slug).await?.ok_or(ApiError::NotFound)?;
    let responses = storage::responses(&mut conn).await?;
    Ok(EditableSurvey {
        responses: responses.get(&stored.id).copied().unwrap_or(0),
        slug,
        version: stored.version,
        translations: stored.translations,
    })
}

/// A new survey, open from today.
pub async fn create(state: &AppState, staff: &SignedIn, edit: &SurveyEdit) -> Result<EditableSurvey, ApiError> {
    let today = db::stamp(OffsetDateTime::now_utc())[..10].to_owned();
    let checked = edit.validate(false, &today).map_err(ApiError::Validation)?;
    if edit.version != 0 {
        return Err(invalid("version"));
    }
    let slug = checked.english().slug.clone();
    let key = checked.idempotency_key.as_str();
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if staff_actions::done_before(&mut tx, staff.account.id, key).await? {
        tx.rollback().await.context("Failed to end a read")?;
    } else {
        if storage::find(&mut tx, &slug).await?.is_some() {
            return Err(ApiError::Conflict(format!(
                "A survey already has the address {slug}: choose another"
            )));
        }
        let at = db::stamp(OffsetDateTime::now_utc());
        storage::insert(&mut tx, &checked, &at).await?;
        let line = Line {
            action: AuditAction::SurveySaved,
            subject: slug.as_str(),
            before: BTreeMap::new(),
            after: summary(&checked.translations),
            key,
        };
        record(&mut tx, staff, line).await?;
        tx.commit().await.context("Failed to commit a survey")?;
        tracing::info!(survey = %slug, by = staff.account.id, "survey written");
    }
    drop(conn);
    state.surveys.reload(&state.pool).await?;
    show(state, slug.as_str()).await
}

/// A survey's new wording, or (while nobody has answered) new structure.
pub async fn edit(
    state: &AppState,
    staff: &SignedIn,
    slug: &str,
    edit: &SurveyEdit,
) -> Result<EditableSurvey, ApiError> {
    let slug = slug_of(slug)?;
    let key = IdempotencyKey::parse(&edit.idempotency_key)
        .map_err(|error| ApiError::Validation(FieldErrors::from([("idempotency_key".to_owned(), error)])))?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if staff_actions::done_before(&mut tx, staff.account.id, key.as_str()).await? {
        tx.rollback().await.context("Failed to end a read")?;
    } else {
        let current = current(&mut tx, &slug, edit.version).await?;
        let checked = edit
            .validate(current.closed, &current.opened_on)
            .map_err(ApiError::Validation)?;
        if checked.english().slug != slug {
            return Err(invalid("translations.en.slug"));
        }
        let answered = storage::responses(&mut tx)
            .await?
            .get(&current.id)
            .copied()
            .unwrap_or(0);
        let old_shape = current.english().map(Survey::without_texts);
        if answered > 0 && old_shape.as_ref() != Some(&checked.english().without_texts()) {
            return Err(ApiError::Conflict(format!(
                "{answered} people have answered this survey: only its wording may change now, so that every answer keeps its question"
            )));
        }
        let at = db::stamp(OffsetDateTime::now_utc());
        if !storage::save(&mut tx, current.id, edit.version, &checked, &at).await? {
            return Err(stale(current.version));
        }
        let (before, after) = differences(summary(&current.translations), summary(&checked.translations));
        let line = Line {
            action: AuditAction::SurveySaved,
            subject: slug.as_str(),
            before,
            after,
            key: key.as_str(),
        };
        record(&mut tx, staff, line).await?;
        tx.commit().await.context("Failed to commit a survey")?;
    }
    drop(conn);
    state.surveys.reload(&state.pool).await?;
    show(state, slug.as_str()).await
}

/// Opens or closes a survey.
pub async fn set_status(
    state: &AppState,
    staff: &SignedIn,
    slug: &str,
    change: &SurveyStatusChange,
) -> Result<EditableSurvey, ApiError> {
    let slug = slug_of(slug)?;
    let key = IdempotencyKey::parse(&change.idempotency_key)
        .map_err(|error| ApiError::Validation(FieldErrors::from([("idempotency_key".to_owned(), error)])))?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if staff_actions::done_before(&mut tx, staff.account.id, key.as_str()).await? {
        tx.rollback().await.context("Failed to end a read")?;
    } else {
        let current = current(&mut tx, &slug, change.version).await?;
        let translations: Vec<Survey> = current
            .translations
            .iter()
            .cloned()
            .map(|mut survey| {
                survey.closed = change.closed;
                survey
            })
            .collect();
        let at = db::stamp(OffsetDateTime::now_utc());
        if !storage::set_closed(&mut tx, current.id, change.version, change.closed, &translations, &at).await? {
            return Err(stale(current.version));
        }
        let state_of = |closed: bool| BTreeMap::from([("closed".to_owned(), closed.to_string())]);
        let (before, after) = differences(state_of(current.closed), state_of(change.closed));
        let line = Line {
            action: AuditAction::SurveyStatusChanged,
            subject: slug.as_str(),
            before,
            after,
            key: key.as_str(),
        };
        record(&mut tx, staff, line).await?;
        tx.commit().await.context("Failed to commit a survey's status")?;
    }
    drop(conn);
    state.surveys.reload(&state.pool).await?;
    show(state, slug.as_str()).await
}

/// The results so far in `locale`'s words, public or not.
pub async fn results(state: &AppState, slug: &str, locale: Locale) -> Result<SurveyResults, ApiError> {
    let survey = entry(state, slug)?;
    Ok(crate::surveys::results::results(&state.pool, &survey, locale).await?)
}

/// Personal links to a survey limited to invited people, mailed in one
/// transaction with the audit line (which keeps how many, not who).
pub async fn invite(
    state: &AppState,
    staff: &SignedIn,
    slug: &str,
    request: &SurveyInvitations,
) -> Result<InvitationsSent, ApiError> {
    let mut errors = FieldErrors::new();
    let key = IdempotencyKey::parse(&request.idempotency_key)
        .map_err(|error| errors.insert("idempotency_key".to_owned(), error))
        .ok();
    let addresses = read_addresses(&request.addresses)
        .map_err(|refused| errors.extend(refused))
        .ok();
    let (Some(key), Some(addresses)) = (key, addresses) else {
        return Err(ApiError::Validation(errors));
    };
    let survey = entry(state, slug)?;
    if survey.limit() != Limit::Invitation {
        return Err(ApiError::Conflict(format!(
            "This survey takes answers {}: only a survey limited to invited people takes invitations",
            match survey.limit() {
                Limit::Anonymous => "from anyone",
                _ => "once per confirmed address",
            }
        )));
    }
    if survey.closed() {
        return Err(ApiError::Conflict(
            "This survey is closed: open it before inviting anyone".to_owned(),
        ));
    }
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if staff_actions::done_before(&mut tx, staff.account.id, key.as_str()).await? {
        tx.rollback().await.context("Failed to end a read")?;
    } else {
        let (mails, secret) = state.survey_responses.invitation_parts();
        let now = OffsetDateTime::now_utc();
        crate::surveys::invitations::queue(&mut tx, mails, secret, &survey, &addresses, request.locale, now).await?;
        let line = Line {
            action: AuditAction::SurveyInvited,
            subject: survey.slug().as_str(),
            before: BTreeMap::new(),
            after: BTreeMap::from([
                ("invited".to_owned(), addresses.len().to_string()),
                ("locale".to_owned(), request.locale.as_str().to_owned()),
            ]),
            key: key.as_str(),
        };
        record(&mut tx, staff, line).await?;
        tx.commit().await.context("Failed to commit the invitations")?;
        state.mail.wake();
    }
    Ok(InvitationsSent {
        invited: addresses.len() as u64,
    })
}

fn entry(state: &AppState, slug: &str) -> Result<std::sync::Arc<SurveyEntry>, ApiError> {
    state.surveys.now().find(slug).ok_or(ApiError::NotFound)
}

/// Survey `slug` as stored, if it is at the version read.
async fn current(conn: &mut db::Connection, slug: &Slug, version: i64) -> Result<Stored, ApiError> {
    let current = storage::find(conn, slug).await?.ok_or(ApiError::NotFound)?;
    if current.version != version {
        return Err(stale(current.version));
    }
    Ok(current)
}

fn invalid(field: &str) -> ApiError {
    ApiError::Validation(FieldErrors::from([(field.to_owned(), FieldError::Invalid)]))
}

fn stale(version: i64) -> ApiError {
    ApiError::Conflict(format!(
        "Someone changed this survey since you opened it (it is at version {version} now): nothing was saved"
    ))
}

/// What the audit line keeps of a survey: its settings, each title, how
/// many questions, and a fingerprint of each language's whole form.
fn summary(translations: &[Survey]) -> BTreeMap<String, String> {
    let mut state = BTreeMap::new();
    if let Some(english) = translations.first() {
        state.insert("limit".to_owned(), limit_name(english.limit).to_owned());
        state.insert("results_public".to_owned(), english.results_public.to_string());
        state.insert("questions".to_owned(), english.questions().count().to_string());
    }
    for survey in translations {
        let locale = survey.locale;
        state.insert(format!("title_{locale}"), survey.title.clone());
        let form = serde_json::to_string(survey).unwrap_or_default();
        state.insert(format!("form_{locale}"), fingerprint(&form));
    }
    state
}
