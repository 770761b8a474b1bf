//! A throw-away PostgreSQL for civic-server's tests and the benchmark:
//! Debian's binaries, a data folder in a scratch folder, a free port,
//! stopped when dropped; for tests without durability (the data dies with
//! the run), for the benchmark with PostgreSQL's own settings.
//!
//! `pg_ctl` detaches the server into its own session, so a Ctrl-C on the
//! terminal does not reach it: while it runs, an interrupt is held back
//! until the server is stopped, then delivered.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::cmd::{self, output_of, run};
use crate::scratch::Scratch;
use crate::steps::step;

const INSTALLED: &str = "/usr/lib/postgresql";
const OLDEST: u32 = 15;
const APT_INSTALL: &str = "apt-get update && apt-get install -y postgresql";
/// The superuser initdb creates; the tests connect as it without a password.
const USER: &str = "civic";
/// The system account of Debian's package: initdb and the server refuse root.
const SYSTEM_USER: &str = "postgres";

/// Whether commits wait for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// No waiting for the disk: for tests, whose data dies with the run.
    Off,
    /// PostgreSQL's defaults, as a production server has them: for figures.
    Default,
}

/// A PostgreSQL server started for tests; stopped when dropped.
pub struct TestPostgres {
    bin: PathBuf,
    data: PathBuf,
    log: PathBuf,
    port: u16,
    as_root: bool,
    _interrupts: HeldInterrupts,
}

impl TestPostgres {
    /// Installs PostgreSQL when it is missing (as root), creates a cluster
    /// in `scratch` and starts it on a free local port.
    pub fn start(scratch: &Scratch, durability: Durability) -> Result<TestPostgres> {
        let bin = binaries()?;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let as_root = unsafe { libc::geteuid() } == 0;
        let data = scratch.path().join("pgdata");
        let log = scratch.path().join("postgres.log");
        step("create a PostgreSQL cluster (initdb)");
        std::fs::create_dir(&data).with_context(|| format!("cannot create {}", data.display()))?;
        std::fs::File::create(&log).with_context(|| format!("cannot create {}", log.display()))?;
        if as_root {
            give_to_system_user(scratch.path(), &data, &log)?;
        }
        run(postgres_command(&bin.join("initdb"), as_root)
            .current_dir(scratch.path())
            .arg("-D")
            .arg(&data)
            .args(["-A", "trust", "-U", USER, "--no-locale", "-E", "UTF8"]))
        .with_context(|| reach_hint(scratch.path(), as_root))?;

        let port = free_port()?;
        step(&format!(
            "start PostgreSQL on 127.0.0.1:{port} (log: {})",
            log.display()
        ));
        let postgres = TestPostgres {
            bin,
            data,
            log,
            port,
            as_root,
            _interrupts: HeldInterrupts::hold(),
        };
        let started = Instant::now();
        let options = server_options(port, &postgres.data, durability)?;
        run(postgres
            .pg_ctl()
            .args(["-o", &options, "-w", "-l"])
            .arg(&postgres.log)
            .arg("start"))
        .with_context(|| {
            format!(
                "PostgreSQL did not start; the last lines of {}:\n{}",
                postgres.log.display(),
                cmd::tail(&std::fs::read_to_string(&postgres.log).unwrap_or_default(), 30)
            )
        })?;
        println!(
            "    ready after {:.1}s at {}",
            started.elapsed().as_secs_f64(),
            postgres.url()
        );
        Ok(postgres)
    }

    /// The server without a database name: the tests add `/<database>`.
    pub fn url(&self) -> String {
        format!("postgres://{USER}@127.0.0.1:{}", self.port)
    }

    pub fn log(&self) -> &Path {
        &self.log
    }

    /// Stops the server at once: its data is thrown away anyway.
    pub fn stop(mut self) -> Result<()> {
        self.stop_if_running()
    }

    fn stop_if_running(&mut self) -> Result<()> {
        // Only a running server has this file; a failed start may have none.
        if !self.data.join("postmaster.pid").exists() {
            return Ok(());
        }
        let asked = Instant::now();
        run(self.pg_ctl().args(["-m", "immediate", "stop"]))?;
        println!("    PostgreSQL stopped after {:.1}s", asked.elapsed().as_secs_f64());
        Ok(())
    }

    fn pg_ctl(&self) -> Command {
        let mut pg_ctl = postgres_command(&self.bin.join("pg_ctl"), self.as_root);
        // A folder the system user may enter; the current one may be closed to it.
        pg_ctl.current_dir(self.data.parent().unwrap_or(&self.data));
        pg_ctl.arg("-D").arg(&self.data);
        pg_ctl
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        if let Err(error) = self.stop_if_running() {
            eprintln!("    could not stop PostgreSQL: {error:#}");
        }
    }
}

/// The `bin` folder of the newest PostgreSQL ≥ 15, installed if missing.
fn binaries() -> Result<PathBuf> {
    step(&format!("PostgreSQL {OLDEST} or newer (Debian package)"));
    let bin = match newest_server()? {
        Some(bin) => bin,
        None => {
            // SAFETY: geteuid has no preconditions and cannot fail.
            if unsafe { libc::geteuid() } != 0 {
                bail!("PostgreSQL {OLDEST}+ is missing and installing it needs root: run `sudo sh -c '{APT_INSTALL}'`");
            }
            run(Command::new("apt-get").arg("update"))?;
            run(Command::new("apt-get").args(["install", "-y", "postgresql"]))?;
            newest_server()?.with_context(|| {
                format!("apt-get installed PostgreSQL, but {INSTALLED} has no server of version {OLDEST} or newer")
            })?
        }
    };
    let version = output_of(Command::new(bin.join("postgres")).arg("--version"))?
        .with_context(|| format!("{} is installed but does not run", bin.join("postgres").display()))?;
    println!("    ready: {} ({})", version.trim(), bin.display());
    Ok(bin)
}

fn newest_server() -> Result<Option<PathBuf>> {
    let names = match std::fs::read_dir(INSTALLED) {
        Ok(entries) => entries
            .map(|entry| Ok(entry?.file_name().to_string_lossy().into_owned()))
            .collect::<std::io::Result<Vec<_>>>()?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => return Err(error).with_context(|| format!("cannot list {INSTALLED}")),
    };
    // A client package alone (postgresql-client-16) brings a bin folder without a server.
    Ok(versions_newest_first(&names)
        .into_iter()
        .map(|version| Path::new(INSTALLED).join(version.to_string()).join("bin"))
        .find(|bin| bin.join("initdb").exists() && bin.join("pg_ctl").exists()))
}

/// The folder names of `/usr/lib/postgresql` that are versions ≥ 15, newest first.
fn versions_newest_first(names: &[String]) -> Vec<u32> {
    let mut versions: Vec<u32> = names
        .iter()
        .filter_map(|name| name.parse().ok())
        .filter(|version| *version >= OLDEST)
        .collect();
    versions.sort_unstable_by(|a, b| b.cmp(a));
    versions
}

/// `program` as ourselves, or as the system user when we are root.
fn postgres_command(program: &Path, as_root: bool) -> Command {
    if as_root {
        let mut command = Command::new("runuser");
        command.args(["-u", SYSTEM_USER, "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

/// The server's settings, passed by pg_ctl through a shell: the socket
/// folder is quoted.
fn server_options(port: u16, socket_dir: &Path, durability: Durability) -> Result<String> {
    let dir = socket_dir.to_str().context("the socket folder is not UTF-8")?;
    if dir.contains('\'') {
        bail!("the socket folder {dir} has a quote in its name");
    }
    let durability = match durability {
        Durability::Off => " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
        Durability::Default => "",
    };
    Ok(format!(
        "-p {port} -k '{dir}' -c listen_addresses=127.0.0.1 -c max_connections=300{durability}"
    ))
}

/// As root, initdb and the server run as the system user: it owns the data
/// folder and the log, and must be able to enter the scratch folder.
fn give_to_system_user(scratch: &Path, data: &Path, log: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(scratch, std::fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot open {} to {SYSTEM_USER}", scratch.display()))?;
    run(Command::new("chown")
        .arg(format!("{SYSTEM_USER}:{SYSTEM_USER}"))
        .arg(data)
        .arg(log))
}

fn reach_hint(scratch: &Path, as_root: bool) -> String {
    let mut hint = "initdb failed".to_owned();
    if as_root {
        hint.push_str(&format!(
            " (as root it runs as `{SYSTEM_USER}`, who must be able to reach {}: \
             is the temporary folder, TMPDIR, private?)",
            scratch.display()
        ));
    }
    hint
}

/// A port the system just handed out; free again once the listener drops.
fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("cannot bind a local port")?;
    Ok(listener.local_addr()?.port())
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn note_interrupt(_signal: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// While alive, SIGINT only takes note (the programs we run still die of
/// it, as a handler does not survive exec); dropped, the previous handler
/// comes back and a noted interrupt is delivered again.
struct HeldInterrupts {
    previous: libc::sighandler_t,
}

impl HeldInterrupts {
    fn hold() -> HeldInterrupts {
        INTERRUPTED.store(false, Ordering::SeqCst);
        let handler = note_interrupt as extern "C" fn(libc::c_int);
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        let previous = unsafe { libc::signal(libc::SIGINT, handler as libc::sighandler_t) };
        HeldInterrupts { previous }
    }
}

impl Drop for HeldInterrupts {
    fn drop(&mut self) {
        // SAFETY: puts back the handler `hold` found, then re-raises a held SIGINT.
        unsafe {
            libc::signal(libc::SIGINT, self.previous);
            if INTERRUPTED.swap(false, Ordering::SeqCst) {
                libc::raise(libc::SIGINT);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn the_newest_server_of_version_15_or_later_comes_first() {
        let found = names(&["9.6", "14", "16", "15", "17", "README", "15beta"]);
        assert_eq!(versions_newest_first(&found), vec![17, 16, 15]);
    }

    #[test]
    fn versions_older_than_15_do_not_count() {
        assert_eq!(versions_newest_first(&names(&["13", "14", "9.6"])), Vec::<u32>::new());
        assert_eq!(versions_newest_first(&[]), Vec::<u32>::new());
    }

    #[test]
    fn as_root_a_postgres_program_runs_as_the_system_user() {
        let initdb = Path::new("/usr/lib/postgresql/15/bin/initdb");
        let command = postgres_command(initdb, true);
        assert_eq!(command.get_program(), "runuser");
        let args: Vec<_> = command.get_args().collect();
        assert_eq!(args, ["-u", "postgres", "--", "/usr/lib/postgresql/15/bin/initdb"]);
    }

    #[test]
    fn as_anyone_else_a_postgres_program_runs_as_is() {
        let initdb = Path::new("/usr/lib/postgresql/15/bin/initdb");
        let command = postgres_command(initdb, false);
        assert_eq!(command.get_program(), initdb);
        assert_eq!(command.get_args().count(), 0);
    }

    #[test]
    fn the_server_listens_on_loopback_with_its_socket_in_the_quoted_folder() {
        let folder = Path::new("/tmp/civic postgres/pgdata");
        let options = server_options(54321, folder, Durability::Off).unwrap();
        assert!(
            options.starts_with("-p 54321 -k '/tmp/civic postgres/pgdata' "),
            "{options}"
        );
        for setting in ["listen_addresses=127.0.0.1", "fsync=off", "max_connections=300"] {
            assert!(options.contains(&format!("-c {setting}")), "{options}");
        }
        let durable = server_options(54321, folder, Durability::Default).unwrap();
        assert!(
            !durable.contains("fsync") && !durable.contains("synchronous_commit"),
            "{durable}"
        );
    }

    #[test]
    fn a_socket_folder_with_a_quote_is_refused() {
        assert!(server_options(5432, Path::new("/tmp/it's"), Durability::Off).is_err());
    }

    /// Starts a real server: `cargo test -p xtask -- --ignored`.
    #[test]
    #[ignore = "starts PostgreSQL (installs it as root when missing)"]
    fn a_started_server_answers_and_lets_civic_create_a_database() {
        let scratch = Scratch::new("postgres-check").unwrap();
        let postgres = TestPostgres::start(&scratch, Durability::Off).unwrap();
        let psql = postgres.bin.join("psql");
        let asked = format!("{}/postgres", postgres.url());
        let sql = [
            "create database x",
            "select count(*) from pg_database where datname = 'x'",
        ];
        let answer = output_of(Command::new(psql).args(["-qAtX", &asked, "-c", sql[0], "-c", sql[1]])).unwrap();
        assert_eq!(answer.as_deref().map(str::trim), Some("1"));
        let data = postgres.data.clone();
        postgres.stop().unwrap();
        assert!(!data.join("postmaster.pid").exists());
    }
}
