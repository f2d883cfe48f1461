"""Highlighting of the query's words in results: matched words wrapped in <mark>, everything else escaped.

A query typed with marks highlights only its words as typed (either tone
placement): never "thường" for "thưởng", even in an article found once accents
are ignored. A query without marks highlights every spelling.
"""

import functools
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsroom.text import fold

from .query import WORD_CHARS, any_accents, exact_accents

SNIPPET_LENGTH = 280


@functools.lru_cache(maxsize=256)
def _highlight_pattern(words: tuple[str, ...], exact: bool) -> re.Pattern:
    """Any of the words as whole words, any case, any accents (`exact`: theirs), matched on the text as it is.

    No folding of the text (which cost more than the rest of the results page),
    so a match's span is already in the text's own indexes.
    """
    if exact:
        bodies = "|".join(exact_accents(word) for word in sorted(set(words), key=len, reverse=True))
    else:
        bodies = "|".join(any_accents(word) for word in sorted({fold(word) for word in words}, key=len, reverse=True))
    return re.compile(f"(?<![{WORD_CHARS}])(?:{bodies})(?![{WORD_CHARS}])")


def _match_spans(text: str, words: list[str], exact: bool) -> list[tuple[int, int]]:
    """Where the query words are in `text` (NFC, as stored), as (start, end) indexes."""
    if not words or not text:
        return []
    return [match.span() for match in _highlight_pattern(tuple(words), exact).finditer(text)]


def highlight(text: str, words: list[str], *, exact: bool = False) -> SafeString:
    """`text` escaped, with every query word wrapped in <mark>: any accents, or with `exact` only as typed."""
    pieces, cursor = [], 0
    for start, end in _match_spans(text, words, exact):
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))


def snippet(article, words: list[str], *, exact: bool = False) -> SafeString:
    """The first lead or body passage with a match, cut around it, highlighted (`exact`: as in highlight)."""
    body = article.body_plain.split("\n") if article.body_plain else []
    passages = [article.lead, *body]
    for passage in passages:
        spans = _match_spans(passage, words, exact)
        if spans:
            break
    else:
        passage, spans = article.lead or (body[0] if body else ""), []
    start = 0
    if spans and len(passage) > SNIPPET_LENGTH:
        start = max(0, spans[0][0] - SNIPPET_LENGTH // 3)
        start = passage.rfind(" ", 0, start) + 1 if start else 0
    end = start + SNIPPET_LENGTH
    if end < len(passage):
        end = passage.rfind(" ", start, end) if passage.rfind(" ", start, end) > start else end
    text = passage[start:end]
    html = highlight(text, words, exact=exact)
    return mark_safe(("… " if start else "") + html + (" …" if end < len(passage) else ""))


