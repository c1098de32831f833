//! Scripts of the test texts in `tests/data/script/`: stories written for this project,
//! each in a style of real news the normalizer must read right (wire copy with AP
//! abbreviations, British house style…). Each `NAME.txt` (or `NAME.html`, where the
//! page's language tag matters) has `NAME.expected.txt` beside it: what the voice is
//! given, one utterance per line, title first (the output of `aloud script NAME.txt`).

use std::path::{Path, PathBuf};

use aloud_extract::source::{load, Input};
use aloud_script::{build, ScriptOptions};

fn texts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/script")
}

#[test]
fn every_test_text_is_said_as_expected() {
    let mut texts: Vec<PathBuf> = std::fs::read_dir(texts_dir())
        .expect("tests/data/script")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "txt" || x == "html")
                && !p.to_string_lossy().ends_with(".expected.txt")
        })
        .collect();
    texts.sort();
    assert!(!texts.is_empty(), "test texts missing");
    let mut failures = Vec::new();
    for text in &texts {
        let document = load(&Input::File(text.clone())).unwrap();
        let article = aloud_extract::extract(&document).unwrap();
        let said = build(&article, ScriptOptions::default()).spoken_lines();
        let expected_path = text.with_file_name(format!(
            "{}.expected.txt",
            text.file_stem().unwrap().to_string_lossy()
        ));
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        for (n, (got, want)) in said.lines().zip(expected.lines()).enumerate() {
            if got != want {
                failures.push(format!(
                    "{} line {}:\n  said     {got}\n  expected {want}",
                    text.display(),
                    n + 1
                ));
            }
        }
        if said.lines().count() != expected.lines().count() {
            failures.push(format!(
                "{}: {} utterances, expected {}",
                text.display(),
                said.lines().count(),
                expected.lines().count()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
