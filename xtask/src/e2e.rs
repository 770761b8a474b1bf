//! `cargo xtask test` (every test suite, in order, stopping at the first
//! failure) and `cargo xtask bench` (the first-load figures, Lighthouse's,
//! then the surge of signatures).

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use anyhow::Result;

use crate::bench_surge;
use crate::cmd::{self, run};
use crate::contract;
use crate::postgres::{Durability, TestPostgres};
use crate::scratch::Scratch;
use crate::server_process::TestServer;
use crate::spa;
use crate::steps::{Timeline, step};
use crate::test_tools::{self, CHROMEDRIVER};
use crate::tools;

pub fn test() -> Result<ExitCode> {
    let mut timeline = Timeline::default();
    let outcome = timeline
        .run("set up the build tools", tools::setup_site)
        .and_then(|()| timeline.run("set up the browser tools", test_tools::setup_browser))
        .and_then(|()| timeline.run("native tests (every package)", native_tests))
        .and_then(|()| {
            timeline.run(
                "server tests on PostgreSQL 15 (started for the run)",
                server_tests_on_postgres,
            )
        })
        .and_then(|()| timeline.run("wasm component tests in headless Chromium (civic-web)", wasm_tests))
        .and_then(|()| timeline.run("release build of the SPA", spa::build_if_changed))
        .and_then(|()| timeline.run("build civic-server", || build_server("dev")))
        .and_then(|()| timeline.run("contract fuzzing of the API (schemathesis)", contract::fuzz))
        .and_then(|()| timeline.run("end-to-end tests against the real server", end_to_end));
    println!("{}", timeline.summary());
    Ok(if outcome.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

pub fn bench() -> Result<ExitCode> {
    tools::setup_site()?;
    test_tools::setup_browser()?;
    spa::build_if_changed()?;
    bench_surge::build()?;
    step("start the server");
    let scratch = Scratch::new("bench")?;
    let server = TestServer::start(&server_binary("release"), &scratch)?;
    step("first load of the home page and of a survey page (node tests/e2e/bench/first-load.mjs)");
    run(node()
        .arg("tests/e2e/bench/first-load.mjs")
        .env("CIVIC_BASE_URL", &server.base_url))?;
    step("the pictures of /campaigns on a 390 px phone (node tests/e2e/bench/campaign-pictures.mjs)");
    run(node()
        .arg("tests/e2e/bench/campaign-pictures.mjs")
        .env("CIVIC_BASE_URL", &server.base_url))?;
    step("Lighthouse, mobile, on five pages (node tests/e2e/bench/lighthouse.mjs)");
    run(node()
        .arg("tests/e2e/bench/lighthouse.mjs")
        .env("CIVIC_BASE_URL", &server.base_url))?;
    server.stop()?;
    bench_surge::surge()?;
    Ok(ExitCode::SUCCESS)
}

/// Every package natively; civic-web's component tests are wasm-only and
/// run in the next step, its pure logic (share links, plurals) here.
fn native_tests() -> Result<()> {
    run(cmd::cargo().args(["test", "--workspace"]))
}

/// civic-server's whole suite again, its databases made on a real
/// PostgreSQL rather than SQLite files. Run as the whole workspace's tests,
/// as the native step does: `-p civic-server` alone would resolve other
/// features and rebuild sqlx and the server (two minutes) to save the
/// few seconds the other packages' tests take.
fn server_tests_on_postgres() -> Result<()> {
    let mut scratch = Scratch::new("postgres")?;
    let postgres = TestPostgres::start(&scratch, Durability::Off).inspect_err(|_| {
        scratch.keep();
        println!("    kept {} for a closer look", scratch.path().display());
    })?;
    step("cargo test --workspace (CIVIC_TEST_POSTGRES: civic-server's tests use it)");
    let outcome = run(cmd::cargo()
        .args(["test", "--workspace"])
        .env("CIVIC_TEST_POSTGRES", postgres.url()));
    let log = postgres.log().to_path_buf();
    step("stop PostgreSQL");
    let outcome = outcome.and(postgres.stop());
    if outcome.is_err() {
        scratch.keep();
        println!(
            "    kept {}; PostgreSQL's log: {}",
            scratch.path().display(),
            log.display()
        );
    }
    outcome
}

fn wasm_tests() -> Result<()> {
    run(cmd::cargo()
        .args([
            "test",
            "-p",
            "civic-web",
            "--features",
            "csr",
            "--target",
            tools::WASM_TARGET,
        ])
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))
}

/// `profile` is cargo's name for it: `dev` shares the test build's artefacts.
pub fn build_server(profile: &str) -> Result<()> {
    step(&format!("build civic-server ({profile} profile)"));
    run(cmd::cargo().args(["build", "-p", "civic-server", "--profile", profile]))
}

pub fn server_binary(profile: &str) -> PathBuf {
    let folder = if profile == "dev" { "debug" } else { profile };
    cmd::target_dir().join(folder).join("civic-server")
}

fn end_to_end() -> Result<()> {
    let mut scratch = Scratch::new("e2e")?;
    step("start the server");
    let server = TestServer::start(&server_binary("dev"), &scratch)?;
    step("node --test tests/e2e/");
    // The console's test makes its first admin as an operator does, with
    // `civic-server make-admin` on the server's database.
    let outcome = run(node()
        .args(["--test", "--test-concurrency=1", "tests/e2e/"])
        .env("CIVIC_BASE_URL", &server.base_url)
        .env("CIVIC_SERVER_BINARY", server_binary("dev"))
        .env(
            "CIVIC_TEST_DATABASE_URL",
            format!("sqlite://{}", server.database.display()),
        ));
    server.stop_after(outcome, &mut scratch)
}

fn node() -> Command {
    let mut node = Command::new("node");
    node.current_dir(cmd::root());
    node
}
