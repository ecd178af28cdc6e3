"""Configuration of the countries app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountriesConfig(AppConfig):
    """The countries app."""

    name = "grmg.countries"
    verbose_name = _("Countries")
