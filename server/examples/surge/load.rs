//! `surge load`: signers and count readers against a running server for a
//! fixed time, then the figures.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use civic_api::petition::{PetitionCount, PetitionList};
use civic_api::{Slug, paths};
use reqwest::header::{CONTENT_TYPE, ORIGIN};
use tokio::time::{Instant, MissedTickBehavior};

use crate::args::Args;
use crate::figures::Tally;
use crate::signer::{People, client_address};

/// Defaults for two cores shared by this program and the server, chosen by
/// trying: more signers queue at the server's single writer without adding
/// throughput, fewer leave it idle between batches.
const SIGNERS: usize = 64;
const READERS: usize = 16;
/// The goal's read rate: readers are paced to it so they take what a real
/// surge of page reloads would, not every spare cycle.
const READ_RATE: u64 = 10_000;
const THREADS: usize = 1;
/// After a failed connection, so a stopped server is not hammered in a loop.
const BACKOFF: Duration = Duration::from_millis(20);
/// How long after the window paced readers may still catch up on reads that
/// were due inside it; beyond that the server is not keeping up anyway.
const LATE_READS: Duration = Duration::from_millis(200);

pub struct Settings {
    /// One server, or several sharing a database: signers and readers are
    /// spread over them.
    urls: Vec<String>,
    slug: Option<String>,
    seconds: f64,
    signers: usize,
    readers: usize,
    /// Count reads per second across all readers; 0 is as fast as they can.
    read_rate: u64,
    threads: usize,
    acknowledged: PathBuf,
    /// What the verdict line compares with: signatures/s and their p99.
    goal_rate: f64,
    goal_p99_ms: f64,
}

impl Settings {
    fn from_args(args: &Args) -> anyhow::Result<Settings> {
        let settings = Settings {
            urls: args
                .required("url")?
                .split(',')
                .map(|url| url.trim().trim_end_matches('/').to_owned())
                .filter(|url| !url.is_empty())
                .collect(),
            slug: args.optional("slug").map(str::to_owned),
            seconds: args.number("seconds", 10.0)?,
            signers: args.number("signers", SIGNERS)?,
            readers: args.number("readers", READERS)?,
            read_rate: args.number("read-rate", READ_RATE)?,
            threads: args.number("threads", THREADS)?,
            acknowledged: args.required("acknowledged")?.into(),
            goal_rate: args.number("goal-rate", 5_000.0)?,
            goal_p99_ms: args.number("goal-p99-ms", 50.0)?,
        };
        anyhow::ensure!(!settings.urls.is_empty(), "--url names no server");
        anyhow::ensure!(settings.seconds > 0.0, "--seconds must be above zero");
        anyhow::ensure!(settings.signers > 0, "--signers must be above zero");
        anyhow::ensure!(settings.threads > 0, "--threads must be above zero");
        Ok(settings)
    }
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let settings = Settings::from_args(args)?;
    let runtime = if settings.threads == 1 {
        tokio::runtime::Builder::new_current_thread().enable_all().build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(settings.threads)
            .enable_all()
            .build()?
    };
    runtime.block_on(surge(settings))
}

/// One server's addresses.
struct Server {
    signatures_url: String,
    count_url: String,
    /// What a browser on the site itself sends, so the CSRF check passes.
    origin: String,
}

/// What every task needs, shared read-only.
struct Target {
    client: reqwest::Client,
    servers: Vec<Server>,
    people: People,
    /// Sign requests sent again to another server after a failed connection.
    retried: AtomicU64,
    /// The next person to sign.
    next: AtomicU64,
    deadline: Instant,
}

async fn surge(settings: Settings) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(30))
        .build()?;
    let first_url = &settings.urls[0];
    let slug = match &settings.slug {
        Some(slug) => Slug::parse(slug).map_err(|e| anyhow::anyhow!("--slug {slug:?}: {e:?}"))?,
        None => first_open_petition(&client, first_url).await?,
    };
    let count_url = format!("{first_url}{}", paths::petition_count(&slug));
    let before: PetitionCount = client
        .get(&count_url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .with_context(|| format!("GET {count_url}: is the server running?"))?
        .json()
        .await?;
    if before.closed {
        bail!("the petition {slug} is closed: pick an open one with --slug");
    }
    print_settings(&settings, &slug);

    let duration = Duration::from_secs_f64(settings.seconds);
    let started = Instant::now();
    let servers = settings
        .urls
        .iter()
        .map(|url| Server {
            signatures_url: format!("{url}{}", paths::petition_signatures(&slug)),
            count_url: format!("{url}{}", paths::petition_count(&slug)),
            origin: url.clone(),
        })
        .collect();
    let target = Arc::new(Target {
        client,
        servers,
        people: People::new(run_id()),
        retried: AtomicU64::new(0),
        next: AtomicU64::new(0),
        deadline: started + duration,
    });
    let signers: Vec<_> = (0..settings.signers)
        .map(|i| tokio::spawn(sign_until_deadline(Arc::clone(&target), i)))
        .collect();
    let readers: Vec<_> = (0..settings.readers)
        .map(|i| {
            let pace = pace(settings.read_rate, settings.readers, i, started);
            tokio::spawn(read_until_deadline(Arc::clone(&target), i, pace))
        })
        .collect();

    let mut signing = Tally::new();
    let mut acknowledged = Vec::new();
    for signer in signers {
        let (tally, people) = signer.await?;
        signing.merge(tally);
        acknowledged.extend(people);
    }
    let mut reading = Tally::new();
    for reader in readers {
        reading.merge(reader.await?);
    }
    let took = started.elapsed();

    write_acknowledged(&settings.acknowledged, &target.people, &acknowledged)?;
    let sent = Sent {
        attempted: target.next.load(Ordering::Relaxed),
        retried: target.retried.load(Ordering::Relaxed),
    };
    print_figures(&settings, duration, took, &signing, &reading, &sent);
    Ok(())
}

async fn first_open_petition(client: &reqwest::Client, url: &str) -> anyhow::Result<Slug> {
    let list_url = format!("{url}{}", paths::PETITIONS);
    let list: PetitionList = client
        .get(&list_url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .with_context(|| format!("GET {list_url}: is the server running?"))?
        .json()
        .await?;
    list.petitions
        .into_iter()
        .find(|petition| !petition.closed)
        .map(|petition| petition.slug)
        .context("the server has no open petition to sign")
}

/// One signer: a new person after each answer until the deadline, through
/// server `i` (of those given, in turn). When a server cannot be reached,
/// the signer moves to the next and sends the same request again, with the
/// same idempotency key, as a browser retrying through a load balancer
/// would. Returns its figures and the people whose signature was
/// acknowledged.
async fn sign_until_deadline(target: Arc<Target>, i: usize) -> (Tally, Vec<u64>) {
    let mut tally = Tally::new();
    let mut acknowledged = Vec::new();
    let mut server = i % target.servers.len();
    while Instant::now() < target.deadline {
        let n = target.next.fetch_add(1, Ordering::Relaxed);
        let body = serde_json::to_vec(&target.people.request(n)).expect("a sign request serialises");
        for attempt in 0..target.servers.len() {
            if attempt > 0 {
                target.retried.fetch_add(1, Ordering::Relaxed);
            }
            let to = &target.servers[server];
            let sent = Instant::now();
            let outcome = target
                .client
                .post(&to.signatures_url)
                .header(CONTENT_TYPE, "application/json")
                .header(ORIGIN, &to.origin)
                .header("sec-fetch-site", "same-origin")
                .header("x-forwarded-for", client_address(n).to_string())
                .body(body.clone())
                .send()
                .await;
            match answer(outcome).await {
                Ok(status) if status.is_success() => {
                    tally.succeeded(sent.elapsed());
                    acknowledged.push(n);
                }
                Ok(status) => tally.failed(status.as_u16().to_string()),
                Err(error) => {
                    tally.failed(transport(&error));
                    server = (server + 1) % target.servers.len();
                    if target.servers.len() == 1 {
                        tokio::time::sleep(BACKOFF).await;
                    }
                    continue;
                }
            }
            break;
        }
    }
    (tally, acknowledged)
}

/// One reader, through server `i` until it cannot be reached, then the next.
async fn read_until_deadline(target: Arc<Target>, i: usize, pace: Option<tokio::time::Interval>) -> Tally {
    let mut tally = Tally::new();
    let mut pace = pace;
    let mut server = i % target.servers.len();
    loop {
        // A paced read belongs to the window if it was due inside it, even
        // when a slow answer before it makes it leave late.
        let due = match pace.as_mut() {
            Some(interval) => interval.tick().await,
            None => Instant::now(),
        };
        if due >= target.deadline || Instant::now() >= target.deadline + LATE_READS {
            return tally;
        }
        let sent = Instant::now();
        let count_url = &target.servers[server].count_url;
        match answer(target.client.get(count_url).send().await).await {
            Ok(status) if status.is_success() => tally.succeeded(sent.elapsed()),
            Ok(status) => tally.failed(status.as_u16().to_string()),
            Err(error) => {
                tally.failed(transport(&error));
                server = (server + 1) % target.servers.len();
                tokio::time::sleep(BACKOFF).await;
            }
        }
    }
}

/// The status once the whole body has arrived: only then does an answer
/// count, and the connection goes back to the pool.
async fn answer(outcome: reqwest::Result<reqwest::Response>) -> reqwest::Result<reqwest::StatusCode> {
    let response = outcome?;
    let status = response.status();
    response.bytes().await?;
    Ok(status)
}

fn transport(error: &reqwest::Error) -> String {
    let kind = if error.is_connect() {
        "connect"
    } else if error.is_timeout() {
        "timeout"
    } else if error.is_body() || error.is_decode() {
        "body"
    } else {
        "request"
    };
    format!("transport: {kind}")
}

/// Reader `i`'s share of the read rate, started at its own offset so the
/// readers' requests interleave instead of leaving together.
fn pace(rate: u64, readers: usize, i: usize, started: Instant) -> Option<tokio::time::Interval> {
    if rate == 0 || readers == 0 {
        return None;
    }
    let period = Duration::from_secs_f64(readers as f64 / rate as f64);
    let offset = period.mul_f64(i as f64 / readers as f64);
    let mut interval = tokio::time::interval_at(started + offset, period);
    interval.set_missed_tick_behavior(MissedTickBehavior::Burst);
    Some(interval)
}

fn run_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    format!("{:x}", nanos % (1 << 40))
}

fn write_acknowledged(path: &PathBuf, people: &People, acknowledged: &[u64]) -> anyhow::Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    for &n in acknowledged {
        writeln!(out, "{}", people.email(n))?;
    }
    out.flush()?;
    Ok(())
}

fn print_settings(settings: &Settings, slug: &Slug) {
    let reads = if settings.read_rate == 0 {
        "as fast as they can".to_owned()
    } else {
        format!("paced to {} reads/s in all", settings.read_rate)
    };
    println!(
        "surge: {:.0} s against {}, petition {slug}",
        settings.seconds,
        settings.urls.join(" and ")
    );
    println!(
        "    {} signers (each request a new person from a new client address), {} count readers ({reads}), \
         {} client thread(s)",
        settings.signers, settings.readers, settings.threads
    );
}

/// How many people were sent, and how many requests went again to another
/// server.
struct Sent {
    attempted: u64,
    retried: u64,
}

/// Rates are per second of the load's window: requests still in flight at
/// its end count, and none starts after it.
fn print_figures(settings: &Settings, window: Duration, took: Duration, signing: &Tally, reading: &Tally, sent: &Sent) {
    let seconds = window.as_secs_f64();
    let per_second = |count: u64| count as f64 / seconds;
    println!(
        "    {} people sent in {seconds:.1} s ({} requests sent again to another server); \
         the last answer came {:.0} ms after the end",
        sent.attempted,
        sent.retried,
        took.saturating_sub(window).as_secs_f64() * 1000.0
    );
    println!(
        "    signatures acknowledged: {} ({:.0}/s); latency {}",
        signing.count(),
        per_second(signing.count()),
        signing.latency_line()
    );
    println!("    signing failures: {}", signing.failure_line());
    println!(
        "    count reads: {} ({:.0}/s); latency {}",
        reading.count(),
        per_second(reading.count()),
        reading.latency_line()
    );
    println!("    read failures: {}", reading.failure_line());
    let verdict = if signing.has_failures() || reading.has_failures() {
        "not judged: some requests failed"
    } else if per_second(signing.count()) >= settings.goal_rate
        && signing.quantile_ms(0.99) < settings.goal_p99_ms
        && per_second(reading.count()) >= 10_000.0
    {
        "met"
    } else {
        "not met"
    };
    println!(
        "    goal (>= {:.0} signatures/s with p99 < {:.0} ms while >= 10,000 count reads/s): {verdict}",
        settings.goal_rate, settings.goal_p99_ms
    );
}
