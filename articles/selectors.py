"""Reads that several places share, named once (HackSoft's selectors).

Public pages, feeds, sitemaps and search start from Article.objects.live();
the admin, the dashboard and the history start from visible_to(user).
"""

import datetime
import functools
import json

from django.db import connection
from django.db.models import (Aggregate, Count, Exists, JSONField, OuterRef, Prefetch, QuerySet, Subquery,
                              prefetch_related_objects)
from django.db.models.functions import JSONObject
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .body import referenced_ids
from .models import Article, ArticleAuthor, Attachment, CorrectionNote, Status, Tag, TaggedArticle, photo_slot_model
from .workflow.roles import is_editor

RELATED_COUNT = 5
RELATED_CANDIDATES = 300
# What the related block shows (a link with a date): not the article bodies.
RELATED_FIELDS = ["title", "slug", "publish_at", "section__slug", "section__name"]


def visible_to(*, user, queryset: QuerySet | None = None) -> QuerySet:
    """The articles this user may see in the admin: editors every one, others their own (owned_q)."""
    queryset = Article.objects.all() if queryset is None else queryset
    if is_editor(user):
        return queryset
    return queryset.filter(pk__in=Article.objects.owned_by(user).values("pk"))


def own_articles(*, user, queryset: QuerySet | None = None) -> QuerySet:
    """The articles the user created or is named in the byline of, whatever their role."""
    queryset = Article.objects.all() if queryset is None else queryset
    return queryset.filter(pk__in=Article.objects.owned_by(user).values("pk"))


def next_scheduled_publication() -> datetime.datetime | None:
    """When the next scheduled article goes live (one of settings.PAGE_CACHE_NEXT_CHANGES)."""
    return (Article.objects.filter(status=Status.SCHEDULED, publish_at__gt=timezone.now(), deleted_at__isnull=True)
            .order_by("publish_at").values_list("publish_at", flat=True).first())


def live_list() -> QuerySet:
    """Live articles for a list: section for the URL, the first photo slot for the thumbnail.

    Not the stored search text, which no list shows and which is as long as the article.
    """
    first_slot = Prefetch("photo_slots", queryset=photo_slot_model().objects.select_related("photo")[:1],
                          to_attr="list_slots")
    return (Article.objects.live().defer("search_text", "body").select_related("section")
            .prefetch_related(first_slot))


# --- The article page -----------------------------------------------------------


def photos_prefetch() -> Prefetch:
    """Photo slots with their photo in one query, whatever their number."""
    # Renditions come from Photo.rendition_summary: no query of their own.
    return Prefetch("photo_slots", queryset=photo_slot_model().objects.select_related("photo"))


def byline_prefetch() -> Prefetch:
    return Prefetch("author_links", queryset=ArticleAuthor.objects.select_related("author"))


def _public_awards_of(article_ref):
    # The awards app points at articles (Award.articles); this app does not import it:
    # the reverse relation gives its model and its public() rule.
    award_model = Article._meta.get_field("awards").related_model
    return award_model.objects.public().filter(articles=article_ref)


def with_article_page_data(queryset: QuerySet) -> QuerySet:
    """The article with its section, and whether it has corrections or public awards.

    Corrections and awards are rare: the article's own query says whether it has
    any (EXISTS), and the page fetches them only then (rare_parts). The rest of
    what the page shows (byline, photos, tags, related articles) is fetched only
    when its rendered fragments are not in the cache.
    """
    return queryset.defer("search_text").select_related("section").annotate(**_page_annotations())


@functools.cache
def _page_annotations() -> dict:
    # Built once per process: annotate() resolves a copy of each for every query, and building
    # these subqueries cost as much as compiling the query. None of them reads the clock.
    return {
        "has_corrections": Exists(CorrectionNote.objects.filter(article=OuterRef("pk"))),
        "has_public_awards": Exists(_public_awards_of(OuterRef("pk"))),
        "tag_rows": _json_rows(TaggedArticle.objects.filter(content_object=OuterRef("pk")), "content_object",
                               id="tag_id", name="tag__name", slug="tag__slug"),
        "attachment_rows": _attachment_rows(),
        "byline_rows": _json_rows(ArticleAuthor.objects.filter(article=OuterRef("pk")), "article",
                                  **{name: name for name in BYLINE_ROW_FIELDS}),
        "slot_rows": _json_rows(photo_slot_model().objects.filter(article=OuterRef("pk")), "article",
                                **{name: name for name in SLOT_ROW_FIELDS}),
    }


# What the article page shows of its byline and its photos, read inside the article's own query.
BYLINE_ROW_FIELDS = ["id", "order", "author_id", "author__name", "author__slug"]
SLOT_ROW_FIELDS = ["id", "order", "caption", "credit", "photo_id", "photo__image", "photo__width", "photo__height",
                   "photo__alt_text", "photo__credit", "photo__caption", "photo__focal_x", "photo__focal_y",
                   "photo__rendition_summary"]


def attach_page_rows(article: Article) -> None:
    """The article's byline and photo slots, from its query's rows when it has them (no query),
    else prefetched (two queries): article.byline() and article.photo_slots.all() then read them."""
    if "byline_rows" not in article.__dict__ or "slot_rows" not in article.__dict__:
        prefetch_related_objects([article], byline_prefetch(), photos_prefetch())
        return
    author_model = ArticleAuthor._meta.get_field("author").related_model
    links = []
    for row in sorted(article.byline_rows or [], key=lambda row: (row["order"], row["id"])):
        link = _loaded(ArticleAuthor(pk=row["id"], article=article, author_id=row["author_id"], order=row["order"]))
        link.author = _loaded(author_model(pk=row["author_id"], name=row["author__name"], slug=row["author__slug"]))
        links.append(link)
    slot_model, photo_model = photo_slot_model(), photo_slot_model()._meta.get_field("photo").related_model
    slots = []
    for row in sorted(article.slot_rows or [], key=lambda row: (row["order"], row["id"])):
        slot = _loaded(slot_model(pk=row["id"], article=article, photo_id=row["photo_id"], order=row["order"],
                                  caption=row["caption"], credit=row["credit"]))
        if row["photo_id"] is None:
            slot.photo = None
        else:
            summary = row["photo__rendition_summary"]
            slot.photo = _loaded(photo_model(
                pk=row["photo_id"], image=row["photo__image"], width=row["photo__width"],
                height=row["photo__height"], alt_text=row["photo__alt_text"], credit=row["photo__credit"],
                caption=row["photo__caption"], focal_x=row["photo__focal_x"], focal_y=row["photo__focal_y"],
                # SQLite nests a JSON column as its text; PostgreSQL as JSON.
                rendition_summary=json.loads(summary) if isinstance(summary, str) else (summary or {})))
        slots.append(slot)
    cache = article.__dict__.setdefault("_prefetched_objects_cache", {})
    cache["author_links"], cache["photo_slots"] = links, slots


def _loaded(instance):
    """A model instance built from a row read elsewhere, marked as one that is in the database."""
    instance._state.adding, instance._state.db = False, "default"
    return instance


def _attachment_rows() -> Subquery:
    return _json_rows(Attachment.objects.filter(article=OuterRef("pk")), "article", id="pk", file="file",
                      file_name="file_name", content_type="content_type", size="size", title="title")


def with_attachment_rows(queryset: QuerySet) -> QuerySet:
    """Articles with their attachments inside their own query (page_attachments reads them)."""
    return queryset.annotate(attachment_rows=_attachment_rows())


class _JSONArrayAgg(Aggregate):
    """Rows as one JSON array: json_group_array on SQLite, jsonb_agg on PostgreSQL."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def _json_rows(queryset: QuerySet, group_by: str, **fields) -> Subquery:
    """A correlated subquery giving `fields` of every row of `queryset` as a JSON list of objects.

    The article page reads its tags and attachments this way, inside the article's own
    query, so that they cost no query of their own (the page's budget: five).
    """
    return Subquery(queryset.order_by().values(group_by).annotate(rows=_JSONArrayAgg(JSONObject(**fields)))
                    .values("rows"), output_field=JSONField())


def page_tags(article: Article) -> list:
    """The article's tags, by name: from its query's tag_rows when it has them."""
    rows = getattr(article, "tag_rows", None)
    if rows is None and "tag_rows" not in article.__dict__:
        return list(article.tags.all())
    return sorted((Tag(pk=row["id"], name=row["name"], slug=row["slug"]) for row in rows or []),
                  key=lambda tag: tag.name)


def page_attachments(article: Article) -> dict:
    """id -> Attachment of the article: from its query's attachment_rows when it has them."""
    rows = getattr(article, "attachment_rows", None)
    if rows is None and "attachment_rows" not in article.__dict__:
        if not referenced_ids(article.body, "attachment"):
            return {}
        return {attachment.pk: attachment for attachment in article.attachments.all()}
    return {row["id"]: Attachment(article=article, **{key: value for key, value in row.items()})
            for row in rows or []}


def page_related_cards(article: Article) -> dict:
    """id -> live article for the body's related blocks (one query, only when it has some)."""
    ids = referenced_ids(article.body, "related")
    if not ids:
        return {}
    return {item.pk: item for item in Article.objects.live().filter(pk__in=ids).select_related("section")
            .only(*RELATED_FIELDS, "lead")}


def page_slots(article: Article) -> dict:
    """id -> photo slot (prefetched by photos_prefetch)."""
    return {slot.pk: slot for slot in article.photo_slots.all()}


def rare_parts(article: Article) -> list:
    """The article's correction notes, and its public awards for the awards block (when it has any)."""
    if not getattr(article, "has_public_awards", True):
        article.public_awards = []  # the awards block's template tag reads this instead of querying
    elif not hasattr(article, "public_awards"):
        article.public_awards = list(_public_awards_of(article).select_related("form"))
    if not getattr(article, "has_corrections", True):
        return []
    return list(article.correction_notes.all())


def related_articles(article: Article, tags) -> list[Article]:
    """Live articles sharing the most tags with `article`, then from its section, newest first.

    Two small queries rather than one OR: "same section" matches a large part of the
    archive, and ranking all of it by shared tags took most of the page's time.
    """
    tag_ids = [tag.pk for tag in tags]
    related = []
    if tag_ids:
        # Ranked among the RELATED_CANDIDATES most recently created articles sharing a tag, so
        # that a tag on thousands of articles costs no more than a rare one.
        candidates = _related_candidates(article, tag_ids)
        # Filtering on the tags first makes Count("tags") count the shared ones only.
        related = list(Article.objects.live().filter(pk__in=candidates, tags__in=tag_ids)
                       .annotate(shared=Count("tags")).select_related("section").only(*RELATED_FIELDS)
                       .order_by("-shared", "-publish_at", "-pk")[:RELATED_COUNT])
    if len(related) < RELATED_COUNT and article.section_id:
        seen = [article.pk, *(item.pk for item in related)]
        related += list(Article.objects.live().filter(section_id=article.section_id).exclude(pk__in=seen)
                        .select_related("section").only(*RELATED_FIELDS)
                        .order_by("-publish_at", "-pk")[:RELATED_COUNT - len(related)])
    return related


def _related_candidates(article: Article, tag_ids: list[int]):
    """The ids of the RELATED_CANDIDATES newest articles sharing one of tag_ids, as a subquery."""
    if connection.vendor == "postgresql":
        # Each tag's newest few from the (tag, -article) index, then the newest of those:
        # the same ids as the plain query below, whose plan on PostgreSQL walks all tag
        # links newest first and filters them (33,000 rows at 100,000 articles).
        return RawSQL(
            "SELECT DISTINCT newest.content_object_id FROM unnest(%s::bigint[]) AS shared(tag_id)"
            " CROSS JOIN LATERAL (SELECT content_object_id FROM articles_taggedarticle"
            " WHERE tag_id = shared.tag_id AND content_object_id <> %s"
            " ORDER BY content_object_id DESC LIMIT %s) AS newest"
            " ORDER BY newest.content_object_id DESC LIMIT %s",
            [tag_ids, article.pk, RELATED_CANDIDATES, RELATED_CANDIDATES])
    return (TaggedArticle.objects.filter(tag_id__in=tag_ids).exclude(content_object_id=article.pk)
            .order_by("-content_object_id").values("content_object_id")[:RELATED_CANDIDATES])
