"""What invalidates the public caches: every write to content a public page can show.

Connected by PagecacheConfig.ready() with explicit senders: every model of the
apps in settings.PAGE_CACHE_CONTENT_APPS, for post_save, post_delete and
m2m_changed (and post_init for parts), and the `content_changed` signal that writes bypassing save() send.

What each write drops (docs/developers.md, "Caching"):

- A model with a `page_cache_scopes()` method (articles.models.Article) is a
  *scoped* model: its save or delete bumps the scopes it names (itself, its
  section, its tags) and the lists' generation.
- A row with a foreign key to a scoped model (a photo slot, a byline, a tag link,
  an attachment, a correction) is a *part* of it: its save or delete bumps a scope
  per foreign key it holds, before and after the change ("articles.article:12",
  "articles.tag:5", ...), and the lists' generation.
- A many-to-many change bumps the scopes of both ends and the lists' generation
  (a clear, whose rows are not named, bumps everything).
- Anything else (a section, a tag, a photo, an author, an award, a document) and
  every bulk write (`content_changed`) bumps the global generation: everything.

A missed dependency errs on the side of dropping more: only pages that name what
they show (the article page) escape the lists' generation.
"""

import functools

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from .fragments import scope_of
from .generation import bump_generation, bump_scopes
from .signals import content_changed


def _is_scoped(model) -> bool:
    return callable(getattr(model, "page_cache_scopes", None))


@functools.lru_cache(maxsize=None)
def _part_keys(model) -> list:
    """The foreign keys of a part (a row hanging off a scoped model), or [] when it is none."""
    keys = [field for field in model._meta.concrete_fields if isinstance(field, models.ForeignKey)]
    return keys if any(_is_scoped(field.related_model) for field in keys) and not _is_scoped(model) else []


def _part_scopes(instance, keys) -> set[str]:
    # From the instance's own values only: a deferred key is not loaded (no query).
    values = instance.__dict__
    return {scope_of(field.related_model, values[field.attname]) for field in keys
            if values.get(field.attname) is not None}


def _never_public(instance) -> bool:
    """True for a draft's own rows: a reporter's typing cannot change a public page.

    A content model (or a row hanging off one through `.article`) says so with
    its `never_public` property (articles.models.Article).
    """
    owner = instance if hasattr(type(instance), "never_public") else getattr(instance, "article", None)
    return bool(owner is not None and getattr(owner, "never_public", False))


def _remember_loaded_keys(sender, instance=None, **kwargs):
    """A part moved to another owner must drop the old owner's pages too: note what it held when loaded."""
    if instance is not None and instance.pk is not None:
        instance._page_cache_old_scopes = _part_scopes(instance, _part_keys(sender))


def _changed(sender, instance=None, raw=False, **kwargs):
    # Rows loaded by loaddata (raw) may point at rows not loaded yet: do not look at them.
    if raw or instance is None:
        bump_generation(f"{sender._meta.label} changed")
        return
    if _never_public(instance):
        return
    if _is_scoped(sender):
        bump_scopes({scope_of(sender, instance.pk), *instance.page_cache_scopes()}, f"{sender._meta.label} changed")
        return
    keys = _part_keys(sender)
    if keys:
        scopes = _part_scopes(instance, keys) | getattr(instance, "_page_cache_old_scopes", set())
        bump_scopes(scopes, f"{sender._meta.label} changed")
        return
    bump_generation(f"{sender._meta.label} changed")


def _m2m_changed(sender, instance=None, action="", model=None, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if pk_set is None or instance is None:  # a clear: which rows, it does not say
        bump_generation(f"{sender._meta.label} cleared")
        return
    if _never_public(instance):
        return
    scopes = {scope_of(type(instance), instance.pk), *(scope_of(model, pk) for pk in pk_set)}
    if _is_scoped(type(instance)):
        scopes |= set(instance.page_cache_scopes())
    bump_scopes(scopes, f"{sender._meta.label} changed")


def _bulk_changed(sender, **kwargs):
    bump_generation(f"{getattr(sender, '__name__', sender)} changed in bulk")


def connect() -> None:
    for label in settings.PAGE_CACHE_CONTENT_APPS:
        # Auto-created through models too: m2m_changed names the through model as sender.
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"pagecache:{model._meta.label}"
            if _part_keys(model):
                post_init.connect(_remember_loaded_keys, sender=model, dispatch_uid=uid + ":init")
            post_save.connect(_changed, sender=model, dispatch_uid=uid + ":save")
            post_delete.connect(_changed, sender=model, dispatch_uid=uid + ":delete")
            m2m_changed.connect(_m2m_changed, sender=model, dispatch_uid=uid + ":m2m")
    content_changed.connect(_bulk_changed, dispatch_uid="pagecache:content-changed")
