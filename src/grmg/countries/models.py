"""A country, by its ISO 3166-1 alpha-3 code."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    """A country or territory; `is_demo` marks the fictional country of the demo data."""

    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=120)
    is_demo = models.BooleanField(_("demo"), default=False, help_text=_("Fictional, for the demo only."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name
