"""Indicators, the sets a country agrees by consultation, and the observations imported or computed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from grmg.countries.models import Country
from grmg.organisations.models import Organisation


class Dimension(models.Model):
    """A disaggregation and its codes, from the registry file (or an agency's)."""

    key = models.CharField(_("key"), max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=200)
    codes = models.JSONField(_("codes"))  # {code: label}, or "iso3", or "any"

    class Meta:
        ordering = ["key"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")

    def __str__(self) -> str:
        return self.label


class Indicator(models.Model):
    """An indicator of the registry: definition, unit, disaggregations, source and what it informs."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"))
    numerator = models.TextField(_("numerator"))
    denominator = models.TextField(_("denominator"), blank=True)
    unit = models.CharField(_("unit"), max_length=16)
    higher_is_better = models.BooleanField(_("higher is better"))
    disaggregations = models.JSONField(_("disaggregations"), default=list)
    source_type = models.CharField(_("source type"), max_length=16)
    components = models.JSONField(_("framework components"), default=list)
    sdg = models.JSONField(_("SDG indicators"), default=list)
    gcm = models.JSONField(_("GCM objectives"), default=list)
    min_units = models.PositiveSmallIntegerField(_("disclosure threshold"), default=5)
    compute = models.JSONField(_("computation from unit records"), null=True, blank=True)
    catalogue = models.CharField(_("from catalogue"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


class IndicatorSet(models.Model):
    """The indicators a country proposes to monitor; endorsed by government and civil society, it is official."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ENDORSED = "endorsed", _("Endorsed")
        SUPERSEDED = "superseded", _("Superseded")

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="indicator_sets")
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="proposed_sets")
    proposed_at = models.DateTimeField(auto_now_add=True)
    endorsed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")

    def __str__(self) -> str:
        return f"{self.country}: {self.title} ({self.get_status_display()})"


class SetItem(models.Model):
    """An indicator in a set, with its baseline and dated target."""

    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="set_items")
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.FloatField(_("baseline"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    target_value = models.FloatField(_("target"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator_set", "indicator"], name="one_item_per_indicator")]
        ordering = ["indicator__position", "indicator__code"]
        verbose_name = _("indicator in a set")
        verbose_name_plural = _("indicators in sets")

    def __str__(self) -> str:
        return f"{self.indicator_set} · {self.indicator.code}"


class SetComment(models.Model):
    """A stakeholder's comment on a proposed set, on the record."""

    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="comments")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment on an indicator set")
        verbose_name_plural = _("comments on indicator sets")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.text[:40]}"


class Endorsement(models.Model):
    """An organisation's endorsement of a set: who, when, with what comment."""

    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="endorsements")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "organisation"], name="one_endorsement_per_org")
        ]
        ordering = ["created_at"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")

    def __str__(self) -> str:
        return f"{self.organisation} endorsed {self.indicator_set}"


class DataSource(models.Model):
    """A file of indicator data that was imported or computed, with its validation report."""

    class Kind(models.TextChoices):
        TIDY_CSV = "tidy_csv", _("Tidy CSV (Open SDG)")
        EXCEL = "excel", _("Excel")
        SDMX = "sdmx", _("SDMX")
        MICRODATA = "microdata", _("Unit records with a computation spec")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    observations_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(_("validation report"), default=list)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sha256"], name="one_import_per_file")]
        ordering = ["-loaded_at"]
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class Observation(models.Model):
    """One value of an indicator for a country, year and combination of dimension values (blank = total)."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        SUPPRESSED = "suppressed", _("Suppressed")

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="observations")
    year = models.PositiveSmallIntegerField(_("year"))
    dimensions = models.JSONField(_("dimensions"), default=dict)  # only the dimensions that are not totals
    key = models.CharField(max_length=500)  # the dimensions as "sex=female|destination=PHL", sorted; "" = total
    value = models.FloatField(_("value"), null=True, blank=True)
    units = models.PositiveIntegerField(_("units"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="observations")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "country", "year", "key"], name="one_value_per_cell")
        ]
        indexes = [models.Index(fields=["country", "indicator", "year"])]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.country.iso3} {self.year} [{self.key}]"
