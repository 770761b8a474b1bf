//! Metrics in Prometheus' text format (the `metrics` crate's names), at `/metrics` on an address of
//! their own (`CIVIC_METRICS_ADDR`, off by default: never on the site's
//! address, so visitors cannot read them). Recorded with the `metrics`
//! crate, whose macros cost nothing while no recorder is installed, and
//! rendered by `metrics-exporter-prometheus`:
//!
//! - `http_requests_total{method,route,status}` and
//!   `http_request_duration_seconds{method,route}`: `route` is the route's
//!   pattern (`/api/petitions/{slug}`), or `other` for files and unknown
//!   addresses, so no visitor-chosen text becomes a label;
//! - `civic_signature_batch_size` and `civic_signature_queue_depth`: the
//!   signature writer's batches and the requests waiting behind them;
//! - `civic_mail_outbox_pending` and `civic_mail_send_failures_total`;
//! - `civic_db_pool_connections{state="in_use"|"idle"}`.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;

use crate::db::Pool;

/// Seconds, from a millisecond to ten: an API answer to a slow page.
const LATENCY_BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];
/// Up to the writer's `MAX_BATCH`.
const BATCH_BUCKETS: [f64; 9] = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 256.0];

static RECORDER: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's one recorder, installed on first use (the tests start
/// many servers in one process; they share it).
fn recorder() -> anyhow::Result<&'static PrometheusHandle> {
    if let Some(handle) = RECORDER.get() {
        return Ok(handle);
    }
    let recorder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), &LATENCY_BUCKETS)?
        .set_buckets_for_metric(Matcher::Full("civic_signature_batch_size".to_owned()), &BATCH_BUCKETS)?
        .build_recorder();
    let handle = recorder.handle();
    if metrics::set_global_recorder(recorder).is_err() {
        // Another server of this process got there first: use its.
        return RECORDER.get().context("a metrics recorder exists but is not ours");
    }
    Ok(RECORDER.get_or_init(|| handle))
}

/// Binds `addr` and serves `/metrics` there until the process ends.
pub async fn serve(addr: SocketAddr, pool: Pool) -> anyhow::Result<SocketAddr> {
    let handle = recorder()?;
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen for metrics on {addr} (CIVIC_METRICS_ADDR)"))?;
    let bound = listener.local_addr()?;
    let router = Router::new().route("/metrics", get(render)).with_state(pool);
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            tracing::error!(%error, "the metrics listener stopped");
        }
    });
    // Histograms keep their samples until this folds them in.
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        loop {
            every.tick().await;
            handle.run_upkeep();
        }
    });
    tracing::info!(%bound, "metrics at /metrics");
    Ok(bound)
}

async fn render(State(pool): State<Pool>) -> Response {
    let idle = u32::try_from(pool.num_idle()).unwrap_or(u32::MAX);
    metrics::gauge!("civic_db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("civic_db_pool_connections", "state" => "in_use").set(f64::from(pool.size().saturating_sub(idle)));
    match sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending'")
        .fetch_one(&pool)
        .await
    {
        // A count of rows: exact in an f64 far beyond any outbox.
        Ok(pending) => metrics::gauge!("civic_mail_outbox_pending").set(pending as f64),
        Err(error) => tracing::warn!(%error, "cannot count the outbox for /metrics"),
    }
    let Some(handle) = RECORDER.get() else {
        return axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        handle.render(),
    )
        .into_response()
}

/// Counts and times every request by its route's pattern and status.
pub async fn record_request(request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_owned(), |path| path.as_str().to_owned());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!("http_request_duration_seconds", "method" => method.clone(), "route" => route.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!("http_requests_total", "method" => method, "route" => route, "status" => status).increment(1);
    response
}
