//! The database: SQLite, the embedded default, or PostgreSQL, the way past
//! one machine, both through sqlx's `Any` driver so that every query is
//! written once. What the two dialects do differently lives here and only
//! here: how a database is opened and created, which migrations it gets,
//! how a transaction that reads and then writes is begun, and how its
//! tables are listed. The queries themselves keep to what both accept:
//! `$1` placeholders, `ON CONFLICT`, `RETURNING`, integer 0/1 flags and
//! RFC 3339 text times.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{MigrateDatabase, Migrator};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions, Connection as _};

use time::OffsetDateTime;
use time::macros::format_description;

use crate::config::Secret;

mod flag;
mod unavailable;

pub use flag::Flag;
pub use unavailable::{Unavailable, is_busy, is_unavailable};

/// The driver every query is written for.
pub type Db = sqlx::Any;
/// The server's connection pool.
pub type Pool = sqlx::AnyPool;
/// One connection, taken from the pool or inside a transaction.
pub type Connection = sqlx::AnyConnection;
/// A transaction on the server's database.
pub type Transaction<'a> = sqlx::Transaction<'a, Db>;

/// Which database a `DATABASE_URL` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn of_url(url: &str) -> anyhow::Result<Dialect> {
        if url.starts_with("sqlite:") {
            Ok(Dialect::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Dialect::Postgres)
        } else {
            bail!(
                "DATABASE_URL must be a sqlite: URL (such as sqlite://data/civic.db) or a postgres: one (such as postgres://civic@localhost/civic)"
            )
        }
    }

    /// The database a pool connects to, from its settings: no connection
    /// needed.
    pub fn of_pool(pool: &Pool) -> Dialect {
        if pool.connect_options().database_url.scheme().starts_with("postgres") {
            Dialect::Postgres
        } else {
            Dialect::Sqlite
        }
    }

    /// The dialect of an open connection.
    pub fn of(conn: &Connection) -> Dialect {
        if conn.backend_name().eq_ignore_ascii_case("postgresql") {
            Dialect::Postgres
        } else {
            Dialect::Sqlite
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Dialect::Sqlite => &SQLITE_MIGRATIONS,
            Dialect::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Opens the database, creating it when missing (a SQLite file and its
/// folder, or a PostgreSQL database the user may create), and applies the
/// migrations this build carries. On PostgreSQL sqlx holds an advisory
/// lock while it migrates, so servers starting together take turns.
pub async fn connect(database_url: &Secret<String>) -> anyhow::Result<Pool> {
    connect_with(database_url, None).await
}

/// The pool of a one-off command run beside the server (such as
/// `make-admin`): one connection, so the command's own statements (the
/// migrations' check, then its write) never wait on each other for
/// SQLite's write lock, which was seen to hold a command up for its whole
/// minute of retries.
pub async fn connect_for_command(database_url: &Secret<String>) -> anyhow::Result<Pool> {
    connect_with(database_url, Some(1)).await
}

async fn connect_with(database_url: &Secret<String>, max_connections: Option<u32>) -> anyhow::Result<Pool> {
    sqlx::any::install_default_drivers();
    let url = database_url.expose();
    let dialect = Dialect::of_url(url)?;
    match dialect {
        Dialect::Sqlite => prepare_sqlite_file(url).await?,
        Dialect::Postgres => create_postgres_database(url).await?,
    }
    let options = AnyConnectOptions::from_str(url).context("DATABASE_URL is not a valid database URL")?;
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections.unwrap_or(match dialect {
            Dialect::Sqlite => 10,
            Dialect::Postgres => 20,
        }))
        .acquire_timeout(Duration::from_secs(5))
        .after_connect(|conn, _| {
            Box::pin(async move {
                if Dialect::of(conn) == Dialect::Sqlite {
                    // NORMAL is durable in WAL mode except on power loss, at
                    // ~6x the write rate of FULL.
                    sqlx::query("PRAGMA synchronous = NORMAL").execute(conn).await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .context("Failed to open the database")?;
    dialect
        .migrator()
        .run(&pool)
        .await
        .context("Failed to apply the database migrations")?;
    Ok(pool)
}

/// Creates the SQLite file and its folder when missing and puts it in WAL
/// mode, which lets readers carry on while one writer commits and stays
/// with the file. (Foreign keys and a 5 s busy timeout are sqlx's
/// defaults for every connection.)
async fn prepare_sqlite_file(url: &str) -> anyhow::Result<()> {
    let options = SqliteConnectOptions::from_str(url)
        .context("DATABASE_URL is not a valid sqlite URL")?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal);
    let file = options.get_filename();
    if let Some(folder) = file.parent().filter(|folder| !folder.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("Failed to create the database folder {}", folder.display()))?;
    }
    let conn = options
        .connect()
        .await
        .with_context(|| format!("Failed to open the database {}", file.display()))?;
    conn.close().await.context("Failed to close the database")?;
    Ok(())
}

/// Creates the named PostgreSQL database when it does not exist; another
/// server creating it at the same moment is fine.
async fn create_postgres_database(url: &str) -> anyhow::Result<()> {
    let exists = || async {
        sqlx::Any::database_exists(url)
            .await
            .context("Failed to reach the PostgreSQL server of DATABASE_URL")
    };
    if !exists().await? && sqlx::Any::create_database(url).await.is_err() && !exists().await? {
        bail!("The database of DATABASE_URL does not exist and could not be created");
    }
    Ok(())
}

/// Begins a transaction that reads and then writes on what it read, such as
/// "sign unless already signed": such transactions take turns. SQLite's
/// `BEGIN IMMEDIATE` takes the database's write lock at once; on
/// PostgreSQL every server takes the same transaction-level advisory lock,
/// and each statement then sees everything committed before it.
/// Transactions that only insert or add to counters need neither.
pub async fn begin_write(conn: &mut Connection) -> anyhow::Result<Transaction<'_>> {
    match Dialect::of(conn) {
        Dialect::Sqlite => conn
            .begin_with("BEGIN IMMEDIATE")
            .await
            .context("Failed to start a write transaction"),
        Dialect::Postgres => {
            let mut tx = conn.begin().await.context("Failed to start a transaction")?;
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS taken")
                .bind(WRITE_LOCK)
                .execute(&mut *tx)
                .await
                .context("Failed to take the write lock")?;
            Ok(tx)
        }
    }
}

/// A time as the database keeps it: RFC 3339 in UTC with a fixed width, so
/// that text order is time order.
pub fn stamp(time: OffsetDateTime) -> String {
    time.to_offset(time::UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
        ))
        .expect("a UTC time within years 0-9999 always formats")
}

/// Runs one statement that may break a unique constraint, such as a random
/// code that is already someone else's, so that the transaction around it
/// outlives the error: SQLite undoes just the failed statement, while
/// PostgreSQL would abort the whole transaction unless the statement has a
/// savepoint of its own. Tell the error with `is_unique_violation`.
pub async fn may_conflict<T>(
    conn: &mut Connection,
    statement: impl AsyncFnOnce(&mut Connection) -> Result<T, sqlx::Error>,
) -> Result<T, sqlx::Error> {
    match Dialect::of(conn) {
        Dialect::Sqlite => statement(conn).await,
        Dialect::Postgres => {
            let mut savepoint = conn.begin().await?;
            match statement(&mut savepoint).await {
                Ok(done) => {
                    savepoint.commit().await?;
                    Ok(done)
                }
                Err(error) => {
                    savepoint.rollback().await?;
                    Err(error)
                }
            }
        }
    }
}

/// Whether a statement failed on a unique constraint.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|error| error.is_unique_violation())
}

/// The advisory lock key of `begin_write` (ASCII "civicwri").
const WRITE_LOCK: i64 = 0x6369_7669_6377_7269;

/// Copies a live SQLite database into `file`, consistent as of one moment,
/// while the site keeps serving (`VACUUM INTO`); never over an existing
/// file. PostgreSQL has its own tool for that, which this says.
pub async fn backup(database_url: &str, file: &Path) -> anyhow::Result<()> {
    if Dialect::of_url(database_url)? == Dialect::Postgres {
        bail!(
            "DATABASE_URL is PostgreSQL: back it up with its own tool, e.g. \
             pg_dump --format=custom --file=civic.dump \"$DATABASE_URL\" (and pg_restore to bring it back)"
        );
    }
    if file.exists() {
        bail!("{} exists already: name a new file", file.display());
    }
    let target = file.to_str().context("the backup file's name is not UTF-8")?;
    // The file is opened as it is, without creating or migrating anything.
    let mut conn = SqliteConnectOptions::from_str(database_url)
        .context("DATABASE_URL is not a valid sqlite: URL")?
        .connect()
        .await
        .context("Failed to open the database")?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&mut conn)
        .await
        .with_context(|| format!("Failed to copy the database into {target}"))?;
    Ok(())
}

/// Whether the database answers and holds every migration this build
/// carries, each applied successfully: a database another server's newer
/// build migrated further is fine; one missing any of ours is not.
pub async fn migrations_applied(pool: &Pool) -> anyhow::Result<bool> {
    let dialect = Dialect::of_pool(pool);
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
        .fetch_all(pool)
        .await
        .context("Failed to read the applied migrations")?;
    Ok(dialect
        .migrator()
        .iter()
        .all(|migration| applied.contains(&migration.version)))
}

/// The names of the tables the migrations made, in order (not sqlx's own
/// record of them): for tests that look at everything stored.
pub async fn table_names(pool: &Pool) -> anyhow::Result<Vec<String>> {
    let query = match Dialect::of_pool(pool) {
        Dialect::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '_sqlx_migrations' ORDER BY name"
        }
        Dialect::Postgres => {
            "SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = current_schema() \
             AND tablename <> '_sqlx_migrations' ORDER BY tablename"
        }
    };
    sqlx::query_scalar(query)
        .fetch_all(pool)
        .await
        .context("Failed to list the tables")
}

/// Every column of every table `table_names` lists, as (table, column):
/// for tests that look at every value stored.
pub async fn columns(pool: &Pool) -> anyhow::Result<Vec<(String, String)>> {
    let query = match Dialect::of_pool(pool) {
        Dialect::Sqlite => "SELECT name FROM pragma_table_info($1) ORDER BY cid",
        Dialect::Postgres => {
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
        }
    };
    let mut all = Vec::new();
    for table in table_names(pool).await? {
        let names: Vec<String> = sqlx::query_scalar(query)
            .bind(&table)
            .fetch_all(pool)
            .await
            .with_context(|| format!("Failed to list the columns of {table}"))?;
        all.extend(names.into_iter().map(|name| (table.clone(), name)));
    }
    Ok(all)
}

/// Where a test's database lives: a SQLite file in the test's own folder,
/// or, when `CIVIC_TEST_POSTGRES` names a PostgreSQL server (as
/// `cargo xtask test` does for its second run of the server's tests), a
/// fresh database of its own on that server, created on connecting.
pub fn test_database_url(folder: &Path) -> String {
    match std::env::var("CIVIC_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => {
            let name = format!("civic_test_{:016x}", rand::random::<u64>());
            format!("{}/{name}", server.trim_end_matches('/'))
        }
        _ => format!("sqlite://{}", folder.join("data/civic.db").display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn stamps_sort_as_their_times_do() {
        let early = stamp(datetime!(2026-11-29 09:59:59.9 UTC));
        let late = stamp(datetime!(2026-11-29 10:00:00 +01:00));
        assert_eq!(early, "2026-11-29T09:59:59.900000Z");
        assert_eq!(late, "2026-11-29T09:00:00.000000Z");
        assert!(late < early);
        assert!(OffsetDateTime::parse(&early, &time::format_description::well_known::Rfc3339).is_ok());
    }

    #[test]
    fn a_url_names_its_dialect() {
        assert_eq!(Dialect::of_url("sqlite://data/civic.db").unwrap(), Dialect::Sqlite);
        assert_eq!(Dialect::of_url("postgres://civic@db/civic").unwrap(), Dialect::Postgres);
        assert_eq!(
            Dialect::of_url("postgresql://civic@db/civic").unwrap(),
            Dialect::Postgres
        );
        assert!(Dialect::of_url("mysql://civic@db/civic").is_err());
    }

    #[tokio::test]
    async fn sqlite_connections_are_in_wal_mode_and_sync_normally() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("data/civic.db").display());
        let pool = connect(&Secret::new(url)).await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!((mode.as_str(), synchronous), ("wal", 1));
    }

    #[test]
    fn no_sqlite_migration_is_newer_than_the_newest_postgresql_one() {
        // A PostgreSQL database is never ahead of what SQLite has: every
        // later migration comes in pairs.
        let latest = |migrator: &Migrator| migrator.iter().map(|migration| migration.version).max();
        assert!(latest(&POSTGRES_MIGRATIONS) >= latest(&SQLITE_MIGRATIONS));
    }
}
