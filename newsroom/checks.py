"""Project-wide system checks run by `manage.py check --deploy` (and `make serve-prod`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def site_url_is_explicit(app_configs, **kwargs):
    """Every absolute address (feeds, sitemaps, canonical links, emails) comes from SITE_URL:
    in production it must be set, never guessed from a request's Host header or a default."""
    if getattr(settings, "PRODUCTION", False) and not settings.SITE_URL_IS_SET:
        return [Error("SITE_URL chưa được đặt: mọi địa chỉ tuyệt đối (RSS, sitemap, liên kết chuẩn, email) lấy từ "
                      "nó. Hãy đặt SITE_URL=https://ten-mien-cua-cong trong môi trường.", id="newsroom.E001")]
    return []
