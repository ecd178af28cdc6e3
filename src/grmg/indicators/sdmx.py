"""SDMX for indicator data (with sdmx1): grmg's data structure, and data messages written and read with it.

The structure has the dimensions INDICATOR, REF_AREA, one per registry dimension (upper case), and
TIME_PERIOD; a total is the code `_T`. Attributes: UNIT_COUNT (the unweighted units a value rests on) and
CONF_STATUS (`F` free, `C` confidential: a suppressed cell, whose value is never written).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from typing import IO, Any

import sdmx
import sdmx.message
from django.utils.translation import gettext as _
from sdmx.model import common
from sdmx.model import v21 as model

from grmg.core.problems import InputError, Problem
from grmg.indicators.catalogue import Catalogue
from grmg.indicators.readers import TOTAL, ParsedRow

STRUCTURE_ID = "GRMG_INDICATORS"


def structure(catalogue: Catalogue) -> model.DataStructureDefinition:
    """The data structure definition of grmg's indicator data, for the registry's dimensions."""
    dsd = model.DataStructureDefinition(id=STRUCTURE_ID, maintainer=common.Agency(id="GRMG"), version="1.0")
    for name in ("INDICATOR", "REF_AREA", *(key.upper() for key in sorted(catalogue.dimensions))):
        dsd.dimensions.append(model.Dimension(id=name))
    dsd.dimensions.append(model.TimeDimension(id="TIME_PERIOD"))
    dsd.measures.append(model.PrimaryMeasure(id="OBS_VALUE"))
    for name in ("UNIT_COUNT", "CONF_STATUS"):
        dsd.attributes.append(model.DataAttribute(id=name, related_to=model.PrimaryMeasureRelationship()))
    return dsd


def write_observations(rows: Iterable[dict[str, Any]], catalogue: Catalogue) -> bytes:
    """An SDMX-ML 2.1 data message; each row has indicator, country, year, dimensions, value, units, status."""
    dsd = structure(catalogue)
    attributes = {a.id: a for a in dsd.attributes}
    dataset = model.DataSet(structured_by=dsd)
    for row in rows:
        key = {"INDICATOR": row["indicator"], "REF_AREA": row["country"], "TIME_PERIOD": str(row["year"])}
        key |= {name.upper(): row["dimensions"].get(name, TOTAL) for name in catalogue.dimensions}
        suppressed = row["status"] == "suppressed"
        attached = {"CONF_STATUS": model.AttributeValue(value="C" if suppressed else "F",
                                                        value_for=attributes["CONF_STATUS"])}
        if row["units"] is not None and not suppressed:
            attached["UNIT_COUNT"] = model.AttributeValue(value=str(row["units"]), value_for=attributes["UNIT_COUNT"])
        value = None if suppressed or row["value"] is None else row["value"]
        dataset.obs.append(model.Observation(dimension=dsd.make_key(model.Key, key), value=value,
                                             attached_attribute=attached))
    message = sdmx.message.DataMessage(data=[dataset])
    message.header = sdmx.message.Header(id="GRMG", sender=common.Agency(id="GRMG"))
    return bytes(sdmx.to_xml(message, pretty_print=True))


def read_observations(stream: IO[bytes], source: str, catalogue: Catalogue) -> list[ParsedRow]:
    """Rows from an SDMX-ML or SDMX-JSON data message in grmg's structure."""
    content = stream.read()
    # An SDMX-JSON message carries its own structure (and may leave out dimensions it does not use).
    given = None if content.lstrip()[:1] == b"{" else structure(catalogue)
    try:
        message = sdmx.read_sdmx(io.BytesIO(content), structure=given)
    except Exception as exc:  # sdmx1 raises many kinds for a file that is not a data message it can read
        raise InputError(source, [Problem("", _("not an SDMX data message grmg can read: %s") % exc)]) from None
    if not isinstance(message, sdmx.message.DataMessage):
        raise InputError(source, [Problem("", _("the SDMX file holds no data message"))])
    rows: list[ParsedRow] = []
    problems: list[Problem] = []
    number = 0
    for dataset in message.data:
        for observation in dataset.obs:
            number += 1
            where = _("observation %d") % number
            key = {name: _text(value.value) for name, value in observation.key.values.items()}
            attributes = {name: _text(value.value) for name, value in observation.attached_attribute.items()}
            dimensions = {name.lower(): str(value) for name, value in key.items()
                          if name not in ("INDICATOR", "REF_AREA", "TIME_PERIOD") and value != TOTAL}
            unknown = [name for name in dimensions if name not in catalogue.dimensions]
            if unknown:
                problems.append(Problem(where, _("unknown dimensions %s") % ", ".join(unknown)))
                continue
            bad = [f"{name}={value}" for name, value in dimensions.items()
                   if not catalogue.dimensions[name].accepts(value)]
            if bad:
                problems.append(Problem(where, _("unknown codes %s") % ", ".join(bad)))
                continue
            value = observation.value
            number_value = None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
            units = attributes.get("UNIT_COUNT")
            try:
                year = int(str(key.get("TIME_PERIOD", ""))[:4])
            except ValueError:
                problems.append(Problem(where, _("%r is not a year") % key.get("TIME_PERIOD")))
                continue
            rows.append(ParsedRow(
                where=where, indicator=str(key.get("INDICATOR", "")), country=str(key.get("REF_AREA", "")).upper(),
                year=year, dimensions=dimensions, value=number_value,
                units=int(units) if units not in (None, "") else None,
                status="suppressed" if attributes.get("CONF_STATUS") == "C" else "published",
            ))
    if problems:
        raise InputError(source, problems)
    return rows


def _text(value: Any) -> str:
    """A key or attribute value as text: SDMX-ML gives strings, SDMX-JSON codes."""
    return str(getattr(value, "id", value))
