"""A document's status changes at midnight and a consultation closes with no job running:
the page cache knows when (settings.PAGE_CACHE_NEXT_CHANGES) and starts a new generation then."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from documents import selectors
from pagecache import generation

pytestmark = pytest.mark.django_db


def local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def test_the_next_change_is_the_midnight_a_public_document_takes_effect(make_document):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    document = make_document(effective_on=tomorrow)
    assert selectors.next_status_change() == local_midnight(tomorrow)
    # Kept beside the generation by the bump the publication made:
    assert cache.get(generation.NEXT_SCHEDULED_KEY) == local_midnight(tomorrow).timestamp()
    assert document.pk


def test_drafts_and_past_dates_set_no_change(make_document):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_document(effective_on=yesterday, expires_on=None)
    make_document(number="7/KH-UBND", effective_on=timezone.localdate() + datetime.timedelta(days=3), publish=False)
    assert selectors.next_status_change() is None


def test_a_pending_comment_does_not_empty_the_page_cache(make_consultation):
    consultation = make_consultation(opens_at=timezone.now() - datetime.timedelta(days=1),
                                     closes_at=timezone.now() + datetime.timedelta(days=400))
    generation_before = generation.current_generation()[0]
    from documents.models import Comment

    Comment.objects.create(consultation=consultation, name="Nguyễn Văn A", email="a@example.com",
                           body="Góp ý về điều 3.")
    assert generation.current_generation()[0] == generation_before
