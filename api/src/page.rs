use serde::{Deserialize, Serialize};

use crate::{Locale, Slug};

/// `GET /api/pages/{locale}/{slug}`: a content page, its Markdown already
/// rendered and sanitised by the server.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub locale: Locale,
    pub slug: Slug,
    pub title: String,
    pub description: String,
    /// Safe HTML: rendered from Markdown and cleaned with an allow-list.
    pub html: String,
    /// Set on documents that are revised, such as the privacy policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    /// ISO 8601 date (`2026-11-29`) of the current revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// What changed in the current revision, in a sentence or two (plain text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<String>,
    /// For signed-in members only (front matter `audience = "members"`):
    /// the API answers 401 without a session.
    #[serde(default, skip_serializing_if = "is_false")]
    pub members_only: bool,
}

fn is_false(value: &bool) -> bool {
    !value
}
