"""Levels the reviewed agreements suggest for the destination-protection criteria.

Only the statuses an analyst confirmed count, never the raw screening: a suggestion is evidence, and a
machine's guess is not evidence until a person has read the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from grmg.agreements.models import Agreement, Party, ProvisionStatus
from grmg.agreements.services import agreements_with_reviews, checklist
from grmg.assessments.suggestions import Records, Suggestion, register
from grmg.countries.models import Country
from grmg.profiles import patterns

# The eight provisions the full level of dp_gender_provisions lists, in its order, as checklist ids.
KEY_PROVISIONS = ("standard_contract", "document_retention_ban", "domestic_workers", "violence_harassment",
                  "complaints_justice", "maternity_protection", "employer_mobility", "sex_disaggregated_data")
MAIN_PARTNERS = 5
PRESENT = ProvisionStatus.PRESENT
TOUCHED = frozenset({ProvisionStatus.PRESENT, ProvisionStatus.PARTIAL})


@dataclass(frozen=True)
class Standing:
    """What the suggestions need to know of one agreement."""

    agreement: Agreement
    in_force: bool
    side: str
    partners: frozenset[str]
    corridors: frozenset[tuple[str, str]]
    confirmed: dict[str, str]
    routes: tuple[str, ...] = ()  # the corridors in words

    @property
    def name(self) -> str:
        """The agreement as a rationale names it."""
        return f"“{self.agreement.title}”"


def standings(agreements: list[Agreement], country: Country, today: date) -> list[Standing]:
    """Each agreement's status on a day, the country's side, its partners, corridors and confirmed statuses."""
    result = []
    for agreement in agreements:
        parties = list(agreement.parties.all())
        side = next((p.side for p in parties if p.country_id == country.pk), Party.Side.ORIGIN)
        result.append(Standing(
            agreement, agreement.is_in_force(today), side,
            frozenset(p.country.iso3 for p in parties if p.side != side),
            frozenset((c.origin.iso3, c.destination.iso3) for c in agreement.corridors.all()),
            {r.provision: r.status for r in agreement.reviews.all()},
            tuple(f"{c.origin.name} → {c.destination.name}" for c in agreement.corridors.all())))
    return result


def _women_destinations(country: Country) -> list[patterns.Corridor]:
    return patterns.top_corridors(country.iso3, "emigrants", "female", limit=MAIN_PARTNERS)


def _women_origins(country: Country) -> list[patterns.Corridor]:
    return patterns.top_corridors(country.iso3, "immigrants", "female", limit=MAIN_PARTNERS)


def _titles(provisions: list[str]) -> str:
    titles = {item.id: item.title for item in checklist()}
    return "; ".join(titles.get(p, p).lower() for p in provisions) or "–"


def _role(items: list[Standing]) -> str:
    """The country's side for the main partners: origin if it sends workers under any agreement in force."""
    in_force = [s for s in items if s.in_force] or items
    return Party.Side.ORIGIN if any(s.side == Party.Side.ORIGIN for s in in_force) else Party.Side.DESTINATION


def _main(records: Records, side: str) -> list[patterns.Corridor]:
    return records.get(_women_destinations if side == Party.Side.ORIGIN else _women_origins)


def _main_note(country: Country, side: str, main: list[patterns.Corridor]) -> str:
    if not main:
        return _("The UN DESA migrant stock 2020 has no figures on women migrants for %s, so its main partner "
                 "countries cannot be named.") % country.name
    names = ", ".join(f"{c.partner_name} ({c.stock:,})" for c in main)
    if side == Party.Side.ORIGIN:
        return _("Main destinations of women from %(country)s (UN DESA migrant stock 2020, all women migrants, not "
                 "only workers): %(names)s.") % {"country": country.name, "names": names}
    return _("Main origins of women migrants in %(country)s (UN DESA migrant stock 2020, all women migrants, not "
             "only workers): %(names)s.") % {"country": country.name, "names": names}


def _standings(records: Records) -> list[Standing]:
    """The country's registered agreements as the suggesters weigh them today; empty if it has none."""
    agreements = records.get(agreements_with_reviews)
    return standings(agreements, records.country, timezone.localdate()) if agreements else []


def _not_in_force(items: list[Standing]) -> str:
    return _("None of the %(n)d agreements registered is in force: %(which)s.") % {
        "n": len(items),
        "which": "; ".join(f"{s.name} ({Agreement.Status(s.agreement.effective_status(timezone.localdate())).label})"
                           for s in items)}


@register("dp_gender_provisions")
def gender_provision_suggestions(records: Records) -> Iterator[Suggestion]:
    """How many of the eight key protections the agreements in force contain, by the analysts' confirmed statuses."""
    items = _standings(records)
    if not items:
        return
    source = _("agreement reviews")
    in_force = [s for s in items if s.in_force]
    if not in_force:
        yield Suggestion("dp_gender_provisions", "absent", _not_in_force(items), source)
        return
    side = _role(items)
    main = {c.partner_iso3 for c in _main(records, side)}
    with_main = [s for s in in_force if s.partners & main] if main else in_force
    counts = {s.agreement.pk: [p for p in KEY_PROVISIONS if s.confirmed.get(p) == PRESENT] for s in in_force}
    citations = []
    for s in in_force:
        present = counts[s.agreement.pk]
        unconfirmed = [p for p in KEY_PROVISIONS if p not in s.confirmed]
        others = [p for p in KEY_PROVISIONS if p not in present and p not in unconfirmed]
        citation = _("%(name)s: %(n)d of 8 confirmed present (%(present)s); not present: (%(others)s)") % {
            "name": s.name, "n": len(present), "present": _titles(present), "others": _titles(others)}
        if unconfirmed:
            citation += "; " + _("not yet confirmed: (%s)") % _titles(unconfirmed)
        citations.append(citation)
    best = max(len(p) for p in counts.values())
    if best < 3:
        level = "absent"
        why = _("No agreement in force contains at least three of the eight key protections.")
    elif with_main and all(len(counts[s.agreement.pk]) >= 6 for s in with_main):
        level = "full"
        why = _("Every agreement in force with a main partner contains at least six of the eight.")
    else:
        level = "partial"
        short = [s.name for s in with_main if len(counts[s.agreement.pk]) < 6]
        why = _("At least one agreement in force contains three or more of the eight; ")
        why += (_("fewer than six in %s.") % ", ".join(short) if short
                else _("but none of those in force is with a main partner country."))
    rationale = _("%(n)d agreement(s) in force, by the statuses analysts confirmed (never the raw screening). "
                  "%(why)s") % {"n": len(in_force), "why": why}
    if main:
        rationale += " " + _main_note(records.country, side, _main(records, side))
    else:
        rationale += " " + _main_note(records.country, side, []) + " " + _("Every agreement in force counts.")
    if any(p not in s.confirmed for s in in_force for p in KEY_PROVISIONS):
        rationale += " " + _("Provisions not yet confirmed count as not present; confirm them on the review screen.")
    yield Suggestion("dp_gender_provisions", level, rationale, source, tuple(citations))


@register("dp_joint_committee")
def joint_committee_suggestions(records: Records) -> Iterator[Suggestion]:
    """Level 0 if no agreement in force provides for a joint committee; else a finding: meetings are not in the text."""
    items = _standings(records)
    if not items:
        return
    source = _("agreement reviews")
    in_force = [s for s in items if s.in_force]
    if not in_force:
        yield Suggestion("dp_joint_committee", "0", _not_in_force(items), source)
        return
    providing = [s for s in in_force if s.confirmed.get("joint_committee") in TOUCHED]
    unconfirmed = [s for s in in_force if "joint_committee" not in s.confirmed]
    if providing:
        yield Suggestion("dp_joint_committee", None, _(
            "A joint committee or monitoring body is provided for in %(which)s (confirmed by an analyst). Whether it "
            "met, and whether it discussed women migrant workers with data by sex, is not in the text: levels 1 to 4 "
            "need its minutes and agendas.") % {"which": ", ".join(s.name for s in providing)}, source,
            tuple(_("%(name)s: joint committee %(status)s") % {
                "name": s.name, "status": ProvisionStatus(s.confirmed["joint_committee"]).label.lower()}
                for s in providing))
    elif unconfirmed:
        yield Suggestion("dp_joint_committee", None, _(
            "No agreement in force is yet confirmed to provide for a joint committee, and %(which)s not yet reviewed "
            "for it: confirm the joint-committee provision before scoring.") % {
                "which": ", ".join(s.name for s in unconfirmed)}, source)
    else:
        yield Suggestion("dp_joint_committee", "0", _(
            "None of the %(n)d agreement(s) in force provides for a joint committee or other monitoring body, as "
            "analysts confirmed.") % {"n": len(in_force)}, source,
            tuple(_("%(name)s: joint committee %(status)s") % {
                "name": s.name, "status": ProvisionStatus(s.confirmed["joint_committee"]).label.lower()}
                for s in in_force))


@register("dp_agreement_coverage")
def coverage_suggestions(records: Records) -> Iterator[Suggestion]:
    """Which of the five main partner countries for women are covered by an agreement in force."""
    items = _standings(records)
    if not items:
        return
    country = records.country
    source = _("agreement registry and UN DESA migrant stock")
    in_force = [s for s in items if s.in_force]
    side = _role(items)
    main = _main(records, side)
    note = _main_note(country, side, main)
    if not in_force:
        yield Suggestion("dp_agreement_coverage", "0", f"{_not_in_force(items)} {note}", source)
        return
    if not main:
        routes = sorted({route for s in in_force for route in s.routes})
        yield Suggestion("dp_agreement_coverage", None, note + " " + _(
            "Agreements in force cover %(n)d corridor(s): %(which)s.") % {
                "n": len(routes), "which": "; ".join(routes)}, source)
        return

    def route(partner: str) -> tuple[str, str]:
        return (country.iso3, partner) if side == Party.Side.ORIGIN else (partner, country.iso3)

    covering = {c.partner_iso3: [s for s in in_force if route(c.partner_iso3) in s.corridors] for c in main}
    covered = [c for c in main if covering[c.partner_iso3]]
    citations = tuple(_("%(partner)s: %(which)s") % {
        "partner": c.partner_name, "which": ", ".join(s.name for s in covering[c.partner_iso3])} for c in covered)
    threshold = min(4, len(main))  # with fewer than five partners in the data, all of them count
    summary = _("%(n)d of the %(total)d main partner countries covered by an agreement in force%(which)s.") % {
        "n": len(covered), "total": len(main),
        "which": (": " + ", ".join(c.partner_name for c in covered)) if covered else ""}
    rationale = f"{note} {summary}"
    if not covered:
        yield Suggestion("dp_agreement_coverage", "0", rationale, source, citations)
        return
    if len(covered) < threshold:
        yield Suggestion("dp_agreement_coverage", "50", rationale, source, citations)
        return
    # Domestic work: does some agreement covering the corridor cover it (confirmed present or partial)?
    without = [c for c in covered
               if not any(s.confirmed.get("domestic_workers") in TOUCHED for s in covering[c.partner_iso3])]
    if not without:
        rationale += " " + _("Every covering agreement covers domestic workers, as analysts confirmed.")
        yield Suggestion("dp_agreement_coverage", "100", rationale, source, citations)
        return
    rationale += " " + _(
        "Not confirmed to cover domestic workers: the corridor(s) to %(which)s. The level is 50 if domestic work is "
        "among the two largest occupations of women migrant workers there, and 100 if not; the shipped data have no "
        "occupations by corridor, so grmg cannot tell.") % {"which": ", ".join(c.partner_name for c in without)}
    yield Suggestion("dp_agreement_coverage", None, rationale, source, citations)
