"""Correction notes in public: the corrections page and the notes' JSON-LD.

Only notes on live articles are shown: an unpublished article's notes leave
the site with it.
"""

from django.utils import timezone
from django.views.generic import ListView

from ..models import Article, CorrectionNote


def public_notes():
    return (CorrectionNote.objects.filter(article__in=Article.objects.live())
            .select_related("article", "revision").order_by("-created_at", "-pk"))


def correction_notes_jsonld(article: Article, notes=None) -> list[dict]:
    """schema.org CorrectionComment items for the article's `correction` property, newest first.

    `notes`: the article's notes when the caller already has them.
    """
    return [
        {
            "@type": "CorrectionComment",
            "text": note.text,
            "datePublished": timezone.localtime(note.created_at).isoformat(),
            "name": str(note.get_kind_display()),
        }
        for note in (article.correction_notes.all() if notes is None else notes)  # newest first (model ordering)
    ]


class CorrectionsView(ListView):
    """Every correction, clarification and update on live articles, newest first."""

    template_name = "articles/corrections.html"
    context_object_name = "notes"
    paginate_by = 50
    page_cache_params = frozenset({"page"})

    def get_queryset(self):
        return public_notes()
