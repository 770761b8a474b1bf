//! The built SPA: its files as they are, and for every other path the HTML
//! shell with that route's metadata (404 when the route names no page).

mod assets;
pub mod head;
mod inline_hashes;
pub mod shell;
pub mod texts;

use std::path::{Path, PathBuf};

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use civic_api::site::document_title;
use civic_api::{Locale, SiteRoute, Target};

use crate::state::AppState;
use crate::storage;
use shell::{Fill, Shell};
use texts::Texts;

pub struct Site {
    /// `None` until the SPA is built: the API still works meanwhile.
    shell: Option<Shell>,
    dist: PathBuf,
    public_url: String,
    texts: Texts,
}

impl Site {
    pub fn load(dist: &Path, public_url: String) -> anyhow::Result<Site> {
        let index = dist.join("index.html");
        let shell = match std::fs::read_to_string(&index) {
            Ok(html) => {
                Some(Shell::parse(&html).with_context(|| format!("{} breaks the shell contract", index.display()))?)
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!(path = %index.display(), "the SPA is not built: pages answer 503 until it is");
                None
            }
            Err(error) => return Err(error).with_context(|| format!("Failed to read {}", index.display())),
        };
        Ok(Site {
            shell,
            dist: dist.to_owned(),
            public_url,
            texts: Texts::load()?,
        })
    }

    pub fn script_hashes(&self) -> &[String] {
        self.shell.as_ref().map(Shell::script_hashes).unwrap_or_default()
    }

    pub fn style_hashes(&self) -> &[String] {
        self.shell.as_ref().map(Shell::style_hashes).unwrap_or_default()
    }
}

pub fn router(state: AppState) -> Router {
    let files = assets::service(&state.site.dist, get(page).with_state(state.clone()));
    Router::new()
        // The raw template must never be served as a page.
        .route("/index.html", get(page))
        .with_state(state)
        .fallback_service(files)
}

/// The metadata of a page that exists: its title, description and the
/// languages it exists in.
struct Described {
    title: String,
    description: String,
    languages: Vec<Locale>,
}

async fn page(State(state): State<AppState>, uri: Uri) -> Response {
    let site = &state.site;
    let Some(shell) = &site.shell else {
        return not_built(&site.dist);
    };
    let described = match SiteRoute::resolve(uri.path()) {
        Some(route) => describe(&state, &route)
            .await
            .map(|page| page.map(|page| (route, page))),
        None => Ok(None),
    };
    let (status, html) = match described {
        Ok(Some((route, page))) => {
            let head = head::page_tags(
                &site.public_url,
                &route,
                &page.languages,
                &page.title,
                &page.description,
            );
            let fill = Fill {
                locale: route.locale,
                title: &document_title(&page.title),
                description: &page.description,
                head: &head,
            };
            (StatusCode::OK, shell.render(&fill))
        }
        Ok(None) => {
            let locale = SiteRoute::locale_of(uri.path());
            let text = site.texts.not_found(locale);
            let fill = Fill {
                locale,
                title: &document_title(&text.title),
                description: &text.description,
                head: &head::not_found_tags(),
            };
            (StatusCode::NOT_FOUND, shell.render(&fill))
        }
        Err(error) => {
            tracing::error!(error = ?error, "failed to describe a page");
            return (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong").into_response();
        }
    };
    let headers = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        // The shell names the current build's files: always revalidate.
        (header::CACHE_CONTROL, "no-cache"),
    ];
    (status, headers, html).into_response()
}

async fn describe(state: &AppState, route: &SiteRoute) -> anyhow::Result<Option<Described>> {
    Ok(match &route.target {
        Target::ReportProblem => {
            let text = state.site.texts.report(route.locale);
            Some(Described {
                title: text.title.clone(),
                description: text.description.clone(),
                languages: Locale::ALL.to_vec(),
            })
        }
        Target::Content(slug) => {
            let translations = storage::pages::translations(&state.pool, slug).await?;
            let languages = translations.iter().map(|t| t.locale).collect();
            translations
                .into_iter()
                .find(|t| t.locale == route.locale)
                .map(|page| Described {
                    title: page.title,
                    description: page.description,
                    languages,
                })
        }
    })
}

fn not_built(dist: &Path) -> Response {
    let message = format!(
        "The Civic site has not been built yet: {} is missing.\n\
         Run `cargo xtask serve` to build the SPA and start the server. The API under /api/ works meanwhile.\n",
        dist.join("index.html").display()
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}
