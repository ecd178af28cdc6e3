"""Admin for the indicator registry, sets and data sources."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from grmg.indicators.models import DataSource, Dimension, Endorsement, Indicator, IndicatorSet, SetComment, SetItem


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """The registry, loaded from catalogue files."""

    list_display = ["code", "name", "unit", "source_type", "catalogue"]
    list_filter = ["unit", "source_type", "catalogue"]
    search_fields = ["code", "name"]


class SetItemInline(admin.TabularInline):
    """The indicators of a set."""

    model = SetItem
    extra = 0


@admin.register(IndicatorSet)
class IndicatorSetAdmin(SimpleHistoryAdmin):
    """Indicator sets with their items."""

    list_display = ["country", "title", "status", "proposed_by", "endorsed_at"]
    list_filter = ["status"]
    inlines = [SetItemInline]


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    """Imported files with their validation reports."""

    list_display = ["name", "kind", "country", "observations_count", "loaded_at"]
    readonly_fields = ["report"]


admin.site.register(Dimension)
admin.site.register(Endorsement)
admin.site.register(SetComment)
