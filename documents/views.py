"""Public pages of the register and of the consultations.

Every queryset starts from Document.objects.public() (or Consultation.objects.public()):
a draft is a 404 everywhere, a withdrawn document answers 410 with a short notice.
Query budgets (tests/documents/test_public.py): a fixed number per page whatever
the number of files, relations, articles or comments.
"""

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Article
from newsroom.auth_backends import client_ip
from pagecache.urls import exempt, reads_params

from .consultation import CommentRefused, check_window, form_token, submit_comment
from .files import human_size
from .forms import CommentForm
from .models import (Comment, CommentStatus, Consultation, Document, DocumentKind, DocumentRelation, IssuingBody,
                     LegalStatus, Sector, State)
from .workflow import can_manage

PAGE_SIZE = 20
CITING_ARTICLES = 20
FILTERS = {"loai": "kind__slug", "co-quan": "issuing_body__slug", "linh-vuc": "sector__slug"}


def _public_list():
    return (Document.objects.public().with_legal_status().select_related("kind", "issuing_body", "sector")
            .defer("full_text", "search_text"))


@reads_params("loai", "co-quan", "linh-vuc", "nam", "trang-thai", "q", "page")
@require_safe
def document_list(request):
    """/van-ban/: newest first; ?loai= &co-quan= &linh-vuc= &nam= &trang-thai= &q=."""
    documents = _public_list()
    selected = {}
    for parameter, lookup in FILTERS.items():
        value = request.GET.get(parameter, "").strip()
        if value:
            documents = documents.filter(**{lookup: value})
            selected[parameter] = value
    year = request.GET.get("nam", "").strip()
    if year.isdigit() and len(year) == 4:
        documents = documents.filter(issued_on__year=int(year))
        selected["nam"] = year
    status = request.GET.get("trang-thai", "").strip()
    if status in LegalStatus.values:
        documents = documents.filter(legal_status_value=status)
        selected["trang-thai"] = status
    q = " ".join(request.GET.get("q", "").split())[:200]
    if q:
        documents = documents.search(q)
        selected["q"] = q
    paginator = Paginator(documents, PAGE_SIZE, allow_empty_first_page=True)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except Exception:  # noqa: BLE001 - EmptyPage, PageNotAnInteger: Paginator's own errors
        raise Http404 from None
    params = request.GET.copy()
    params.pop("page", None)
    years = [day.year for day in Document.objects.public().filter(issued_on__isnull=False)
             .dates("issued_on", "year", order="DESC")]
    return render(request, "documents/document_list.html", {
        "documents": page.object_list, "page_obj": page, "filter_query": params.urlencode(),
        "kinds": DocumentKind.objects.all(), "bodies": IssuingBody.objects.all(), "sectors": Sector.objects.all(),
        "years": years, "statuses": LegalStatus.choices, "doc_q": q,
        "selected_kind": selected.get("loai", ""), "selected_body": selected.get("co-quan", ""),
        "selected_sector": selected.get("linh-vuc", ""), "selected_year": selected.get("nam", ""),
        "selected_status": selected.get("trang-thai", ""),
        "feed_url": reverse("documents:feed"),
    })


def _document_or_gone(request, slug, queryset=None):
    """The public document for `slug`; a withdrawn one renders the 410 notice (returned as a response)."""
    queryset = queryset if queryset is not None else Document.objects.all()
    document = get_object_or_404(queryset.with_legal_status().select_related("kind", "issuing_body", "sector"),
                                 slug=slug)
    if document.state == State.WITHDRAWN:
        return None, render(request, "documents/document_gone.html", {"document": document}, status=410)
    if document.state != State.PUBLISHED:
        raise Http404
    return document, None


def related_documents(document: Document) -> list[tuple[str, Document]]:
    """(label, other document) for every public document linked to this one, both directions: three queries."""
    outgoing = list(DocumentRelation.objects.filter(source=document, target__state=State.PUBLISHED)
                    .select_related("target__kind"))
    incoming = list(DocumentRelation.objects.filter(target=document, source__state=State.PUBLISHED)
                    .select_related("source__kind"))
    pairs = [(relation.get_kind_display(), relation.target) for relation in outgoing]
    pairs += [(relation.inverse_label, relation.source) for relation in incoming]
    if pairs:
        statuses = dict(Document.objects.with_legal_status().filter(pk__in=[other.pk for _, other in pairs])
                        .values_list("pk", "legal_status_value"))
        for _, other in pairs:
            other.legal_status_value = statuses[other.pk]
    return pairs


def _json_ld(document: Document, url: str) -> str:
    data = {
        "@context": "https://schema.org", "@type": "Legislation", "name": document.title,
        "legislationIdentifier": document.number or None, "abstract": document.summary,
        "legislationType": document.kind.name, "url": url,
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": document.issuing_body.name},
        "legislationDate": document.issued_on.isoformat() if document.issued_on else None,
        "legislationDateVersion": document.effective_on.isoformat() if document.effective_on else None,
        "legislationLegalForce": {LegalStatus.IN_FORCE: "https://schema.org/InForce",
                                  LegalStatus.EXPIRED: "https://schema.org/NotInForce"}.get(document.legal_status),
        "inLanguage": "vi", "about": document.sector.name if document.sector_id else None,
    }
    text = json.dumps({key: value for key, value in data.items() if value}, ensure_ascii=False)
    # Nothing in the data can close the script element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@require_safe
def document_detail(request, slug):
    """/van-ban/<slug>/: metadata table, status, files, related documents, citing articles."""
    document, gone = _document_or_gone(request, slug, Document.objects.select_related("consultation"))
    if gone:
        return gone
    files = list(document.files.all())
    for item in files:
        item.size_display = human_size(item.size)
    citing = list(Article.objects.live().filter(cited_documents=document).select_related("section")
                  .order_by("-publish_at")[:CITING_ARTICLES])
    canonical = settings.SITE_URL + document.get_absolute_url()
    consultation = getattr(document, "consultation", None)
    return render(request, "documents/document_detail.html", {
        "document": document, "files": files, "related": related_documents(document), "citing_articles": citing,
        "consultation": consultation, "canonical_url": canonical, "json_ld": _json_ld(document, canonical),
        "now": timezone.now(),
    })


@require_safe
def download(request, slug, pk):
    """A document's file under its real name and type. Staff who manage documents may fetch a draft's."""
    document = get_object_or_404(Document.objects.all(), slug=slug)
    if document.state != State.PUBLISHED and not can_manage(request.user):
        if document.state == State.WITHDRAWN:
            return render(request, "documents/document_gone.html", {"document": document}, status=410)
        raise Http404
    item = get_object_or_404(document.files.all(), pk=pk)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=item.name, content_type=item.content_type)
    if document.state != State.PUBLISHED:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def report_download(request, slug):
    """The summary report's file, once the consultation has closed."""
    consultation = get_object_or_404(Consultation.objects.public().select_related("document"), document__slug=slug)
    if not consultation.report_file or not consultation.has_closed():
        raise Http404
    try:
        handle = consultation.report_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=consultation.report_file_name,
                        content_type=consultation.report_content_type)


@require_safe
def consultation_list(request):
    """/lay-y-kien/: drafts open for comment (with the days left), then the closed ones."""
    now = timezone.now()
    consultations = Consultation.objects.public().select_related("document__kind", "document__issuing_body")
    open_now = list(consultations.open(now).order_by("closes_at", "pk"))
    closed = list(consultations.closed(now).order_by("-closes_at", "pk")[:50])
    for consultation in open_now:
        consultation.days_left_now = consultation.days_left(now)
    return render(request, "documents/consultation_list.html", {"open_consultations": open_now,
                                                                 "closed_consultations": closed, "now": now})


@exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_detail(request, slug):
    """/lay-y-kien/<slug>/: the draft, its files, the published comments, and the comment form (while open).

    Never kept by the page cache: the form carries a fresh signed time and a CSRF token,
    and whether it is open is decided on every request.
    """
    document, gone = _document_or_gone(request, slug)
    if gone:
        return gone
    consultation = Consultation.objects.filter(document=document).first()
    if consultation is None:
        raise Http404
    now = timezone.now()
    parts = list(consultation.parts.all())
    status = 200
    refusal = None
    form = None
    if request.method == "POST":
        form = CommentForm(request.POST, consultation=consultation, parts=parts)
        if form.is_valid():
            try:
                submit_comment(consultation, form.comment_data(), address=client_ip(request),
                               token=form.cleaned_data["ts"], honeypot=form.cleaned_data["website"])
            except CommentRefused as error:
                refusal, status = error.message, error.status
            else:
                return HttpResponseRedirect(consultation.get_absolute_url() + "?da-gui=1#gop-y")
        else:
            status = 400
            if not consultation.is_open(now):
                refusal, status = _closed_message(consultation, now), 403
    if consultation.is_open(now):
        # A fresh signed time on every page shown, also after an error.
        token = form_token(consultation)
        if form is None:
            form = CommentForm(consultation=consultation, parts=parts, initial={"ts": token})
        else:
            data = form.data.copy()
            data["ts"] = token
            form.data = data
    else:
        form = None
        if request.method == "POST" and refusal is None:
            refusal, status = _closed_message(consultation, now), 403
    files = list(document.files.all())
    for item in files:
        item.size_display = human_size(item.size)
    published = list(Comment.objects.filter(consultation=consultation, status=CommentStatus.ACCEPTED)
                     .select_related("part").order_by("part__order", "part__pk", "created_at", "pk"))
    response = render(request, "documents/consultation_detail.html", {
        "document": document, "consultation": consultation, "parts": parts, "files": files, "form": form,
        "refusal": refusal, "sent": request.GET.get("da-gui") == "1" and request.method != "POST",
        "published_comments": published, "is_open": consultation.is_open(now),
        "has_closed": consultation.has_closed(now), "now": now,
        "report_size": human_size(consultation.report_file_size) if consultation.report_file else "",
    }, status=status)
    patch_vary_headers(response, ["Cookie"])
    return response


def _closed_message(consultation: Consultation, now) -> str:
    try:
        check_window(consultation, now)
    except CommentRefused as error:
        return error.message
    return ""
