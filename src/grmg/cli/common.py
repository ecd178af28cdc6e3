"""What every command shares: Django set-up, the database, and one-line errors instead of tracebacks."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from django.utils.translation import gettext as _
from rich.console import Console

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from grmg.core.problems import InputError
    from grmg.countries.models import Country

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a user's mistake into one line per problem on stderr and exit 1 (2 for a bad setting)."""
    from grmg.config import ConfigError
    from grmg.core.problems import InputError

    try:
        yield
    except InputError as exc:
        print_problems(exc)
        raise typer.Exit(1) from None
    except ConfigError as exc:
        errors.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except UserError as exc:
        errors.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


def print_problems(exc: InputError) -> None:
    """One line per problem on stderr, each naming the file and the place in it."""
    for line in exc.lines():
        errors.print(f"[red]error:[/red] {line}", highlight=False, soft_wrap=True)


class UserError(Exception):
    """A command-line mistake with a one-line explanation."""


def cannot_write(out: Path, exc: OSError) -> UserError:
    """The one-line error for a file that cannot be written."""
    return UserError(_("%(file)s: cannot write: %(why)s") % {"file": out, "why": exc.strerror})


def write_output(content: bytes, out: Path | None, binary: bool = False) -> None:
    """Write a command's output to a file, or to standard output if none is given and it is text."""
    if out is None:
        if binary:
            raise UserError(_("this format is binary: give --out FILE"))
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    try:
        out.write_bytes(content)
    except OSError as exc:
        raise cannot_write(out, exc) from None
    console.print(_("wrote %s") % out, highlight=False)


def setup_django() -> None:
    """Configure Django from the environment."""
    import django

    django.setup()


def ensure_database() -> None:
    """Bring the database schema up to date; a no-op when it already is."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def ensure_reference() -> None:
    """The database schema, the framework, the standards catalogue and the shipped ratifications."""
    from grmg.frameworks.services import ensure_shipped
    from grmg.indicators.services import ensure_registry
    from grmg.standards.services import ensure_reference_data

    ensure_database()
    ensure_shipped()
    ensure_reference_data()
    ensure_registry()


def country_of(text: str) -> Country:
    """The country a user named by code or name; UserError with close matches if there is none."""
    from grmg.countries.services import CountryNotFound, find_country

    try:
        return find_country(text)
    except CountryNotFound as exc:
        raise UserError(str(exc)) from None


def find_user(username: str) -> User | None:
    """The user a command acts as, so the change history names them; None for no name."""
    from django.contrib.auth.models import User

    if not username:
        return None
    found = User.objects.filter(username=username).first()
    if found is None:
        raise UserError(_("no user %r") % username)
    return found
