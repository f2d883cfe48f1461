"""Reader search (/search/?q=...): which live articles match, and in what order, the
same on both databases.

Matching: every term of the query (a word, or a quoted phrase: its words adjacent
and in order) is found in the article (title, lead or body) ignoring accents,
case, `đ`/`d` and old/new tone-mark placement (`hòa` = `hoà`); no excluded term
(-word) is: an excluded term typed with marks leaves out exactly that word
(`-thường` keeps "thưởng"), typed without marks any spelling of it.

Ranking: the first rung of this ladder that an article reaches, then the newest.

- When the query is typed with marks (Query.marked), first the exact-accent rungs:
  all the words adjacent and in order (the phrase) in the title, in the lead, in
  the body; then every term in the title, in the lead, in the body; then every
  term somewhere. An article found only once accents are ignored comes after all
  of those.
- Then the same ladder with accents ignored (the only one for a query without
  marks): the phrase in the title, lead, body; every term in the title, lead,
  body; then the rest.

So the title counts more than the lead and the lead more than the body, and the
words side by side count more than the same words scattered.

- PostgreSQL: full-text search on stored tsvectors that a trigger keeps
  (migrations 0006 and 0010): `search_folded` through the `vi_unaccent`
  configuration (GIN-indexed: the filter), `search_exact` through `simple`
  (accents kept), each weighted A (title), B (lead), C (body); phrases with `<->`.
- SQLite: whole-word regular expressions (query.py): on the stored folded text
  `Article.search_text` for the filter, on the title, lead and body as stored
  for the ladder.

Ranking is done among the MAX_CANDIDATES newest matching articles, so that a
word found in most of the archive costs a bounded amount of work (and the
paginator's COUNT is bounded too); a rarer word ranks all of its matches.

The query's syntax and patterns: query.py. Highlighting: highlight.py. The page: views.py.
"""

import datetime

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from newsroom.text import fold, old_tone_placement

from .. import selectors
from ..models import Article
from .query import MAX_CANDIDATES, Query, Term, parse_query, query_words, words_pattern  # noqa: F401 (bench)

# The parts of an article the ladder looks at, best first, with their PostgreSQL weights.
FIELDS = (("title", "A"), ("lead", "B"), ("body", "C"))

# SQLite: the body's plain text (Article.body_plain, kept by save(): articles/body.py).
_SQLITE_BODY_TEXT = ('(coalesce("articles_article"."body_plain", \'\') || \' \' || '
                     'coalesce("articles_article"."search_captions", \'\'))')
_SQLITE_LEAD_TEXT = ('("articles_article"."lead" || \' \' || '
                     'coalesce("articles_article"."search_headings", \'\'))')
# Title, lead and body as one text, in the order search_text and the PostgreSQL vectors have them.
_SQLITE_ALL_TEXT = ('("articles_article"."title" || \' \' || "articles_article"."lead" || \' \' || '
                    f'coalesce({_SQLITE_BODY_TEXT}, \'\'))')


def _marked(term: Term) -> bool:
    return any(fold(word) != word for word in term.words)


# --- PostgreSQL: tsquery text and conditions on the stored vectors ----------------------

def _ts_words(words, *, exact: bool, weight: str = "") -> str:
    """"(hoà:A | hòa:A) <-> khen:A": the words adjacent and in order (letters and digits only: query.py)."""
    parts = []
    for word in words:
        variants = dict.fromkeys([word, old_tone_placement(word)]) if exact else [fold(word)]
        parts.append("(" + " | ".join(f"{variant}{':' + weight if weight else ''}" for variant in variants) + ")")
    return " <-> ".join(parts)


def _ts_terms(terms, *, exact: bool, weight: str = "") -> str:
    return " & ".join(f"({_ts_words(term.words, exact=exact, weight=weight)})" for term in terms)


def _pg_matches(tsquery: str, *, exact: bool) -> RawSQL:
    if exact:
        sql = '"articles_article"."search_exact" @@ to_tsquery(\'simple\'::regconfig, %s)'
    else:
        sql = '"articles_article"."search_folded" @@ to_tsquery(\'vi_unaccent\'::regconfig, %s)'
    return RawSQL(sql, [tsquery], output_field=BooleanField())


def _pg_filter(query: Query) -> Q:
    folded = _ts_terms(query.include, exact=False)
    for term in query.exclude:
        if not _marked(term):
            folded += f" & !({_ts_words(term.words, exact=False)})"
    condition = Q(_pg_matches(folded, exact=False))
    for term in query.exclude:
        if _marked(term):
            condition &= ~Q(_pg_matches(_ts_words(term.words, exact=True), exact=True))
    return condition


def _pg_rung(query: Query, *, exact: bool, phrase: bool, weight: str) -> RawSQL:
    if phrase:
        return _pg_matches(_ts_words(query.words, exact=exact, weight=weight), exact=exact)
    return _pg_matches(_ts_terms(query.include, exact=exact, weight=weight), exact=exact)


# --- SQLite: regular expressions on the stored text ------------------------------------

def _sqlite_terms(field: str, terms, *, exact: bool) -> Q:
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field}__regex": words_pattern(term.words, exact=exact)})
    return condition


def _sqlite_filter(query: Query) -> Q:
    condition = _sqlite_terms("search_text", query.include, exact=False)
    for term in query.exclude:
        if _marked(term):
            condition &= ~Q(all_text__regex=words_pattern(term.words, exact=True))
        else:
            condition &= ~Q(search_text__regex=words_pattern(term.words, exact=False))
    return condition


# Headings weigh with the lead, photo captions with the body (as the PostgreSQL weights B and C).
_SQLITE_FIELDS = {"title": "title", "lead": "lead_text", "body": "body_text"}


def _sqlite_rung(query: Query, *, exact: bool, phrase: bool, field: str) -> Q:
    if phrase:
        return Q(**{f"{field}__regex": words_pattern(query.words, exact=exact)})
    return _sqlite_terms(field, query.include, exact=exact)


# --- Both ---------------------------------------------------------------------------------

def _ladder(query: Query) -> list:
    """The rungs, best first, as conditions for this database (see the module docstring)."""
    postgresql = connection.vendor == "postgresql"
    rungs = []
    for exact in ([True, False] if query.marked else [False]):
        kinds = [True, False] if len(query.words) > 1 else [False]  # one word: its phrase is itself
        for phrase in kinds:
            for field, weight in FIELDS:
                rungs.append(_pg_rung(query, exact=exact, phrase=phrase, weight=weight) if postgresql
                             else _sqlite_rung(query, exact=exact, phrase=phrase, field=_SQLITE_FIELDS[field]))
        if exact:  # every term somewhere with its exact accents
            rungs.append(_pg_matches(_ts_terms(query.include, exact=True), exact=True) if postgresql
                         else _sqlite_terms("all_text", query.include, exact=True))
    return rungs


def _matches(words: list[str]) -> Q:
    """The PostgreSQL filter for these words (bench/search_times.py explains its plan)."""
    return _pg_filter(Query(include=tuple(Term((word,)) for word in words)))


def _published_between(since: datetime.date | None, until: datetime.date | None) -> Q:
    """Published on those days (the site's time zone, Asia/Ho_Chi_Minh), both included."""
    condition = Q()
    zone = timezone.get_default_timezone()
    if since:
        condition &= Q(publish_at__gte=datetime.datetime.combine(since, datetime.time.min, tzinfo=zone))
    if until:
        next_day = until + datetime.timedelta(days=1)
        condition &= Q(publish_at__lt=datetime.datetime.combine(next_day, datetime.time.min, tzinfo=zone))
    return condition


def search_articles(q: str | Query, *, section: str | None = None, since: datetime.date | None = None,
                    until: datetime.date | None = None, newest_first: bool = False):
    """Live articles matching the query, best first (or newest first); an empty query matches nothing.

    `section` is a section's slug (that section's own articles, as on its page);
    `since` and `until` are days, both included.
    """
    query = q if isinstance(q, Query) else parse_query(q)
    if not query:
        return selectors.live_list().none()

    postgresql = connection.vendor == "postgresql"
    matching = Article.objects.live().filter(_published_between(since, until))
    if section:
        matching = matching.filter(section__slug=section)
    if postgresql:
        matching = matching.filter(_pg_filter(query))
    else:
        if any(_marked(term) for term in query.exclude):
            matching = matching.annotate(all_text=RawSQL(_SQLITE_ALL_TEXT, [], output_field=TextField()))
        matching = matching.filter(_sqlite_filter(query))
    # A list, not a subquery: the raw SQL names the outer table, which a subquery
    # renames. At most MAX_CANDIDATES ids, newest first (publish_at index).
    candidates = list(matching.order_by("-publish_at", "-pk").values_list("pk", flat=True)[:MAX_CANDIDATES])

    if postgresql:
        # One array parameter rather than an IN list of up to MAX_CANDIDATES placeholders
        # (parsing and planning those cost more than the search itself).
        results = selectors.live_list().filter(
            RawSQL('"articles_article"."id" = ANY(%s)', [candidates], output_field=BooleanField()))
    else:
        results = selectors.live_list().filter(pk__in=candidates)
    if newest_first:
        return results.order_by("-publish_at", "-pk")
    if not postgresql:
        results = results.annotate(body_text=RawSQL(_SQLITE_BODY_TEXT, [], output_field=TextField()),
                                   lead_text=RawSQL(_SQLITE_LEAD_TEXT, [], output_field=TextField()),
                                   all_text=RawSQL(_SQLITE_ALL_TEXT, [], output_field=TextField()))
    return results.annotate(score=_score(_ladder(query))).order_by("-score", "-publish_at", "-pk")


def _score(rungs: list):
    """The number of the first rung an article reaches, counted from the bottom (0: none)."""
    values = [len(rungs) - number for number in range(len(rungs))]
    if connection.vendor == "postgresql":
        # One raw CASE rather than Case(When(RawSQL) ...): the same SQL, without the cost
        # of compiling a dozen expressions on every search.
        sql = " ".join(f"WHEN {rung.sql} THEN {value}" for rung, value in zip(rungs, values))
        return RawSQL(f"CASE {sql} ELSE 0 END", [param for rung in rungs for param in rung.params],
                      output_field=IntegerField())
    return Case(*[When(rung, then=Value(value)) for rung, value in zip(rungs, values)],
                default=Value(0), output_field=IntegerField())
