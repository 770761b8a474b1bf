//! The console's view of a petition's signatures: counts over time, by
//! country and by source; the CSV export; and bulk invalidation after
//! fraud, as the UK Parliament's petitions site does it: choose the
//! signatures by address domain, time window and source, see how many
//! match, invalidate them with a reason, undo it if it was a mistake.

use serde::{Deserialize, Serialize};

use crate::field::bounded_text;
use crate::petition::CountryCount;
use crate::{FieldError, FieldErrors, IdempotencyKey};

pub const REASON_MAX: usize = 500;
/// How many days the counts over time go back.
pub const DAYS_SHOWN: usize = 60;

/// Which confirmed signatures an invalidation takes; every part given must
/// hold, and at least one is given.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureFilter {
    /// The part of the address after `@`, any case: `example.org`.
    #[serde(default)]
    pub domain: String,
    /// Confirmed at or after, `YYYY-MM-DDTHH:MM` in UTC.
    #[serde(default)]
    pub from: String,
    /// Confirmed before, `YYYY-MM-DDTHH:MM` in UTC.
    #[serde(default)]
    pub to: String,
    /// The `?source=` the petition was signed from; `direct` for none.
    #[serde(default)]
    pub source: String,
}

/// The word a filter and a count use for signatures without a source.
pub const DIRECT: &str = "direct";

/// A filter whose every part was checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckedFilter {
    pub domain: Option<String>,
    /// `YYYY-MM-DDTHH:MM`, comparable with the stored times as text.
    pub from: Option<String>,
    pub to: Option<String>,
    /// `Some("")` for signatures without a source.
    pub source: Option<String>,
}

impl SignatureFilter {
    pub fn validate(&self) -> Result<CheckedFilter, FieldErrors> {
        let mut errors = FieldErrors::new();
        let domain = self.domain.trim().trim_start_matches('@').to_ascii_lowercase();
        let domain_ok = domain.is_empty()
            || (domain.len() <= 253
                && domain.contains('.')
                && domain
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'));
        if !domain_ok {
            errors.insert("domain".to_owned(), FieldError::Invalid);
        }
        let time = |field: &str, value: &str, errors: &mut FieldErrors| {
            let value = value.trim();
            if value.is_empty() {
                return None;
            }
            if is_minute(value) {
                Some(value.to_owned())
            } else {
                errors.insert(field.to_owned(), FieldError::Invalid);
                None
            }
        };
        let from = time("from", &self.from, &mut errors);
        let to = time("to", &self.to, &mut errors);
        if let (Some(from), Some(to)) = (&from, &to)
            && from >= to
        {
            errors.insert("to".to_owned(), FieldError::Invalid);
        }
        let source = self.source.trim();
        let source = match source {
            "" => None,
            DIRECT => Some(String::new()),
            other => match crate::petition::Source::parse(other) {
                Ok(source) => Some(source.as_str().to_owned()),
                Err(error) => {
                    errors.insert("source".to_owned(), error);
                    None
                }
            },
        };
        let checked = CheckedFilter {
            domain: (!domain.is_empty()).then_some(domain),
            from,
            to,
            source,
        };
        if checked == CheckedFilter::default() && errors.is_empty() {
            errors.insert("domain".to_owned(), FieldError::Required);
        }
        if errors.is_empty() { Ok(checked) } else { Err(errors) }
    }
}

/// `YYYY-MM-DDTHH:MM`, as a browser's `datetime-local` field gives it.
fn is_minute(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 16
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 => *b == b':',
            _ => b.is_ascii_digit(),
        })
}

/// `POST …/invalidation-previews`: how many signatures a filter takes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvalidationPreview {
    /// Confirmed signatures, not yet invalidated, that match.
    pub count: u64,
    /// The domains among them, most first, at most ten.
    pub domains: Vec<DomainCount>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainCount {
    pub domain: String,
    pub count: u64,
}

/// `POST …/invalidations`: invalidate what `filter` takes, saying why.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvalidationRequest {
    pub filter: SignatureFilter,
    pub reason: String,
    pub idempotency_key: String,
}

impl InvalidationRequest {
    pub fn validate(&self) -> Result<(CheckedFilter, String, IdempotencyKey), FieldErrors> {
        let filter = self.filter.validate();
        let reason = bounded_text(&self.reason, 1, REASON_MAX);
        let key = IdempotencyKey::parse(&self.idempotency_key);
        match (filter, reason, key) {
            (Ok(filter), Ok(reason), Ok(key)) => Ok((filter, reason, key)),
            (filter, reason, key) => {
                let mut errors = filter.err().unwrap_or_default();
                if let Err(error) = reason {
                    errors.insert("reason".to_owned(), error);
                }
                if let Err(error) = key {
                    errors.insert("idempotency_key".to_owned(), error);
                }
                Err(errors)
            }
        }
    }
}

/// `POST …/invalidations/{n}/undo`: the signatures count again.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UndoRequest {
    pub idempotency_key: String,
}

impl UndoRequest {
    pub fn key(&self) -> Result<IdempotencyKey, FieldErrors> {
        IdempotencyKey::parse(&self.idempotency_key)
            .map_err(|error| FieldErrors::from([("idempotency_key".to_owned(), error)]))
    }
}

/// One invalidation, as the console lists them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invalidation {
    pub id: i64,
    /// RFC 3339 UTC.
    pub at: String,
    /// Who did it, while their account exists.
    pub by: Option<String>,
    pub reason: String,
    pub filter: SignatureFilter,
    pub count: u64,
    /// When it was undone, RFC 3339 UTC.
    pub undone_at: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    pub count: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceCount {
    /// `direct` for signatures without a source.
    pub source: String,
    pub count: u64,
}

/// `GET /api/staff/petitions/{id}/signatures`: what staff see of them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureSummary {
    /// Confirmed and counted.
    pub confirmed: u64,
    /// Waiting for their address to be proven.
    pub pending: u64,
    /// Confirmed, then invalidated.
    pub invalidated: u64,
    /// Counted signatures by the day they were confirmed, the last
    /// `DAYS_SHOWN` days that have any, oldest first.
    pub by_day: Vec<DayCount>,
    pub by_country: Vec<CountryCount>,
    pub by_source: Vec<SourceCount>,
    /// Newest first.
    pub invalidations: Vec<Invalidation>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(domain: &str, from: &str, to: &str, source: &str) -> SignatureFilter {
        SignatureFilter {
            domain: domain.into(),
            from: from.into(),
            to: to.into(),
            source: source.into(),
        }
    }

    #[test]
    fn a_filter_names_at_least_one_thing_and_each_well() {
        let checked = filter(" @Spam.Example ", "", "", "direct").validate().unwrap();
        assert_eq!(checked.domain.as_deref(), Some("spam.example"));
        assert_eq!(checked.source.as_deref(), Some(""));
        assert_eq!(
            filter("", "", "", "").validate().unwrap_err()["domain"],
            FieldError::Required
        );
        let errors = filter("no dots", "2026-12-01 10:00", "2026-12-01T09:00", "a b")
            .validate()
            .unwrap_err();
        for field in ["domain", "from", "source"] {
            assert!(errors.contains_key(field), "{field}: {errors:?}");
        }
        let backwards = filter("", "2026-12-02T10:00", "2026-12-01T10:00", "").validate();
        assert!(backwards.unwrap_err().contains_key("to"));
    }
}
