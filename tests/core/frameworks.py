"""Small frameworks written out by hand, for tests whose answers are computed by hand."""

from __future__ import annotations

from typing import Any

import yaml

from grmg.core.framework import Framework, parse_framework


def criterion(cid: str, method: str, weight: float = 1.0, **extra: Any) -> dict[str, Any]:
    """A criterion with a descriptor for every level of its method."""
    levels = {
        "binary": ["no", "yes"],
        "absent_partial_full": ["absent", "partial", "full"],
        "ordinal_0_50_100": ["0", "50", "100"],
        "maturity_0_4": ["0", "1", "2", "3", "4"],
    }[method]
    return {
        "id": cid, "question": f"Question {cid}?", "method": method, "weight": weight,
        "levels": {level: f"{cid} at level {level}" for level in levels},
        "evidence": "Any document.", "standards": [{"instrument": "CEDAW", "provision": "Art. 11"}],
        "informed_by": ["assessment"], **extra,
    }


def framework_data(pillars: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A complete framework file's data around the given pillars."""
    return {
        "schema": "grmg-framework/1", "id": "test", "version": "1", "title": "Test framework",
        "bands": [
            {"key": "low", "label": "Low", "min": 0},
            {"key": "mid", "label": "Middle", "min": 40},
            {"key": "high", "label": "High", "min": 80},
        ],
        "instruments": {"CEDAW": {"title": "CEDAW", "year": 1979}},
        "modules": {"assessment": "Judged by the assessor"},
        "pillars": pillars, **extra,
    }


def build(data: dict[str, Any]) -> Framework:
    """Validate framework data the way a file is validated."""
    return parse_framework(yaml.safe_dump(data), "test.yaml")


# Two pillars, the second weighing double; hand-computed answers in test_scoring.py.
HAND = framework_data([
    {"id": "p1", "title": "Pillar one", "components": [
        {"id": "c1", "title": "C one", "description": "first", "criteria": [
            criterion("a", "binary"), criterion("b", "absent_partial_full", weight=3)]},
        {"id": "c2", "title": "C two", "description": "second", "criteria": [criterion("c", "maturity_0_4")]},
    ]},
    {"id": "p2", "title": "Pillar two", "weight": 2, "components": [
        {"id": "c3", "title": "C three", "description": "third", "criteria": [
            criterion("d", "ordinal_0_50_100"), criterion("e", "binary")]},
    ]},
])
