"""Configuration of the assessments app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    """The assessments app."""

    name = "grmg.assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        """Register the workbook reader and exporter."""
        from grmg.assessments import workbooks  # noqa: F401
