"""Instruments and provisions (from the catalogue file), and ratification records with their source."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grmg.countries.models import Country


class Instrument(models.Model):
    """A treaty, convention, recommendation, compact or agenda from the standards catalogue."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(_("short title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=32)
    adopted = models.PositiveSmallIntegerField(_("adopted"))
    in_force = models.PositiveSmallIntegerField(_("in force"), null=True, blank=True)
    body = models.CharField(_("adopted by"), max_length=200)
    ratifiable = models.BooleanField(_("open to ratification"))
    url = models.URLField(_("official page"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.short_title


class Provision(models.Model):
    """An article, paragraph, objective or target, summarised, with the framework criteria it underpins."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="provisions")
    ref = models.CharField(_("reference"), max_length=60)
    summary = models.TextField(_("summary"))
    topics = models.JSONField(_("topics"), default=list)
    criteria = models.JSONField(_("framework criteria"), default=list)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "ref"], name="one_provision_per_ref")]
        ordering = ["instrument__position", "position"]
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")

    def __str__(self) -> str:
        return f"{self.instrument.short_title} {self.ref}"


class RatificationSource(models.Model):
    """Where a set of ratification records came from: the shipped file, an imported file or a person."""

    class Origin(models.TextChoices):
        SHIPPED = "shipped", _("Shipped with grmg")
        IMPORTED = "imported", _("Imported file")
        MANUAL = "manual", _("Recorded by hand")

    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices)
    name = models.CharField(_("name"), max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at"]
        verbose_name = _("ratification source")
        verbose_name_plural = _("ratification sources")

    def __str__(self) -> str:
        return self.name


class Ratification(models.Model):
    """A country's status for an instrument as one source gives it, as of a date."""

    class Status(models.TextChoices):
        PARTY = "party", _("Party")
        SIGNATORY = "signatory", _("Signatory")
        NO_ACTION = "no_action", _("No action")
        DENOUNCED = "denounced", _("Denounced")

    source = models.ForeignKey(RatificationSource, on_delete=models.CASCADE, related_name="records")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="ratifications")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="ratifications")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    citation = models.CharField(_("source"), max_length=500)
    as_of = models.DateField(_("as of"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "country", "instrument"], name="one_record_per_source")
        ]
        indexes = [models.Index(fields=["country", "instrument"])]
        verbose_name = _("ratification record")
        verbose_name_plural = _("ratification records")

    def __str__(self) -> str:
        return f"{self.country} · {self.instrument}: {self.get_status_display()} ({self.as_of})"


class CatalogueLoad(models.Model):
    """Which catalogue file the instrument and provision tables were last brought in line with."""

    sha256 = models.CharField(max_length=64, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("catalogue load")
        verbose_name_plural = _("catalogue loads")

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.loaded_at:%Y-%m-%d})"
