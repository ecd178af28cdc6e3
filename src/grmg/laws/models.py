"""National laws and policies: provisions reviewed against international standards, and discriminatory ones."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from grmg.countries.models import Country
from grmg.standards.models import Provision


def law_path(instance: NationalInstrument, filename: str) -> str:
    """Keep each document in a folder of its own under its country."""
    return f"laws/{instance.country.iso3}/{uuid.uuid4().hex}/{PurePath(filename).name}"


class NationalInstrument(models.Model):
    """A law, regulation, policy or plan of a country, with its document and text."""

    class Kind(models.TextChoices):
        CONSTITUTION = "constitution", _("Constitution")
        LAW = "law", _("Law or act")
        REGULATION = "regulation", _("Regulation or decree")
        ORDER = "order", _("Order, circular or directive")
        POLICY = "policy", _("Policy or strategy")
        ACTION_PLAN = "action_plan", _("Action plan")
        STANDARD_CONTRACT = "standard_contract", _("Standard employment contract")
        COURT_DECISION = "court_decision", _("Court decision")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft or bill")
        IN_FORCE = "in_force", _("In force")
        AMENDED = "amended", _("In force, amended")
        REPEALED = "repealed", _("Repealed")

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="laws")
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    document = models.FileField(_("document"), upload_to=law_path, blank=True, max_length=500)
    text = models.TextField(_("text"), blank=True)
    source_url = models.URLField(_("official source"), blank=True, max_length=1000)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "-year", "title"]
        verbose_name = _("national law or policy")
        verbose_name_plural = _("national laws and policies")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


class ProvisionReview(models.Model):
    """How a country's law meets one provision of an international standard, with the evidence."""

    class Status(models.TextChoices):
        COMPLIANT = "compliant", _("Compliant")
        PARTLY = "partly_compliant", _("Partly compliant")
        NOT_COMPLIANT = "not_compliant", _("Not compliant")
        NOT_ADDRESSED = "not_addressed", _("Not addressed")

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="provision_reviews")
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="reviews")
    law = models.ForeignKey(NationalInstrument, null=True, blank=True, on_delete=models.CASCADE,
                            related_name="reviews")
    article = models.CharField(_("article"), max_length=120, blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    evidence = models.TextField(_("rationale and evidence"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["provision__instrument__position", "provision__position", "law__title"]
        verbose_name = _("provision review")
        verbose_name_plural = _("provision reviews")

    def __str__(self) -> str:
        return f"{self.provision}: {self.get_status_display()}"


class DiscriminatoryProvision(models.Model):
    """A legal restriction that violates non-discrimination, such as a deployment ban on women."""

    class Kind(models.TextChoices):
        DEPLOYMENT_BAN = "deployment_ban", _("Ban on women's deployment or admission")
        AGE_LIMIT = "age_limit", _("Age limit for women only, or higher for women")
        MARITAL_CONDITION = "marital_condition", _("Marital condition, or consent of a husband or guardian")
        PREGNANCY_CONDITION = "pregnancy_condition", _("Exclusion, dismissal or removal for pregnancy")
        PREGNANCY_TESTING = "pregnancy_testing", _("Mandatory pregnancy testing")
        EMPLOYER_TIED_RESIDENCE = "employer_tied_residence", _("Residence or work permit tied to one employer")
        DOMESTIC_WORK_EXCLUSION = "domestic_work_exclusion", _("Domestic workers excluded from labour law")
        OTHER = "other", _("Other discriminatory restriction")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        PROPOSED = "proposed", _("Proposed")
        REPEALED = "repealed", _("Repealed")

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="discriminatory_provisions")
    law = models.ForeignKey(NationalInstrument, null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="discriminatory_provisions")
    article = models.CharField(_("article"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    group_affected = models.CharField(_("group affected"), max_length=300)
    description = models.TextField(_("what it does"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "kind"]
        verbose_name = _("discriminatory provision")
        verbose_name_plural = _("discriminatory provisions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.group_affected}"
