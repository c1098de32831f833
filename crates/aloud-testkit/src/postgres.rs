//! A throwaway PostgreSQL cluster: `initdb` into a temporary directory, `pg_ctl start`
//! on a free loopback port with fsync off, trust authentication for the `aloud` role,
//! and `pg_ctl stop` plus removal on drop. PostgreSQL refuses to run as root, so as
//! root the server runs as the `postgres` user (scripts/setup.sh installs it).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    run_as: Option<&'static str>,
}

/// Where PostgreSQL's server programs are: `$PG_BIN`, the newest
/// `/usr/lib/postgresql/*/bin`, or the PATH.
fn bin_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    std::env::var_os("PATH")
        .and_then(|path| {
            std::env::split_paths(&path)
                .find(|dir| dir.join("initdb").exists() && dir.join("pg_ctl").exists())
        })
        .ok_or_else(|| {
            "PostgreSQL's server programs (initdb, pg_ctl) are not installed: run scripts/setup.sh"
                .into()
        })
}

fn is_root() -> bool {
    // The owner of our own /proc entry is our effective user.
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

impl PgCluster {
    /// Starts a new cluster; panics with the reason when it cannot.
    pub fn start() -> Self {
        Self::try_start().unwrap_or_else(|e| panic!("cannot start PostgreSQL: {e}"))
    }

    pub fn try_start() -> Result<Self, String> {
        let bin = bin_dir()?;
        let dir = tempfile::Builder::new()
            .prefix("aloud-pg-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let run_as = is_root().then_some("postgres");
        if let Some(user) = run_as {
            run(Command::new("chown").arg(user).arg(dir.path()))?;
        }
        let mut cluster = Self {
            dir,
            bin,
            port: 0,
            run_as,
        };
        let data = cluster.data_dir();
        cluster.run_pg(
            "initdb",
            &[
                "-D",
                data.to_str().ok_or("temp path is not UTF-8")?,
                "-A",
                "trust",
                "-U",
                "aloud",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions",
            ],
        )?;
        let mut last = String::new();
        for _ in 0..3 {
            cluster.port = crate::free_port();
            let options = format!(
                "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -F -c max_connections=200",
                cluster.port,
                cluster.dir.path().display()
            );
            let log = cluster.dir.path().join("server.log");
            match cluster.run_pg(
                "pg_ctl",
                &[
                    "-D",
                    data.to_str().expect("checked"),
                    "-o",
                    &options,
                    "-l",
                    log.to_str().ok_or("temp path is not UTF-8")?,
                    "-w",
                    "-t",
                    "30",
                    "start",
                ],
            ) {
                Ok(()) => return Ok(cluster),
                Err(e) => {
                    last = format!(
                        "{e}; log: {}",
                        std::fs::read_to_string(&log).unwrap_or_default()
                    )
                }
            }
        }
        Err(last)
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run_pg(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let path = self.bin.join(program);
        let mut command = match self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&path);
                c
            }
            None => Command::new(&path),
        };
        command.args(args).current_dir(self.dir.path());
        run(&mut command)
    }

    /// The cluster's port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A URL for database `name` (which [`Self::create_database`] makes).
    pub fn url(&self, name: &str) -> String {
        format!("postgres://aloud@127.0.0.1:{}/{name}", self.port)
    }

    /// Creates an empty database and returns its URL.
    pub fn create_database(&self, name: &str) -> String {
        let port = self.port.to_string();
        self.run_pg(
            "createdb",
            &["-h", "127.0.0.1", "-p", &port, "-U", "aloud", name],
        )
        .unwrap_or_else(|e| panic!("createdb {name}: {e}"));
        self.url(name)
    }

    /// The directory the cluster lives in.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.data_dir();
        if let Some(data) = data.to_str() {
            let _ = self.run_pg("pg_ctl", &["-D", data, "-m", "immediate", "-w", "stop"]);
        }
        // Give the postmaster a moment to go before the directory is removed.
        let until = Instant::now() + Duration::from_secs(5);
        while data.join("postmaster.pid").exists() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn run(command: &mut Command) -> Result<(), String> {
    let out = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{:?}: {e}", command.get_program()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{:?} failed ({}): {}{}",
            command.get_program(),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
