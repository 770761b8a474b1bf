//! `civic-server backup FILE`: a copy of the live SQLite database that
//! holds every row and serves the site; PostgreSQL is pointed to pg_dump.

use civic_api::Locale;
use civic_server::config::Secret;

use crate::helpers::{TestApp, stored_text_of};
use crate::petitions_fixture::{OPEN, sign_request, spawn_petitions_app};

fn backup_command(app: &TestApp, file: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_civic-server"))
        .arg("backup")
        .arg(file)
        .env("DATABASE_URL", app.setup_again().config.database_url.expose())
        .env("CIVIC_SECRET", "Y2l2aWMgdGVzdCBzZWNyZXQsIDMyIGJ5dGVzIGxvbmc=")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the command runs")
}

#[tokio::test]
async fn a_backup_taken_while_the_site_runs_holds_every_row_and_serves_the_site() {
    let app = spawn_petitions_app().await;
    app.sign_and_confirm(OPEN, &sign_request("Ada Lovelace", "ada@example.org", "GB", Locale::En))
        .await;
    assert_eq!(
        app.sign(OPEN, &sign_request("Bo Chen", "bo@example.org", "FR", Locale::Fr))
            .await
            .status(),
        202
    );
    // The sender has sent what was queued: nothing changes after the copy.
    assert_eq!(app.outbox().await.len(), 3);
    let file = app.setup_again().dir().join("backup.db");

    let output = backup_command(&app, &file);

    let stderr = String::from_utf8_lossy(&output.stderr);
    if !app.on_sqlite() {
        assert!(!output.status.success());
        assert!(stderr.contains("pg_dump"), "{stderr}");
        return;
    }
    assert!(output.status.success(), "{stderr}");
    let url = format!("sqlite://{}", file.display());
    let copy = civic_server::db::connect(&Secret::new(url.clone())).await.unwrap();
    let everything = stored_text_of(&app.pool, &[]).await;
    assert!(everything.contains("ada@example.org") && everything.contains("bo@example.org"));
    assert_eq!(stored_text_of(&copy, &[]).await, everything);

    // The copy is a site of its own, with the count it had.
    let mut restored = app.setup_again();
    restored.config.database_url = Secret::new(url);
    restored.config.image_cache = restored.dir().join("data/images-restored");
    let restored = restored.spawn().await;
    assert_eq!(restored.count(OPEN).await.count, app.count(OPEN).await.count);

    // A second backup never overwrites the first.
    let again = backup_command(&app, &file);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
}
