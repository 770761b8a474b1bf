//! The data a page is drawn from, carried in the first HTML the server
//! sends (`<script type="application/json" id="civic-first-data">`), so the
//! app shows the page the server drew without asking the API again.

use serde::{Deserialize, Serialize};

use crate::page::Page;

/// The id of the element that carries a page's data.
pub const FIRST_DATA_ELEMENT_ID: &str = "civic-first-data";

/// The id of the element that holds the page as the server drew it; the
/// app puts its own in its place once it runs.
pub const FIRST_PAGE_ELEMENT_ID: &str = "civic-first-page";

/// One page's data, as the API would answer for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum FirstData {
    /// A page written in `content/`: `GET /api/pages/{locale}/{slug}`.
    Content(Page),
}
