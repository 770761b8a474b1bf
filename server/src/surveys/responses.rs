//! Storing a validated response as its survey's limit asks: counted at once
//! (anonymous, or proven by an invitation), or pending until the link
//! mailed to the given address is followed. The address only ever reaches
//! the mail outbox; the response keeps a keyed hash of it.

use crate::db::{self, Db, Pool};
use anyhow::Context;
use civic_api::survey::{Limit, ResponseReceipt, ValidResponse};
use civic_api::{FieldError, Slug};
use sqlx::pool::PoolConnection;
use time::OffsetDateTime;

use super::mails::Mails;
use super::registry::{Registry, SurveyEntry};
use super::{person_keys, tidy};
use crate::mail::{self, Mailer};
use crate::refused::Refused;
use crate::secret::SecretKey;
use crate::storage::survey_responses::{self as storage, Counted, Inserted, NewResponse, ResponseState};
use crate::tokens::{self, Purpose, SURVEY_CONFIRM_TTL};

pub struct Responses {
    pool: Pool,
    key: SecretKey,
    mailer: Mailer,
    mails: Mails,
}

impl Responses {
    /// What invitations are made with: the mails and the key their links
    /// are signed with.
    pub fn invitation_parts(&self) -> (&Mails, &SecretKey) {
        (&self.mails, &self.key)
    }

    /// Tidies once, then every hour in the background.
    pub async fn start(pool: &Pool, key: SecretKey, mailer: Mailer, public_url: &str) -> anyhow::Result<Responses> {
        crate::tidying::start(pool, "pending survey answers", |pool, now| async move {
            tidy::tidy(&pool, now).await
        })
        .await?;
        Ok(Responses {
            pool: pool.clone(),
            key,
            mailer,
            mails: Mails::new(public_url)?,
        })
    }

    async fn connection(&self) -> anyhow::Result<PoolConnection<Db>> {
        self.pool.acquire().await.context("Failed to get a database connection")
    }

    /// Stores `response` to `survey` (open, and the response validated
    /// against it). A retry with the same idempotency key stores nothing
    /// more and answers the same.
    pub async fn submit(&self, survey: &SurveyEntry, response: ValidResponse) -> Result<ResponseReceipt, Refused> {
        let now = OffsetDateTime::now_utc();
        let mut new = NewResponse {
            survey_id: survey.id(),
            idempotency_key: &response.idempotency_key,
            answers: &response.answers,
            state: ResponseState::Counted,
            person_key: None,
            submitted_on: storage::day(now),
        };
        match survey.limit() {
            Limit::Anonymous => {
                self.insert_counted(&new).await?;
                Ok(ResponseReceipt::Counted)
            }
            Limit::Invitation => {
                let token = response
                    .invitation
                    .as_deref()
                    .ok_or_else(|| Refused::field("invitation", FieldError::Required))?;
                let person = self
                    .invited_person(survey.slug(), token, now)
                    .ok_or_else(|| Refused::field("invitation", FieldError::Invalid))?;
                new.person_key = Some(&person);
                self.insert_counted(&new).await?;
                Ok(ResponseReceipt::Counted)
            }
            Limit::Email => {
                let email = response
                    .email
                    .as_ref()
                    .ok_or_else(|| Refused::field("email", FieldError::Required))?;
                let person = person_keys::of_address(&self.key, survey.slug(), email);
                new.state = ResponseState::Pending;
                new.person_key = Some(&person);
                let mut conn = self.connection().await?;
                let mut tx = db::begin_write(&mut conn).await?;
                let Inserted::New(id) = storage::insert(&mut tx, &new).await? else {
                    // A retry: its mail went out the first time.
                    return Ok(ResponseReceipt::CheckInbox);
                };
                let token = tokens::issue_bound(
                    &self.key,
                    Purpose::SurveyResponse,
                    id,
                    person.as_bytes(),
                    SURVEY_CONFIRM_TTL,
                    now,
                );
                let text = survey.in_locale(response.locale);
                mail::enqueue(&mut tx, &self.mails.confirm(email, response.locale, text, &token)).await?;
                tx.commit().await.context("Failed to commit a survey response")?;
                self.mailer.wake();
                Ok(ResponseReceipt::CheckInbox)
            }
        }
    }

    async fn insert_counted(&self, new: &NewResponse<'_>) -> Result<(), Refused> {
        let mut conn = self.connection().await?;
        match storage::insert(&mut conn, new).await? {
            Inserted::New(_) | Inserted::Retry => Ok(()),
            Inserted::PersonAnswered => Err(Refused::AlreadyAnswered),
        }
    }

    /// The person key an invitation to `slug` proves, if it is genuine,
    /// unexpired and made for that survey.
    fn invited_person(&self, slug: &Slug, token: &str, now: OffsetDateTime) -> Option<String> {
        let invitee = tokens::verify_bound(
            &self.key,
            Purpose::SurveyInvitation,
            token.trim(),
            slug.as_str().as_bytes(),
            now,
        )?;
        Some(person_keys::of_invitee(&self.key, slug, invitee))
    }

    /// Follows a confirmation link: the pending response it names counts,
    /// unless that person's answer already does (then it is deleted). 404
    /// for anything but a genuine, unexpired `v.` token of a stored
    /// response; following it again answers the same.
    pub async fn confirm(&self, surveys: &Registry, token: &str) -> Result<ResponseReceipt, Refused> {
        let token = token.trim();
        let now = OffsetDateTime::now_utc();
        let id = tokens::claimed_subject(Purpose::SurveyResponse, token).ok_or(Refused::NotFound)?;
        let mut conn = self.connection().await?;
        let mut tx = db::begin_write(&mut conn).await?;
        let row = storage::find(&mut *tx, id).await?.ok_or(Refused::NotFound)?;
        // Bound to the person key: a token never names a later response
        // that was given a deleted one's id.
        let person = row.person_key.as_deref().ok_or(Refused::NotFound)?;
        let genuine = tokens::verify_bound(&self.key, Purpose::SurveyResponse, token, person.as_bytes(), now);
        if genuine != Some(id) {
            return Err(Refused::NotFound);
        }
        if row.is_counted() {
            return Ok(ResponseReceipt::Counted);
        }
        let survey = surveys.find(&row.slug).ok_or(Refused::NotFound)?;
        if survey.closed() {
            return Err(Refused::SurveyClosed);
        }
        match storage::count(&mut tx, id).await? {
            Counted::Now | Counted::Before => {
                tx.commit().await.context("Failed to count a survey response")?;
                Ok(ResponseReceipt::Counted)
            }
            Counted::PersonAnswered => {
                storage::delete_pending(&mut tx, id).await?;
                tx.commit().await.context("Failed to delete a second survey response")?;
                Err(Refused::AlreadyAnswered)
            }
        }
    }
}
