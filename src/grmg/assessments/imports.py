"""Importing assessments from files: readers turn a file into an `AssessmentImport`, `apply` stores it.

A reader is one class registered for its file extensions. Everything is checked before anything is
written, and the whole import runs in one transaction: a file with any problem changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

import yaml
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from grmg.assessments import services
from grmg.assessments.models import Assessment, CriterionScore, Evidence, Perspective, Round, Status
from grmg.core.framework import Framework
from grmg.core.problems import InputError, Problem
from grmg.countries.models import Country
from grmg.frameworks.models import FrameworkVersion
from grmg.frameworks.services import ensure_shipped
from grmg.organisations.models import Organisation


@dataclass
class ScoreRow:
    """One criterion's entry in an import file, with where it stands in the file."""

    criterion_id: str
    level: str
    rationale: str
    links: list[str]
    citations: list[str]
    revision: int | None
    where: str
    level_where: str = ""

    @property
    def is_empty(self) -> bool:
        """Nothing filled in: the row is skipped."""
        return not (self.level or self.rationale or self.links or self.citations)


@dataclass
class AssessmentImport:
    """What an import file says: whose assessment, and the rows."""

    country: str
    year: int
    perspective: str
    organisation: str
    organisation_kind: str
    framework: str
    rows: list[ScoreRow] = field(default_factory=list)
    sheets: list[str] | None = None  # a workbook's pillar sheets, to name a missing one


@dataclass(frozen=True)
class ImportResult:
    """What an import changed."""

    assessment: Assessment
    round_created: bool
    scores_changed: int
    evidence_added: int


Reader = Callable[[IO[bytes], str], AssessmentImport]
READERS: dict[str, Reader] = {}


def register_reader(*extensions: str) -> Callable[[Reader], Reader]:
    """Register a reader for file extensions (with the dot)."""
    def decorator(reader: Reader) -> Reader:
        for extension in extensions:
            READERS[extension] = reader
        return reader
    return decorator


def read(stream: IO[bytes], source: str) -> AssessmentImport:
    """Read an import file with the reader registered for its extension."""
    extension = PurePath(source).suffix.lower()
    reader = READERS.get(extension)
    if reader is None:
        raise InputError(source, [Problem("", _("unsupported file type %(ext)s; use %(known)s") % {
            "ext": extension or "?", "known": ", ".join(sorted(READERS))})])
    return reader(stream, source)


@register_reader(".yaml", ".yml")
def read_yaml(stream: IO[bytes], source: str) -> AssessmentImport:
    """Read an assessment written as YAML (see docs/assessment-files.md)."""
    try:
        data = yaml.safe_load(stream.read().decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(source, [Problem("", _("not valid YAML: %s") % exc)]) from None
    if not isinstance(data, dict):
        raise InputError(source, [Problem("", _("the file must hold a mapping at the top level"))])
    problems: list[Problem] = []

    def text(key: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None or str(value).strip() == "":
            if required:
                problems.append(Problem(key, _("required field is missing")))
            return ""
        return str(value).strip()

    year = 0
    try:
        year = int(text("year"))
    except ValueError:
        problems.append(Problem("year", _("%(value)r is not a year") % {"value": data.get("year")}))
    result = AssessmentImport(
        country=text("country"),
        year=year,
        perspective=text("perspective"),
        organisation=text("organisation"),
        organisation_kind=text("organisation_kind", required=False),
        framework=text("framework", required=False),
    )
    scores = data.get("scores") or {}
    if not isinstance(scores, dict):
        problems.append(Problem("scores", _("expected a mapping of criterion id to its score")))
        scores = {}
    for criterion_id, entry in scores.items():
        where = f"scores.{criterion_id}"
        if not isinstance(entry, dict):
            problems.append(Problem(where, _("expected a mapping with level, rationale and evidence")))
            continue
        unknown = set(entry) - {"level", "rationale", "evidence", "revision"}
        if unknown:
            problems.append(Problem(where, _("unknown fields: %s") % ", ".join(sorted(unknown))))
        links: list[str] = []
        citations: list[str] = []
        for n, item in enumerate(entry.get("evidence") or []):
            if isinstance(item, dict) and set(item) <= {"link", "citation", "title"} and (
                    ("link" in item) != ("citation" in item)):
                (links if "link" in item else citations).append(str(item.get("link") or item["citation"]))
            else:
                problems.append(Problem(f"{where}.evidence[{n}]", _("expected {link: URL} or {citation: text}")))
        revision = entry.get("revision")
        result.rows.append(ScoreRow(
            criterion_id=str(criterion_id),
            level="" if entry.get("level") is None else str(entry["level"]).strip(),
            rationale=str(entry.get("rationale") or "").strip(),
            links=links,
            citations=citations,
            revision=revision if isinstance(revision, int) else None,
            where=where,
            level_where=f"{where}.level",
        ))
    if problems:
        raise InputError(source, problems)
    return result


def check(data: AssessmentImport, source: str, assessment: Assessment | None = None) -> list[Problem]:
    """Every problem that would stop the import, found without writing anything.

    With `assessment`, the file must be for that very assessment (an upload on its page).
    """
    problems: list[Problem] = []
    country = Country.objects.filter(iso3=data.country.upper()).first()
    if country is None:
        problems.append(Problem("country", _("unknown country code %(code)r") % {"code": data.country}))
    if data.perspective not in Perspective.values:
        problems.append(Problem("perspective", _("unknown perspective %(value)r; expected one of %(known)s") % {
            "value": data.perspective, "known": ", ".join(Perspective.values)}))
    if problems:
        return problems
    existing_round = Round.objects.filter(country=country, year=data.year).select_related("framework").first()
    version = _framework_version(data, existing_round, problems)
    existing = (
        Assessment.objects.filter(round=existing_round, perspective=data.perspective)
        .select_related("organisation").first() if existing_round else None
    )
    if assessment is not None and (existing is None or existing.pk != assessment.pk):
        problems.append(Problem("", _("this file is for %(country)s %(year)s, %(perspective)s, not for "
                                      "%(assessment)s") % {
            "country": data.country, "year": data.year, "perspective": data.perspective,
            "assessment": assessment}))
        return problems
    if existing is not None and existing.organisation.name != data.organisation:
        problems.append(Problem("organisation", _("this perspective is assessed by %(owner)s, not %(given)s") % {
            "owner": existing.organisation.name, "given": data.organisation}))
    if existing is None and not Organisation.objects.filter(name=data.organisation).exists() and (
            data.organisation_kind not in Organisation.Kind.values):
        problems.append(Problem("organisation_kind", _(
            "%(name)s is a new organisation: give its kind, one of %(kinds)s") % {
            "name": data.organisation, "kinds": ", ".join(Organisation.Kind.values)}))
    if version is not None:
        problems += _check_rows(data, version.framework, existing)
    return problems


def _framework_version(data: AssessmentImport, existing_round: Round | None,
                       problems: list[Problem]) -> FrameworkVersion | None:
    if existing_round is not None:
        if data.framework and data.framework != existing_round.framework.key:
            problems.append(Problem("framework", _("the round %(round)s uses %(used)s, this file was made for "
                                                   "%(given)s") % {
                "round": existing_round.reference, "used": existing_round.framework.key, "given": data.framework}))
        return existing_round.framework
    if not data.framework:
        return ensure_shipped()
    framework_id, _sep, version = data.framework.partition("@")
    found = FrameworkVersion.objects.filter(framework_id=framework_id, version=version).first()
    if found is None:
        problems.append(Problem("framework", _("the framework %(key)s is not loaded") % {"key": data.framework}))
    return found


def _check_rows(data: AssessmentImport, framework: Framework, existing: Assessment | None) -> list[Problem]:
    problems: list[Problem] = []
    if data.sheets is not None:
        pillars = [pillar.id for pillar in framework.pillars]
        problems += [Problem(_("sheet %s") % p, _("the sheet is missing")) for p in pillars if p not in data.sheets]
        problems += [Problem(_("sheet %s") % s, _("not a pillar of %(framework)s; expected sheets %(pillars)s") % {
            "framework": framework.key, "pillars": ", ".join(pillars)}) for s in data.sheets if s not in pillars]
    seen: dict[str, str] = {}
    current: dict[str, CriterionScore] = {}
    statuses: dict[str, str] = {}
    if existing is not None:
        current = {s.criterion_id: s for s in existing.scores.select_related("updated_by")}
        statuses = dict(existing.component_statuses.values_list("component_id", "status"))
    for row in data.rows:
        if row.criterion_id in seen:
            problems.append(Problem(row.where, _("%(id)s is listed twice (also at %(other)s)") % {
                "id": row.criterion_id, "other": seen[row.criterion_id]}))
            continue
        seen[row.criterion_id] = row.where
        try:
            criterion = framework.criterion(row.criterion_id)
        except KeyError:
            problems.append(Problem(row.where, _("unknown criterion %(id)r in %(framework)s") % {
                "id": row.criterion_id, "framework": framework.key}))
            continue
        if row.is_empty:
            continue
        row.level = _level_key(row.level, criterion.scoring_method.level_keys)
        try:
            services.check_level(criterion, row.level)
        except services.AssessmentError as exc:
            problems.append(Problem(row.level_where or row.where, str(exc)))
            continue
        for link in row.links:
            if not link.startswith(("http://", "https://")):
                problems.append(Problem(row.where, _("%(link)r is not a link (http:// or https://)") % {
                    "link": link}))
        stored = current.get(row.criterion_id)
        changes = stored is None or stored.level != row.level or stored.rationale != row.rationale
        component_id = framework.component_of(row.criterion_id).id
        status = statuses.get(component_id, Status.DRAFT)
        if status != Status.DRAFT and (changes or _new_evidence(row, stored)):
            problems.append(Problem(row.where, _("%(component)s is %(status)s; return it to draft first") % {
                "component": component_id, "status": Status(status).label}))
        elif stored is not None and stored.revision and changes and row.revision != stored.revision:
            problems.append(Problem(row.where, _(
                "%(id)s was changed by %(user)s on %(when)s after this file was made (their level: "
                "%(level)s); export a fresh file and enter your change again") % {
                "id": row.criterion_id, "user": stored.updated_by or _("someone"),
                "when": stored.updated_at.strftime("%Y-%m-%d %H:%M"), "level": stored.level or "-"}))
    return problems


def _level_key(given: str, keys: tuple[str, ...]) -> str:
    """Accept a level in any case, and whole numbers written by a spreadsheet as 50.0."""
    text = given.strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return next((key for key in keys if key.lower() == text.lower()), text)


def _new_evidence(row: ScoreRow, stored: CriterionScore | None) -> bool:
    if stored is None:
        return bool(row.links or row.citations)
    known = {e.url for e in stored.evidence.all()} | {e.citation for e in stored.evidence.all()}
    return any(item not in known for item in row.links + row.citations)


@transaction.atomic
def apply(data: AssessmentImport, source: str, user: User | None = None,
          assessment: Assessment | None = None) -> ImportResult:
    """Check the whole file, then store it in one transaction; InputError lists every problem."""
    problems = check(data, source, assessment)
    if problems:
        raise InputError(source, problems)
    country = Country.objects.get(iso3=data.country.upper())
    target_round = Round.objects.filter(country=country, year=data.year).first()
    round_created = target_round is None
    if target_round is None:
        version = _framework_version(data, None, [])
        assert version is not None  # check() has refused a missing framework
        target_round = Round.objects.create(country=country, year=data.year, framework=version, created_by=user)
    target = target_round.assessments.filter(perspective=data.perspective).first()
    if target is None:
        organisation, _created = Organisation.objects.get_or_create(
            name=data.organisation, defaults={"kind": data.organisation_kind, "country": country})
        target = services.add_assessment(target_round, data.perspective, organisation)
    scores_changed = evidence_added = 0
    for row in data.rows:
        if row.is_empty:
            continue
        before = CriterionScore.objects.filter(assessment=target, criterion_id=row.criterion_id).first()
        try:
            base_revision = row.revision if before is not None and before.revision else 0
            saved = services.save_score(target, row.criterion_id, row.level, row.rationale, base_revision, user)
        except services.ScoreConflict as conflict:
            message = _("%(id)s was changed by someone else while importing") % {"id": conflict.current.criterion_id}
            raise InputError(source, [Problem(row.where, message)]) from None
        scores_changed += before is None or before.revision != saved.revision
        known = set(saved.evidence.values_list("url", flat=True)) | set(
            saved.evidence.values_list("citation", flat=True))
        for link in row.links:
            if link not in known:
                services.add_evidence(target, row.criterion_id, Evidence.Kind.LINK, "", url=link, user=user)
                evidence_added += 1
        for citation in row.citations:
            if citation not in known:
                services.add_evidence(target, row.criterion_id, Evidence.Kind.CITATION, "", citation=citation,
                                      user=user)
                evidence_added += 1
    return ImportResult(target, round_created, scores_changed, evidence_added)


def import_file(stream: IO[bytes], source: str, user: User | None = None,
                assessment: Assessment | None = None) -> ImportResult:
    """Read and apply an import file: the one entry point for the CLI and the web."""
    return apply(read(stream, source), source, user, assessment)


def describe(result: ImportResult) -> dict[str, Any]:
    """An import's outcome as plain data for messages and JSON output."""
    return {
        "assessment": str(result.assessment),
        "round_created": result.round_created,
        "scores_changed": result.scores_changed,
        "evidence_added": result.evidence_added,
    }
