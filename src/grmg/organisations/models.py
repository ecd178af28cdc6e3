"""Organisations that take part in migration governance, and their members' roles per country."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grmg.countries.models import Country


class Organisation(models.Model):
    """A ministry, agency, union, civil-society or other organisation that assesses or reviews."""

    class Kind(models.TextChoices):
        GOVERNMENT_MINISTRY = "government_ministry", _("Government ministry")
        SUBNATIONAL_OFFICE = "subnational_office", _("Sub-national government office")
        INTERNATIONAL_AGENCY = "international_agency", _("UN or international agency")
        CSO = "cso", _("Civil-society organisation")
        MIGRANT_LED = "migrant_led", _("Migrant-led organisation")
        WOMENS_ORGANISATION = "womens_organisation", _("Women's organisation")
        TRADE_UNION = "trade_union", _("Trade union")
        EMPLOYERS_ORGANISATION = "employers_organisation", _("Employers' organisation")
        RECRUITMENT_AGENCY = "recruitment_agency", _("Recruitment agency")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    country = models.ForeignKey(
        Country, verbose_name=_("based in"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a member may do in the countries their membership covers."""

    ADMIN = "admin", _("Admin")
    FOCAL_POINT = "focal_point", _("Focal point")
    ASSESSOR = "assessor", _("Assessor")
    REVIEWER = "reviewer", _("Reviewer")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    """A person's role for one organisation in one country."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "country"], name="one_role_per_org_country")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.country} · {self.get_role_display()}"
