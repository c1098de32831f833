//! End to end: pronunciation lexicons through the real binary. Scope precedence
//! (built-in < deployment < publisher < article) in `aloud lexicon test` and
//! `aloud script`, PLS import, `aloud say` auditions with phonemes from a lexicon, and
//! a broken lexicon failing cleanly.

use std::process::Output;

use crate::common::{aloud, repo_path, stderr};

fn run_with_lexicons(args: &[&str]) -> Output {
    aloud()
        .env("ALOUD_LEXICON_DIR", repo_path("tests/data/lexicons"))
        .args(args)
        .output()
        .expect("aloud runs")
}

fn stdout_of(args: &[&str]) -> String {
    let out = run_with_lexicons(args);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn lexicon_test_shows_the_winning_rule_and_phonemes() {
    let article = repo_path("tests/data/lexicons/article.json");
    let article = article.to_str().unwrap();

    let deployment = stdout_of(&["lexicon", "test", "Niamh"]);
    assert!(deployment.contains("rule:     deployment"), "{deployment}");
    assert!(deployment.contains("phonemes: nˈiːv"), "{deployment}");

    let publisher = stdout_of(&["lexicon", "test", "Niamh", "--publisher", "courier"]);
    assert!(publisher.contains("rule:     publisher"), "{publisher}");
    assert!(publisher.contains("courier.pls, lexeme 1"), "{publisher}");
    assert!(publisher.contains("phonemes: nˈiːəv"), "{publisher}");

    let with_article = stdout_of(&["lexicon", "test", "Aoife", "--lexicon", article]);
    assert!(with_article.contains("rule:     article"), "{with_article}");
    assert!(with_article.contains("spoken:   eef uh"), "{with_article}");

    let built_in = stdout_of(&["lexicon", "test", "Zelenskyy"]);
    assert!(built_in.contains("rule:     built-in"), "{built_in}");

    let none = stdout_of(&["lexicon", "test", "harbour"]);
    assert!(none.contains("rule:     none"), "{none}");
    assert!(none.contains("phonemes: hˈɑːɹbɚ"), "{none}");
}

#[test]
fn scripts_apply_every_scope() {
    let article = repo_path("tests/data/lexicons/article.json");
    let text = b"Aoife and Niamh sailed from Cobh to Kyiv.\n" as &[u8];
    let run = |extra: &[&str]| {
        let mut args = vec!["script", "-"];
        args.extend(extra);
        let mut child = aloud()
            .env("ALOUD_LEXICON_DIR", repo_path("tests/data/lexicons"))
            .args(&args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(text).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        run(&[]).trim(),
        "ee fa and ⟦nˈiːv⟧ sailed from Cobh to ⟦kˈiːɪv⟧."
    );
    assert_eq!(
        run(&["--publisher", "courier"]).trim(),
        "ee fa and ⟦nˈiːəv⟧ sailed from cove to ⟦kˈiːɪv⟧."
    );
    assert_eq!(
        run(&[
            "--publisher",
            "courier",
            "--lexicon",
            article.to_str().unwrap()
        ])
        .trim(),
        "eef uh and ⟦nˈiːəv⟧ sailed from cove to ⟦kˈiːɪv⟧."
    );
}

#[test]
fn say_auditions_text_with_lexicon_phonemes() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("niamh.wav");
    let out = run_with_lexicons(&[
        "say",
        "Niamh lives in Cobh.",
        "--publisher",
        "courier",
        "-o",
        wav.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut reader = hound::WavReader::open(&wav).unwrap();
    let spec = reader.spec();
    assert_eq!((spec.channels, spec.sample_rate), (1, 22050));
    let samples: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
    let secs = samples.len() as f64 / 22050.0;
    assert!((0.8..4.0).contains(&secs), "{secs} s");
    assert!(
        samples.iter().any(|s| s.unsigned_abs() > 3000),
        "not silent"
    );
}

#[test]
fn a_broken_lexicon_is_a_clear_error_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"rules": [{"word": "x"}]}"#).unwrap();
    let wav = dir.path().join("out.wav");
    let out = run_with_lexicons(&[
        "say",
        "Hello.",
        "--lexicon",
        bad.to_str().unwrap(),
        "-o",
        wav.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(
        message.contains("bad.json, rule 1") && message.contains("alias, ipa"),
        "{message}"
    );
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(!wav.exists());
    let missing = run_with_lexicons(&["lexicon", "test", "x", "--lexicon", "/nonexistent.pls"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("/nonexistent.pls"));
}
