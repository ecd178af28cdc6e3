"""Rounds, the perspectives assessed in them, and each criterion's level, rationale and evidence."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from grmg.countries.models import Country
from grmg.frameworks.models import FrameworkVersion
from grmg.organisations.models import Organisation


def _recorded_by(field: str) -> Callable[..., Any]:
    """Credit each history record to the person the row names as its author (the CLI has no request)."""
    def get_user(instance: models.Model, **kwargs: Any) -> Any:
        return getattr(instance, field, None) if instance is not None else None
    return get_user


class Round(models.Model):
    """One country's assessment in one year, pinned to the framework version it is made with."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="rounds")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["country", "year"], name="one_round_per_country_year")]
        ordering = ["country__name", "-year"]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")

    def __str__(self) -> str:
        return f"{self.country} {self.year}"

    @property
    def reference(self) -> str:
        """How the CLI names a round: `ISO3/YEAR`."""
        return f"{self.country.iso3}/{self.year}"


class Perspective(models.TextChoices):
    """Who assesses: the divergence between perspectives is a result in itself."""

    GOVERNMENT = "government", _("Government self-assessment")
    CIVIL_SOCIETY = "civil_society", _("Civil-society (shadow) assessment")
    INDEPENDENT = "independent", _("Independent assessment")


class Assessment(models.Model):
    """One perspective in a round, made by one organisation."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assessments")
    perspective = models.CharField(_("perspective"), max_length=16, choices=Perspective.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="assessments")
    created_at = models.DateTimeField(auto_now_add=True)
    # The scorecard's headline, stored on every change (services.refresh_summary) so that lists of many
    # assessments read it instead of scoring each one.
    overall_score = models.FloatField(_("overall score"), null=True, blank=True)
    criteria_total = models.PositiveIntegerField(default=0)
    criteria_scored = models.PositiveIntegerField(default=0)
    criteria_evidenced = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "perspective"], name="one_assessment_per_perspective")
        ]
        ordering = ["round", "perspective"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.round} · {self.get_perspective_display()}"

    @property
    def coverage_share(self) -> float | None:
        """Share of criteria scored with evidence, 0–100, from the stored summary."""
        return 100.0 * self.criteria_evidenced / self.criteria_total if self.criteria_total else None

    @property
    def perspective_short(self) -> str:
        """The perspective in a word or two, for table headers and chart legends."""
        return str(SHORT_PERSPECTIVE_LABELS[Perspective(self.perspective)])


class Status(models.TextChoices):
    """Where a component of an assessment is in review; only a draft can be edited."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")
    VALIDATED = "validated", _("Validated")


class ComponentStatus(models.Model):
    """The review status of one component of an assessment; a missing row means draft."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="component_statuses")
    component_id = models.CharField(_("component"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(get_user=_recorded_by("changed_by"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "component_id"], name="one_status_per_component")
        ]
        verbose_name = _("component status")
        verbose_name_plural = _("component statuses")

    def __str__(self) -> str:
        return f"{self.assessment} · {self.component_id}: {self.get_status_display()}"


class CriterionScore(models.Model):
    """An assessor's level, rationale and evidence for one criterion; `revision` guards concurrent edits."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion_id = models.CharField(_("criterion"), max_length=64)
    level = models.CharField(_("level"), max_length=16, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    # 0 until a level or rationale is first saved (a row may exist earlier, to hold evidence).
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(get_user=_recorded_by("updated_by"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion_id"], name="one_score_per_criterion")
        ]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")

    def __str__(self) -> str:
        return f"{self.assessment} · {self.criterion_id}: {self.level or '-'}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """Store each upload under its assessment in a folder of its own, keeping the original name."""
    return f"evidence/{instance.score.assessment_id}/{uuid.uuid4().hex}/{PurePath(filename).name}"


class Evidence(models.Model):
    """A document, link or citation that supports a criterion's score."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        LINK = "link", _("Link")
        CITATION = "citation", _("Citation")

    score = models.ForeignKey(CriterionScore, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True, max_length=500)
    url = models.URLField(_("link"), blank=True, max_length=1000)
    citation = models.TextField(_("citation"), blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(get_user=_recorded_by("added_by"))

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


SHORT_PERSPECTIVE_LABELS = {
    Perspective.GOVERNMENT: _("Government"),
    Perspective.CIVIL_SOCIETY: _("Civil society"),
    Perspective.INDEPENDENT: _("Independent"),
}
