"""The core never imports Django: scoring runs anywhere, and the web is only one shell around it."""

import ast
import subprocess
import sys
from pathlib import Path

import grmg.core

CORE = Path(grmg.core.__file__).parent


def test_it_has_no_django_import_in_any_core_module():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}: {name}" for name in names if name.split(".")[0] in {"django", "grmg"}
                          and not name.startswith("grmg.core")]
    assert offenders == []


def test_it_imports_and_scores_without_django_loaded():
    code = (
        "import sys, pathlib; from grmg.core import framework, scoring, compare; "
        "f = framework.load_framework_file(pathlib.Path(sys.argv[1])); "
        "scoring.score(f, {}); print('django' in sys.modules)"
    )
    shipped = CORE.parent / "frameworks" / "data" / "grmg-1.0.yaml"
    result = subprocess.run([sys.executable, "-c", code, str(shipped)], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
