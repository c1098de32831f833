//! End to end: SSML input through the real binary. `script` and `narrate` sniff
//! `<speak>` (file or standard input); breaks, say-as, sub, phoneme and prosody rate
//! reach the audio; malformed SSML is one error line with line and column, and no file.

use crate::common::{repo_path, run, stderr};
use serde_json::Value;

#[test]
fn script_reads_ssml_as_written() {
    let path = repo_path("tests/data/briefing.ssml");
    let out = run(&["script", path.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(
        lines,
        [
            "Good morning from the Coastal Ledger newsroom.",
            "The ferry vote is on December third, twenty twenty-six.",
            "Call five five five, zero one four two with news for ⟦ʃɪvˈɔːn⟧.",
            "That number again: five five five zero one four two.",
        ]
    );
    // From standard input too, sniffed by its <speak>; spans index the text content.
    let bytes = std::fs::read(&path).unwrap();
    let out = run(&["script", "-", "--json"], Some(&bytes));
    assert!(out.status.success(), "{}", stderr(&out));
    let script: Value = serde_json::from_slice(&out.stdout).unwrap();
    let utterances = script["utterances"].as_array().unwrap();
    assert_eq!(utterances[1]["text"], "The ferry vote is on 12/3/2026.");
    assert_eq!(utterances[0]["pause_after"], "sentence");
    assert_eq!(
        utterances[1]["pause_after"],
        serde_json::json!({"break": {"ms": 2000}})
    );
    assert_eq!(utterances[3]["rate"], 0.75);
}

#[test]
fn narrates_ssml_with_its_breaks_and_rates() {
    let dir = tempfile::tempdir().unwrap();
    let mp3 = dir.path().join("briefing.mp3");
    let json = dir.path().join("briefing.json");
    let path = repo_path("tests/data/briefing.ssml");
    let out = run(
        &[
            "narrate",
            path.to_str().unwrap(),
            "-o",
            mp3.to_str().unwrap(),
            "--timings",
            json.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let timings: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let u = timings["utterances"].as_array().unwrap();
    assert_eq!(u.len(), 4);
    // The 2 s break follows the second utterance.
    let gap = u[1]["end_ms"].as_u64().unwrap() - u[1]["speech_end_ms"].as_u64().unwrap();
    assert!((1900..2300).contains(&gap), "break of {gap} ms");
    // Read at 0.75×, seven digits take well over a second and a half.
    let slow = u[3]["speech_end_ms"].as_u64().unwrap() - u[3]["start_ms"].as_u64().unwrap();
    assert!(slow > 2500, "slow part lasted {slow} ms");
}

#[test]
fn malformed_ssml_is_one_error_line_with_its_position_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let mp3 = dir.path().join("bad.mp3");
    let bad = b"<speak>\n  <p>Hello <s>there</p>\n</speak>";
    let out = run(&["narrate", "-", "-o", mp3.to_str().unwrap()], Some(bad));
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(message.contains("SSML line 2, column"), "{message}");
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(!mp3.exists());
    // SSML is not an article to extract.
    let out = run(&["extract", "-"], Some(b"<speak>Hi.</speak>"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("SSML"));
}
