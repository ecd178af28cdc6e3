"""Forms of the agreement pages; the services check the registry's rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grmg.agreements.models import ISCO_MAJOR_GROUPS, Agreement, Party, ProvisionStatus
from grmg.agreements.services import LANGUAGES, Terms, language_name
from grmg.countries.models import Country


def language_choices() -> list[tuple[str, str]]:
    """Languages an agreement may be written in, by ISO 639-1 code; blank lets the screener detect it."""
    choices = [("", str(_("Detect from the text")))]
    return choices + [(code, language_name(code)) for code in LANGUAGES]


class CountriesField(forms.ModelMultipleChoiceField):
    """Countries in a list, by name."""

    def label_from_instance(self, obj: Any) -> str:
        """The country's name and code."""
        return f"{obj.name} ({obj.iso3})"


class AgreementForm(forms.Form):
    """An agreement's terms, parties and coverage."""

    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Type"), choices=Agreement.Kind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Agreement.Status.choices,
                               help_text=_("Where the dates are given they decide: past the expiry date an agreement "
                                           "counts as expired, past its entry into force as in force."))
    side = forms.ChoiceField(label=_("This country is the country of"), choices=Party.Side.choices,
                             widget=forms.RadioSelect, initial=Party.Side.ORIGIN)
    partners = CountriesField(label=_("Partner countries (the other side)"), queryset=Country.objects.none(),
                              widget=forms.SelectMultiple(attrs={"size": 6}),
                              help_text=_("Hold Ctrl (or ⌘) to choose more than one."))
    co_parties = CountriesField(label=_("Other countries on this country's side (regional agreements)"),
                                queryset=Country.objects.none(), required=False,
                                widget=forms.SelectMultiple(attrs={"size": 4}))
    signed_date = forms.DateField(label=_("Signed on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    in_force_date = forms.DateField(label=_("In force from"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    expiry_date = forms.DateField(label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    language = forms.ChoiceField(label=_("Language of the text"), required=False, choices=language_choices)
    occupation_groups = forms.MultipleChoiceField(label=_("Occupations covered (ISCO-08 major groups)"),
                                                  choices=ISCO_MAJOR_GROUPS, required=False,
                                                  widget=forms.CheckboxSelectMultiple)
    occupations = forms.CharField(label=_("Sectors and occupations, in words"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    source_url = forms.URLField(label=_("Official source"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, country: Country, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.country = country
        others = Country.objects.exclude(pk=country.pk).filter(is_demo=False).order_by("name")
        self.fields["partners"].queryset = others  # type: ignore[attr-defined]
        self.fields["co_parties"].queryset = others  # type: ignore[attr-defined]
        self.fields["side"].label = _("%s is the country of") % country.name

    @classmethod
    def initial_from(cls, terms: Terms, country: Country) -> dict[str, Any]:
        """The form's initial values for stored terms."""
        side = Party.Side.ORIGIN if country in terms.origins else Party.Side.DESTINATION
        same, other = (terms.origins, terms.destinations) if side == Party.Side.ORIGIN else (terms.destinations,
                                                                                            terms.origins)
        return {"title": terms.title, "kind": terms.kind, "status": terms.status, "side": side,
                "partners": [c.pk for c in other], "co_parties": [c.pk for c in same if c != country],
                "signed_date": terms.signed_date, "in_force_date": terms.in_force_date,
                "expiry_date": terms.expiry_date, "language": terms.language,
                "occupation_groups": list(terms.occupation_groups), "occupations": terms.occupations,
                "source_url": terms.source_url}

    def terms(self) -> Terms:
        """The terms the form gives, this country on the side chosen."""
        data = self.cleaned_data
        same = [self.country, *data["co_parties"]]
        other = list(data["partners"])
        origins, destinations = (same, other) if data["side"] == Party.Side.ORIGIN else (other, same)
        return Terms(title=data["title"], kind=data["kind"], status=data["status"], origins=origins,
                     destinations=destinations, signed_date=data["signed_date"],
                     in_force_date=data["in_force_date"], expiry_date=data["expiry_date"],
                     language=data["language"] or "", occupation_groups=data["occupation_groups"],
                     occupations=data["occupations"], source_url=data["source_url"])


class DocumentForm(forms.Form):
    """A text of the agreement: the agreement itself, an annex or a standard contract."""

    document = forms.FileField(label=_("Document (.txt, .pdf or .docx)"))


class ReviewForm(forms.Form):
    """An analyst's status for one provision, with the rationale that a change needs."""

    status = forms.ChoiceField(label=_("Status"), choices=ProvisionStatus.choices)
    rationale = forms.CharField(label=_("Rationale"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.IntegerField(required=False, widget=forms.HiddenInput)
