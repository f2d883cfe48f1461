"""The editorial workflow: who may do what (roles), status changes (transitions),
trash, revisions, notifications and preview links.

Only this package writes Article.status. `from articles import workflow` gives
the functions the admin, commands and tests call: workflow.publish(article, user).
"""

from .errors import InvalidTransition, NotReadyToPublish
from .roles import (CHIEF_EDITOR, EDITOR, REPORTER, can_edit, can_publish, can_purge, can_restore, can_trash,
                    can_view, edit_refusal, effective_status, is_chief_editor, is_editor, is_own, is_reporter,
                    view_refusal)
from .transitions import (ACTION_LABELS, RULES, allowed_actions, approve, format_wait, original_publish_time,
                          publish, publish_due, publish_imported, publishing_problems, return_note,
                          return_to_draft, state_since, submit, unpublish, with_state_since)
from .trash import purge, restore, trash

__all__ = [
    "ACTION_LABELS", "CHIEF_EDITOR", "EDITOR", "REPORTER", "RULES", "InvalidTransition", "NotReadyToPublish",
    "allowed_actions", "approve", "can_edit", "edit_refusal", "view_refusal", "can_publish", "can_purge", "can_restore", "can_trash", "can_view",
    "effective_status", "format_wait", "is_chief_editor", "is_editor", "is_own", "is_reporter", "publish",
    "publish_due", "publish_imported", "original_publish_time", "publishing_problems", "purge", "restore",
    "return_note", "return_to_draft", "state_since", "submit", "trash", "unpublish", "with_state_since",
]
