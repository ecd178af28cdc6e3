"""The legal compliance review and the discriminatory-provisions inventory, for views, CLI and imports alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from grmg.core.framework import Framework
from grmg.core.scoring import overall_weights
from grmg.countries.models import Country
from grmg.documents import TEXT_DOCUMENT_TYPES, DocumentError, extract_text
from grmg.laws.models import DiscriminatoryProvision, NationalInstrument, ProvisionReview
from grmg.standards.models import Instrument, Provision
from grmg.uploads import UploadRefused, check_upload, extension_of


class LawError(ValueError):
    """A request the review's rules refuse; the message says why, in one line."""


@transaction.atomic
def add_law(country: Country, *, title: str, kind: str, year: int | None, status: str,
            upload: UploadedFile | None = None, text: str = "", source_url: str = "",
            user: User | None = None) -> NationalInstrument:
    """Add a law or policy to a country's inventory; a document's text is extracted when none is given."""
    title = title.strip()
    if not title:
        raise LawError(_("a law needs its title"))
    if kind not in NationalInstrument.Kind.values or status not in NationalInstrument.Status.values:
        raise LawError(_("unknown type or status"))
    if upload is not None:
        try:
            check_upload(upload, TEXT_DOCUMENT_TYPES)
            data = upload.read()
            upload.seek(0)
            extracted = extract_text(data, extension_of(upload.name or ""), upload.name or "")
        except (UploadRefused, DocumentError) as exc:
            raise LawError(str(exc)) from None
        text = text.strip() or extracted
    return NationalInstrument.objects.create(
        country=country, title=title, kind=kind, year=year, status=status, document=upload or "",
        text=text.strip(), source_url=source_url.strip(), added_by=user,
    )


@transaction.atomic
def review_provision(country: Country, provision: Provision, *, law: NationalInstrument | None, status: str,
                     evidence: str, article: str = "", excerpt: str = "", user: User | None = None
                     ) -> ProvisionReview:
    """Record how a national law meets a standard's provision, or that no law addresses it."""
    if status not in ProvisionReview.Status.values:
        raise LawError(_("unknown status %r") % status)
    if status == ProvisionReview.Status.NOT_ADDRESSED and law is not None:
        raise LawError(_("a provision no law addresses cannot name a law; choose another status or no law"))
    if status != ProvisionReview.Status.NOT_ADDRESSED and law is None:
        raise LawError(_("say which law complies, partly complies or does not comply"))
    if law is not None and law.country_id != country.pk:
        raise LawError(_("%(law)s is a law of another country") % {"law": law})
    if not evidence.strip():
        raise LawError(_("give the rationale and evidence for this status"))
    return ProvisionReview.objects.create(
        country=country, provision=provision, law=law, article=article.strip(), excerpt=excerpt.strip(),
        status=status, evidence=evidence.strip(), reviewed_by=user,
    )


@transaction.atomic
def record_discriminatory(country: Country, *, kind: str, group_affected: str, description: str, status: str,
                          law: NationalInstrument | None = None, article: str = "", evidence: str = "",
                          user: User | None = None) -> DiscriminatoryProvision:
    """Add a restriction that violates non-discrimination to the country's inventory."""
    if kind not in DiscriminatoryProvision.Kind.values or status not in DiscriminatoryProvision.Status.values:
        raise LawError(_("unknown kind or status"))
    if not group_affected.strip() or not description.strip():
        raise LawError(_("say whom the provision affects and what it does"))
    if law is not None and law.country_id != country.pk:
        raise LawError(_("%(law)s is a law of another country") % {"law": law})
    return DiscriminatoryProvision.objects.create(
        country=country, law=law, article=article.strip(), kind=kind, group_affected=group_affected.strip(),
        description=description.strip(), status=status, evidence=evidence.strip(), recorded_by=user,
    )


# From worst to best: a provision's overall status is the best any of its reviews gives it.
STATUS_ORDER = [ProvisionReview.Status.NOT_ADDRESSED, ProvisionReview.Status.NOT_COMPLIANT,
                ProvisionReview.Status.PARTLY, ProvisionReview.Status.COMPLIANT]


@dataclass(frozen=True)
class MatrixRow:
    """One standard provision: its status against each national law, and overall."""

    provision: Provision
    cells: tuple[ProvisionReview | None, ...]
    not_addressed: ProvisionReview | None
    overall: str | None


@dataclass(frozen=True)
class Matrix:
    """Standards × national instruments for one country."""

    laws: tuple[NationalInstrument, ...]
    rows: tuple[MatrixRow, ...]

    @property
    def reviewed(self) -> int:
        """How many provisions have at least one review."""
        return sum(1 for row in self.rows if row.overall is not None)


def compliance_matrix(country: Country, every_provision: bool = False) -> Matrix:
    """The review as a matrix: the reviewed provisions (or every catalogue provision) against every law reviewed."""
    reviews = list(ProvisionReview.objects.filter(country=country).select_related("law", "reviewed_by"))
    law_ids = {r.law_id for r in reviews if r.law_id}
    laws = tuple(NationalInstrument.objects.filter(pk__in=law_ids).order_by("-year", "title").defer("text"))
    provisions = Provision.objects.select_related("instrument").order_by("instrument__position", "position")
    if not every_provision:
        provisions = provisions.filter(pk__in={r.provision_id for r in reviews})
    by_provision: dict[int, list[ProvisionReview]] = {}
    for review in reviews:
        by_provision.setdefault(review.provision_id, []).append(review)
    rows = []
    for provision in provisions:
        own = by_provision.get(provision.pk, [])
        cells = tuple(_best(r for r in own if r.law_id == law.pk) for law in laws)
        not_addressed = next((r for r in own if r.law_id is None), None)
        overall = max((ProvisionReview.Status(r.status) for r in own), key=STATUS_ORDER.index, default=None)
        rows.append(MatrixRow(provision, cells, not_addressed, overall))
    return Matrix(laws, tuple(rows))


def _best(reviews: Iterable[ProvisionReview]) -> ProvisionReview | None:
    return max(reviews, key=lambda r: STATUS_ORDER.index(ProvisionReview.Status(r.status)), default=None)


@dataclass(frozen=True)
class PriorityGap:
    """A standard provision the country's law does not (fully) meet, and what it weighs in the framework."""

    provision: Provision
    status: str
    weight: float

    @property
    def status_label(self) -> str:
        """The status in words."""
        return str(ProvisionReview.Status(self.status).label)


def priority_gaps(matrix: Matrix, framework: Framework) -> list[PriorityGap]:
    """Reviewed provisions not fully met, the worst and the most weighty first.

    A provision's weight is the share of the overall score carried by the framework criteria it underpins.
    """
    shares = overall_weights(framework)
    gaps = [
        PriorityGap(row.provision, row.overall, sum(shares.get(c, 0.0) for c in row.provision.criteria))
        for row in matrix.rows
        if row.overall is not None and row.overall != ProvisionReview.Status.COMPLIANT
    ]
    return sorted(gaps, key=lambda g: (STATUS_ORDER.index(ProvisionReview.Status(g.status)), -g.weight, g.provision.pk))


@dataclass(frozen=True)
class Coverage:
    """Which instruments a country's review covers, and how many of their provisions."""

    instruments: tuple[Instrument, ...]
    provisions: int


def review_coverage(country: Country) -> Coverage:
    """The instruments with at least one reviewed provision, in catalogue order, in two queries."""
    reviewed = set(ProvisionReview.objects.filter(country=country).values_list("provision_id", flat=True))
    instruments = Instrument.objects.filter(provisions__pk__in=reviewed).distinct().order_by("position")
    return Coverage(tuple(instruments), len(reviewed))


def discriminatory_inventory(country: Country) -> list[DiscriminatoryProvision]:
    """The country's discriminatory provisions, those in force first."""
    order = {DiscriminatoryProvision.Status.IN_FORCE: 0, DiscriminatoryProvision.Status.PROPOSED: 1,
             DiscriminatoryProvision.Status.REPEALED: 2}
    items = list(DiscriminatoryProvision.objects.filter(country=country).select_related("law", "recorded_by"))
    return sorted(items, key=lambda d: (order[DiscriminatoryProvision.Status(d.status)], d.kind, d.pk))
