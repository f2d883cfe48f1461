"""The workflow's refusals, shared by transitions and trash."""

from django.core.exceptions import ValidationError


class InvalidTransition(ValidationError):
    """The article's current state does not allow this change."""


class NotReadyToPublish(ValidationError):
    """The article lacks something a published article must have; messages list every gap."""
