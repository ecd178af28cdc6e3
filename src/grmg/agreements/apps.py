"""Configuration of the agreements app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """The agreements app."""

    name = "grmg.agreements"
    verbose_name = _("Labour agreements")

    def ready(self) -> None:
        """Register the suggestions the reviewed agreements make."""
        from grmg.agreements import suggestions  # noqa: F401
