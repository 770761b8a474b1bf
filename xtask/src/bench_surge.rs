//! The surge benchmark of `cargo xtask bench`: civic-server's `surge`
//! example signs one petition as thousands of different people while others
//! reload its count, then checks that no acknowledged signature is missing
//! from the database; a second run kills the server with SIGKILL halfway
//! and checks again. Then the same two runs with two servers on one
//! PostgreSQL, the load spread over both and one of them killed. Prints
//! figures; nothing here fails on a slow machine, only on a lost signature
//! or one stored twice.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::cmd::{self, run};
use crate::e2e;
use crate::postgres::{Durability, TestPostgres};
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
    crash()?;
    two_servers_on_postgres()
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
    run(&mut check(&sqlite_url(&database), &acknowledged))
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
    if let Err(error) = run(&mut check(&sqlite_url(&database), &acknowledged)) {
        scratch.keep();
        println!("    kept {} for a closer look", scratch.path().display());
        return Err(error);
    }
    step("surge with a crash: the server starts again on the crashed database");
    let restarted = TestServer::start_with(&binary, &scratch, &SERVER_SETTINGS)?;
    restarted.stop()?;
    Ok(())
}

/// Two servers on one PostgreSQL with its default durability, on this
/// machine: a clean run, then one in which one server is killed halfway
/// and the load goes on against the other, as a load balancer would send
/// it. Each run has a database of its own.
fn two_servers_on_postgres() -> Result<()> {
    let mut scratch = Scratch::new("surge-postgres")?;
    let postgres = TestPostgres::start(&scratch, Durability::Default)?;
    let outcome = postgres_runs(&scratch, &postgres);
    if outcome.is_err() {
        scratch.keep();
        println!(
            "    kept {}; PostgreSQL's log: {}",
            scratch.path().display(),
            postgres.log().display()
        );
    }
    outcome.and(postgres.stop())
}

fn postgres_runs(scratch: &Scratch, postgres: &TestPostgres) -> Result<()> {
    let binary = e2e::server_binary("release");
    let secret = shared_secret()?;

    step("surge on two servers and PostgreSQL: sign through both while readers reload the count on both");
    let database = format!("{}/civic_surge", postgres.url());
    let settings = two_server_settings(&database, &secret);
    let folders = server_folders()?;
    let (first, second) = start_two(&binary, &folders, &settings)?;
    let acknowledged = scratch.path().join("acknowledged.txt");
    let outcome = run(two_server_load(&first, &second, &acknowledged).args(extra_args()));
    step("surge on two servers: stop both, then look for signatures lost or stored twice");
    println!("    servers exited ({}, {})", first.stop()?, second.stop()?);
    outcome?;
    run(&mut check(&database, &acknowledged))?;

    step("surge on two servers with a crash: SIGKILL to one of them halfway, the load goes on against the other");
    let database = format!("{}/civic_surge_crash", postgres.url());
    let settings = two_server_settings(&database, &secret);
    let folders = server_folders()?;
    let (first, second) = start_two(&binary, &folders, &settings)?;
    let acknowledged = scratch.path().join("acknowledged-crash.txt");
    let mut command = two_server_load(&first, &second, &acknowledged);
    command
        .args(extra_args())
        .args(["--seconds", &CRASH_RUN.as_secs().to_string()]);
    println!(
        "    $ {} (SIGKILL to the first after {:?})",
        shown(&command),
        CRASH_RUN / 2
    );
    let mut load = command.spawn().context("cannot start the surge load")?;
    std::thread::sleep(CRASH_RUN / 2);
    println!("    first server killed ({})", first.kill()?);
    let loaded = load.wait().context("lost track of the surge load")?;
    if !loaded.success() {
        bail!("the surge load failed ({loaded})");
    }
    println!("    second server exited ({})", second.stop()?);
    step("surge on two servers with a crash: look for signatures lost or stored twice");
    run(&mut check(&database, &acknowledged))?;
    step("surge on two servers with a crash: a server starts again on the database");
    let again = Scratch::new("surge-postgres-again")?;
    TestServer::start_with(&binary, &again, &settings)?.stop()?;
    Ok(())
}

/// Two servers, one after the other (the first creates the database), each
/// with a folder of its own for its log.
fn start_two(binary: &Path, folders: &[Scratch; 2], settings: &[(&str, &str)]) -> Result<(TestServer, TestServer)> {
    let first = TestServer::start_with(binary, &folders[0], settings)?;
    let second = TestServer::start_with(binary, &folders[1], settings)?;
    Ok((first, second))
}

fn server_folders() -> Result<[Scratch; 2]> {
    Ok([
        Scratch::new("surge-first-server")?,
        Scratch::new("surge-second-server")?,
    ])
}

fn two_server_settings<'a>(database: &'a str, secret: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut settings = SERVER_SETTINGS.to_vec();
    settings.extend([("DATABASE_URL", database), ("CIVIC_SECRET", secret)]);
    settings
}

/// A key for this run's servers to share, from the system's generator: 48
/// bytes as hexadecimal, which is also base64 text of 72 bytes.
fn shared_secret() -> Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 48];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut bytes))
        .context("cannot read /dev/urandom")?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// The load spread over both servers, judged by the goal for two servers
/// on one PostgreSQL on one machine.
fn two_server_load(first: &TestServer, second: &TestServer, acknowledged: &Path) -> Command {
    let mut command = load(&format!("{},{}", first.base_url, second.base_url), acknowledged);
    command.args(["--goal-rate", "2500", "--goal-p99-ms", "100"]);
    command
}

fn sqlite_url(database: &Path) -> String {
    format!("sqlite://{}", database.display())
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

fn check(database_url: &str, acknowledged: &Path) -> Command {
    let mut command = Command::new(surge_binary());
    command
        .current_dir(cmd::root())
        .args(["check", "--database", database_url])
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
