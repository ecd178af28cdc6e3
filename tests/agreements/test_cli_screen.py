"""`grmg agreements screen` and `compare`: the JSON contract, per-file errors, options that cannot be used."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import yaml
from docx import Document
from typer.testing import CliRunner

from grmg.cli import app
from grmg.core.screening import STATUSES
from grmg.core.screening import semantic as semantic_module
from grmg.core.screening.checklist import shipped_checklist
from grmg.documents import read_document

runner = CliRunner()
DEVELOPMENT_TEXTS = sorted((Path(__file__).resolve().parents[2] / "benchmarks/screening/texts").glob("*.txt"))
IDS = [item.id for item in shipped_checklist()]
MOU = """Memorandum of Understanding on the employment of domestic workers (invented for this test)

Article 1
The employer shall not retain the passport or the identity documents of the worker.

Article 2
Wages shall be paid monthly into a bank account in the name of the worker.

Article 3
A Joint Working Group shall meet once a year to monitor the implementation of this Memorandum.
"""


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def contract_holds(entry: dict[str, object], text: str) -> None:
    """Every checklist id once, in order, with a valid status, evidence that is the text's own and a confidence."""
    provisions = entry["provisions"]
    assert isinstance(provisions, list)
    assert [p["id"] for p in provisions] == IDS
    for provision in provisions:
        assert set(provision) == {"id", "status", "evidence", "confidence"}
        assert provision["status"] in STATUSES
        assert 0 <= provision["confidence"] <= 1
        for span in provision["evidence"]:
            assert set(span) == {"text", "start", "end"}
            assert text[span["start"]:span["end"]] == span["text"]


def test_it_keeps_the_json_contract_for_every_development_text():
    assert len(DEVELOPMENT_TEXTS) == 18
    result = run("agreements", "screen", *map(str, DEVELOPMENT_TEXTS), "--format", "json")
    assert result.exit_code == 0, result.stderr
    entries = json.loads(result.stdout)
    assert [entry["file"] for entry in entries] == [str(path) for path in DEVELOPMENT_TEXTS]
    for entry, path in zip(entries, DEVELOPMENT_TEXTS, strict=True):
        contract_holds(entry, read_document(path.read_bytes(), path.name).text)


def test_it_screens_the_good_files_and_names_each_bad_one_on_stderr(tmp_path):
    good = tmp_path / "mou.txt"
    good.write_text(MOU)
    document = Document()
    for paragraph in MOU.split("\n\n"):
        document.add_paragraph(paragraph)
    word = tmp_path / "mou.docx"
    document.save(str(word))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a zip archive")
    spreadsheet = tmp_path / "notes.ods"
    spreadsheet.write_bytes(b"whatever")
    missing = tmp_path / "missing.txt"
    result = run("agreements", "screen", str(good), str(empty), str(broken), str(word), str(spreadsheet),
                 str(missing), "--format", "json")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(": ")[1] for line in lines] == [str(empty), str(broken), str(spreadsheet), str(missing)]
    assert all(line.startswith("error: ") and "Traceback" not in line for line in lines)
    entries = json.loads(result.stdout)
    assert [entry["file"] for entry in entries] == [str(good), str(word)]
    statuses = {p["id"]: p["status"] for p in entries[0]["provisions"] if p["status"] != "absent"}
    assert statuses == {"document_retention_ban": "present", "wage_protection": "present",
                        "joint_committee": "present", "domestic_workers": "partial"}
    contract_holds(entries[0], MOU)
    contract_holds(entries[1], read_document(word.read_bytes(), word.name).text)


def test_it_prints_a_table_per_file(tmp_path):
    good = tmp_path / "mou.txt"
    good.write_text(MOU)
    result = run("agreements", "screen", str(good))
    assert result.exit_code == 0
    assert f"{good} (language: en)" in result.stdout
    assert "Worker keeps documents" in result.stdout and "present" in result.stdout


def test_it_prints_the_matrix_of_provisions_and_files_as_csv(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text(MOU)
    second = tmp_path / "second.txt"
    second.write_text("The employer may keep the passport of the worker for safekeeping.")
    result = run("agreements", "compare", str(first), str(second), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["provision", str(first), str(second)]
    assert [row[0] for row in rows[1:]] == IDS
    matrix = {row[0]: row[1:] for row in rows[1:]}
    assert matrix["document_retention_ban"] == ["P", "C"]
    assert matrix["joint_committee"] == ["P", "-"]


def test_it_says_in_one_line_that_semantic_matching_needs_the_extra(tmp_path, monkeypatch):
    monkeypatch.setattr(semantic_module, "REQUIRED_MODULES", ("no_such_module_for_grmg_tests",))
    good = tmp_path / "mou.txt"
    good.write_text(MOU)
    result = run("agreements", "screen", str(good), "--semantic", "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "error: --semantic: semantic matching needs the extra: pip install 'grmg[semantic]'"]


def test_it_refuses_a_rule_file_with_a_bad_pattern_and_a_bad_language_code(tmp_path):
    rules = tmp_path / "agency.yaml"
    rules.write_text(yaml.safe_dump({"schema": "grmg-screening-rules/1", "language": "en", "name": "Agency",
                                     "extends": "en", "provisions": {"wage_protection": {"present": ["(pay"]}}}))
    good = tmp_path / "mou.txt"
    good.write_text(MOU)
    result = run("agreements", "screen", str(good), "--rules", str(rules))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {rules}: provisions.wage_protection.present[0]: not a valid regular expression: missing ), "
        "unterminated subpattern"]
    wrong = run("agreements", "screen", str(good), "--language", "English")
    assert wrong.exit_code == 1
    assert wrong.stderr.strip() == "error: --language: 'English' is not a language code such as en, de or id"


def test_it_uses_an_agency_rule_file_and_a_forced_language(tmp_path):
    rules = tmp_path / "agency.yaml"
    rules.write_text(yaml.safe_dump({"schema": "grmg-screening-rules/1", "language": "en", "name": "Agency",
                                     "extends": "en", "provisions": {"orientation": {"present": ["welcome packs?"]}}}))
    text = tmp_path / "mou.txt"
    text.write_text("Each worker shall receive a welcome pack on arrival.")
    found = json.loads(run("agreements", "screen", str(text), "--rules", str(rules), "--format", "json").stdout)
    assert {p["id"]: p["status"] for p in found[0]["provisions"]}["orientation"] == "present"
    forced = json.loads(run("agreements", "screen", str(text), "--language", "sw", "--format", "json").stdout)
    assert {(p["status"], p["confidence"]) for p in forced[0]["provisions"]} == {("absent", 0.0)}


def test_it_compares_either_files_or_a_countrys_registry(tmp_path):
    text = tmp_path / "mou.txt"
    text.write_text("Article 1\nThe employer shall not retain the worker's passport.\n")
    neither = run("agreements", "compare")
    assert neither.exit_code == 1 and "give the files to compare, or --country" in neither.stderr
    both = run("agreements", "compare", str(text), "--country", "PHL")
    assert both.exit_code == 1 and "give either files or --country, not both" in both.stderr
    book = run("agreements", "compare", str(text), "--format", "xlsx")
    assert book.exit_code == 1 and "xlsx is for a country's registry" in book.stderr
