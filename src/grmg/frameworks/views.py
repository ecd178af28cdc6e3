"""Pages to browse loaded frameworks and, for staff, load a new version or variant."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from grmg.core.methods import METHODS
from grmg.core.problems import InputError
from grmg.frameworks import services
from grmg.frameworks.models import FrameworkVersion
from grmg.http import Request


class LoadForm(forms.Form):
    """A framework or variant file to load."""

    file = forms.FileField(label=gettext_lazy("Framework or variant file (YAML)"))


@require_GET
def framework_list(request: Request) -> HttpResponse:
    """Every loaded framework version."""
    versions = FrameworkVersion.objects.select_related("loaded_by")
    return render(request, "frameworks/list.html", {"versions": versions, "form": LoadForm()})


@require_GET
def framework_detail(request: Request, pk: int) -> HttpResponse:
    """A framework version's pillars, components and criteria with their rubrics and standards."""
    version = get_object_or_404(FrameworkVersion, pk=pk)
    framework = version.framework
    return render(request, "frameworks/detail.html", {
        "version": version, "framework": framework, "methods": METHODS,
        "criteria_count": sum(1 for _c in framework.criteria()),
    })


@require_GET
def framework_data(request: Request, pk: int) -> JsonResponse:
    """A framework version's data as JSON."""
    version = get_object_or_404(FrameworkVersion, pk=pk)
    return JsonResponse(version.data, json_dumps_params={"ensure_ascii": False, "indent": 2})


def framework_load(request: Request) -> HttpResponse:
    """Load a framework version or variant from an uploaded YAML file (staff only)."""
    if not request.user.is_staff:
        raise PermissionDenied
    form = LoadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8")
            version, created = services.load_text(text, upload.name, request.user)
        except UnicodeDecodeError:
            problems = [_("%(file)s: not a UTF-8 text file") % {"file": upload.name}]
        except InputError as exc:
            problems = exc.lines()
        else:
            if created:
                messages.success(request, _("Loaded %(key)s.") % {"key": version.key})
            else:
                messages.info(request, _("%(key)s was already loaded with the same content.") % {"key": version.key})
            return redirect("frameworks:detail", pk=version.pk)
    versions = FrameworkVersion.objects.select_related("loaded_by")
    return render(request, "frameworks/list.html", {"versions": versions, "form": form, "problems": problems},
                  status=422 if problems else 200)
