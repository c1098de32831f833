//! A real `aloud serve` for the tests: started on a free loopback port with its own
//! data directory, killed on drop; and the requests the tests make of it.
//!
//! With `ALOUD_TEST_BACKEND=postgres-s3` every test's server keeps its state in a
//! throwaway PostgreSQL cluster and a real S3-compatible server of its own (started
//! by [`data_dir`], stopped when the test drops it) instead of SQLite and files, so
//! the same tests check both backends (`scripts/test.sh` runs them both ways).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use aloud_testkit::postgres::PgCluster;
use aloud_testkit::s3::S3Server;
use serde_json::Value;

/// Where a test server keeps its state: a temporary data directory and, on the
/// PostgreSQL + S3 backend, the services it uses.
pub struct TestData {
    dir: tempfile::TempDir,
    services: Option<(PgCluster, S3Server)>,
}

impl TestData {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Whether narrations go to the S3 server rather than the data directory.
    pub fn on_s3(&self) -> bool {
        self.services.is_some()
    }
}

impl Drop for TestData {
    fn drop(&mut self) {
        let path = self.dir.path().to_path_buf();
        BACKENDS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|b| b.data != path);
    }
}

/// How the server of one live PostgreSQL + S3 data directory reaches its state.
struct Backend {
    data: PathBuf,
    /// `--database URL --storage URL`.
    args: Vec<String>,
    /// The `AWS_*` environment for the S3 server.
    env: Vec<(String, String)>,
}

static BACKENDS: Mutex<Vec<Backend>> = Mutex::new(Vec::new());

/// A data directory for a test server, on the backend `ALOUD_TEST_BACKEND` names.
pub fn data_dir() -> TestData {
    let dir = tempfile::tempdir().unwrap();
    match std::env::var("ALOUD_TEST_BACKEND").as_deref() {
        Ok("postgres-s3") => {
            let (cluster, s3) = (PgCluster::start(), S3Server::start());
            let args = vec![
                "--database".to_string(),
                cluster.create_database("aloud"),
                "--storage".to_string(),
                "s3://aloud/narrations".to_string(),
            ];
            let env = s3
                .env()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            BACKENDS.lock().unwrap().push(Backend {
                data: dir.path().to_path_buf(),
                args,
                env,
            });
            TestData {
                dir,
                services: Some((cluster, s3)),
            }
        }
        Ok("") | Err(_) => TestData {
            dir,
            services: None,
        },
        Ok(other) => panic!("ALOUD_TEST_BACKEND={other:?}: expected postgres-s3 or nothing"),
    }
}

/// The voice test servers narrate articles with: Piper's, the fast one (the
/// deployment's default, Kokoro's, costs eight times the compute; one test keeps it).
pub const TEST_VOICE: &str = "en_US-joe-medium";

/// `aloud COMMAND --data DATA`, with the database and storage of `data`'s backend.
fn aloud_with_data(args: &[&str], data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_aloud"));
    command
        .args(args)
        .arg("--data")
        .arg(data)
        .env("ALOUD_VOICE", TEST_VOICE)
        // Hearing every narration is on by default; tests that want it say so
        // (`--check true`), the rest stay as fast as before.
        .env("ALOUD_CHECK", "false");
    let backends = BACKENDS.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(backend) = backends.iter().find(|b| b.data == data) {
        command
            .args(&backend.args)
            .envs(backend.env.iter().map(|(k, v)| (k, v)));
    }
    command
}

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
        Self::spawn(data, extra, false, &[])
    }

    /// A server with `extra` arguments and `env` variables.
    pub fn start_with_env(data: &Path, extra: &[&str], env: &[(&str, &Path)]) -> Server {
        Self::spawn(data, extra, false, env)
    }

    /// A server on the deployment's own default voices (no test voice).
    pub fn start_on_default_voices(data: &Path) -> Server {
        Self::spawn(data, &[], true, &[])
    }

    fn spawn(data: &Path, extra: &[&str], default_voices: bool, env: &[(&str, &Path)]) -> Server {
        let mut command = aloud_with_data(
            &["serve", "--listen", "127.0.0.1:0", "--lease-secs", "2"],
            data,
        );
        if default_voices {
            command.env_remove("ALOUD_VOICE");
        }
        let mut child = command
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("server starts");
        // The address ends the log line "… listening on http://…"; lines before it (a
        // store's warning, say) are kept for the message if the server exits first.
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut seen = Vec::new();
        let base = loop {
            let line = lines
                .next()
                .unwrap_or_else(|| panic!("the server exited before listening: {seen:?}"))
                .expect("readable");
            if let Some((_, base)) = line.split_once("listening on ") {
                break base.trim().to_string();
            }
            seen.push(line);
        };
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

/// `aloud keys ARGS…` on `data`'s database.
pub fn keys(data: &Path, args: &[&str]) -> std::process::Output {
    let args: Vec<&str> = ["keys"].iter().chain(args).copied().collect();
    aloud_with_data(&args, data).output().unwrap()
}

pub fn create_key(data: &Path) -> String {
    let out = aloud_with_data(&["keys", "create", "test"], data)
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

/// `METHOD path` (GET, PUT or POST) with the key and a JSON body, if any: the status
/// and the answer as JSON (null if it is none).
pub fn send_json(
    server: &Server,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    let url = format!("{}{path}", server.base);
    // Without a key the header is sent empty.
    let auth = key.map(|key| format!("Bearer {key}")).unwrap_or_default();
    let body = body.map(Value::to_string).unwrap_or_default();
    let with_body = |req: ureq::RequestBuilder<ureq::typestate::WithBody>| {
        req.header("Authorization", &auth)
            .header("Content-Type", "application/json")
            .send(&body)
    };
    let mut resp = match method {
        "GET" => agent().get(url).header("Authorization", &auth).call(),
        "PUT" => with_body(agent().put(url)),
        _ => with_body(agent().post(url)),
    }
    .unwrap();
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
