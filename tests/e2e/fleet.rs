//! aloud as a fleet on the real parts: one API-only node (`serve --workers 0`) and
//! three `aloud worker` processes sharing a throwaway PostgreSQL cluster and a real
//! S3-compatible server (SeaweedFS), all on loopback. Every article is narrated
//! exactly once; a worker killed mid-article loses nothing; a worker stopped with
//! SIGTERM hands its job back; speech requests reach a worker through the queue;
//! workers carry on while the API node is down.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aloud_testkit::postgres::PgCluster;
use aloud_testkit::s3::S3Server;
use serde_json::{json, Value};

use crate::server::{agent, get_json, post, wait_done, Server};

/// The database and store every process of the fleet shares.
struct Shared {
    database: String,
    storage: String,
    env: Vec<(&'static str, String)>,
    data: tempfile::TempDir,
}

impl Shared {
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_aloud"));
        command
            .args(args)
            .args(["--database", &self.database, "--storage", &self.storage])
            .arg("--data")
            .arg(self.data.path())
            .envs(self.env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("ALOUD_VOICE", crate::server::TEST_VOICE)
            // The fleet's own behaviour, without the self-check's extra work after each job.
            .env("ALOUD_CHECK", "false");
        command
    }

    fn api(&self) -> Server {
        let mut command = self.command(&["serve", "--listen", "127.0.0.1:0", "--workers", "0"]);
        let (child, base) = started(&mut command, "listening on ");
        Server { child, base }
    }

    fn worker(&self) -> Worker {
        let mut command = self.command(&[
            "worker",
            "--lease-secs",
            "2",
            "--metrics-listen",
            "127.0.0.1:0",
            "--shutdown-grace-secs",
            "0",
        ]);
        let (child, metrics) = started(&mut command, "worker metrics on ");
        Worker { child, metrics }
    }

    fn key(&self) -> String {
        let out = self.command(&["keys", "create", "fleet"]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }
}

/// Spawns `command` and reads its stderr up to the log line holding `marker`;
/// returns the process and the rest of that line.
fn started(command: &mut Command, marker: &str) -> (Child, String) {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("aloud starts");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    let rest = loop {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("exited before {marker:?}: {seen:?}"))
            .unwrap();
        // The log line ends with what follows `marker`.
        if let Some((_, rest)) = line.split_once(marker) {
            break rest.trim().to_string();
        }
        seen.push(line);
    };
    std::thread::spawn(move || for _ in lines {});
    (child, rest)
}

struct Worker {
    child: Child,
    metrics: String,
}

impl Worker {
    /// One of this worker's counters (0 when it has none yet).
    fn metric(&self, name: &str) -> f64 {
        let text = agent()
            .get(format!("{}/metrics", self.metrics))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or(0.0)
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.kill();
    }
}

fn article_text(n: usize, sentences: usize) -> String {
    let towns = [
        "Ashford", "Bramley", "Carrow", "Dunmore", "Elston", "Farley",
    ];
    (0..sentences)
        .map(|s| {
            format!(
                "Story {n}, part {s}: the council of {} met on a wet Tuesday and agreed to mend {} bridges before winter.",
                towns[(n + s) % towns.len()],
                s + 2
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn submit(api: &Server, key: &str, text: &str) -> String {
    let (status, body) = post(api, Some(key), &json!({ "text": text }).to_string());
    assert_eq!(status, 202, "{body}");
    body["id"].as_str().unwrap().to_string()
}

#[test]
fn a_fleet_on_postgres_and_s3_narrates_each_article_once_and_survives_kills() {
    let cluster = PgCluster::start();
    let s3 = S3Server::start();
    let shared = Shared {
        database: cluster.create_database("fleet"),
        storage: "s3://aloud/fleet".into(),
        env: s3.env(),
        data: tempfile::tempdir().unwrap(),
    };
    let migrated = shared.command(&["migrate"]).output().unwrap();
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let key = shared.key();
    let mut api = shared.api();
    let (status, _) = get_json(&api, "/readyz");
    assert_eq!(status, 200);
    let mut workers: Vec<Worker> = (0..3).map(|_| shared.worker()).collect();

    // Twelve articles, each narrated once: the utterances synthesized by all workers
    // add up to the articles' utterances, and every worker took some.
    let ids: Vec<String> = (0..12)
        .map(|n| submit(&api, &key, &article_text(n, 2)))
        .collect();
    let done: Vec<Value> = ids
        .iter()
        .map(|id| wait_done(&api, id, Duration::from_secs(240)))
        .collect();
    let mut utterances = 0.0;
    for article in &done {
        assert_eq!(article["status"], "done", "{article}");
        assert_eq!(article["attempts"], 1, "{article}");
        utterances += article["utterances"].as_f64().unwrap();
    }
    // A worker counts a job's utterances just after recording it done: a moment later
    // than the API can say so.
    let synthesized_total = || -> f64 {
        workers
            .iter()
            .map(|w| w.metric("aloud_worker_utterances_total{source=\"synthesized\"}"))
            .sum()
    };
    let jobs_done = || -> f64 {
        workers
            .iter()
            .map(|w| w.metric("aloud_worker_jobs_total{outcome=\"done\"}"))
            .sum()
    };
    let counting = Instant::now();
    let mut synthesized = synthesized_total();
    while (synthesized < utterances || jobs_done() < 12.0)
        && counting.elapsed() < Duration::from_secs(5)
    {
        std::thread::sleep(Duration::from_millis(100));
        synthesized = synthesized_total();
    }
    assert_eq!(synthesized, utterances, "each utterance synthesized once");
    let jobs: Vec<f64> = workers
        .iter()
        .map(|w| w.metric("aloud_worker_jobs_total{outcome=\"done\"}"))
        .collect();
    assert_eq!(jobs.iter().sum::<f64>(), 12.0);
    assert!(
        jobs.iter().filter(|&&n| n > 0.0).count() >= 2,
        "shared out: {jobs:?}"
    );

    // The audio comes from the store through the API, whole and by range.
    let audio_url = format!("{}/v1/articles/{}/audio.mp3", api.base, ids[0]);
    let whole = agent()
        .get(&audio_url)
        .call()
        .unwrap()
        .body_mut()
        .read_to_vec()
        .unwrap();
    assert!(whole.len() > 1000);
    let mut part = agent()
        .get(&audio_url)
        .header("Range", "bytes=100-299")
        .call()
        .unwrap();
    assert_eq!(part.status().as_u16(), 206);
    assert_eq!(part.body_mut().read_to_vec().unwrap(), whole[100..300]);

    // A live stream on the API node follows a worker in another process through the
    // store: it starts before the narration is done and carries the whole article.
    let streamed = submit(&api, &key, &article_text(97, 30));
    let mut live = agent()
        .get(format!("{}/v1/articles/{streamed}/stream", api.base))
        .call()
        .unwrap();
    assert_eq!(live.status().as_u16(), 200);
    let (_, during) = get_json(&api, &format!("/v1/articles/{streamed}"));
    assert_ne!(
        during["status"], "done",
        "the stream began after the narration"
    );
    let bytes = live
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_vec()
        .unwrap();
    let file = shared.data.path().join("live.mp3");
    std::fs::write(&file, &bytes).unwrap();
    let (samples, rate) = crate::common::decode_mp3(&file);
    let finished = wait_done(&api, &streamed, Duration::from_secs(240));
    let seconds = samples.len() as f64 / rate as f64;
    let full = finished["duration_ms"].as_f64().unwrap() / 1000.0;
    assert!(
        seconds > full * 0.9,
        "streamed {seconds:.1} s of {full:.1} s"
    );

    // The speech endpoint on a node without workers: the request is queued ahead of
    // articles, a worker elsewhere synthesizes it, this node encodes it.
    let speech = |format: &str| {
        let mut resp = agent()
            .post(format!("{}/v1/audio/speech", api.base))
            .header("Authorization", format!("Bearer {key}"))
            .header("Content-Type", "application/json")
            .send(
                json!({"model": "tts-1", "input": "The fleet reads this aloud.", "response_format": format})
                    .to_string(),
            )
            .unwrap();
        (
            resp.status().as_u16(),
            resp.body_mut().read_to_vec().unwrap(),
        )
    };
    let (status, wav) = speech("wav");
    assert_eq!(status, 200);
    assert!(
        wav.starts_with(b"RIFF") && wav.len() > 20_000,
        "{} bytes",
        wav.len()
    );
    let (status, mp3) = speech("mp3");
    assert_eq!(status, 200);
    assert!(mp3.len() > 2_000);

    // A worker killed mid-article: another takes the job over after the lease and
    // reuses the utterances already stored, so nothing is synthesized twice.
    let long = submit(&api, &key, &article_text(99, 40));
    let started = Instant::now();
    let holder = loop {
        let (_, a) = get_json(&api, &format!("/v1/articles/{long}"));
        if a["progress"]["done"].as_i64().unwrap_or(0) >= 3 {
            break workers
                .iter()
                .position(|w| w.metric("aloud_worker_busy") > 0.0)
                .expect("a busy worker");
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "never started: {a}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    workers[holder].kill();
    workers.remove(holder);
    let finished = wait_done(&api, &long, Duration::from_secs(240));
    assert_eq!(finished["status"], "done", "{finished}");
    assert_eq!(finished["attempts"], 2, "{finished}");
    let (synth, cached) = (
        finished["synthesized"].as_i64().unwrap(),
        finished["cached"].as_i64().unwrap(),
    );
    assert!(cached >= 3, "{finished}");
    assert_eq!(synth + cached, finished["utterances"].as_i64().unwrap());

    // A worker asked to stop (SIGTERM) mid-article hands the job back at once (no
    // grace here): another worker takes it without waiting for the lease, and the
    // attempt does not count.
    let long = submit(&api, &key, &article_text(98, 40));
    let started = Instant::now();
    let holder = loop {
        let (_, a) = get_json(&api, &format!("/v1/articles/{long}"));
        if a["progress"]["done"].as_i64().unwrap_or(0) >= 3 {
            break workers
                .iter()
                .position(|w| w.metric("aloud_worker_busy") > 0.0)
                .expect("a busy worker");
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "never started: {a}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let pid = workers[holder].child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let stopping = Instant::now();
    let status = loop {
        if let Some(status) = workers[holder].child.try_wait().unwrap() {
            break status;
        }
        assert!(
            stopping.elapsed() < Duration::from_secs(20),
            "the worker did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    workers.remove(holder);
    let finished = wait_done(&api, &long, Duration::from_secs(240));
    assert_eq!(
        (finished["status"].as_str(), finished["attempts"].as_i64()),
        (Some("done"), Some(1)),
        "{finished}"
    );
    assert!(finished["cached"].as_i64().unwrap() >= 3, "{finished}");

    // The API node goes down; the workers finish what was queued; a new API node
    // serves it.
    let done_by_survivors = |workers: &[Worker]| -> f64 {
        workers
            .iter()
            .map(|w| w.metric("aloud_worker_jobs_total{outcome=\"done\"}"))
            .sum()
    };
    let before = done_by_survivors(&workers);
    let queued: Vec<String> = (100..104)
        .map(|n| submit(&api, &key, &article_text(n, 2)))
        .collect();
    api.kill();
    let until = Instant::now() + Duration::from_secs(240);
    while done_by_survivors(&workers) < before + 4.0 {
        assert!(
            Instant::now() < until,
            "the workers did not finish without the API"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // A worker counts a job after recording it done (and cleaning up), so `before`
    // may have missed the long article's count by a moment and the sum above can run
    // one job ahead: the new API node (no workers of its own) waits for each.
    let api = shared.api();
    for id in &queued {
        let a = wait_done(&api, id, Duration::from_secs(120));
        assert_eq!(a["status"], "done", "{a}");
    }
    let (status, _) = get_json(&api, "/readyz");
    assert_eq!(status, 200);
}
