//! The contract between the Civic SPA and the Civic server.
//!
//! Plain serde types and pure functions only (no leptos, axum or sqlx), so the
//! same parsing runs in the browser for instant feedback and on the server as
//! the authority.

pub mod account;
pub mod analytics;
pub mod authenticator;
pub mod consent;
pub mod contact;
pub mod country;
pub mod donation;
pub mod dues;
pub mod email;
pub mod error;
pub mod field;
pub mod form_post;
pub mod health;
pub mod idempotency;
pub mod image;
pub mod inbox;
pub mod locale;
pub mod newsletter;
pub mod newsletter_mailing;
pub mod page;
pub mod page_editing;
pub mod paths;
pub mod person_name;
pub mod petition;
pub mod petition_editing;
pub mod petition_news;
pub mod problem_report;
pub mod share;
pub mod signature_review;
pub mod site;
pub mod slug;
pub mod staff;
pub mod survey;
pub mod survey_editing;
pub mod translated_text;
pub mod whole_number;

pub use country::Country;
pub use email::Email;
pub use error::{ErrorBody, ErrorCode, ErrorResponse, FieldErrors};
pub use field::FieldError;
pub use idempotency::IdempotencyKey;
pub use locale::Locale;
pub use person_name::PersonName;
pub use site::{SiteRoute, Target};
pub use slug::Slug;
