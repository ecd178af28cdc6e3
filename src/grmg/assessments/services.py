"""The assessment service layer: every view, CLI command and import calls these functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from grmg.assessments.models import Assessment, ComponentStatus, CriterionScore, Evidence, Perspective, Round, Status
from grmg.assessments.suggestions import suggestions_for
from grmg.core import scoring
from grmg.core.framework import Band, Criterion, Framework
from grmg.countries.models import Country
from grmg.frameworks.models import FrameworkVersion
from grmg.organisations.access import Capability
from grmg.organisations.models import Organisation
from grmg.uploads import UploadRefused, check_upload


class AssessmentError(Exception):
    """A request the domain rules refuse; the message says why, in one line."""


@dataclass
class ScoreConflict(Exception):
    """Someone else saved the criterion since the editor loaded it; `current` is their version."""

    current: CriterionScore


# Which transitions exist and the capability each needs.
TRANSITIONS: dict[tuple[str, str], Capability] = {
    (Status.DRAFT, Status.SUBMITTED): Capability.SUBMIT,
    (Status.SUBMITTED, Status.REVIEWED): Capability.REVIEW,
    (Status.SUBMITTED, Status.DRAFT): Capability.REVIEW,
    (Status.REVIEWED, Status.VALIDATED): Capability.VALIDATE,
    (Status.REVIEWED, Status.DRAFT): Capability.VALIDATE,
    (Status.VALIDATED, Status.DRAFT): Capability.VALIDATE,
}


@transaction.atomic
def create_round(country: Country, year: int, framework: FrameworkVersion,
                 perspectives: Iterable[tuple[str, Organisation]], user: User | None = None) -> Round:
    """Open a round for a country and year with the perspectives to be assessed in it."""
    if Round.objects.filter(country=country, year=year).exists():
        raise AssessmentError(_("%(country)s already has a round for %(year)s") % {
            "country": country.name, "year": year})
    new_round = Round.objects.create(country=country, year=year, framework=framework, created_by=user)
    for perspective, organisation in perspectives:
        add_assessment(new_round, perspective, organisation)
    return new_round


def add_assessment(assessment_round: Round, perspective: str, organisation: Organisation) -> Assessment:
    """Add a perspective to a round, assessed by an organisation."""
    if perspective not in Perspective.values:
        raise AssessmentError(_("unknown perspective %(value)r; expected one of %(known)s") % {
            "value": perspective, "known": ", ".join(Perspective.values)})
    if assessment_round.assessments.filter(perspective=perspective).exists():
        raise AssessmentError(_("%(round)s already has a %(perspective)s") % {
            "round": assessment_round, "perspective": Perspective(perspective).label})
    return Assessment.objects.create(round=assessment_round, perspective=perspective, organisation=organisation)


def framework_of(assessment: Assessment) -> Framework:
    """The framework version the assessment's round is pinned to."""
    return assessment.round.framework.framework


def component_status(assessment: Assessment, component_id: str) -> str:
    """A component's review status; draft until someone moves it."""
    row = assessment.component_statuses.filter(component_id=component_id).values_list("status", flat=True)
    return row.first() or Status.DRAFT


def check_level(criterion: Criterion, level: str) -> None:
    """Refuse a level the criterion's scoring method does not have (blank means not scored)."""
    keys = criterion.scoring_method.level_keys
    if level and level not in keys:
        raise AssessmentError(_("%(level)r is not a level of %(criterion)s; expected one of %(keys)s") % {
            "level": level, "criterion": criterion.id, "keys": ", ".join(keys)})


def criterion_of(assessment: Assessment, criterion_id: str) -> Criterion:
    """The criterion in the assessment's framework; AssessmentError if the framework has none."""
    framework = framework_of(assessment)
    try:
        return framework.criterion(criterion_id)
    except KeyError:
        raise AssessmentError(_("unknown criterion %(id)r in %(framework)s") % {
            "id": criterion_id, "framework": framework.key}) from None


def ensure_editable(assessment: Assessment, criterion_id: str) -> None:
    """Only a draft component can change; a submitted one must be returned to draft first."""
    component_id = framework_of(assessment).component_of(criterion_id).id
    status = component_status(assessment, component_id)
    if status != Status.DRAFT:
        raise AssessmentError(_("%(component)s is %(status)s; it must be returned to draft before it can "
                                "change") % {"component": component_id, "status": Status(status).label})


@transaction.atomic
def save_score(assessment: Assessment, criterion_id: str, level: str, rationale: str,
               base_revision: int | None, user: User | None = None) -> CriterionScore:
    """Save a criterion's level and rationale.

    `base_revision` is the revision the editor started from (0 for a criterion not yet saved). If the
    stored revision has moved on, ScoreConflict carries the other version and nothing is written.
    None skips the check only when the stored values already equal the new ones (an idempotent import).
    """
    criterion = criterion_of(assessment, criterion_id)
    check_level(criterion, level)
    ensure_editable(assessment, criterion_id)
    rationale = rationale.strip()
    current = (
        CriterionScore.objects.select_for_update()
        .filter(assessment=assessment, criterion_id=criterion_id)
        .first()
    )
    if current is not None and current.level == level and current.rationale == rationale:
        return current
    if current is None:
        if base_revision not in (None, 0):
            raise AssessmentError(_("%(id)s has no saved version %(revision)s") % {
                "id": criterion_id, "revision": base_revision})
        try:
            with transaction.atomic():
                current = CriterionScore.objects.create(
                    assessment=assessment, criterion_id=criterion_id, level=level, rationale=rationale,
                    revision=1, updated_by=user,
                )
        except IntegrityError:
            raise ScoreConflict(CriterionScore.objects.get(assessment=assessment,
                                                           criterion_id=criterion_id)) from None
    elif base_revision != current.revision:
        raise ScoreConflict(current)
    else:
        current.level = level
        current.rationale = rationale
        current.revision += 1
        current.updated_by = user
        current.save()
    refresh_summary(assessment)
    return current


def _score_row(assessment: Assessment, criterion_id: str, user: User | None) -> CriterionScore:
    criterion_of(assessment, criterion_id)
    ensure_editable(assessment, criterion_id)
    row, _created = CriterionScore.objects.get_or_create(
        assessment=assessment, criterion_id=criterion_id, defaults={"updated_by": user}
    )
    return row


@transaction.atomic
def add_evidence(assessment: Assessment, criterion_id: str, kind: str, title: str, *,
                 upload: UploadedFile | None = None, url: str = "", citation: str = "",
                 user: User | None = None) -> Evidence:
    """Attach a document, link or citation to a criterion of an assessment."""
    title = title.strip()
    fields: dict[str, object]
    if kind == Evidence.Kind.DOCUMENT:
        if upload is None:
            raise AssessmentError(_("choose a file to upload"))
        try:
            sha256 = check_upload(upload, settings.UPLOAD_TYPES)
        except UploadRefused as exc:
            raise AssessmentError(str(exc)) from None
        fields = {"file": upload, "size": upload.size, "sha256": sha256,
                  "title": title or PurePath(upload.name or "").name}
    elif kind == Evidence.Kind.LINK:
        if not url.startswith(("http://", "https://")):
            raise AssessmentError(_("a link must start with http:// or https://"))
        fields = {"url": url, "title": title or url}
    elif kind == Evidence.Kind.CITATION:
        citation = citation.strip()
        if not citation:
            raise AssessmentError(_("a citation needs its text"))
        fields = {"citation": citation, "title": title or citation}
    else:
        raise AssessmentError(_("unknown kind of evidence %(kind)r") % {"kind": kind})
    fields["title"] = str(fields["title"])[:300]
    evidence = Evidence.objects.create(score=_score_row(assessment, criterion_id, user), kind=kind, added_by=user,
                                       **fields)
    refresh_summary(assessment)
    return evidence


@transaction.atomic
def remove_evidence(evidence: Evidence, user: User | None = None) -> None:
    """Remove a piece of evidence from a draft component; its file goes with it."""
    assessment = evidence.score.assessment
    ensure_editable(assessment, evidence.score.criterion_id)
    evidence._history_user = user  # type: ignore[attr-defined]  # simple-history credits the removal to them
    stored = evidence.file
    evidence.delete()
    if stored.name:
        name = stored.name
        transaction.on_commit(lambda: stored.storage.delete(name))
    refresh_summary(assessment)


@transaction.atomic
def apply_suggestion(assessment: Assessment, criterion_id: str, index: int, base_revision: int | None,
                     user: User | None = None) -> CriterionScore:
    """Confirm a module's suggestion: its level and rationale become the score, its citations evidence."""
    framework = framework_of(assessment)
    found = suggestions_for(assessment.round.country, framework, [criterion_id]).get(criterion_id, [])
    if not 0 <= index < len(found) or found[index].level is None:
        raise AssessmentError(_("that suggestion no longer applies; reload the page"))
    suggestion = found[index]
    rationale = _("%(rationale)s (Suggested by the %(source)s and confirmed.)") % {
        "rationale": suggestion.rationale, "source": suggestion.source}
    score = save_score(assessment, criterion_id, suggestion.level or "", rationale, base_revision, user)
    known = set(score.evidence.values_list("citation", flat=True))
    for citation in suggestion.citations:
        if citation not in known:
            add_evidence(assessment, criterion_id, Evidence.Kind.CITATION, "", citation=citation, user=user)
    return score


def allowed_transitions(status: str) -> list[tuple[str, Capability]]:
    """The statuses a component can move to from this one, and the capability each needs."""
    return [(target, capability) for (source, target), capability in TRANSITIONS.items() if source == status]


@transaction.atomic
def transition(assessment: Assessment, component_id: str, target: str, user: User | None = None,
               note: str = "") -> ComponentStatus:
    """Move a component along draft → submitted → reviewed → validated (or back to draft)."""
    framework = framework_of(assessment)
    try:
        framework.component(component_id)
    except KeyError:
        raise AssessmentError(_("unknown component %(id)r") % {"id": component_id}) from None
    row, _created = ComponentStatus.objects.select_for_update().get_or_create(
        assessment=assessment, component_id=component_id
    )
    if (row.status, target) not in TRANSITIONS:
        raise AssessmentError(_("%(component)s cannot go from %(source)s to %(target)s") % {
            "component": component_id, "source": Status(row.status).label,
            "target": Status(target).label if target in Status.values else target})
    row.status = target
    row.note = note.strip()
    row.changed_by = user
    row.save()
    return row


def ratings_for(assessments: Iterable[Assessment]) -> dict[int, dict[str, scoring.Rating]]:
    """Each assessment's ratings, with evidence counts, in one query."""
    ids = [a.pk for a in assessments]
    rows = (
        CriterionScore.objects.filter(assessment_id__in=ids)
        .annotate(evidence_count=Count("evidence"))
        .values_list("assessment_id", "criterion_id", "level", "evidence_count")
    )
    ratings: dict[int, dict[str, scoring.Rating]] = {pk: {} for pk in ids}
    for assessment_id, criterion_id, level, evidence_count in rows:
        ratings[assessment_id][criterion_id] = scoring.Rating(level or None, evidence_count)
    return ratings


def statuses_for(assessments: Iterable[Assessment]) -> dict[int, dict[str, str]]:
    """Each assessment's component statuses (components not listed are drafts), in one query."""
    ids = [a.pk for a in assessments]
    statuses: dict[int, dict[str, str]] = {pk: {} for pk in ids}
    rows = ComponentStatus.objects.filter(assessment_id__in=ids).values_list("assessment_id", "component_id", "status")
    for assessment_id, component_id, status in rows:
        statuses[assessment_id][component_id] = status
    return statuses


def scorecards(assessments: Iterable[Assessment]) -> dict[int, scoring.Scorecard]:
    """Each assessment's scorecard; the assessments must come with their round and framework loaded."""
    items = list(assessments)
    ratings = ratings_for(items)
    return {a.pk: scoring.score(a.round.framework.framework, ratings[a.pk]) for a in items}


def scorecard(assessment: Assessment) -> scoring.Scorecard:
    """One assessment's scorecard."""
    return scorecards([assessment])[assessment.pk]


def refresh_summary(assessment: Assessment) -> scoring.Scorecard:
    """Score the assessment and store its headline figures; every change to scores or evidence calls this."""
    card = scorecard(assessment)
    Assessment.objects.filter(pk=assessment.pk).update(
        overall_score=card.overall,
        criteria_total=card.coverage.total,
        criteria_scored=card.coverage.scored,
        criteria_evidenced=card.coverage.evidenced,
    )
    return card


def assessments_of(assessment_round: Round) -> list[Assessment]:
    """A round's assessments with their organisations, sharing the round object already loaded."""
    assessments = list(assessment_round.assessments.select_related("organisation"))
    for assessment in assessments:
        assessment.round = assessment_round
    return assessments


@dataclass(frozen=True)
class CountryResults:
    """A country's rounds (newest first), their assessments and scorecards, loaded in three queries."""

    rounds: tuple[Round, ...]
    assessments: tuple[Assessment, ...]
    cards: dict[int, scoring.Scorecard]

    def of_round(self, assessment_round: Round) -> list[Assessment]:
        """The assessments of one round, in perspective order."""
        return [a for a in self.assessments if a.round_id == assessment_round.pk]

    def before(self, assessment_round: Round) -> Round | None:
        """The round just before this one."""
        older = [r for r in self.rounds if r.year < assessment_round.year]
        return older[0] if older else None


def country_results(country: Country) -> CountryResults:
    """Everything the country dashboard and comparisons show."""
    rounds = tuple(
        Round.objects.filter(country=country).select_related("framework").defer("framework__data").order_by("-year")
    )
    by_id = {r.pk: r for r in rounds}
    assessments = tuple(
        Assessment.objects.filter(round__country=country).select_related("organisation").order_by("perspective")
    )
    for assessment in assessments:
        assessment.round = by_id[assessment.round_id]  # share the rounds already loaded
    return CountryResults(rounds, assessments, scorecards(assessments))


@dataclass(frozen=True)
class CountrySummary:
    """A line of the country list: the latest round, and each perspective's stored headline and band."""

    country: Country
    latest: Round | None
    assessments: tuple[tuple[Assessment, Band | None], ...]


def country_summaries(countries: Iterable[Country]) -> list[CountrySummary]:
    """The latest round of each country with its perspectives' headlines, in three queries whatever the number."""
    items = list(countries)
    latest: dict[int, Round] = {}
    rounds = Round.objects.filter(country__in=items).only("country_id", "year", "framework_id")
    for candidate in rounds.order_by("-year"):
        latest.setdefault(candidate.country_id, candidate)
    # Few framework versions serve many rounds; their data is parsed once per process, never fetched per row.
    versions = FrameworkVersion.objects.defer("data").in_bulk({r.framework_id for r in latest.values()})
    assessments = Assessment.objects.filter(round__in=latest.values()).order_by("perspective")
    rows: dict[int, list[tuple[Assessment, Band | None]]] = {pk: [] for pk in latest}
    rounds_by_id = {r.pk: r for r in latest.values()}
    for assessment in assessments:
        assessment.round = rounds_by_id[assessment.round_id]
        score = assessment.overall_score
        band = versions[assessment.round.framework_id].framework.band_for(score) if score is not None else None
        rows[assessment.round.country_id].append((assessment, band))
    return [CountrySummary(country, latest.get(country.pk), tuple(rows.get(country.pk, ()))) for country in items]
