"""Benchmark: how many real documents parse right, how fast, and how parsing time grows.

Run: `python -m benchmarks.fidelity [--repeat 5]`. For every real document under
`tests/data/real/` it parses the file (as `kamervragen parse --json` does) and checks every field
of its `.expected.json` the way `tests/data/real/SHARED_README.md` says; it prints one line per
document that is not right, with what is wrong. Then it times hostile headers (a "Vragen van het
lid" sentence of repeated words, an "Antwoord" line of repeated numbers) at 15, 30 and 60 KB and
prints the growth of the parsing time per doubling of the input (linear is about 2).

The last line: `documents=N right=M right_pct=P parse_p50_ms=... parse_max_ms=...
hostile_max_ms=... hostile_growth=...`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kamervragen.watchers.parsers.dispatch import parse_bytes

REAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"

# The ground truth names a question document `questions`; `parse --json` says `question`.
_KIND_ALIASES = {"questions": "question"}


@dataclass(frozen=True)
class RealDocument:
    """A real document file and what it must parse into."""

    path: Path
    expected: dict[str, Any]

    @property
    def name(self) -> str:
        """The document's file name."""
        return self.path.name


def real_documents(folder: Path = REAL) -> list[RealDocument]:
    """Every document under `folder` that has an `.expected.json` beside it, by name."""
    documents = []
    for expected_path in sorted(folder.glob("*.expected.json")):
        stem = expected_path.name.removesuffix(".expected.json")
        files = [p for p in folder.glob(stem + ".*") if p != expected_path]
        if len(files) != 1:
            raise FileNotFoundError(f"{expected_path.name}: expected one document, found {files}")
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        documents.append(RealDocument(files[0], expected))
    return documents


def parse_document(document: RealDocument) -> dict[str, Any]:
    """The document as `kamervragen parse --json` gives it."""
    return parse_bytes(document.path.read_bytes(), document.path.name).to_json()


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def check(expected: dict[str, Any], parsed: dict[str, Any]) -> list[str]:
    """What in `parsed` disagrees with the ground truth `expected`; empty when it is right."""
    problems: list[str] = []

    def differ(field: str, want: object, got: object) -> None:
        if want != got:
            problems.append(f"{field}: want {want!r}, got {got!r}")

    kind = _KIND_ALIASES.get(expected["kind"], expected["kind"])
    differ("kind", kind, parsed.get("kind"))
    differ("zaaknummer", expected["zaaknummer"], parsed.get("zaaknummer"))
    differ("submitted", expected["submitted"], parsed.get("submitted"))
    differ("received", expected["received"], parsed.get("received"))
    is_answer = kind in ("answer", "further_answer", "answered_by_letter")
    if not (kind == "answered_by_letter" and expected["received"] is None):  # a letter's date
        differ("answered", expected["received"] if is_answer else None, parsed.get("answered"))
    askers = parsed.get("askers") or []
    differ("askers", expected["askers"], [a["name"] for a in askers])
    parties = [a["party"] for a in askers if a.get("party")]
    if expected["parties"] != list(dict.fromkeys(parties)):  # "(beiden GroenLinks)" names one
        differ("parties", expected["parties"], parties)

    qa = parsed.get("qa") or []
    differ("question_numbers", expected["question_numbers"], [item["number"] for item in qa])
    groups = parsed.get("answer_groups") or []
    differ("answer_groups", expected["answer_groups"], [g["numbers"] for g in groups])
    _check_answers(expected, qa, groups, problems)
    return problems


def _check_answers(
    expected: dict[str, Any],
    qa: list[dict[str, Any]],
    groups: list[dict[str, Any]],
    problems: list[str],
) -> None:
    """Each number of a group has the group's answer; no answer holds another question."""
    answered = {n for group in expected["answer_groups"] for n in group}
    by_number = {item["number"]: item for item in qa}
    for number, item in by_number.items():
        if number not in answered and item.get("answer"):
            problems.append(f"question {number} has an answer, but no heading answers it")
    for group in groups:
        texts = {_squash(by_number.get(n, {}).get("answer")) for n in group["numbers"]}
        if len(texts) != 1 or not _squash(group["text"]) or texts != {_squash(group["text"])}:
            problems.append(f"answer group {group['numbers']}: not one non-empty shared answer")
        answer = _squash(group["text"])
        for item in qa:
            question = _squash(item.get("question"))[:60]
            own = item["number"] in group["numbers"]
            if not own and len(question) >= 30 and question in answer:
                problems.append(f"answer {group['numbers']} contains question {item['number']}")
    for field, index in (("first_answer_prefix", 0), ("last_answer_prefix", -1)):
        prefix = expected.get(field)
        if prefix is None:
            continue
        if not groups:
            problems.append(f"{field}: want {prefix!r}, got no answers")
            continue
        text = _squash(groups[index]["text"])
        if not text.startswith(_squash(prefix)):
            problems.append(f"{field}: want {prefix!r}, got {text[:40]!r}")


def hostile_inputs() -> dict[str, Callable[[int], str]]:
    """Documents built to make a backtracking pattern explode, by size in bytes."""

    def vragen(size: int) -> str:
        unit = "Jansen aan de over "
        return "Vragen van het lid " + unit * (size // len(unit)) + "\n"

    def antwoord(size: int) -> str:
        unit = "1, 2 en "
        return "Vraag 1\nWaarom?\nAntwoord " + unit * (size // len(unit)) + "\n"

    def ontvangen(size: int) -> str:
        unit = "Antwoord van (ontvangen "
        return unit * (size // len(unit)) + "\n"

    return {"vragen": vragen, "antwoord": antwoord, "ontvangen": ontvangen}


def time_parse(text: str, repeat: int = 1) -> float:
    """The fastest of `repeat` parses of `text`, in milliseconds."""
    best = float("inf")
    data = text.encode("utf-8")
    for _ in range(repeat):
        start = time.perf_counter()
        parse_bytes(data, "hostile.txt")
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    """Score every real document, then time the hostile headers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timing repeats per document")
    args = parser.parse_args()

    documents = real_documents()
    right = 0
    times: list[float] = []
    for document in documents:
        data = document.path.read_bytes()
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            parsed = parse_bytes(data, document.path.name).to_json()
            best = min(best, time.perf_counter() - start)
        times.append(best * 1000)
        problems = check(document.expected, parsed)
        if problems:
            print(f"WRONG {document.name}: " + "; ".join(problems))
        else:
            right += 1
    print(f"right: {right} of {len(documents)} real documents")

    hostile_max = 0.0
    growth: list[float] = []
    for name, build in hostile_inputs().items():
        sizes = (15_000, 30_000, 60_000)
        ms = [time_parse(build(size), repeat=max(args.repeat, 9)) for size in sizes]
        ratios = [b / a for a, b in itertools.pairwise(ms) if a > 0]
        growth.extend(ratios)
        hostile_max = max(hostile_max, *ms)
        figures = " ".join(f"{s // 1000}KB={t:.1f}ms" for s, t in zip(sizes, ms, strict=True))
        print(f"hostile {name}: {figures} growth_per_doubling={max(ratios):.2f}")

    pct = 100 * right / len(documents) if documents else 0.0
    print(
        f"documents={len(documents)} right={right} right_pct={pct:.1f} "
        f"parse_p50_ms={statistics.median(times):.2f} parse_max_ms={max(times):.2f} "
        f"hostile_max_ms={hostile_max:.1f} hostile_growth={max(growth):.2f}"
    )


if __name__ == "__main__":
    main()
