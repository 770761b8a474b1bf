//! The built SPA: its files as they are, and for every other path the HTML
//! shell with that route's metadata (404 when the route names no page).

mod assets;
mod consent_form;
mod first_page;
mod form_posts;
pub mod head;
mod inline_hashes;
mod media;
pub mod policy_revision;
pub mod shell;
mod short_links;
pub mod texts;

use std::convert::Infallible;
use std::path::{Path, PathBuf};

use anyhow::Context;
use axum::Extension;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use civic_api::petition::PetitionImage;
use civic_api::site::{Bundle, FirstData, MEMBERS_ONLY_TEXTS, SIGNED_IN_META, bundle_of, document_title};
use civic_api::survey::Limit;
use civic_api::{Locale, SiteRoute, Target};
use civic_web::render::PostedForm;

use crate::accounts::sessions::SignedIn;
use crate::error::FORM_BODY_LIMIT;
use crate::state::AppState;
use crate::storage;
use crate::{images, rate_limit};
use first_page::Draw;
use shell::{Fill, Shell};
use texts::Texts;

pub struct Site {
    /// One per bundle (`civic_api::site::Bundle`), `None` until the SPA is
    /// built: the API still works meanwhile.
    shells: Vec<(Bundle, Option<Shell>)>,
    /// Every inline script and style hash of every shell, for the CSP.
    script_hashes: Vec<String>,
    style_hashes: Vec<String>,
    dist: PathBuf,
    /// `crate::images`' copies, served under `images::URL_PREFIX`.
    image_cache: PathBuf,
    public_url: String,
    texts: Texts,
    /// Moves when staff publish a new revision: on the server that saved it
    /// at once, on the others within `POLICY_REFRESH` (`keep_policy_fresh`).
    policy_revision: std::sync::atomic::AtomicU32,
}

/// How often a server reads the privacy policy's revision again.
pub const POLICY_REFRESH: std::time::Duration = std::time::Duration::from_secs(2);

impl Site {
    /// `policy_revision`: the stored policy's, once the pages are synced.
    pub fn load(dist: &Path, image_cache: &Path, public_url: String, policy_revision: u32) -> anyhow::Result<Site> {
        let shells = Bundle::ALL
            .into_iter()
            .map(|bundle| Ok((bundle, load_shell(&dist.join(bundle.html_file()))?)))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let all_hashes = |hashes: fn(&Shell) -> &[String]| {
            let mut all: Vec<String> = shells
                .iter()
                .flat_map(|(_, shell)| shell.iter().flat_map(hashes))
                .cloned()
                .collect();
            all.sort_unstable();
            all.dedup();
            all
        };
        Ok(Site {
            script_hashes: all_hashes(Shell::script_hashes),
            style_hashes: all_hashes(Shell::style_hashes),
            shells,
            dist: dist.to_owned(),
            image_cache: image_cache.to_owned(),
            public_url,
            texts: Texts::load()?,
            policy_revision: std::sync::atomic::AtomicU32::new(policy_revision),
        })
    }

    pub fn script_hashes(&self) -> &[String] {
        &self.script_hashes
    }

    pub fn style_hashes(&self) -> &[String] {
        &self.style_hashes
    }

    fn shell(&self, bundle: Bundle) -> Option<&Shell> {
        self.shells
            .iter()
            .find(|(each, _)| *each == bundle)
            .and_then(|(_, shell)| shell.as_ref())
    }

    /// The site's address as visitors see it, without a trailing slash.
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// The privacy policy's current revision.
    pub fn policy_revision(&self) -> u32 {
        self.policy_revision.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A revision staff just published, or another server did.
    pub fn set_policy_revision(&self, revision: u32) {
        self.policy_revision
            .store(revision, std::sync::atomic::Ordering::Relaxed);
    }

    /// Reads the stored revision every `POLICY_REFRESH`, so a revision
    /// published on another server asks visitors here too.
    pub fn keep_policy_fresh(self: &std::sync::Arc<Site>, pool: crate::db::Pool) {
        let site = std::sync::Arc::downgrade(self);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(POLICY_REFRESH).await;
                let Some(site) = site.upgrade() else { return };
                match crate::storage::page_editing::policy_revision(&pool).await {
                    Ok(Some(revision)) => site.set_policy_revision(revision),
                    Ok(None) => {}
                    Err(error) => tracing::warn!(error = ?error, "could not read the privacy policy's revision"),
                }
            }
        });
    }
}

fn load_shell(file: &Path) -> anyhow::Result<Option<Shell>> {
    match std::fs::read_to_string(file) {
        Ok(html) => {
            Ok(Some(Shell::parse(&html).with_context(|| {
                format!("{} breaks the shell contract", file.display())
            })?))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            tracing::warn!(path = %file.display(), "the SPA is not built: its pages answer 503 until it is");
            Ok(None)
        }
        Err(error) => Err(error).with_context(|| format!("Failed to read {}", file.display())),
    }
}

/// `budgets` are what the forms a browser posts by itself spend.
pub fn router(state: AppState, budgets: rate_limit::FormBudgets) -> Router {
    let pages = get(page)
        .post(form_posts::post)
        .layer::<_, Infallible>(Extension(budgets))
        .layer::<_, Infallible>(DefaultBodyLimit::max(FORM_BODY_LIMIT))
        .with_state(state.clone());
    let files = assets::service(&state.site.dist, pages);
    Router::new()
        .nest_service(images::URL_PREFIX, assets::image_variants(&state.site.image_cache))
        // The raw templates must never be served as pages.
        .route("/index.html", get(page))
        .route("/surveys.html", get(page))
        .route("/accounts.html", get(page))
        .route("/donations.html", get(page))
        .route("/console.html", get(page))
        .route("/reading.html", get(page))
        .route(civic_api::paths::SHORT_LINK, get(short_links::follow))
        .route(civic_api::paths::MEDIA, get(media::serve))
        .with_state(state)
        .fallback_service(files)
}

/// The metadata of a page that exists: its title, description, the
/// languages it exists in and what a link preview shows.
pub struct Described {
    title: String,
    description: String,
    languages: Vec<Locale>,
    image: Option<PetitionImage>,
    /// Its address carries a secret: no indexing, no `Referer`.
    private: bool,
    /// For members only: what it shows depends on the visitor's session,
    /// so no shared cache may keep it.
    personal: bool,
}

async fn page(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    page_answer(&state, &headers, &uri, StatusCode::OK, None).await
}

/// The page at `uri` with `status`, for the request with `headers`, drawn
/// with the answer to a form `post`ed there.
pub(super) async fn page_answer(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    status: StatusCode,
    post: Option<PostedForm>,
) -> Response {
    let site = &state.site;
    let bundle = bundle_of(uri.path());
    if site.shell(bundle).is_none() {
        return not_built(&site.dist.join(bundle.html_file()));
    }
    // Only a page for members needs to know; looked up where a session
    // cookie came, and a failure reads as signed out.
    let viewer = SignedIn::of(state, headers, time::OffsetDateTime::now_utc())
        .await
        .unwrap_or_else(|error| {
            tracing::error!(error = ?error, "failed to read the session of a page request");
            None
        })
        .map(|signed_in| civic_api::site::Viewer {
            name: signed_in.account.name.as_str().to_owned(),
            email: signed_in.account.email.as_str().to_owned(),
            role: signed_in.account.role,
            needs_passkey: signed_in.needs_passkey(),
        });
    let signed_in = viewer.is_some();
    let described = match SiteRoute::resolve(uri.path()) {
        Some(route) => describe(state, &route, signed_in)
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
            head.push_str(&policy_revision::meta_tag(site.policy_revision()));
            if signed_in {
                head.push_str(&format!("<meta name=\"{SIGNED_IN_META}\" content=\"\">\n"));
            }
            let path = uri.path_and_query().map_or(uri.path(), |path| path.as_str());
            let consent = consent_form::known(state, headers, route.locale, path).await;
            let body = first_page::body(state, &route, path, consent, post, viewer).await;
            // A bundle that only brings a drawn page to life cannot show
            // one the server did not draw; the main bundle draws it.
            let bundle = if bundle.only_enhances() && !body.drawn {
                Bundle::Main
            } else {
                bundle
            };
            let Some(shell) = site.shell(bundle) else {
                return not_built(&site.dist.join(bundle.html_file()));
            };
            head.push_str(site.texts.strings_script(route.locale, bundle));
            let fill = Fill {
                locale: route.locale,
                title: &document_title(&page.title),
                description: &page.description,
                head: &head,
                body: &body.html,
            };
            let mut response = html_response(status, shell.render(&fill));
            // Drawn for one visitor: no shared cache may keep it.
            if page.personal || signed_in {
                let headers = response.headers_mut();
                headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
                headers.insert(header::VARY, HeaderValue::from_static("Cookie"));
            }
            response
        }
        // The main bundle shows the not-found page, even at a survey path.
        Ok(None) => not_found(state, headers, uri.path()).await,
        Err(error) => {
            tracing::error!(error = ?error, "failed to describe a page");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong").into_response()
        }
    }
}

/// The translated not-found page for `path`, for anything that names no
/// page (short links with an unknown code included).
pub async fn not_found(state: &AppState, headers: &HeaderMap, path: &str) -> Response {
    let site = &state.site;
    // A written page, a petition or a survey that does not exist is drawn
    // from `Missing`, which those pages take to mean "not found" instead of
    // asking the API, by the bundle whose page it is; an address that names
    // no page needs no data, and the main bundle draws it. A survey's
    // results that are not public are left to the main app alone.
    let target = SiteRoute::resolve(path).map(|route| route.target);
    let (bundle, how) = match &target {
        Some(Target::SurveyResults(_)) => (Bundle::Main, Draw::Not),
        Some(Target::Survey(_)) => (Bundle::Surveys, Draw::With(FirstData::Missing)),
        Some(Target::Content(_) | Target::Petition(_)) => (Bundle::Main, Draw::With(FirstData::Missing)),
        _ => (Bundle::Main, Draw::Alone),
    };
    let Some(shell) = site.shell(bundle) else {
        return not_built(&site.dist.join(bundle.html_file()));
    };
    let locale = SiteRoute::locale_of(path);
    // With the consent banner as on any page: no app may come to draw it.
    let consent = consent_form::known(state, headers, locale, path).await;
    let drawn = first_page::draw(site, path, how, consent, None, None).unwrap_or_else(|error| {
        tracing::error!(error = ?error, path, "failed to draw the not-found page");
        None
    });
    // Whatever the address, the page is the not-found one.
    let body = first_page::with_note(site, locale, None, drawn);
    let text = site.texts.not_found(locale);
    let fill = Fill {
        locale,
        title: &document_title(&text.title),
        description: &text.description,
        head: &format!(
            "{}\n{}{}",
            head::not_found_tags(),
            policy_revision::meta_tag(site.policy_revision()),
            site.texts.strings_script(locale, Bundle::Main)
        ),
        body: &body.html,
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

/// What the catalogue and the content say of `route`; `None` when no such
/// page exists (an unknown slug, a survey whose results are private).
/// A page for members describes itself only to a signed-in visitor.
pub async fn describe(state: &AppState, route: &SiteRoute, signed_in: bool) -> anyhow::Result<Option<Described>> {
    let page = route.target.page();
    let texts = page.texts.map(|key| (key, state.site.texts.page(route.locale, key)));
    let described = |title: String, description: String, languages: Vec<Locale>| Described {
        title,
        description,
        languages,
        image: None,
        private: page.private,
        personal: false,
    };
    Ok(match &route.target {
        Target::Survey(slug) => state.surveys.now().get(slug).map(|entry| {
            let survey = entry.in_locale(route.locale);
            Described {
                // Invitations arrive as `?t=i.…`: keep them out of `Referer`.
                private: entry.limit() == Limit::Invitation,
                ..described(survey.title.clone(), survey.summary.clone(), entry.languages().to_vec())
            }
        }),
        Target::SurveyResults(slug) => state
            .surveys
            .now()
            .get(slug)
            .filter(|entry| entry.results_public())
            .zip(texts)
            .map(|(entry, (key, _))| {
                let title = &entry.in_locale(route.locale).title;
                let text = state.site.texts.survey_results(route.locale, key, title);
                described(text.title, text.description, entry.languages().to_vec())
            }),
        Target::Petition(slug) => state.petitions.registry().get(slug).map(|petition| {
            let text = petition.text(route.locale);
            Described {
                image: petition.image(route.locale),
                ..described(text.title.clone(), text.summary.clone(), petition.languages())
            }
        }),
        Target::Content(slug) => {
            let translations = storage::pages::translations(&state.pool, slug).await?;
            let languages = translations.iter().map(|t| t.locale).collect();
            translations
                .into_iter()
                .find(|t| t.locale == route.locale)
                .map(|found| {
                    let description = match found.members_only && !signed_in {
                        true => state
                            .site
                            .texts
                            .page(route.locale, MEMBERS_ONLY_TEXTS)
                            .description
                            .clone(),
                        false => found.description,
                    };
                    Described {
                        personal: found.members_only,
                        ..described(found.title, description, languages)
                    }
                })
        }
        // Every other page exists in every language, with its UI texts.
        _ => texts.map(|(_, text)| described(text.title.clone(), text.description.clone(), Locale::ALL.to_vec())),
    })
}

fn not_built(html_file: &Path) -> Response {
    let message = format!(
        "The Civic site has not been built yet: {} is missing.\n\
         Run `cargo xtask serve` to build the SPA and start the server. The API under /api/ works meanwhile.\n",
        html_file.display()
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}
