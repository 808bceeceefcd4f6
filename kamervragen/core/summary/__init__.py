"""Grounded summaries of answers to Kamervragen: the sentence(s) that carry the position.

    s = summarise_answer(question_text, answer_text, max_chars=220)
    s.sentences    # 1-2 sentences copied verbatim from the answer, in their order
    s.non_answer   # True when the answer only refers elsewhere ("Zie het antwoord op vraag 2.")
    s.refers_to    # the question numbers such a reference names
    s.promise      # the sentence that promises to inform the Kamer later, verbatim, or None
    excerpt(sentence, 120)   # a verbatim window around its position when it is too long

Every sentence returned is a substring of the answer (never invented, never edited except for
trimmed white space); `sentences` may exceed `max_chars` by at most one sentence. Pure, standard
library only, deterministic, and linear in the length of the answer and the question: one pass
splits the sentences, each sentence is tokenised once, every cue is a fixed phrase or a set
lookup, and the only regular expressions are single character classes.

The method and how it was measured: `README.md` ("Answer summaries") and
`python -m benchmarks.summaries`.
"""

from kamervragen.core.summary.excerpt import excerpt
from kamervragen.core.summary.pick import WEIGHTS, AnswerSummary, summarise_answer
from kamervragen.core.summary.sentences import sentences, split_sentences

__all__ = [
    "WEIGHTS",
    "AnswerSummary",
    "excerpt",
    "sentences",
    "split_sentences",
    "summarise_answer",
]
