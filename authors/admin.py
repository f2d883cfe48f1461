from django.contrib import admin

from newsroom.admin_search import FoldedSearchMixin

from .models import Author


@admin.register(Author)
class AuthorAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "slug", "bio"]
    autocomplete_fields = ["user"]
