"""Admin for framework versions: read-only, since rounds are pinned to them."""

from django.contrib import admin
from django.http import HttpRequest

from grmg.frameworks.models import FrameworkVersion


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    """Framework versions are loaded from files (grmg framework load), never edited here."""

    list_display = ["framework_id", "version", "title", "language", "extends", "loaded_at"]
    readonly_fields = [f.name for f in FrameworkVersion._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Versions come from validated files only."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        """A pinned version never changes."""
        return False
