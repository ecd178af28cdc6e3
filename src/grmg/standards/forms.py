"""Forms of the standards pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grmg.standards.models import Instrument, Ratification


class RatificationForm(forms.Form):
    """A status recorded by hand, with its source, where the shipped data is silent or out of date."""

    instrument = forms.ModelChoiceField(label=_("Instrument"), queryset=Instrument.objects.filter(ratifiable=True),
                                        empty_label=None)
    status = forms.ChoiceField(label=_("Status"), choices=Ratification.Status.choices)
    year = forms.IntegerField(label=_("Year of ratification or accession"), required=False, min_value=1945,
                              max_value=2100)
    citation = forms.CharField(label=_("Source"), max_length=500,
                               help_text=_("e.g. NORMLEX, ratifications for Kenya, consulted 2026-11-28"))
    as_of = forms.DateField(label=_("As of"), initial=timezone.localdate,
                            widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    """A ratification file in the shipped format."""

    file = forms.FileField(label=_("Ratification file (CSV)"))
