//! End to end: a real `aloud serve` on loopback with a real database and the real
//! voice. Submit → poll → fetch audio with Range and ETag; idempotent resubmission;
//! error statuses; recovery after the server is killed mid-article.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{decode_mp3, repo_path};
use crate::server::{
    agent, create_key, data_dir, get_json, keys, post, send_json, wait_done, Server, TEST_VOICE,
};
use serde_json::{json, Value};

const NOTE: &str = "Library Hours Change\n\nThe town library will open at 9 a.m. on Saturdays, starting next month. Staff said the change costs about $12,000 a year.";

#[test]
fn submit_poll_and_fetch_audio_with_range_and_etag() {
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start_with(
        data.path(),
        &["--feed-image", "https://courier.test/cover.png"],
    );

    let (status, created) = post(&server, Some(&key), &json!({"text": NOTE}).to_string());
    assert_eq!(status, 202, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(
        created["links"]["audio"],
        format!("/v1/articles/{id}/audio.mp3")
    );

    // The same content, voice and settings: the same id, no new work.
    let (status, again) = post(&server, Some(&key), &json!({"text": NOTE}).to_string());
    assert_eq!((status, again["id"].as_str()), (202, Some(id.as_str())));
    // Other settings: other work.
    let (_, faster) = post(
        &server,
        Some(&key),
        &json!({"text": NOTE, "speed": 1.25}).to_string(),
    );
    assert_ne!(faster["id"], created["id"]);

    let article = wait_done(&server, &id, Duration::from_secs(120));
    assert_eq!(article["status"], "done", "{article}");
    assert_eq!(article["title"], "Library Hours Change");
    assert_eq!(article["attempts"], 1);

    // Full audio: a real MP3 of the reported duration.
    let url = format!("{}/v1/articles/{id}/audio.mp3", server.base);
    let mut full = agent().get(&url).call().unwrap();
    assert_eq!(full.status().as_u16(), 200);
    assert_eq!(full.headers()["content-type"], "audio/mpeg");
    let etag = full.headers()["etag"].to_str().unwrap().to_string();
    let length: usize = full.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let bytes = full.body_mut().read_to_vec().unwrap();
    assert_eq!(bytes.len(), length);
    let file = data.path().join("check.mp3");
    std::fs::write(&file, &bytes).unwrap();
    let (samples, rate) = decode_mp3(&file);
    let secs = samples.len() as f64 / rate as f64;
    assert!(
        (secs - article["duration_ms"].as_f64().unwrap() / 1000.0).abs() < 0.2,
        "{secs} s"
    );

    // Range → 206 with the right slice; unsatisfiable → 416; ETag → 304.
    let mut part = agent()
        .get(&url)
        .header("Range", "bytes=100-199")
        .call()
        .unwrap();
    assert_eq!(part.status().as_u16(), 206);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 100-199/{length}").as_str()
    );
    assert_eq!(part.body_mut().read_to_vec().unwrap(), bytes[100..200]);
    let past = agent()
        .get(&url)
        .header("Range", format!("bytes={length}-"))
        .call()
        .unwrap();
    assert_eq!(past.status().as_u16(), 416);
    let cached = agent()
        .get(&url)
        .header("If-None-Match", &etag)
        .call()
        .unwrap();
    assert_eq!(cached.status().as_u16(), 304);
    // RFC 9110: several ranges, or an If-Range that no longer matches, get the whole
    // file; If-None-Match: * and a weak tag of the same file are "not modified".
    for (range, if_range) in [("bytes=0-0,1-1", None), ("bytes=0-9", Some("\"stale\""))] {
        let mut request = agent().get(&url).header("Range", range);
        if let Some(condition) = if_range {
            request = request.header("If-Range", condition);
        }
        let mut resp = request.call().unwrap();
        assert_eq!(resp.status().as_u16(), 200, "{range} {if_range:?}");
        assert_eq!(resp.body_mut().read_to_vec().unwrap().len(), bytes.len());
    }
    let mut resumed = agent()
        .get(&url)
        .header("Range", "bytes=0-9")
        .header("If-Range", &etag)
        .call()
        .unwrap();
    assert_eq!(resumed.status().as_u16(), 206);
    assert_eq!(resumed.body_mut().read_to_vec().unwrap(), bytes[..10]);
    for condition in ["*".to_string(), format!("W/{etag}")] {
        let resp = agent()
            .get(&url)
            .header("If-None-Match", &condition)
            .call()
            .unwrap();
        assert_eq!(resp.status().as_u16(), 304, "{condition}");
    }

    // Opus too.
    let mut opus = agent()
        .get(format!("{}/v1/articles/{id}/audio.opus", server.base))
        .call()
        .unwrap();
    assert_eq!(opus.status().as_u16(), 200);
    assert!(opus.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("audio/ogg"));
    assert_eq!(&opus.body_mut().read_to_vec().unwrap()[..4], b"OggS");
    let metrics = agent()
        .get(format!("{}/metrics", server.base))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    let rtf: f64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("aloud_real_time_factor "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(rtf > 0.0 && rtf < 1.0, "{metrics}");
    // Requests are counted by their route's pattern, not by the path asked for.
    let polled = metrics
        .lines()
        .find_map(|l| {
            l.strip_prefix(
                "aloud_http_requests_total{route=\"/v1/articles/{id}\",method=\"GET\",status=\"200\"} ",
            )
        })
        .unwrap_or_else(|| panic!("no count of article polls: {metrics}"));
    assert!(polled.parse::<u64>().unwrap() >= 1, "{metrics}");
    assert!(
        !metrics.contains(&format!("route=\"/v1/articles/{id}")),
        "{metrics}"
    );

    // Timings, captions, script.
    let (status, timings) = get_json(&server, &format!("/v1/articles/{id}/timings.json"));
    assert_eq!(status, 200);
    assert_eq!(
        timings["utterances"].as_array().unwrap().len(),
        article["utterances"].as_u64().unwrap() as usize
    );
    let vtt = agent()
        .get(format!("{}/v1/articles/{id}/captions.vtt", server.base))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    assert!(vtt.starts_with("WEBVTT"));
    // Each word has its time, in the JSON and in the word-timed captions.
    let words: Vec<&Value> = timings["utterances"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| u["words"].as_array().unwrap_or_else(|| panic!("{u}")))
        .collect();
    assert!(words.len() > 10, "{timings}");
    assert!(words.iter().any(|w| w["text"] == "$12,000"), "{timings}");
    let (status, created_links) = get_json(&server, &format!("/v1/articles/{id}"));
    assert_eq!(status, 200);
    let word_vtt = agent()
        .get(format!(
            "{}{}",
            server.base,
            created_links["links"]["word_captions"].as_str().unwrap()
        ))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    assert!(word_vtt.starts_with("WEBVTT"));
    assert_eq!(
        word_vtt.matches("<00:").count() + timings["utterances"].as_array().unwrap().len(),
        words.len(),
        "{word_vtt}"
    );
    let script = agent()
        .get(format!("{}/v1/articles/{id}/script.txt", server.base))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    assert!(script.contains("twelve thousand dollars"), "{script}");

    // Podcast feed of the publisher's articles, read by a real feed parser.
    let (_, pub_created) = post(
        &server,
        Some(&key),
        &json!({"text": NOTE, "publisher": "courier"}).to_string(),
    );
    let pub_article = wait_done(
        &server,
        pub_created["id"].as_str().unwrap(),
        Duration::from_secs(120),
    );
    let mut resp = agent()
        .get(format!("{}/feeds/courier.xml", server.base))
        .call()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/rss+xml"));
    let xml = resp.body_mut().read_to_vec().unwrap();
    let feed = feed_rs::parser::parse(&xml[..]).expect("a valid feed");
    assert_eq!(feed.entries.len(), 1);
    assert_eq!(
        feed.logo.as_ref().map(|l| l.uri.as_str()),
        Some("https://courier.test/cover.png")
    );
    let entry = &feed.entries[0];
    assert_eq!(
        entry.title.as_ref().unwrap().content,
        "Library Hours Change"
    );
    assert!(entry.published.is_some());
    let enclosure = &entry.media[0].content[0];
    assert_eq!(
        enclosure.content_type.as_ref().unwrap().to_string(),
        "audio/mpeg"
    );
    let audio_url = enclosure.url.as_ref().unwrap().to_string();
    let mut audio = agent().get(&audio_url).call().unwrap();
    assert_eq!(audio.status().as_u16(), 200);
    assert_eq!(
        enclosure.size,
        Some(audio.body_mut().read_to_vec().unwrap().len() as u64)
    );
    assert!(pub_article["duration_ms"].as_u64().unwrap() > 1000);
    assert_eq!(get_json(&server, "/feeds/nobody.xml").0, 404);

    // Listing with paging.
    let (_, page) = get_json(&server, "/v1/articles?limit=1");
    assert_eq!(
        (
            page["total"].as_u64(),
            page["articles"].as_array().unwrap().len()
        ),
        (Some(3), 1)
    );
    let (_, health) = (
        200,
        agent()
            .get(format!("{}/healthz", server.base))
            .call()
            .unwrap()
            .status()
            .as_u16(),
    );
    assert_eq!(health, 200);
}

#[test]
fn an_edited_article_resynthesizes_only_its_changed_sentences() {
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start(data.path());
    let first = "Harbor Update\n\nThe harbor reopened on Monday. Ferries ran on time. Fishing boats return on Wednesday.";
    let edited = "Harbor Update\n\nThe harbor reopened on Monday. Ferries ran two hours late. Fishing boats return on Wednesday.";
    let (_, a) = post(&server, Some(&key), &json!({"text": first}).to_string());
    let a = wait_done(&server, a["id"].as_str().unwrap(), Duration::from_secs(120));
    assert_eq!(
        (a["synthesized"].as_u64(), a["cached"].as_u64()),
        (Some(4), Some(0)),
        "{a}"
    );
    let (_, b) = post(&server, Some(&key), &json!({"text": edited}).to_string());
    assert_ne!(a["id"], b["id"], "new content, new id (and audio URL)");
    let b = wait_done(&server, b["id"].as_str().unwrap(), Duration::from_secs(120));
    assert_eq!(
        (b["synthesized"].as_u64(), b["cached"].as_u64()),
        (Some(1), Some(3)),
        "{b}"
    );
    let metrics = agent()
        .get(format!("{}/metrics", server.base))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    assert!(
        metrics.contains("aloud_utterances_total{source=\"cache\"} 3"),
        "{metrics}"
    );
    assert!(
        metrics.contains("aloud_jobs{state=\"done\"} 2"),
        "{metrics}"
    );
    // The old version stays fetchable.
    let old = agent()
        .get(format!(
            "{}/v1/articles/{}/audio.mp3",
            server.base,
            a["id"].as_str().unwrap()
        ))
        .call()
        .unwrap();
    assert_eq!(old.status().as_u16(), 200);
}

#[test]
fn fetching_urls_cannot_reach_the_servers_network_unless_allowed() {
    let page = std::fs::read(repo_path("examples/article.html")).unwrap();
    let site = crate::common::serve_with_redirects(
        vec![("/story", 200, "text/html", page)],
        vec![("/sneaky", "http://169.254.169.254/latest/meta-data/")],
    );
    let data = data_dir();
    let key = create_key(data.path());

    // Default policy: loopback (and private, link-local, metadata) addresses are refused
    // at submission, for articles and feeds alike, as are URLs carrying credentials.
    {
        let server = Server::start(data.path());
        for url in [
            format!("{site}/story"),
            "http://localhost:9/x".to_string(),
            "http://169.254.169.254/".to_string(),
            "http://[::1]:9/".to_string(),
            "http://[::127.0.0.1]:9/".to_string(),
            "http://[::ffff:10.0.0.1]/".to_string(),
            "http://user:secret@example.org/story?token=abc".to_string(),
        ] {
            for (path, body) in [
                ("/v1/articles", json!({"url": url})),
                ("/v1/feeds", json!({"url": url, "publisher": "courier"})),
            ] {
                let mut resp = agent()
                    .post(format!("{}{path}", server.base))
                    .header("Authorization", format!("Bearer {key}"))
                    .header("Content-Type", "application/json")
                    .send(body.to_string())
                    .unwrap();
                let status = resp.status().as_u16();
                let answer: Value =
                    serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap();
                assert_eq!(status, 400, "{path} {url}: {answer}");
                assert_eq!(answer["error"]["code"], "url_refused", "{path} {url}");
                let message = answer["error"]["message"].as_str().unwrap();
                assert!(
                    message.contains("refused") || message.contains("password"),
                    "{path} {url}: {message}"
                );
            }
        }
        let (_, feeds) = get_json(&server, "/v1/feeds");
        assert_eq!(feeds["feeds"], json!([]), "no feed registered");
    }
    // Allowed for tests and intranets; a redirect is checked again on every hop.
    let server = Server::start_with(data.path(), &["--fetch-allow", "127.0.0.1"]);
    let (_, created) = post(
        &server,
        Some(&key),
        &json!({"url": format!("{site}/sneaky")}).to_string(),
    );
    let article = wait_done(
        &server,
        created["id"].as_str().unwrap(),
        Duration::from_secs(60),
    );
    assert!(
        article["error"]
            .as_str()
            .unwrap_or("")
            .contains("169.254.169.254"),
        "{article}"
    );
    let (_, created) = post(
        &server,
        Some(&key),
        &json!({"url": format!("{site}/story")}).to_string(),
    );
    let article = wait_done(
        &server,
        created["id"].as_str().unwrap(),
        Duration::from_secs(120),
    );
    assert_eq!(article["status"], "done", "{article}");
    assert_eq!(
        article["title"],
        "Riverside Park Will Grow by 40 Acres, Council Decides"
    );
}

/// A site on loopback with an RSS feed of two stories. The feed carries an ETag and
/// answers 304 to a request that presents it; those 304s are counted.
fn feed_site() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::Write;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let not_modified = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = not_modified.clone();
    let story_b = "<html><head><title>Bridge Repairs Finish Early</title></head><body><article><h1>Bridge Repairs Finish Early</h1>\
        <p>Crews finished repairs on the Mill Street bridge two weeks ahead of schedule, the city said on Friday, and the bridge reopened to traffic.</p>\
        <p>The work cost less than planned, and the savings will go to repaving nearby roads this summer.</p></article></body></html>";
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Courier</title><link>{base}/</link><description>News</description>\
         <item><title>Park</title><link>{base}/a</link><guid>story-a</guid></item>\
         <item><title>Bridge</title><link>{base}/b</link><guid>story-b</guid></item></channel></rss>"
    );
    let story_a = std::fs::read_to_string(repo_path("examples/article.html")).unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let text = crate::common::read_request_head(&mut stream).to_lowercase();
            let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, ctype, body) = match path.as_str() {
                "/feed.xml" if text.contains("if-none-match: \"v1\"") => {
                    counter.fetch_add(1, Ordering::SeqCst);
                    ("304 Not Modified", "application/rss+xml", String::new())
                }
                "/feed.xml" => ("200 OK", "application/rss+xml", feed.clone()),
                "/a" => ("200 OK", "text/html", story_a.clone()),
                "/b" => ("200 OK", "text/html", story_b.to_string()),
                _ => ("404 Not Found", "text/plain", "no".to_string()),
            };
            let head = format!("HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nETag: \"v1\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    (base, not_modified)
}

#[test]
fn ingests_a_publishers_feed_into_its_podcast() {
    let (site, not_modified) = feed_site();
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start_with(
        data.path(),
        &["--fetch-allow", "127.0.0.1", "--feed-poll-secs", "1"],
    );
    let mut resp = agent()
        .post(format!("{}/v1/feeds", server.base))
        .header("Authorization", format!("Bearer {key}"))
        .header("Content-Type", "application/json")
        .send(&json!({"url": format!("{site}/feed.xml"), "publisher": "courier"}).to_string())
        .unwrap();
    assert_eq!(
        resp.status().as_u16(),
        201,
        "{}",
        resp.body_mut().read_to_string().unwrap()
    );

    // Both items are narrated into the publisher's podcast.
    let start = Instant::now();
    let feed = loop {
        let mut r = agent()
            .get(format!("{}/feeds/courier.xml", server.base))
            .call()
            .unwrap();
        if r.status().as_u16() == 200 {
            let feed = feed_rs::parser::parse(&r.body_mut().read_to_vec().unwrap()[..]).unwrap();
            if feed.entries.len() == 2 {
                break feed;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(180),
            "feed not ingested"
        );
        std::thread::sleep(Duration::from_millis(300));
    };
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert!(
        titles.contains(&"Bridge Repairs Finish Early".to_string()),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Riverside Park Will Grow by 40 Acres, Council Decides".to_string()),
        "{titles:?}"
    );

    // Later polls are conditional (the feed answers 304) and queue nothing new.
    let start = Instant::now();
    while not_modified.load(std::sync::atomic::Ordering::SeqCst) == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no conditional poll"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let (_, list) = get_json(&server, "/v1/articles");
    assert_eq!(list["total"], 2);
    let (_, feeds) = get_json(&server, "/v1/feeds");
    assert_eq!(feeds["feeds"][0]["items"], 2);
}

#[test]
fn streams_audio_while_the_article_is_synthesized() {
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start(data.path());
    let html = std::fs::read_to_string(repo_path("examples/article.html")).unwrap();
    let (_, created) = post(&server, Some(&key), &json!({"html": html}).to_string());
    let id = created["id"].as_str().unwrap().to_string();

    let requested = Instant::now();
    let mut resp = agent()
        .get(format!("{}/v1/articles/{id}/stream", server.base))
        .call()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "audio/mpeg");
    let mut reader = resp.body_mut().as_reader();
    let mut first = [0u8; 1];
    std::io::Read::read_exact(&mut reader, &mut first).unwrap();
    let first_byte = requested.elapsed();
    let mut rest = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut rest).unwrap();
    let total = requested.elapsed();
    // Audio began well before the narration was complete.
    let article = wait_done(&server, &id, Duration::from_secs(120));
    assert!(
        first_byte < total / 2,
        "first byte after {first_byte:?} of {total:?}"
    );
    eprintln!("stream: first byte after {first_byte:?}, whole stream {total:?}");

    let mut bytes = first.to_vec();
    bytes.extend(rest);
    let file = data.path().join("stream.mp3");
    std::fs::write(&file, &bytes).unwrap();
    let (samples, rate) = decode_mp3(&file);
    let secs = samples.len() as f64 / rate as f64;
    let final_secs = article["duration_ms"].as_f64().unwrap() / 1000.0;
    assert!(
        (secs - final_secs).abs() < 1.0,
        "stream {secs} s, file {final_secs} s"
    );
    let mut meter = ebur128::EbuR128::new(1, rate, ebur128::Mode::I).unwrap();
    meter.add_frames_f32(&samples).unwrap();
    let lufs = meter.loudness_global().unwrap();
    assert!((lufs + 19.0).abs() < 2.0, "stream loudness {lufs}");

    // Once done, the stream is simply the finished file.
    let done = agent()
        .get(format!("{}/v1/articles/{id}/stream", server.base))
        .call()
        .unwrap();
    assert!(done.headers()["etag"].to_str().unwrap().len() > 2);
}

#[test]
fn a_resubmitted_url_is_narrated_again_with_a_new_version() {
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    let page = |third: &str| {
        format!(
            "<html><head><title>Harbor Notes</title></head><body><article><h1>Harbor Notes</h1>\
             <p>The harbor reopened on Monday after the storm, and the ferries ran on time again.</p>\
             <p>Fishing boats will return on Wednesday, the harbor master said in a short statement.</p>\
             <p>{third}</p></article></body></html>"
        )
    };
    let content = Arc::new(Mutex::new(page(
        "The weather is expected to stay calm for the rest of the week.",
    )));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let site = format!("http://{}/notes", listener.local_addr().unwrap());
    let served = content.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            crate::common::read_request_head(&mut stream);
            let body = served.lock().unwrap().clone();
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start_with(data.path(), &["--fetch-allow", "127.0.0.1"]);
    let submit = || post(&server, Some(&key), &json!({"url": site}).to_string()).1;

    let id = submit()["id"].as_str().unwrap().to_string();
    let first = wait_done(&server, &id, Duration::from_secs(120));
    let first_audio = first["links"]["audio"].as_str().unwrap().to_string();
    assert!(first_audio.contains("?v="), "{first}");
    let versioned = agent()
        .get(format!("{}{first_audio}", server.base))
        .call()
        .unwrap();
    assert!(versioned.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let plain = agent()
        .get(format!("{}/v1/articles/{id}/audio.mp3", server.base))
        .call()
        .unwrap();
    assert!(plain.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("no-cache"));

    // The page changes; the same URL submitted again is the same article, narrated
    // again: only the changed sentence is synthesized and the audio URL changes.
    *content.lock().unwrap() =
        page("A storm warning was issued for the weekend, and boats should stay in port.");
    assert_eq!(submit()["id"].as_str(), Some(id.as_str()));
    let second = wait_done(&server, &id, Duration::from_secs(120));
    assert_eq!(
        (second["synthesized"].as_u64(), second["cached"].as_u64()),
        (Some(1), Some(3)),
        "{second}"
    );
    assert_ne!(second["links"]["audio"], first["links"]["audio"]);
    // The old version's link no longer claims to be immutable (its files are gone; the
    // current narration is served, to be revalidated), the new one's does.
    for (link, cache) in [
        (&first_audio, "no-cache"),
        (
            &second["links"]["audio"].as_str().unwrap().to_string(),
            "immutable",
        ),
    ] {
        let resp = agent()
            .get(format!("{}{link}", server.base))
            .call()
            .unwrap();
        assert_eq!(resp.status().as_u16(), 200);
        let header = resp.headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(header.contains(cache), "{link}: {header}");
    }
    let script = agent()
        .get(format!("{}/v1/articles/{id}/script.txt", server.base))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    assert!(script.contains("storm warning"), "{script}");
}

#[test]
fn a_config_file_sets_server_options_and_bad_ones_are_refused() {
    let data = data_dir();
    let key = create_key(data.path());
    let config = data.path().join("aloud.conf");
    std::fs::write(
        &config,
        "# test settings\nrate_limit = 1\nlease_secs = \"2\"\n",
    )
    .unwrap();
    let server = Server::start_with(data.path(), &["--config", config.to_str().unwrap()]);
    let first = post(&server, Some(&key), &json!({"text": NOTE}).to_string()).0;
    let second = post(&server, Some(&key), &json!({"text": NOTE}).to_string()).0;
    assert_eq!((first, second), (202, 429));

    std::fs::write(&config, "workers = 1\ncolour = red\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args(["serve", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("aloud.conf:2: unknown setting \"colour\"")
    );
}

#[test]
fn openai_compatible_speech_endpoint() {
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start(data.path());
    let speech = |body: Value| {
        let mut resp = agent()
            .post(format!("{}/v1/audio/speech", server.base))
            .header("Authorization", format!("Bearer {key}"))
            .header("Content-Type", "application/json")
            .send(&body.to_string())
            .unwrap();
        let status = resp.status().as_u16();
        let ctype = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (status, ctype, resp.body_mut().read_to_vec().unwrap())
    };
    let input = "Good morning. Here is the news at 7:30 a.m.";
    let (status, ctype, wav) = speech(
        json!({"model": "tts-1", "input": input, "voice": "alloy", "response_format": "wav"}),
    );
    assert_eq!((status, ctype.as_str()), (200, "audio/wav"));
    assert_eq!(&wav[..4], b"RIFF");
    // "alloy" is read by Kokoro's af_alloy (24 kHz); no voice named, by the default.
    let rate = u32::from_le_bytes(wav[24..28].try_into().unwrap());
    assert_eq!(rate, 24_000);
    let wav_secs = (wav.len() - 44) as f64 / 2.0 / rate as f64;
    assert!((1.5..10.0).contains(&wav_secs), "{wav_secs} s");
    let (_, _, default_wav) = speech(json!({"input": input, "response_format": "wav"}));
    assert_eq!(
        u32::from_le_bytes(default_wav[24..28].try_into().unwrap()),
        22_050
    );

    // Raw PCM at 24 kHz, as OpenAI clients expect; about as long as the WAV.
    let (status, _, pcm) = speech(
        json!({"model": "tts-1", "input": input, "voice": "alloy", "response_format": "pcm"}),
    );
    assert_eq!(status, 200);
    let pcm_secs = pcm.len() as f64 / 2.0 / 24_000.0;
    assert!(
        (pcm_secs - wav_secs).abs() < 0.5,
        "{pcm_secs} vs {wav_secs}"
    );
    assert!(
        pcm.chunks_exact(2)
            .any(|b| i16::from_le_bytes([b[0], b[1]]).abs() > 1000),
        "not silent"
    );

    let (status, ctype, mp3) = speech(json!({"model": "tts-1", "input": input, "voice": "alloy"}));
    assert_eq!((status, ctype.as_str(), mp3[0]), (200, "audio/mpeg", 0xFF));

    for bad in [
        json!({"model": "tts-1", "voice": "alloy"}),
        json!({"model": "tts-1", "input": input, "voice": "robot"}),
        json!({"model": "tts-1", "input": input, "response_format": "flac"}),
        json!({"model": "tts-1", "input": input, "speed": 0}),
    ] {
        assert_eq!(speech(bad.clone()).0, 400, "{bad}");
    }
}

#[test]
fn errors_have_the_right_status_and_a_json_body() {
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start(data.path());
    let text = json!({"text": NOTE}).to_string();

    let cases: Vec<(Option<&str>, String, u16, &str)> = vec![
        (None, text.clone(), 401, "unauthorized"),
        (Some("aloud_not_a_key"), text.clone(), 401, "unauthorized"),
        (Some(&key), "{not json".into(), 400, "bad_request"),
        (Some(&key), json!({}).to_string(), 400, "bad_request"),
        (
            Some(&key),
            json!({"text": "a", "html": "<p>b</p>"}).to_string(),
            400,
            "bad_request",
        ),
        (
            Some(&key),
            json!({"text": NOTE, "voice": "nobody"}).to_string(),
            400,
            "bad_request",
        ),
        (
            Some(&key),
            json!({"text": NOTE, "speed": 9}).to_string(),
            400,
            "bad_request",
        ),
        (
            Some(&key),
            json!({"url": "file:///etc/passwd"}).to_string(),
            400,
            "bad_request",
        ),
        (
            Some(&key),
            json!({"text": NOTE, "colour": "red"}).to_string(),
            400,
            "bad_request",
        ),
        // A publisher's name becomes a feed path: checked here as on /v1/feeds.
        (
            Some(&key),
            json!({"text": NOTE, "publisher": "../daily"}).to_string(),
            400,
            "bad_request",
        ),
    ];
    for (k, body, want, code) in cases {
        let (status, error) = post(&server, k, &body);
        assert_eq!(status, want, "{body}: {error}");
        assert_eq!(error["error"]["code"], code, "{body}: {error}");
        assert!(error["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
    // Writes are rate-limited per key: 429 once the bucket is empty.
    {
        let data = data_dir();
        let key = create_key(data.path());
        let limited = Server::start_with(data.path(), &["--rate-limit", "3"]);
        let statuses: Vec<u16> = (0..4)
            .map(|i| {
                post(
                    &limited,
                    Some(&key),
                    &json!({"text": format!("{NOTE} {i}")}).to_string(),
                )
                .0
            })
            .collect();
        assert_eq!(statuses, vec![202, 202, 202, 429]);
        let (_, error) = post(&limited, Some(&key), &json!({"text": NOTE}).to_string());
        assert_eq!(error["error"]["code"], "rate_limited");
        // The wait is in Retry-After; the scheme's name is case-insensitive, so a
        // lowercase "bearer" is the same key, limited, not refused.
        let resp = agent()
            .post(format!("{}/v1/articles", limited.base))
            .header("Content-Type", "application/json")
            .header("Authorization", format!("bearer {key}"))
            .send(json!({"text": NOTE}).to_string())
            .unwrap();
        assert_eq!(resp.status().as_u16(), 429);
        let wait = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok());
        assert!(
            wait.and_then(|w| w.parse::<u64>().ok())
                .is_some_and(|w| w >= 1),
            "Retry-After: {wait:?}"
        );
    }
    // Too large a body: 413. The server answers as soon as the limit is crossed and
    // closes the connection, so the request is written by hand from another thread
    // (a client that insists on sending it all sees a broken pipe).
    {
        use std::io::{Read, Write};
        let addr = server.base.trim_start_matches("http://").to_string();
        let mut conn = std::net::TcpStream::connect(&addr).unwrap();
        conn.set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut writer = conn.try_clone().unwrap();
        let head = format!(
            "POST /v1/articles HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n"
        );
        std::thread::spawn(move || {
            let _ = writer.write_all(head.as_bytes());
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..310 {
                if writer.write_all(&chunk).is_err() {
                    break;
                }
            }
        });
        let mut reply = [0u8; 64];
        let n = conn.read(&mut reply).unwrap();
        let head = String::from_utf8_lossy(&reply[..n]);
        assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    }
    // Unknown ids, files and endpoints.
    assert_eq!(
        get_json(&server, "/v1/articles/ffffffffffffffffffff").0,
        404
    );
    assert_eq!(
        get_json(&server, "/v1/articles/ffffffffffffffffffff/audio.mp3").0,
        404
    );
    assert_eq!(get_json(&server, "/v1/nothing").0, 404);
    // Not yet narrated: 409, with the state in the message.
    let (_, created) = post(
        &server,
        Some(&key),
        &json!({"html": std::fs::read_to_string(repo_path("examples/article.html")).unwrap()})
            .to_string(),
    );
    let id = created["id"].as_str().unwrap();
    let (status, error) = get_json(&server, &format!("/v1/articles/{id}/audio.mp3"));
    if status != 200 {
        assert_eq!(
            (status, error["error"]["code"].as_str()),
            (409, Some("not_ready"))
        );
    }
    // A page with no article fails with a reason, and the server keeps serving.
    let (_, bad) = post(
        &server,
        Some(&key),
        &json!({"html": "<html><body><nav>Home</nav></body></html>"}).to_string(),
    );
    let failed = wait_done(
        &server,
        bad["id"].as_str().unwrap(),
        Duration::from_secs(120),
    );
    assert_eq!(failed["status"], "failed");
    assert!(
        failed["error"]
            .as_str()
            .unwrap()
            .contains("no article text"),
        "{failed}"
    );
    assert_eq!(
        agent()
            .get(format!("{}/healthz", server.base))
            .call()
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    // Every response carries its own request id (the key to its lines in the log).
    let request_id = || {
        let resp = agent()
            .get(format!("{}/v1/articles/nothing-here", server.base))
            .call()
            .unwrap();
        assert_eq!(resp.status().as_u16(), 404);
        resp.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .expect("x-request-id")
    };
    let (first, second) = (request_id(), request_id());
    assert_eq!(first.len(), 16, "{first}");
    assert!(first.chars().all(|c| c.is_ascii_hexdigit()), "{first}");
    assert_ne!(first, second);
}

#[test]
fn a_killed_server_finishes_the_article_after_restart() {
    let data = data_dir();
    let key = create_key(data.path());
    let mut server = Server::start(data.path());
    let html = std::fs::read_to_string(repo_path("examples/article.html")).unwrap();
    let (_, created) = post(&server, Some(&key), &json!({"html": html}).to_string());
    let id = created["id"].as_str().unwrap().to_string();

    // Wait until it is being narrated, then kill -9.
    let start = Instant::now();
    loop {
        let (_, a) = get_json(&server, &format!("/v1/articles/{id}"));
        if a["status"] == "running" && a["progress"]["done"].as_u64().unwrap_or(0) >= 1 {
            break;
        }
        assert!(a["status"] != "done", "finished before it could be killed");
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "never started: {a}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill();

    // Restart on the same data: the lease expires, the job runs again and completes.
    let server = Server::start(data.path());
    let article = wait_done(&server, &id, Duration::from_secs(180));
    assert_eq!(article["status"], "done", "{article}");
    assert_eq!(article["attempts"], 2);
    let (_, list) = get_json(&server, "/v1/articles");
    assert_eq!(list["total"], 1, "nothing duplicated");
    let bytes = agent()
        .get(format!("{}/v1/articles/{id}/audio.mp3", server.base))
        .call()
        .unwrap()
        .body_mut()
        .read_to_vec()
        .unwrap();
    let file = data.path().join("after.mp3");
    std::fs::write(&file, &bytes).unwrap();
    let (samples, rate) = decode_mp3(&file);
    assert!(samples.len() as f64 / rate as f64 > 60.0);
    if !data.on_s3() {
        // No temporary files left among the narrations (files backend): the stream
        // plan, and the current version's five files under their version.
        let dir = data.path().join("narrations").join(&id);
        let names = |dir: &std::path::Path| -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        let version = article["version"].as_str().unwrap().to_string();
        assert_eq!(
            names(&dir),
            vec![version.clone(), "stream.json".to_string()]
        );
        assert_eq!(
            names(&dir.join(&version)),
            [
                "audio.mp3",
                "audio.opus",
                "captions.vtt",
                "script.txt",
                "timings.json",
                "words.vtt"
            ]
        );
    }
}

fn post_raw(server: &Server, path: &str, content_type: &str, body: &str) -> (u16, String, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let mut resp = agent
        .post(format!("{}{path}", server.base))
        .header("Content-Type", content_type)
        .send(body)
        .unwrap();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let status = resp.status().as_u16();
    (status, location, resp.body_mut().read_to_string().unwrap())
}

fn get_text(server: &Server, path: &str) -> (u16, String) {
    let mut resp = agent()
        .get(format!("{}{path}", server.base))
        .call()
        .unwrap();
    (
        resp.status().as_u16(),
        resp.body_mut().read_to_string().unwrap(),
    )
}

#[test]
fn web_app_pages_player_script_and_listen_reports() {
    let data = data_dir();
    let server = Server::start(data.path());

    let (status, home) = get_text(&server, "/");
    assert_eq!(status, 200);
    assert!(
        home.contains("<form") && home.contains("None yet."),
        "{home}"
    );
    // The server's pages cannot be framed elsewhere; nothing is type-sniffed.
    let home_resp = agent().get(format!("{}/", server.base)).call().unwrap();
    let header_of = |r: &ureq::http::Response<ureq::Body>, name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    assert!(
        header_of(&home_resp, "content-security-policy").contains("frame-ancestors 'self'"),
        "{:?}",
        home_resp.headers()
    );
    assert_eq!(header_of(&home_resp, "x-content-type-options"), "nosniff");
    assert_eq!(header_of(&home_resp, "referrer-policy"), "same-origin");
    let api_resp = agent()
        .get(format!("{}/v1/articles", server.base))
        .call()
        .unwrap();
    assert_eq!(header_of(&api_resp, "x-content-type-options"), "nosniff");
    // A page on another site may call the keyed API: the preflight is allowed.
    let preflight = agent()
        .options(format!("{}/v1/articles", server.base))
        .header("Origin", "https://news.example")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type",
        )
        .call()
        .unwrap();
    assert_eq!(preflight.status().as_u16(), 204);
    assert_eq!(header_of(&preflight, "access-control-allow-origin"), "*");
    let allowed = header_of(&preflight, "access-control-allow-headers").to_lowercase();
    assert!(
        allowed.contains("authorization") && allowed.contains("content-type"),
        "{allowed}"
    );
    assert!(header_of(&preflight, "access-control-allow-methods").contains("POST"));
    let (status, player) = get_text(&server, "/player.js");
    assert_eq!(status, 200);
    assert!(player.contains("customElements.define('aloud-player'"));

    // The form takes text without an API key and redirects to the article's page…
    let (status, location, _) = post_raw(
        &server,
        "/",
        "application/x-www-form-urlencoded",
        "source=Bells+at+noon.%0A%0AThe+chapel+bells+rang+at+noon+today.",
    );
    assert_eq!(status, 303);
    let id = location
        .strip_prefix("/a/")
        .expect("a page link")
        .to_string();
    let article = wait_done(&server, &id, Duration::from_secs(120));
    assert_eq!(article["status"], "done", "{article}");
    let (status, page) = get_text(&server, &location);
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("<aloud-player article=\"{id}\"")),
        "{page}"
    );
    assert!(
        page.contains("<h1>Bells at noon.</h1>")
            && page.contains("The chapel bells rang at noon today.")
    );
    let (_, home) = get_text(&server, "/");
    assert!(home.contains(&format!("href=\"/a/{id}\"")));

    // …and refuses what it cannot narrate, with a page saying why.
    for (body, want) in [
        ("source=ftp%3A%2F%2Fexample.com%2Fa", 400),
        ("source=+++", 400),
        ("nonsense=1", 400),
    ] {
        let (status, _, page) = post_raw(&server, "/", "application/x-www-form-urlencoded", body);
        assert_eq!(status, want, "{body}: {page}");
        assert!(page.contains("class=\"error\""));
    }
    assert_eq!(get_text(&server, "/a/nosuch").0, 404);

    // Listen reports: text/plain JSON (what sendBeacon sends), once per session and event.
    let report = |event: &str, session: &str| {
        post_raw(
            &server,
            &format!("/v1/articles/{id}/listens"),
            "text/plain;charset=UTF-8",
            &json!({"event": event, "session": session}).to_string(),
        )
        .0
    };
    assert_eq!(report("start", "session-one"), 204);
    assert_eq!(report("start", "session-one"), 204);
    assert_eq!(report("start", "session-two"), 204);
    assert_eq!(report("q50", "session-two"), 204);
    assert_eq!(report("complete", "session-two"), 204);
    assert_eq!(report("rewind", "session-two"), 400);
    assert_eq!(report("start", "x"), 400);
    let (status, _, _) = post_raw(
        &server,
        "/v1/articles/nosuch/listens",
        "text/plain",
        r#"{"event":"start","session":"session-one"}"#,
    );
    assert_eq!(status, 404);
    let (_, article) = get_json(&server, &format!("/v1/articles/{id}"));
    assert_eq!(
        article["listens"],
        json!({"starts": 2, "reached_25": 0, "reached_50": 1, "reached_75": 0, "completions": 1})
    );

    // Players on other sites may read the API.
    let resp = agent()
        .get(format!("{}/v1/articles/{id}", server.base))
        .call()
        .unwrap();
    assert_eq!(
        resp.headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("*")
    );
}

#[test]
fn web_submissions_can_be_turned_off() {
    let data = data_dir();
    let server = Server::start_with(data.path(), &["--web-submit", "false"]);
    let (_, home) = get_text(&server, "/");
    assert!(!home.contains("<form"));
    let (status, _, _) = post_raw(
        &server,
        "/",
        "application/x-www-form-urlencoded",
        "source=Hello+there.",
    );
    assert_eq!(status, 403);
}

#[test]
fn an_article_can_bring_its_own_pronunciations() {
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start(data.path());
    let text = "Niamh Sails Home\n\nNiamh sailed into the harbor at dawn on Sunday.";
    let (status, created) = post(
        &server,
        Some(&key),
        &json!({"text": text, "lexicon": {"rules": [{"word": "Niamh", "alias": "neev"}]}})
            .to_string(),
    );
    assert_eq!(status, 202, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let article = wait_done(&server, &id, Duration::from_secs(120));
    assert_eq!(article["status"], "done", "{article}");
    let mut resp = agent()
        .get(format!("{}/v1/articles/{id}/script.txt", server.base))
        .call()
        .unwrap();
    let script = resp.body_mut().read_to_string().unwrap();
    assert!(script.contains("neev sailed into the harbor"), "{script}");
    // The same text without the rules is another narration.
    let (_, plain) = post(&server, Some(&key), &json!({"text": text}).to_string());
    assert_ne!(plain["id"], created["id"]);
    // A broken lexicon is refused with what is wrong.
    let (status, error) = post(
        &server,
        Some(&key),
        &json!({"text": text, "lexicon": {"rules": [{"word": "Niamh"}]}}).to_string(),
    );
    assert_eq!(status, 400);
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("alias, ipa"),
        "{error}"
    );
}

#[test]
fn voices_by_publisher_and_by_the_articles_language() {
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start_with(data.path(), &["--publisher-voices", "gazette:bf_emma"]);
    let spanish =
        std::fs::read_to_string(repo_path("tests/data/languages/noticia-es.html")).unwrap();
    // A Spanish page without a voice is read by the Spanish voice, not the default.
    let (status, es) = post(&server, Some(&key), &json!({"html": spanish}).to_string());
    assert_eq!(status, 202, "{es}");
    // A publisher's submissions without a voice get the publisher's.
    let (status, gazette) = post(
        &server,
        Some(&key),
        &json!({"text": NOTE, "publisher": "gazette"}).to_string(),
    );
    assert_eq!(status, 202, "{gazette}");
    for (created, voice) in [(&es, "ef_dora"), (&gazette, "bf_emma")] {
        let id = created["id"].as_str().unwrap();
        let article = wait_done(&server, id, Duration::from_secs(180));
        assert_eq!(article["status"], "done", "{article}");
        let (status, timings) = get_json(&server, &format!("/v1/articles/{id}/timings.json"));
        assert_eq!(status, 200);
        assert_eq!(timings["voice"], voice, "{timings}");
    }
    // A publisher sets its own default voice over the API; it wins over the config's,
    // and clearing it brings the config's back.
    let call = |method: &str, name: &str, key: Option<&str>, body: Option<Value>| {
        send_json(
            &server,
            method,
            &format!("/v1/publishers/{name}"),
            key,
            body.as_ref(),
        )
    };
    let (status, gazette_settings) = call("GET", "gazette", Some(&key), None);
    assert_eq!(status, 200, "{gazette_settings}");
    assert_eq!(
        (&gazette_settings["voice"], &gazette_settings["voice_from"]),
        (&json!("bf_emma"), &json!("config"))
    );
    let piper = json!({"voice": "en_US-joe-medium"});
    assert_eq!(call("PUT", "gazette", None, Some(piper.clone())).0, 401);
    let (status, error) = call(
        "PUT",
        "gazette",
        Some(&key),
        Some(json!({"voice": "nobody"})),
    );
    assert_eq!(status, 400, "{error}");
    assert!(error.to_string().contains("unknown voice"), "{error}");
    assert_eq!(
        call("PUT", "bad%21name", Some(&key), Some(piper.clone())).0,
        400
    );
    let (status, set) = call("PUT", "gazette", Some(&key), Some(piper));
    assert_eq!(status, 200, "{set}");
    assert_eq!(set["voice_from"], "publisher");
    let (status, article) = post(
        &server,
        Some(&key),
        &json!({"text": NOTE.replace("Saturdays", "Sundays"), "publisher": "gazette"}).to_string(),
    );
    assert_eq!(status, 202, "{article}");
    let article = wait_done(
        &server,
        article["id"].as_str().unwrap(),
        Duration::from_secs(60),
    );
    assert_eq!(article["status"], "done", "{article}");
    let id = article["id"].as_str().unwrap();
    let (_, timings) = get_json(&server, &format!("/v1/articles/{id}/timings.json"));
    assert_eq!(timings["voice"], "en_US-joe-medium", "{timings}");
    let (_, cleared) = call("PUT", "gazette", Some(&key), Some(json!({"voice": null})));
    assert_eq!(cleared["voice_from"], "config", "{cleared}");

    // The voices, the basic ones marked.
    let (status, listed) = get_json(&server, "/v1/voices");
    assert_eq!(status, 200);
    assert_eq!(listed["default"], "en_US-joe-medium");
    let german = listed["voices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "espeak-de")
        .unwrap_or_else(|| panic!("{listed}"));
    assert_eq!(
        (
            german["basic"].as_bool(),
            german["quality"].as_str(),
            german["word_timings"].as_bool()
        ),
        (Some(true), Some("basic"), Some(false))
    );
    let emma = listed["voices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "bf_emma")
        .unwrap_or_else(|| panic!("{listed}"));
    assert_eq!(
        (&emma["accent"], &emma["gender"], &emma["word_timings"]),
        (&json!("British"), &json!("female"), &json!(true))
    );
    drop(server);
    // With basic voices off, a German page fails, saying why.
    let server = Server::start_with(data.path(), &["--basic-voices", "false"]);
    let german =
        std::fs::read_to_string(repo_path("tests/data/languages/artikel-de.html")).unwrap();
    let (status, created) = post(&server, Some(&key), &json!({"html": german}).to_string());
    assert_eq!(status, 202, "{created}");
    let article = wait_done(
        &server,
        created["id"].as_str().unwrap(),
        Duration::from_secs(60),
    );
    assert_eq!(article["status"], "failed", "{article}");
    assert!(
        article
            .to_string()
            .contains("no voice installed for the article's language"),
        "{article}"
    );
    let (_, listed) = get_json(&server, "/v1/voices");
    assert!(!listed.to_string().contains("espeak-de"), "{listed}");
    drop(server);
    // A publisher default that is not installed stops the server at start.
    let out = Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--publisher-voices",
            "gazette:nobody",
        ])
        .arg("--data")
        .arg(data.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("publisher_voices: unknown voice \"nobody\""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn articles_default_to_kokoro_and_start_their_stream_with_a_short_piece() {
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start_on_default_voices(data.path());
    let (_, listed) = get_json(&server, "/v1/voices");
    assert_eq!(
        (&listed["default"], &listed["speech_default"]),
        (&json!("af_heart"), &json!(TEST_VOICE))
    );
    // An article without a voice gets Kokoro's af_heart; its long title is said in two
    // pieces, the first of a few words (the stream's first audio), the spans kept.
    let text = "Library Hours Change on Saturdays as the Town Hires Two More Staff\n\n\
        The town library will open at 9 a.m. on Saturdays, starting next month. \
        Staff said the change costs about $12,000 a year.";
    let (status, created) = post(&server, Some(&key), &json!({"text": text}).to_string());
    assert_eq!(status, 202, "{created}");
    let id = created["id"].as_str().unwrap();
    let article = wait_done(&server, id, Duration::from_secs(180));
    assert_eq!(article["status"], "done", "{article}");
    let (_, timings) = get_json(&server, &format!("/v1/articles/{id}/timings.json"));
    assert_eq!(timings["voice"], "af_heart", "{timings}");
    let utterances = timings["utterances"].as_array().unwrap();
    let texts: Vec<&str> = utterances[..2]
        .iter()
        .map(|u| u["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Library Hours Change",
            "on Saturdays as the Town Hires Two More Staff"
        ]
    );
    assert_eq!(utterances[1]["span"]["start"], 21, "{timings}");
}

#[test]
fn a_publishers_key_acts_for_that_publisher_only_until_revoked() {
    let data = data_dir();
    let out = keys(
        data.path(),
        &["create", "gazette-cms", "--publisher", "gazette"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let out = keys(data.path(), &["create", "bad", "--publisher", "no spaces"]);
    assert!(!out.status.success());
    let server = Server::start(data.path());
    let send = |method: &str, path: &str, body: Value| {
        send_json(&server, method, path, Some(&key), Some(&body))
    };
    // Its submissions are its publisher's; another publisher's are refused.
    let (status, created) = post(&server, Some(&key), &json!({"text": NOTE}).to_string());
    assert_eq!(status, 202, "{created}");
    let (_, article) = get_json(
        &server,
        &format!("/v1/articles/{}", created["id"].as_str().unwrap()),
    );
    assert_eq!(article["publisher"], "gazette", "{article}");
    let other = json!({"text": NOTE, "publisher": "tribune"}).to_string();
    let (status, error) = post(&server, Some(&key), &other);
    assert_eq!(status, 403, "{error}");
    assert!(error.to_string().contains("acts for publisher"), "{error}");
    // Its own settings only, and its own feeds.
    let voice = json!({"voice": TEST_VOICE});
    assert_eq!(send("PUT", "/v1/publishers/tribune", voice.clone()).0, 403);
    assert_eq!(send("PUT", "/v1/publishers/gazette", voice).0, 200);
    let feed = json!({"url": "http://127.0.0.1:9/feed.xml", "publisher": "tribune"});
    assert_eq!(send("POST", "/v1/feeds", feed).0, 403);
    // Listed without the key itself; refused once revoked.
    let out = keys(data.path(), &["list"]);
    let listed = String::from_utf8(out.stdout).unwrap();
    assert!(listed.contains("gazette-cms\tgazette\t"), "{listed}");
    assert!(!listed.contains(&key));
    let out = keys(data.path(), &["revoke", "gazette-cms"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (status, _) = post(&server, Some(&key), &json!({"text": NOTE}).to_string());
    assert_eq!(status, 401);
    let out = keys(data.path(), &["list"]);
    assert!(String::from_utf8(out.stdout).unwrap().contains("revoked"));
    let out = keys(data.path(), &["revoke", "gazette-cms"]);
    assert!(!out.status.success());
}
