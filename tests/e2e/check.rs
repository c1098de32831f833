//! `aloud narrate --check` with the real voice and the real recognizer: a clean
//! narration is heard as meant; an article lexicon rule that says a common word as
//! another is named, with the word; without the recognizer's files, `--check` says why
//! and writes nothing.

use crate::common::*;

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
