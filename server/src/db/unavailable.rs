//! When the database cannot store anything: its disk is full, it is
//! read-only, or it cannot be reached. Such a write is answered 503 in the
//! error shape (try again later), not 500, and reads go on being served.

use sqlx::error::DatabaseError as _;

/// A write refused because the database cannot take it just now: what the
/// signature writer hands each request of a batch that failed so.
#[derive(Debug, thiserror::Error)]
#[error("The database cannot take writes just now")]
pub struct Unavailable;

/// Whether `error`, or any cause in its chain, says the database cannot
/// take writes for now (rather than that this request was at fault).
pub fn is_unavailable(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|cause| cause.is::<Unavailable>() || cause.downcast_ref::<sqlx::Error>().is_some_and(says_unavailable))
}

/// Whether `error`, or any cause in its chain, is SQLite's "database is
/// locked" (SQLITE_BUSY) after its busy wait ran out: another connection
/// held the write lock all along, and trying again later may work.
pub fn is_busy(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<sqlx::Error>()
            .and_then(|error| error.as_database_error())
            .and_then(|database| database.try_downcast_ref::<sqlx::sqlite::SqliteError>())
            .and_then(|sqlite| sqlite.code())
            .and_then(|code| code.parse::<i32>().ok())
            .is_some_and(|code| code & 0xff == 5)
    })
}

fn says_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(database) => {
            if let Some(sqlite) = database.try_downcast_ref::<sqlx::sqlite::SqliteError>() {
                sqlite
                    .code()
                    .and_then(|code| code.parse().ok())
                    .is_some_and(sqlite_unavailable)
            } else if let Some(postgres) = database.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
                postgres_unavailable(postgres.code())
            } else {
                false
            }
        }
        _ => false,
    }
}

/// SQLite's result codes; an extended code keeps its primary code in the
/// low byte. READONLY (8), IOERR (10), FULL (13), CANTOPEN (14).
fn sqlite_unavailable(code: i32) -> bool {
    matches!(code & 0xff, 8 | 10 | 13 | 14)
}

/// PostgreSQL's SQLSTATEs: class 53, insufficient resources (53100 disk
/// full); 25006, a read-only transaction (a standby, or
/// `default_transaction_read_only`); 57P01-57P03, the server shutting
/// down or starting; class 08, the connection.
fn postgres_unavailable(code: &str) -> bool {
    code.starts_with("53") || code == "25006" || code.starts_with("57P0") || code.starts_with("08")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_codes_for_a_full_read_only_or_failing_disk_are_unavailable() {
        // SQLITE_READONLY, SQLITE_READONLY_DBMOVED (1032), SQLITE_IOERR_WRITE (778), SQLITE_FULL, SQLITE_CANTOPEN.
        for code in [8, 1032, 778, 13, 14] {
            assert!(sqlite_unavailable(code), "{code}");
        }
        // SQLITE_CONSTRAINT_UNIQUE (2067), SQLITE_ERROR, SQLITE_BUSY.
        for code in [2067, 1, 5] {
            assert!(!sqlite_unavailable(code), "{code}");
        }
    }

    #[test]
    fn postgres_states_for_a_full_read_only_or_unreachable_server_are_unavailable() {
        for code in ["53100", "53200", "25006", "57P01", "08006"] {
            assert!(postgres_unavailable(code), "{code}");
        }
        for code in ["23505", "40001", "42P01", "22001"] {
            assert!(!postgres_unavailable(code), "{code}");
        }
    }

    #[test]
    fn the_marker_is_found_under_context() {
        let error = anyhow::Error::new(Unavailable).context("Failed to sign");
        assert!(is_unavailable(&error));
        assert!(!is_unavailable(&anyhow::anyhow!("A stored e-mail address is invalid")));
        let timed_out = anyhow::Error::new(sqlx::Error::PoolTimedOut).context("Failed to get a connection");
        assert!(is_unavailable(&timed_out));
    }

    #[tokio::test]
    async fn a_write_lock_held_past_the_busy_wait_reads_as_busy_and_nothing_else_does() {
        let dir = tempfile::tempdir().unwrap();
        // SQLite's lock, whatever database the other tests run on.
        let url = crate::config::Secret::new(format!("sqlite://{}", dir.path().join("data/civic.db").display()));
        let (holder, waiter) = (
            crate::db::connect(&url).await.unwrap(),
            crate::db::connect(&url).await.unwrap(),
        );
        let mut held = holder.acquire().await.unwrap();
        let _lock = crate::db::begin_write(&mut held).await.unwrap();
        let mut waiting = waiter.acquire().await.unwrap();
        let error = crate::db::begin_write(&mut waiting).await.unwrap_err();
        assert!(is_busy(&error), "{error:?}");
        assert!(!is_unavailable(&error), "busy is not unavailable");
        assert!(!is_busy(&anyhow::anyhow!("something else")));
    }
}
