"""Plain-text views of cases for the terminal (the CLI); Telegram has its own rendering."""

from __future__ import annotations

import textwrap

from kamervragen.core.model import Case

_STATUS = {
    "open": "open",
    "postponed": "postponed",
    "answered": "answered",
    "withdrawn": "withdrawn",
}


def case_text(case: Case, width: int = 88) -> str:
    """Header, then each question with its answer; a merged answer once, after its last question."""
    out: list[str] = []
    out.append(f"{case.zaaknummer or '(zaaknummer unknown)'}  {case.title or '(no title)'}")
    if case.askers:
        askers = ", ".join(f"{a.name} ({a.party})" if a.party else a.name for a in case.askers)
        out.append(f"Asked by:     {askers}")
    if case.addressees:
        out.append(f"Addressed to: {'; '.join(case.addressees)}")
    if case.answered_by:
        out.append(f"Answered by:  {case.answered_by}")
    status = _STATUS.get(case.status, case.status)
    dates = [f"submitted {case.submitted}" if case.submitted else None]
    if case.answered:
        days = case.days_taken()
        dates.append(f"answered {case.answered}" + (f" (after {days} days)" if days else ""))
    elif case.deadline:
        dates.append(f"deadline {case.deadline}")
    out.append(f"Status:       {status}; " + ", ".join(d for d in dates if d))
    if case.letter:
        out.append(f"By letter:    {case.letter}")
    if case.related:
        out.append(f"Related:      {', '.join(case.related)}")
    if case.notice:
        out.append("")
        out.append(_wrap(case.notice, width, ""))
    shown_answers: set[tuple[int, ...]] = set()
    for item in case.qa():
        number = item["number"]
        out.append("")
        out.append(f"Vraag {number}")
        out.append(_wrap(item["question"] or "(question text not available)", width, "  "))
        answer = case.answer_for(number)
        if answer is None:
            continue
        if number != answer.numbers[-1] or answer.numbers in shown_answers:
            continue
        shown_answers.add(answer.numbers)
        out.append(f"Antwoord {', '.join(map(str, answer.numbers))}")
        out.append(_wrap(answer.text, width, "  "))
    if case.footnotes:
        out.append("")
        out.append("Footnotes:")
        for note in case.footnotes:
            out.append(f"  {note.number}. {note.text}")
    if case.warnings:
        out.append("")
        out.append("Warnings: " + "; ".join(case.warnings))
    return "\n".join(out)


def _wrap(text: str, width: int, indent: str) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "\n\n".join(
        textwrap.fill(p, width=width, initial_indent=indent, subsequent_indent=indent)
        for p in paragraphs
    )
