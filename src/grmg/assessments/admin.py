"""Admin for rounds and assessments; scores are edited in the workspace, where history is kept."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from grmg.assessments.models import Assessment, ComponentStatus, CriterionScore, Evidence, Round


class AssessmentInline(admin.TabularInline):
    """The perspectives of a round."""

    model = Assessment
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    """Assessment rounds."""

    list_display = ["country", "year", "framework", "created_at"]
    list_filter = ["year", "framework"]
    search_fields = ["country__name", "country__iso3"]
    autocomplete_fields = ["country"]
    inlines = [AssessmentInline]


@admin.register(CriterionScore)
class CriterionScoreAdmin(SimpleHistoryAdmin):
    """Scores, read in the admin with their history."""

    list_display = ["assessment", "criterion_id", "level", "revision", "updated_by", "updated_at"]
    search_fields = ["criterion_id"]
    list_select_related = ["assessment__round__country", "updated_by"]


admin.site.register(ComponentStatus, SimpleHistoryAdmin)
admin.site.register(Evidence, SimpleHistoryAdmin)
