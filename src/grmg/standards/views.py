"""Pages of the standards catalogue and of a country's ratifications."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from grmg.core.problems import InputError
from grmg.countries.models import Country
from grmg.http import Request
from grmg.organisations.access import Capability, require
from grmg.standards import services
from grmg.standards.forms import ImportForm, RatificationForm
from grmg.standards.models import Instrument


@require_GET
def catalogue(request: Request) -> HttpResponse:
    """Every instrument with its key provisions for women migrant workers."""
    instruments = Instrument.objects.prefetch_related("provisions")
    return render(request, "standards/catalogue.html", {"instruments": instruments})


@require_GET
def instrument_detail(request: Request, code: str) -> HttpResponse:
    """One instrument: its provisions and the framework criteria they underpin."""
    instrument = get_object_or_404(Instrument.objects.prefetch_related("provisions"), code=code)
    return render(request, "standards/instrument.html", {"instrument": instrument})


def ratifications(request: Request, iso3: str) -> HttpResponse:
    """A country's ratification table, with source and as-of date, and a form to record a status by hand."""
    country = get_object_or_404(Country, iso3=iso3.upper())
    access = require(request.user, country, Capability.VIEW)
    can_record = access.can(Capability.RECORD)
    form = RatificationForm(request.POST or None)
    problems: list[str] = []
    if request.method == "POST":
        if not can_record:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_by_hand(country, data["instrument"], data["status"], data["year"], data["citation"],
                                        data["as_of"], data["note"], request.user)
            except InputError as exc:
                problems = exc.lines()
            else:
                messages.success(request, _("Recorded %(instrument)s for %(country)s.") % {
                    "instrument": data["instrument"], "country": country.name})
                return redirect("standards:ratifications", iso3=country.iso3)
    return render(request, "standards/ratifications.html", {
        "country": country, "rows": services.ratification_table(country), "form": form, "can_record": can_record,
        "problems": problems, "is_demo": country.is_demo,
    }, status=422 if problems or form.errors else 200)


def import_ratifications(request: Request) -> HttpResponse:
    """Load a newer ratification file (staff only), checked exactly as the shipped one."""
    if not request.user.is_staff:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            source, created = services.import_file(upload, upload.name, request.user)
        except InputError as exc:
            problems = exc.lines()
        else:
            note = _("Imported %(n)d records from %(file)s.") if created else _("%(file)s was already imported.")
            messages.success(request, note % {"n": source.records.count(), "file": upload.name})
            return redirect("standards:catalogue")
    return render(request, "standards/import.html", {"form": form, "problems": problems},
                  status=422 if problems else 200)
