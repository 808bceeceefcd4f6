"""The seed case 2019Z15244 for rendering tests: the merged seeds, with publication ids.

The seed files carry no publication ids; the answer's (ah-tk-20182019-3985) and the question's
are added so that the link to the official text can be tested.
"""

from __future__ import annotations

import dataclasses

from kamervragen.core.model import Case, DocumentRef, SourceIds
from tests.seeds import merged_seed_case

ANSWER_PUBLICATION = "ah-tk-20182019-3985"
FOOTNOTES = [note.url for note in merged_seed_case().footnotes]


def seed_case(*, with_documents: bool = True) -> Case:
    """Case 2019Z15244 as the merge produces it, answered."""
    documents = [
        DocumentRef("question", "txt", SourceIds(publication_id="kv-tk-2019Z15244")),
        DocumentRef("answer", "txt", SourceIds(publication_id=ANSWER_PUBLICATION)),
    ]
    return dataclasses.replace(merged_seed_case(), documents=documents if with_documents else [])
