"""Yes / no, as Women, Business and the Law scores its questions."""

from grmg.core.i18n import _
from grmg.core.methods import Level, ScoringMethod, register

BINARY = register(
    ScoringMethod(
        key="binary",
        label=_("Yes / no"),
        anchor="World Bank Women, Business and the Law",
        levels=(Level("no", _("No"), 0), Level("yes", _("Yes"), 1)),
    )
)
