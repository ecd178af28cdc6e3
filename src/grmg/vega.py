"""Vega-Lite charts as static SVG (vl-convert), for documents read without the app."""

from __future__ import annotations

from typing import Any

import vl_convert

VEGA_LITE_VERSION = "5.21"  # the newest 5.x that vl-convert bundles; the vendored browser build is 5.23


def to_svg(spec: dict[str, Any], width: int = 640) -> str:
    """A chart as an SVG string; a chart sized to its container gets a fixed width."""
    fixed = {**spec, "width": width} if spec.get("width") == "container" else spec
    return str(vl_convert.vegalite_to_svg(vl_spec=fixed, vl_version=VEGA_LITE_VERSION))
