//! `surge check`: every signature a server acknowledged must be in the
//! database, also after a crash, and nobody in it twice, also when a
//! request went again to another server.

use std::collections::HashSet;
use std::process::ExitCode;

use anyhow::Context;
use sqlx::{AnyConnection, Connection};

use crate::args::Args;

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let database = args.required("database")?;
    let path = args.required("acknowledged")?;
    let listed = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let acknowledged: Vec<&str> = listed.lines().filter(|line| !line.is_empty()).collect();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let rows = runtime.block_on(stored_addresses(database))?;
    let stored: HashSet<String> = rows.iter().cloned().collect();
    let twice = rows.len() - stored.len();
    let lost = acknowledged.iter().filter(|email| !stored.contains(**email)).count();
    // Addresses read `s{run}n{n}@surge.example`; the run's hex id has no `n`.
    let run_prefix = acknowledged
        .first()
        .and_then(|email| email.find('n').map(|at| &email[..=at]));
    let stored_by_run = run_prefix.map_or(0, |prefix| {
        stored.iter().filter(|email| email.starts_with(prefix)).count()
    });
    println!(
        "    lost: {lost} of {} acknowledged signatures ({stored_by_run} of this run's signatures stored, \
         answered or not)",
        acknowledged.len()
    );
    println!("    counted twice: {twice} (people stored more than once)");
    Ok(if lost == 0 && twice == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// On SQLite, opening the file replays its write-ahead log, as the server
/// would after a crash.
async fn stored_addresses(database: &str) -> anyhow::Result<Vec<String>> {
    sqlx::any::install_default_drivers();
    let mut connection = AnyConnection::connect(database)
        .await
        .with_context(|| format!("cannot open {database}"))?;
    let emails: Vec<String> = sqlx::query_scalar("SELECT email FROM signatures WHERE email LIKE '%@surge.example'")
        .fetch_all(&mut connection)
        .await
        .context("cannot read the signatures")?;
    Ok(emails)
}
