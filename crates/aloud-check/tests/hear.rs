//! The real recognizer hears the real voice: a clean sentence is heard as meant, a word
//! the voice is told to say as another word is named, and a rule that makes a common
//! word sound unlike itself is named as the rule's doing.

use aloud_check::{Checker, MeantWord, SuspectKind};
use aloud_voice::{
    data_dir, find_voice, onnxruntime_library, PiperSession, SessionThreads, Voice, DEFAULT_VOICE,
};

fn voice() -> Voice {
    Voice::load(find_voice(&data_dir(), DEFAULT_VOICE).expect("voice installed (scripts/setup.sh)"))
        .unwrap()
}

fn checker() -> Checker {
    Checker::load(&data_dir(), "en_US", 1).expect("recognizer installed (scripts/setup.sh)")
}

/// The voice saying `spoken`.
fn say(voice: &Voice, spoken: &str) -> Vec<f32> {
    let session = PiperSession::load(
        &onnxruntime_library(&data_dir()),
        &voice.info.model_path,
        SessionThreads::spinning(1),
        None,
    )
    .unwrap();
    let ids = voice.phoneme_ids(spoken).unwrap();
    session
        .infer(&ids, voice.scales(1.0).unwrap())
        .unwrap()
        .samples
}

/// Word groups written and spoken alike.
fn plain_words(text: &str) -> Vec<MeantWord> {
    text.split_whitespace()
        .map(|w| MeantWord {
            written: w.into(),
            spoken: w.into(),
            plain: None,
        })
        .collect()
}

#[test]
fn a_clean_sentence_is_heard_as_meant() {
    let voice = voice();
    let text = "The river flooded the town after three days of heavy rain.";
    let hearing = checker()
        .hear(
            &voice,
            &plain_words(text),
            &say(&voice, text),
            voice.sample_rate(),
        )
        .unwrap();
    assert!(hearing.score >= 0.9, "{hearing:?}");
    assert!(hearing.suspects.is_empty(), "{hearing:?}");
    assert!(!hearing.wants_retake());
    assert!(
        hearing.heard.to_lowercase().contains("flooded"),
        "{hearing:?}"
    );
}

#[test]
fn a_word_said_as_another_is_named_and_asks_for_a_retake() {
    let voice = voice();
    let meant = "The river flooded the town after three days of heavy rain.";
    let said = "The river flooded the town after three days of heavy paperwork.";
    let hearing = checker()
        .hear(
            &voice,
            &plain_words(meant),
            &say(&voice, said),
            voice.sample_rate(),
        )
        .unwrap();
    assert!(hearing.wants_retake(), "{hearing:?}");
    let named: Vec<&str> = hearing
        .suspects
        .iter()
        .map(|s| s.written.as_str())
        .collect();
    assert_eq!(named, ["rain."], "{hearing:?}");
    assert_eq!(hearing.suspects[0].kind, SuspectKind::Unclear);
}

#[test]
fn a_rule_that_makes_a_common_word_sound_unlike_itself_is_named() {
    let voice = voice();
    // An article rule says "river" as /ˈteɪbəl/ ("table").
    let mut meant = plain_words("The river flooded the town after three days of heavy rain.");
    meant[1].spoken = "⟦tˈeɪbəl⟧".into();
    meant[1].plain = Some("river".into());
    let spoken: Vec<&str> = meant.iter().map(|w| w.spoken.as_str()).collect();
    let hearing = checker()
        .hear(
            &voice,
            &meant,
            &say(&voice, &spoken.join(" ")),
            voice.sample_rate(),
        )
        .unwrap();
    let named: Vec<(&str, SuspectKind)> = hearing
        .suspects
        .iter()
        .map(|s| (s.written.as_str(), s.kind))
        .collect();
    assert_eq!(named, [("river", SuspectKind::Rule)], "{hearing:?}");
    // The voice said what it was told: another take would not help.
    assert!(!hearing.wants_retake(), "{hearing:?}");
}

#[test]
fn without_its_files_the_checker_says_what_is_missing() {
    let empty = tempfile::tempdir().unwrap();
    let why = Checker::load(empty.path(), "en_US", 1)
        .err()
        .unwrap()
        .to_string();
    assert!(
        why.contains("not installed") && why.contains("setup.sh"),
        "{why}"
    );
    let why = Checker::load(&data_dir(), "de_DE", 1)
        .err()
        .unwrap()
        .to_string();
    assert!(why.contains("English only"), "{why}");
}

/// Words of `a` in order in `b` too (longest common subsequence), over the longer's.
fn shared_words(a: &str, b: &str) -> f32 {
    let (a, b): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            lcs[i][j] = if a[i - 1] == b[j - 1] {
                lcs[i - 1][j - 1] + 1
            } else {
                lcs[i - 1][j].max(lcs[i][j - 1])
            };
        }
    }
    lcs[a.len()][b.len()] as f32 / a.len().max(b.len()).max(1) as f32
}

/// The draft decides how many tokens a decoder run checks, not which are decoded: the
/// transcript is greedy decoding's. Only near-ties may fall otherwise, since int8
/// activations are quantized per run and a run's other guesses nudge the scale (seen:
/// "lens" once heard "slens"), so at most one word in ten may differ.
#[test]
fn a_draft_changes_how_fast_it_hears_not_what() {
    let voice = voice();
    let text = "Volunteers spent the winter restoring its lens, a two-ton assembly of glass prisms made in France in 1898.";
    let audio =
        aloud_audio::encode::resample(&say(&voice, text), voice.sample_rate(), 16_000).unwrap();
    let recognizer = checker();
    let recognizer = recognizer.recognizer();
    let greedy = recognizer.transcribe(&audio, "").unwrap();
    assert!(
        greedy.contains("Volunteers") && greedy.contains("1898"),
        "{greedy}"
    );
    for draft in [
        text,
        "Volunteers spent the summer restoring the lens, an assembly of prisms made in 1898.",
        "Something else entirely.",
    ] {
        let heard = recognizer.transcribe(&audio, draft).unwrap();
        assert!(
            shared_words(&heard, &greedy) >= 0.9,
            "draft {draft:?}: {heard:?} against {greedy:?}"
        );
    }
}
