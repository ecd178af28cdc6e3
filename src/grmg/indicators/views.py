"""Indicator pages: the registry, a country's monitoring, sets agreed by consultation, data in and out."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from grmg.assessments.templatetags.grmg import chart
from grmg.core.indicators.progress import progress
from grmg.core.problems import InputError, Problem
from grmg.countries.models import Country
from grmg.http import Request
from grmg.indicators import charts, exports, imports, services
from grmg.indicators.forms import DataImportForm, ProposeSetForm, StakeholderForm, TargetForm
from grmg.indicators.models import Indicator, IndicatorSet, Observation, SetItem
from grmg.indicators.readers import Defaults
from grmg.organisations.access import Access, Capability, require
from grmg.organisations.models import Organisation


@require_GET
def registry(request: Request) -> HttpResponse:
    """Every indicator of the registry."""
    return render(request, "indicators/registry.html", {"indicators": Indicator.objects.all()})


@require_GET
def indicator_detail(request: Request, code: str) -> HttpResponse:
    """An indicator's definition and metadata."""
    indicator = get_object_or_404(Indicator, code=code)
    return render(request, "indicators/indicator.html", {"indicator": indicator})


def _country(request: Request, iso3: str, capability: Capability = Capability.VIEW) -> tuple[Country, Access]:
    country = get_object_or_404(Country, iso3=iso3.upper())
    return country, require(request.user, country, capability)


def _organisations(access: Access, capability: Capability) -> Any:
    """The user's organisations in the country through which they may act with this capability."""
    if access.is_superuser:
        return Organisation.objects.all()
    allowed = [org for org in access.organisation_ids if access.can(capability, org)]
    return Organisation.objects.filter(pk__in=allowed)


@require_GET
def monitoring(request: Request, iso3: str) -> HttpResponse:
    """The country's official indicator set with the latest values by sex, gaps and progress; other sets."""
    country, access = _country(request, iso3)
    official = services.official_set(country)
    observed = Observation.objects.filter(country=country, key__in=["", "sex=female", "sex=male"]).select_related(
        "indicator")
    by_indicator: dict[int, list[Observation]] = {}
    for observation in observed.order_by("year"):
        by_indicator.setdefault(observation.indicator_id, []).append(observation)
    rows = []
    for item in official.items.all() if official else []:
        # Summaries and charts show published values only, whoever looks: they get copied and shared.
        series = services.sex_series(services.published(by_indicator.get(item.indicator_id, [])))
        latest = series[-1] if series else None
        value = latest.total or latest.female if latest else None
        rows.append({"item": item, "latest": latest, "progress": progress(
            item.baseline_year, item.baseline_value, item.target_year, item.target_value,
            latest.year if latest else None, value.value if value else None)})
    with_data = Indicator.objects.filter(pk__in=by_indicator).order_by("position")
    return render(request, "indicators/monitoring.html", {
        "country": country, "official": official, "rows": rows, "with_data": with_data,
        "sets": country.indicator_sets.select_related("proposed_by"), "can_record": access.can(Capability.RECORD),
        "is_demo": country.is_demo,
    })


def propose(request: Request, iso3: str) -> HttpResponse:
    """Propose an indicator set for consultation."""
    country, access = _country(request, iso3, Capability.RECORD)
    form = ProposeSetForm(request.POST or None, organisations=_organisations(access, Capability.RECORD))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposed = services.propose_set(country, data["organisation"], data["title"],
                                            [(i, None, None, None, None) for i in data["indicators"]], request.user)
        except services.IndicatorError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Proposed. Set the baselines and targets, then ask the stakeholders to "
                                        "comment and endorse."))
            return redirect("indicators:set", pk=proposed.pk)
    return render(request, "indicators/propose.html", {"country": country, "form": form,
                                                       "is_demo": country.is_demo})


def _set(request: Request, pk: int) -> tuple[IndicatorSet, Access]:
    indicator_set = get_object_or_404(IndicatorSet.objects.select_related("country", "proposed_by"), pk=pk)
    return indicator_set, require(request.user, indicator_set.country, Capability.VIEW)


@require_GET
def set_detail(request: Request, pk: int) -> HttpResponse:
    """A set: its indicators with baselines and targets, the comments and the endorsements on record."""
    indicator_set, access = _set(request, pk)
    items = indicator_set.items.select_related("indicator")
    editable = indicator_set.status == IndicatorSet.Status.PROPOSED and access.can(Capability.RECORD)
    return render(request, "indicators/set.html", {
        "set": indicator_set, "country": indicator_set.country, "items": items, "editable": editable,
        "comments": indicator_set.comments.select_related("organisation", "author"),
        "endorsements": indicator_set.endorsements.select_related("organisation", "author"),
        "comment_form": StakeholderForm(organisations=_organisations(access, Capability.VIEW)),
        "endorse_form": StakeholderForm(organisations=_organisations(access, Capability.ENDORSE)),
        "can_endorse": indicator_set.status == IndicatorSet.Status.PROPOSED and access.can_any(Capability.ENDORSE),
        "is_demo": indicator_set.country.is_demo,
    })


@require_POST
def set_target(request: Request, pk: int, item_pk: int) -> HttpResponse:
    """Set an item's baseline and dated target while the set is proposed."""
    indicator_set, access = _set(request, pk)
    if indicator_set.status != IndicatorSet.Status.PROPOSED or not access.can(Capability.RECORD):
        raise Http404
    item = get_object_or_404(SetItem, pk=item_pk, indicator_set=indicator_set)
    form = TargetForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["target_value"] is not None and data["target_year"] is None:
            messages.error(request, _("A target needs its year."))
        else:
            for field, value in data.items():
                setattr(item, field, value)
            item.save()
            messages.success(request, _("Saved the baseline and target of %(code)s.") % {"code": item.indicator.code})
    return redirect("indicators:set", pk=indicator_set.pk)


@require_POST
def set_comment(request: Request, pk: int) -> HttpResponse:
    """Put a comment on the record, on behalf of one's organisation."""
    indicator_set, access = _set(request, pk)
    form = StakeholderForm(request.POST, organisations=_organisations(access, Capability.VIEW))
    if form.is_valid():
        try:
            services.comment(indicator_set, form.cleaned_data["organisation"], form.cleaned_data["text"],
                             request.user)
        except services.IndicatorError as exc:
            messages.error(request, str(exc))
    return redirect("indicators:set", pk=indicator_set.pk)


@require_POST
def set_endorse(request: Request, pk: int) -> HttpResponse:
    """Endorse a set on behalf of one's organisation."""
    indicator_set, access = _set(request, pk)
    form = StakeholderForm(request.POST, organisations=_organisations(access, Capability.ENDORSE))
    if not form.is_valid():
        raise Http404
    try:
        services.endorse(indicator_set, form.cleaned_data["organisation"], form.cleaned_data["text"], request.user)
    except services.IndicatorError as exc:
        messages.error(request, str(exc))
    else:
        indicator_set.refresh_from_db()
        if indicator_set.status == IndicatorSet.Status.ENDORSED:
            messages.success(request, _("Endorsed: with government and civil society on board, this set is now "
                                        "the country's official indicator set."))
        else:
            messages.success(request, _("Endorsement recorded. The set becomes official once both a government "
                                        "body and a civil-society organisation have endorsed it."))
    return redirect("indicators:set", pk=indicator_set.pk)


@require_GET
def series(request: Request, iso3: str, code: str) -> HttpResponse:
    """An indicator's data for a country: by sex over time, by a chosen dimension, progress and the gap."""
    country, access = _country(request, iso3)
    indicator = get_object_or_404(Indicator, code=code)
    items = services.observations(country, indicator)
    catalogue = services.registry()
    confidential = access.can(Capability.CONFIDENTIAL)
    points = services.sex_series(services.published(items))  # charts and summaries: published values only
    official = services.official_set(country)
    item = next((i for i in official.items.all() if i.indicator_id == indicator.pk), None) if official else None
    latest = points[-1] if points else None
    latest_value = (latest.total or latest.female) if latest else None
    context: dict[str, Any] = {
        "country": country, "indicator": indicator, "points": points, "item": item, "official": official,
        "confidential": confidential, "is_demo": country.is_demo, "trends": services.sex_trends(points),
        "progress": progress(item.baseline_year if item else None, item.baseline_value if item else None,
                             item.target_year if item else None, item.target_value if item else None,
                             latest.year if latest else None, latest_value.value if latest_value else None),
        "sex_chart": chart(charts.sex_chart(points, indicator.unit, item.target_value if item else None,
                                            item.target_year if item else None), "sex-chart",
                           _("Values by sex over the years")) if points else "",
        "observations": [(o, _describe(o.dimensions, catalogue)) for o in items],
    }
    # Dimensions with data come first, so the default view shows something.
    present = {name for o in items for name in o.dimensions}
    names = sorted((d for d in indicator.disaggregations if d != "sex" and d in catalogue.dimensions),
                   key=lambda d: d not in present)
    dimensions = [(name, catalogue.dimensions[name].label) for name in names]
    chosen = request.GET.get("by") or (names[0] if names else "")
    years = sorted({o.year for o in items if chosen in o.dimensions})
    if chosen in names and years:
        asked = request.GET.get("year", "")
        year = int(asked) if asked.isdigit() and int(asked) in years else years[-1]
        dimension = catalogue.dimensions[chosen]
        rows = [{"label": dimension.label_of(o.dimensions[chosen]),
                 "sex": {"female": _("women"), "male": _("men")}.get(o.dimensions.get("sex", ""), _("total")),
                 "value": o.value}
                for o in items if o.year == year and set(o.dimensions) <= {chosen, "sex"} and chosen in o.dimensions
                and o.status == Observation.Status.PUBLISHED]
        context.update(chosen=chosen, year=year, years=years, dimensions=dimensions,
                       dimension_chart=chart(charts.dimension_chart(rows, dimension.label, indicator.unit),
                                             "dimension-chart", _("Values by %s and sex") % dimension.label))
    else:
        context.update(dimensions=dimensions, chosen=chosen)
    return render(request, "indicators/series.html", context)


def _describe(dimensions: dict[str, str], catalogue: Any) -> str:
    """A cell's dimensions in words: "Women, Malaysia"; "Total" for none."""
    if not dimensions:
        return _("Total")
    return ", ".join(catalogue.dimensions[name].label_of(value) if name in catalogue.dimensions else value
                     for name, value in sorted(dimensions.items(), key=lambda item: item[0] != "sex"))


def data_import(request: Request, iso3: str) -> HttpResponse:
    """Import a data file, or compute indicators from unit records with a spec; show the validation report."""
    country, _access = _country(request, iso3, Capability.RECORD)
    form = DataImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    report: imports.ImportReport | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            if data["spec"] is not None:
                report = _import_microdata(upload, data["spec"], country, data["year"], request)
            else:
                defaults = Defaults(indicator=data["indicator"].code if data["indicator"] else "",
                                    country=country.iso3)
                report = imports.import_file(upload, upload.name, request.user, defaults)
        except InputError as exc:
            problems = exc.lines()
    return render(request, "indicators/import.html", {
        "country": country, "form": form, "problems": problems, "report": report, "is_demo": country.is_demo,
    }, status=422 if problems else 200)


def _import_microdata(upload: Any, spec: Any, country: Country, year: int | None,
                      request: Request) -> imports.ImportReport:
    suffix = Path(upload.name).suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise InputError(upload.name, [Problem("", _("unit records must be a .csv or .parquet file"))])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"records{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return imports.import_microdata(path, spec.read().decode("utf-8", errors="replace"), spec.name, country,
                                        year, request.user)


@require_GET
def export(request: Request, iso3: str, fmt: str) -> HttpResponse:
    """The country's indicator data, public: suppressed cells marked, their values left out."""
    country, _access = _country(request, iso3)
    export_format = exports.EXPORT_FORMATS.get(fmt)
    if export_format is None:
        raise Http404
    found = Observation.objects.filter(country=country).select_related("indicator", "country").order_by(
        "indicator__position", "year", "key")
    if request.GET.get("indicator"):
        found = found.filter(indicator__code=request.GET["indicator"])
    content = export_format.render(exports.public_rows(found), services.registry(), request.GET.get("hxl") == "1")
    response = HttpResponse(content, content_type=export_format.media_type)
    response["Content-Disposition"] = f'attachment; filename="grmg-indicators-{country.iso3}.{export_format.extension}"'
    return response
