"""Request middleware owned by the project (not by one app)."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

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


NUL = "\x00"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefuseNulBytesMiddleware:
    """Answers 400 to a request whose address, query string or form fields hold a NUL byte.

    PostgreSQL cannot store or compare a string with NUL (0x00) in it: a filter
    such as ``?issuer=%00`` or a search for ``%00`` made the database driver raise,
    and every view that used the value answered 500. No legitimate text contains
    NUL, so the request is refused once, here, before any view sees it. Uploaded
    files are not looked at (binary files contain NUL bytes); only their form's
    text fields are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.has_nul(request):
            return HttpResponseBadRequest(
                _("Yêu cầu không hợp lệ: địa chỉ hoặc dữ liệu gửi lên có ký tự NUL (mã 0), không xử lý được."),
                content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def has_nul(request) -> bool:
        if NUL in request.path_info or _any_nul(request.GET):
            return True
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            return _any_nul(request.POST)
        return False


def _any_nul(query_dict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists())


class VietnameseAdminMiddleware:
    """The admin speaks Vietnamese unless the user chose another language.

    LocaleMiddleware follows the browser's Accept-Language, which is right for
    readers of the public site; for newsroom staff a browser installed in English
    would give an admin half in English. So under /admin/ the language is
    settings.LANGUAGE_CODE (vi) unless the language cookie is set, which only the
    language switch (/ngon-ngu/<code>/) writes. Placed right after LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.path_info.startswith(reverse("admin:index"))
                and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
                and request.LANGUAGE_CODE != settings.LANGUAGE_CODE):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
