"""Labour agreements and MOUs with their parties and corridors, documents, screenings and reviews."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from grmg.countries.models import Country
from grmg.laws.models import NationalInstrument
from grmg.organisations.models import Organisation


def _recorded_by(field: str) -> Callable[..., Any]:
    """Credit each history record to the person the row names (the CLI and the demo have no request)."""
    def get_user(instance: models.Model, **kwargs: Any) -> Any:
        return getattr(instance, field, None) if instance is not None else None
    return get_user


# ISCO-08 major groups: the occupations an agreement covers, at the level agreements usually name them.
ISCO_MAJOR_GROUPS = (
    ("1", _("Managers")),
    ("2", _("Professionals")),
    ("3", _("Technicians and associate professionals")),
    ("4", _("Clerical support workers")),
    ("5", _("Service and sales workers")),
    ("6", _("Skilled agricultural, forestry and fishery workers")),
    ("7", _("Craft and related trades workers")),
    ("8", _("Plant and machine operators and assemblers")),
    ("9", _("Elementary occupations (domestic cleaners and helpers included)")),
    ("0", _("Armed forces occupations")),
)


class ProvisionStatus(models.TextChoices):
    """A provision's status in a text, as the screener suggests it or an analyst confirms it."""

    PRESENT = "present", _("Present")
    PARTIAL = "partial", _("Partial")
    ABSENT = "absent", _("Absent")
    CONTRARY = "contrary", _("Contrary")


class Agreement(models.Model):
    """A bilateral labour agreement, MOU, protocol or standard contract, registered for one country."""

    class Kind(models.TextChoices):
        BLA = "bla", _("Bilateral labour agreement")
        MOU = "mou", _("Memorandum of understanding")
        PROTOCOL = "protocol", _("Protocol or implementing arrangement")
        STANDARD_CONTRACT = "standard_contract", _("Standard employment contract")
        OTHER = "other", _("Other arrangement")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft or under negotiation")
        SIGNED = "signed", _("Signed")
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        SUSPENDED = "suspended", _("Suspended")

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="agreements",
                                verbose_name=_("registered for"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    signed_date = models.DateField(_("signed on"), null=True, blank=True)
    in_force_date = models.DateField(_("in force from"), null=True, blank=True)
    expiry_date = models.DateField(_("expires on"), null=True, blank=True)
    language = models.CharField(_("language of the text"), max_length=12, blank=True)
    occupation_groups = models.JSONField(_("occupations (ISCO-08 major groups)"), default=list, blank=True)
    occupations = models.TextField(_("sectors and occupations"), blank=True)
    source_url = models.URLField(_("official source"), blank=True, max_length=1000)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("registered by organisation"))
    is_demo = models.BooleanField(_("demo"), default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(get_user=_recorded_by("added_by"))

    class Meta:
        ordering = ["country", "-signed_date", "title"]
        verbose_name = _("labour agreement")
        verbose_name_plural = _("labour agreements")

    def __str__(self) -> str:
        return self.title

    def effective_status(self, today: date) -> str:
        """The status the dates give where they are known: past expiry is expired, past entry into force in force."""
        if self.status in (self.Status.DRAFT, self.Status.SUSPENDED, self.Status.EXPIRED):
            return self.status
        if self.expiry_date and self.expiry_date < today:
            return self.Status.EXPIRED
        if self.in_force_date:
            return self.Status.IN_FORCE if self.in_force_date <= today else self.Status.SIGNED
        return self.status

    def is_in_force(self, today: date) -> bool:
        """In force as the framework counts it: signed, not expired, not suspended, not awaiting a later start."""
        status = self.effective_status(today)
        if status == self.Status.IN_FORCE:
            return True
        return status == self.Status.SIGNED and not (self.in_force_date and self.in_force_date > today)


class Party(models.Model):
    """A country that is party to an agreement, on the origin or the destination side."""

    class Side(models.TextChoices):
        ORIGIN = "origin", _("Origin")
        DESTINATION = "destination", _("Destination")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("side"), max_length=12, choices=Side.choices)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agreement", "country", "side"], name="one_party_per_side")]
        ordering = ["side", "country__name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return f"{self.country} ({self.get_side_display()})"


class Corridor(models.Model):
    """A migration corridor an agreement covers: workers from origin to destination."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="corridors")
    origin = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agreement", "origin", "destination"], name="one_corridor")]
        ordering = ["origin__name", "destination__name"]
        verbose_name = _("corridor")
        verbose_name_plural = _("corridors")

    def __str__(self) -> str:
        return f"{self.origin} → {self.destination}"


def document_path(instance: Document, filename: str) -> str:
    """Keep each document in a folder of its own under the agreement's country."""
    return f"agreements/{instance.agreement.country.iso3}/{uuid.uuid4().hex}/{PurePath(filename).name}"


class Document(models.Model):
    """A text of an agreement (the agreement, an annex, a standard contract) and the text read from it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=document_path, max_length=500)
    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("text"))
    pages = models.JSONField(_("page starts"), default=list, blank=True)  # offset of each page in text; [] if none
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(get_user=_recorded_by("uploaded_by"), excluded_fields=["text"])

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")

    def __str__(self) -> str:
        return self.name


class Screening(models.Model):
    """One run of the screener over a document or a national law's text, kept as the machine made it."""

    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="screenings")
    law = models.ForeignKey(NationalInstrument, null=True, blank=True, on_delete=models.CASCADE,
                            related_name="screenings")
    rules_version = models.CharField(_("rules version"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=12, blank=True)
    text_length = models.PositiveIntegerField(default=0)  # the text the offsets point into, to notice a new text
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    screened_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(get_user=_recorded_by("screened_by"))

    class Meta:
        constraints = [models.CheckConstraint(
            condition=models.Q(document__isnull=False, law__isnull=True) | models.Q(document__isnull=True,
                                                                                    law__isnull=False),
            name="screening_of_a_document_or_a_law")]
        ordering = ["-screened_at", "-pk"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"{self.document or self.law} · {self.screened_at:%Y-%m-%d %H:%M}"


class Finding(models.Model):
    """The screener's suggestion for one provision: status, evidence spans, confidence and why."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="findings")
    provision = models.CharField(_("provision"), max_length=64)
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(_("status"), max_length=12, choices=ProvisionStatus.choices)
    confidence = models.FloatField(_("confidence"))
    why = models.JSONField(_("why"), default=list)
    evidence = models.JSONField(_("evidence"), default=list)  # [{"start", "end", "text", "article"}]
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["screening", "provision"], name="one_finding_per_provision")]
        ordering = ["screening", "position"]
        verbose_name = _("screening finding")
        verbose_name_plural = _("screening findings")

    def __str__(self) -> str:
        return f"{self.provision}: {self.status}"


class Review(models.Model):
    """An analyst's confirmed status of one provision in one agreement, beside what the screener said then."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reviews")
    provision = models.CharField(_("provision"), max_length=64)
    status = models.CharField(_("confirmed status"), max_length=12, choices=ProvisionStatus.choices)
    screened_status = models.CharField(_("screened status at the time"), max_length=12, blank=True,
                                       choices=ProvisionStatus.choices)
    rationale = models.TextField(_("rationale"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(get_user=_recorded_by("reviewed_by"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agreement", "provision"], name="one_review_per_provision")]
        ordering = ["agreement", "provision"]
        verbose_name = _("provision review")
        verbose_name_plural = _("provision reviews")

    def __str__(self) -> str:
        return f"{self.agreement} · {self.provision}: {self.status}"

    @property
    def changed(self) -> bool:
        """Whether the analyst changed the screened status rather than confirming it."""
        return self.status != self.screened_status
