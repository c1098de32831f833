//! DNS rebinding: a name that answers an allowed address to the first lookup and a
//! forbidden one to the next must never reach the forbidden one. Two real HTTP servers
//! on loopback share a port: 127.0.0.2 (allowed, stands in for a public host) and
//! 127.0.0.1 (refused, the "internal" service). A scripted resolver plays the
//! attacker's DNS server (TTL 0: a new answer on every query).

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use aloud_extract::netpolicy::Lookup;
use aloud_extract::source::fetch_bytes;
use aloud_extract::NetPolicy;

/// Answers `first` to the first query, `then` to every later one.
struct Rebinding {
    queries: AtomicUsize,
    first: std::net::IpAddr,
    then: std::net::IpAddr,
}

impl Lookup for Rebinding {
    fn lookup(&self, _host: &str, port: u16) -> std::io::Result<Vec<SocketAddr>> {
        let n = self.queries.fetch_add(1, Ordering::SeqCst);
        let ip = if n == 0 { self.first } else { self.then };
        Ok(vec![SocketAddr::new(ip, port)])
    }
}

/// Serves every request with `body` (or a redirect to `redirect`), counting requests.
fn serve(listener: TcpListener, body: &'static str, redirect: Option<String>) -> Arc<AtomicUsize> {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let response = match &redirect {
                Some(to) => format!(
                    "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                ),
                None => format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                ),
            };
            let _ = stream.write_all(response.as_bytes());
        }
    });
    hits
}

/// Two listeners on one port: 127.0.0.2 and 127.0.0.1.
fn pair() -> (TcpListener, TcpListener, u16) {
    for _ in 0..50 {
        let public = TcpListener::bind("127.0.0.2:0").expect("bind 127.0.0.2");
        let port = public.local_addr().unwrap().port();
        if let Ok(internal) = TcpListener::bind(("127.0.0.1", port)) {
            return (public, internal, port);
        }
    }
    panic!("no port free on both 127.0.0.1 and 127.0.0.2");
}

fn policy(lookup: Rebinding) -> NetPolicy {
    NetPolicy::public_only(vec!["127.0.0.2".parse().unwrap()]).with_lookup(Arc::new(lookup))
}

fn rebinding() -> Rebinding {
    Rebinding {
        queries: AtomicUsize::new(0),
        first: "127.0.0.2".parse().unwrap(),
        then: "127.0.0.1".parse().unwrap(),
    }
}

#[test]
fn a_rebinding_name_reaches_only_the_checked_address() {
    let (public, internal, port) = pair();
    let public_hits = serve(public, "the public page", None);
    let internal_hits = serve(internal, "INTERNAL SECRET", None);
    let policy = policy(rebinding());
    // Every fetch resolves once and connects where that answer said, so the first
    // fetch gets the public page and the later ones are refused (their one lookup
    // answers loopback) — none of them reaches the internal server.
    let url = format!("http://rebind.test:{port}/story");
    let first = fetch_bytes(&url, &policy, "*/*", &[]).expect("the first answer is allowed");
    assert_eq!(first.body, b"the public page");
    for _ in 0..3 {
        let err = fetch_bytes(&url, &policy, "*/*", &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("127.0.0.1") && err.contains("loopback"),
            "{err}"
        );
    }
    assert_eq!(public_hits.load(Ordering::SeqCst), 1);
    assert_eq!(
        internal_hits.load(Ordering::SeqCst),
        0,
        "reached the internal server"
    );
}

#[test]
fn a_redirect_hop_is_checked_where_it_connects() {
    let (public, internal, port) = pair();
    // The public host redirects to another name whose lookup answers loopback.
    let public_hits = serve(
        public,
        "",
        Some(format!("http://internal.test:{port}/admin")),
    );
    let internal_hits = serve(internal, "INTERNAL SECRET", None);
    let policy = policy(rebinding());
    let err = fetch_bytes(&format!("http://rebind.test:{port}/"), &policy, "*/*", &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("loopback"), "{err}");
    assert_eq!(public_hits.load(Ordering::SeqCst), 1);
    assert_eq!(
        internal_hits.load(Ordering::SeqCst),
        0,
        "reached the internal server"
    );
}

#[test]
fn ip_literals_inside_ipv6_are_refused_without_a_lookup() {
    let policy = NetPolicy::public_only(vec![]);
    for url in [
        "http://[::127.0.0.1]:1/",
        "http://[::ffff:127.0.0.1]:1/",
        "http://[64:ff9b::7f00:1]:1/",
        "http://[::1]:1/",
        "http://0.0.0.0:1/",
    ] {
        let err = fetch_bytes(url, &policy, "*/*", &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("refused to fetch"), "{url}: {err}");
    }
}
