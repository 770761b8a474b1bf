//! Roles: member (everyone), editor and admin (staff). The first admin is
//! made on the server with `civic-server make-admin EMAIL`; admins grant
//! roles to others from the staff console.

use anyhow::Context;
use civic_api::Email;
use civic_api::account::Role;

use crate::config::Config;
use crate::db::{self, Pool};
use crate::storage::{account_sessions, accounts};

/// Gives the account of `email` the role `role`. Its sessions end, so the
/// next sign-in starts a new one under the new role's rules (staff's are
/// shorter): a privilege never rides on an old session.
pub async fn grant(pool: &Pool, email: &Email, role: Role) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    let account = accounts::find_by_email(&mut *tx, email).await?.with_context(|| {
        format!(
            "no account uses {email}: join on the site first",
            email = email.as_str()
        )
    })?;
    anyhow::ensure!(
        account.is_confirmed(),
        "the account of {} is not open yet: follow the link sent when joining first",
        email.as_str()
    );
    accounts::set_role(&mut tx, account.id, role).await?;
    account_sessions::delete_all(&mut tx, account.id).await?;
    tx.commit().await.context("Failed to commit a role")?;
    tracing::info!(account = account.id, role = role.as_str(), "role granted");
    Ok(())
}

/// `civic-server make-admin EMAIL`. The running server may hold SQLite's
/// write lock for longer than its 5-second wait when it is very busy: a
/// command run by hand waits up to a minute for it rather than give up.
pub async fn make_admin(config: &Config, email: &str) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{email:?} is not an e-mail address ({e})"))?;
    let pool = db::connect_for_command(&config.database_url).await?;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(60);
    let granted = loop {
        match grant(&pool, &email, Role::Admin).await {
            Err(error) if db::is_busy(&error) && tokio::time::Instant::now() < deadline => {
                tracing::info!("the database is busy; trying again");
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            }
            done => break done,
        }
    };
    pool.close().await;
    granted
}
