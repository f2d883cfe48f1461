"""What invalidates the public caches: every write to content a public page can show.

Connected by PagecacheConfig.ready() with explicit senders: every model of the
apps in settings.PAGE_CACHE_CONTENT_APPS, for post_save, post_delete and
m2m_changed, and the `content_changed` signal that writes bypassing save() send.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from .generation import bump_generation
from .signals import content_changed


def _never_public(instance) -> bool:
    """True for a draft's own rows: a reporter's typing cannot change a public page.

    A content model (or a row hanging off one through `.article`) says so with
    its `never_public` property (articles.models.Article).
    """
    owner = instance if hasattr(type(instance), "never_public") else getattr(instance, "article", None)
    return bool(owner is not None and getattr(owner, "never_public", False))


def _changed(sender, instance=None, raw=False, **kwargs):
    # Rows loaded by loaddata (raw) may point at rows not loaded yet: do not look at them.
    if raw or instance is None or not _never_public(instance):
        bump_generation(f"{sender._meta.label} changed")


def _bulk_changed(sender, **kwargs):
    bump_generation(f"{getattr(sender, '__name__', sender)} changed in bulk")


def connect() -> None:
    for label in settings.PAGE_CACHE_CONTENT_APPS:
        # Auto-created through models too: m2m_changed names the through model as sender.
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"pagecache:{model._meta.label}"
            post_save.connect(_changed, sender=model, dispatch_uid=uid + ":save")
            post_delete.connect(_changed, sender=model, dispatch_uid=uid + ":delete")
            m2m_changed.connect(_changed, sender=model, dispatch_uid=uid + ":m2m")
    content_changed.connect(_bulk_changed, dispatch_uid="pagecache:content-changed")
