"""Admin for countries."""

from django.contrib import admin

from grmg.countries.models import Country


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    """Countries are reference data: searchable, the demo one marked."""

    list_display = ["iso3", "name", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["iso3", "name"]
