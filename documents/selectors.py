"""Reads the page cache asks of the documents app."""

import datetime

from django.db.models import Min
from django.utils import timezone

from .models import Consultation, Document


def next_status_change() -> datetime.datetime | None:
    """When a public page about documents next changes by itself (settings.PAGE_CACHE_NEXT_CHANGES).

    A document's legal status is derived from dates: it changes at the local
    midnight that starts its effective or expiry date (or a replacing document's
    effective date); a consultation opens and closes at its times. The page
    cache starts a new generation then, with no job running.
    """
    today = timezone.localdate()
    public = Document.objects.public()
    dates = [public.filter(**{f"{field}__gt": today}).aggregate(next=Min(field))["next"]
             for field in ("effective_on", "expires_on")]
    now = timezone.now()
    consultations = Consultation.objects.public()
    times = [consultations.filter(**{f"{field}__gt": now}).aggregate(next=Min(field))["next"]
             for field in ("opens_at", "closes_at")]
    midnights = [timezone.make_aware(datetime.datetime.combine(day, datetime.time())) for day in dates if day]
    upcoming = [moment for moment in (*midnights, *times) if moment]
    return min(upcoming) if upcoming else None
