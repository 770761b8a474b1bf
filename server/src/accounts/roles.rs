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

/// `civic-server make-admin EMAIL`.
pub async fn make_admin(config: &Config, email: &str) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{email:?} is not an e-mail address ({e})"))?;
    let pool = db::connect(&config.database_url).await?;
    let granted = grant(&pool, &email, Role::Admin).await;
    pool.close().await;
    granted
}
