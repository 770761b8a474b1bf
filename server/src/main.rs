use anyhow::Context;
use civic_server::config::Config;
use civic_server::startup::{Application, shutdown_signal};
use civic_server::telemetry;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let config = Config::from_env()?;
    tracing::debug!(?config, "configuration");
    let application = Application::build(config).await?;
    println!("Civic is listening on http://{}", application.address());
    application
        .run_until_stopped(shutdown_signal())
        .await
        .context("The server stopped with an error")?;
    tracing::info!("stopped");
    Ok(())
}
