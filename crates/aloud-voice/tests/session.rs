//! The real voice on the real ONNX Runtime: the session starts without static
//! memory-reuse planning, one session serves several runs at once, and the optimized
//! graph is kept for the next start (and replaced when damaged or stale).

use aloud_voice::{
    data_dir, find_voice, onnxruntime_library, ModelSource, OptimizedModels, PiperSession,
    SessionThreads, Voice, DEFAULT_VOICE,
};

fn voice() -> Voice {
    Voice::load(find_voice(&data_dir(), DEFAULT_VOICE).expect("voice installed (scripts/setup.sh)"))
        .unwrap()
}

fn session(voice: &Voice) -> PiperSession {
    load(voice, None)
}

fn load(voice: &Voice, optimized: Option<&OptimizedModels>) -> PiperSession {
    let library = onnxruntime_library(&data_dir());
    PiperSession::load(
        &library,
        &voice.info.model_path,
        SessionThreads::spinning(1),
        optimized,
    )
    .unwrap()
}

/// The `.onnx` files in `dir`, sorted.
fn graphs(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "onnx"))
        .collect();
    files.sort();
    files
}

/// Seconds of audio the session makes of a short sentence.
fn speaks(voice: &Voice, session: &PiperSession) -> f32 {
    let ids = voice.phoneme_ids("The park opens in May.").unwrap();
    let samples = session
        .infer(&ids, voice.scales(1.0).unwrap())
        .unwrap()
        .samples;
    assert!(rms(&samples) > 0.01, "silent");
    samples.len() as f32 / voice.sample_rate() as f32
}

/// Root mean square of `samples`.
fn rms(samples: &[f32]) -> f32 {
    (samples.iter().map(|s| s * s).sum::<f32>() / samples.len().max(1) as f32).sqrt()
}

#[test]
fn the_pinned_runtime_is_recognized_and_memory_reuse_planning_turned_off() {
    // If this fails after an ONNX Runtime upgrade, the probe in piper.rs no longer
    // recognizes the options layout: narration still works, but every session takes
    // about a second longer to create.
    let voice = voice();
    assert!(!session(&voice).plans_memory_reuse());
}

#[test]
fn the_optimized_graph_is_saved_once_then_loaded_and_replaced_when_damaged() {
    let voice = voice();
    let dir = tempfile::tempdir().unwrap();
    let cache = OptimizedModels {
        dir: dir.path().join("optimized"),
    };
    std::fs::create_dir_all(&cache.dir).unwrap();
    // Left by an older runtime or model: removed once the current graph is written.
    let stale = cache
        .dir
        .join(format!("{}.0123456789abcdef.onnx", voice.info.name));
    std::fs::write(&stale, b"old").unwrap();

    let first = load(&voice, Some(&cache));
    assert_eq!(first.source(), ModelSource::Original);
    let saved = graphs(&cache.dir);
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_ne!(saved[0], stale);
    let original_secs = speaks(&voice, &first);

    let second = load(&voice, Some(&cache));
    assert_eq!(second.source(), ModelSource::Optimized);
    assert!(!second.plans_memory_reuse());
    let optimized_secs = speaks(&voice, &second);
    let ratio = optimized_secs / original_secs;
    assert!(
        (0.8..1.25).contains(&ratio),
        "{optimized_secs} s vs {original_secs} s"
    );

    // A damaged file is not trusted: the voice's own model is loaded and the graph
    // written again.
    std::fs::write(&saved[0], b"not a model").unwrap();
    let third = load(&voice, Some(&cache));
    assert_eq!(third.source(), ModelSource::Original);
    speaks(&voice, &third);
    assert_eq!(graphs(&cache.dir), saved);
    assert_eq!(load(&voice, Some(&cache)).source(), ModelSource::Optimized);
}

#[test]
fn an_unwritable_cache_only_costs_the_optimization() {
    let voice = voice();
    let dir = tempfile::tempdir().unwrap();
    // A file where the cache directory should be: nothing can be saved there.
    let blocked = dir.path().join("optimized");
    std::fs::write(&blocked, b"").unwrap();
    let cache = OptimizedModels { dir: blocked };
    let session = load(&voice, Some(&cache));
    assert_eq!(session.source(), ModelSource::Original);
    speaks(&voice, &session);
}

#[test]
fn a_pool_in_order_finishes_the_first_utterance_first_and_every_one_once() {
    use aloud_voice::{Schedule, SessionPlan, SynthesisPool};
    let texts: Vec<String> = [
        "The council voted on Tuesday to expand the park by nearly forty acres.",
        "Good evening.",
        "Work begins in May.",
        "Residents may comment until the end of the month, in person or online.",
    ]
    .map(String::from)
    .to_vec();
    let speeds = vec![1.0; texts.len()];
    let library = onnxruntime_library(&data_dir());
    let pool = SynthesisPool::new(voice(), &library, None, SessionPlan::for_streaming(2)).unwrap();
    for schedule in [Schedule::InOrder, Schedule::Balanced] {
        let mut finished = Vec::new();
        pool.synthesize(&texts, &speeds, schedule, |i, pcm| {
            assert!(
                rms(&pcm.samples) > 0.01,
                "{schedule:?}: utterance {i} silent"
            );
            finished.push(i);
        })
        .unwrap();
        if schedule == Schedule::InOrder {
            // The first utterance runs alone, so a stream can start with it (run
            // beside the second, a much shorter one, it would finish after it).
            assert_eq!(finished[0], 0, "{finished:?}");
        }
        finished.sort();
        assert_eq!(finished, vec![0, 1, 2, 3], "{schedule:?}");
    }
}

#[test]
fn concurrent_runs_on_one_session_match_sequential_ones_bit_for_bit() {
    // Without sampling noise the model is deterministic, so any interference between
    // runs sharing the session would show as a differing sample. Both thread plans:
    // single-threaded runs (`aloud narrate`) and runs sharing two threads (the server).
    let voice = voice();
    let library = onnxruntime_library(&data_dir());
    let scales = [0.0, 1.0, 0.0];
    let texts = [
        "The council voted on Tuesday to expand the park by nearly forty acres.",
        "Good evening.",
        "Residents may comment until the end of the month, in person or online.",
        "Work begins in May.",
    ];
    let ids: Vec<Vec<i64>> = texts
        .iter()
        .map(|t| voice.phoneme_ids(t).unwrap())
        .collect();
    let rounds: usize = std::env::var("ALOUD_TEST_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(4);
    for threads in [
        SessionThreads::spinning(1),
        SessionThreads {
            intra: 2,
            spin: false,
        },
    ] {
        let session = PiperSession::load(&library, &voice.info.model_path, threads, None).unwrap();
        let reference: Vec<Vec<f32>> = ids
            .iter()
            .map(|i| session.infer(i, scales).unwrap().samples)
            .collect();
        for out in &reference {
            assert!(rms(out) > 0.01, "{threads:?}: silent");
        }
        std::thread::scope(|scope| {
            for lane in 0..3 {
                let (ids, reference, session) = (&ids, &reference, &session);
                scope.spawn(move || {
                    for round in 0..rounds {
                        let k = (round + lane) % ids.len();
                        let out = session.infer(&ids[k], scales).unwrap().samples;
                        assert!(
                            out == reference[k],
                            "{threads:?}, lane {lane}, round {round}: text {k} differs"
                        );
                    }
                });
            }
        });
    }
}

/// What a pool of `name` makes of `texts` at `speed`: one clip each, in input order.
fn pool_speaks(name: &str, texts: &[&str], speed: f32) -> (u32, Vec<Vec<f32>>) {
    let (rate, pcm) = pool_says(name, texts, speed);
    (rate, pcm.into_iter().map(|p| p.samples).collect())
}

/// [`pool_speaks`], with the words' timings.
fn pool_says(name: &str, texts: &[&str], speed: f32) -> (u32, Vec<aloud_voice::Pcm>) {
    let info = find_voice(&data_dir(), name).expect("voice installed (scripts/setup.sh)");
    let voice = Voice::load(info).unwrap();
    let rate = voice.sample_rate();
    let pool = aloud_voice::SynthesisPool::new(
        voice,
        &onnxruntime_library(&data_dir()),
        None,
        aloud_voice::SessionPlan::for_streaming(2),
    )
    .unwrap();
    let texts: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
    let mut clips = vec![aloud_voice::Pcm::default(); texts.len()];
    pool.synthesize(
        &texts,
        &vec![speed; texts.len()],
        aloud_voice::Schedule::InOrder,
        |i, pcm| {
            assert_eq!(pcm.sample_rate, rate);
            clips[i] = pcm;
        },
    )
    .unwrap();
    (rate, clips)
}

#[test]
fn kokoro_voices_speak_at_24_khz_and_at_the_asked_speed() {
    let info =
        find_voice(&data_dir(), "af_heart").expect("Kokoro voices installed (scripts/setup.sh)");
    assert_eq!(info.engine, aloud_voice::Engine::Kokoro);
    let text = "The park opens in May.";
    let (rate, normal) = pool_speaks("af_heart", &[text, ""], 1.0);
    assert_eq!(rate, 24_000);
    assert!(rms(&normal[0]) > 0.01, "silent");
    assert!(normal[1].is_empty(), "nothing to say, no audio");
    let seconds = normal[0].len() as f32 / rate as f32;
    assert!((0.8..4.0).contains(&seconds), "{seconds} s for five words");
    let (_, fast) = pool_speaks("af_heart", &[text], 2.0);
    assert!(
        (fast[0].len() as f32) < normal[0].len() as f32 * 0.75,
        "twice as fast: {} against {} samples",
        fast[0].len(),
        normal[0].len()
    );
    // A British voice phonemizes with espeak-ng's British English.
    let emma = Voice::load(find_voice(&data_dir(), "bf_emma").unwrap()).unwrap();
    assert!(emma.phonemize("home").unwrap().contains("əʊ"));
    // A sentence too long for one run is split at a space, not cut short.
    let long =
        ["The council met again on Tuesday evening to talk about the harbour wall"; 8].join(", ");
    let (_, clips) = pool_speaks("am_michael", &[long.as_str()], 1.0);
    let seconds = clips[0].len() as f32 / rate as f32;
    assert!(seconds > 25.0, "{seconds} s for 112 words");
}

#[test]
fn a_kokoro_session_keeps_its_optimized_graph_for_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let cache = OptimizedModels {
        dir: dir.path().to_path_buf(),
    };
    let info =
        find_voice(&data_dir(), "af_heart").expect("Kokoro voices installed (scripts/setup.sh)");
    let library = onnxruntime_library(&data_dir());
    let load = || {
        aloud_voice::KokoroSession::load(
            &library,
            &info.model_path,
            SessionThreads::spinning(1),
            Some(&cache),
        )
        .unwrap()
    };
    assert_eq!(load().source(), ModelSource::Original);
    assert_eq!(graphs(dir.path()).len(), 1, "the optimized graph is saved");
    assert_eq!(load().source(), ModelSource::Optimized);
}

#[test]
fn both_engines_time_every_word_from_their_own_durations() {
    let text = "On Tuesday, the café's owners paid two point five billion dollars; nobody knew.";
    let words: Vec<usize> = {
        // Where each word starts, in characters.
        let chars: Vec<char> = text.chars().collect();
        (0..chars.len())
            .filter(|&i| chars[i].is_alphanumeric() && (i == 0 || chars[i - 1] == ' '))
            .collect()
    };
    for (name, speed) in [
        (aloud_voice::DEFAULT_VOICE, 1.0),
        (aloud_voice::DEFAULT_VOICE, 1.5),
        ("af_heart", 1.0),
    ] {
        let (rate, pcm) = pool_says(name, &[text], speed);
        let pcm = &pcm[0];
        let timed = pcm
            .words
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: no word timings"));
        let starts: Vec<usize> = timed.iter().map(|w| w.char_start).collect();
        assert_eq!(starts, words, "{name}: one timing per word, in order");
        for pair in timed.windows(2) {
            assert!(
                pair[0].start <= pair[0].end && pair[0].end <= pair[1].start,
                "{name}: {pair:?}"
            );
        }
        let last = timed.last().unwrap();
        assert!(last.end <= pcm.samples.len(), "{name}: inside the audio");
        // The words fill the audio but for its edges and the pauses between clauses.
        let said: usize = timed.iter().map(|w| w.end - w.start).sum();
        let share = said as f32 / pcm.samples.len() as f32;
        assert!(
            (0.6..1.0).contains(&share),
            "{name}: words cover {share} of the audio"
        );
        // Short words are short: "the" takes less than "Tuesday".
        let ms = |w: &aloud_voice::WordAudio| (w.end - w.start) as f32 * 1000.0 / rate as f32;
        assert!(
            ms(&timed[2]) < ms(&timed[1]),
            "{name}: the {} ms, Tuesday {} ms",
            ms(&timed[2]),
            ms(&timed[1])
        );
    }
    // Written phonemes (a lexicon's) leave the utterance with its sentence timing.
    let (_, pcm) = pool_says(aloud_voice::DEFAULT_VOICE, &["Hello ⟦nˈiːv⟧ there."], 1.0);
    assert!(pcm[0].words.is_none());
    assert!(!pcm[0].samples.is_empty());
}
