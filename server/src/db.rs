//! The connection pool. SQLite is the embedded default; the SQL in
//! `migrations/` and `storage/` stays portable so PostgreSQL can follow.

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::SqlitePool;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::config::Secret;

/// Opens (creating the file and its folder when missing) and migrates the
/// database.
pub async fn connect(database_url: &Secret<String>) -> anyhow::Result<SqlitePool> {
    let url = database_url.expose();
    anyhow::ensure!(
        url.starts_with("sqlite:"),
        "DATABASE_URL must be a sqlite: URL (such as sqlite://data/civic.db); other databases are not supported yet"
    );
    let options = SqliteConnectOptions::from_str(url)
        .context("DATABASE_URL is not a valid sqlite URL")?
        .create_if_missing(true)
        // WAL lets readers carry on while one writer commits; NORMAL is
        // durable in WAL mode except on power loss, at ~6x the write rate.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let file = options.get_filename();
    if let Some(folder) = file.parent().filter(|folder| !folder.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("Failed to create the database folder {}", folder.display()))?;
    }
    let pool = SqlitePoolOptions::new()
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options.clone())
        .await
        .with_context(|| format!("Failed to open the database {}", file.display()))?;
    MIGRATOR
        .run(&pool)
        .await
        .context("Failed to apply the database migrations")?;
    Ok(pool)
}

/// The migrations this build carries, applied at start.
static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Whether the database answers and holds every migration this build
/// carries, each applied successfully: a database another server's newer
/// build migrated further is fine; one missing any of ours is not.
pub async fn migrations_applied(pool: &SqlitePool) -> anyhow::Result<bool> {
    let applied: Vec<(i64, bool)> = sqlx::query_as("SELECT version, success FROM _sqlx_migrations")
        .fetch_all(pool)
        .await
        .context("Failed to read the applied migrations")?;
    Ok(MIGRATOR
        .iter()
        .all(|migration| applied.contains(&(migration.version, true))))
}
