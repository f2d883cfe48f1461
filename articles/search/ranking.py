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

The query's words and patterns: query.py. Highlighting (on the page of results
only): highlight.py. The page: views.py.
"""

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL

from newsroom.text import fold, old_tone_placement

from .. import selectors
from ..models import Article
from .query import MAX_CANDIDATES, exact_word_pattern, folded_word_pattern, query_words

def _all(field: str, patterns: list[str]) -> Q:
    condition = Q()
    for pattern in patterns:
        condition &= Q(**{f"{field}__regex": pattern})
    return condition


# SQLite: the body's plain text (Article.body_plain, kept by save()).
_SQLITE_BODY_TEXT = '"articles_article"."body_plain"'


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
        return selectors.live_list().none()

    # A list, not a subquery: the raw SQL of _matches names the outer table, which a
    # subquery renames. At most MAX_CANDIDATES ids, newest first (publish_at index).
    candidates = list(Article.objects.live().filter(_matches(words)).order_by("-publish_at", "-pk")
                      .values_list("pk", flat=True)[:MAX_CANDIDATES])
    if connection.vendor == "postgresql":
        # One array parameter rather than an IN list of up to 1,000 placeholders
        # (parsing and planning those cost more than the search itself).
        among = RawSQL('"articles_article"."id" = ANY(%s)', [candidates], output_field=BooleanField())
        return (selectors.live_list().filter(among).annotate(score=_postgresql_score(words))
                .order_by("-score", "-publish_at", "-pk"))
    exact = [exact_word_pattern(word) for word in words]
    folded = [folded_word_pattern(word) for word in words]
    anywhere_exact = Q()
    for pattern in exact:
        anywhere_exact &= (Q(title__regex=pattern) | Q(lead__regex=pattern) | Q(body_text__regex=pattern))
    return (selectors.live_list().filter(pk__in=candidates)
            .annotate(body_text=RawSQL(_SQLITE_BODY_TEXT, [], output_field=TextField()))
            .annotate(score=(Case(When(_all("title", exact), then=Value(4)), default=Value(0))
                             + Case(When(_all("title", folded), then=Value(2)), default=Value(0))
                             + Case(When(anywhere_exact, then=Value(1)), default=Value(0))))
            .order_by("-score", "-publish_at", "-pk"))


