//! The surge benchmark of `cargo xtask bench`: civic-server's `surge`
//! example signs one petition as thousands of different people while others
//! reload its count, then checks that no acknowledged signature is missing
//! from the database; a second run kills the server with SIGKILL halfway
//! and checks again. Prints figures; nothing here fails on a slow machine,
//! only on a lost signature.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::cmd::{self, run};
use crate::e2e;
use crate::scratch::Scratch;
use crate::server_process::TestServer;
use crate::steps::step;

/// Extra arguments for `surge load`, such as `--seconds 30 --signers 64`.
pub const ARGS_VARIABLE: &str = "CIVIC_SURGE_ARGS";

/// Production settings, except for trusting this machine as the reverse
/// proxy: each simulated person then has their own address, so the
/// per-client rate limit stays on at its default. Request logs at `info`
/// would cost more than the requests.
const SERVER_SETTINGS: [(&str, &str); 2] = [("CIVIC_TRUSTED_PROXY", "127.0.0.1"), ("RUST_LOG", "warn")];

/// The crash run: load for this long, with the kill halfway through.
const CRASH_RUN: Duration = Duration::from_secs(6);

/// The server and the load generator in one build: an example brings in
/// civic-server's dev-dependencies, whose features would otherwise make a
/// second release build of every shared dependency.
pub fn build() -> Result<()> {
    step("build civic-server and its surge load generator (release profile)");
    run(cmd::cargo().args([
        "build",
        "--release",
        "-p",
        "civic-server",
        "--bin",
        "civic-server",
        "--example",
        "surge",
    ]))
}

/// Runs after `build`.
pub fn surge() -> Result<()> {
    steady()?;
    crash()
}

/// A full run, a clean stop, then the count of lost signatures.
fn steady() -> Result<()> {
    let scratch = Scratch::new("surge")?;
    step("surge: start the release server with a fresh database (rate limits and durability as in production)");
    let server = TestServer::start_with(&e2e::server_binary("release"), &scratch, &SERVER_SETTINGS)?;
    let database = server.database.clone();
    let acknowledged = scratch.path().join("acknowledged.txt");
    step("surge: sign as many different people as possible while readers reload the count");
    let outcome = run(load(&server.base_url, &acknowledged).args(extra_args()));
    step("surge: stop the server, then look for acknowledged signatures missing from the database");
    let status = server.stop()?;
    println!("    server exited ({status})");
    outcome?;
    run(&mut check(&database, &acknowledged))
}

/// SIGKILL in the middle of the surge: what was acknowledged must still be
/// there, and the server must start again on the same database.
fn crash() -> Result<()> {
    let mut scratch = Scratch::new("surge-crash")?;
    step("surge with a crash: the same load, and SIGKILL to the server halfway through");
    let binary = e2e::server_binary("release");
    let server = TestServer::start_with(&binary, &scratch, &SERVER_SETTINGS)?;
    let database = server.database.clone();
    let acknowledged = scratch.path().join("acknowledged.txt");
    let mut command = load(&server.base_url, &acknowledged);
    command
        .args(extra_args())
        .args(["--seconds", &CRASH_RUN.as_secs().to_string()]);
    println!("    $ {} (SIGKILL after {:?})", shown(&command), CRASH_RUN / 2);
    let mut load = command.spawn().context("cannot start the surge load")?;
    std::thread::sleep(CRASH_RUN / 2);
    let killed = server.kill()?;
    println!("    server killed ({killed})");
    let loaded = load.wait().context("lost track of the surge load")?;
    if !loaded.success() {
        scratch.keep();
        bail!("the surge load failed ({loaded}); kept {}", scratch.path().display());
    }
    step("surge with a crash: look for acknowledged signatures missing from the database");
    if let Err(error) = run(&mut check(&database, &acknowledged)) {
        scratch.keep();
        println!("    kept {} for a closer look", scratch.path().display());
        return Err(error);
    }
    step("surge with a crash: the server starts again on the crashed database");
    let restarted = TestServer::start_with(&binary, &scratch, &SERVER_SETTINGS)?;
    restarted.stop()?;
    Ok(())
}

fn surge_binary() -> std::path::PathBuf {
    cmd::target_dir().join("release").join("examples").join("surge")
}

fn load(base_url: &str, acknowledged: &Path) -> Command {
    let mut command = Command::new(surge_binary());
    command
        .current_dir(cmd::root())
        .args(["load", "--url", base_url, "--acknowledged"])
        .arg(acknowledged);
    command
}

fn check(database: &Path, acknowledged: &Path) -> Command {
    let mut command = Command::new(surge_binary());
    command
        .current_dir(cmd::root())
        .args(["check", "--database"])
        .arg(format!("sqlite://{}", database.display()))
        .arg("--acknowledged")
        .arg(acknowledged);
    command
}

fn extra_args() -> Vec<String> {
    std::env::var(ARGS_VARIABLE)
        .map(|args| args.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

fn shown(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|word| word.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
