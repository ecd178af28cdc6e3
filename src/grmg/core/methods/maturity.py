"""Five maturity levels, 0 (nothing in place) to 4 (institutionalised and reviewed)."""

from grmg.core.i18n import _
from grmg.core.methods import Level, ScoringMethod, register

MATURITY_0_4 = register(
    ScoringMethod(
        key="maturity_0_4",
        label=_("Maturity 0–4"),
        anchor="Maturity model",
        levels=(
            Level("0", _("0: none"), 0),
            Level("1", _("1: initial"), 1),
            Level("2", _("2: developing"), 2),
            Level("3", _("3: established"), 3),
            Level("4", _("4: institutionalised"), 4),
        ),
    )
)
