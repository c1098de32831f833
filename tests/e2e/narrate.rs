//! End to end: the real binary narrates the example article with the real voice; the MP3
//! is decoded and measured (duration, loudness, peak, silences, joins) and checked
//! against the timings and captions written beside it, word by word.

use crate::common::{decode_mp3, repo_path, run, stderr};
use serde_json::Value;

#[test]
fn narrates_the_example_article_to_a_measured_mp3_with_timings() {
    let dir = tempfile::tempdir().unwrap();
    let mp3 = dir.path().join("article.mp3");
    let json = dir.path().join("article.json");
    let vtt = dir.path().join("article.vtt");
    let word_vtt = dir.path().join("words.vtt");
    let example = repo_path("examples/article.html");
    let out = run(
        &[
            "narrate",
            example.to_str().unwrap(),
            "-o",
            mp3.to_str().unwrap(),
            "--timings",
            json.to_str().unwrap(),
            "--vtt",
            vtt.to_str().unwrap(),
            "--word-vtt",
            word_vtt.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));

    // Audio: a real MP3, mono, the voice's rate, at least 64 kbit/s.
    let (samples, rate) = decode_mp3(&mp3);
    assert_eq!(rate, 22050);
    let secs = samples.len() as f64 / rate as f64;
    assert!((60.0..200.0).contains(&secs), "duration {secs} s");
    let bytes = std::fs::metadata(&mp3).unwrap().len() as f64;
    assert!(
        bytes * 8.0 / secs >= 62_000.0,
        "bit rate {} bit/s",
        bytes * 8.0 / secs
    );

    // Loudness −19 LUFS ±1 and true peak ≤ −1 dBTP, measured on the decoded MP3.
    let mut meter =
        ebur128::EbuR128::new(1, rate, ebur128::Mode::I | ebur128::Mode::TRUE_PEAK).unwrap();
    meter.add_frames_f32(&samples).unwrap();
    let lufs = meter.loudness_global().unwrap();
    let peak_dbtp = 20.0 * meter.true_peak(0).unwrap().log10();
    assert!(
        (lufs + 19.0).abs() <= 1.0,
        "integrated loudness {lufs} LUFS"
    );
    assert!(peak_dbtp <= -1.0, "true peak {peak_dbtp} dBTP");

    // Not silent, and no leading/trailing silence over 0.5 s.
    let loud = |s: &f32| s.abs() > 0.01;
    let first = samples.iter().position(loud).expect("not silent");
    let last = samples.iter().rposition(loud).unwrap();
    assert!(
        first as f64 / (rate as f64) < 0.5,
        "leading silence {} s",
        first as f64 / rate as f64
    );
    let trailing = (samples.len() - 1 - last) as f64 / rate as f64;
    assert!(trailing < 0.5, "trailing silence {trailing} s");
    let voiced = samples
        .chunks(rate as usize / 10)
        .filter(|c| c.iter().any(loud))
        .count();
    assert!(
        voiced as f64 * 0.1 > secs * 0.6,
        "mostly speech: {voiced} voiced tenths of {secs} s"
    );

    // Timings: metadata, monotonic non-overlapping cues covering the audio.
    let timings: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(
        timings["meta"]["title"],
        "Riverside Park Will Grow by 40 Acres, Council Decides"
    );
    assert_eq!(timings["meta"]["byline"], "Dana Whitfield");
    let utterances = timings["utterances"].as_array().unwrap();
    assert!(utterances.len() >= 15, "{} utterances", utterances.len());
    let duration_ms = timings["duration_ms"].as_u64().unwrap();
    assert!(
        (duration_ms as f64 / 1000.0 - secs).abs() < 0.2,
        "timings say {duration_ms} ms, audio is {secs} s"
    );
    let mut previous_end = 0;
    for u in utterances {
        let (start, end) = (
            u["start_ms"].as_u64().unwrap(),
            u["end_ms"].as_u64().unwrap(),
        );
        assert_eq!(start, previous_end, "cues are contiguous: {u}");
        assert!(end > start, "{u}");
        let span = (
            u["span"]["start"].as_u64().unwrap(),
            u["span"]["end"].as_u64().unwrap(),
        );
        assert_eq!(
            (span.1 - span.0) as usize,
            u["text"].as_str().unwrap().chars().count(),
            "{u}"
        );
        assert!(!u["spoken"].as_str().unwrap().is_empty());
        previous_end = end;
    }
    assert_eq!(previous_end, duration_ms);
    assert_eq!(
        utterances[0]["text"],
        "Riverside Park Will Grow by 40 Acres, Council Decides"
    );
    // Boilerplate is not in the script; link text is.
    let all_text: String = utterances
        .iter()
        .map(|u| u["text"].as_str().unwrap().to_string() + "\n")
        .collect();
    for dropped in [
        "READ MORE",
        "CLICK HERE",
        "Sign up",
        "cookies",
        "Share on",
        "Related stories",
        "Comments",
        "Listen to this",
    ] {
        assert!(!all_text.contains(dropped), "{dropped:?} was read");
    }
    assert!(all_text.contains("according to figures released by the finance office last week"));

    // No clicks at joins: around each utterance's first and last sample of speech the
    // waveform moves smoothly (the largest step is far below a click's).
    for u in utterances.iter().skip(1) {
        let at = (u["start_ms"].as_u64().unwrap() as usize * rate as usize / 1000)
            .min(samples.len() - 1);
        let window = &samples
            [at.saturating_sub(rate as usize / 50)..(at + rate as usize / 200).min(samples.len())];
        let step = window
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0.0f32, f32::max);
        assert!(step < 0.2, "a step of {step} at {} ms", u["start_ms"]);
    }

    // WebVTT: valid header, one cue per utterance, times in order.
    let captions = std::fs::read_to_string(&vtt).unwrap();
    assert!(captions.starts_with("WEBVTT\n\n"));
    let cues: Vec<&str> = captions.lines().filter(|l| l.contains(" --> ")).collect();
    assert_eq!(cues.len(), utterances.len());
    assert!(cues[0].starts_with("00:00:00.000 --> "));

    // Words: every utterance of this article is timed word by word, each word inside
    // its utterance's speech, in order, with the article's own text, and said where
    // the audio has speech (the words of a sentence leave no long silence uncovered).
    let article_text: String = utterances
        .iter()
        .map(|u| u["text"].as_str().unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    let (mut word_count, mut voiced_frames, mut word_frames) = (0, 0, 0);
    let mut silent_words = Vec::new();
    for u in utterances {
        let words = u["words"]
            .as_array()
            .unwrap_or_else(|| panic!("no words: {u}"));
        let text: Vec<char> = u["text"].as_str().unwrap().chars().collect();
        let u_start = u["span"]["start"].as_u64().unwrap() as usize;
        let (start_ms, speech_end_ms) = (
            u["start_ms"].as_u64().unwrap(),
            u["speech_end_ms"].as_u64().unwrap(),
        );
        let mut previous_end = start_ms;
        for w in words {
            let (ws, we) = (
                w["start_ms"].as_u64().unwrap(),
                w["end_ms"].as_u64().unwrap(),
            );
            assert!(
                ws >= previous_end && we >= ws && we <= speech_end_ms,
                "{w} in {u}"
            );
            let span = (
                w["span"]["start"].as_u64().unwrap() as usize - u_start,
                w["span"]["end"].as_u64().unwrap() as usize - u_start,
            );
            let original: String = text[span.0..span.1].iter().collect();
            assert_eq!(w["text"].as_str().unwrap(), original, "{w}");
            // A word is heard: it holds speech (a breathy "h" after a pause can be
            // near silence, so not every frame).
            let at = |ms: u64| (ms as usize * rate as usize / 1000).min(samples.len());
            let frames: Vec<bool> = samples[at(ws)..at(we)]
                .chunks(rate as usize / 100)
                .map(|f| f.iter().any(|s| s.abs() > 0.02))
                .collect();
            if !frames.iter().any(|&v| v) {
                // A short reduced word ("a", 46 ms, once in a CI run) can come out of
                // the voice's noise under the threshold; a long one may not.
                assert!(we - ws < 120, "{w} is silent");
                silent_words.push(w.to_string());
            }
            voiced_frames += frames.iter().filter(|&&v| v).count();
            word_frames += frames.len();
            previous_end = we;
        }
        word_count += words.len();
    }
    assert!(word_count > 300, "{word_count} words timed");
    // Timings that missed the speech would put many words in pauses: at most one in a
    // hundred short words may be that quiet.
    assert!(
        silent_words.len() * 100 <= word_count,
        "{} of {word_count} words silent: {silent_words:?}",
        silent_words.len()
    );
    let voiced = voiced_frames as f64 / word_frames as f64;
    assert!(voiced > 0.85, "words are {voiced} speech");
    assert!(article_text.contains("$18.5 million"));
    let karaoke = std::fs::read_to_string(&word_vtt).unwrap();
    assert!(karaoke.starts_with("WEBVTT\n\n"));
    assert_eq!(
        karaoke.lines().filter(|l| l.contains(" --> ")).count(),
        utterances.len()
    );
    assert_eq!(
        karaoke.matches("<00:").count(),
        word_count - utterances.len(),
        "an inline time before each word but the first of a cue"
    );
    assert!(karaoke.contains("about <00:"), "{karaoke}");

    // Nothing else was left in the output directory (no temporary files).
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
}

#[test]
fn narrates_standard_input_to_wav_and_opus_at_a_faster_speed() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("note.out");
    let text = "Library Hours\n\nThe library will open at 9 a.m. on weekends, starting Saturday. Staff said the change costs $12,000 a year.";
    let normal = run(
        &[
            "narrate",
            "-",
            "-o",
            wav.to_str().unwrap(),
            "--format",
            "wav",
            "--quiet",
        ],
        Some(text.as_bytes()),
    );
    assert!(normal.status.success(), "{}", stderr(&normal));
    let bytes = std::fs::read(&wav).unwrap();
    assert_eq!(&bytes[..4], b"RIFF");
    assert_eq!(u32::from_le_bytes(bytes[24..28].try_into().unwrap()), 22050);
    let normal_len = bytes.len();

    let fast = run(
        &[
            "narrate",
            "-",
            "-o",
            wav.to_str().unwrap(),
            "--format",
            "wav",
            "--speed",
            "1.5",
            "-q",
        ],
        Some(text.as_bytes()),
    );
    assert!(fast.status.success(), "{}", stderr(&fast));
    let fast_len = std::fs::read(&wav).unwrap().len();
    let ratio = fast_len as f64 / normal_len as f64;
    assert!(
        (0.5..0.85).contains(&ratio),
        "1.5× speed gave {ratio} of the length"
    );
}
