"""Forms of the laws pages; the services check the review's rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grmg.laws.models import DiscriminatoryProvision, NationalInstrument, ProvisionReview
from grmg.standards.models import Provision


class LawForm(forms.Form):
    """A law or policy for the inventory, with its document (text, PDF or DOCX) or pasted text."""

    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Type"), choices=NationalInstrument.Kind.choices)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1800, max_value=2100)
    status = forms.ChoiceField(label=_("Status"), choices=NationalInstrument.Status.choices,
                               initial=NationalInstrument.Status.IN_FORCE)
    document = forms.FileField(label=_("Document (.txt, .pdf or .docx)"), required=False)
    text = forms.CharField(label=_("Text (if there is no document, or to correct it)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    source_url = forms.URLField(label=_("Official source"), required=False, assume_scheme="https")


def provision_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Catalogue provisions grouped by instrument, for a select."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for provision in Provision.objects.select_related("instrument").order_by("instrument__position", "position"):
        label = f"{provision.ref}: {provision.summary}"
        groups.setdefault(provision.instrument.short_title, []).append(
            (provision.pk, label if len(label) < 110 else label[:107] + "…"))
    return list(groups.items())


class ReviewForm(forms.Form):
    """How one provision of the law meets one provision of a standard."""

    provision = forms.TypedChoiceField(label=_("Standard provision"), coerce=int)
    article = forms.CharField(label=_("Article of the national law"), max_length=120, required=False)
    excerpt = forms.CharField(label=_("Excerpt"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(label=_("Status"), choices=[c for c in ProvisionReview.Status.choices
                                                          if c[0] != ProvisionReview.Status.NOT_ADDRESSED])
    evidence = forms.CharField(label=_("Rationale and evidence"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["provision"].choices = provision_choices()  # type: ignore[attr-defined]


class NotAddressedForm(forms.Form):
    """A standard provision that no national law addresses."""

    provision = forms.TypedChoiceField(label=_("Standard provision"), coerce=int)
    evidence = forms.CharField(label=_("Rationale and evidence"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["provision"].choices = provision_choices()  # type: ignore[attr-defined]


class DiscriminationForm(forms.Form):
    """A restriction that violates non-discrimination."""

    kind = forms.ChoiceField(label=_("Kind"), choices=DiscriminatoryProvision.Kind.choices)
    law = forms.ModelChoiceField(label=_("Law"), queryset=NationalInstrument.objects.none(), required=False,
                                 empty_label=_("(not in the inventory)"))
    article = forms.CharField(label=_("Article"), max_length=120, required=False)
    group_affected = forms.CharField(label=_("Group affected"), max_length=300)
    description = forms.CharField(label=_("What it does"), widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(label=_("Status"), choices=DiscriminatoryProvision.Status.choices)
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, country: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["law"].queryset = NationalInstrument.objects.filter(country=country).defer("text")  # type: ignore[attr-defined]
