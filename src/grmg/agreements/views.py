"""Pages of the agreement registry: a country's list, an agreement and its review, the comparison, the gaps."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from grmg.agreements import comparison, reports, services
from grmg.agreements.forms import AgreementForm, DocumentForm, ReviewForm
from grmg.agreements.models import Agreement, Document
from grmg.agreements.suggestions import KEY_PROVISIONS
from grmg.countries.models import Country
from grmg.http import Request
from grmg.laws import services as laws
from grmg.laws.forms import DiscriminationForm
from grmg.laws.models import NationalInstrument
from grmg.organisations.access import Access, Capability, require


def _country(request: Request, iso3: str) -> tuple[Country, Access]:
    country = get_object_or_404(Country, iso3=iso3.upper())
    return country, require(request.user, country, Capability.VIEW)


def _agreement(request: Request, pk: int) -> tuple[Agreement, Access]:
    agreement = get_object_or_404(Agreement.objects.select_related("country", "organisation", "added_by"), pk=pk)
    return agreement, require(request.user, agreement.country, Capability.VIEW)


def _may_record(request: Request, access: Access) -> None:
    if request.method == "POST" and not access.can(Capability.RECORD):
        raise PermissionDenied


def country_list(request: Request, iso3: str) -> HttpResponse:
    """The agreements registered for a country, and a form to register one."""
    country, access = _country(request, iso3)
    _may_record(request, access)
    form = AgreementForm(request.POST or None, country=country)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.register_agreement(country, form.terms(), request.user)
        except services.AgreementError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Registered %(agreement)s. Upload its text to screen it.") % {
                "agreement": agreement})
            return redirect("agreements:agreement", pk=agreement.pk)
    return render(request, "agreements/list.html", {
        "country": country, "rows": services.agreements_of(country), "total": len(services.checklist()),
        "form": form, "error": error,
        "can_record": access.can(Capability.RECORD), "is_demo": country.is_demo,
    }, status=422 if error or form.errors else 200)


def _agreement_page(request: Request, agreement: Agreement, access: Access, upload: DocumentForm | None = None,
                    error: str = "") -> HttpResponse:
    return render(request, "agreements/agreement.html", {
        "agreement": agreement, "country": agreement.country,
        "overview": services.overview(agreement, KEY_PROVISIONS), "upload": upload or DocumentForm(),
        "error": error, "can_record": access.can(Capability.RECORD), "is_demo": agreement.is_demo,
    }, status=422 if error or (upload and upload.errors) else 200)


@require_GET
def agreement_detail(request: Request, pk: int) -> HttpResponse:
    """An agreement: terms, parties, corridors, documents with their screenings, and the key protections."""
    agreement, access = _agreement(request, pk)
    return _agreement_page(request, agreement, access)


def agreement_edit(request: Request, pk: int) -> HttpResponse:
    """Correct an agreement's terms, parties, dates or status."""
    agreement, access = _agreement(request, pk)
    if not access.can(Capability.RECORD):
        raise PermissionDenied
    country = agreement.country
    initial = AgreementForm.initial_from(services.terms_of(agreement), country)
    form = AgreementForm(request.POST or None, initial=initial, country=country)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agreement(agreement, form.terms(), request.user)
        except services.AgreementError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("agreements:agreement", pk=agreement.pk)
    return render(request, "agreements/edit.html", {
        "agreement": agreement, "country": country, "form": form, "error": error, "is_demo": agreement.is_demo,
    }, status=422 if error or form.errors else 200)


@require_POST
def upload(request: Request, pk: int) -> HttpResponse:
    """Upload a document: its text is read and screened, or nothing is stored."""
    agreement, access = _agreement(request, pk)
    _may_record(request, access)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _agreement_page(request, agreement, access, form)
    try:
        document = services.add_document(agreement, form.cleaned_data["document"], request.user)
    except services.AgreementError as exc:
        return _agreement_page(request, agreement, access, form, str(exc))
    messages.success(request, _("Read and screened %(name)s. Confirm or change each status.") % {
        "name": document.name})
    return redirect(f"{reverse('agreements:review', args=[agreement.pk])}?document={document.pk}")


def _document(agreement: Agreement, document_pk: int) -> Document:
    return get_object_or_404(Document.objects.defer("text"), pk=document_pk, agreement=agreement)


@require_POST
def screen_again(request: Request, pk: int, document_pk: int) -> HttpResponse:
    """Screen a document again with the current rules; the earlier screening is kept."""
    agreement, access = _agreement(request, pk)
    _may_record(request, access)
    document = get_object_or_404(Document, pk=document_pk, agreement=agreement)
    services.screen_document(document, request.user)
    messages.success(request, _("Screened %(name)s again.") % {"name": document.name})
    return redirect(f"{reverse('agreements:review', args=[agreement.pk])}?document={document.pk}")


@require_GET
def document_file(request: Request, pk: int, document_pk: int) -> FileResponse:
    """A document as uploaded, for members of the agreement's country."""
    agreement, _access = _agreement(request, pk)
    document = _document(agreement, document_pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=PurePath(document.name).name)


def _document_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
def review(request: Request, pk: int) -> HttpResponse:
    """The review screen: the text with its evidence marked, beside the checklist to confirm or change."""
    agreement, access = _agreement(request, pk)
    sheet = services.review_sheet(agreement, _document_id(request.GET.get("document")))
    return render(request, "agreements/review.html", {
        "agreement": agreement, "country": agreement.country, "sheet": sheet,
        "can_record": access.can(Capability.RECORD), "is_demo": agreement.is_demo,
    })


@require_POST
def review_provision(request: Request, pk: int, provision: str) -> HttpResponse:
    """Confirm or change one provision's status; htmx swaps the provision's card, others are sent back."""
    agreement, access = _agreement(request, pk)
    _may_record(request, access)
    form = ReviewForm(request.POST)
    document_id = _document_id(request.POST.get("document"))
    error = ""
    if not form.is_valid():
        error = _("Choose a status.")
    else:
        try:
            services.review_provision(agreement, provision, form.cleaned_data["status"],
                                      form.cleaned_data["rationale"], request.user)
        except services.AgreementError as exc:
            error = str(exc)
    if not request.htmx:
        if error:
            messages.error(request, error)
        url = reverse("agreements:review", args=[agreement.pk])
        return redirect(f"{url}?document={document_id or ''}#provision-{provision}")
    sheet = services.review_sheet(agreement, document_id)
    row = next((row for row in sheet.rows if row.item.id == provision), None)
    if row is None:
        raise Http404
    return render(request, "agreements/_provision.html", {
        "agreement": agreement, "row": row, "can_record": True, "error": error, "saved": not error,
        "document_id": document_id, "attempt": request.POST if error else None, "sheet": sheet, "oob": True,
    }, status=422 if error else 200)


@require_GET
def provision_history(request: Request, pk: int, provision: str) -> HttpResponse:
    """Every status an analyst gave one provision of the agreement, with who and when."""
    agreement, _access = _agreement(request, pk)
    items = {item.id: item for item in services.checklist()}
    if provision not in items:
        raise Http404
    template = "agreements/_history.html" if request.htmx else "agreements/history.html"
    return render(request, template, {
        "agreement": agreement, "country": agreement.country, "item": items[provision],
        "records": services.review_history(agreement, provision), "is_demo": agreement.is_demo,
    })


def _law(request: Request, pk: int) -> tuple[NationalInstrument, Access]:
    law = get_object_or_404(NationalInstrument.objects.select_related("country"), pk=pk)
    return law, require(request.user, law.country, Capability.VIEW)


@require_POST
def law_screen(request: Request, pk: int) -> HttpResponse:
    """Screen a national law's text for discriminatory restrictions."""
    law, access = _law(request, pk)
    _may_record(request, access)
    if services.screen_law(law, request.user) is None:
        messages.error(request, _("This law has no text to screen."))
    else:
        messages.success(request, _("Screened the text of %(law)s.") % {"law": law})
    return redirect(f"{reverse('laws:law', args=[law.pk])}#screening")


def law_finding(request: Request, pk: int, provision: str) -> HttpResponse:
    """A contrary finding of a law, prefilled as an entry of the discriminatory-provisions inventory to confirm."""
    law, access = _law(request, pk)
    if not access.can(Capability.RECORD):
        raise PermissionDenied
    try:
        initial = services.discriminatory_draft(law, provision)
    except services.AgreementError:
        raise Http404 from None
    form = DiscriminationForm(request.POST or None, initial=initial, country=law.country)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            laws.record_discriminatory(law.country, kind=data["kind"], group_affected=data["group_affected"],
                                       description=data["description"], status=data["status"], law=data["law"],
                                       article=data["article"], evidence=data["evidence"], user=request.user)
        except laws.LawError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Recorded in the inventory of discriminatory provisions."))
            return redirect("laws:discrimination", iso3=law.country.iso3)
    return render(request, "agreements/law_finding.html", {
        "law": law, "country": law.country, "form": form, "error": error, "provision": provision,
        "is_demo": law.country.is_demo,
    }, status=422 if error or form.errors else 200)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def compare(request: Request, iso3: str) -> HttpResponse:
    """The country's agreements × the checklist as a heat map; ?format=csv or xlsx downloads it."""
    country, _access = _country(request, iso3)
    matrix = comparison.comparison(country)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        return _download(reports.matrix_csv(matrix), "text/csv; charset=utf-8",
                         f"grmg-agreements-{country.iso3}.csv")
    if fmt == "xlsx":
        return _download(reports.matrix_xlsx(matrix), reports.XLSX, f"grmg-agreements-{country.iso3}.xlsx")
    if fmt:
        raise Http404
    return render(request, "agreements/compare.html", {
        "country": country, "matrix": matrix, "legend": reports.legend(), "is_demo": matrix.is_demo,
    })


@require_GET
def gaps(request: Request, iso3: str) -> HttpResponse:
    """Where the country's women live and what the agreements in force there leave unprotected; ?format=csv."""
    country, _access = _country(request, iso3)
    analysis = comparison.gap_analysis(country)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        return _download(reports.gaps_csv(analysis), "text/csv; charset=utf-8", f"grmg-gaps-{country.iso3}.csv")
    if fmt:
        raise Http404
    return render(request, "agreements/gaps.html", {
        "country": country, "analysis": analysis, "chart": reports.gap_chart(analysis), "legend": reports.legend(),
        "is_demo": analysis.is_demo,
    })


@require_GET
def gaps_report(request: Request, iso3: str, fmt: str) -> HttpResponse:
    """The gap report, as a page or a PDF."""
    country, _access = _country(request, iso3)
    if fmt not in ("html", "pdf"):
        raise Http404
    analysis = comparison.gap_analysis(country)
    if fmt == "html":
        return HttpResponse(reports.gaps_html(analysis))
    return _download(reports.gaps_pdf(analysis), "application/pdf", f"grmg-gaps-{country.iso3}.pdf")
