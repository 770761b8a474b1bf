//! The page in the first HTML: for the pages the catalogue marks as
//! pre-rendered, the server draws the app's own components (civic-web's
//! `render`) from the data the API would answer, and writes that data
//! beside it for the app to start from.

use std::panic::AssertUnwindSafe;

use civic_api::site::{FIRST_DATA_ELEMENT_ID, FIRST_PAGE_ELEMENT_ID, FirstData};
use civic_api::{SiteRoute, Target};
use civic_web::render::{ServerPage, page_html};

use crate::state::AppState;
use crate::storage;

/// The body's markup for `route` at `path` (with its query): the note for
/// visitors without JavaScript, then the drawn page and its data, where
/// the server draws it.
pub async fn body(state: &AppState, route: &SiteRoute, path: &str) -> String {
    let drawn = match drawn(state, route, path).await {
        Ok(drawn) => drawn,
        Err(error) => {
            // The app still draws the page by itself.
            tracing::error!(error = ?error, path, "failed to draw a page on the server");
            None
        }
    };
    let noscript = state.site.texts.noscript(route.locale, drawn.is_some());
    format!("{noscript}\n{}", drawn.unwrap_or_default())
}

/// The page and its data, where the server draws it.
async fn drawn(state: &AppState, route: &SiteRoute, path: &str) -> anyhow::Result<Option<String>> {
    if !route.target.page().prerendered {
        return Ok(None);
    }
    let Some(data) = data(state, route).await? else {
        return Ok(None);
    };
    let (kind, json) = (data.kind(), data.to_json()?.replace('<', "\\u003c"));
    let page = ServerPage {
        origin: state.site.public_url().to_owned(),
        year: time::OffsetDateTime::now_utc().year(),
    };
    let drawn = std::panic::catch_unwind(AssertUnwindSafe(|| page_html(path, page, Some(data))));
    // A component that reaches for the browser on the server is a bug; the
    // visitor still gets the page, drawn by the app alone.
    let html = drawn.map_err(|_| anyhow::anyhow!("drawing {path} on the server panicked"))?;
    Ok(Some(format!(
        r#"<div id="{FIRST_PAGE_ELEMENT_ID}">{html}</div>
<script type="application/json" id="{FIRST_DATA_ELEMENT_ID}" data-kind="{kind}">{json}</script>"#
    )))
}

/// What the API answers for the page, read the same way.
async fn data(state: &AppState, route: &SiteRoute) -> anyhow::Result<Option<FirstData>> {
    Ok(match &route.target {
        Target::Content(slug) => storage::pages::find(&state.pool, route.locale, slug)
            .await?
            .map(FirstData::Content),
        Target::Campaigns => Some(FirstData::Petitions(state.petitions.registry.list(route.locale))),
        _ => None,
    })
}
