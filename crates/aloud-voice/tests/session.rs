//! The real voice on the real ONNX Runtime: the session starts without static
//! memory-reuse planning, and one session serves several runs at once.

use aloud_voice::{data_dir, find_voice, onnxruntime_library, PiperSession, Voice, DEFAULT_VOICE};

fn voice() -> Voice {
    Voice::load(find_voice(&data_dir(), DEFAULT_VOICE).expect("voice installed (scripts/setup.sh)"))
        .unwrap()
}

fn session(voice: &Voice) -> PiperSession {
    PiperSession::load(&onnxruntime_library(&data_dir()), &voice.info.model_path, 1).unwrap()
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
fn one_session_runs_utterances_concurrently() {
    let voice = voice();
    let session = session(&voice);
    let scales = voice.scales(1.0).unwrap();
    let short = voice.phoneme_ids("Good morning.").unwrap();
    let long = voice
        .phoneme_ids("The council will meet again on Thursday to decide what the park is called.")
        .unwrap();
    let sequential_long = session.infer(&long, scales).unwrap();
    // Four runs at once on the one session, two of each text.
    let outputs: Vec<Vec<f32>> = std::thread::scope(|scope| {
        let runs: Vec<_> = [&short, &long, &short, &long]
            .into_iter()
            .map(|ids| scope.spawn(|| session.infer(ids, scales).unwrap()))
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let secs = |samples: &[f32]| samples.len() as f32 / voice.sample_rate() as f32;
    for (i, out) in outputs.iter().enumerate() {
        assert!(out.iter().all(|s| s.is_finite()), "run {i}: not finite");
        assert!(rms(out) > 0.01, "run {i}: silent (rms {})", rms(out));
    }
    // The voice samples its durations, so lengths vary a little from run to run; the
    // long text still takes several times as long as the short one.
    for short_out in [&outputs[0], &outputs[2]] {
        assert!(
            (0.3..2.5).contains(&secs(short_out)),
            "short: {} s",
            secs(short_out)
        );
    }
    for long_out in [&outputs[1], &outputs[3]] {
        assert!(
            secs(long_out) > 2.0 * secs(&outputs[0]),
            "long: {} s",
            secs(long_out)
        );
        let ratio = secs(long_out) / secs(&sequential_long);
        assert!(
            (0.8..1.25).contains(&ratio),
            "concurrent vs sequential: {ratio}"
        );
    }
}
