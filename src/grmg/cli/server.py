"""`grmg demo`, `serve`, `generate`, `settings` and `manage`: running grmg and looking after it."""

from __future__ import annotations

import os
import shutil
import sys

import typer
from django.utils.translation import gettext as _
from rich.progress import Progress

from grmg.cli.common import console, ensure_reference, user_errors


def _prepare() -> None:
    with console.status(_("Preparing the database, the framework and the reference data…")):
        ensure_reference()


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(3, help="Worker processes (gunicorn)."),
) -> None:
    """Run the web application (gunicorn where available), after bringing the database up to date."""
    with user_errors():
        _prepare()
    run_server(host, port, workers)


def run_server(host: str, port: int, workers: int) -> None:
    """Replace this process with the web server."""
    console.print(_("grmg is serving on %(url)s  (stop with Ctrl+C)") % {"url": f"http://{host}:{port}/"},
                  highlight=False)
    sys.stdout.flush()
    if shutil.which("gunicorn") or _has_module("gunicorn"):
        args = [sys.executable, "-m", "gunicorn", "grmg.wsgi:application", "--bind", f"{host}:{port}",
                "--workers", str(workers), "--access-logfile", "-", "--log-level", "warning"]
    else:  # gunicorn does not run on Windows: Django's own server will do for one person
        args = [sys.executable, "-m", "django", "runserver", f"{host}:{port}", "--noreload",
                "--settings=grmg.settings"]
    os.execv(sys.executable, args)


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def demo(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    serve_after: bool = typer.Option(True, "--serve/--no-serve", help="Start the web server afterwards."),
) -> None:
    """Set up the demo (the framework and Demoria, a fictional country) and serve it."""
    from grmg.demo import DEMO_NAME, create_demo

    with user_errors():
        _prepare()
        with console.status("Creating the demo country…"):
            login = create_demo()
    console.print(f"\n[bold]grmg demo[/bold]: http://{host}:{port}/", highlight=False)
    console.print("[yellow]" + _("Demo data:") + "[/yellow] " + _(
        "%s is a fictional country; every figure about it is invented.") % DEMO_NAME, highlight=False)
    console.print(_("Log in as one of these users, all with the password %s") % f"[bold]{login.password}[/bold]",
                  highlight=False)
    for user in login.users:
        console.print(f"  [bold]{user.username:<9}[/bold] {_(user.description)}", highlight=False)
    console.print(f"  [bold]{login.admin:<9}[/bold] " + _("administrator: every country and the Django admin"),
                  highlight=False)
    console.print(_("The password changes each time you run grmg demo.") + "\n", highlight=False)
    if serve_after:
        run_server(host, port, workers=3)


def generate(
    countries: int = typer.Option(50, min=1, max=600, help="How many fictional countries."),
    rounds: int = typer.Option(3, min=1, max=10, help="Rounds per country."),
    perspectives: int = typer.Option(3, min=1, max=3, help="Perspectives per round."),
) -> None:
    """Generate fictional, fully scored countries for load tests (labelled demo)."""
    from grmg.demo import generate as generate_data

    with user_errors():
        _prepare()
    with Progress(console=console) as progress:
        task = progress.add_task("generating countries", total=countries)
        written = generate_data(countries, rounds, perspectives, lambda n: progress.advance(task, n))
    console.print(_("wrote %d criterion scores") % written, highlight=False)


def show_settings(markdown: bool = typer.Option(False, help="Print the table of settings as Markdown.")) -> None:
    """Show the settings read from the environment, or document them."""
    from grmg.config import SETTINGS, read_settings, settings_table

    if markdown:
        typer.echo(settings_table())
        return
    with user_errors():
        values = read_settings()
    for setting in SETTINGS:
        shown = "(set)" if setting.name == "GRMG_SECRET_KEY" and values[setting.name] else values[setting.name]
        console.print(f"{setting.name} = {shown!r}", highlight=False)


def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `grmg manage createsuperuser`."""
    from django.core.management import execute_from_command_line

    execute_from_command_line(["grmg manage", *ctx.args])
