"""Themes for one question with 100,000 short comments: time and peak memory.

The digest of a 100,000-comment consultation has 60 s and 1 GB on a 2-core machine, and themes are
one part of it. Target: a few seconds and well under 500 MB for one question.

The comments are synthetic and harder than real ones: ~20 words each, drawn from 20,000 made-up
words with a Zipf law (so most pairs and triples of words are new, as in real text, only more so),
one word in three a stop word, ten planted phrases in 2–12 % of the comments, and one comment in
fifty carrying an email address, a phone number or a link. Runs without a database:
``cd bench && ../.venv/bin/python themes.py [comments]``.
"""

from __future__ import annotations

import gc
import os
import platform
import random
import sys
import time
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consultations.digests.themes import ThemeInput, question_themes

PLANTED = {
    "safe meeting places": 0.12,
    "public transport": 0.10,
    "youth centre": 0.08,
    "mental health support": 0.07,
    "street lighting": 0.06,
    "bullying at school": 0.05,
    "police patrols": 0.04,
    "sports clubs": 0.03,
    "free wifi": 0.025,
    "youth council": 0.02,
}
STOP = "the a to and of in is we it that for on are be have with our not they this at more".split()  # noqa: SIM905
CONTACTS = ["write to anna.k@example.com", "call +381 64 123 4567", "see https://example.org/x", "dm @kid_2010"]


def comments(count: int, rng: random.Random) -> list[ThemeInput]:
    syllables = [c + v for c in "bcdfghjklmnprstvz" for v in "aeiou"]
    vocabulary = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(20_000)})
    rng.shuffle(vocabulary)
    # Zipf from rank 30 on: the most common words of a language are stop words, drawn apart below.
    weights = list(accumulate(1 / rank for rank in range(30, len(vocabulary) + 30)))
    result = []
    for comment_id in range(count):
        words = rng.choices(vocabulary, cum_weights=weights, k=13) + rng.choices(STOP, k=7)
        rng.shuffle(words)
        for phrase, share in PLANTED.items():
            if rng.random() < share:
                words.insert(rng.randrange(len(words) + 1), phrase)
        if rng.random() < 0.02:
            words.append(rng.choice(CONTACTS))
        text = " ".join(words).capitalize() + rng.choice([".", "!", "?", ". And also, really."])
        result.append(
            ThemeInput(comment_id=comment_id, text=text, agree=rng.randint(0, 50), disagree=rng.randint(0, 20))
        )
    return result


def _status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.machine()


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    data = comments(count, random.Random(2026))
    words = sum(len(item.text.split()) for item in data)
    gc.collect()
    # Linux: restart the peak (VmHWM) here, so it measures the themes and not building the input.
    Path("/proc/self/clear_refs").write_text("5")
    before = _status_mib("VmRSS")
    started, cpu_started = time.perf_counter(), time.process_time()
    themes = question_themes(comments=data, language="en", limit=8)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = _status_mib("VmHWM")
    print(f"{_cpu()}, Python {platform.python_version()}")
    print(f"{count:,} comments, {words:,} words")
    # CPU time as well: on a shared machine the wall clock also counts other people's work.
    print(f"themes in {elapsed:.2f} s ({cpu:.2f} s of CPU; load average {os.getloadavg()[0]:.1f})")
    print(f"peak RSS {peak:.0f} MiB, of which the input {before:.0f} MiB: {peak - before:.0f} MiB for themes")
    for theme in themes:
        print(f"  {theme.score:10.2f}  {theme.comment_count:6,}  {theme.phrase}  e.g. {theme.example_ids}")


if __name__ == "__main__":
    main()
