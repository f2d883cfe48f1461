"""The one signal a write that bypasses save() sends so that public caches follow it.

`QuerySet.update()`, `bulk_create()` and raw SQL send no post_save: after such a
write to content that public pages show, send

    content_changed.send(sender=Model)

(the admin's bulk actions, management commands and importers do). Receivers:
pagecache/receivers.py.
"""

from django.dispatch import Signal

content_changed = Signal()
