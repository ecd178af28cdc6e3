"""Country profile pages and their exports (HTML, PDF, JSON, CSV); the data are public reference data."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from grmg.assessments.templatetags.grmg import chart
from grmg.countries.models import Country
from grmg.countries.services import un_member_states
from grmg.http import Request
from grmg.organisations.access import Capability, access_for
from grmg.profiles import documents, services


@require_GET
def profile_list(request: Request) -> HttpResponse:
    """The 193 UN member states, each with a link to its profile."""
    return render(request, "profiles/list.html", {"countries": un_member_states()})


@require_GET
def profile(request: Request, iso3: str) -> HttpResponse:
    """A country's profile: migration patterns by sex, WBL, SDG 10.7.2 and ratifications, with sources."""
    country = get_object_or_404(Country, iso3=iso3.upper())
    built = services.build_profile(country)
    figures = {name: chart(spec, f"chart-{name.replace('_', '-')}", str(spec.get("description", "")))
               for name, spec in built.charts.items()}
    context: dict[str, Any] = {"profile": built, "country": country, "figures": figures,
                               "sources": services.sources(), "is_demo": country.is_demo,
                               "public_only": not access_for(request.user, country).can(Capability.VIEW)}
    return render(request, "profiles/profile.html", context)


@require_GET
def profile_export(request: Request, iso3: str, fmt: str) -> HttpResponse:
    """The profile as a standalone HTML page, a PDF, JSON or tidy CSV."""
    country = get_object_or_404(Country, iso3=iso3.upper())
    built = services.build_profile(country)
    name = f"grmg-profile-{country.iso3}.{fmt}"
    if fmt == "json":
        return JsonResponse(services.as_data(built), json_dumps_params={"ensure_ascii": False, "indent": 2})
    if fmt == "csv":
        response = HttpResponse(services.as_csv(built), content_type="text/csv; charset=utf-8")
    elif fmt == "html":
        response = HttpResponse(documents.profile_html(built))
    elif fmt == "pdf":
        response = HttpResponse(documents.profile_pdf(built), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


