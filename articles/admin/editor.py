"""The server side of the body editor (issue #15) in the article admin.

- **JSON endpoints** for the editor's pickers: `staff_json_view` (staff only,
  CSRF on POST, errors as JSON `{"error": "<Vietnamese>"}` with a 4xx status,
  never an HTML page), and this app's two: related articles and attachments.
  photos adds upload and library (photos/editor.py) with the same decorator.
- **Body resolvers**: what the editor posts for a block type may name rows that
  do not exist yet (a photos block's `items`, with `slot: null` for a new photo
  slot). A resolver, registered by the app that owns those rows with
  `ArticleAdmin.add_body_resolver(block_type, resolver)`, checks such blocks
  when the form is cleaned (`split_posted_body`, called by ArticleForm.clean_body:
  Vietnamese errors on the body field, nothing saved) and turns them into stored
  blocks after the article is saved, in the same transaction
  (`apply_body_plan`, called by the admin's save_related before the revision).
- **`body_editor=1`** (posted by the running editor): the body is then the only
  source of the rows a resolver owns; its inline (the photo slots) is left out
  of the form and rows no block references are deleted.
- **`body-editor-data`**: the JSON the editor starts from (`editor_data`).

articles imports no photos module: photos registers its resolver (photos/admin.py).
"""

import functools
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from newsroom.admin_search import folded_search_q

from .. import selectors, workflow
from ..attachments import check_document
from ..body import MAX_BLOCKS, block_name
from ..models import Article, Attachment, Status, live_q

# The form field the running editor adds (value "1"): the body owns the resolvers' rows.
BODY_EDITOR_FIELD = "body_editor"
RELATED_LIMIT = 20


# --- JSON views ---------------------------------------------------------------------


def json_error(message, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": str(message)}, status=status)


class _JsonCsrfCheck(CsrfViewMiddleware):
    """Django's CSRF check, answering a refusal with JSON instead of the HTML failure page."""

    def _reject(self, request, reason):
        return json_error(gettext("Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ (CSRF). "
                                  "Hãy tải lại trang rồi thử lại."), status=403)


def staff_json_view(view):
    """An admin JSON endpoint: logged-in active staff only (401/403 JSON otherwise), CSRF checked
    on POST (a JSON 403), never cached; PermissionDenied becomes a JSON 403 and a
    ValidationError a JSON 400, both in Vietnamese."""

    csrf_check = _JsonCsrfCheck(lambda request: None)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return json_error(gettext("Bạn cần đăng nhập lại trang quản trị (phiên đăng nhập đã hết)."), 401)
        if not (user.is_active and user.is_staff):
            return json_error(gettext("Tài khoản này không được dùng trang quản trị."), 403)
        refusal = csrf_check.process_view(request, view, args, kwargs)
        if refusal is not None:
            return refusal
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return json_error(str(refusal) if str(refusal) else gettext("Bạn không có quyền làm việc này."), 403)
        except ValidationError as error:
            return json_error(" ".join(error.messages), 400)

    return csrf_exempt(never_cache(wrapper))


def _method_guard(view, method):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method != method:
            response = json_error(gettext("Địa chỉ này chỉ nhận yêu cầu %(method)s.") % {"method": method}, 405)
            response["Allow"] = method
            return response
        return view(request, *args, **kwargs)

    return guarded


def get_only(view):
    return _method_guard(view, "GET")


def post_only(view):
    return _method_guard(view, "POST")


def positive_int(value, *, label: str, required: bool = True) -> int | None:
    """A posted id; ValidationError (Vietnamese) when it is not a positive whole number."""
    value = (value or "").strip() if isinstance(value, str) else value
    if value in (None, ""):
        if required:
            raise ValidationError(gettext("Thiếu %(label)s.") % {"label": label})
        return None
    if isinstance(value, str) and value.isdigit() and len(value) <= 18 and int(value) > 0:
        return int(value)
    raise ValidationError(gettext("%(label)s phải là một số mã.") % {"label": label})


# --- Body resolvers -----------------------------------------------------------------


class BodyResolver:
    """Turns the blocks of one type that the editor posts into stored blocks and the rows they need.

    Subclasses (registered with ArticleAdmin.add_body_resolver) implement:

    - `wants(value) -> bool`: is this posted value of the editor's shape (to resolve)?
      Other values of the type are stored values, validated by articles/body.py as usual.
    - `prepare(posted, *, article, user)`: check every posted block (`PostedBlock`s,
      in reading order) without writing; raise ValidationError with one Vietnamese
      message per problem, naming the block. Returns what `apply` needs.
    - `apply(prepared, *, article, user, exclusive, kept) -> {block id: stored value}`:
      write the rows (the article is saved; same transaction). `prepared` is None
      when no block of the type was posted in the editor's shape. `exclusive`
      (body_editor=1): delete this article's rows that neither the resolved blocks
      nor `kept` (the other, stored-shape blocks) reference.
    - `editor_data(*, article, user, posted) -> dict`: keys merged into body-editor-data
      ("urls" merged key by key); `posted` is the body the form was bound with, or None.
    - `inline_model`: the model whose inline the body replaces under body_editor=1.
    """

    inline_model = None

    def wants(self, value) -> bool:
        raise NotImplementedError

    def prepare(self, posted, *, article, user):
        raise NotImplementedError

    def apply(self, prepared, *, article, user, exclusive: bool, kept: list) -> dict:
        raise NotImplementedError

    def editor_data(self, *, article, user, posted) -> dict:
        return {}


# block type -> resolver; filled by ArticleAdmin.add_body_resolver (photos/admin.py).
BODY_RESOLVERS: dict[str, BodyResolver] = {}


@dataclass(frozen=True)
class PostedBlock:
    number: int  # 1-based place in the posted body (for "Khối 3 (ảnh): ...")
    id: str
    value: dict

    def refusal(self, message: str, kind: str) -> ValidationError:
        return ValidationError(f"{block_name(self.number, kind)}: {message}", code="bad_block")


@dataclass
class BodyPlan:
    """What clean_body kept aside: the resolved blocks' places, and each resolver's prepared data."""

    total: int
    positions: list = field(default_factory=list)  # (index in the posted body, block type, block id)
    prepared: dict = field(default_factory=dict)  # block type -> what its resolver's prepare returned


def body_editor_posted(data) -> bool:
    return bool(data) and data.get(BODY_EDITOR_FIELD) == "1"


def _block_id(block, number: int, kind: str) -> str:
    unknown = sorted(map(str, block.keys() - {"id", "type", "value"}))
    if unknown:
        raise ValidationError(f"{block_name(number, kind)}: "
                              + gettext("trường lạ %(fields)s.") % {"fields": ", ".join(unknown)[:100]})
    try:
        return str(uuid.UUID(str(block.get("id") or uuid.uuid4())))
    except ValueError:
        raise ValidationError(f"{block_name(number, kind)}: " + gettext("mã khối phải là một UUID.")) from None


def split_posted_body(blocks, *, article, user):
    """(the blocks the model validates and stores now, the BodyPlan) for a posted body.

    Blocks a resolver wants are checked by it and kept aside (their place
    remembered); the rest goes on to the model's validation (articles/body.py).
    Raises ValidationError (a list of Vietnamese messages) and writes nothing.
    """
    if not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS:
        return blocks, None  # the model's validation refuses it, with its message
    plan, rest, errors, posted = BodyPlan(total=len(blocks)), [], [], {}
    for index, block in enumerate(blocks):
        kind = block.get("type") if isinstance(block, dict) else None
        resolver = BODY_RESOLVERS.get(kind) if isinstance(kind, str) else None
        value = block.get("value") if isinstance(block, dict) else None
        if resolver is None or not isinstance(value, dict) or not resolver.wants(value):
            rest.append(block)
            continue
        try:
            block_id = _block_id(block, index + 1, kind)
        except ValidationError as error:
            errors.extend(error.error_list)
            continue
        plan.positions.append((index, kind, block_id))
        posted.setdefault(kind, []).append(PostedBlock(index + 1, block_id, value))
    # A resolved block's id must be unique in the whole body (the others' among themselves: the model's check).
    seen = {}
    for block in rest:
        if isinstance(block, dict) and block.get("id"):
            try:
                seen[str(uuid.UUID(str(block["id"])))] = True
            except ValueError:
                pass
    for index, kind, block_id in plan.positions:
        if block_id in seen:
            errors.append(ValidationError(f"{block_name(index + 1, kind)}: "
                                          + gettext("mã khối %(id)s trùng với một khối khác.") % {"id": block_id}))
        seen[block_id] = True
    for kind, blocks_of_kind in posted.items():
        try:
            plan.prepared[kind] = BODY_RESOLVERS[kind].prepare(blocks_of_kind, article=article, user=user)
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return rest, plan


def apply_body_plan(article: Article, plan: BodyPlan | None, *, user, exclusive: bool) -> None:
    """After the article (with the other blocks) is saved: let each resolver write its rows, and store
    the whole body, the resolved blocks back in their places. One transaction with the save."""
    if plan is None and not exclusive:
        return
    kept = list(article.body)
    values = {}
    for kind, resolver in BODY_RESOLVERS.items():
        prepared = plan.prepared.get(kind) if plan else None
        if prepared is None and not exclusive:
            continue
        values.update(resolver.apply(prepared, article=article, user=user, exclusive=exclusive, kept=kept))
    if not plan or not plan.positions:
        return
    resolved = {index: {"id": block_id, "type": kind, "value": values[block_id]}
                for index, kind, block_id in plan.positions}
    others = iter(kept)
    article.body = [resolved[index] if index in resolved else next(others) for index in range(plan.total)]
    article.save(update_fields=["body"])


def resolver_inline_models() -> set:
    return {resolver.inline_model for resolver in BODY_RESOLVERS.values() if resolver.inline_model is not None}


# --- The data the editor starts from ------------------------------------------------------


def posted_values(blocks, kind: str) -> list[dict]:
    """The values of the blocks of `kind` in a posted body, whatever else it holds (no check)."""
    return [block["value"] for block in blocks or [] if isinstance(block, dict) and block.get("type") == kind
            and isinstance(block.get("value"), dict)]


def _related_titles(article: Article | None, user, blocks) -> dict:
    ids = [value["article"] for value in posted_values(blocks, "related")
           if isinstance(value.get("article"), int) and not isinstance(value.get("article"), bool)]
    if not ids:
        return {}
    # Titles only of articles the user may see in the admin, or that readers see anyway.
    visible = selectors.visible_to(user=user).values("pk")
    found = Article.objects.filter(pk__in=ids).filter(live_q() | Q(pk__in=visible)).only(
        "pk", "title", "status", "publish_at", "deleted_at")
    return {str(item.pk): {"title": item.title, "status": Status(workflow.effective_status(item)).label}
            for item in found}


def _attachments_of(article: Article | None) -> dict:
    if article is None or article.pk is None:
        return {}
    return {str(item.pk): {"title": item.title, "file_name": item.file_name, "size": item.size}
            for item in article.attachments.all()}


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def editor_data(request, article: Article | None, posted=None) -> dict:
    """The `body-editor-data` JSON: slots, attachments, related titles, urls, the article id.

    `posted`: the body the form was bound with (a refused save shows it again), so
    that the editor can show what it names; else the stored body.
    """
    user = request.user
    posted = posted if type(posted) is list else None  # JSON as posted; not plain text's paragraphs
    blocks = posted if posted is not None else (article.body if article is not None else [])
    data = {
        "slots": {},
        "attachments": _attachments_of(article),
        "related": _related_titles(article, user, blocks),
        "urls": {"upload": "", "library": "", "related": _url("admin:articles_article_editor_related"),
                 "attachment": _url("admin:articles_article_editor_attachment")},
        "article": article.pk if article is not None and article.pk else None,
        "csrf_header": "X-CSRFToken",
    }
    for resolver in BODY_RESOLVERS.values():
        for key, value in resolver.editor_data(article=article, user=user, posted=posted).items():
            if key == "urls":
                data["urls"].update(value)
            elif isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key].update(value)
            else:
                data[key] = value
    return data


# --- The article admin's part --------------------------------------------------------------


class BodyEditorAdminMixin:
    """Mixed into ArticleAdmin: the editor's endpoints, its data on the form, and body_editor=1."""

    @classmethod
    def add_body_resolver(cls, block_type: str, resolver: BodyResolver) -> None:
        """Another app's resolver for a block type (called from that app's admin module)."""
        BODY_RESOLVERS[block_type] = resolver

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("editor/related/", staff_json_view(get_only(self.editor_related_view)),
                 name="%s_%s_editor_related" % info),
            path("editor/attachment/", staff_json_view(post_only(self.editor_attachment_view)),
                 name="%s_%s_editor_attachment" % info),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context.get("adminform").form if context.get("adminform") else None
        posted = None
        if form is not None and form.is_bound:
            try:
                posted = form.fields["body"].to_python(form.data.get(form.add_prefix("body")))
            except ValidationError:
                posted = None
        context["body_editor_data"] = editor_data(request, obj, posted=posted)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Endpoints ---------------------------------------------------------------------

    def editor_related_view(self, request):
        """GET ?q=...&exclude=<id>: at most 20 articles the user may see, title accent-insensitive."""
        if not self.has_view_permission(request):
            raise PermissionDenied(gettext("Bạn không có quyền xem bài viết."))
        exclude = positive_int(request.GET.get("exclude"), label=gettext("Mã bài cần bỏ qua"), required=False)
        query = (request.GET.get("q") or "")[:200]
        articles = (selectors.visible_to(user=request.user).not_trashed()
                    .filter(folded_search_q(query, ["title__folded_contains"]))
                    .only("pk", "title", "status", "publish_at", "deleted_at").order_by("-created_at", "-pk"))
        if exclude:
            articles = articles.exclude(pk=exclude)
        return JsonResponse({"results": [
            {"id": item.pk, "title": item.title, "status": Status(workflow.effective_status(item)).label}
            for item in articles[:RELATED_LIMIT]]})

    def editor_attachment_view(self, request):
        """POST multipart `file`, `article`, optional `title`: a document attached to a saved article."""
        if not request.user.has_perm("articles.add_attachment"):
            raise PermissionDenied(gettext("Bạn không có quyền đính kèm tệp."))
        article_id = positive_int(request.POST.get("article"), label=gettext("Mã bài viết"), required=False)
        if article_id is None:
            raise ValidationError(gettext("Lưu bài một lần trước khi đính kèm tệp."))
        article = Article.objects.filter(pk=article_id).first()
        if article is None or not workflow.can_view(article, request.user):
            return json_error(gettext("Không có bài viết này."), 404)
        if not workflow.can_edit(article, request.user):
            raise PermissionDenied(gettext("Bạn không sửa được bài này, nên không đính kèm tệp vào bài được."))
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError(gettext("Chưa chọn tệp để đính kèm."))
        try:
            checked = check_document(upload)
        except ValidationError as error:
            raise ValidationError(gettext("Tệp “%(name)s”: %(reason)s") % {
                "name": upload.name[:100], "reason": " ".join(error.messages)}) from None
        title = " ".join((request.POST.get("title") or "").split())
        if len(title) > Attachment._meta.get_field("title").max_length:
            raise ValidationError(gettext("Tên hiển thị của tệp tối đa %(limit)s ký tự.") % {
                "limit": Attachment._meta.get_field("title").max_length})
        attachment = Attachment.objects.create(
            article=article, file=upload, file_name=checked.file_name, content_type=checked.content_type,
            size=checked.size, title=title, uploaded_by=request.user)
        return JsonResponse({"attachment": {"id": attachment.pk, "title": attachment.title,
                                            "file_name": attachment.file_name, "size": attachment.size}})

