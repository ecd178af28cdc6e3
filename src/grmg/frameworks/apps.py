"""Configuration of the frameworks app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    """The frameworks app."""

    name = "grmg.frameworks"
    verbose_name = _("Frameworks")
