"""Configuration of the profiles app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    """The profiles app."""

    name = "grmg.profiles"
    verbose_name = _("Country profiles")
