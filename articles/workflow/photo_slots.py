"""Photo slots without an image (an import leaves one per caption): listing them and removing them.

The publishing checks (transitions.publishing_problems) refuse an article with such
a slot; `remove_empty_photo_slots` is the one-click fix the article form offers.
photos is not imported: the slots' model comes through Article (photo_slot_model()).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Article, photo_slot_model
from . import revisions
from .roles import can_edit


def empty_slot_numbers(article: Article) -> list[int]:
    """The numbers (from 1, in slot order, as the publishing checks count them) of the slots with no image."""
    return [number for number, photo_id in enumerate(article.photo_slots.values_list("photo_id", flat=True), start=1)
            if photo_id is None]


@transaction.atomic
def remove_empty_photo_slots(article: Article, user) -> int:
    """Delete the article's photo slots that have no image, and their places in the body.

    Whoever may edit the article (roles.can_edit: editors, the reporter on their own
    draft); else PermissionDenied. The article gets a new version (a form opened
    before is told someone saved) and a revision. Returns how many slots went.
    """
    article = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
    if not can_edit(article, user):
        raise PermissionDenied(_("Bạn không có quyền sửa bài này."))
    slots = list(photo_slot_model().objects.filter(article=article, photo__isnull=True))
    for slot in slots:
        slot.delete()  # photos takes the slot out of its photos block (a block left empty goes)
    if slots:
        article.refresh_from_db()
        article.save()  # a new version; the page cache hears of it
        revisions.record(article, user, reason=_("Xóa các ô ảnh trống"))
    return len(slots)
