"""The agreement registry, the screening of its documents and of national laws, and the analysts' reviews.

Views, the CLI, the demo and the tests all call these functions. A document is read and screened before
anything is written, so a failed upload stores nothing, not even the file.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import PurePath

import pycountry
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

import grmg
from grmg.agreements.highlight import Mark, Piece, page_of, pieces
from grmg.agreements.models import (
    ISCO_MAJOR_GROUPS,
    Agreement,
    Corridor,
    Document,
    Finding,
    Party,
    ProvisionStatus,
    Review,
    Screening,
)
from grmg.core.screening import ChecklistItem
from grmg.core.screening import Screening as ScreeningResult
from grmg.core.screening.checklist import SHIPPED_CHECKLIST, shipped_checklist
from grmg.core.screening.rules import RULES_DIR, shipped_rules
from grmg.countries.models import Country
from grmg.documents import TEXT_DOCUMENT_TYPES, DocumentError, read_document
from grmg.laws.models import DiscriminatoryProvision, NationalInstrument
from grmg.organisations.access import CAPABILITIES, Capability
from grmg.organisations.models import Membership, Organisation
from grmg.uploads import UploadRefused, check_upload

Status = Agreement.Status

# How the review screen groups the checklist; a provision an agency adds falls under "Other provisions".
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("standards", ("standards_reference", "equal_treatment", "no_discriminatory_restrictions",
                   "maternity_protection")),
    ("recruitment", ("standard_contract", "contract_verification", "no_recruitment_fees", "recruiter_regulation",
                     "orientation")),
    ("work", ("wage_protection", "working_time_rest", "osh_housing", "social_security", "health_care",
              "domestic_workers")),
    ("freedom", ("document_retention_ban", "freedom_of_association", "employer_mobility", "independent_residence",
                 "communication_family")),
    ("protection", ("violence_harassment", "complaints_justice", "shelters_support", "consular_support")),
    ("return", ("repatriation", "reintegration", "skills_recognition", "remittances_savings")),
    ("governance", ("joint_committee", "social_dialogue", "sex_disaggregated_data", "transparency",
                    "duration_review")),
)


def group_label(key: str) -> str:
    """A checklist group's heading."""
    return {
        "standards": _("Standards and equality"),
        "recruitment": _("Recruitment and contract"),
        "work": _("Work, pay and social protection"),
        "freedom": _("Documents, mobility and freedom"),
        "protection": _("Protection and justice"),
        "return": _("Return and development"),
        "governance": _("Governance and monitoring"),
    }.get(key, _("Other provisions"))


# The provisions a national law is screened for: the restrictions that decide rights-based policy.
LAW_PROVISIONS = ("no_discriminatory_restrictions", "document_retention_ban", "employer_mobility",
                  "independent_residence", "maternity_protection", "domestic_workers")
# When one of them is contrary in a law, the kind of discriminatory provision it most likely is.
LAW_KINDS = {
    "document_retention_ban": DiscriminatoryProvision.Kind.OTHER,
    "employer_mobility": DiscriminatoryProvision.Kind.EMPLOYER_TIED_RESIDENCE,
    "independent_residence": DiscriminatoryProvision.Kind.EMPLOYER_TIED_RESIDENCE,
    "domestic_workers": DiscriminatoryProvision.Kind.DOMESTIC_WORK_EXCLUSION,
}
# Precedence when one agreement's documents disagree: a contrary text must reach the analyst, then the strongest.
PRECEDENCE = {ProvisionStatus.CONTRARY: 3, ProvisionStatus.PRESENT: 2, ProvisionStatus.PARTIAL: 1,
              ProvisionStatus.ABSENT: 0}
LANGUAGES = ("en", "fr", "es", "ar", "id", "ms", "tl", "pt", "de", "it", "ru", "zh", "ja", "ko", "ne", "bn", "hi",
             "si", "th", "vi", "am", "sw", "ur")


def language_name(code: str) -> str:
    """A language's English name and code, such as "English (en)"; the code alone if unknown."""
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    return f"{language.name} ({code})" if language else code


class AgreementError(ValueError):
    """A request the registry's rules refuse; the message says why, in one line."""


@lru_cache(maxsize=1)
def rules_version() -> str:
    """A fingerprint of the checklist and rule files the screener uses: the same files give the same version."""
    digest = hashlib.sha256()
    for path in [SHIPPED_CHECKLIST, *sorted(RULES_DIR.glob("*.yaml"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"grmg {grmg.__version__}, rules {digest.hexdigest()[:12]}"


def checklist() -> tuple[ChecklistItem, ...]:
    """The provisions agreements are screened and reviewed against."""
    return shipped_checklist()


def law_checklist() -> tuple[ChecklistItem, ...]:
    """The provisions national laws are screened against."""
    return tuple(item for item in shipped_checklist() if item.id in LAW_PROVISIONS)


def screening_languages() -> set[str]:
    """The languages the shipped rules read."""
    return set(shipped_rules().languages)


# --- the registry -----------------------------------------------------------------------------------------------

def owning_organisation(user: User | AnonymousUser | None, country: Country) -> Organisation | None:
    """The organisation through which the user records evidence in the country (by name, if several)."""
    if user is None or not user.is_authenticated:
        return None
    roles = [role for role, capabilities in CAPABILITIES.items() if Capability.RECORD in capabilities]
    membership = (Membership.objects.filter(user=user, country=country, role__in=roles)
                  .select_related("organisation").order_by("organisation__name").first())
    return membership.organisation if membership else None


@dataclass(frozen=True)
class Terms:
    """What a person says about an agreement when registering or correcting it."""

    title: str
    kind: str
    status: str
    origins: Sequence[Country]
    destinations: Sequence[Country]
    corridors: Sequence[tuple[Country, Country]] | None = None  # None: every origin to every destination
    signed_date: date | None = None
    in_force_date: date | None = None
    expiry_date: date | None = None
    language: str = ""
    occupation_groups: Sequence[str] = ()
    occupations: str = ""
    source_url: str = ""


def _check(country: Country, terms: Terms) -> list[tuple[Country, Country]]:
    """Refuse terms that break the registry's rules; returns the corridors."""
    if not terms.title.strip():
        raise AgreementError(_("an agreement needs its title"))
    if terms.kind not in Agreement.Kind.values or terms.status not in Status.values:
        raise AgreementError(_("unknown type or status"))
    origins, destinations = set(terms.origins), set(terms.destinations)
    if not origins or not destinations:
        raise AgreementError(_("name at least one country of origin and one country of destination"))
    if origins & destinations:
        both = ", ".join(sorted(c.name for c in origins & destinations))
        raise AgreementError(_("%s cannot be on both sides") % both)
    if country not in origins | destinations:
        raise AgreementError(_("%s must be a party to the agreements it registers") % country.name)
    if terms.signed_date and terms.in_force_date and terms.in_force_date < terms.signed_date:
        raise AgreementError(_("an agreement cannot enter into force before it is signed"))
    start = terms.in_force_date or terms.signed_date
    if terms.expiry_date and start and terms.expiry_date <= start:
        raise AgreementError(_("the expiry date must come after the signature and the entry into force"))
    if not set(terms.occupation_groups) <= {code for code, _label in ISCO_MAJOR_GROUPS}:
        raise AgreementError(_("unknown ISCO-08 major group"))
    if len(terms.language.strip()) > 12:
        raise AgreementError(_("give the language as a short code, such as en"))
    if terms.corridors is None:
        by_name = sorted(origins, key=lambda c: c.name), sorted(destinations, key=lambda c: c.name)
        return [(o, d) for o in by_name[0] for d in by_name[1]]
    corridors = list(dict.fromkeys(terms.corridors))
    for origin, destination in corridors:
        if origin not in origins or destination not in destinations:
            raise AgreementError(_("the corridor %(o)s → %(d)s does not join a country of origin to a country of "
                                   "destination of the agreement") % {"o": origin.name, "d": destination.name})
    if not corridors:
        raise AgreementError(_("an agreement covers at least one corridor"))
    return corridors


def _fields(terms: Terms) -> dict[str, object]:
    return {"title": terms.title.strip(), "kind": terms.kind, "status": terms.status,
            "signed_date": terms.signed_date, "in_force_date": terms.in_force_date,
            "expiry_date": terms.expiry_date, "language": terms.language.strip().lower(),
            "occupation_groups": sorted(set(terms.occupation_groups)), "occupations": terms.occupations.strip(),
            "source_url": terms.source_url.strip()}


@transaction.atomic
def register_agreement(country: Country, terms: Terms, user: User | None = None,
                       is_demo: bool = False) -> Agreement:
    """Register an agreement for a country, owned by the organisation the user records for."""
    corridors = _check(country, terms)
    agreement = Agreement.objects.create(country=country, organisation=owning_organisation(user, country),
                                         is_demo=is_demo or country.is_demo, added_by=user, **_fields(terms))
    _set_sides(agreement, terms, corridors)
    return agreement


@transaction.atomic
def update_agreement(agreement: Agreement, terms: Terms, user: User | None = None) -> Agreement:
    """Correct an agreement's terms, parties and corridors; the history keeps what they were."""
    corridors = _check(agreement.country, terms)
    for name, value in _fields(terms).items():
        setattr(agreement, name, value)
    agreement._history_user = user  # type: ignore[attr-defined]  # simple-history credits the change to them
    agreement.save()
    _set_sides(agreement, terms, corridors)
    return agreement


def _set_sides(agreement: Agreement, terms: Terms, corridors: list[tuple[Country, Country]]) -> None:
    """Make the stored parties and corridors those given, deleting and adding one by one so history sees each."""
    wanted = {(c.pk, Party.Side.ORIGIN) for c in terms.origins} | {(c.pk, Party.Side.DESTINATION)
                                                                      for c in terms.destinations}
    for party in list(agreement.parties.all()):
        if (party.country_id, party.side) not in wanted:
            party.delete()
        wanted.discard((party.country_id, party.side))
    for country_id, side in sorted(wanted):
        Party.objects.create(agreement=agreement, country_id=country_id, side=side)
    routes = {(o.pk, d.pk) for o, d in corridors}
    for corridor in list(agreement.corridors.all()):
        if (corridor.origin_id, corridor.destination_id) not in routes:
            corridor.delete()
        routes.discard((corridor.origin_id, corridor.destination_id))
    for origin_id, destination_id in sorted(routes):
        Corridor.objects.create(agreement=agreement, origin_id=origin_id, destination_id=destination_id)


def terms_of(agreement: Agreement) -> Terms:
    """An agreement's stored terms, to prefill the form that corrects them."""
    parties = list(agreement.parties.select_related("country"))
    return Terms(
        title=agreement.title, kind=agreement.kind, status=agreement.status,
        origins=[p.country for p in parties if p.side == Party.Side.ORIGIN],
        destinations=[p.country for p in parties if p.side == Party.Side.DESTINATION],
        signed_date=agreement.signed_date, in_force_date=agreement.in_force_date,
        expiry_date=agreement.expiry_date, language=agreement.language,
        occupation_groups=list(agreement.occupation_groups), occupations=agreement.occupations,
        source_url=agreement.source_url)


# --- documents and screenings -----------------------------------------------------------------------------------

def _screen(name: str, text: str, items: tuple[ChecklistItem, ...], language: str) -> ScreeningResult:
    """Screen a text with the shipped rules, in its language if the rules read it (else the language detected)."""
    # Imported on first use: starting the web server or a CLI command need not load the screening engine.
    from grmg.core.screening.engine import screen

    return screen(name, text, items, language=language if language in screening_languages() else None)


def add_document(agreement: Agreement, upload: UploadedFile, user: User | None = None) -> Document:
    """Read a document's text, screen it and store all three; on any failure nothing is stored."""
    name = PurePath(upload.name or "document").name
    try:
        digest = check_upload(upload, TEXT_DOCUMENT_TYPES)
        data = upload.read()
        read = read_document(data, name, max_bytes=settings.MAX_UPLOAD_BYTES)
    except (UploadRefused, DocumentError) as exc:
        raise AgreementError(str(exc)) from None
    if agreement.documents.filter(sha256=digest).exists():
        raise AgreementError(_("%s: this document is already uploaded to the agreement") % name)
    result = _screen(name, read.text, checklist(), agreement.language)
    document = Document(agreement=agreement, name=name, sha256=digest, text=read.text, pages=list(read.pages),
                        uploaded_by=user)
    try:
        with transaction.atomic():
            document.file.save(name, ContentFile(data), save=False)
            document.save()
            _store(result, len(read.text), user, document=document)
    except BaseException:
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def screen_document(document: Document, user: User | None = None) -> Screening:
    """Screen a document again with the rules as they are now; earlier screenings are kept as they were."""
    result = _screen(document.name, document.text, checklist(), document.agreement.language)
    return _store(result, len(document.text), user, document=document)


def screen_law(law: NationalInstrument, user: User | None = None) -> Screening | None:
    """Screen a national law's text for the restrictions that decide rights-based policy; None if it has no text."""
    if not law.text.strip():
        return None
    result = _screen(law.title, law.text, law_checklist(), "")
    with transaction.atomic():
        return _store(result, len(law.text), user, law=law)


def _store(result: ScreeningResult, length: int, user: User | None, *, document: Document | None = None,
           law: NationalInstrument | None = None) -> Screening:
    screening = Screening.objects.create(document=document, law=law, rules_version=rules_version(),
                                         language=result.language, text_length=length, screened_by=user)
    starts = [clause.start for clause in result.clauses]

    def article(offset: int) -> str:
        index = bisect_right(starts, offset) - 1
        return result.clauses[index].article if index >= 0 and offset < result.clauses[index].end else ""

    findings = [Finding(screening=screening, provision=f.id, position=n, status=f.status, confidence=f.confidence,
                        why=list(f.why), evidence=[{"start": s.start, "end": s.end, "text": s.text,
                                                    "article": article(s.start)} for s in f.evidence])
                for n, f in enumerate(result.findings)]
    bulk_create_with_history(findings, Finding, default_user=user)
    return screening


def latest_screenings(document_ids: Iterable[int]) -> dict[int, Screening]:
    """The newest screening of each document, in one query."""
    latest: dict[int, Screening] = {}
    for screening in Screening.objects.filter(document_id__in=list(document_ids)).order_by("-screened_at", "-pk"):
        if screening.document_id is not None:
            latest.setdefault(screening.document_id, screening)
    return latest


def findings_of(screenings: Iterable[Screening]) -> dict[int, dict[str, Finding]]:
    """The findings of each screening by provision, in one query."""
    found: dict[int, dict[str, Finding]] = {}
    for finding in Finding.objects.filter(screening__in=[s.pk for s in screenings]):
        found.setdefault(finding.screening_id, {})[finding.provision] = finding
    return found


def combine(findings: Iterable[Finding]) -> Finding | None:
    """One provision's screened status over an agreement's documents: contrary first, then the strongest."""
    return max(findings, key=lambda f: (PRECEDENCE[ProvisionStatus(f.status)], f.confidence), default=None)


def screened(agreement: Agreement) -> dict[str, Finding]:
    """The screened status of each provision over the newest screening of every document, in three queries."""
    latest = latest_screenings(agreement.documents.values_list("pk", flat=True))
    return _combined(findings_of(latest.values()))


# --- reviews ----------------------------------------------------------------------------------------------------

@transaction.atomic
def review_provision(agreement: Agreement, provision: str, status: str, rationale: str = "",
                     user: User | None = None) -> Review:
    """Confirm or change one provision's screened status; changing it needs a rationale."""
    if provision not in {item.id for item in checklist()}:
        raise AgreementError(_("%s is not a provision of the checklist") % provision)
    if status not in ProvisionStatus.values:
        raise AgreementError(_("unknown status %r") % status)
    found = screened(agreement).get(provision)
    screened_status = found.status if found else ""
    rationale = rationale.strip()
    if status != screened_status and not rationale:
        if screened_status:
            raise AgreementError(_("say why you change the screened status (%(screened)s) to %(status)s") % {
                "screened": ProvisionStatus(screened_status).label, "status": ProvisionStatus(status).label})
        raise AgreementError(_("no document is screened yet: say why the status is %s") % ProvisionStatus(status).label)
    review = Review.objects.select_for_update().filter(agreement=agreement, provision=provision).first()
    if review is None:
        review = Review(agreement=agreement, provision=provision)
    review.status, review.screened_status, review.rationale, review.reviewed_by = (status, screened_status,
                                                                                   rationale, user)
    review.save()
    return review


def review_history(agreement: Agreement, provision: str) -> list[Review]:
    """Every version of one provision's review, newest first, with who made it."""
    return list(Review.history.filter(agreement_id=agreement.pk, provision=provision)
                .select_related("history_user").order_by("-history_date"))


# --- what the pages show ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ListRow:
    """An agreement as a country's list shows it."""

    agreement: Agreement
    side: str
    partners: tuple[Country, ...]
    status: str
    in_force: bool
    documents: int
    reviewed: int

    @property
    def status_label(self) -> str:
        """The effective status in words."""
        return str(Status(self.status).label)


def agreements_of(country: Country, today: date | None = None) -> list[ListRow]:
    """The agreements registered for a country, with its side, its partners and how far each is reviewed."""
    today = today or timezone.localdate()
    agreements = (Agreement.objects.filter(country=country)
                  .prefetch_related(Prefetch("parties", queryset=Party.objects.select_related("country")))
                  .annotate(documents_count=Count("documents", distinct=True),
                            reviewed_count=Count("reviews", distinct=True)))
    rows = []
    for agreement in agreements:
        parties = list(agreement.parties.all())
        side = next((p.side for p in parties if p.country_id == country.pk), "")
        partners = tuple(p.country for p in parties if p.side != side)
        rows.append(ListRow(agreement, side, partners, agreement.effective_status(today),
                            agreement.is_in_force(today), agreement.documents_count, agreement.reviewed_count))
    return rows


@dataclass(frozen=True)
class DocumentRow:
    """A document with its newest screening and how many provisions that screening found in each status."""

    document: Document
    screening: Screening | None
    counts: dict[str, int]


@dataclass(frozen=True)
class Overview:
    """What an agreement's page shows."""

    agreement: Agreement
    origins: tuple[Country, ...]
    destinations: tuple[Country, ...]
    corridors: tuple[Corridor, ...]
    documents: tuple[DocumentRow, ...]
    status: str
    in_force: bool
    total: int
    reviewed: int
    changed: int
    key_rows: tuple[ChecklistRow, ...] = ()

    @property
    def status_label(self) -> str:
        """The effective status in words."""
        return str(Status(self.status).label)

    @property
    def language_label(self) -> str:
        """The language of the text in words."""
        return language_name(self.agreement.language)

    @property
    def occupation_labels(self) -> list[str]:
        """The ISCO-08 major groups covered, in words."""
        labels = dict(ISCO_MAJOR_GROUPS)
        return [f"{code}: {labels[code]}" for code in self.agreement.occupation_groups if code in labels]


def overview(agreement: Agreement, key_provisions: Sequence[str] = (), today: date | None = None) -> Overview:
    """An agreement's parties, corridors, documents with their screenings, and its review progress."""
    today = today or timezone.localdate()
    parties = list(agreement.parties.select_related("country"))
    corridors = tuple(agreement.corridors.select_related("origin", "destination"))
    documents = list(agreement.documents.defer("text").select_related("uploaded_by"))
    latest = latest_screenings(d.pk for d in documents)
    by_screening = findings_of(latest.values())
    rows = []
    for document in documents:
        screening = latest.get(document.pk)
        counts = dict.fromkeys(ProvisionStatus.values, 0)
        for finding in by_screening.get(screening.pk, {}).values() if screening else ():
            counts[finding.status] += 1
        rows.append(DocumentRow(document, screening, counts))
    reviews = {r.provision: r for r in agreement.reviews.select_related("reviewed_by")}
    combined = _combined(by_screening)
    items = {item.id: item for item in checklist()}
    key_rows = tuple(ChecklistRow(items[p], None, (), combined.get(p), reviews.get(p)) for p in key_provisions
                     if p in items)
    return Overview(
        agreement, tuple(p.country for p in parties if p.side == Party.Side.ORIGIN),
        tuple(p.country for p in parties if p.side == Party.Side.DESTINATION), corridors, tuple(rows),
        agreement.effective_status(today), agreement.is_in_force(today), len(items),
        sum(1 for p in reviews if p in items), sum(1 for p, r in reviews.items() if p in items and r.changed),
        key_rows)


def _combined(by_screening: dict[int, dict[str, Finding]]) -> dict[str, Finding]:
    by_provision: dict[str, list[Finding]] = {}
    for findings in by_screening.values():
        for provision, finding in findings.items():
            by_provision.setdefault(provision, []).append(finding)
    return {p: found for p, items in by_provision.items() if (found := combine(items))}


@dataclass(frozen=True)
class EvidenceRef:
    """One quoted span, with the id of its mark in the text, its article and its page."""

    anchor: str
    text: str
    article: str
    page: int | None
    start: int
    end: int


@dataclass(frozen=True)
class ChecklistRow:
    """One provision on the review screen: the screening of the document shown, of the agreement, and the review."""

    item: ChecklistItem
    finding: Finding | None
    evidence: tuple[EvidenceRef, ...]
    screened: Finding | None
    review: Review | None

    @property
    def screened_status(self) -> str:
        """The agreement's screened status, blank if no document is screened."""
        return self.screened.status if self.screened else ""

    @property
    def current(self) -> str:
        """The status to preselect: the confirmed one, else the screened one."""
        return self.review.status if self.review else self.screened_status


@dataclass(frozen=True)
class ReviewSheet:
    """The review screen: a document's text with its evidence marked, beside the checklist grouped."""

    agreement: Agreement
    documents: tuple[Document, ...]
    document: Document | None
    screening: Screening | None
    pieces: tuple[Piece, ...]
    groups: tuple[tuple[str, tuple[ChecklistRow, ...]], ...]
    has_pages: bool = False
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> list[ChecklistRow]:
        """Every checklist row, in group order."""
        return [row for _label, rows in self.groups for row in rows]

    @property
    def reviewed(self) -> int:
        """How many provisions an analyst has confirmed or changed."""
        return sum(1 for row in self.rows if row.review)


def anchor(provision: str, n: int) -> str:
    """The id of the nth evidence span of a provision in the page."""
    return f"ev-{provision}-{n}"


def review_sheet(agreement: Agreement, document_id: int | None = None) -> ReviewSheet:
    """Everything the review screen shows, in a fixed number of queries whatever the size of the agreement."""
    documents = tuple(agreement.documents.defer("text").order_by("uploaded_at", "pk"))
    document = next((d for d in documents if d.pk == document_id), documents[0] if documents else None)
    latest = latest_screenings(d.pk for d in documents)
    by_screening = findings_of(latest.values())
    combined = _combined(by_screening)
    screening = latest.get(document.pk) if document else None
    own = by_screening.get(screening.pk, {}) if screening else {}
    text = ""
    if document is not None:
        text = Document.objects.values_list("text", flat=True).get(pk=document.pk)
    pages: list[int] = list(document.pages) if document else []
    reviews = {r.provision: r for r in agreement.reviews.select_related("reviewed_by")}
    marks: list[Mark] = []
    rows: dict[str, ChecklistRow] = {}
    for item in checklist():
        finding = own.get(item.id)
        refs = []
        for n, span in enumerate(finding.evidence if finding else []):
            ref = EvidenceRef(anchor(item.id, n), span["text"], span.get("article", ""),
                              page_of(span["start"], pages), span["start"], span["end"])
            refs.append(ref)
            marks.append(Mark(item.id, ref.anchor, ref.start, ref.end))
        rows[item.id] = ChecklistRow(item, finding, tuple(refs), combined.get(item.id), reviews.get(item.id))
    grouped = _grouped(rows)
    counts = dict.fromkeys(ProvisionStatus.values, 0)
    for finding in own.values():
        counts[finding.status] += 1
    return ReviewSheet(agreement, documents, document, screening, tuple(pieces(text, marks, pages)), grouped,
                       len(pages) > 1, counts)


def _grouped(rows: dict[str, ChecklistRow]) -> tuple[tuple[str, tuple[ChecklistRow, ...]], ...]:
    placed: set[str] = set()
    groups = []
    for key, ids in GROUPS:
        members = tuple(rows[i] for i in ids if i in rows)
        placed.update(ids)
        if members:
            groups.append((group_label(key), members))
    others = tuple(row for key, row in rows.items() if key not in placed)
    if others:
        groups.append((group_label("other"), others))
    return tuple(groups)


# --- national laws ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LawFinding:
    """A law's screened status for one provision, with the quoted evidence."""

    item: ChecklistItem
    finding: Finding
    evidence: tuple[EvidenceRef, ...]
    recorded: bool  # a discriminatory provision of this law and article is already in the inventory


@dataclass(frozen=True)
class LawScreening:
    """The newest screening of a law, and whether its text changed since."""

    screening: Screening
    rows: tuple[LawFinding, ...]
    stale: bool

    @property
    def contrary(self) -> int:
        """How many provisions the law contradicts."""
        return sum(1 for row in self.rows if row.finding.status == ProvisionStatus.CONTRARY)


def law_screening(law: NationalInstrument) -> LawScreening | None:
    """The newest screening of a law, in three queries; None if it was never screened."""
    screening = law.screenings.order_by("-screened_at", "-pk").first()
    if screening is None:
        return None
    found = findings_of([screening]).get(screening.pk, {})
    recorded = {article_number(a) for a in DiscriminatoryProvision.objects.filter(law=law)
                .values_list("article", flat=True)} - {""}
    rows = []
    for item in law_checklist():
        finding = found.get(item.id)
        if finding is None:
            continue
        refs = tuple(EvidenceRef(anchor(item.id, n), s["text"], s.get("article", ""), None, s["start"], s["end"])
                     for n, s in enumerate(finding.evidence))
        articles = {article_number(ref.article) for ref in refs}
        rows.append(LawFinding(item, finding, refs, bool(articles & recorded)))
    return LawScreening(screening, tuple(rows), screening.text_length != len(law.text))


def article_number(article: str) -> str:
    """The number an article reference carries, so "Article 14", "Art. 14" and "s. 14" name the same one."""
    found = re.search(r"\d+(?:\.\d+)*[a-z]?", article.lower())
    return found.group(0) if found else article.strip().lower()


def discriminatory_draft(law: NationalInstrument, provision: str) -> dict[str, object]:
    """A discriminatory-provisions entry prefilled from a law's contrary finding, for a person to confirm."""
    screening = law_screening(law)
    row = next((r for r in screening.rows if r.item.id == provision), None) if screening else None
    if row is None or row.finding.status != ProvisionStatus.CONTRARY:
        raise AgreementError(_("the screening found nothing contrary to %s in this law") % provision)
    quote = " … ".join(ref.text.strip() for ref in row.evidence)
    article = next((ref.article for ref in row.evidence if ref.article), "")
    return {
        "kind": _kind_for(provision, quote), "law": law.pk, "article": article[:120],
        "group_affected": _group_for(provision),
        "description": quote or row.item.title,
        "status": (DiscriminatoryProvision.Status.PROPOSED if law.status == NationalInstrument.Status.DRAFT
                   else DiscriminatoryProvision.Status.REPEALED if law.status == NationalInstrument.Status.REPEALED
                   else DiscriminatoryProvision.Status.IN_FORCE),
        "evidence": _("Found by the grmg screening (%(version)s) of %(law)s, %(when)s: “%(quote)s”") % {
            "version": screening.screening.rules_version if screening else "", "law": law,
            "when": screening.screening.screened_at.date().isoformat() if screening else "", "quote": quote},
    }


def _kind_for(provision: str, quote: str) -> str:
    """The kind of restriction a contrary finding most likely is, from the provision and its wording."""
    Kind = DiscriminatoryProvision.Kind
    words = quote.lower()
    if provision in LAW_KINDS:
        return LAW_KINDS[provision]
    if "pregnan" in words:
        return Kind.PREGNANCY_TESTING if "test" in words else Kind.PREGNANCY_CONDITION
    if provision == "maternity_protection":
        return Kind.PREGNANCY_CONDITION
    if any(word in words for word in ("married", "marital", "husband", "guardian", "spouse", "consent")):
        return Kind.MARITAL_CONDITION
    if "age" in words or "years" in words:
        return Kind.AGE_LIMIT
    return Kind.DEPLOYMENT_BAN


def _group_for(provision: str) -> str:
    return {
        "domestic_workers": _("Domestic workers, most of them women"),
        "maternity_protection": _("Pregnant women migrant workers"),
        "employer_mobility": _("Migrant workers tied to their employer"),
        "independent_residence": _("Migrant women whose stay depends on a sponsor or spouse"),
        "document_retention_ban": _("Migrant workers whose documents are held"),
    }.get(provision, _("Women migrant workers"))


# --- what the suggestions read ----------------------------------------------------------------------------------

def agreements_with_reviews(country: Country) -> list[Agreement]:
    """A country's agreements with their parties, corridors and confirmed statuses, in four queries."""
    return list(Agreement.objects.filter(country=country).order_by("title", "pk").prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("country")),
        Prefetch("corridors", queryset=Corridor.objects.select_related("destination", "origin")),
        "reviews"))
