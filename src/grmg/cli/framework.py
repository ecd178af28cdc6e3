"""`grmg framework`: validate, show and load framework files."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from django.utils.translation import gettext as _
from rich.tree import Tree

from grmg.cli.common import UserError, console, ensure_database, user_errors

app = typer.Typer(help="Validate, show and load framework files.", no_args_is_help=True)


class Format(StrEnum):
    """Output formats of `framework show`."""

    text = "text"
    json = "json"


@app.command()
def validate(file: Path = typer.Argument(..., help="A framework or variant YAML file.")) -> None:
    """Check a framework or variant file; every problem is named with its path inside the file."""
    from grmg.frameworks.services import validate_file

    with user_errors():
        ensure_database()
        framework = validate_file(file)
    criteria = sum(1 for _c in framework.criteria())
    components = sum(1 for _c in framework.components())
    console.print(_("%(file)s: valid: %(key)s, %(pillars)d pillars, %(components)d components, %(criteria)d criteria")
                  % {"file": file, "key": framework.key, "pillars": len(framework.pillars), "components": components,
                     "criteria": criteria}, highlight=False)


@app.command()
def show(
    version: str = typer.Option("", help="A loaded version as id@version; default the shipped framework."),
    format: Format = typer.Option(Format.text, "--format", help="text (a tree) or json (the full data)."),
) -> None:
    """Show a framework: pillars, components and criteria."""
    from grmg.core.framework import Framework
    from grmg.frameworks.services import SHIPPED_FRAMEWORK, resolve_base, validate_file

    with user_errors():
        ensure_database()
        found: Framework | None = resolve_base(version) if version else validate_file(SHIPPED_FRAMEWORK)
        if found is None:
            raise UserError(_("the framework %s is not loaded") % version)
    if format == Format.json:
        typer.echo(json.dumps(found.to_data(), indent=2, ensure_ascii=False))
        return
    tree = Tree(f"[bold]{found.title}[/bold] ({found.key})")
    for pillar in found.pillars:
        branch = tree.add(f"[bold]{pillar.title}[/bold] [dim]{pillar.id}[/dim]")
        for component in pillar.components:
            leaf = branch.add(f"{component.title} [dim]{component.id}[/dim]")
            for criterion in component.criteria:
                leaf.add(f"[dim]{criterion.id} ({criterion.method})[/dim] {criterion.question}")
    console.print(tree)


@app.command()
def load(file: Path = typer.Argument(..., help="A framework or variant YAML file.")) -> None:
    """Load a framework version or an agency's variant into the database, for new rounds to use."""
    from grmg.frameworks.services import load_file

    with user_errors():
        ensure_database()
        version, created = load_file(file)
    state = _("loaded") if created else _("already loaded with the same content")
    console.print(f"{version.key}: {state}", highlight=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of framework files, for editors that validate YAML as you type."""
    from grmg.core.framework import Framework

    typer.echo(json.dumps(Framework.model_json_schema(by_alias=True), indent=2))
