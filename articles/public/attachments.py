"""/tep/<pk>/: an article's attached document, with its real file name and type.

Readers get the files of live articles; staff who may see the article in the
admin get the others (not cached). The stored name on disk is random; the name
the browser saves is the one uploaded (Content-Disposition, RFC 6266, so a
Vietnamese name arrives intact).
"""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from .. import selectors
from ..models import Article, Attachment


@require_safe
def attachment(request, pk: int):
    item = Attachment.objects.select_related("article").filter(pk=pk).first()
    if item is None:
        raise Http404("Không có tệp này.")
    live = Article.objects.live().filter(pk=item.article_id).exists()
    if not live and not (request.user.is_authenticated and request.user.is_staff
                         and selectors.visible_to(user=request.user).filter(pk=item.article_id).exists()):
        raise Http404("Không có tệp này.")
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Không có tệp này.") from None
    response = FileResponse(handle, as_attachment=True, filename=item.file_name, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if live else "private, no-store"
    return response
