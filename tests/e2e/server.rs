//! A real `aloud serve` for the tests: started on a free loopback port with its own
//! data directory, killed on drop; and the requests the tests make of it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A server process on a free loopback port, killed on drop.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    pub fn start(data: &Path) -> Server {
        Self::start_with(data, &[])
    }

    pub fn start_with(data: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_aloud"))
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--lease-secs",
                "2",
                "--data",
            ])
            .arg(data)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("server starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let line = lines.next().expect("a line").expect("readable");
        let base = line
            .strip_prefix("aloud: listening on ")
            .unwrap_or_else(|| panic!("unexpected: {line}"))
            .to_string();
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, base }
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill(); // SIGKILL: no cleanup at all
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

pub fn create_key(data: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args(["keys", "create", "test"])
        .arg("--data")
        .arg(data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

pub fn post(server: &Server, key: Option<&str>, body: &str) -> (u16, Value) {
    let mut req = agent()
        .post(format!("{}/v1/articles", server.base))
        .header("Content-Type", "application/json");
    if let Some(key) = key {
        req = req.header("Authorization", format!("Bearer {key}"));
    }
    let mut resp = req.send(body).unwrap();
    let status = resp.status().as_u16();
    let text = resp.body_mut().read_to_string().unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub fn get_json(server: &Server, path: &str) -> (u16, Value) {
    let mut resp = agent()
        .get(format!("{}{path}", server.base))
        .call()
        .unwrap();
    let status = resp.status().as_u16();
    let text = resp.body_mut().read_to_string().unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Polls until the article is done (or failed), up to `limit`.
pub fn wait_done(server: &Server, id: &str, limit: Duration) -> Value {
    let start = Instant::now();
    loop {
        let (_, article) = get_json(server, &format!("/v1/articles/{id}"));
        if article["status"] == "done" || article["status"] == "failed" {
            return article;
        }
        assert!(start.elapsed() < limit, "still {article} after {limit:?}");
        std::thread::sleep(Duration::from_millis(150));
    }
}
