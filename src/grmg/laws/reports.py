"""A country's baseline report: ratification gaps, compliance, discrimination, patterns and suggested scores."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.utils import timezone

from grmg import __version__
from grmg.assessments.suggestions import Suggestion, suggestions_for
from grmg.core.framework import Criterion
from grmg.countries.models import Country
from grmg.frameworks.services import shipped_version
from grmg.laws import services
from grmg.laws.models import ProvisionReview
from grmg.pdf import html_to_pdf
from grmg.profiles import services as profiles
from grmg.standards.services import StatusRow
from grmg.vega import to_svg

# The instruments whose ratification the baseline looks for first.
KEY_INSTRUMENTS = ("CEDAW", "OP-CEDAW", "ICMW", "ILO-C189", "ILO-C190", "ILO-C097", "ILO-C143", "ILO-C181",
                   "ILO-P029", "ILO-C100", "ILO-C111")
# The components whose criteria the baseline suggests scores for.
BASELINE_COMPONENTS = ("policy_baseline", "rights_based_policy")


@dataclass(frozen=True)
class SuggestedScore:
    """A criterion with the level the records suggest, and why."""

    criterion: Criterion
    suggestion: Suggestion
    level_label: str


def _gaps(rows: list[StatusRow]) -> list[StatusRow]:
    by_code = {row.instrument.code: row for row in rows}
    return [by_code[code] for code in KEY_INSTRUMENTS if code in by_code and not by_code[code].is_party]


def baseline_context(country: Country, user: User | None = None) -> dict[str, Any]:
    """Everything the baseline report shows."""
    framework = shipped_version().framework
    profile = profiles.build_profile(country)
    matrix = services.compliance_matrix(country)
    present = {component.id for component in framework.components()}
    criterion_ids = [criterion.id for component_id in BASELINE_COMPONENTS if component_id in present
                     for criterion in framework.component(component_id).criteria]
    suggested = suggestions_for(country, framework, criterion_ids)
    scores = []
    for criterion_id in criterion_ids:
        criterion = framework.criterion(criterion_id)
        labels = {level.key: level.label for level in criterion.scoring_method.levels}
        scores += [SuggestedScore(criterion, s, labels.get(s.level or "", "")) for s in suggested.get(criterion_id, [])]
    counts: dict[str, Counter[str]] = {}
    for row in matrix.rows:
        if row.overall is not None:
            counts.setdefault(row.provision.instrument.short_title, Counter())[row.overall] += 1
    return {
        "country": country,
        "generated": timezone.now(),
        "version": __version__,
        "ratification_gaps": _gaps(profile.ratifications),
        "ratifications": profile.ratifications,
        "matrix": matrix,
        "matrix_counts": [(title, [counts[title][status] for status in reversed(services.STATUS_ORDER)])
                          for title in counts],
        "statuses": [ProvisionReview.Status(s).label for s in reversed(services.STATUS_ORDER)],
        "gaps": services.priority_gaps(matrix, framework)[:20],
        "discriminatory": services.discriminatory_inventory(country),
        "profile": profile,
        "stock_svg": to_svg(profile.charts["stock"]) if "stock" in profile.charts else "",
        "suggested": scores,
        "sources": profiles.sources(),
        "framework": framework,
    }


def baseline_html(country: Country, user: User | None = None) -> str:
    """The baseline report as one HTML file, charts inline."""
    return render_to_string("laws/baseline.html", baseline_context(country, user))


def baseline_pdf(country: Country, user: User | None = None) -> bytes:
    """The baseline report as PDF."""
    return html_to_pdf(baseline_html(country, user))
