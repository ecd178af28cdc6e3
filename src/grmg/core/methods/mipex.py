"""Three ordered answers worth 0, 50 and 100, as MIPEX scores its indicators."""

from grmg.core.i18n import _
from grmg.core.methods import Level, ScoringMethod, register

ORDINAL_0_50_100 = register(
    ScoringMethod(
        key="ordinal_0_50_100",
        label=_("0 / 50 / 100"),
        anchor="MIPEX",
        levels=(
            Level("0", _("0: furthest from the standard"), 0),
            Level("50", _("50: halfway"), 50),
            Level("100", _("100: meets the standard"), 100),
        ),
    )
)
