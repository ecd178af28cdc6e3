"""Configuration of the organisations app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    """The organisations app."""

    name = "grmg.organisations"
    verbose_name = _("Organisations and roles")
