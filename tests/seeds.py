"""The seed case 2019Z15244 as the project builds it: both seed documents parsed and merged."""

from __future__ import annotations

from kamervragen.core.merge import merge_documents
from kamervragen.core.model import Case
from kamervragen.watchers.parsers.text import parse_text
from tests.conftest import ANSWER_SEED, QUESTION_SEED


def merged_seed_case() -> Case:
    """Case 2019Z15244 from the answer document and the question page, through the parsers."""
    documents = [
        parse_text(path.read_text(encoding="utf-8"), source=path.name)
        for path in (ANSWER_SEED, QUESTION_SEED)
    ]
    return merge_documents("2019Z15244", documents)
