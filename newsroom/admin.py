"""What several apps' admins share."""


class ReadOnlyAdminMixin:
    """A record nobody edits in the admin (history, audit logs, aggregates): viewing only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
