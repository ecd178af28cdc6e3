"""Pages of the legal compliance review: inventory, laws and reviews, matrix, discrimination, baseline report."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from grmg.agreements.services import law_screening, screen_law
from grmg.countries.models import Country
from grmg.frameworks.services import shipped_version
from grmg.http import Request
from grmg.laws import reports, services
from grmg.laws.forms import DiscriminationForm, LawForm, NotAddressedForm, ReviewForm
from grmg.laws.models import NationalInstrument
from grmg.organisations.access import Access, Capability, require
from grmg.standards.models import Provision


def _country(request: Request, iso3: str) -> tuple[Country, Access]:
    country = get_object_or_404(Country, iso3=iso3.upper())
    return country, require(request.user, country, Capability.VIEW)


def _may_record(request: Request, access: Access) -> None:
    if request.method == "POST" and not access.can(Capability.RECORD):
        raise Http404


def inventory(request: Request, iso3: str) -> HttpResponse:
    """The country's laws and policies, and a form to add one with its document."""
    country, access = _country(request, iso3)
    _may_record(request, access)
    form = LawForm(request.POST or None, request.FILES or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            law = services.add_law(country, title=data["title"], kind=data["kind"], year=data["year"],
                                   status=data["status"], upload=data["document"], text=data["text"],
                                   source_url=data["source_url"], user=request.user)
        except services.LawError as exc:
            error = str(exc)
        else:
            screen_law(law, request.user)  # its findings show on the law's page at once
            messages.success(request, _("Added %(law)s.") % {"law": law})
            return redirect("laws:law", pk=law.pk)
    laws = NationalInstrument.objects.filter(country=country).defer("text").select_related("added_by")
    return render(request, "laws/inventory.html", {
        "country": country, "laws": laws, "form": form, "error": error, "is_demo": country.is_demo,
        "can_record": access.can(Capability.RECORD),
    }, status=422 if error or form.errors else 200)


def law_detail(request: Request, pk: int) -> HttpResponse:
    """A law's text beside its provisions reviewed against the standards, and a form to review one more."""
    law = get_object_or_404(NationalInstrument.objects.select_related("country"), pk=pk)
    access = require(request.user, law.country, Capability.VIEW)
    _may_record(request, access)
    form = ReviewForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        provision = get_object_or_404(Provision, pk=data["provision"])
        try:
            services.review_provision(law.country, provision, law=law, status=data["status"],
                                      evidence=data["evidence"], article=data["article"], excerpt=data["excerpt"],
                                      user=request.user)
        except services.LawError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Reviewed %(provision)s.") % {"provision": provision})
            return redirect("laws:law", pk=law.pk)
    reviews = law.reviews.select_related("provision__instrument", "reviewed_by")
    return render(request, "laws/law.html", {
        "law": law, "country": law.country, "reviews": reviews, "form": form, "error": error,
        "law_screening": law_screening(law),
        "can_record": access.can(Capability.RECORD), "is_demo": law.country.is_demo,
    }, status=422 if error or form.errors else 200)


@require_GET
def law_document(request: Request, pk: int) -> FileResponse:
    """A law's document, for members of its country."""
    law = get_object_or_404(NationalInstrument.objects.select_related("country"), pk=pk)
    require(request.user, law.country, Capability.VIEW)
    if not law.document:
        raise Http404
    return FileResponse(law.document.open("rb"), as_attachment=True,
                        filename=PurePath(law.document.name or "law").name)


def compliance(request: Request, iso3: str) -> HttpResponse:
    """The compliance matrix (standards × national instruments) and the priority gaps."""
    country, access = _country(request, iso3)
    _may_record(request, access)
    form = NotAddressedForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        provision = get_object_or_404(Provision, pk=form.cleaned_data["provision"])
        try:
            services.review_provision(country, provision, law=None, status="not_addressed",
                                      evidence=form.cleaned_data["evidence"], user=request.user)
        except services.LawError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Recorded that no law addresses %(provision)s.") % {"provision": provision})
            return redirect("laws:compliance", iso3=country.iso3)
    show_all = request.GET.get("all") == "1"
    matrix = services.compliance_matrix(country, every_provision=show_all)
    context: dict[str, Any] = {
        "country": country, "matrix": matrix, "show_all": show_all, "form": form, "error": error,
        "rows": matrix.rows,
        "gaps": services.priority_gaps(matrix, shipped_version().framework)[:15],
        "can_record": access.can(Capability.RECORD), "is_demo": country.is_demo,
    }
    return render(request, "laws/compliance.html", context, status=422 if error or form.errors else 200)


def discrimination(request: Request, iso3: str) -> HttpResponse:
    """The inventory of discriminatory provisions, and a form to record one."""
    country, access = _country(request, iso3)
    _may_record(request, access)
    form = DiscriminationForm(request.POST or None, country=country)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_discriminatory(country, kind=data["kind"], group_affected=data["group_affected"],
                                           description=data["description"], status=data["status"],
                                           law=data["law"], article=data["article"], evidence=data["evidence"],
                                           user=request.user)
        except services.LawError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Recorded."))
            return redirect("laws:discrimination", iso3=country.iso3)
    return render(request, "laws/discrimination.html", {
        "country": country, "items": services.discriminatory_inventory(country), "form": form, "error": error,
        "can_record": access.can(Capability.RECORD), "is_demo": country.is_demo,
    }, status=422 if error or form.errors else 200)


@require_GET
def baseline(request: Request, iso3: str, fmt: str) -> HttpResponse:
    """The baseline report of a country, as a page or a PDF."""
    country, _access = _country(request, iso3)
    if fmt == "html":
        return HttpResponse(reports.baseline_html(country, request.user))
    if fmt == "pdf":
        response = HttpResponse(reports.baseline_pdf(country, request.user), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="grmg-baseline-{country.iso3}.pdf"'
        return response
    raise Http404
