//! `aloud narrate --check` with the real voice and the real recognizer: a clean
//! narration is heard as meant; an article lexicon rule that says a common word as
//! another is named, with the word; without the recognizer's files, `--check` says why
//! and writes nothing. The server publishes first, then hears the narration and reports
//! the words at `GET /v1/articles/{id}/check`; an editor auditions a rule, saves it in
//! the publisher's lexicon and has the article narrated again, only the sentence with
//! the word synthesized anew. A speech request is answered while a long narration is
//! being heard, and a new article narrated: the check stops between two sentences and
//! goes on after.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::*;
use crate::server::*;

fn checked_narration(lexicon: Option<&str>) -> (std::process::Output, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let mp3 = dir.path().join("out.mp3");
    let json = dir.path().join("out.json");
    let text = repo_path("tests/data/check/flood-report.txt");
    let mut args = vec![
        "narrate".to_string(),
        text.to_str().unwrap().to_string(),
        "-o".into(),
        mp3.to_str().unwrap().into(),
        "--timings".into(),
        json.to_str().unwrap().into(),
        "--check".into(),
    ];
    if let Some(lexicon) = lexicon {
        args.push("--lexicon".into());
        args.push(repo_path(lexicon).to_str().unwrap().into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args, None);
    assert!(out.status.success(), "{}", stderr(&out));
    let timings = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    (out, timings)
}

/// Each utterance's spoken text and its check.
fn checks(timings: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    timings["utterances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["spoken"].as_str().unwrap().to_string(),
                u["check"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_clean_narration_is_heard_as_meant() {
    let (out, timings) = checked_narration(None);
    let checks = checks(&timings);
    assert_eq!(checks.len(), 3);
    for (spoken, check) in &checks {
        assert!(check["score"].as_f64().unwrap() >= 0.8, "{spoken}: {check}");
        assert!(
            check["heard"].as_str().unwrap().len() > 10,
            "{spoken}: {check}"
        );
        assert!(check["takes"].as_u64().unwrap() >= 1);
        assert!(check.get("suspects").is_none(), "{spoken}: {check}");
    }
    let err = stderr(&out);
    assert!(
        err.contains("checked 3 of 3 sentences") && err.contains("every word heard as meant"),
        "{err}"
    );
}

#[test]
fn a_rule_saying_a_common_word_as_another_is_named() {
    let (out, timings) = checked_narration(Some("tests/data/check/wrong-river.json"));
    let checks = checks(&timings);
    let (spoken, check) = &checks[1];
    assert!(spoken.contains('⟦'), "the rule applied: {spoken}");
    let suspects = check["suspects"].as_array().expect("a suspect word");
    assert_eq!(suspects.len(), 1, "{check}");
    assert_eq!(suspects[0]["text"], "river");
    assert_eq!(suspects[0]["kind"], "rule");
    // The other sentences are clean.
    for (spoken, check) in [&checks[0], &checks[2]] {
        assert!(check.get("suspects").is_none(), "{spoken}: {check}");
    }
    let err = stderr(&out);
    assert!(
        err.contains("1 word may be mispronounced: \"river\"") && err.contains("by a lexicon rule"),
        "{err}"
    );
}

#[test]
fn without_the_recognizer_check_says_why_and_writes_nothing() {
    // A data directory with the runtime and the voice, but no recognizer.
    let data = tempfile::tempdir().unwrap();
    let installed = aloud_voice::data_dir();
    for part in ["onnxruntime", "voices"] {
        std::os::unix::fs::symlink(installed.join(part), data.path().join(part)).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let mp3 = dir.path().join("out.mp3");
    let text = repo_path("tests/data/check/flood-report.txt");
    let narrate = |check: bool| {
        let mut cmd = aloud();
        cmd.env("ALOUD_DATA_DIR", data.path()).args([
            "narrate",
            text.to_str().unwrap(),
            "-o",
            mp3.to_str().unwrap(),
        ]);
        if check {
            cmd.arg("--check");
        }
        cmd.output().unwrap()
    };
    let out = narrate(true);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("--check cannot run") && err.contains("speech recognizer is not installed"),
        "{err}"
    );
    assert!(!mp3.exists(), "no audio written");
    // Without --check, narration works as ever.
    let out = narrate(false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(mp3.exists());
}

#[test]
fn the_server_publishes_first_then_reports_what_it_heard() {
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start_with(data.path(), &["--check", "true"]);
    let text = std::fs::read_to_string(repo_path("tests/data/check/flood-report.txt")).unwrap();
    let rules: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_path("tests/data/check/wrong-river.json")).unwrap(),
    )
    .unwrap();
    let (status, created) = post(
        &server,
        Some(&key),
        &json!({"text": text, "lexicon": rules}).to_string(),
    );
    assert_eq!(status, 202, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let article = wait_done(&server, &id, Duration::from_secs(120));
    assert_eq!(article["status"], "done", "{article}");

    let path = format!("/v1/articles/{id}/check");
    let started = Instant::now();
    let report = loop {
        let (status, report) = get_json(&server, &path);
        assert_eq!(status, 200, "{report}");
        if report["status"] == "done" {
            break report;
        }
        assert_eq!(report["status"], "pending", "{report}");
        assert!(started.elapsed() < Duration::from_secs(120), "{report}");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(report["article"], id.as_str());
    assert_eq!(report["utterances"], 3, "{report}");
    assert_eq!(report["checked"], 3, "{report}");
    let suspects = report["suspects"].as_array().unwrap();
    assert_eq!(suspects.len(), 1, "{report}");
    assert_eq!(suspects[0]["text"], "river");
    assert_eq!(suspects[0]["kind"], "rule");
    assert!(
        suspects[0]["context"]
            .as_str()
            .unwrap()
            .starts_with("The river rose"),
        "{report}"
    );
    // A rule already says it: no rule suggested, the rule is what to fix.
    assert!(suspects[0].get("suggested_rule").is_none(), "{report}");
    // The report is about the narration served now.
    let (_, now) = get_json(&server, &format!("/v1/articles/{id}"));
    assert_eq!(report["version"], now["version"], "{report} {now}");

    let (status, missing) = get_json(&server, "/v1/articles/nosuchid/check");
    assert_eq!(status, 404, "{missing}");
}

#[test]
fn speech_and_new_articles_go_before_a_long_check() {
    // One worker: the one hearing the article is the one that must answer the speech.
    let data = data_dir();
    let key = create_key(data.path());
    let server = Server::start_with(data.path(), &["--check", "true", "--workers", "1"]);
    let text = std::fs::read_to_string(repo_path("tests/data/check/harbour-report.txt")).unwrap();
    let (status, created) = post(&server, Some(&key), &json!({"text": text}).to_string());
    assert_eq!(status, 202, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let article = wait_done(&server, &id, Duration::from_secs(180));
    assert_eq!(article["status"], "done", "{article}");

    // The check of some twenty sentences has just begun; a speech request stops it between two
    // sentences and is answered, then the check goes on to the end.
    let resp = agent()
        .post(format!("{}/v1/audio/speech", server.base))
        .header("Authorization", format!("Bearer {key}"))
        .header("Content-Type", "application/json")
        .send(json!({"input": "The ferry leaves at noon.", "response_format": "wav"}).to_string())
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let path = format!("/v1/articles/{id}/check");
    let (_, report) = get_json(&server, &path);
    assert_eq!(
        report["status"], "pending",
        "the speech waited for the check: {report}"
    );
    // So does a new article: it is narrated before the check goes on.
    let short = json!({"text": "Ferry Times\n\nThe ferry leaves the eastern pier at noon on Sundays, and the last boat returns from the island at six in the evening."});
    let (status, created) = post(&server, Some(&key), &short.to_string());
    assert_eq!(status, 202, "{created}");
    let next = created["id"].as_str().unwrap().to_string();
    let narrated = wait_done(&server, &next, Duration::from_secs(60));
    assert_eq!(narrated["status"], "done", "{narrated}");
    let (_, report) = get_json(&server, &path);
    assert_eq!(
        report["status"], "pending",
        "the article waited for the check: {report}"
    );

    let started = Instant::now();
    let report = loop {
        let (_, report) = get_json(&server, &path);
        if report["status"] == "done" {
            break report;
        }
        assert!(started.elapsed() < Duration::from_secs(180), "{report}");
        std::thread::sleep(Duration::from_millis(200));
    };
    let utterances = report["utterances"].as_u64().unwrap();
    assert!(utterances >= 20, "{report}");
    assert_eq!(
        report["checked"], utterances,
        "every sentence heard: {report}"
    );
}

#[test]
fn an_editor_saves_a_publisher_rule_and_only_its_sentence_is_narrated_again() {
    let data = data_dir();
    let lexicons = tempfile::tempdir().unwrap();
    let key = create_key(data.path());
    let server =
        Server::start_with_env(data.path(), &[], &[("ALOUD_LEXICON_DIR", lexicons.path())]);
    let text = std::fs::read_to_string(repo_path("tests/data/check/flood-report.txt")).unwrap();
    let (status, created) = post(
        &server,
        Some(&key),
        &json!({"text": text, "publisher": "riverside-daily"}).to_string(),
    );
    assert_eq!(status, 202, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(
        wait_done(&server, &id, Duration::from_secs(120))["status"],
        "done"
    );

    // An audition with a rule says the text otherwise than without.
    let speech = |lexicon: Option<Value>| {
        let mut body = json!({"input": "The footbridge reopened.", "response_format": "wav"});
        if let Some(rules) = lexicon {
            body["lexicon"] = rules;
        }
        let mut resp = agent()
            .post(format!("{}/v1/audio/speech", server.base))
            .header("Authorization", format!("Bearer {key}"))
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .unwrap();
        assert_eq!(resp.status().as_u16(), 200);
        resp.body_mut().read_to_vec().unwrap()
    };
    let rule = json!({"rules": [{"word": "footbridge", "alias": "the old rope bridge"}]});
    assert!(speech(Some(rule.clone())).len() > speech(None).len() + 8_000);

    // Saved as the publisher's rule: a second save of the word replaces the first.
    let path = "/v1/publishers/riverside-daily/lexicon";
    for _ in 0..2 {
        let (status, saved) = send_json(&server, "POST", path, Some(&key), Some(&rule));
        assert_eq!(status, 200, "{saved}");
        assert_eq!(saved["rule_count"], 1, "{saved}");
    }
    let (_, listed) = send_json(&server, "GET", path, Some(&key), None);
    assert_eq!(listed["rules"][0]["word"], "footbridge", "{listed}");
    let file = lexicons.path().join("publishers/riverside-daily.json");
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("rope bridge"));
    // A broken rule is refused and leaves the lexicon as it was.
    let broken = json!({"rules": [{"regex": "(unclosed", "alias": "x"}]});
    let (status, refused) = send_json(&server, "POST", path, Some(&key), Some(&broken));
    assert_eq!(status, 400, "{refused}");
    assert!(!std::fs::read_to_string(&file).unwrap().contains("unclosed"));
    // Without a key, nothing.
    let (status, _) = send_json(&server, "POST", path, None, Some(&rule));
    assert_eq!(status, 401);

    // Narrated again: the title with the word is new, the two other sentences cached.
    let again = format!("/v1/articles/{id}/renarrate");
    let (status, queued) = send_json(&server, "POST", &again, Some(&key), None);
    assert_eq!(status, 202, "{queued}");
    let article = wait_done(&server, &id, Duration::from_secs(120));
    assert_eq!(article["status"], "done", "{article}");
    assert_eq!(article["synthesized"], 1, "{article}");
    assert_eq!(article["cached"], 2, "{article}");
    let mut resp = agent()
        .get(format!("{}/v1/articles/{id}/script.txt", server.base))
        .call()
        .unwrap();
    let script = resp.body_mut().read_to_string().unwrap();
    assert!(script.contains("the old rope bridge"), "{script}");
    let (status, _) = send_json(
        &server,
        "POST",
        "/v1/articles/nosuch/renarrate",
        Some(&key),
        None,
    );
    assert_eq!(status, 404);
}
