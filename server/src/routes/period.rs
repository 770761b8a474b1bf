//! A period of whole days (`?from=YYYY-MM-DD&to=YYYY-MM-DD`, both
//! included, UTC) for the staff's CSV exports, and how a CSV file is sent.

use std::fmt;

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::header;
use axum::response::IntoResponse;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, Duration};

use crate::db;
use crate::error::ApiError;

#[derive(Debug, serde::Deserialize)]
pub struct PeriodQuery {
    from: String,
    to: String,
}

const DAY: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    /// 400 when a day is not `YYYY-MM-DD` or the period ends before it starts.
    pub fn from_query(query: Result<Query<PeriodQuery>, QueryRejection>) -> Result<Period, ApiError> {
        let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
        let day = |text: &str| {
            Date::parse(text, DAY)
                .map_err(|_| ApiError::BadRequest(format!("{text:?} is not a day such as 2026-12-31")))
        };
        let (from, to) = (day(&query.from)?, day(&query.to)?);
        if to < from {
            return Err(ApiError::BadRequest("The period ends before it starts".to_owned()));
        }
        Ok(Period { from, to })
    }

    /// The stored time the period starts at.
    pub fn start(&self) -> String {
        db::stamp(self.from.midnight().assume_utc())
    }

    /// The stored time just after its last day.
    pub fn end(&self) -> String {
        db::stamp((self.to + Duration::days(1)).midnight().assume_utc())
    }

    /// `payments-2026-01-01-2026-12-31.csv`.
    pub fn file_name(&self, what: &str) -> String {
        format!("{what}-{}-{}.csv", self.from, self.to)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.from, self.to)
    }
}

/// A CSV file to download, never kept by a cache.
pub fn csv_file(name: String, body: String) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(from: &str, to: &str) -> Result<Period, ApiError> {
        Period::from_query(Ok(Query(PeriodQuery {
            from: from.to_owned(),
            to: to.to_owned(),
        })))
    }

    #[test]
    fn a_period_covers_its_last_day_whole() {
        let year = period("2026-01-01", "2026-12-31").unwrap();
        assert_eq!(year.start(), "2026-01-01T00:00:00.000000Z");
        assert_eq!(year.end(), "2027-01-01T00:00:00.000000Z");
        assert_eq!(year.file_name("payments"), "payments-2026-01-01-2026-12-31.csv");
        assert_eq!(year.to_string(), "2026-01-01 to 2026-12-31");
    }

    #[test]
    fn odd_days_and_backward_periods_are_refused() {
        assert!(period("2026-13-01", "2026-12-31").is_err());
        assert!(period("yesterday", "2026-12-31").is_err());
        assert!(period("2026-12-31", "2026-01-01").is_err());
    }
}
