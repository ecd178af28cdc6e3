"""The `grmg` command line: thin commands over the same services the web uses."""

from __future__ import annotations

import os
import sys

import typer

from grmg.cli import agreements, assess, framework, indicators, laws, standards
from grmg.cli.common import setup_django, user_errors
from grmg.cli.profile import profile
from grmg.cli.server import demo, generate, manage, serve, show_settings

app = typer.Typer(
    name="grmg",
    help="Gender-responsive migration governance: assess, implement and monitor labour migration policy.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(framework.app, name="framework")
app.add_typer(assess.app, name="assess")
app.add_typer(standards.app, name="standards")
app.add_typer(laws.app, name="laws")
app.add_typer(agreements.app, name="agreements")
app.add_typer(indicators.app, name="indicators")
app.command()(profile)
app.command()(demo)
app.command()(serve)
app.command()(generate)
app.command(name="settings")(show_settings)
app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(manage)


def main() -> None:
    """Entry point of the `grmg` console script."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grmg.settings")
    with user_errors():
        setup_django()
    sys.exit(app())
