"""Absent / partially present / fully present, as IOM's Migration Governance Indicators score policies."""

from grmg.core.i18n import _
from grmg.core.methods import Level, ScoringMethod, register

ABSENT_PARTIAL_FULL = register(
    ScoringMethod(
        key="absent_partial_full",
        label=_("Absent / partial / full"),
        anchor="IOM Migration Governance Indicators",
        levels=(
            Level("absent", _("Absent"), 0),
            Level("partial", _("Partial"), 1),
            Level("full", _("Full"), 2),
        ),
    )
)
