//! How fast each voice speaks on this machine, measured (`aloud voices --measure`) and
//! kept in `<data dir>/voice-speeds.json`, so `aloud voices` and `GET /v1/voices` can
//! say it without synthesizing anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use aloud_voice::{Schedule, SessionPlan, VoiceInfo};
use serde::{Deserialize, Serialize};

use crate::{script_for_text, AtomicFile, Narrator};

/// The paragraph every voice reads for its measurement: news prose of some length,
/// with a number and a name, so the figure is a real narration's.
const SAMPLE: &str = "The city council voted on Tuesday to expand Riverside Park by \
nearly forty acres, ending a debate that has run for three years. Work on the new \
wetlands and walking trails will begin in the spring, and the first section should \
open to visitors before the end of next summer, the mayor's office said.";

/// One voice's measured speed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct VoiceSpeed {
    /// Seconds of synthesis per second of audio (below 1: faster than real time).
    pub realtime_factor: f64,
    /// The cores the measurement ran on.
    pub cores: usize,
    /// When, in seconds since 1970.
    pub measured_at: u64,
}

fn speeds_path(data_dir: &Path) -> PathBuf {
    data_dir.join("voice-speeds.json")
}

/// The speeds measured so far, by voice name (none when nothing was measured, or the
/// file is unreadable: it is a cache of measurements, not configuration).
pub fn measured_speeds(data_dir: &Path) -> BTreeMap<String, VoiceSpeed> {
    std::fs::read(speeds_path(data_dir))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Measures how fast `info` speaks here: it reads a news paragraph (after a short
/// warm-up, which pays for the first run's allocations) with `plan`, the voice loaded
/// beforehand, and records the result beside the others.
pub fn measure_speed(
    info: VoiceInfo,
    data_dir: &Path,
    plan: SessionPlan,
) -> crate::error::Result<VoiceSpeed> {
    let name = info.name.clone();
    let narrator = Narrator::load(info, data_dir, plan)?;
    let options = aloud_script::ScriptOptions {
        language: Some(narrator.voice().info.language.clone()),
        ..Default::default()
    };
    let read =
        |script| narrator.narrate_cached(script, 1.0, &crate::NoCache, Schedule::Balanced, |_| {});
    let warm_up = script_for_text("A short warm-up.", options.clone())?;
    let script = script_for_text(SAMPLE, options)?;
    read(&warm_up)?;
    let started = Instant::now();
    let (narration, _, _) = read(&script)?;
    let elapsed = started.elapsed().as_secs_f64();
    let audio = narration.samples.len() as f64 / f64::from(narration.sample_rate.max(1));
    if audio <= 0.0 {
        return Err(crate::PipelineError::Empty("the voice made no audio"));
    }
    let speed = VoiceSpeed {
        realtime_factor: elapsed / audio,
        cores: aloud_voice::available_cores(),
        measured_at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
    };
    let mut speeds = measured_speeds(data_dir);
    speeds.insert(name, speed);
    AtomicFile::create(&speeds_path(data_dir))?
        .commit(&serde_json::to_vec_pretty(&speeds).expect("speeds serialize"))?;
    Ok(speed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speeds_round_trip_and_a_broken_file_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(measured_speeds(dir.path()).is_empty());
        let speed = VoiceSpeed {
            realtime_factor: 0.31,
            cores: 2,
            measured_at: 1,
        };
        let speeds = BTreeMap::from([("af_heart".to_string(), speed)]);
        std::fs::write(
            speeds_path(dir.path()),
            serde_json::to_vec(&speeds).unwrap(),
        )
        .unwrap();
        assert_eq!(measured_speeds(dir.path()), speeds);
        std::fs::write(speeds_path(dir.path()), b"{not json").unwrap();
        assert!(measured_speeds(dir.path()).is_empty());
    }
}
