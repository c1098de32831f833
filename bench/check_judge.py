"""Judges a narration's self-check with an independent recognizer (the shared Whisper
judge): for each sentence the check questioned (`narrate --check --check-takes DIR`),
the word error rate of its first take and of the take kept, against the words it was
meant to say; and for each word the check named, whether Whisper heard that word in
the kept take (if it did, the check's alarm was likely false: a name its recognizer
does not know, or its own slip).

    check_judge.py TAKES_DIR TIMINGS.json JUDGE_PYTHON JUDGE_PY
Prints one line per questioned sentence, then a summary line starting with "judged".
"""

import json
import os
import re
import subprocess
import sys
import tempfile

takes_dir, timings_path, judge_python, judge = sys.argv[1:5]
logged = json.load(open(os.path.join(takes_dir, "takes.json")))
timings = json.load(open(timings_path))
letters = lambda text: re.sub(r"[^\w]+", "", text.lower())


def judged(wav, reference):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as ref:
        ref.write(reference)
    try:
        out = subprocess.run(
            [judge_python, judge, wav, ref.name, "--json"],
            capture_output=True, text=True, check=True,
        ).stdout
    finally:
        os.unlink(ref.name)
    result = json.loads(out)
    return result["wer"], result["hypothesis"]


better = worse = same = 0
alarms = false_alarms = 0
for entry in logged:
    takes = entry["takes"]
    spoken = entry["spoken"]
    first_wer, _ = judged(os.path.join(takes_dir, takes[0]["file"]), spoken)
    kept = takes[entry["kept"] - 1]
    kept_wer, kept_heard = (
        judged(os.path.join(takes_dir, kept["file"]), spoken)
        if entry["kept"] > 1 else (first_wer, None)
    )
    if kept_heard is None:
        _, kept_heard = judged(os.path.join(takes_dir, kept["file"]), spoken)
    if len(takes) > 1:
        if kept_wer < first_wer:
            better += 1
        elif kept_wer > first_wer:
            worse += 1
        else:
            same += 1
    check = timings["utterances"][entry["index"]].get("check") or {}
    named = []
    for suspect in check.get("suspects", []):
        alarms += 1
        heard_by_whisper = letters(suspect["text"]) in letters(kept_heard)
        false_alarms += heard_by_whisper
        named.append(f"{suspect['text']!r}{' (Whisper heard it)' if heard_by_whisper else ''}")
    print(f"  u{entry['index']:<4} takes {len(takes)} kept {entry['kept']}  "
          f"Whisper WER first {first_wer:.2f} kept {kept_wer:.2f}  named {', '.join(named) or '-'}")
print(f"judged: retakes better {better}, same {same}, worse {worse} by Whisper; "
      f"words named {alarms}, of which Whisper heard {false_alarms} as written")
