//! The signing rules: what signing, confirming and resending a
//! confirmation do inside the writer's transaction (see `writer`, which
//! batches them and commits). Each job either answers, is refused with
//! what the visitor is told (`Refusal`), or fails; what it changes outside
//! the database waits in `Effects` until the batch has committed.

use std::collections::HashMap;
use std::sync::Arc;

use crate::db::Connection;
use anyhow::Context;
use civic_api::petition::{Confirmation, Referral, ShortCode, SignReceipt, Signature};
use civic_api::{Country, Email, IdempotencyKey, Locale, PersonName};
use time::OffsetDateTime;

use super::codes::new_code;
use super::mails::{Mails, Recipient};
use super::registry::{Live, Petition};
use crate::mail::{self, OutgoingMail};
use crate::newsletter::Newsletter;
use crate::storage::signatures::{self, Confirmed, Inserted, SignatureRow};

/// A fresh code collides once in 10¹⁴; this many in a row is a bug.
const CODE_ATTEMPTS: usize = 5;

pub enum Work {
    /// A checked sign request. `person` is the signature id a valid person
    /// token named; it proves the address only if it is this one. `member`
    /// is the address of the signed-in account, proven when it joined.
    Sign {
        petition: Arc<Petition>,
        signature: Box<Signature>,
        person: Option<i64>,
        member: Option<Email>,
    },
    Resend {
        petition: Arc<Petition>,
        key: IdempotencyKey,
        email: Email,
        locale: Locale,
    },
    /// The signature a valid confirm token named.
    Confirm { signature_id: i64 },
}

#[derive(Debug)]
pub enum Answer {
    Receipt(SignReceipt),
    Confirmation(Confirmation),
    Done,
}

/// What a job refuses to do, and the visitor is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The signature (or its petition) is not there.
    Unknown,
    /// The petition takes no more signatures.
    Closed,
}

/// What the rules read besides the database.
pub struct Rules {
    pub live: Arc<Live>,
    pub mails: Mails,
    /// Subscribes signers who ticked the newsletter box, once counted.
    pub newsletter: Arc<Newsletter>,
}

/// What a batch changes outside the database, applied after its commit.
#[derive(Default)]
pub struct Effects {
    pub confirmed: HashMap<i64, u64>,
    pub by_country: HashMap<(i64, Country), u64>,
    pub mails: usize,
}

impl Effects {
    fn count(&mut self, petition_id: i64, country: Country) {
        *self.confirmed.entry(petition_id).or_default() += 1;
        *self.by_country.entry((petition_id, country)).or_default() += 1;
    }
}

/// One job inside the batch's transaction. `Ok(Err(_))` is a refusal the
/// visitor sees (unknown or closed); `Err(_)` a failure of the job.
pub struct Step<'a> {
    pub rules: &'a Rules,
    pub now: OffsetDateTime,
    pub stamp: &'a str,
}

impl Step<'_> {
    pub async fn run(
        &self,
        conn: &mut Connection,
        work: &Work,
        effects: &mut Effects,
    ) -> anyhow::Result<Result<Answer, Refusal>> {
        match work {
            Work::Sign {
                petition,
                signature,
                person,
                member,
            } => {
                let signed_in = member
                    .as_ref()
                    .is_some_and(|member| member.dedupe_key() == signature.email.dedupe_key());
                let proven = signed_in || self.proves_address(conn, *person, &signature.email).await?;
                if proven {
                    self.sign_proven(conn, petition, signature, effects).await
                } else {
                    self.sign(conn, petition, signature, effects).await
                }
            }
            Work::Resend {
                petition,
                key,
                email,
                locale,
            } => self.resend(conn, petition, key, email, *locale, effects).await,
            Work::Confirm { signature_id } => self.confirm(conn, *signature_id, effects).await,
        }
    }

    /// A person token proves the address only if it names a confirmed
    /// signature of the same mailbox as the one typed in the form.
    async fn proves_address(&self, conn: &mut Connection, person: Option<i64>, email: &Email) -> anyhow::Result<bool> {
        let Some(id) = person else { return Ok(false) };
        let row = signatures::find(&mut *conn, id).await?;
        Ok(row.is_some_and(|row| row.is_confirmed() && row.email_key == email.dedupe_key()))
    }

    /// Without proof: a pending signature and a confirmation e-mail, or an
    /// e-mail saying what happened before. The answer is the same for all.
    async fn sign(
        &self,
        conn: &mut Connection,
        petition: &Petition,
        signature: &Signature,
        effects: &mut Effects,
    ) -> anyhow::Result<Result<Answer, Refusal>> {
        let check_inbox = Ok(Ok(Answer::Receipt(SignReceipt::CheckInbox)));
        if !signatures::claim_request(conn, &signature.idempotency_key, self.stamp).await? {
            return check_inbox;
        }
        let mails = &self.rules.mails;
        match signatures::insert(conn, petition.id(), signature, None, self.stamp).await? {
            Inserted::New(id) => {
                let to = Recipient {
                    email: &signature.email,
                    locale: signature.locale,
                    first_name: signature.name.first_name(),
                };
                self.queue(conn, mails.confirm(&to, petition, id, false, self.now), effects)
                    .await?;
            }
            Inserted::Exists => {
                let row = signatures::find_by_email_key(&mut *conn, petition.id(), &signature.email.dedupe_key())
                    .await?
                    .context("A signature vanished inside its transaction")?;
                let (email, name) = stored_identity(&row)?;
                let to = Recipient {
                    email: &email,
                    locale: signature.locale,
                    first_name: name.first_name(),
                };
                let mail = match &row.referral_code {
                    Some(code) if row.is_confirmed() => mails.already_signed(&to, petition, &parse_code(code)?),
                    _ => mails.confirm(&to, petition, row.id, true, self.now),
                };
                self.queue(conn, mail, effects).await?;
            }
            Inserted::CodeTaken => anyhow::bail!("A pending signature cannot take a referral code"),
        }
        check_inbox
    }

    /// With a valid person token for this mailbox: the signature counts now.
    async fn sign_proven(
        &self,
        conn: &mut Connection,
        petition: &Petition,
        signature: &Signature,
        effects: &mut Effects,
    ) -> anyhow::Result<Result<Answer, Refusal>> {
        let first_time = signatures::claim_request(conn, &signature.idempotency_key, self.stamp).await?;
        let existing = signatures::find_by_email_key(&mut *conn, petition.id(), &signature.email.dedupe_key()).await?;
        let row = match existing {
            Some(row) if row.is_confirmed() => row,
            // A retry whose first attempt stored nothing it can show.
            _ if !first_time => return Ok(Ok(Answer::Receipt(SignReceipt::CheckInbox))),
            Some(row) => {
                self.confirm_row(conn, petition, &row, effects).await?;
                signatures::find(&mut *conn, row.id)
                    .await?
                    .context("A signature vanished")?
            }
            None => {
                let id = self.insert_confirmed(conn, petition, signature).await?;
                let row = signatures::find(&mut *conn, id)
                    .await?
                    .context("A signature vanished")?;
                effects.count(petition.id(), signature.country);
                self.welcome(conn, petition, &row, effects).await?;
                row
            }
        };
        let (_, name) = stored_identity(&row)?;
        let referral = self.referral(conn, &row).await?;
        Ok(Ok(Answer::Receipt(SignReceipt::Signed {
            first_name: name.first_name().to_owned(),
            referral,
        })))
    }

    async fn insert_confirmed(
        &self,
        conn: &mut Connection,
        petition: &Petition,
        signature: &Signature,
    ) -> anyhow::Result<i64> {
        for _ in 0..CODE_ATTEMPTS {
            let code = self.fresh_code();
            match signatures::insert(conn, petition.id(), signature, Some(&code), self.stamp).await? {
                Inserted::New(id) => return Ok(id),
                Inserted::CodeTaken => continue,
                Inserted::Exists => anyhow::bail!("A signature appeared inside its own transaction"),
            }
        }
        anyhow::bail!("Failed to find a free referral code")
    }

    /// Confirms a pending `row`, counts it and queues the thank-you.
    async fn confirm_row(
        &self,
        conn: &mut Connection,
        petition: &Petition,
        row: &SignatureRow,
        effects: &mut Effects,
    ) -> anyhow::Result<()> {
        for _ in 0..CODE_ATTEMPTS {
            let code = self.fresh_code();
            match signatures::confirm(conn, row.id, &code, self.stamp).await? {
                Confirmed::Now => {
                    let country = Country::parse(&row.country)
                        .map_err(|e| anyhow::anyhow!("A stored signature has an invalid country: {e}"))?;
                    effects.count(petition.id(), country);
                    let confirmed = SignatureRow {
                        referral_code: Some(code.to_string()),
                        confirmed_at: Some(self.stamp.to_owned()),
                        ..row.clone()
                    };
                    self.welcome(conn, petition, &confirmed, effects).await?;
                    return Ok(());
                }
                Confirmed::Before => return Ok(()),
                Confirmed::CodeTaken => continue,
            }
        }
        anyhow::bail!("Failed to find a free referral code")
    }

    /// Confirming is idempotent: the second time answers the same and
    /// counts nothing.
    async fn confirm(
        &self,
        conn: &mut Connection,
        signature_id: i64,
        effects: &mut Effects,
    ) -> anyhow::Result<Result<Answer, Refusal>> {
        let Some(row) = signatures::find(&mut *conn, signature_id).await? else {
            return Ok(Err(Refusal::Unknown));
        };
        let registry = self.rules.live.now();
        let Some(petition) = registry.by_id(row.petition_id) else {
            return Ok(Err(Refusal::Unknown));
        };
        let row = if row.is_confirmed() {
            row
        } else {
            if petition.closed() {
                return Ok(Err(Refusal::Closed));
            }
            self.confirm_row(conn, petition, &row, effects).await?;
            signatures::find(&mut *conn, row.id)
                .await?
                .context("A signature vanished")?
        };
        let (_, name) = stored_identity(&row)?;
        let locale = row.locale();
        Ok(Ok(Answer::Confirmation(Confirmation {
            slug: petition.slug().clone(),
            locale,
            title: petition.text(locale).title.clone(),
            first_name: name.first_name().to_owned(),
            referral: self.referral(conn, &row).await?,
        })))
    }

    async fn resend(
        &self,
        conn: &mut Connection,
        petition: &Petition,
        key: &IdempotencyKey,
        email: &Email,
        locale: Locale,
        effects: &mut Effects,
    ) -> anyhow::Result<Result<Answer, Refusal>> {
        if !signatures::claim_request(conn, key, self.stamp).await? {
            return Ok(Ok(Answer::Done));
        }
        let row = signatures::find_by_email_key(&mut *conn, petition.id(), &email.dedupe_key()).await?;
        if let Some(row) = row.filter(|row| !row.is_confirmed()) {
            let (stored_email, name) = stored_identity(&row)?;
            let to = Recipient {
                email: &stored_email,
                locale,
                first_name: name.first_name(),
            };
            let outgoing = self.rules.mails.confirm(&to, petition, row.id, false, self.now);
            self.queue(conn, outgoing, effects).await?;
        }
        Ok(Ok(Answer::Done))
    }

    /// Queues `outgoing` in the batch's transaction: it is sent exactly if
    /// the batch commits.
    async fn queue(&self, conn: &mut Connection, outgoing: OutgoingMail, effects: &mut Effects) -> anyhow::Result<()> {
        mail::enqueue(conn, &outgoing).await?;
        effects.mails += 1;
        Ok(())
    }

    /// What follows a signature's first count: the thank-you, and the
    /// newsletter for a signer who asked for it (the address is proven now).
    async fn welcome(
        &self,
        conn: &mut Connection,
        petition: &Petition,
        row: &SignatureRow,
        effects: &mut Effects,
    ) -> anyhow::Result<()> {
        self.queue(conn, self.thanks(petition, row)?, effects).await?;
        if self.rules.newsletter.subscribe_signer(conn, row.id, self.now).await? {
            effects.mails += 1;
        }
        Ok(())
    }

    fn thanks(&self, petition: &Petition, row: &SignatureRow) -> anyhow::Result<OutgoingMail> {
        let (email, name) = stored_identity(row)?;
        let code = parse_code(
            row.referral_code
                .as_deref()
                .context("A confirmed signature has no code")?,
        )?;
        let to = Recipient {
            email: &email,
            locale: row.locale(),
            first_name: name.first_name(),
        };
        let registry = self.rules.live.now();
        let others = registry.open_except(petition.id());
        Ok(self.rules.mails.thanks(&to, petition, &code, row.id, others, self.now))
    }

    async fn referral(&self, conn: &mut Connection, row: &SignatureRow) -> anyhow::Result<Referral> {
        let code = row
            .referral_code
            .as_deref()
            .context("A confirmed signature has no code")?;
        Ok(Referral {
            code: parse_code(code)?,
            signed_through: signatures::signed_through(&mut *conn, code).await?,
        })
    }

    /// A code no petition uses either: `/s/{code}` looks petitions up first.
    fn fresh_code(&self) -> ShortCode {
        loop {
            let code = new_code();
            if self.rules.live.now().by_short_code(&code).is_none() {
                return code;
            }
        }
    }
}

fn stored_identity(row: &SignatureRow) -> anyhow::Result<(Email, PersonName)> {
    let email = Email::parse(&row.email).map_err(|e| anyhow::anyhow!("A stored address is invalid: {e}"))?;
    let name = PersonName::parse(&row.name).map_err(|e| anyhow::anyhow!("A stored name is invalid: {e}"))?;
    Ok((email, name))
}

fn parse_code(code: &str) -> anyhow::Result<ShortCode> {
    ShortCode::parse(code).map_err(|e| anyhow::anyhow!("A stored referral code is malformed: {e}"))
}
