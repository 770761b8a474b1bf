use std::sync::Arc;

use sqlx::SqlitePool;

use crate::site::Site;

/// What every handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub pool: SqlitePool,
    pub site: Arc<Site>,
}
