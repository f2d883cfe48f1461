"""What several apps' admins share."""


class ReadOnlyAdminMixin:
    """A record nobody edits in the admin (history, audit logs, aggregates): viewing only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Django's own admin, in Vietnamese -------------------------------------------------
# Text Django writes in English outside its catalogs. Its catalog strings are translated in
# locale/vi/LC_MESSAGES/django.po (docs/developers.md, "Translations").

PERMISSION_ACTIONS = {"add": "Được thêm", "change": "Được sửa", "delete": "Được xóa", "view": "Được xem"}


def permission_label(permission) -> str:
    """A permission as the user and group forms list it, in Vietnamese: "Bài viết | bài viết | Được thêm".

    Django names its default permissions in English in the database ("Can add bài viết"); the
    label is rebuilt from the codename and the model's translated verbose name instead.
    """
    from django.apps import apps

    content_type = permission.content_type
    try:
        model = apps.get_model(content_type.app_label, content_type.model)
    except LookupError:
        return str(permission)
    action = permission.codename.split("_", 1)[0]
    name = (PERMISSION_ACTIONS[action] if permission.codename == f"{action}_{model._meta.model_name}"
            and action in PERMISSION_ACTIONS else permission.name)
    return f"{model._meta.app_config.verbose_name} | {model._meta.verbose_name} | {name}"


def _vietnamese_boolean_icon(value):
    """Django's yes/no icon in lists and read-only fields, with a Vietnamese alt text (Django's is "True")."""
    from django.templatetags.static import static
    from django.utils.html import format_html
    from django.utils.translation import gettext

    icon, alt = {True: ("yes", gettext("Có")), False: ("no", gettext("Không")),
                 None: ("unknown", gettext("Không rõ"))}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), alt)


def install_vietnamese_admin() -> None:
    """Called once from NewsroomConfig.ready(): Django's boolean icon (looked up by name on each
    call, in django.contrib.admin.utils and helpers) and the user and group forms' permission labels."""
    from django.contrib import admin
    from django.contrib.admin.templatetags import admin_list
    from django.contrib.auth.admin import GroupAdmin, UserAdmin
    from django.contrib.auth.models import Group, User

    admin_list._boolean_icon = _vietnamese_boolean_icon

    # Third-party apps that name themselves in English in the admin's sidebar (django-axes: "Axes").
    from django.apps import apps
    from django.utils.translation import gettext_lazy

    for label, name in (("axes", gettext_lazy("Khóa đăng nhập")),):
        if apps.is_installed(label):
            apps.get_app_config(label).verbose_name = name

    class PermissionLabels:
        def formfield_for_manytomany(self, db_field, request=None, **kwargs):
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            if db_field.name in ("permissions", "user_permissions"):
                field.label_from_instance = permission_label
            return field

    for model, model_admin in ((User, UserAdmin), (Group, GroupAdmin)):
        if admin.site.is_registered(model) and type(admin.site._registry[model]) is model_admin:
            admin.site.unregister(model)
            admin.site.register(model, type(model_admin.__name__, (PermissionLabels, model_admin), {}))
