"""Benchmark: the answer summariser against hand labels, and how its time grows.

Run: `python -m benchmarks.summaries [--verbose] [--half dev|test|all] [--max-chars 220]`.

Over every labelled answer (`tests/data/summaries/labels.jsonl`: each answer group of every real
answer document under `tests/data/real/` and of the seed answer document) it computes
  key_sentence_hit      share of answers whose summary contains a labelled key sentence
  lead_baseline_hit     the same for the first sentence (and the second, if both fit max_chars)
  non_answer_precision / recall     of the non-answer flag
  promise_precision / promise_recall    of the promise flag
Documents fall in two fixed halves by sorted name (even positions "dev", odd "test"); the rules
and weights were set on "dev". Then it summarises hostile answers of 20, 40 and 80 KB and prints
the growth of the time per doubling (linear is about 2).

Without --half it prints a line per half and, last, all answers:
`answers=N key_sentence_hit=… lead_baseline_hit=… non_answer_precision=… recall=…
promise_precision=… promise_recall=… hostile_growth=…`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.fidelity import real_documents
from kamervragen.core.model import ParsedDocument
from kamervragen.core.summary import AnswerSummary, sentences, summarise_answer
from kamervragen.watchers.parsers.dispatch import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
REAL = DATA / "real"
SEED = ROOT / "seeds" / "000_5fcdd7f8ebb26290.txt"
LABELS = DATA / "summaries" / "labels.jsonl"
NOTES = DATA / "summaries" / "notes.txt"
ANSWER_KINDS = ("answer", "further_answer")
HOSTILE_SIZES = (20_000, 40_000, 80_000)


def answer_documents(real: Path = REAL, seed: Path = SEED) -> list[Path]:
    """Every real answer document (by its ground truth's kind), then the seed answer document."""
    files = [d.path for d in real_documents(real) if d.expected.get("kind") in ANSWER_KINDS]
    return [*files, seed]


def parse_document(path: Path) -> ParsedDocument:
    """A document file parsed as `kamervragen parse` does."""
    return parse_bytes(path.read_bytes(), path.name)


def question_text(document: ParsedDocument, numbers: tuple[int, ...]) -> str | None:
    """The text of the questions an answer answers, joined (None when none is known)."""
    texts = {q.number: q.text for q in document.questions}
    return " ".join(texts[n] for n in numbers if n in texts) or None


def labels_from_notes(notes: Path = NOTES, real: Path = REAL, seed: Path = SEED) -> list[dict]:
    """The labels, rebuilt from the hand-written notes: each note names an answer (document
    prefix, numbers) and the indexes of its key sentences as the splitter numbers them; this only
    looks the sentences up (every decision in the notes was made by reading)."""
    decided: dict[tuple[str, str], tuple[list[int], bool, bool, str]] = {}
    for line in notes.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, numbers, indexes, non_answer, promise, note = (
                p.strip() for p in line.split("|", 5)
            )
            picks = [int(i) for i in indexes.split(",")]
            decided[(name, numbers)] = (picks, non_answer == "1", promise == "1", note)
    labels: list[dict] = []
    for path in answer_documents(real, seed):
        for answer in parse_document(path).answers:
            key = (path.name[:3], "/".join(map(str, answer.numbers)))
            if key not in decided:
                continue
            picks, non_answer, promise, note = decided[key]
            split = sentences(answer.text)
            label: dict[str, Any] = {
                "document": path.name,
                "numbers": list(answer.numbers),
                "key_sentences": [split[i] for i in picks],
                "non_answer": non_answer,
                "promise": promise,
            }
            if note:
                label["note"] = note
            labels.append(label)
    return labels


def read_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    """The labels file, one JSON object a line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def lead_baseline(answer: str, max_chars: int) -> tuple[str, ...]:
    """The first sentence, and the second too when both fit within `max_chars`."""
    split = sentences(answer)
    if len(split) > 1 and len(split[0]) + 1 + len(split[1]) <= max_chars:
        return tuple(split[:2])
    return tuple(split[:1])


def hit(shown: tuple[str, ...], keys: list[str]) -> bool:
    """Does what is shown contain a key sentence (white space aside)?"""
    text = " ".join(" ".join(shown).split())
    return any(" ".join(k.split()) in text for k in keys)


@dataclass(frozen=True)
class Row:
    """One labelled answer with its summary and the baseline."""

    document: str
    numbers: tuple[int, ...]
    label: dict[str, Any]
    summary: AnswerSummary
    baseline: tuple[str, ...]

    @property
    def hit(self) -> bool:
        """The summary shows a key sentence."""
        return hit(self.summary.sentences, self.label["key_sentences"])

    @property
    def baseline_hit(self) -> bool:
        """The first sentence(s) show a key sentence."""
        return hit(self.baseline, self.label["key_sentences"])


def build_rows(labels: list[dict[str, Any]], max_chars: int) -> list[Row]:
    """Summarise every labelled answer."""
    files = {p.name: p for p in answer_documents()}
    rows: list[Row] = []
    for name in sorted({label["document"] for label in labels}):
        document = parse_document(files[name])
        answers = {tuple(a.numbers): a.text for a in document.answers}
        for label in (lab for lab in labels if lab["document"] == name):
            numbers = tuple(label["numbers"])
            text = answers[numbers]
            summary = summarise_answer(question_text(document, numbers), text, max_chars=max_chars)
            rows.append(Row(name, numbers, label, summary, lead_baseline(text, max_chars)))
    return rows


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "n/a"


def metrics_line(rows: list[Row]) -> str:
    """The figures of `rows` on one line."""
    n = len(rows)
    na_true = [bool(r.label["non_answer"]) for r in rows]
    na_said = [r.summary.non_answer for r in rows]
    pr_true = [bool(r.label["promise"]) for r in rows]
    pr_said = [r.summary.promise is not None for r in rows]
    na_both = sum(a and b for a, b in zip(na_true, na_said, strict=True))
    pr_both = sum(a and b for a, b in zip(pr_true, pr_said, strict=True))
    return (
        f"answers={n} key_sentence_hit={_ratio(sum(r.hit for r in rows), n)} "
        f"lead_baseline_hit={_ratio(sum(r.baseline_hit for r in rows), n)} "
        f"non_answer_precision={_ratio(na_both, sum(na_said))} "
        f"recall={_ratio(na_both, sum(na_true))} "
        f"promise_precision={_ratio(pr_both, sum(pr_said))} "
        f"promise_recall={_ratio(pr_both, sum(pr_true))}"
    )


def print_misses(rows: list[Row]) -> None:
    """Every answer where the summary or a flag disagrees with the label."""
    for r in rows:
        problems = [
            name
            for name, wrong in (
                ("key", not r.hit),
                ("non_answer", r.summary.non_answer != bool(r.label["non_answer"])),
                ("promise", (r.summary.promise is not None) != bool(r.label["promise"])),
            )
            if wrong
        ]
        if not problems:
            continue
        print(f"--- {r.document} {'/'.join(map(str, r.numbers))}: miss {', '.join(problems)}")
        for key in r.label["key_sentences"] if "key" in problems else ():
            print(f"    key:     {key}")
        for shown in r.summary.sentences if "key" in problems else ():
            print(f"    summary: {shown}")
        if "promise" in problems:
            print(f"    promise: label={r.label['promise']} got={r.summary.promise!r}")


HOSTILE_UNITS = (
    "Het kabinet vindt dit onwenselijk, zie o.a. de brief van 1 jan. 2020 (Kamerstuk 12 345, "
    "nr. 6). Ik zal uw Kamer voor de zomer informeren. Zie het antwoord op vraag 2 en 3. ",
    "woord ",
    ". . . ",
    "a.b.c.d.e.",
    "zie vragen 1 tot en met 40 en ",
)


def hostile_growth() -> float:
    """How the time to summarise every hostile answer grows per doubling of their size (the
    larger of the two steps; each time the fastest of seven runs, less disturbed by other work)."""
    question = "Bent u bereid uw Kamer te informeren over de brief en vraag 2?"
    totals = []
    for size in HOSTILE_SIZES:
        total = 0.0
        for unit in HOSTILE_UNITS:
            text = (unit * (size // len(unit) + 1))[:size]
            runs = []
            for _ in range(7):
                started = time.perf_counter()
                summarise_answer(question, text)
                runs.append(time.perf_counter() - started)
            total += min(runs)
        totals.append(total)
    return max(b / a for a, b in itertools.pairwise(totals))


def main(argv: list[str] | None = None) -> int:
    """Print the figures; the last line covers every labelled answer."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    parser.add_argument("--half", choices=("dev", "test", "all"))
    parser.add_argument("--max-chars", type=int, default=220)
    args = parser.parse_args(argv)
    rows = build_rows(read_labels(), args.max_chars)
    names = sorted({r.document for r in rows})
    halves: dict[str, list[Row]] = {"dev": [], "test": []}
    for r in rows:
        halves["dev" if names.index(r.document) % 2 == 0 else "test"].append(r)
    selected = halves.get(args.half, rows)
    if args.verbose:
        print_misses(selected)
    if args.half is None:
        for name, half in halves.items():
            print(f"[{name}] {metrics_line(half)}")
    print(f"{metrics_line(selected)} hostile_growth={hostile_growth():.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
