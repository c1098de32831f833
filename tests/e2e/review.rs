//! Extraction confidence on the server: a page that is not an article fails with a
//! clear error, a low-confidence article is held out of its publisher's feed until
//! approved, and a confident one is published at once.

use std::time::Duration;

use serde_json::{json, Value};

use crate::common::repo_path;
use crate::server::{agent, create_key, data_dir, get_json, post, wait_done, Server};

/// A short story on a page that says nothing about itself: read, but with little
/// confidence.
const THIN_PAGE: &str = "<html><head><title>Pier Lights Fixed</title></head><body>\
    <p>The lights on the pier were fixed on Friday night, a week after the storm.</p>\
    <p>Anglers said they were glad to see them back on before the weekend.</p></body></html>";

fn feed(server: &Server, publisher: &str) -> String {
    let mut resp = agent()
        .get(format!("{}/feeds/{publisher}.xml", server.base))
        .call()
        .unwrap();
    if resp.status().as_u16() != 200 {
        return String::new();
    }
    resp.body_mut().read_to_string().unwrap()
}

fn submit(server: &Server, key: &str, body: Value) -> Value {
    let (status, created) = post(server, Some(key), &body.to_string());
    assert_eq!(status, 202, "{created}");
    wait_done(
        server,
        created["id"].as_str().unwrap(),
        Duration::from_secs(120),
    )
}

#[test]
fn low_confidence_articles_wait_for_review_and_non_articles_fail() {
    let dir = data_dir();
    let key = create_key(dir.path());
    let server = Server::start(dir.path());

    let front =
        std::fs::read_to_string(repo_path("tests/data/extract/section-front.html")).unwrap();
    let failed = submit(
        &server,
        &key,
        json!({"html": front, "publisher": "gazette"}),
    );
    assert_eq!(failed["status"], "failed", "{failed}");
    let error = failed["error"].as_str().unwrap();
    assert!(error.contains("not an article"), "{error}");

    let thin = submit(
        &server,
        &key,
        json!({"html": THIN_PAGE, "publisher": "gazette"}),
    );
    assert_eq!(thin["status"], "done", "{thin}");
    let confidence = thin["confidence"].as_f64().unwrap();
    assert!(confidence < 0.5, "{thin}");
    assert_eq!(thin["review"], "pending", "{thin}");
    assert!(!feed(&server, "gazette").contains("Pier Lights Fixed"));

    let article = std::fs::read_to_string(repo_path("tests/data/extract/listicle.html")).unwrap();
    let good = submit(
        &server,
        &key,
        json!({"html": article, "publisher": "gazette"}),
    );
    assert!(good["confidence"].as_f64().unwrap() >= 0.5, "{good}");
    assert!(good["review"].is_null(), "{good}");
    let listed = feed(&server, "gazette");
    assert!(
        listed.contains("Five Walks to Take This Spring"),
        "{listed}"
    );
    assert!(!listed.contains("Pier Lights Fixed"), "{listed}");

    // Approval needs a key, and publishes the held article.
    let id = thin["id"].as_str().unwrap();
    let url = format!("{}/v1/articles/{id}/approve", server.base);
    let anonymous = agent().post(&url).send_empty().unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
    let mut approved = agent()
        .post(&url)
        .header("Authorization", format!("Bearer {key}"))
        .send_empty()
        .unwrap();
    assert_eq!(approved.status().as_u16(), 200);
    let body: Value = serde_json::from_str(&approved.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(body["review"], "approved", "{body}");
    assert!(feed(&server, "gazette").contains("Pier Lights Fixed"));
    assert_eq!(get_json(&server, "/v1/articles/nonesuch/approve").0, 405);
}
