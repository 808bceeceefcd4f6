"""The hand labels of the summary benchmark: made from the notes, verbatim in the answers."""

from __future__ import annotations

from collections import Counter

from benchmarks.summaries import (
    answer_documents,
    build_rows,
    labels_from_notes,
    lead_baseline,
    metrics_line,
    read_labels,
)


def test_labels_are_the_notes_looked_up_in_the_parsed_answers() -> None:
    """labels.jsonl is exactly what the hand-written notes name, through the project's parser
    and splitter: every key sentence is verbatim in its answer, none was edited."""
    labels = read_labels()
    assert labels == labels_from_notes()
    assert len(labels) == 371
    counts = Counter((bool(label["non_answer"]), bool(label["promise"])) for label in labels)
    assert sum(n for (na, _), n in counts.items() if na) == 12
    assert sum(n for (_, pr), n in counts.items() if pr) == 18


def test_every_answer_document_is_labelled() -> None:
    """Each real answer document and the seed has labels, one per answer group."""
    labelled = {label["document"] for label in read_labels()}
    assert labelled == {path.name for path in answer_documents()}


def test_the_seed_shows_the_cabinets_position_where_the_first_sentence_does_not() -> None:
    """On the seed, answer 4/5's summary hits its label and the first-sentence baseline misses."""
    seed = [label for label in read_labels() if label["document"].startswith("000_")]
    rows = {row.numbers: row for row in build_rows(seed, 220)}
    assert rows[(4, 5)].hit and not rows[(4, 5)].baseline_hit
    assert rows[(7,)].summary.sentences == ("Nee.",)
    assert lead_baseline("Ja. Dat klopt. Meer.", 10) == ("Ja.",)
    assert metrics_line(list(rows.values())).startswith("answers=8 key_sentence_hit=")
