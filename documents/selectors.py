"""Reads the page cache asks of the documents app."""

import datetime

from django.db.models import Min, Q
from django.utils import timezone

from .models import Consultation, Document


def next_status_change() -> datetime.datetime | None:
    """When a public page about documents next changes by itself (settings.PAGE_CACHE_NEXT_CHANGES).

    A document's legal status is derived from dates: it changes at the local
    midnight that starts its effective or expiry date (or a replacing document's
    effective date); a consultation opens and closes at its times. The page
    cache starts a new generation then, with no job running.
    """
    today, now = timezone.localdate(), timezone.now()
    dates = Document.objects.public().aggregate(
        effective=Min("effective_on", filter=Q(effective_on__gt=today)),
        expires=Min("expires_on", filter=Q(expires_on__gt=today))).values()
    times = Consultation.objects.public().aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)), closes=Min("closes_at", filter=Q(closes_at__gt=now))).values()
    midnights = [timezone.make_aware(datetime.datetime.combine(day, datetime.time())) for day in dates if day]
    upcoming = [moment for moment in (*midnights, *times) if moment]
    return min(upcoming) if upcoming else None
