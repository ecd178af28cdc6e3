"""Levels that the ratification records suggest for the policy-baseline criteria."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from grmg.assessments.suggestions import Records, Suggestion, register
from grmg.standards.services import StatusRow, ratification_table

OTHER_ILO = ("ILO-C097", "ILO-C143", "ILO-C181", "ILO-P029")


def _describe(row: StatusRow | None, code: str) -> str:
    if row is None or row.record is None:
        sources = "; ".join(f"{name} ({as_of})" for name, as_of in row.silent_sources) if row else ""
        return _("%(code)s: no record%(sources)s") % {"code": code, "sources": f" in {sources}" if sources else ""}
    record = row.record
    year = f" {record.year}" if record.year else ""
    return _("%(code)s: %(status)s%(year)s (%(source)s, as of %(as_of)s)") % {
        "code": code, "status": record.get_status_display().lower(), "year": year, "source": record.citation,
        "as_of": record.as_of.isoformat()}


def _known(row: StatusRow | None) -> bool:
    return row is not None and row.record is not None


@register("pb_cedaw_ratified", "pb_icmw_ratified", "pb_ilo_ratified")
def ratification_suggestions(records: Records) -> Iterator[Suggestion]:
    """CEDAW with its Optional Protocol, the ICMW and the ILO conventions, from the current records."""
    rows = {row.instrument.code: row for row in records.get(ratification_table)}
    source = _("ratification records")

    def cite(*codes: str) -> tuple[str, ...]:
        return tuple(_describe(rows.get(code), code) for code in codes)

    cedaw, optional = rows.get("CEDAW"), rows.get("OP-CEDAW")
    if _known(cedaw) and _known(optional):
        both = cedaw.is_party and optional.is_party  # type: ignore[union-attr]
        rationale = (
            _("A party to CEDAW and to its Optional Protocol. Reservations are not in the records: check the UN "
              "Treaty Collection for reservations to articles 2, 11 and 15(4) before confirming.")
            if both else _("Not a party to CEDAW or not to its Optional Protocol.")
        )
        yield Suggestion("pb_cedaw_ratified", "yes" if both else "no", rationale, source, cite("CEDAW", "OP-CEDAW"))

    icmw = rows.get("ICMW")
    if _known(icmw):
        party = icmw.is_party  # type: ignore[union-attr]
        rationale = _("A party to the ICMW.") if party else _("Not a party to the ICMW; signature alone counts as no.")
        yield Suggestion("pb_icmw_ratified", "yes" if party else "no", rationale, source, cite("ICMW"))

    core = sum(1 for code in ("ILO-C189", "ILO-C190") if rows.get(code) and rows[code].is_party)
    others = sum(1 for code in OTHER_ILO if rows.get(code) and rows[code].is_party)
    unrecorded = [code for code in ("ILO-C189", "ILO-C190", *OTHER_ILO) if not _known(rows.get(code))]
    level = "100" if core == 2 and others >= 2 else "0" if core == 0 and others < 2 else "50"
    rationale = _("Recorded as a party to %(core)d of C189 and C190, and to %(others)d of C097, C143, C181 and "
                  "P029.") % {"core": core, "others": others}
    if unrecorded:
        rationale += " " + _("No record for %(codes)s: a missing record is not a refusal to ratify, so check "
                             "NORMLEX before confirming.") % {"codes": ", ".join(unrecorded)}
    yield Suggestion("pb_ilo_ratified", level, rationale, source, cite("ILO-C189", "ILO-C190", *OTHER_ILO))
