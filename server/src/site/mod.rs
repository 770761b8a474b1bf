//! The built SPA: its files as they are, and for every other path the HTML
//! shell with that route's metadata (404 when the route names no page).

mod assets;
pub mod head;
mod inline_hashes;
pub mod policy_revision;
pub mod shell;
mod short_links;
pub mod texts;

use std::path::{Path, PathBuf};

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use civic_api::petition::PetitionImage;
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
    policy_revision: u32,
}

impl Site {
    /// `policy_revision` comes from `policy_revision::of` the loaded pages.
    pub fn load(dist: &Path, public_url: String, policy_revision: u32) -> anyhow::Result<Site> {
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
            policy_revision,
        })
    }

    pub fn script_hashes(&self) -> &[String] {
        self.shell.as_ref().map(Shell::script_hashes).unwrap_or_default()
    }

    pub fn style_hashes(&self) -> &[String] {
        self.shell.as_ref().map(Shell::style_hashes).unwrap_or_default()
    }

    /// The site's address as visitors see it, without a trailing slash.
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// The privacy policy's current revision.
    pub fn policy_revision(&self) -> u32 {
        self.policy_revision
    }
}

pub fn router(state: AppState) -> Router {
    let files = assets::service(&state.site.dist, get(page).with_state(state.clone()));
    Router::new()
        // The raw template must never be served as a page.
        .route("/index.html", get(page))
        .route(civic_api::paths::SHORT_LINK, get(short_links::follow))
        .with_state(state)
        .fallback_service(files)
}

/// The metadata of a page that exists: its title, description, the
/// languages it exists in and what a link preview shows.
struct Described {
    title: String,
    description: String,
    languages: Vec<Locale>,
    image: Option<PetitionImage>,
    /// Its address carries a secret: no indexing, no `Referer`.
    private: bool,
}

impl Described {
    /// An SPA page, which exists in every language.
    fn everywhere(text: &texts::PageText) -> Described {
        Described {
            title: text.title.clone(),
            description: text.description.clone(),
            languages: Locale::ALL.to_vec(),
            image: None,
            private: false,
        }
    }
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
    match described {
        Ok(Some((route, page))) => {
            let mut head = head::page_tags(
                &site.public_url,
                &route,
                &page.languages,
                &page.title,
                &page.description,
                page.image.as_ref(),
            );
            if page.private {
                head.push_str(&head::private_tags());
            }
            head.push_str(&policy_revision::meta_tag(site.policy_revision));
            let fill = Fill {
                locale: route.locale,
                title: &document_title(&page.title),
                description: &page.description,
                head: &head,
            };
            html_response(StatusCode::OK, shell.render(&fill))
        }
        Ok(None) => not_found_page(site, shell, uri.path()),
        Err(error) => {
            tracing::error!(error = ?error, "failed to describe a page");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong").into_response()
        }
    }
}

/// The translated not-found page for `path`, for anything that names no
/// page (short links with an unknown code included).
pub fn not_found(site: &Site, path: &str) -> Response {
    match &site.shell {
        Some(shell) => not_found_page(site, shell, path),
        None => not_built(&site.dist),
    }
}

fn not_found_page(site: &Site, shell: &Shell, path: &str) -> Response {
    let locale = SiteRoute::locale_of(path);
    let text = site.texts.not_found(locale);
    let fill = Fill {
        locale,
        title: &document_title(&text.title),
        description: &text.description,
        head: &format!(
            "{}\n{}",
            head::not_found_tags(),
            policy_revision::meta_tag(site.policy_revision)
        ),
    };
    html_response(StatusCode::NOT_FOUND, shell.render(&fill))
}

fn html_response(status: StatusCode, html: String) -> Response {
    let headers = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        // The shell names the current build's files: always revalidate.
        (header::CACHE_CONTROL, "no-cache"),
    ];
    (status, headers, html).into_response()
}

async fn describe(state: &AppState, route: &SiteRoute) -> anyhow::Result<Option<Described>> {
    Ok(match &route.target {
        Target::ReportProblem => Some(Described::everywhere(state.site.texts.report(route.locale))),
        Target::Campaigns => Some(Described::everywhere(state.site.texts.campaigns(route.locale))),
        Target::ConfirmSignature => Some(Described {
            private: true,
            ..Described::everywhere(state.site.texts.confirm_signature(route.locale))
        }),
        Target::Statistics => Some(Described::everywhere(state.site.texts.statistics(route.locale))),
        Target::Newsletter => Some(Described::everywhere(state.site.texts.newsletter(route.locale))),
        Target::ConfirmSubscription => Some(Described {
            private: true,
            ..Described::everywhere(state.site.texts.confirm_subscription(route.locale))
        }),
        Target::Unsubscribe => Some(Described {
            private: true,
            ..Described::everywhere(state.site.texts.unsubscribe(route.locale))
        }),
        Target::Petition(slug) => state.petitions.registry.get(slug).map(|petition| {
            let text = petition.text(route.locale);
            Described {
                title: text.title.clone(),
                description: text.summary.clone(),
                languages: petition.languages(),
                image: petition.image(route.locale),
                private: false,
            }
        }),
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
                    image: None,
                    private: false,
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
