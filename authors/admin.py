"""The authors admin, and the byline's defaults on the article form.

A writer's own profile (authors.models.own_profile) is what a new article's byline
starts with: authors hands it to the article admin (ArticleAdmin.set_own_author),
as photos hands over its inline; articles imports nothing of authors.
Creating authors is an editor's job (the Editor group's add permission: the
byline's "+" shows only with it); a reporter may edit their own profile.
"""

from django.contrib import admin

from articles.admin import ArticleAdmin
from articles.workflow import is_editor
from newsroom.admin_search import FoldedSearchMixin

from .models import Author, own_profile


@admin.register(Author)
class AuthorAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "slug", "bio"]
    autocomplete_fields = ["user"]

    def has_change_permission(self, request, obj=None):
        # A reporter (who may only view authors) edits the profile linked to their own account.
        if obj is not None and obj.user_id is not None and obj.user_id == request.user.pk:
            return True
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if is_editor(request.user) or super().has_change_permission(request, obj):
            return super().get_readonly_fields(request, obj)
        return ["slug", "user"]  # who the profile belongs to, and its address: not the reporter's to change


ArticleAdmin.set_own_author(own_profile)
