"""The `grmg` command line: the same services as the web, clear one-line errors, non-zero exits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from grmg.cli import app
from grmg.frameworks.services import SHIPPED_FRAMEWORK

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_it_validates_the_shipped_framework(db):
    result = run("framework", "validate", str(SHIPPED_FRAMEWORK))
    assert result.exit_code == 0
    assert "valid: grmg@1.0, 3 pillars, 17 components" in result.stdout


def test_it_names_every_problem_in_a_bad_framework_file(db, tmp_path):
    data = yaml.safe_load(SHIPPED_FRAMEWORK.read_text())
    data["pillars"][1]["components"][0]["criteria"][2]["method"] = "stars"
    del data["pillars"][2]["components"][3]["criteria"][0]["question"]
    bad = tmp_path / "agency.yaml"
    bad.write_text(yaml.safe_dump(data))
    result = run("framework", "validate", str(bad))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"error: {bad}: pillars[1].components[0].criteria[2].method: unknown scoring")
    assert lines[1] == f"error: {bad}: pillars[2].components[3].criteria[0].question: required field is missing"


def test_it_shows_the_framework_as_json(db):
    result = run("framework", "show", "--format", "json")
    data = json.loads(result.stdout)
    assert sum(len(p["components"]) for p in data["pillars"]) == 17


def test_it_loads_a_variant_and_pins_new_rounds_to_it(db, tmp_path):
    run("framework", "load", str(SHIPPED_FRAMEWORK))
    variant = tmp_path / "fr.yaml"
    variant.write_text(yaml.safe_dump({
        "schema": "grmg-framework-variant/1", "id": "grmg_fr", "version": "1.0", "extends": "grmg@1.0",
        "title": "Cadre de gouvernance", "language": "fr",
        "text": {"pb_cedaw_ratified": {"question": "Le pays est-il partie à la CEDEF ?"}},
        "weights": {"policy_baseline": 2},
    }, allow_unicode=True))
    result = run("framework", "load", str(variant))
    assert result.exit_code == 0 and "grmg_fr@1.0: loaded" in result.stdout
    again = run("framework", "load", str(variant))
    assert "already loaded with the same content" in again.stdout
    shown = json.loads(run("framework", "show", "--version", "grmg_fr@1.0", "--format", "json").stdout)
    assert shown["pillars"][0]["components"][0]["criteria"][0]["question"] == "Le pays est-il partie à la CEDEF ?"


def test_it_writes_a_workbook_template_and_suggests_country_names(db, tmp_path):
    out = tmp_path / "kenya.xlsx"
    result = run("assess", "template", "KEN", "--out", str(out), "--year", "2025", "--organisation", "Ministry")
    assert result.exit_code == 0
    assert load_workbook(out).sheetnames == ["About", "establish", "implement", "enable"]
    wrong = run("assess", "template", "Kenia", "--out", str(out))
    assert wrong.exit_code == 1
    assert "unknown country 'Kenia'; did you mean Kenya (KEN)" in wrong.stderr


def test_it_imports_good_files_and_reports_bad_ones_in_one_call(db, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("country: KEN\nyear: 2025\nperspective: government\norganisation: Ministry\n"
                    "organisation_kind: government_ministry\nscores:\n  pb_cedaw_ratified: {level: 'yes'}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("country: KEN\nyear: 2024\nperspective: government\norganisation: Ministry\n"
                   "scores:\n  pb_cedaw_ratified: {level: 'perhaps'}\n")
    result = run("assess", "import", str(good), str(bad))
    assert result.exit_code == 1
    assert f"{good}: imported into Kenya 2025 · Government self-assessment, round created: 1 criteria" in result.stdout
    assert f"error: {bad}: scores.pb_cedaw_ratified.level: 'perhaps' is not a level" in result.stderr


def test_it_reports_a_round_as_json_and_html(db, tmp_path):
    from grmg.demo import create_demo

    create_demo()
    result = run("assess", "report", "XDM/2025", "--format", "json")
    report = json.loads(result.stdout)
    assert report["round"] == "XDM/2025" and report["country"]["demo"] is True
    assert [p["perspective"] for p in report["perspectives"]] == ["civil_society", "government"]
    assert report["perspectives"][1]["change"]["since"] == "XDM/2023"
    assert report["divergence"]["criteria"]
    out = tmp_path / "report.html"
    assert run("assess", "report", "XDM/2025", "--format", "html", "--out", str(out)).exit_code == 0
    html = out.read_text()
    assert "Demo data." in html and html.count("<svg") >= 3
    missing = run("assess", "report", "XDM/1999")
    assert missing.exit_code == 1 and "no assessment round XDM/1999" in missing.stderr


def isolated_environment(tmp_path: Path) -> dict[str, str]:
    """An environment for a real `grmg` process with its own SQLite database, whatever the suite uses."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return {**env, "GRMG_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "grmg.settings"}


@pytest.mark.parametrize(("args", "message"), [
    (["framework", "validate", "/no/such/file.yaml"], "cannot read the file"),
    (["assess", "report", "Atlantis/2025"], "unknown country 'Atlantis'"),
])
def test_it_exits_non_zero_with_one_line_and_no_traceback(tmp_path, args, message):
    env = isolated_environment(tmp_path)
    grmg = Path(sys.executable).parent / "grmg"
    result = subprocess.run([str(grmg), *args], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_it_refuses_a_bad_setting_with_exit_code_2(tmp_path):
    env = {**isolated_environment(tmp_path), "GRMG_MAX_UPLOAD_MB": "lots"}
    result = subprocess.run([str(Path(sys.executable).parent / "grmg"), "settings"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 2 and "GRMG_MAX_UPLOAD_MB" in result.stderr and "Traceback" not in result.stderr


def test_it_submits_and_reviews_components_from_the_command_line(db, tmp_path):
    from django.contrib.auth.models import User

    from grmg.assessments import services
    from grmg.assessments.models import Assessment

    User.objects.create_user("amina")
    good = tmp_path / "good.yaml"
    good.write_text("country: KEN\nyear: 2025\nperspective: government\norganisation: Ministry\n"
                    "organisation_kind: government_ministry\nscores:\n  pb_cedaw_ratified: {level: 'yes'}\n")
    assert run("assess", "import", str(good), "--as", "amina").exit_code == 0
    result = run("assess", "status", "KEN/2025", "--perspective", "government", "--to", "submitted", "--as", "amina")
    assert result.exit_code == 0 and "17 components now submitted" in result.stdout
    assessment = Assessment.objects.get()
    assert services.component_status(assessment, "awareness") == "submitted"
    assert assessment.scores.get().history.first().history_user.username == "amina"
    wrong = run("assess", "status", "KEN/2025", "--perspective", "government", "--to", "validated",
                "--component", "awareness")
    assert wrong.exit_code == 1 and "awareness cannot go from Submitted to Validated" in wrong.stderr
    assert services.component_status(assessment, "awareness") == "submitted"


def test_it_shows_and_imports_ratifications(db, tmp_path):
    shown = json.loads(run("standards", "show", "Nepal", "--format", "json").stdout)
    cedaw = next(row for row in shown if row["instrument"] == "CEDAW")
    assert (cedaw["status"], cedaw["year"], cedaw["as_of"]) == ("party", 1991, "2022-08-25")
    bad = tmp_path / "ilo.csv"
    bad.write_text("iso3,instrument,status,year,source\nNPL,ILO-C189,party,2026,NORMLEX\n")
    result = run("standards", "import", str(bad))
    assert result.exit_code == 1 and f"error: {bad}: column as_of:" in result.stderr
    good = tmp_path / "ilo-2026.csv"
    good.write_text("iso3,instrument,status,year,source,as_of\nNPL,ILO-C189,party,2026,NORMLEX,2026-06-30\n")
    assert "imported 1 records" in run("standards", "import", str(good)).stdout
    assert "already imported" in run("standards", "import", str(good)).stdout
    recorded = run("standards", "record", "NPL", "ILO-C190", "--status", "party", "--year", "2025",
                   "--source", "NORMLEX, consulted 2026-11-01", "--as-of", "2026-11-01")
    assert recorded.exit_code == 0 and "recorded: Nepal · C190: Party (2026-11-01)" in recorded.stdout


def test_it_writes_a_profile_from_the_shipped_data(db, tmp_path):
    data = json.loads(run("profile", "NPL", "--format", "json").stdout)
    assert data["country"]["name"] == "Nepal" and data["emigrants"][0]["year"] == 1990
    out = tmp_path / "nepal.html"
    assert run("profile", "Nepal", "--format", "html", "--out", str(out)).exit_code == 0
    assert "<svg" in out.read_text() and "International Migrant Stock 2020" in out.read_text()
    wrong = run("profile", "Nepl")
    assert wrong.exit_code == 1 and "did you mean Nepal (NPL)" in wrong.stderr


def test_it_imports_a_review_and_writes_the_baseline_report(db, tmp_path):
    review = tmp_path / "review.yaml"
    review.write_text(
        "country: KEN\nlaws:\n  - {key: act, title: Employment Act, kind: law, year: 2007, status: in_force}\n"
        "reviews:\n  - {instrument: CEDAW, ref: 'Art. 11', law: act, status: not_compliant, evidence: pay gap}\n"
        "discriminatory:\n  - {kind: deployment_ban, law: act, group_affected: women, description: ban, "
        "status: in_force}\n")
    result = run("laws", "import", str(review))
    assert result.exit_code == 0 and "1 laws added, 1 reviews and 1 discriminatory provisions saved" in result.stdout
    assert "CEDAW,Art. 11,not_compliant,,not_compliant" in run("laws", "matrix", "KEN", "--format", "csv").stdout
    assert "1. [Not compliant] CEDAW Art. 11" in run("laws", "gaps", "KEN").stdout
    out = tmp_path / "baseline.pdf"
    assert run("laws", "baseline", "KEN", "--format", "pdf", "--out", str(out)).exit_code == 0
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "Rights-based policy baseline: Kenya" in text and "Ratification gaps" in text
    assert "Suggested level: No" in text  # the deployment ban in force decides rp_no_bans


MICRODATA = "year,sex,destination,weight,cost,income\n" + "\n".join(
    f"2024,{'female' if n % 2 else 'male'},{'SAU' if n % 3 else 'QAT'},{1 + n % 3},{100 + n},{400 + 10 * n}"
    for n in range(30)) + "\n2024,female,ARE,1,50,500\n"


def test_it_computes_indicators_to_the_contract(tmp_path):
    data = tmp_path / "records.csv"
    data.write_text(MICRODATA)
    spec = tmp_path / "spec.yaml"
    spec.write_text("indicators:\n  - code: REC_COST_SHARE\n    numerator: \"cost / income\"\n    denominator: \"1\"\n"
                    "    weight: weight\n    by: [[sex], [sex, destination]]\n    min_units: 5\n")
    out = tmp_path / "out.csv"
    result = run("indicators", "compute", "--data", str(data), "--spec", str(spec), "--out", str(out))
    assert result.exit_code == 0 and "suppressed" in result.stdout
    lines = out.read_text().splitlines()
    assert lines[0] == "indicator,sex,destination,value,units,status"
    total = next(line for line in lines if line.startswith("REC_COST_SHARE,,,"))
    assert total.endswith(",31,published")
    arab_emirates = next(line for line in lines if ",female,ARE," in line)
    assert arab_emirates == "REC_COST_SHARE,female,ARE,,,suppressed"
    bad = tmp_path / "bad.yaml"
    bad.write_text(spec.read_text().replace("cost / income", "cost / (SELECT 1)"))
    refused = run("indicators", "compute", "--data", str(data), "--spec", str(bad), "--out", str(out))
    assert refused.exit_code == 1 and f"{bad}: indicators[0] (REC_COST_SHARE).numerator" in refused.stderr


def test_it_imports_and_exports_indicator_data(db, tmp_path):
    tidy = tmp_path / "kenya.csv"
    tidy.write_text("Year,Sex,Value\n2024,female,250\n2024,male,350\n2024,,600\n")
    result = run("indicators", "import", str(tidy), "--country", "KEN", "--indicator", "MW_DEPLOYED")
    assert result.exit_code == 0 and "3 values added or changed" in result.stdout
    exported = run("indicators", "export", "Kenya", "--hxl").stdout
    assert exported.splitlines()[1].startswith("#date+year,#indicator+code,#country+code,#sex")
    binary = run("indicators", "export", "Kenya", "--format", "xlsx")
    assert binary.exit_code == 1 and "this format is binary: give --out FILE" in binary.stderr
    book = tmp_path / "kenya.xlsx"
    assert run("indicators", "export", "Kenya", "--format", "xlsx", "--out", str(book)).exit_code == 0
    assert book.read_bytes()[:2] == b"PK"
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Year,Sex,Value\n2024,female,250\n2024,male,350\n2024,,700\n")
    refused = run("indicators", "import", str(wrong), "--country", "KEN", "--indicator", "MW_DEPLOYED")
    assert refused.exit_code == 1 and "row 4: the total 700 disagrees with its parts by sex" in refused.stderr
