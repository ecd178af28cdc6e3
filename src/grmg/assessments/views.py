"""Pages of the assessment workspace: thin wrappers over `services`, with access checked first."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from grmg.assessments import charts, imports, reports, services, workbooks
from grmg.assessments.forms import EvidenceForm, ImportForm, RoundForm, ScoreForm, TransitionForm
from grmg.assessments.models import (
    Assessment,
    ComponentStatus,
    CriterionScore,
    Evidence,
    Perspective,
    Round,
    Status,
)
from grmg.assessments.suggestions import Suggestion, suggestions_for
from grmg.core import compare
from grmg.core.framework import Criterion, Framework
from grmg.core.problems import InputError
from grmg.countries.models import Country
from grmg.http import Request
from grmg.organisations.access import Access, Capability, require, visible_countries

COUNTRIES_PER_PAGE = 25


def _assessment(request: Request, pk: int, capability: Capability = Capability.VIEW
                ) -> tuple[Assessment, Access]:
    assessment = get_object_or_404(
        Assessment.objects.select_related("round__country", "round__framework", "organisation")
        .defer("round__framework__data"), pk=pk
    )
    access = require(request.user, assessment.round.country, capability, assessment.organisation_id)
    return assessment, access


def _round(request: Request, pk: int) -> tuple[Round, Access]:
    assessment_round = get_object_or_404(
        Round.objects.select_related("country", "framework").defer("framework__data"), pk=pk
    )
    return assessment_round, require(request.user, assessment_round.country, Capability.VIEW)


def _country(request: Request, iso3: str, capability: Capability = Capability.VIEW) -> tuple[Country, Access]:
    country = get_object_or_404(Country, iso3=iso3.upper())
    return country, require(request.user, country, capability)


@require_GET
def country_list(request: Request) -> HttpResponse:
    """The countries the user may see, with the latest round's scores of each perspective."""
    countries = visible_countries(request.user)
    show_all = request.GET.get("all") == "1"
    if not show_all:
        countries = countries.filter(rounds__isnull=False).distinct()
    page = Paginator(countries.order_by("-is_demo", "name"), COUNTRIES_PER_PAGE).get_page(request.GET.get("page"))
    summaries = services.country_summaries(page.object_list)
    return render(request, "assessments/country_list.html", {
        "page": page, "summaries": summaries, "show_all": show_all,
        "is_demo": any(s.country.is_demo for s in summaries),
    })


@require_GET
def dashboard(request: Request, iso3: str) -> HttpResponse:
    """A country's dashboard: scores, coverage, gaps, divergence and change for a chosen round."""
    country, access = _country(request, iso3)
    results = services.country_results(country)
    context: dict[str, Any] = {"country": country, "results": results, "is_demo": country.is_demo,
                               "can_create_round": access.can(Capability.CREATE_ROUND)}
    if not results.rounds:
        return render(request, "assessments/dashboard.html", context)
    chosen = _chosen_round(results, request.GET.get("year"))
    framework = chosen.framework.framework
    assessments = results.of_round(chosen)
    perspective = request.GET.get("perspective") or (assessments[0].perspective if assessments else "")
    current = next((a for a in assessments if a.perspective == perspective), None)
    previous_round = results.before(chosen)
    earlier = next((a for a in results.of_round(previous_round) if a.perspective == perspective), None) \
        if previous_round else None
    context.update(chosen=chosen, framework=framework, assessments=assessments, current=current,
                   previous_round=previous_round, perspective=perspective)
    if current is not None:
        card = results.cards[current.pk]
        before = results.cards[earlier.pk] if earlier else None
        context.update(
            card=card,
            change=compare.change(before, card) if before else None,
            gaps=[(gap, framework.criterion(gap.criterion_id)) for gap in card.gaps[:10]],
            component_chart=charts.component_chart(framework, card, before),
            component_rows=_component_rows(framework, card, before),
        )
    if len(assessments) > 1:
        cards = {a.perspective_short: results.cards[a.pk] for a in assessments}
        report = compare.divergence({a.perspective: results.cards[a.pk] for a in assessments})
        context.update(
            perspective_chart=charts.perspective_chart(framework, cards),
            divergence=[
                (framework.criterion(d.id), [d.values.get(a.perspective) for a in assessments], d.spread)
                for d in report.criteria if d.spread
            ][:8],
        )
    trend = [
        {"year": r.year, "perspective": a.perspective_short, "score": results.cards[a.pk].overall}
        for r in results.rounds for a in results.of_round(r) if results.cards[a.pk].overall is not None
    ]
    if len({point["year"] for point in trend}) > 1:
        context["trend_chart"] = charts.trend_chart(trend)
    return render(request, "assessments/dashboard.html", context)


def _chosen_round(results: services.CountryResults, year: str | None) -> Round:
    if year and year.isdigit():
        for candidate in results.rounds:
            if candidate.year == int(year):
                return candidate
        raise Http404
    return results.rounds[0]


@dataclass(frozen=True)
class ComponentRow:
    """A line of the dashboard's component table."""

    pillar_title: str
    result: Any
    change: float | None


def _component_rows(framework: Framework, card: Any, before: Any) -> list[ComponentRow]:
    previous = {c.id: c.score for c in before.components} if before else {}
    rows = []
    for component in card.components:
        earlier = previous.get(component.id)
        delta = component.score - earlier if component.score is not None and earlier is not None else None
        rows.append(ComponentRow(framework.pillar_of(component.id).title, component, delta))
    return rows


def round_create(request: Request, iso3: str) -> HttpResponse:
    """Open a new assessment round for a country."""
    country, _access = _country(request, iso3, Capability.CREATE_ROUND)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_round = services.create_round(country, form.cleaned_data["year"], form.cleaned_data["framework"],
                                              form.perspectives(), request.user)
        except services.AssessmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Round %(round)s opened.") % {"round": new_round})
            return redirect("assessments:round", pk=new_round.pk)
    return render(request, "assessments/round_form.html", {"country": country, "form": form,
                                                            "is_demo": country.is_demo})


@require_GET
def round_detail(request: Request, pk: int) -> HttpResponse:
    """A round: its perspectives, and each component's status and progress per perspective."""
    assessment_round, access = _round(request, pk)
    framework = assessment_round.framework.framework
    assessments = services.assessments_of(assessment_round)
    cards = services.scorecards(assessments)
    statuses = services.statuses_for(assessments)
    rows = [
        (component, [(a, cards[a.pk].component(component.id), statuses[a.pk].get(component.id, Status.DRAFT))
                     for a in assessments])
        for component in framework.components()
    ]
    return render(request, "assessments/round_detail.html", {
        "round": assessment_round, "framework": framework, "assessments": assessments, "cards": cards,
        "rows": rows, "access": access, "is_demo": assessment_round.country.is_demo,
        "report_formats": sorted(reports.REPORT_FORMATS),
    })


@require_GET
def perspective_compare(request: Request, pk: int) -> HttpResponse:
    """Where the perspectives of a round disagree, criterion by criterion."""
    assessment_round, _access = _round(request, pk)
    framework = assessment_round.framework.framework
    assessments = services.assessments_of(assessment_round)
    context: dict[str, Any] = {"round": assessment_round, "framework": framework, "assessments": assessments,
                               "is_demo": assessment_round.country.is_demo}
    if len(assessments) > 1:
        cards = services.scorecards(assessments)
        report = compare.divergence({a.perspective: cards[a.pk] for a in assessments})
        context.update(
            report=report,
            chart=charts.perspective_chart(framework, {a.perspective_short: cards[a.pk] for a in assessments}),
            criteria=[(d, framework.criterion(d.id)) for d in report.criteria],
            components=[(d, framework.component(d.id)) for d in report.components],
        )
    return render(request, "assessments/perspective_compare.html", context)


@require_GET
def round_compare(request: Request, iso3: str) -> HttpResponse:
    """What changed between two rounds of a country, for one perspective."""
    country, _access = _country(request, iso3)
    results = services.country_results(country)
    context: dict[str, Any] = {"country": country, "results": results, "is_demo": country.is_demo,
                               "perspectives": Perspective.choices}
    if len(results.rounds) < 2:
        return render(request, "assessments/round_compare.html", context)
    after = _chosen_round(results, request.GET.get("to"))
    before = _chosen_round(results, request.GET.get("from")) if request.GET.get("from") else results.before(after)
    perspective = request.GET.get("perspective") or Perspective.GOVERNMENT
    context.update(after=after, before=before, perspective=perspective)
    if before is None or before.pk == after.pk:
        context["error"] = _("Choose two different rounds.")
        return render(request, "assessments/round_compare.html", context)
    first = next((a for a in results.of_round(before) if a.perspective == perspective), None)
    second = next((a for a in results.of_round(after) if a.perspective == perspective), None)
    if first is None or second is None:
        context["error"] = _("Both rounds need this perspective.")
        return render(request, "assessments/round_compare.html", context)
    framework = after.framework.framework
    report = compare.change(results.cards[first.pk], results.cards[second.pk])
    context.update(
        report=report,
        framework=framework,
        chart=charts.component_chart(framework, results.cards[second.pk], results.cards[first.pk]),
        components=[(c, framework.component(c.id)) for c in report.components],
        moved=sorted(
            ((c, framework.criterion(c.id)) for c in report.criteria if c.delta),
            key=lambda pair: -abs(pair[0].delta or 0),
        ),
    )
    return render(request, "assessments/round_compare.html", context)


@require_GET
def round_report(request: Request, pk: int, fmt: str) -> HttpResponse:
    """Download a round report in a registered format."""
    assessment_round, _access = _round(request, pk)
    report_format = reports.REPORT_FORMATS.get(fmt)
    if report_format is None:
        raise Http404
    response = HttpResponse(report_format.render(assessment_round), content_type=report_format.media_type)
    name = f"grmg-{assessment_round.country.iso3}-{assessment_round.year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _assessment_context(assessment: Assessment, access: Access, **extra: Any) -> dict[str, Any]:
    framework = services.framework_of(assessment)
    card = services.scorecard(assessment)
    statuses = services.statuses_for([assessment])[assessment.pk]
    pillars = [
        (pillar, [(c, card.component(c.id), statuses.get(c.id, Status.DRAFT)) for c in pillar.components])
        for pillar in framework.pillars
    ]
    return {
        "assessment": assessment, "framework": framework, "card": card, "pillars": pillars, "access": access,
        "can_score": access.can(Capability.SCORE, assessment.organisation_id), "import_form": ImportForm(),
        "is_demo": assessment.round.country.is_demo, **extra,
    }


@require_GET
def assessment_detail(request: Request, pk: int) -> HttpResponse:
    """One perspective of a round: its components with status, score and coverage; import and export."""
    assessment, access = _assessment(request, pk)
    return render(request, "assessments/assessment_detail.html", _assessment_context(assessment, access))


@dataclass
class CriterionCard:
    """What the workspace shows for one criterion, including an unsaved edit after a conflict or error."""

    criterion: Criterion
    score: CriterionScore | None
    editable: bool
    suggestions: list[tuple[Suggestion, str]] = field(default_factory=list)
    conflict: CriterionScore | None = None
    error: str = ""
    saved: bool = False
    draft: dict[str, Any] = field(default_factory=dict)

    @property
    def level(self) -> str:
        """The level to show selected: the user's unsaved one, else the stored one."""
        if "level" in self.draft:
            return str(self.draft["level"])
        return self.score.level if self.score else ""

    @property
    def rationale(self) -> str:
        """The rationale to show: the user's unsaved one, else the stored one."""
        if "rationale" in self.draft:
            return str(self.draft["rationale"])
        return self.score.rationale if self.score else ""

    @property
    def revision(self) -> int:
        """The revision the next save is based on; after a conflict, the other person's."""
        if self.conflict is not None:
            return self.conflict.revision
        return self.score.revision if self.score else 0

    @property
    def levels(self) -> list[tuple[str, str, str]]:
        """Each level as (key, label, descriptor), lowest first."""
        method = self.criterion.scoring_method
        return [(level.key, _(level.label), self.criterion.levels[level.key]) for level in method.levels]


def _scores(assessment: Assessment, criterion_ids: list[str]) -> dict[str, CriterionScore]:
    rows = (
        CriterionScore.objects.filter(assessment=assessment, criterion_id__in=criterion_ids)
        .select_related("updated_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.select_related("added_by")))
    )
    return {row.criterion_id: row for row in rows}


def _workspace_context(assessment: Assessment, access: Access, component_id: str,
                       override: CriterionCard | None = None) -> dict[str, Any]:
    framework = services.framework_of(assessment)
    try:
        component = framework.component(component_id)
    except KeyError:
        raise Http404 from None
    statuses = services.statuses_for([assessment])[assessment.pk]
    status = statuses.get(component_id, Status.DRAFT)
    last_change = (
        ComponentStatus.objects.filter(assessment=assessment, component_id=component_id)
        .select_related("changed_by").first()
    )
    editable = status == Status.DRAFT and access.can(Capability.SCORE, assessment.organisation_id)
    criterion_ids = [c.id for c in component.criteria]
    scores = _scores(assessment, criterion_ids)
    suggested = suggestions_for(assessment.round.country, framework, criterion_ids)
    cards = [
        override if override is not None and override.criterion.id == c.id
        else CriterionCard(c, scores.get(c.id), editable)
        for c in component.criteria
    ]
    for item in cards:
        labels = {key: label for key, label, _descriptor in item.levels}
        item.suggestions = [(s, labels.get(s.level or "", "")) for s in suggested.get(item.criterion.id, [])]
    card = services.scorecard(assessment)
    transitions = [
        (target, Status(target).label)
        for target, capability in services.allowed_transitions(status)
        if access.can(capability, assessment.organisation_id)
    ]
    return {
        "assessment": assessment, "framework": framework, "component": component,
        "pillar": framework.pillar_of(component_id), "status": status, "status_label": Status(status).label,
        "last_change": last_change,
        "statuses": statuses, "cards": cards, "result": card.component(component_id), "scorecard": card,
        "transitions": transitions, "evidence_kinds": Evidence.Kind.choices, "editable": editable,
        "is_demo": assessment.round.country.is_demo, "access": access,
        "max_upload_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024),
        "upload_types": ", ".join(settings.UPLOAD_TYPES),
    }


@require_GET
def workspace(request: Request, pk: int, component_id: str) -> HttpResponse:
    """Score the criteria of one component: rubric, level, rationale, evidence, status, history."""
    assessment, access = _assessment(request, pk)
    return render(request, "assessments/workspace.html", _workspace_context(assessment, access, component_id))


def _card_response(request: Request, assessment: Assessment, access: Access, card: CriterionCard,
                   status: int = 200) -> HttpResponse:
    component_id = services.framework_of(assessment).component_of(card.criterion.id).id
    if request.htmx:
        context = _workspace_context(assessment, access, component_id, card)
        return render(request, "assessments/_criterion_response.html", {**context, "card": card}, status=status)
    if status == 200:
        url = reverse("assessments:workspace", args=[assessment.pk, component_id])
        return redirect(f"{url}#criterion-{card.criterion.id}")
    context = _workspace_context(assessment, access, component_id, card)
    return render(request, "assessments/workspace.html", context, status=status)


def _fresh_card(assessment: Assessment, criterion: Criterion, **state: Any) -> CriterionCard:
    score = _scores(assessment, [criterion.id]).get(criterion.id)
    return CriterionCard(criterion, score, editable=True, **state)


@require_POST
def save_score(request: Request, pk: int, criterion_id: str) -> HttpResponse:
    """Save a criterion's level and rationale; a concurrent change is shown, never overwritten."""
    assessment, access = _assessment(request, pk, Capability.SCORE)
    criterion = _criterion(assessment, criterion_id)
    form = ScoreForm(request.POST)
    if not form.is_valid():
        card = _fresh_card(assessment, criterion, error=_("The form was incomplete; reload the page."))
        return _card_response(request, assessment, access, card, status=422)
    data = form.cleaned_data
    draft = {"level": data["level"], "rationale": data["rationale"]}
    try:
        services.save_score(assessment, criterion_id, data["level"], data["rationale"], data["revision"],
                            request.user)
    except services.ScoreConflict as conflict:
        card = _fresh_card(assessment, criterion, conflict=conflict.current, draft=draft)
        return _card_response(request, assessment, access, card, status=409)
    except services.AssessmentError as exc:
        card = _fresh_card(assessment, criterion, error=str(exc), draft=draft)
        return _card_response(request, assessment, access, card, status=422)
    return _card_response(request, assessment, access, _fresh_card(assessment, criterion, saved=True))


def _criterion(assessment: Assessment, criterion_id: str) -> Criterion:
    try:
        return services.framework_of(assessment).criterion(criterion_id)
    except KeyError:
        raise Http404 from None


@require_POST
def apply_suggestion(request: Request, pk: int, criterion_id: str) -> HttpResponse:
    """Confirm a suggested level: it is saved as the score, with its citations as evidence."""
    assessment, access = _assessment(request, pk, Capability.SCORE)
    criterion = _criterion(assessment, criterion_id)
    try:
        index = int(request.POST.get("index", ""))
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        return _card_response(request, assessment, access, _fresh_card(assessment, criterion,
                                                                       error=_("The form was incomplete.")), 422)
    try:
        services.apply_suggestion(assessment, criterion_id, index, revision, request.user)
    except services.ScoreConflict as conflict:
        return _card_response(request, assessment, access,
                              _fresh_card(assessment, criterion, conflict=conflict.current), 409)
    except services.AssessmentError as exc:
        return _card_response(request, assessment, access, _fresh_card(assessment, criterion, error=str(exc)), 422)
    return _card_response(request, assessment, access, _fresh_card(assessment, criterion, saved=True))


@require_POST
def add_evidence(request: Request, pk: int, criterion_id: str) -> HttpResponse:
    """Attach a document, link or citation to a criterion."""
    assessment, access = _assessment(request, pk, Capability.SCORE)
    criterion = _criterion(assessment, criterion_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        error = "; ".join(f"{form.fields[name].label}: {' '.join(map(str, errors))}" if name in form.fields
                          else " ".join(map(str, errors)) for name, errors in form.errors.items())
        return _card_response(request, assessment, access, _fresh_card(assessment, criterion, error=error), 422)
    data = form.cleaned_data
    try:
        services.add_evidence(assessment, criterion_id, data["kind"], data["title"], upload=data["file"],
                              url=data["url"], citation=data["citation"], user=request.user)
    except services.AssessmentError as exc:
        return _card_response(request, assessment, access, _fresh_card(assessment, criterion, error=str(exc)), 422)
    return _card_response(request, assessment, access, _fresh_card(assessment, criterion, saved=True))


def _evidence(request: Request, pk: int, capability: Capability) -> tuple[Evidence, Access]:
    evidence = get_object_or_404(
        Evidence.objects.select_related("score__assessment__round__country", "score__assessment__round__framework",
                                        "score__assessment__organisation")
        .defer("score__assessment__round__framework__data"), pk=pk
    )
    assessment = evidence.score.assessment
    return evidence, require(request.user, assessment.round.country, capability, assessment.organisation_id)


@require_POST
def remove_evidence(request: Request, pk: int) -> HttpResponse:
    """Remove a piece of evidence from a draft component."""
    evidence, access = _evidence(request, pk, Capability.SCORE)
    assessment = evidence.score.assessment
    criterion = _criterion(assessment, evidence.score.criterion_id)
    try:
        services.remove_evidence(evidence, request.user)
    except services.AssessmentError as exc:
        return _card_response(request, assessment, access, _fresh_card(assessment, criterion, error=str(exc)), 422)
    return _card_response(request, assessment, access, _fresh_card(assessment, criterion, saved=True))


@require_GET
def download_evidence(request: Request, pk: int) -> FileResponse:
    """Send an evidence file to someone allowed to see the assessment; files have no public address."""
    evidence, _access = _evidence(request, pk, Capability.VIEW)
    if not evidence.file:
        raise Http404
    name = PurePath(evidence.file.name or "evidence").name
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=name)


@require_GET
def criterion_history(request: Request, pk: int, criterion_id: str) -> HttpResponse:
    """Who changed a criterion's level, rationale and evidence, and when."""
    assessment, _access = _assessment(request, pk)
    criterion = _criterion(assessment, criterion_id)
    score = CriterionScore.objects.filter(assessment=assessment, criterion_id=criterion_id).first()
    events: list[dict[str, Any]] = []
    if score is not None:
        for record in score.history.select_related("history_user").order_by("history_date"):
            events.append({"when": record.history_date, "who": record.history_user, "kind": "score",
                           "level": record.level, "rationale": record.rationale, "type": record.history_type})
        evidence_history = Evidence.history.filter(score_id=score.pk).select_related("history_user")
        for item in evidence_history.order_by("history_date"):
            events.append({"when": item.history_date, "who": item.history_user, "kind": "evidence",
                           "title": item.title, "type": item.history_type})
    events.sort(key=lambda event: event["when"], reverse=True)
    template = "assessments/_history.html" if request.htmx else "assessments/history_page.html"
    return render(request, template, {"events": events, "criterion": criterion,
                                      "is_demo": assessment.round.country.is_demo})


@require_POST
def change_status(request: Request, pk: int, component_id: str) -> HttpResponse:
    """Move a component along the review workflow."""
    assessment, access = _assessment(request, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        target = form.cleaned_data["target"]
        status = services.component_status(assessment, component_id)
        needed = services.TRANSITIONS.get((status, target))
        if needed is None or not access.can(needed, assessment.organisation_id):
            messages.error(request, _("You cannot move this component to %(target)s.") % {
                "target": Status(target).label})
        else:
            try:
                services.transition(assessment, component_id, target, request.user, form.cleaned_data["note"])
            except services.AssessmentError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Status changed to %(status)s.") % {"status": Status(target).label})
    return redirect("assessments:workspace", pk=assessment.pk, component_id=component_id)


@require_GET
def workbook(request: Request, pk: int) -> HttpResponse:
    """The assessment as an Excel workbook, pre-filled, to work on offline and import back."""
    assessment, _access = _assessment(request, pk)
    book = workbooks.workbook_for(assessment)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"grmg-{assessment.round.country.iso3}-{assessment.round.year}-{assessment.perspective}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    book.save(response)
    return response


@require_POST
def import_file(request: Request, pk: int) -> HttpResponse:
    """Import a workbook or YAML file into this assessment: all or nothing, every problem listed."""
    assessment, access = _assessment(request, pk, Capability.SCORE)
    form = ImportForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.import_file(upload, upload.name, request.user, assessment)
        except InputError as exc:
            problems = exc.lines()
        else:
            messages.success(request, _("Imported %(file)s: %(scores)d criteria changed, %(evidence)d pieces of "
                                        "evidence added.") % {"file": upload.name, "scores": result.scores_changed,
                                                               "evidence": result.evidence_added})
            return redirect("assessments:assessment", pk=assessment.pk)
    else:
        problems = [" ".join(map(str, errors)) for errors in form.errors.values()]
    context = _assessment_context(assessment, access, import_form=form, import_problems=problems)
    return render(request, "assessments/assessment_detail.html", context, status=422)
