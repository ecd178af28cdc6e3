"""Forms of the indicator pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grmg.indicators.models import Indicator
from grmg.organisations.models import Organisation


class ProposeSetForm(forms.Form):
    """A title and the indicators a country proposes to monitor."""

    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Labour migration indicators"))
    organisation = forms.ModelChoiceField(label=_("Proposed by"), queryset=Organisation.objects.none(),
                                          empty_label=None)
    indicators = forms.ModelMultipleChoiceField(label=_("Indicators"), queryset=Indicator.objects.all(),
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class TargetForm(forms.Form):
    """An item's baseline and dated target."""

    baseline_year = forms.IntegerField(label=_("Baseline year"), required=False, min_value=1990, max_value=2100)
    baseline_value = forms.FloatField(label=_("Baseline"), required=False)
    target_year = forms.IntegerField(label=_("Target year"), required=False, min_value=1990, max_value=2100)
    target_value = forms.FloatField(label=_("Target"), required=False)


class StakeholderForm(forms.Form):
    """A comment or an endorsement, on behalf of one of the user's organisations."""

    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none(),
                                          empty_label=None)
    text = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class DataImportForm(forms.Form):
    """A data file (tidy CSV, Excel, SDMX), or unit records with a computation spec."""

    file = forms.FileField(label=_("Data file (.csv, .xlsx, .xml, .json) or unit records (.csv, .parquet)"))
    spec = forms.FileField(label=_("Computation spec (.yaml), for unit records only"), required=False)
    indicator = forms.ModelChoiceField(label=_("Indicator, if the file has no Indicator column"),
                                       queryset=Indicator.objects.all(), required=False)
    year = forms.IntegerField(label=_("Year, for unit records with no year column"), required=False,
                              min_value=1990, max_value=2100)
