//! Structured logs: `RUST_LOG` chooses what is shown (default `info`), and
//! `CIVIC_LOG_FORMAT=json` switches to one JSON object per line for log
//! collectors.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    // A second initialisation (tests starting many apps) keeps the first.
    let _ = if std::env::var("CIVIC_LOG_FORMAT").is_ok_and(|format| format == "json") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
