//! Regression tests for the hostile-user audit: what an anonymous or careless client
//! could do to an exposed server. Each reproduces one break against a real server on
//! loopback: slow or half-sent requests, idle connections past the cap, large bodies
//! before authentication, and a short SSML text asking for hours of pauses.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::server::{agent, create_key, data_dir, get_json, post, wait_done, Server};

/// Sends `head` (and `body`) on a new connection and reads what comes back until the
/// server closes it or `wait` passes. Returns the bytes and how long it took.
fn exchange(server: &Server, head: &str, body: &[u8], wait: Duration) -> (String, Duration) {
    let addr = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(wait)).unwrap();
    let started = Instant::now();
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                answer.extend_from_slice(&chunk[..n]);
                // A complete JSON error answer is enough.
                if answer.ends_with(b"}}") {
                    break;
                }
            }
        }
    }
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

fn status_of(answer: &str) -> u16 {
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_large_body_is_not_read_before_the_key_is_checked() {
    let data = data_dir();
    let server = Server::start(data.path());
    // 11 MB announced, none of it sent: the answer comes at once, from the headers.
    let head = "POST /v1/articles HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 11000000\r\n\r\n";
    let (answer, took) = exchange(&server, head, b"", Duration::from_secs(5));
    assert_eq!(status_of(&answer), 401, "{answer}");
    assert!(answer.contains("\"unauthorized\""), "{answer}");
    assert!(took < Duration::from_secs(3), "answered after {took:?}");
}

#[test]
fn oversized_bodies_get_the_json_error_shape() {
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start(data.path());
    let big = format!(
        "{{\"url\": \"https://example.org/{}\", \"publisher\": \"p\"}}",
        "a".repeat(20_000)
    );
    for (path, auth) in [("/v1/feeds", true), ("/v1/articles/abc/listens", false)] {
        let mut request = agent()
            .post(format!("{}{path}", server.base))
            .header("Content-Type", "application/json");
        if auth {
            request = request.header("Authorization", format!("Bearer {key}"));
        }
        let mut resp = request.send(big.as_str()).unwrap();
        assert_eq!(resp.status().as_u16(), 413, "{path}");
        let answer: Value =
            serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!(answer["error"]["code"], "too_large", "{path}: {answer}");
    }
}

#[test]
fn slow_headers_idle_connections_and_half_sent_bodies_time_out() {
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start_with(
        data.path(),
        &["--header-timeout-secs", "1", "--body-timeout-secs", "1"],
    );
    // Headers that never end: the connection is closed.
    let (answer, took) = exchange(
        &server,
        "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: 1\r\n",
        b"",
        Duration::from_secs(8),
    );
    assert!(took < Duration::from_secs(5), "open for {took:?}: {answer}");
    // Nothing sent at all: closed as well.
    let (_, took) = exchange(&server, "", b"", Duration::from_secs(8));
    assert!(
        took < Duration::from_secs(5),
        "idle connection open for {took:?}"
    );
    // A body announced at 1,000 bytes, 10 sent: 408 in the JSON shape.
    let head = format!(
        "POST /v1/articles HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    );
    let (answer, took) = exchange(&server, &head, b"{\"text\": \"", Duration::from_secs(8));
    assert_eq!(status_of(&answer), 408, "{answer}");
    assert!(answer.contains("\"body_timeout\""), "{answer}");
    assert!(took < Duration::from_secs(5), "answered after {took:?}");
    // The server is still fine.
    assert_eq!(get_json(&server, "/healthz").0, 200);
}

#[test]
fn connections_past_the_cap_wait_for_a_free_slot() {
    let data = data_dir();
    let server = Server::start_with(data.path(), &["--max-connections", "3"]);
    let addr = server.base.trim_start_matches("http://").to_string();
    let idle: Vec<TcpStream> = (0..3).map(|_| TcpStream::connect(&addr).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(300));
    // A fourth connection is accepted by the kernel but not served while the three
    // idle ones hold every slot.
    let mut fourth = TcpStream::connect(&addr).unwrap();
    fourth
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .unwrap();
    fourth
        .set_read_timeout(Some(Duration::from_millis(700)))
        .unwrap();
    let mut buf = [0u8; 256];
    assert!(
        fourth.read(&mut buf).is_err(),
        "served past the connection cap"
    );
    // The idle clients leave: the waiting request is served.
    drop(idle);
    fourth
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let n = fourth.read(&mut buf).expect("served once a slot is free");
    assert!(
        String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&buf[..n])
    );
}

/// SSML whose `n` ten-second breaks follow one short sentence each.
fn pauses_ssml(n: usize) -> String {
    let mut ssml = String::from("<speak>");
    for i in 0..n {
        ssml.push_str(&format!("<s>Item {i}.</s><break time=\"10s\"/>"));
    }
    ssml.push_str("</speak>");
    ssml
}

#[test]
fn ssml_pauses_count_against_the_audio_limit() {
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start_with(data.path(), &["--max-audio-minutes", "60"]);
    // The audit's body: 720 breaks of 10 s in 23 kB, two hours of mostly silence. The
    // job fails before any synthesis, saying why.
    let (status, created) = post(
        &server,
        Some(&key),
        &json!({"text": pauses_ssml(720)}).to_string(),
    );
    assert_eq!(status, 202, "{created}");
    let started = Instant::now();
    let article = wait_done(
        &server,
        created["id"].as_str().unwrap(),
        Duration::from_secs(60),
    );
    assert_eq!(article["status"], "failed", "{article}");
    let error = article["error"].as_str().unwrap();
    assert!(error.contains("over the 1 h limit"), "{error}");
    assert_eq!(article["attempts"], 1, "not retried: {article}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );

    // The keyless form takes far less: 200 breaks (33 min) are refused at once, and
    // so is a body over its size limit; nothing is queued for either.
    for (source, status) in [(pauses_ssml(200), 422), ("word ".repeat(30_000), 413)] {
        let body = format!("source={}", urlencode(&source));
        let resp = agent()
            .post(format!("{}/", server.base))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(body.as_str())
            .unwrap();
        assert_eq!(resp.status().as_u16(), status);
    }
    let (_, list) = get_json(&server, "/v1/articles");
    assert_eq!(list["total"], 1, "{list}");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The `aloud_stream_listeners` gauge from `/metrics`.
fn stream_listeners(server: &Server) -> u64 {
    let mut resp = agent()
        .get(format!("{}/metrics", server.base))
        .call()
        .unwrap();
    let text = resp.body_mut().read_to_string().unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("aloud_stream_listeners "))
        .and_then(|n| n.trim().parse().ok())
        .expect("the gauge is there")
}

#[test]
fn live_streams_are_capped_and_clients_that_never_read_hold_no_thread() {
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start(data.path());
    let page = std::fs::read_to_string(crate::common::repo_path("examples/article.html")).unwrap();
    let (status, created) = post(&server, Some(&key), &json!({"html": page}).to_string());
    assert_eq!(status, 202, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let addr = server.base.trim_start_matches("http://").to_string();
    let request = format!("GET /v1/articles/{id}/stream HTTP/1.1\r\nHost: t\r\n\r\n");
    // 32 listeners (the per-article cap) that never read a byte.
    let stalled: Vec<TcpStream> = (0..32)
        .map(|_| {
            let mut s = TcpStream::connect(&addr).unwrap();
            s.write_all(request.as_bytes()).unwrap();
            s
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(10);
    while stream_listeners(&server) < 32 {
        assert!(Instant::now() < deadline, "listeners never joined");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The 33rd is told to come back, at once.
    let (answer, took) = exchange(&server, &request, b"", Duration::from_secs(5));
    assert_eq!(status_of(&answer), 503, "{answer}");
    assert!(answer.contains("\"busy\""), "{answer}");
    assert!(took < Duration::from_secs(2), "{took:?}");
    // Everything else goes on: the article is narrated, other requests are answered.
    assert_eq!(get_json(&server, "/healthz").0, 200);
    let article = wait_done(&server, &id, Duration::from_secs(180));
    assert_eq!(article["status"], "done", "{article}");
    let mut audio = agent()
        .get(format!("{}/v1/articles/{id}/audio.mp3", server.base))
        .call()
        .unwrap();
    assert_eq!(audio.status().as_u16(), 200);
    assert!(audio.body_mut().read_to_vec().unwrap().len() > 100_000);
    // The listeners leave: their streams stop and their slots come back.
    drop(stalled);
    let deadline = Instant::now() + Duration::from_secs(10);
    while stream_listeners(&server) > 0 {
        assert!(
            Instant::now() < deadline,
            "streams went on after their clients left"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Audit break 7: a lexicon of 20,000 rules held a request handler for 44 s. An
/// article's own rules are capped (count and bytes) and compiled off the async threads.
#[test]
fn an_article_lexicon_is_capped() {
    let dir = data_dir();
    let key = create_key(dir.path());
    let server = Server::start(dir.path());
    let rules: Vec<Value> = (0..501)
        .map(|n| json!({"word": format!("Word{n}"), "alias": "word"}))
        .collect();
    let body = json!({"text": "Word1 and Word2 met on Tuesday.", "lexicon": {"rules": rules}});
    let started = Instant::now();
    let (status, answer) = post(&server, Some(&key), &body.to_string());
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 500 rules"),
        "{answer}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // A huge pattern is refused as too big to compile, not built.
    let huge = json!({"text": "Nothing to see.", "lexicon": {"rules": [{"regex": "(a{1000}){1000}", "alias": "x"}]}});
    let (status, answer) = post(&server, Some(&key), &huge.to_string());
    assert_eq!(status, 400, "{answer}");
    assert_eq!(get_json(&server, "/healthz").0, 200);
}
