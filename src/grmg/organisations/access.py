"""Who may do what: capabilities by role, checked per country and, for editing, per organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from grmg.countries.models import Country
from grmg.organisations.models import Membership, Role


class Capability(StrEnum):
    """An action a role may take."""

    VIEW = "view"
    SCORE = "score"          # edit levels, rationales and evidence of one's own organisation's assessment
    SUBMIT = "submit"        # send a component of one's own organisation's assessment for review
    REVIEW = "review"        # mark a submitted component reviewed, or return it to draft
    VALIDATE = "validate"    # mark a reviewed component validated
    CREATE_ROUND = "create_round"
    RECORD = "record"        # add country evidence shared by all perspectives: laws, ratifications, data, findings
    ENDORSE = "endorse"      # endorse or comment an indicator set on behalf of one's organisation
    CONFIDENTIAL = "confidential"  # see the values of suppressed cells (small groups of people)


CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.VIEWER: frozenset({Capability.VIEW}),
    Role.ASSESSOR: frozenset({Capability.VIEW, Capability.SCORE, Capability.SUBMIT, Capability.RECORD}),
    Role.REVIEWER: frozenset({Capability.VIEW, Capability.REVIEW}),
    Role.FOCAL_POINT: frozenset({Capability.VIEW, Capability.SCORE, Capability.SUBMIT, Capability.VALIDATE,
                                 Capability.CREATE_ROUND, Capability.RECORD, Capability.ENDORSE,
                                 Capability.CONFIDENTIAL}),
    Role.ADMIN: frozenset(Capability),
}
# Capabilities that act for one's own organisation (its assessment, its endorsement), not for any in the country.
OWN_ORGANISATION_ONLY = frozenset({Capability.SCORE, Capability.SUBMIT, Capability.ENDORSE})


@dataclass(frozen=True)
class Access:
    """One user's roles in one country, loaded with one query."""

    is_superuser: bool
    roles: frozenset[tuple[int, str]] = field(default_factory=frozenset)  # (organisation id, role)

    def can(self, capability: Capability, organisation_id: int | None = None) -> bool:
        """Whether the user may take this action; editing needs a role in the owning organisation."""
        if self.is_superuser:
            return True
        for org, role in self.roles:
            if capability not in CAPABILITIES[role]:
                continue
            if capability in OWN_ORGANISATION_ONLY and org != organisation_id:
                continue
            return True
        return False

    def can_any(self, capability: Capability) -> bool:
        """Whether the user may take this action through at least one of their organisations."""
        return self.is_superuser or any(capability in CAPABILITIES[role] for _org, role in self.roles)

    @property
    def organisation_ids(self) -> set[int]:
        """The organisations through which the user has a role here."""
        return {org for org, _role in self.roles}


def access_for(user: User | AnonymousUser, country: Country | int) -> Access:
    """The user's access in a country."""
    if not user.is_authenticated:
        return Access(is_superuser=False)
    if getattr(user, "is_superuser", False):
        return Access(is_superuser=True)
    country_id = country if isinstance(country, int) else country.pk
    rows = Membership.objects.filter(user=user, country_id=country_id).values_list("organisation_id", "role")
    return Access(is_superuser=False, roles=frozenset(rows))


def visible_countries(user: User | AnonymousUser) -> QuerySet[Country]:
    """The countries a user may see: all for a superuser, else those of their memberships."""
    if not user.is_authenticated:
        return Country.objects.none()
    if user.is_superuser:
        return Country.objects.all()
    return Country.objects.filter(memberships__user_id=user.pk).distinct()


def require(user: User | AnonymousUser, country: Country, capability: Capability,
            organisation_id: int | None = None) -> Access:
    """The user's access in a country; 404 if they may not see it at all, 403 if they may not do this."""
    access = access_for(user, country)
    if not access.can(Capability.VIEW):
        raise Http404
    if not access.can(capability, organisation_id):
        raise PermissionDenied
    return access
