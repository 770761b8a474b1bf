//! Writes a person can quote, such as `PR-7K3QX9`: a problem report, a
//! contact message. Each is stored once under a fresh reference, and the
//! same idempotency key sent again finds the reference it got.

use anyhow::Context;
use civic_api::IdempotencyKey;
use rand::Rng;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

use crate::db::{Db, Transaction};

/// Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const LEN: usize = 6;

/// A fresh reference is taken again only if it collides with a stored one;
/// with ~900 million references that is rare, three times in a row absurd.
const ATTEMPTS: usize = 3;

/// A table of quotable writes: its `reference` and `idempotency_key`
/// columns are unique.
pub struct Referenced {
    pub table: &'static str,
    /// `PR`, `C`: what the reference starts with.
    pub prefix: &'static str,
}

/// What `Referenced::store` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// Written under this new reference (not committed yet).
    New(String),
    /// The key had been stored already, under this reference.
    Again(String),
}

impl Referenced {
    /// A fresh reference, about 900 million of them per prefix.
    pub fn new_reference(&self) -> String {
        let mut rng = rand::rng();
        let code: String = (0..LEN)
            .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
            .collect();
        format!("{}-{code}", self.prefix)
    }

    /// Runs `insert` (an `INSERT … ON CONFLICT DO NOTHING` of the row,
    /// given its reference) under a fresh reference, or finds the one `key`
    /// already got. Writing first, then reading on conflict, takes SQLite's
    /// write lock at once: a read that later turns into a write could fail
    /// under load.
    pub async fn store<'q>(
        &self,
        tx: &mut Transaction<'_>,
        key: &IdempotencyKey,
        insert: impl Fn(String) -> Query<'q, Db, AnyArguments<'q>>,
    ) -> anyhow::Result<Stored> {
        for _ in 0..ATTEMPTS {
            let reference = self.new_reference();
            let written = insert(reference.clone())
                .execute(&mut **tx)
                .await
                .with_context(|| format!("Failed to store a row in {}", self.table))?;
            if written.rows_affected() == 1 {
                return Ok(Stored::New(reference));
            }
            let existing: Option<String> = sqlx::query_scalar(&format!(
                "SELECT reference FROM {} WHERE idempotency_key = $1",
                self.table
            ))
            .bind(key.as_str())
            .fetch_optional(&mut **tx)
            .await
            .context("Failed to look up an idempotency key")?;
            if let Some(existing) = existing {
                return Ok(Stored::Again(existing));
            }
        }
        anyhow::bail!("Failed to find a free reference in {}", self.table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_short_and_unambiguous() {
        let reports = Referenced {
            table: "problem_reports",
            prefix: "PR",
        };
        for _ in 0..200 {
            let reference = reports.new_reference();
            let code = reference.strip_prefix("PR-").unwrap();
            assert_eq!(code.len(), LEN);
            assert!(code.bytes().all(|b| ALPHABET.contains(&b)), "{reference}");
        }
    }
}
