"""Request middleware owned by the project (not by one app)."""

from django.urls import reverse

from newsroom.db_routers import replica_reads


class ReplicaReadsMiddleware:
    """Lets an anonymous GET/HEAD outside the admin read from the replica.

    Placed after AuthenticationMiddleware: the session and the user are read from
    the primary first (a fresh login must not depend on replication lag).
    Installed only when a replica is configured.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_anonymous_public_read(request):
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)

    @staticmethod
    def is_anonymous_public_read(request) -> bool:
        return (request.method in {"GET", "HEAD"}
                and not request.path_info.startswith(reverse("admin:index"))
                and not request.user.is_authenticated)
