//! End to end, without synthesis: `aloud script` and `aloud voices`, fetching over
//! loopback HTTP, and every kind of bad input ending in a one-line error, a non-zero
//! exit and no output file.

use std::path::Path;

use crate::common::{repo_path, run, serve, stderr};
use serde_json::Value;

fn script_lines(args: &[&str], stdin: Option<&[u8]>) -> Vec<String> {
    let out = run(args, stdin);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn script_reads_title_first_then_the_body_in_words() {
    let example = repo_path("examples/article.html");
    let lines = script_lines(&["script", example.to_str().unwrap()], None);
    assert_eq!(
        lines[0],
        "Riverside Park Will Grow by forty Acres, Council Decides."
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("eighteen point five million dollars")),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("Doctor Maria Okafor")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("March twenty-fourth at six thirty PM")),
        "{lines:#?}"
    );
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("READ MORE") || l.contains("Photo:")),
        "{lines:#?}"
    );
}

#[test]
fn script_json_gives_spans_into_the_article_text() {
    let example = repo_path("examples/article.md");
    let out = run(&["script", example.to_str().unwrap(), "--json"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let script: Value = serde_json::from_slice(&out.stdout).unwrap();
    let utterances = script["utterances"].as_array().unwrap();
    assert!(utterances.len() > 5);
    let mut last_end = 0;
    for u in utterances {
        let (start, end) = (
            u["span"]["start"].as_u64().unwrap(),
            u["span"]["end"].as_u64().unwrap(),
        );
        assert!(start >= last_end && end > start, "{u}");
        assert_eq!(
            (end - start) as usize,
            u["text"].as_str().unwrap().chars().count()
        );
        last_end = end;
    }
    assert_eq!(script["meta"]["title"], "A Lighthouse Comes Back to Life");
}

#[test]
fn script_json_spans_every_spoken_word_group_in_the_original() {
    // The article text is what `aloud extract` prints: blocks joined by blank lines.
    let text = "Budget Deal Reached\n\nThe city will spend $2.5 billion on 14 new schools by Jan. 5, 2027.";
    let extracted = run(&["extract", "-"], Some(text.as_bytes()));
    assert!(extracted.status.success(), "{}", stderr(&extracted));
    let article: Vec<char> = String::from_utf8(extracted.stdout)
        .unwrap()
        .trim_end()
        .chars()
        .collect();
    let out = run(&["script", "-", "--json"], Some(text.as_bytes()));
    assert!(out.status.success(), "{}", stderr(&out));
    let script: Value = serde_json::from_slice(&out.stdout).unwrap();
    let body = &script["utterances"][1];
    let pairs: Vec<(String, String)> = body["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let (start, end) = (
                w["span"]["start"].as_u64().unwrap() as usize,
                w["span"]["end"].as_u64().unwrap() as usize,
            );
            (
                article[start..end].iter().collect(),
                w["spoken"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let find = |source: &str| {
        pairs
            .iter()
            .find(|(s, _)| s == source)
            .map(|(_, spoken)| spoken.as_str())
            .unwrap_or_else(|| panic!("no word group for {source:?} in {pairs:?}"))
    };
    assert_eq!(find("$2.5 billion"), "two point five billion dollars");
    assert_eq!(find("14"), "fourteen");
    assert_eq!(find("Jan."), "January");
    assert_eq!(find("5,"), "fifth,");
    assert_eq!(find("2027."), "twenty twenty-seven.");
}

#[test]
fn markdown_and_plain_text_from_stdin() {
    let lines = script_lines(&["script", "-"], Some(b"# Small Town News\n\nThe county [fair](http://x.test) opens on June 3 with rides and music.\n"));
    assert_eq!(
        lines,
        vec![
            "Small Town News.",
            "The county fair opens on June third with rides and music."
        ]
    );
    let lines = script_lines(
        &["script", "-"],
        Some(b"Rain Expected\n\nForecasters expect 2 inches of rain by Friday."),
    );
    assert_eq!(
        lines,
        vec![
            "Rain Expected.",
            "Forecasters expect two inches of rain by Friday."
        ]
    );
}

#[test]
fn voices_lists_the_installed_voices_of_both_engines() {
    let out = run(&["voices"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("en_US-joe-medium\tpiper\ten_US\tAmerican\t-\t22050 Hz"),
        "{text}"
    );
    assert!(
        text.contains("bf_emma\tkokoro\ten_GB\tBritish\tfemale\t24000 Hz"),
        "{text}"
    );
    // A voice's speed, measured on this machine, is listed from then on.
    let out = run(
        &["voices", "--measure", "en_US-joe-medium", "espeak-de"],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("[2/2] espeak-de: "),
        "{}",
        stderr(&out)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let joe_line = text
        .lines()
        .find(|l| l.starts_with("en_US-joe-medium\t"))
        .unwrap();
    assert!(joe_line.contains("\tword timings\tRTF 0."), "{joe_line}");
    let out = run(&["voices", "--measure", "nobody"], None);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("unknown voice \"nobody\""),
        "{}",
        stderr(&out)
    );
    let out = run(&["voices", "--json"], None);
    let voices: Value = serde_json::from_slice(&out.stdout).unwrap();
    let joe = voices
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "en_US-joe-medium")
        .unwrap();
    assert_eq!(joe["sample_rate"], 22050);
    assert_eq!(joe["engine"], "piper");
    assert_eq!(joe["accent"], "American");
    assert_eq!(joe["word_timings"], true);
    let rtf = joe["speed"]["realtime_factor"].as_f64().unwrap();
    assert!(rtf > 0.0 && rtf < 1.0, "{joe}");
}

#[test]
fn narrates_with_a_kokoro_voice() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("story.txt");
    std::fs::write(
        &page,
        "Rain Expected\n\nForecasters expect two inches of rain by Friday.\n",
    )
    .unwrap();
    let audio = dir.path().join("story.wav");
    let timings = dir.path().join("story.json");
    let out = run(
        &[
            "narrate",
            page.to_str().unwrap(),
            "-o",
            audio.to_str().unwrap(),
            "--format",
            "wav",
            "--voice",
            "af_heart",
            "--timings",
            timings.to_str().unwrap(),
            "-q",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let wav = std::fs::read(&audio).unwrap();
    assert_eq!(u32::from_le_bytes(wav[24..28].try_into().unwrap()), 24_000);
    let timings: Value = serde_json::from_slice(&std::fs::read(&timings).unwrap()).unwrap();
    assert_eq!(timings["voice"], "af_heart");
    let out = run(
        &[
            "say",
            "hello",
            "-o",
            audio.to_str().unwrap(),
            "--voice",
            "af_nobody",
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("unknown voice"), "{}", stderr(&out));
}

#[test]
fn fetches_pages_over_http() {
    let page = std::fs::read(repo_path("examples/article.html")).unwrap();
    let base = serve(vec![("/story", 200, "text/html; charset=utf-8", page)]);
    let lines = script_lines(&["script", &format!("{base}/story")], None);
    assert_eq!(
        lines[0],
        "Riverside Park Will Grow by forty Acres, Council Decides."
    );
}

/// Runs `narrate` on bad input and checks: non-zero exit, a one-line error mentioning
/// `expect`, and no output file (nor temporary file) left behind.
fn assert_fails_cleanly(input: &str, stdin: Option<&[u8]>, extra: &[&str], expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.mp3");
    let mut args = vec!["narrate", input, "-o", out_path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = run(&args, stdin);
    let err = stderr(&out);
    assert!(!out.status.success(), "{input}: succeeded");
    assert_eq!(err.trim_end().lines().count(), 1, "one-line error: {err}");
    assert!(
        err.to_lowercase().contains(&expect.to_lowercase()),
        "{input}: expected {expect:?} in {err}"
    );
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "output left behind in {}",
        dir.path().display()
    );
}

fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn bad_inputs_fail_with_a_clear_error_and_no_output() {
    let inputs = tempfile::tempdir().unwrap();
    let d = inputs.path();

    // Unreachable URL (nothing listens on port 1), HTTP errors, non-HTML content.
    assert_fails_cleanly("http://127.0.0.1:1/story", None, &[], "cannot fetch");
    let base = serve(vec![(
        "/image",
        200,
        "image/png",
        b"\x89PNG\r\n\x1a\n".to_vec(),
    )]);
    assert_fails_cleanly(&format!("{base}/missing"), None, &[], "HTTP 404");
    assert_fails_cleanly(&format!("{base}/image"), None, &[], "not HTML");

    // A page with no article: navigation and a footer only.
    let nav = b"<html><body><nav><a href=/>Home</a> <a href=/a>About</a></nav><footer>(c) 2026</footer></body></html>";
    assert_fails_cleanly(
        &write_temp(d, "nav.html", nav),
        None,
        &[],
        "no article text",
    );
    // Empty, binary and wrongly declared charset.
    assert_fails_cleanly(&write_temp(d, "empty.html", b""), None, &[], "empty");
    assert_fails_cleanly(
        &write_temp(d, "photo.html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        None,
        &[],
        "binary",
    );
    assert_fails_cleanly(
        "-",
        Some(b"\0\x01\x02\x03binary\0\0\xff\xfe"),
        &[],
        "binary",
    );
    let latin1 = b"<html><head><meta charset=\"utf-8\"></head><body><p>Caf\xe9 owners said the new rules would help them.</p></body></html>";
    assert_fails_cleanly(
        &write_temp(d, "latin1.html", latin1),
        None,
        &[],
        "not valid UTF-8",
    );
    // Oversized: more than 10 MB of HTML, more than 200k words.
    let huge = format!(
        "<html><body><p>{}</p></body></html>",
        "word ".repeat(2_200_000)
    );
    assert_fails_cleanly(
        &write_temp(d, "huge.html", huge.as_bytes()),
        None,
        &[],
        "limit",
    );
    let long = "Many words here. ".repeat(67_000);
    assert_fails_cleanly(
        &write_temp(d, "long.txt", long.as_bytes()),
        None,
        &[],
        "word limit",
    );
    // A file that does not exist.
    assert_fails_cleanly(
        d.join("missing.html").to_str().unwrap(),
        None,
        &[],
        "cannot read",
    );

    // Good input, bad options: unknown voice, bad speed, unknown format.
    let example = repo_path("examples/article.html");
    let example = example.to_str().unwrap();
    assert_fails_cleanly(example, None, &["--voice", "nobody"], "unknown voice");
    assert_fails_cleanly(example, None, &["--speed", "9"], "speed");
    assert_fails_cleanly(example, None, &["--format", "flac"], "unknown format");
}

#[test]
fn unwritable_output_fails_before_any_work() {
    let example = repo_path("examples/article.html");
    let out = run(
        &[
            "narrate",
            example.to_str().unwrap(),
            "-o",
            "/nonexistent-dir/out.mp3",
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot write /nonexistent-dir/out.mp3"),
        "{}",
        stderr(&out)
    );
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &[
            "narrate",
            example.to_str().unwrap(),
            "-o",
            dir.path().to_str().unwrap(),
            "--format",
            "mp3",
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is a directory"), "{}", stderr(&out));
    // An existing output is not touched by a failed run.
    let existing = dir.path().join("keep.mp3");
    std::fs::write(&existing, b"old audio").unwrap();
    let out = run(
        &["narrate", "-", "-o", existing.to_str().unwrap()],
        Some(b""),
    );
    assert!(!out.status.success());
    assert_eq!(std::fs::read(&existing).unwrap(), b"old audio");
}

#[test]
fn pages_in_other_languages_are_read_by_a_voice_of_their_language() {
    let spanish = repo_path("tests/data/languages/noticia-es.html");
    let spanish = spanish.to_str().unwrap();
    // The English normalizer leaves them alone: espeak-ng reads their numbers.
    let lines = script_lines(&["script", spanish], None);
    assert!(
        lines[1].contains("a partir del 3 de mayo") && lines[1].contains("1.200 vecinos"),
        "{lines:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    for (page, voice) in [
        ("tests/data/languages/noticia-es.html", "ef_dora"),
        ("tests/data/languages/article-fr.html", "ff_siwis"),
        // No neural voice speaks German: espeak-ng's own, basic one reads it.
        ("tests/data/languages/artikel-de.html", "espeak-de"),
    ] {
        let audio = dir.path().join("story.mp3");
        let timings = dir.path().join("story.json");
        let out = run(
            &[
                "narrate",
                repo_path(page).to_str().unwrap(),
                "-o",
                audio.to_str().unwrap(),
                "--timings",
                timings.to_str().unwrap(),
                "-q",
            ],
            None,
        );
        assert!(out.status.success(), "{page}: {}", stderr(&out));
        let timings: Value = serde_json::from_slice(&std::fs::read(&timings).unwrap()).unwrap();
        assert_eq!(timings["voice"], voice, "{page}");
        assert!(timings["duration_ms"].as_u64().unwrap() > 6_000, "{page}");
    }
    // An English voice forced on a Spanish page is refused, and nothing is written.
    let audio = dir.path().join("forced.mp3");
    let out = run(
        &[
            "narrate",
            spanish,
            "-o",
            audio.to_str().unwrap(),
            "--voice",
            "af_heart",
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("voice af_heart speaks en_US, but the article is in es"),
        "{}",
        stderr(&out)
    );
    assert!(!audio.exists());
}
