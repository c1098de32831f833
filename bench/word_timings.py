#!/usr/bin/env python3
"""Compares aloud's word timings with a speech recognizer's, independently.

    word_timings.py AUDIO TIMINGS_JSON [--model base] [--show N]

Transcribes AUDIO with the shared ASR judge's Whisper model and word timestamps
(faster-whisper, word_timestamps=True), aligns the recognized words with the
narration's timed words (timings.json: utterances[].words[]), and prints how far
apart their start times are: median, 90th percentile and mean signed difference
(aloud minus Whisper), over the words both agree on. Only word groups written as
one plain word ("Council", "acres,") take part: "$18.5 million" is said as several
words and has no single start to compare.

Whisper's own word times are not exact. The one clock that needs no model is the
audio itself: after a pause (a sentence's end, a comma), speech starts where the
signal rises out of silence. The script finds those onsets in the audio alone (the
first 5 ms peaking over -34 dBFS after at least 100 ms under it) and prints how far
the nearest aloud and Whisper word starts are from them; then the comparison again
with Whisper's times moved by their median offset from those onsets (measured on the
audio, not on aloud's timings). AUDIO must be a WAV. Run in the judge's venv
(bench/word-timings.sh does); nothing here contacts the network.
"""
import argparse
import difflib
import json
import os
import re
import statistics
import sys
import wave

import numpy as np

JUDGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared",
                     "tools", "asr_judge")


def plain(word):
    """A word as lowercase letters, or None where it is not one plain word."""
    token = re.sub(r"^[\"'“”‘’(\[]+|[\"'“”‘’)\].,;:!?]+$", "", word.strip())
    return token.lower() if re.fullmatch(r"[A-Za-z]+(?:['’][A-Za-z]+)?", token) else None


def onsets(audio):
    """Where speech resumes after at least 100 ms of silence (5 ms frames peaking under
    -34 dBFS), in ms: found in the audio alone."""
    with wave.open(audio) as w:
        rate = w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2") / 32768.0
    step = rate // 200
    frames = len(samples) // step
    loud = np.abs(samples[:frames * step]).reshape(frames, step).max(axis=1) >= 0.02
    out, quiet = [], 0
    for k, is_loud in enumerate(loud):
        if is_loud and quiet >= 20:
            out.append(k * 5)
        quiet = 0 if is_loud else quiet + 1
    return out


def nearest(times, at, within=250):
    """The signed difference from `at` to the nearest of `times` within `within` ms."""
    best = min(times, key=lambda t: abs(t - at), default=None)
    return None if best is None or abs(best - at) > within else best - at


def spread(diffs):
    gaps = sorted(abs(d) for d in diffs)
    p90 = gaps[min(len(gaps) - 1, int(round(0.9 * (len(gaps) - 1))))]
    return statistics.median(gaps), p90


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("audio")
    ap.add_argument("timings")
    ap.add_argument("--model", default="base")
    ap.add_argument("--show", type=int, default=0, help="print the N worst words")
    a = ap.parse_args()

    sys.path.insert(0, JUDGE)
    import judge  # noqa: E402  (re-executes in the judge's venv when needed)
    from faster_whisper import WhisperModel

    timings = json.load(open(a.timings, encoding="utf-8"))
    ours = []  # (token, start_ms, end_ms, text)
    timed = total = 0
    for u in timings["utterances"]:
        total += 1
        if u.get("words"):
            timed += 1
        for w in u.get("words", []):
            ours.append((plain(w["text"]), w["start_ms"], w["end_ms"], w["text"]))

    model = WhisperModel(str(judge.model_path(a.model)), device="cpu", compute_type="int8",
                         cpu_threads=os.cpu_count() or 1, local_files_only=True)
    segments, _ = model.transcribe(a.audio, language="en", beam_size=5,
                                   word_timestamps=True, condition_on_previous_text=False)
    theirs = []  # (token, start_ms, end_ms)
    for s in segments:
        for w in s.words or []:
            theirs.append((plain(w.word), round(w.start * 1000), round(w.end * 1000)))

    matcher = difflib.SequenceMatcher(a=[o[0] for o in ours], b=[t[0] for t in theirs],
                                      autojunk=False)
    diffs, whisper_at = [], {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            o, t = ours[block.a + k], theirs[block.b + k]
            if o[0] is None:
                continue
            diffs.append((o[1] - t[1], o, t))
            whisper_at[block.a + k] = t[1]
    if not diffs:
        sys.exit("word_timings: no words in common")
    median, p90 = spread(d for d, _, _ in diffs)
    print(f"utterances with word timings: {timed} of {total}")
    print(f"words compared: {len(diffs)} of {len(ours)} timed "
          f"({sum(1 for o in ours if o[0])} plain), {len(theirs)} recognized")
    print(f"start vs whisper: median {median:.0f} ms, p90 {p90:.0f} ms, "
          f"mean signed (aloud - whisper) {statistics.mean(d for d, _, _ in diffs):+.0f} ms")

    # Onsets both put a word start near: how far each is from the audio's own clock.
    pairs = [(nearest([o[1] for o in ours], at), nearest([t[1] for t in theirs], at))
             for at in onsets(a.audio)]
    pairs = [(o, t) for o, t in pairs if o is not None and t is not None]
    if pairs:
        bias = statistics.median(t for _, t in pairs)
        print(f"words after a pause vs the audio's own onsets ({len(pairs)}): aloud median "
              f"|diff| {spread(o for o, _ in pairs)[0]:.0f} ms "
              f"(signed {statistics.median(o for o, _ in pairs):+.0f}), whisper median "
              f"|diff| {spread(t for _, t in pairs)[0]:.0f} ms (signed {bias:+.0f})")
        median, p90 = spread(d + bias for d, _, _ in diffs)
        print(f"start vs whisper moved by its onset offset ({-bias:+.0f} ms): "
              f"median {median:.0f} ms, p90 {p90:.0f} ms")
    for d, o, t in sorted(diffs, key=lambda x: -abs(x[0]))[:a.show]:
        print(f"  {d:+6d} ms  {o[3]!r}: aloud {o[1]} ms, whisper {t[1]} ms")


if __name__ == "__main__":
    main()
