"""Configuration of the indicators app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """The indicators app."""

    name = "grmg.indicators"
    verbose_name = _("Indicators and monitoring")

    def ready(self) -> None:
        """Register the import readers and the suggestions monitoring data make."""
        from grmg.indicators import readers, suggestions  # noqa: F401
