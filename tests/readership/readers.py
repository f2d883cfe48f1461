"""Helpers of the readership tests (not a test module): readers (distinct browsers) and the beacon's address."""

from django.urls import reverse

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36"


def reader_agent(number: int) -> str:
    """A distinct real browser User-Agent: reader `number`."""
    return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0.{number} Safari/537.36"


def beacon_url(article) -> str:
    return reverse("articles:count_view", args=[article.pk])
