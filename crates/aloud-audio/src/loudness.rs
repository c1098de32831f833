//! Loudness normalization to a broadcast-style target, measured with a real EBU R128
//! meter (`ebur128`), with a look-ahead peak limiter so gain never pushes the true peak
//! over the ceiling.

use ebur128::{EbuR128, Mode};

use crate::AudioError;

/// Integrated loudness target (LUFS) and true-peak ceiling (dBTP).
pub const TARGET_LUFS: f64 = -19.0;
pub const CEILING_DBTP: f64 = -1.0;
/// The limiter works a little below the ceiling: MP3 encoding adds a few tenths of a dB.
pub const LIMITER_DBFS: f64 = -2.0;

/// Integrated loudness (LUFS) and true peak (dBTP) of mono `samples`.
pub fn measure(samples: &[f32], sample_rate: u32) -> Result<(f64, f64), AudioError> {
    Ok((
        loudness(samples, sample_rate)?,
        true_peak(samples, sample_rate)?,
    ))
}

fn meter(samples: &[f32], sample_rate: u32, mode: Mode) -> Result<EbuR128, AudioError> {
    let meter_err = |e: ebur128::Error| AudioError::Meter(format!("{e:?}"));
    let mut meter = EbuR128::new(1, sample_rate, mode).map_err(meter_err)?;
    meter.add_frames_f32(samples).map_err(meter_err)?;
    Ok(meter)
}

/// Integrated loudness (LUFS); −∞ for silence.
pub fn loudness(samples: &[f32], sample_rate: u32) -> Result<f64, AudioError> {
    meter(samples, sample_rate, Mode::I)?
        .loudness_global()
        .map_err(|e| AudioError::Meter(format!("{e:?}")))
}

/// True peak (dBTP), from the meter's 4× oversampling.
pub fn true_peak(samples: &[f32], sample_rate: u32) -> Result<f64, AudioError> {
    let peak = meter(samples, sample_rate, Mode::TRUE_PEAK)?
        .true_peak(0)
        .map_err(|e| AudioError::Meter(format!("{e:?}")))?;
    Ok(20.0 * peak.max(1e-9).log10())
}

/// Brings `samples` to [`TARGET_LUFS`] with true peak ≤ [`CEILING_DBTP`]. Silence is
/// left as it is. Returns the final (LUFS, dBTP).
///
/// Gain is linear, so one loudness reading gives the gain exactly; limiting then lowers
/// loudness a little, so gain and limiter alternate until loudness is within 0.05 LU
/// (the cheap integrated measurement only). The costlier true-peak measurement runs
/// once at the end; inter-sample peaks can exceed the sample-peak limit, and where
/// they do, the limiter's threshold is lowered by the excess and the loop repeats.
pub fn normalize(samples: &mut [f32], sample_rate: u32) -> Result<(f64, f64), AudioError> {
    let mut lufs = loudness(samples, sample_rate)?;
    if !lufs.is_finite() {
        return Ok((lufs, f64::NEG_INFINITY));
    }
    let headroom_target = CEILING_DBTP - 0.3;
    let mut limiter_db = LIMITER_DBFS;
    let mut peak = f64::INFINITY;
    for _ in 0..4 {
        for _ in 0..4 {
            let gain = 10f64.powf((TARGET_LUFS - lufs) / 20.0) as f32;
            samples.iter_mut().for_each(|s| *s *= gain);
            limit(samples, sample_rate, 10f64.powf(limiter_db / 20.0) as f32);
            lufs = loudness(samples, sample_rate)?;
            if (lufs - TARGET_LUFS).abs() < 0.05 {
                break;
            }
        }
        peak = true_peak(samples, sample_rate)?;
        if peak <= headroom_target {
            break;
        }
        limiter_db -= peak - headroom_target + 0.1;
    }
    Ok((lufs, peak))
}

/// Renders a narration at a gain and limiter threshold, a piece at a time, into a sink.
pub type Render<'a> = dyn Fn(f32, f32, &mut dyn FnMut(&[f32]) -> Result<(), AudioError>) -> Result<(), AudioError>
    + 'a;

/// The gain and limiter threshold [`normalize`] would reach, for a narration that is
/// rendered piece by piece rather than held (`render(gain, threshold, sink)` sends it
/// in order to `sink`; [`crate::Spool::render`]): each round renders it again to the
/// meter. Gain applies to the raw samples and the limiter once after it, where
/// [`normalize`] limits what the previous round limited; the targets are the same.
/// Returns (gain, threshold, LUFS, dBTP); silence gets gain 1 and no limiter.
pub fn normalize_rendered(
    sample_rate: u32,
    render: &Render<'_>,
) -> Result<(f32, f32, f64, f64), AudioError> {
    let meter_err = |e: ebur128::Error| AudioError::Meter(format!("{e:?}"));
    let measure = |gain: f32, threshold: f32, mode: Mode| -> Result<EbuR128, AudioError> {
        let mut meter = EbuR128::new(1, sample_rate, mode).map_err(meter_err)?;
        render(gain, threshold, &mut |piece| {
            meter.add_frames_f32(piece).map_err(meter_err)
        })?;
        Ok(meter)
    };
    let loudness_at = |gain: f32, threshold: f32| -> Result<f64, AudioError> {
        measure(gain, threshold, Mode::I)?
            .loudness_global()
            .map_err(meter_err)
    };
    let mut lufs = loudness_at(1.0, f32::INFINITY)?;
    if !lufs.is_finite() {
        return Ok((1.0, f32::INFINITY, lufs, f64::NEG_INFINITY));
    }
    let headroom_target = CEILING_DBTP - 0.3;
    let mut limiter_db = LIMITER_DBFS;
    let mut gain = 1f32;
    let mut peak = f64::INFINITY;
    let threshold = |db: f64| 10f64.powf(db / 20.0) as f32;
    for _ in 0..4 {
        for _ in 0..4 {
            gain *= 10f64.powf((TARGET_LUFS - lufs) / 20.0) as f32;
            lufs = loudness_at(gain, threshold(limiter_db))?;
            if (lufs - TARGET_LUFS).abs() < 0.05 {
                break;
            }
        }
        let tp = measure(gain, threshold(limiter_db), Mode::TRUE_PEAK)?
            .true_peak(0)
            .map_err(meter_err)?;
        peak = 20.0 * tp.max(1e-9).log10();
        if peak <= headroom_target {
            break;
        }
        limiter_db -= peak - headroom_target + 0.1;
    }
    Ok((gain, threshold(limiter_db), lufs, peak))
}

/// Look-ahead limiter: the gain needed at each sample is spread over ±2.5 ms (minimum
/// filter) and then smoothed (moving average over half that window), which keeps the
/// gain at every sample at or below what that sample needs, without clicks.
///
/// A sample's gain can only differ from 1 within reach of a sample over the threshold
/// (±2.5 ms spread plus ±1.25 ms smoothing), so only the stretches around such samples
/// are processed; for speech that is a small part of the signal, and the result is the
/// same as processing all of it (tested).
pub fn limit(samples: &mut [f32], sample_rate: u32, threshold: f32) {
    // 2.5 ms. Padding on each side of an over-threshold sample: its own reach, then
    // as much again, so the window and average at a stretch's edges see only unit gains.
    let half = (sample_rate as usize * 25 / 10_000).max(1);
    let pad = 2 * (half + half / 2) + 1;
    let over: Vec<usize> = samples
        .iter()
        .enumerate()
        .filter(|(_, s)| s.abs() > threshold)
        .map(|(i, _)| i)
        .collect();
    // Runs of over-threshold samples close enough for their reaches to meet.
    let mut stretches: Vec<(usize, usize)> = Vec::new();
    for &i in &over {
        match stretches.last_mut() {
            Some((_, last)) if i - *last <= 2 * pad => *last = i,
            _ => stretches.push((i, i)),
        }
    }
    for (first, last) in stretches {
        let start = first.saturating_sub(pad);
        let end = (last + pad + 1).min(samples.len());
        limit_stretch(&mut samples[start..end], half, threshold);
    }
}

/// [`limit`] on one stretch of samples, all of it.
fn limit_stretch(samples: &mut [f32], half: usize, threshold: f32) {
    let need: Vec<f32> = samples
        .iter()
        .map(|s| {
            if s.abs() > threshold {
                threshold / s.abs()
            } else {
                1.0
            }
        })
        .collect();
    let spread = sliding_min(&need, half);
    let smooth_half = half / 2;
    let mut prefix = vec![0f64; spread.len() + 1];
    for (i, g) in spread.iter().enumerate() {
        prefix[i + 1] = prefix[i] + *g as f64;
    }
    for (i, s) in samples.iter_mut().enumerate() {
        let (a, b) = (
            i.saturating_sub(smooth_half),
            (i + smooth_half + 1).min(spread.len()),
        );
        let gain = ((prefix[b] - prefix[a]) / (b - a) as f64) as f32;
        *s *= gain.min(need[i]);
    }
}

/// Minimum of `values` over a window of ±`half` around each index (monotonic deque).
fn sliding_min(values: &[f32], half: usize) -> Vec<f32> {
    let n = values.len();
    let mut out = vec![0.0; n];
    let mut deque: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    let mut next = 0;
    for (i, slot) in out.iter_mut().enumerate() {
        let hi = (i + half).min(n - 1);
        while next <= hi {
            while deque.back().is_some_and(|&j| values[j] >= values[next]) {
                deque.pop_back();
            }
            deque.push_back(next);
            next += 1;
        }
        while deque.front().is_some_and(|&j| j + half < i) {
            deque.pop_front();
        }
        *slot = values[*deque.front().expect("window is never empty")];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Speech-like test signal: bursts of a harmonic tone with loud transients.
    fn signal(rate: u32) -> Vec<f32> {
        (0..rate as usize * 6)
            .map(|i| {
                let t = i as f32 / rate as f32;
                let burst = if (t * 2.0).fract() < 0.6 { 1.0 } else { 0.0 };
                let spike = if i % 5000 < 20 { 0.9 } else { 0.0 };
                burst * (0.05 * (t * 2.0 * std::f32::consts::PI * 180.0).sin() + spike)
            })
            .collect()
    }

    #[test]
    fn reaches_target_loudness_under_the_peak_ceiling() {
        let rate = 22050;
        let mut s = signal(rate);
        let (lufs, peak) = normalize(&mut s, rate).unwrap();
        assert!((lufs - TARGET_LUFS).abs() <= 0.5, "{lufs}");
        assert!(peak <= CEILING_DBTP, "{peak}");
        let (again_lufs, again_peak) = measure(&s, rate).unwrap();
        assert!((again_lufs - lufs).abs() < 1e-6 && (again_peak - peak).abs() < 1e-6);
    }

    #[test]
    fn a_rendered_narration_reaches_the_same_targets() {
        let rate = 22050;
        let raw = signal(rate);
        let render =
            |gain: f32, threshold: f32, sink: &mut dyn FnMut(&[f32]) -> Result<(), AudioError>| {
                for piece in raw.chunks(5000) {
                    let mut piece: Vec<f32> = piece.iter().map(|x| x * gain).collect();
                    if threshold.is_finite() {
                        limit(&mut piece, rate, threshold);
                    }
                    sink(&piece)?;
                }
                Ok(())
            };
        let (gain, threshold, lufs, peak) = normalize_rendered(rate, &render).unwrap();
        assert!((lufs - TARGET_LUFS).abs() <= 0.5, "{lufs}");
        assert!(peak <= CEILING_DBTP, "{peak}");
        // What it reports is what the rendered samples measure.
        let mut out = Vec::new();
        render(gain, threshold, &mut |p| {
            out.extend_from_slice(p);
            Ok(())
        })
        .unwrap();
        let (measured_lufs, measured_peak) = measure(&out, rate).unwrap();
        assert!(
            (measured_lufs - lufs).abs() < 0.01,
            "{measured_lufs} {lufs}"
        );
        assert!(measured_peak <= CEILING_DBTP, "{measured_peak}");
        // Silence: no gain, no limiter.
        let quiet = |_: f32, _: f32, sink: &mut dyn FnMut(&[f32]) -> Result<(), AudioError>| {
            sink(&[0.0; 1000])
        };
        let (gain, threshold, ..) = normalize_rendered(rate, &quiet).unwrap();
        assert_eq!((gain, threshold), (1.0, f32::INFINITY));
    }

    #[test]
    fn silence_is_left_alone() {
        let mut s = vec![0.0f32; 22050];
        let (lufs, _) = normalize(&mut s, 22050).unwrap();
        assert!(!lufs.is_finite());
        assert!(s.iter().all(|&x| x == 0.0));
    }

    #[test]
    fn limiting_stretches_equals_limiting_everything() {
        let rate = 22050;
        // Quiet speech-like bursts with a few loud transients far apart and a cluster
        // close together, one at the very start and one at the very end.
        let mut s: Vec<f32> = signal(rate).iter().map(|x| x * 0.5).collect();
        let n = s.len();
        for &i in &[0, 900, 1_000, 1_150, 40_000, 90_000, 90_200, n - 1] {
            s[i] = if i % 2 == 0 { 0.95 } else { -0.9 };
        }
        let threshold = 0.3;
        let mut whole = s.clone();
        limit_stretch(&mut whole, (rate as usize * 25 / 10_000).max(1), threshold);
        let mut stretches = s.clone();
        limit(&mut stretches, rate, threshold);
        assert_ne!(whole, s, "the limiter did something");
        assert_eq!(whole, stretches);
        assert!(stretches.iter().all(|x| x.abs() <= threshold + 1e-6));
    }

    #[test]
    fn sliding_min_matches_brute_force() {
        let v: Vec<f32> = (0..50).map(|i| ((i * 37) % 11) as f32).collect();
        let got = sliding_min(&v, 3);
        for i in 0..v.len() {
            let want = v[i.saturating_sub(3)..(i + 4).min(v.len())]
                .iter()
                .cloned()
                .fold(f32::MAX, f32::min);
            assert_eq!(got[i], want);
        }
    }
}
