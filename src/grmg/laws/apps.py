"""Configuration of the laws app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LawsConfig(AppConfig):
    """The laws app."""

    name = "grmg.laws"
    verbose_name = _("National laws and policies")

    def ready(self) -> None:
        """Register the suggestions the compliance review and the inventory make."""
        from grmg.laws import suggestions  # noqa: F401
