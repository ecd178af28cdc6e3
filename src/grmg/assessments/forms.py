"""Forms of the assessment pages; they check input types, the services check the domain rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grmg.assessments.models import Evidence, Perspective, Status
from grmg.frameworks.models import FrameworkVersion
from grmg.organisations.models import Organisation


class RoundForm(forms.Form):
    """Open a round: year, framework version, and who assesses each perspective."""

    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    framework = forms.ModelChoiceField(
        label=_("Framework version"), queryset=FrameworkVersion.objects.all(), empty_label=None,
        help_text=_("The round is pinned to this version for good."),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.now().year
        organisations = Organisation.objects.all()
        for value, label in Perspective.choices:
            self.fields[f"org_{value}"] = forms.ModelChoiceField(
                label=label, queryset=organisations, required=False,
                empty_label=_("(not assessed in this round)"),
            )

    def perspectives(self) -> list[tuple[str, Organisation]]:
        """The perspectives chosen, each with its organisation."""
        return [
            (value, self.cleaned_data[f"org_{value}"])
            for value in Perspective.values
            if self.cleaned_data.get(f"org_{value}")
        ]

    def clean(self) -> dict[str, Any]:
        """At least one perspective must be assessed."""
        cleaned = super().clean() or {}
        if not any(cleaned.get(f"org_{value}") for value in Perspective.values):
            raise forms.ValidationError(_("Choose the organisation for at least one perspective."))
        return cleaned


class ScoreForm(forms.Form):
    """A criterion's level and rationale, with the revision the editor started from."""

    level = forms.CharField(required=False, max_length=16)
    rationale = forms.CharField(required=False, widget=forms.Textarea, max_length=20000)
    revision = forms.IntegerField(min_value=0)


class EvidenceForm(forms.Form):
    """One piece of evidence: an uploaded document, a link or a citation."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Evidence.Kind.choices)
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(label=_("Link"), required=False, max_length=1000, assume_scheme="https")
    citation = forms.CharField(label=_("Citation"), required=False, widget=forms.Textarea, max_length=5000)


class TransitionForm(forms.Form):
    """Move a component to another review status."""

    target = forms.ChoiceField(choices=Status.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea, max_length=5000)


class ImportForm(forms.Form):
    """An assessment workbook (.xlsx) or YAML file to import."""

    file = forms.FileField(label=_("Workbook or YAML file"))
