"""Configuration of the standards app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    """The standards app."""

    name = "grmg.standards"
    verbose_name = _("International standards")

    def ready(self) -> None:
        """Register the suggestions ratification data makes for framework criteria."""
        from grmg.standards import suggestions  # noqa: F401
