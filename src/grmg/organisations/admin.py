"""Admin for organisations and memberships: where an admin grants roles."""

from django.contrib import admin

from grmg.organisations.models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    """Members of an organisation, per country."""

    model = Membership
    extra = 1
    autocomplete_fields = ["user", "country"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Organisations with their members."""

    list_display = ["name", "kind", "country", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name"]
    autocomplete_fields = ["country"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Every role a person holds."""

    list_display = ["user", "organisation", "country", "role"]
    list_filter = ["role", "country"]
    search_fields = ["user__username", "organisation__name", "country__name"]
    autocomplete_fields = ["user", "organisation", "country"]
