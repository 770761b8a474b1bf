//! Builds the whole application, for `main` and for the tests alike.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::accounts::{self, Accounts};
use crate::contact::Contact;
use crate::db::Pool;
use anyhow::Context;
use axum::Router;
use axum::http::Request;
use axum::middleware::{from_fn, from_fn_with_state};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::analytics::country::CountryHeader;
use crate::config::Config;
use crate::newsletter::Newsletter;
use crate::payments::Payments;
use crate::petitions::Petitions;
use crate::security_headers::{self, SecurityHeaders};
use crate::site::Site;
use crate::state::AppState;
use crate::{
    connections, content, db, error, images, mail, payments, prometheus, rate_limit, routes, site, storage, surveys,
};

pub struct Application {
    listener: TcpListener,
    address: SocketAddr,
    pool: Pool,
    router: Router,
    mail_sender: mail::Sender,
    client_timeout: Duration,
    metrics_address: Option<SocketAddr>,
}

impl Application {
    /// Opens the database, loads the content, reads the built SPA and binds
    /// the listener; nothing is served until `run_until_stopped`.
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let pool = db::connect(&config.database_url).await?;
        let (content_dir, dist, image_cache) =
            (config.content.clone(), config.dist.clone(), config.image_cache.clone());
        let (pages, petitions, surveys, mailings, image_variants) = tokio::task::spawn_blocking(move || {
            let petitions = content::petitions::load(&content_dir)?;
            let pictures: Vec<String> = petitions
                .iter()
                .filter_map(|petition| Some(petition.image.as_ref()?.src.clone()))
                // Uploaded pictures are already the one size they come in.
                .filter(|src| !src.starts_with("/media/"))
                .collect();
            anyhow::Ok((
                content::load(&content_dir)?,
                petitions,
                content::surveys::load(&content_dir)?,
                crate::newsletter::issue::load_all(&content_dir)?,
                images::prepare(&dist, &image_cache, &pictures)?,
            ))
        })
        .await
        .context("The content loader panicked")??;
        // Servers starting together on one database take turns: the first
        // stores what changed, the others find it unchanged.
        let mut conn = pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        // The files must agree on a revision; the stored policy (which
        // staff may have revised in the console since) says which is live.
        let file_revision = site::policy_revision::of(&pages)?;
        let summary = storage::pages::sync(&mut tx, &pages, storage::pages::Sync::Seed).await?;
        let policy_revision = storage::page_editing::policy_revision(&mut *tx)
            .await?
            .unwrap_or(file_revision);
        let petition_summary = storage::petitions::sync(&mut tx, &petitions, storage::petitions::Sync::Seed).await?;
        let survey_summary = storage::surveys::sync(&mut tx, &surveys, storage::surveys::Sync::Seed).await?;
        let mailing_summary =
            storage::mailings::seed(&mut tx, &mailings, &db::stamp(time::OffsetDateTime::now_utc())).await?;
        tx.commit().await.context("Failed to commit the pages")?;
        drop(conn);
        tracing::info!(
            written = summary.written,
            unchanged = summary.unchanged,
            kept_edits = summary.kept_edits,
            removed = summary.removed,
            "pages loaded"
        );
        tracing::info!(
            added = petition_summary.added,
            updated = petition_summary.updated,
            unchanged = petition_summary.unchanged,
            removed = petition_summary.removed,
            kept_edits = petition_summary.kept,
            "petitions loaded"
        );
        tracing::info!(
            added = survey_summary.added,
            updated = survey_summary.updated,
            unchanged = survey_summary.unchanged,
            removed = survey_summary.removed,
            kept_edits = survey_summary.kept,
            "surveys loaded"
        );
        tracing::info!(
            added = mailing_summary.added,
            kept = mailing_summary.kept,
            "newsletter mailings seeded"
        );

        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("Failed to listen on {}", config.addr))?;
        let address = listener.local_addr().context("Failed to read the bound address")?;
        let metrics_address = match config.metrics_addr {
            Some(addr) => Some(prometheus::serve(addr, pool.clone()).await?),
            None => None,
        };
        let public_url = config.public_url.clone().unwrap_or_else(|| default_public_url(address));
        let site = Site::load(&config.dist, &config.image_cache, public_url.clone(), policy_revision)?;
        let headers = SecurityHeaders::new(
            site.script_hashes(),
            site.style_hashes(),
            public_url.starts_with("https://"),
        )?;
        let limiter = rate_limit::config(config.rate_limit, config.trusted_proxy);
        rate_limit::spawn_cleanup(&limiter);
        let analytics_limiter = rate_limit::config(config.analytics_rate_limit, config.trusted_proxy);
        rate_limit::spawn_cleanup(&analytics_limiter);
        let secret = config.secret.load()?;
        let (mailer, mail_sender) = mail::setup(&config, &pool)?;
        let newsletter = Arc::new(Newsletter::start(&pool, secret.clone(), mailer.clone(), &public_url).await?);
        let petitions = Petitions::start(
            &pool,
            secret.clone(),
            mailer.clone(),
            &public_url,
            Arc::clone(&newsletter),
            &image_variants,
            &config.image_cache,
        )
        .await?;
        let secret_for_accounts = secret.clone();
        // The decoy hash that unknown addresses are checked against, ready
        // before the first sign-in.
        tokio::task::spawn_blocking(accounts::passwords::warm_up)
            .await
            .context("The password hasher panicked")?;
        let survey_responses =
            surveys::responses::Responses::start(&pool, secret.clone(), mailer.clone(), &public_url).await?;
        let state = AppState {
            pool: pool.clone(),
            site: Arc::new(site),
            secret,
            mail: mailer,
            petitions: Arc::new(petitions),
            newsletter,
            country_header: Arc::new(CountryHeader {
                name: config.country_header.clone(),
                trusted_proxy: config.trusted_proxy,
            }),
            surveys: surveys::Live::start(&pool).await?,
            survey_responses: Arc::new(survey_responses),
            contact: Arc::new(Contact::new(config.contact_to.clone())?),
            payments: Arc::new(Payments::start(&config, &public_url, &secret_for_accounts)?),
            accounts: Arc::new(Accounts::start(&pool, &public_url, secret_for_accounts).await?),
            client_ip: rate_limit::ClientIp {
                trusted_proxy: config.trusted_proxy,
            },
        };
        state.site.keep_policy_fresh(pool.clone());
        // News a server stopped queueing halfway is finished here.
        tokio::spawn(crate::staff::petition_news::resume_unfinished(state.clone()));
        // So is a mailing, and scheduled mailings go out when due.
        crate::newsletter::sending::keep_sending(
            state.pool.clone(),
            state.newsletter.mails().clone(),
            state.mail.clone(),
        );
        let client = state.client_ip;
        let budgets = rate_limit::FormBudgets {
            writes: rate_limit::Writes {
                config: Arc::clone(&limiter),
                client: client.clone(),
            },
            consents: rate_limit::Writes {
                config: Arc::clone(&analytics_limiter),
                client,
            },
        };
        let router = app(
            state,
            &limiter,
            &analytics_limiter,
            budgets,
            headers,
            config.client_timeout,
            metrics_address.is_some(),
        );
        Ok(Application {
            listener,
            address,
            pool,
            router,
            mail_sender,
            client_timeout: config.client_timeout,
            metrics_address,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Where `/metrics` is served, if anywhere (`CIVIC_METRICS_ADDR`).
    pub fn metrics_address(&self) -> Option<SocketAddr> {
        self.metrics_address
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Serves until `shutdown` completes, then finishes the requests in
    /// flight.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let mail = self.mail_sender.spawn();
        let served = connections::serve(self.listener, self.router, self.client_timeout, shutdown).await;
        mail.stop().await;
        // Closing checkpoints SQLite's write-ahead log into the database file.
        self.pool.close().await;
        served
    }
}

fn app(
    state: AppState,
    limiter: &Arc<rate_limit::Config>,
    analytics_limiter: &Arc<rate_limit::Config>,
    budgets: rate_limit::FormBudgets,
    headers: SecurityHeaders,
    client_timeout: Duration,
    measured: bool,
) -> Router {
    Router::new()
        .merge(routes::api(state.clone(), limiter, analytics_limiter))
        // Before the site, whose fallback would answer these paths.
        .merge(routes::dev_outbox::router(state.clone()))
        .merge(payments::sandbox::router(state.clone()))
        .merge(payments::manage_link::router(state.clone()))
        .merge(site::router(state, budgets))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(request_span)
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
                .layer(PropagateRequestIdLayer::x_request_id())
                // Only where /metrics is served: it costs a little on
                // every request.
                .option_layer(measured.then(|| from_fn(prometheus::record_request)))
                .layer(from_fn_with_state(Arc::new(headers), security_headers::add))
                .layer(CompressionLayer::new().compress_when(worth_compressing()))
                .layer(from_fn(error::with_request_id))
                // A body whose next piece takes longer is refused (408).
                .layer(RequestBodyTimeoutLayer::new(client_timeout)),
        )
}

/// Small answers (a petition's count, a sign receipt) gain nothing from
/// compression, and setting up a brotli encoder for each costs more CPU
/// than the rest of the request under a surge.
fn worth_compressing() -> impl Predicate {
    DefaultPredicate::new().and(SizeAbove::new(256))
}

fn request_span<B>(request: &Request<B>) -> tracing::Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id)
}

/// Completes on Ctrl-C or, on Unix, SIGTERM (what `docker stop` and
/// systemd send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing the requests in flight");
}

/// Where a server with no `CIVIC_PUBLIC_URL` is reached: on a loopback
/// address, by the name `localhost`, which browsers let use passkeys (they
/// refuse IP addresses as a relying party's id); elsewhere by its address.
pub fn default_public_url(address: std::net::SocketAddr) -> String {
    if address.ip().is_loopback() {
        format!("http://localhost:{}", address.port())
    } else {
        format!("http://{address}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loopback_server_is_reached_as_localhost() {
        assert_eq!(
            default_public_url("127.0.0.1:8080".parse().unwrap()),
            "http://localhost:8080"
        );
        assert_eq!(
            default_public_url("[::1]:8080".parse().unwrap()),
            "http://localhost:8080"
        );
        assert_eq!(
            default_public_url("192.0.2.7:8080".parse().unwrap()),
            "http://192.0.2.7:8080"
        );
    }
}
