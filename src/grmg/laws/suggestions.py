"""Levels the compliance review and the discriminatory-provisions inventory suggest for framework criteria."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from grmg.assessments.suggestions import Records, Suggestion, register
from grmg.laws.models import DiscriminatoryProvision
from grmg.laws.services import discriminatory_inventory, review_coverage
from grmg.standards.services import ratification_table

Kind = DiscriminatoryProvision.Kind
# Which kinds of restriction in force decide which criterion, and the level they point to.
RESTRICTIONS = (
    ("rp_no_bans", "no", (Kind.DEPLOYMENT_BAN, Kind.AGE_LIMIT, Kind.MARITAL_CONDITION)),
    ("rp_pregnancy", "no", (Kind.PREGNANCY_CONDITION, Kind.PREGNANCY_TESTING)),
    ("rp_domestic_work", "0", (Kind.DOMESTIC_WORK_EXCLUSION,)),
    ("rp_residence_status", None, (Kind.EMPLOYER_TIED_RESIDENCE,)),
)


@register("pb_compliance_review")
def review_suggestions(records: Records) -> Iterator[Suggestion]:
    """How far the review recorded in grmg covers CEDAW and the ILO conventions the country is a party to."""
    country = records.country
    coverage = records.get(review_coverage)
    covered = coverage.instruments
    if not covered:
        return
    codes = {instrument.code for instrument in covered}
    ilo_parties = {row.instrument.code for row in records.get(ratification_table)
                   if row.is_party and row.instrument.code.startswith("ILO-")}
    missing = sorted(ilo_parties - codes)
    complete = bool(codes & {"CEDAW", "CEDAW-GR26"}) and not missing
    rationale = _("The review recorded in grmg gives a status for %(n)d provisions of %(instruments)s.") % {
        "n": coverage.provisions, "instruments": ", ".join(i.short_title for i in covered)}
    if missing:
        rationale += " " + _("It does not yet cover %s, to which the country is a party.") % ", ".join(missing)
    rationale += " " + _("Levels 3 and 4 need evidence that the review was published, validated with workers' "
                         "organisations and acted on.")
    yield Suggestion("pb_compliance_review", "2" if complete else "1", rationale, _("legal compliance review"),
                     (_("grmg legal compliance review of %(country)s: %(n)d provisions reviewed") % {
                         "country": country.name, "n": coverage.provisions},))


@register(*(criterion for criterion, _level, _kinds in RESTRICTIONS))
def restriction_suggestions(records: Records) -> Iterator[Suggestion]:
    """Restrictions in force that decide a rights-based-policy criterion."""
    in_force = [d for d in records.get(discriminatory_inventory)
                if d.status == DiscriminatoryProvision.Status.IN_FORCE]
    for criterion, level, kinds in RESTRICTIONS:
        found = [d for d in in_force if d.kind in kinds]
        if not found:
            continue
        citations = tuple(
            f"{d.get_kind_display()}: {d.law or _('law not in the inventory')}"
            f"{', ' + d.article if d.article else ''} ({d.group_affected})" for d in found
        )
        rationale = _("%(n)d restriction(s) in force in the inventory: %(what)s.") % {
            "n": len(found), "what": "; ".join(d.description.rstrip(". ") for d in found)}
        if level is None:
            rationale += " " + _("This decides one of the criterion's conditions; weigh it with the others.")
        yield Suggestion(criterion, level, rationale, _("inventory of discriminatory provisions"), citations)
