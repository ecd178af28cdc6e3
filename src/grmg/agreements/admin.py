"""Admin for agreements, read with their history; documents are uploaded and reviewed on the agreement pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from grmg.agreements.models import Agreement, Corridor, Document, Party, Review, Screening


class PartyInline(admin.TabularInline):
    """The countries party to the agreement."""

    model = Party
    extra = 0


class CorridorInline(admin.TabularInline):
    """The corridors the agreement covers."""

    model = Corridor
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    """Agreements with their parties and corridors."""

    list_display = ["title", "country", "kind", "status", "signed_date", "expiry_date", "organisation", "is_demo"]
    list_filter = ["kind", "status", "is_demo"]
    search_fields = ["title"]
    inlines = [PartyInline, CorridorInline]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    """Documents, read only: text and screenings come from the upload."""

    list_display = ["name", "agreement", "uploaded_by", "uploaded_at"]
    readonly_fields = ["agreement", "file", "name", "sha256", "pages", "uploaded_by"]
    exclude = ["text"]


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    """Screenings as the machine made them."""

    list_display = ["__str__", "rules_version", "language", "screened_by", "screened_at"]
    readonly_fields = ["document", "law", "rules_version", "language", "text_length", "screened_by"]


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    """Analysts' reviews, with their history."""

    list_display = ["agreement", "provision", "status", "screened_status", "reviewed_by", "reviewed_at"]
    list_filter = ["status"]
