"""How a refusal (PermissionDenied or ValidationError) reads to the person who was refused."""

from django.core.exceptions import ValidationError


def refusal_text(error: Exception) -> str:
    """The refusal's Vietnamese message(s) on one line, for message_user, a form or a command."""
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error)
