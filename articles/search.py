"""Reader search (/search/?q=...): diacritics-insensitive, the same results on both databases.

Matching: every word of the query must appear as a whole word of the article
(title, lead or body), ignoring accents, case, `đ`/`d` and old/new tone-mark
placement (`hòa` = `hoà`).

- PostgreSQL: full-text search on stored, weighted tsvectors that a trigger
  keeps (migration 0005): `search_folded` through the `vi_unaccent`
  configuration (the `unaccent` dictionary, migration 0003), GIN-indexed, is the
  filter; `search_exact` through `simple` keeps the accents, for ranking.
- SQLite: a whole-word regular expression on the stored folded text
  `Article.search_text` with the query folded by `newsroom.text.fold`.

Ranking, the same rule on both databases: all words in the title with their
exact accents, then all words in the title ignoring accents, then all words
somewhere with their exact accents; newest first among equals. So `đường`
lists "đường" before "Dương", and title matches come before body matches.

Ranking is done among the MAX_CANDIDATES newest matching articles, so that a
word found in most of the archive costs a bounded amount of work (and the
paginator's COUNT is bounded too); a rarer word ranks all of its matches.

Highlighting happens in Python on the page of results only: matched words are
wrapped in <mark>, everything else escaped.
"""

import functools
import re
import unicodedata

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from newsroom.text import fold, normalize, normalize_tone_marks, old_tone_placement

from .views import PublicListView, live_list

MAX_QUERY_LENGTH = 200
MAX_CANDIDATES = 300
MAX_WORDS = 8
SNIPPET_LENGTH = 280

_WORD = re.compile(r"[^\W_]+")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _vietnamese_letters() -> str:
    """Every Vietnamese letter, lower and upper case, precomposed (NFC)."""
    letters = set("đĐ")
    for base in "aăâeêioôơuưy":
        for tone in ["", *_TONES]:
            letter = unicodedata.normalize("NFC", base + tone)
            letters.update([letter, letter.upper()])
    return "".join(sorted(letters))


VIETNAMESE_LETTERS = _vietnamese_letters()
# Characters that belong to a word; anything else is a word boundary. Written out
# rather than \b or \y so Python's re (SQLite) and PostgreSQL agree exactly.
_WORD_CHARS = "0-9a-zA-Z" + VIETNAMESE_LETTERS
_BEFORE = f"(^|[^{_WORD_CHARS}])"
_AFTER = f"([^{_WORD_CHARS}]|$)"
# Base letter -> every letter that folds to it, both cases: "d" -> "dDđĐ".
_FOLD_CLASS: dict[str, str] = {}
for _letter in "abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + VIETNAMESE_LETTERS:
    _FOLD_CLASS[fold(_letter)] = _FOLD_CLASS.get(fold(_letter), "") + _letter


def query_words(q: str) -> list[str]:
    """The query's words: NFC, new tone-mark placement, lower case, at most MAX_WORDS, no repeats."""
    text = normalize_tone_marks(normalize(q[:MAX_QUERY_LENGTH])).lower()
    words = []
    for word in _WORD.findall(text):
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def _char_class(chars: str) -> str:
    chars = "".join(dict.fromkeys(chars))
    return f"[{chars}]" if len(chars) > 1 else re.escape(chars)


def _any_accents(folded_word: str) -> str:
    """A regex body matching a folded word ("dong") written with any accents and case."""
    return "".join(_char_class(_FOLD_CLASS.get(ch, ch + ch.upper())) for ch in folded_word)


def folded_word_pattern(word: str) -> str:
    """A regex matching `word` as a whole word with any accents and case."""
    return f"{_BEFORE}{_any_accents(fold(word))}{_AFTER}"


def exact_word_pattern(word: str) -> str:
    """A regex matching `word` as a whole word with exactly its accents (either tone placement), any case."""
    variants = dict.fromkeys([word, old_tone_placement(word)])
    alternatives = "|".join("".join(_char_class(ch + ch.upper()) for ch in variant) for variant in variants)
    return f"{_BEFORE}(?:{alternatives}){_AFTER}"


def _all(field: str, patterns: list[str]) -> Q:
    condition = Q()
    for pattern in patterns:
        condition &= Q(**{f"{field}__regex": pattern})
    return condition


# SQLite: the readable body text (it stores JSON with \\u escapes; json_each decodes them).
_SQLITE_BODY_TEXT = '(SELECT group_concat(value, \' \') FROM json_each("articles_article"."paragraphs"))'


def _matches(words: list[str]):
    """The filter: every word present, accents ignored (see the module docstring)."""
    if connection.vendor == "postgresql":
        return RawSQL('"articles_article"."search_folded" @@ to_tsquery(\'vi_unaccent\'::regconfig, %s)',
                      [" & ".join(fold(word) for word in words)], output_field=BooleanField())
    return _all("search_text", [folded_word_pattern(fold(word)) for word in words])


def _tsquery(words: list[str], *, exact: bool, title_only: bool) -> str:
    """"(hoà:A | hòa:A) & ..." for to_tsquery: the words are letters and digits only (query_words)."""
    weight = ":A" if title_only else ""
    terms = []
    for word in words:
        variants = dict.fromkeys([word, old_tone_placement(word)]) if exact else [fold(word)]
        terms.append("(" + " | ".join(f"{variant}{weight}" for variant in variants) + ")")
    return " & ".join(terms)


def _postgresql_score(words: list[str]) -> RawSQL:
    return RawSQL(
        "(CASE WHEN \"articles_article\".\"search_exact\" @@ to_tsquery('simple'::regconfig, %s) THEN 4 ELSE 0 END)"
        " + (CASE WHEN \"articles_article\".\"search_folded\" @@ to_tsquery('vi_unaccent'::regconfig, %s)"
        " THEN 2 ELSE 0 END)"
        " + (CASE WHEN \"articles_article\".\"search_exact\" @@ to_tsquery('simple'::regconfig, %s) THEN 1 ELSE 0 END)",
        [_tsquery(words, exact=True, title_only=True), _tsquery(words, exact=False, title_only=True),
         _tsquery(words, exact=True, title_only=False)], output_field=IntegerField())


def search_articles(q: str):
    """Live articles matching the query, best first; an empty query matches nothing."""
    words = query_words(q)
    if not words:
        return live_list().none()
    from .models import Article

    # A list, not a subquery: the raw SQL of _matches names the outer table, which a
    # subquery renames. At most MAX_CANDIDATES ids, newest first (publish_at index).
    candidates = list(Article.objects.live().filter(_matches(words)).order_by("-publish_at", "-pk")
                      .values_list("pk", flat=True)[:MAX_CANDIDATES])
    if connection.vendor == "postgresql":
        # One array parameter rather than an IN list of up to 1,000 placeholders
        # (parsing and planning those cost more than the search itself).
        among = RawSQL('"articles_article"."id" = ANY(%s)', [candidates], output_field=BooleanField())
        return (live_list().filter(among).annotate(score=_postgresql_score(words))
                .order_by("-score", "-publish_at", "-pk"))
    exact = [exact_word_pattern(word) for word in words]
    folded = [folded_word_pattern(word) for word in words]
    anywhere_exact = Q()
    for pattern in exact:
        anywhere_exact &= (Q(title__regex=pattern) | Q(lead__regex=pattern) | Q(body_text__regex=pattern))
    return (live_list().filter(pk__in=candidates)
            .annotate(body_text=RawSQL(_SQLITE_BODY_TEXT, [], output_field=TextField()))
            .annotate(score=(Case(When(_all("title", exact), then=Value(4)), default=Value(0))
                             + Case(When(_all("title", folded), then=Value(2)), default=Value(0))
                             + Case(When(anywhere_exact, then=Value(1)), default=Value(0))))
            .order_by("-score", "-publish_at", "-pk"))


@functools.lru_cache(maxsize=256)
def _highlight_pattern(words: tuple[str, ...]) -> re.Pattern:
    """Any of the words, as whole words with any accents and case, matched on the text as it is.

    No folding of the text (which cost more than the rest of the results page),
    so a match's span is already in the text's own indexes.
    """
    folded = sorted({fold(word) for word in words}, key=len, reverse=True)
    bodies = "|".join(_any_accents(word) for word in folded)
    return re.compile(f"(?<![{_WORD_CHARS}])(?:{bodies})(?![{_WORD_CHARS}])")


def _match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the query words are in `text` (NFC, as stored), as (start, end) indexes."""
    if not words or not text:
        return []
    return [match.span() for match in _highlight_pattern(tuple(words)).finditer(text)]


def highlight(text: str, words: list[str]) -> SafeString:
    """`text` escaped, with every query word (any accents) wrapped in <mark>."""
    pieces, cursor = [], 0
    for start, end in _match_spans(text, words):
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))


def snippet(article, words: list[str]) -> SafeString:
    """The first lead or body passage with a match, cut around it, highlighted."""
    passages = [article.lead, *article.paragraphs]
    for passage in passages:
        spans = _match_spans(passage, words)
        if spans:
            break
    else:
        passage, spans = article.lead or (article.paragraphs[0] if article.paragraphs else ""), []
    start = 0
    if spans and len(passage) > SNIPPET_LENGTH:
        start = max(0, spans[0][0] - SNIPPET_LENGTH // 3)
        start = passage.rfind(" ", 0, start) + 1 if start else 0
    end = start + SNIPPET_LENGTH
    if end < len(passage):
        end = passage.rfind(" ", start, end) if passage.rfind(" ", start, end) > start else end
    text = passage[start:end]
    html = highlight(text, words)
    return mark_safe(("… " if start else "") + html + (" …" if end < len(passage) else ""))


class SearchView(PublicListView):
    template_name = "articles/search.html"

    def get_queryset(self):
        self.q = self.request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        self.words = query_words(self.q)
        return search_articles(self.q)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(q=self.q, words=self.words, **kwargs)
        for article in context["articles"]:
            article.highlighted_title = highlight(article.title, self.words)
            article.highlighted_snippet = snippet(article, self.words)
        context["page_title"] = (_("Tìm kiếm: %(q)s") % {"q": self.q}) if self.q else _("Tìm kiếm")
        return context


search = SearchView.as_view()
