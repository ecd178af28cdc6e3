"""The profile as a standalone document: HTML with inline SVG charts, and PDF from it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from grmg import __version__
from grmg.pdf import html_to_pdf
from grmg.profiles import services
from grmg.profiles.services import Profile
from grmg.vega import to_svg


def profile_html(profile: Profile) -> str:
    """One HTML file, charts inline, readable offline and printable."""
    figures = {name: to_svg(spec, width=560) for name, spec in profile.charts.items()}
    return render_to_string("profiles/document.html", {
        "profile": profile, "country": profile.country, "figures": figures, "sources": services.sources(),
        "generated": timezone.now(), "version": __version__,
    })


def profile_pdf(profile: Profile) -> bytes:
    """The profile as PDF."""
    return html_to_pdf(profile_html(profile))
